"""Options and helpers shared by the command modules."""
from __future__ import annotations

import os
import sys
from enum import Enum

import typer
from rich.console import Console

DEFAULT_DB = "sqlite:///observatory.db"

err = Console(stderr=True, highlight=False, emoji=False)

class ShowFormat(str, Enum):
    """How a command prints one record."""

    text = "text"
    json = "json"


DbOption = typer.Option(None, "--db", help="Store as a SQLAlchemy URL (default: $OBSERVATORY_DB or sqlite:///observatory.db).")
QuietOption = typer.Option(False, "--quiet", "-q", help="No progress bars or chatter.")


def db_url(db: str | None) -> str:
    """The store URL: --db, else $OBSERVATORY_DB, else observatory.db in the working folder.

    A bare path (no ``://``) is taken as a SQLite file.
    """
    url = db or os.environ.get("OBSERVATORY_DB") or DEFAULT_DB
    if "://" not in url:
        url = "sqlite:///" + url
    return url


def show_progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()
