"""Alembic environment for the newsprism store.

The store runs this programmatically (no ``alembic.ini``): it passes its own open
connection in ``config.attributes["connection"]``. Run by hand, alembic uses the
``sqlalchemy.url`` main option instead, e.g.::

    alembic -x url=sqlite:///newsprism.db ...   # or set sqlalchemy.url on the Config
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import create_engine, pool

from newsprism.store.schema import FTS_TABLE, metadata

config = context.config
target_metadata = metadata


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Leave the SQLite FTS5 table and its shadow tables out of autogenerate."""
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLE))


def _configure(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=include_name,
        render_as_batch=connection.dialect.name == "sqlite",
        transaction_per_migration=False,
    )


def run_offline() -> None:
    url = config.get_main_option("sqlalchemy.url") or context.get_x_argument(
        as_dictionary=True
    ).get("url")
    context.configure(
        url=url, target_metadata=target_metadata, literal_binds=True, include_name=include_name
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url") or context.get_x_argument(
        as_dictionary=True
    ).get("url")
    if not url:
        raise SystemExit("set sqlalchemy.url (or pass -x url=...) to run newsprism migrations")
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
