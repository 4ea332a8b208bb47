"""newsprism.render."""
