"""Alembic environment, configured in code by ``observatory.store.db`` (no alembic.ini).

The store passes an open connection in ``config.attributes["connection"]``; with only
``sqlalchemy.url`` set (e.g. from the alembic command line with ``-x``), a connection is made.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from observatory.store.schema import metadata

config = context.config


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    conn = config.attributes.get("connection")
    if conn is not None:
        _run(conn)
    else:
        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as conn:
            _run(conn)
        engine.dispose()
