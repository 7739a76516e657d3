"""Baseline: the tables of observatory.store.schema.

Revision ID: 0001
Revises:
Create Date: 2026-11-28

The first version creates every table of ``schema.metadata`` that does not exist yet
(so it is always in step with schema.py).  Once a store has been released, later schema
changes go into new revisions (``op.add_column`` ...) and this baseline is frozen to an
explicit list of tables.
"""
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    from observatory.store.schema import metadata

    metadata.create_all(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    from observatory.store.schema import metadata

    metadata.drop_all(op.get_bind(), checkfirst=True)
