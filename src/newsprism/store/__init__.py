"""newsprism.store: articles, analyses, stories and dossiers in one SQL database.

``Store(url)`` opens (creating and migrating as needed) any SQLAlchemy database; SQLite by
default, with FTS5 full-text search. See :mod:`newsprism.store.store`.
"""

from .store import Store

__all__ = ["Store"]
