"""The web application: JSON API + server-rendered dashboard over a store.

``create_app(db_url, token=None)`` builds a FastAPI app.  Everything it serves comes from
this package (templates, vendored JS/CSS/map data): no CDN, no tile server, no outside
request.  Read-only unless a token is configured (``token=`` or ``$OBSERVATORY_TOKEN``);
writes (``POST /api/reports``) then need ``Authorization: Bearer <token>``.
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import threading
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import create_engine, event
from starlette.exceptions import HTTPException as StarletteHTTPException

from observatory.store import schema
from observatory.store.queries import GroupFigures, QueryError, TallyCache

log = logging.getLogger("observatory.web")

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
MAX_BODY = 5 * 1024 * 1024

# The dashboard's policy: only this origin; data: images (Leaflet/Swagger icons).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class BodyTooLarge(StarletteHTTPException):
    def __init__(self, limit: int):
        super().__init__(413, f"request body larger than {limit} bytes")


class LimitsAndHeaders:
    """ASGI middleware: request body size limit (413) and security headers on every answer."""

    def __init__(self, app, max_body: int = MAX_BODY):
        self.app, self.max_body = app, max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        cl = headers.get(b"content-length")
        if cl is not None:
            try:
                n = int(cl)
            except ValueError:
                return await _plain_error(send, 400, "bad Content-Length")
            if n > self.max_body:
                return await _plain_error(send, 413, f"request body larger than {self.max_body} bytes")
        seen = 0

        async def limited_receive():
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body") or b"")
                if seen > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return msg

        async def send_with_headers(msg):
            if msg["type"] == "http.response.start":
                hs = list(msg.get("headers") or [])
                names = {k.lower() for k, _ in hs}
                if b"content-security-policy" not in names:
                    hs.append((b"content-security-policy", CSP.encode()))
                hs.extend(h for h in SECURITY_HEADERS if h[0] not in names)
                msg = {**msg, "headers": hs}
            await send(msg)

        await self.app(scope, limited_receive, send_with_headers)


async def _plain_error(send, status: int, detail: str):
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"content-security-policy", CSP.encode()), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


def _sqlite_pragmas(engine) -> None:
    if engine.url.get_backend_name() != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _rec):  # pragma: no cover - trivial
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA cache_size=-65536")  # 64 MB page cache per connection
        cur.execute("PRAGMA mmap_size=268435456")
        cur.close()


def open_engine(db_url: str):
    """The store's engine (via ``observatory.store.Store`` when available) and the Store or None."""
    store = None
    try:
        from observatory.store import Store  # type: ignore[attr-defined]
    except ImportError:
        Store = None  # noqa: N806
    if Store is not None:
        store = Store(db_url)
        engine = store.engine
    else:
        kw = {"connect_args": {"check_same_thread": False}} if db_url.startswith("sqlite") else {}
        engine = create_engine(db_url, **kw)
        schema.metadata.create_all(engine)
    _sqlite_pragmas(engine)
    # The read indexes the API relies on (schema.py declares them; older stores may lack some).
    try:
        with engine.begin() as conn:
            for idx in schema.incidents.indexes:
                if engine.dialect.name == "sqlite":  # an index of an older definition is rebuilt
                    have = [r[2] for r in conn.exec_driver_sql(f'PRAGMA index_info("{idx.name}")')]
                    if have and have != [c.name for c in idx.columns]:
                        idx.drop(conn)
                idx.create(conn, checkfirst=True)
    except Exception as e:  # read-only database files still serve, only slower
        log.warning("could not create read indexes: %s", e)
    return engine, store


def _csp_for_inline(html: str) -> str:
    """CSP allowing exactly the inline scripts in ``html`` (by hash) - for the API docs page."""
    hashes = []
    for body in re.findall(r"<script>(.*?)</script>", html, flags=re.S):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    return CSP.replace("script-src 'self'", "script-src 'self' " + " ".join(hashes)).replace(
        "style-src 'self'", "style-src 'self' 'unsafe-inline'")


def create_app(db_url: str, token: str | None = None, *, max_body: int = MAX_BODY, warm_cache: bool = True) -> FastAPI:
    """The API + dashboard over the store at ``db_url``.

    ``token``: the bearer token that enables writes (default ``$OBSERVATORY_TOKEN``; none =
    read-only).  ``max_body``: request body limit in bytes (413 beyond).  ``warm_cache``:
    compute the dashboard's default tallies in a background thread at start.
    """
    from observatory import __version__

    from . import api, pages

    app = FastAPI(title="Conflict observatory", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Incidents and casualty figures reconciled from reports, each figure traceable "
                              "to the sentences it came from. Read-only unless the server has a token.")
    engine, store = open_engine(db_url)
    app.state.db_url = db_url
    app.state.engine = engine
    app.state.store = store
    app.state.token = token if token is not None else (os.environ.get("OBSERVATORY_TOKEN") or None)
    app.state.tally_cache = TallyCache(engine)
    app.state.group_figures = GroupFigures(engine, app.state.tally_cache)
    app.state.write_lock = threading.Lock()
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True))
    app.state.templates = Jinja2Templates(env=env)

    if warm_cache:
        threading.Thread(target=api.warm_tallies, args=(app,), daemon=True, name="warm-tallies").start()

    app.add_middleware(LimitsAndHeaders, max_body=max_body)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        resp = get_swagger_ui_html(
            openapi_url="/api/openapi.json", title="Conflict observatory API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            swagger_ui_parameters={"validatorUrl": None})
        resp.headers["content-security-policy"] = _csp_for_inline(resp.body.decode())
        return resp

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", "")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        headers = getattr(exc, "headers", None)
        if wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)
        return pages.error_page(request, exc.status_code, str(exc.detail), headers=headers)

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError):
        if wants_json(request):
            return JSONResponse({"detail": str(exc)}, status_code=422)
        return pages.error_page(request, 422, str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errs = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()]
        if wants_json(request):
            return JSONResponse({"detail": errs}, status_code=422)
        return pages.error_page(request, 422, "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errs))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse({"detail": "internal server error"}, status_code=500)

    return app


def app_from_env() -> FastAPI:
    """App factory for multi-worker uvicorn: store from $OBSERVATORY_DB, token from $OBSERVATORY_TOKEN."""
    return create_app(os.environ.get("OBSERVATORY_DB") or "sqlite:///observatory.db",
                      max_body=int(os.environ.get("OBSERVATORY_MAX_BODY") or MAX_BODY))
