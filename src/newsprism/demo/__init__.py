"""newsprism.demo."""
