"""JSON API routes (``/api/...``)."""
from __future__ import annotations

import dataclasses
import hmac
import io
import re
import threading
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import func, select

from observatory.store import queries, schema

router = APIRouter(prefix="/api")

EXPORT_FORMATS = {
    "ucdp": ("text/csv; charset=utf-8", "csv"),
    "acled": ("text/csv; charset=utf-8", "csv"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "json": ("application/json", "json"),
}
MAX_POST_REPORTS = 1000


def engine(request: Request):
    return request.app.state.engine


class Filters:
    """The incident filters shared by /api/incidents, /api/tallies and /api/export."""

    def __init__(
        self,
        q: Annotated[str | None, Query(max_length=200, description="Text in title, place, admin1, sources or id")] = None,
        country: Annotated[str | None, Query(max_length=200, description="ISO alpha-2 code(s), comma separated")] = None,
        admin1: Annotated[str | None, Query(max_length=200, description="First-level admin area (exact spelling)")] = None,
        since: Annotated[str | None, Query(description="Incidents ending on/after: YYYY-MM-DD, YYYY-MM or YYYY")] = None,
        until: Annotated[str | None, Query(description="Incidents starting on/before: YYYY-MM-DD, YYYY-MM or YYYY")] = None,
        event_type: Annotated[str | None, Query(max_length=100, description="ACLED event type, spelled as ACLED spells it")] = None,
        source: Annotated[str | None, Query(max_length=200, description="Text in a source's name")] = None,
        min_killed: Annotated[int | None, Query(ge=0, description="Minimum best killed figure")] = None,
        bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat")] = None,
        top_level: Annotated[bool, Query(description="Only incidents without a parent")] = False,
        parent_id: Annotated[str | None, Query(max_length=64, description="Only the children of this incident")] = None,
    ):
        self.flt = queries.IncidentFilter.parse(q=q, country=country, admin1=admin1, since=since, until=until,
                                                event_type=event_type, source=source, min_killed=min_killed,
                                                bbox=bbox, top_level=top_level, parent_id=parent_id)
        self.key = (q, country, admin1, since, until, event_type, source, min_killed, bbox, top_level, parent_id)


Page = Annotated[int, Query(ge=1, le=1_000_000, description="Page number, from 1")]
Limit = Annotated[int, Query(ge=1, le=queries.MAX_LIMIT, description=f"Page size (max {queries.MAX_LIMIT})")]


@router.get("/health", tags=["meta"])
def health(request: Request) -> dict[str, Any]:
    """Liveness and store counts."""
    with engine(request).connect() as conn:
        n_inc = conn.execute(select(func.count()).select_from(schema.incidents)).scalar_one()
        n_rep = conn.execute(select(func.count()).select_from(schema.reports)).scalar_one()
    return {"status": "ok", "database": engine(request).dialect.name, "incidents": n_inc, "reports": n_rep,
            "writable": bool(request.app.state.token)}


@router.get("/incidents", tags=["incidents"])
def list_incidents(
    request: Request,
    f: Annotated[Filters, Depends()],
    sort: Annotated[str, Query(description="date, killed, injured, title, country, admin1, sources, id; "
                                           "prefix - for descending")] = "-date",
    page: Page = 1,
    limit: Limit = 50,
) -> dict[str, Any]:
    """Incidents matching the filters, one page at a time (summary fields; the full record at /api/incidents/{id})."""
    return queries.list_incidents(engine(request), f.flt, sort=sort, page=page, limit=limit)


@router.get("/incidents/{incident_id}", tags=["incidents"])
def get_incident(request: Request, incident_id: str) -> dict[str, Any]:
    """One incident: figures (best/low/high, by group), claims with evidence and state, per-source
    revision history, toll series over report time, parent and children."""
    inc = queries.get_incident(engine(request), incident_id)
    if inc is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    return inc


@router.get("/reports", tags=["reports"])
def list_reports(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="Text in title, publisher or id")] = None,
    publisher: Annotated[str | None, Query(max_length=300)] = None,
    since: Annotated[str | None, Query(description="Published on/after (YYYY-MM-DD, YYYY-MM, YYYY)")] = None,
    until: Annotated[str | None, Query(description="Published on/before (YYYY-MM-DD, YYYY-MM, YYYY)")] = None,
    incident_id: Annotated[str | None, Query(max_length=64, description="Only reports behind this incident")] = None,
    sort: Annotated[str, Query(description="published, publisher, title, id; prefix - for descending")] = "-published",
    page: Page = 1,
    limit: Limit = 50,
) -> dict[str, Any]:
    """Stored reports (metadata only; the text at /api/reports/{id})."""
    return queries.list_reports(engine(request), q=q, publisher=publisher, since=since, until=until,
                                incident_id=incident_id, sort=sort, page=page, limit=limit)


@router.get("/reports/{report_id:path}", tags=["reports"])
def get_report(request: Request, report_id: str) -> dict[str, Any]:
    """One report: text, metadata, its extraction, the evidence spans found in its text, and its incidents."""
    rep = queries.get_report(engine(request), report_id)
    if rep is None:
        raise HTTPException(404, f"no report {report_id!r}")
    return rep


@router.get("/tallies", tags=["incidents"])
def tallies(
    request: Request,
    f: Annotated[Filters, Depends()],
    by: Annotated[Literal["day", "week", "month", "year", "admin1", "country", "group", "source", "event_type"],
                  Query(description="Bucket: day, week (Monday), month, year, admin1, country, group, source, event_type")] = "month",
    split_group: Annotated[bool, Query(description="Time buckets only: add killed_by_group per bucket")] = False,
) -> dict[str, Any]:
    """Killed and injured (best/low/high sums) per bucket over top-level incidents (children are parts
    of their parent's figures and are not added again)."""
    return cached_tallies(request.app, by, split_group, f)


