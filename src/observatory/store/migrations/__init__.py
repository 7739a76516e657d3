"""Alembic migrations of the store (run by ``observatory.store.db.migrate`` when a store opens)."""
