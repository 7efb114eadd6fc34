"""The vote path: the identified half (who am I, credentials: ``credentials``) and the
anonymous half (storing a ballot: ``casting``), their SQL and the poll keys."""
