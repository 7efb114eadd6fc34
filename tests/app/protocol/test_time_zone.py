"""Times in pages and protocols are shown in the hall's time zone, not the server's UTC."""

from __future__ import annotations

from app.services.protocol.words import display_timezone, format_moment


def test_default_display_time_zone_is_berlin_and_times_are_converted(app):
    with app.test_request_context("/"):
        assert str(display_timezone()) == "Europe/Berlin"
        # 09:15 UTC in November (CET, UTC+1) and in July (CEST, UTC+2)
        assert format_moment("2026-11-25T09:15:00+00:00", "de") == "25.11.2026 10:15"
        assert format_moment("2026-07-01T09:15:00", "de") == "01.07.2026 11:15"
