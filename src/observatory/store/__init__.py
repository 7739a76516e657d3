"""Store: schema and queries (SQLAlchemy Core), SQLite by default, PostgreSQL for teams."""
