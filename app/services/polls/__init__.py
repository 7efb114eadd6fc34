"""Polls of any kind: drafts, opening and closing, paper totals, results, the hall display
and the public board."""
