"""newsprism.compare."""
