"""newsprism.store."""
