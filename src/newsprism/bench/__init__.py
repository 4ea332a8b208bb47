"""newsprism.bench."""
