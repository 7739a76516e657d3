"""Web API and dashboard: ``create_app(db_url, token=None) -> FastAPI`` (see app.py, docs/web.md)."""
from __future__ import annotations


def create_app(db_url: str, token: str | None = None, **kw):
    from .app import create_app as _create

    return _create(db_url, token, **kw)


__all__ = ["create_app"]
