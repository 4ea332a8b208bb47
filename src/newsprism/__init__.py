"""newsprism: one news story through every outlet that covers it."""

__version__ = "0.1.0"

__all__ = ["__version__"]
