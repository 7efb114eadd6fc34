"""Wahlgang core: counting, rules, blind signatures and the audit format — no Flask."""
