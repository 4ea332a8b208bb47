"""newsprism.web."""
