"""newsprism.cli."""
