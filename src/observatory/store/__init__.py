"""Store: schema and queries (SQLAlchemy Core), SQLite by default, PostgreSQL for teams."""
from .db import DEFAULT_URL, IngestStats, Store, make_engine, migrate, normalise_url

__all__ = ["DEFAULT_URL", "IngestStats", "Store", "make_engine", "migrate", "normalise_url"]
