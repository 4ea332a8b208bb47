"""newsprism.ingest."""