def cached_tallies(app, by: str, split_group: bool, f: Filters) -> dict[str, Any]:
    def compute():
        groups = app.state.group_figures.get() if (split_group and by in ("day", "week", "month", "year")) \
            or by == "group" else None
        return queries.tallies(app.state.engine, by, f.flt, split_group=split_group, groups=groups)
    return app.state.tally_cache.get((by, split_group, f.key), compute)


# The dashboard's timeline and every unfiltered tally: computed ahead at start and after writes.
DASHBOARD_TALLIES = (("month", True), ("month", False), ("day", False), ("week", False), ("year", False),
                     ("admin1", False), ("country", False), ("event_type", False), ("source", False), ("group", False))


def warm_tallies(app) -> None:
    try:
        f = Filters()
        for by, split in DASHBOARD_TALLIES:
            cached_tallies(app, by, split, f)
    except Exception as e:  # warming is an optimisation only
        import logging
        logging.getLogger("observatory.web").warning("could not warm the tally cache: %s", e)


@router.get("/export/{fmt}", tags=["incidents"])
def export(request: Request, fmt: str, f: Annotated[Filters, Depends()]) -> Response:
    """The matching incidents as ucdp (UCDP GED-style CSV), acled (ACLED-style CSV), csv, geojson or json."""
    if fmt not in EXPORT_FORMATS:
        raise HTTPException(404, f"unknown export format {fmt!r}: one of {', '.join(EXPORT_FORMATS)}")
    try:
        from observatory.export import write_export
    except ImportError:
        raise HTTPException(503, "exports are not available in this installation") from None
    incidents = list(queries.iter_incident_data(engine(request), f.flt))
    buf = io.StringIO()
    write_export(fmt, incidents, buf)
    media, ext = EXPORT_FORMATS[fmt]
    return Response(buf.getvalue(), media_type=media,
                    headers={"content-disposition": f'attachment; filename="incidents-{fmt}.{ext}"'})


# ---------------------------------------------------------------- writes

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$")


class ReportIn(BaseModel):
    """One report to ingest."""

    id: str | None = Field(None, max_length=200, description="Stable id (default: derived from the text)")
    text: str = Field(..., min_length=1, max_length=2_000_000)
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=2000)
    publisher: str | None = Field(None, max_length=300)
    published: str | None = Field(None, description="YYYY-MM-DD or an ISO datetime")
    language: str | None = Field("en", max_length=8)

    @field_validator("published")
    @classmethod
    def _check_date(cls, v: str | None) -> str | None:
        if v is None or v == "":
            return None
        if not _DATE_RE.match(v):
            raise ValueError("published must be YYYY-MM-DD or an ISO datetime")
        try:
            datetime.fromisoformat(v.replace("Z", "+00:00"))
        except ValueError as e:
            raise ValueError(f"bad published date: {e}") from None
        return v

    @field_validator("text")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("text is blank")
        return v


class ReportBatch(BaseModel):
    reports: list[ReportIn] = Field(..., min_length=1, max_length=MAX_POST_REPORTS)


def require_token(request: Request) -> None:
    """Writes need ``Authorization: Bearer <token>`` matching the server's token (constant-time)."""
    token = request.app.state.token
    if not token:
        raise HTTPException(403, "this server is read-only (start it with OBSERVATORY_TOKEN set to allow writes)")
    auth = request.headers.get("authorization") or ""
    scheme, _, given = auth.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8")):
        raise HTTPException(403, "invalid token")


@router.post("/reports", tags=["reports"], status_code=201, dependencies=[Depends(require_token)])
def post_reports(
    request: Request,
    body: Annotated[ReportIn | list[ReportIn] | ReportBatch, Body(description="One report, a list, or {\"reports\": [...]}")],
) -> dict[str, Any]:
    """Ingest one or many reports: store (deduplicated), extract, and relink incidents. Needs the bearer token."""
    items = body.reports if isinstance(body, ReportBatch) else body if isinstance(body, list) else [body]
    if not items:
        raise HTTPException(422, "no reports given")
    if len(items) > MAX_POST_REPORTS:
        raise HTTPException(422, f"at most {MAX_POST_REPORTS} reports per request")
    try:
        from observatory.ingest import ingest_reports
        from observatory.model import Report, content_hash
        from observatory.store import Store
    except ImportError as e:
        raise HTTPException(503, f"ingest is not available in this installation ({e.name})") from None
    reports = []
    for r in items:
        h = content_hash(r.text)
        reports.append(Report(id=r.id or f"api-{h[:16]}", text=r.text, title=r.title, url=r.url,
                              publisher=r.publisher, published=r.published, language=r.language or "en",
                              content_hash=h, source_path="api"))
    state = request.app.state
    with state.write_lock:
        if state.store is None:
            state.store = Store(state.db_url)
        stats = ingest_reports(state.store, reports, extract=True, link=True)
    state.tally_cache.clear()
    threading.Thread(target=warm_tallies, args=(request.app,), daemon=True, name="warm-tallies").start()
    out = stats.as_dict() if hasattr(stats, "as_dict") else (
        dataclasses.asdict(stats) if dataclasses.is_dataclass(stats) else dict(vars(stats)))
    return {"ids": [r.id for r in reports], "stats": out}
