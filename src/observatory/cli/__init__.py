"""The command line: thin wrappers that parse arguments and call the stages.

Each command group lives in its own module here and registers itself on ``app``.
"""
from __future__ import annotations

import typer

app = typer.Typer(
    name="observatory",
    help="Turn reports of political violence into a sourced, auditable record of incidents and casualties.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Command modules register themselves on import (order = order in --help).
from . import ingest as _ingest  # noqa: E402,F401
from . import extract as _extract  # noqa: E402,F401
from . import geo as _geo  # noqa: E402,F401
from . import incidents as _incidents  # noqa: E402,F401
from . import serve as _serve  # noqa: E402,F401


def main() -> None:
    app()


@app.command()
def version() -> None:
    """Print the version."""
    from observatory import __version__

    typer.echo(__version__)
