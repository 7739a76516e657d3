"""Throw-away PostgreSQL databases for tests and benchmarks.

``scratch_database()`` creates ``obs_test_<random>`` through an existing database (``test``
by default) on a server with trust authentication, yields its SQLAlchemy URL, and drops it
afterwards (``WITH (FORCE)``, closing leftover connections), so runs never collide.
"""
from __future__ import annotations

import contextlib
import socket
import uuid
from collections.abc import Iterator

HOST, PORT = "127.0.0.1", 5432
USERS = ("postgres", "root")


class NoServer(RuntimeError):
    """No PostgreSQL server usable at the address."""


def server_answers(host: str = HOST, port: int = PORT, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def admin_url(host: str = HOST, port: int = PORT, database: str = "test") -> str:
    """A URL of ``database`` for the first of the usual users the server accepts."""
    from sqlalchemy import create_engine, text

    if not server_answers(host, port):
        raise NoServer(f"no PostgreSQL server answers on {host}:{port}")
    last: Exception | None = None
    for user in USERS:
        url = f"postgresql+psycopg://{user}@{host}:{port}/{database}"
        eng = create_engine(url)
        try:
            with eng.connect() as c:
                c.execute(text("select 1"))
            return url
        except Exception as e:  # e.g. role does not exist
            last = e
        finally:
            eng.dispose()
    raise NoServer(f"PostgreSQL at {host}:{port} refuses connections to database {database!r}: {last}")


@contextlib.contextmanager
def scratch_database(host: str = HOST, port: int = PORT, prefix: str = "obs_test_") -> Iterator[str]:
    """Create a fresh database, yield its URL, drop it afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = admin_url(host, port)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"{prefix}{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(base).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
