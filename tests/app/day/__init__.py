"""Helpers of the whole-conference-day browser test (tests/app/test_conference_day_browser.py)."""
