"""The record: the audit chain and the signed protocol (JSON, CSV, PDF)."""
