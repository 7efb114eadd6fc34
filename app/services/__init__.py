"""Use cases. The only layer that touches the database; one transaction per use case."""
