"""The roster and the desk: delegates, the CSV import, check-in, cards and tokens."""
