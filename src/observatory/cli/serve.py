"""``observatory serve``: the web API and dashboard (FastAPI + uvicorn)."""
from __future__ import annotations

import os

import typer

from . import app
from .common import DbOption, QuietOption, db_url, err


@app.command()
def serve(
    db: str = DbOption,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="TCP port."),
    max_body: int = typer.Option(5 * 1024 * 1024, "--max-body", min=1024, help="Request body limit in bytes (413 beyond)."),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes."),
    quiet: bool = QuietOption,
) -> None:
    """Serve the API (/api, docs at /api/docs) and the dashboard (/).

    Read-only unless OBSERVATORY_TOKEN is set: POST /api/reports then needs
    'Authorization: Bearer <token>'.
    """
    import uvicorn

    from observatory.web.app import create_app

    url = db_url(db)
    token = os.environ.get("OBSERVATORY_TOKEN") or None
    if not quiet:
        err.print(f"serving {url} on http://{host}:{port}/ ({'writes need the bearer token' if token else 'read-only'})")
    if workers > 1:
        os.environ["OBSERVATORY_DB"] = url
        os.environ["OBSERVATORY_MAX_BODY"] = str(max_body)
        uvicorn.run("observatory.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_level="warning" if quiet else "info", server_header=False)
    else:
        uvicorn.run(create_app(url, token, max_body=max_body), host=host, port=port,
                    log_level="warning" if quiet else "info", server_header=False)
