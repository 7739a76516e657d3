"""Persist incidents: transactional replace of the incidents and incident_claims tables.

``incidents.data`` holds the full incident JSON (``reconcile.incident_to_dict``); the scalar
columns exist for filtering and sorting.
"""
from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import and_, delete, insert, select
from sqlalchemy.engine import Connection, Engine

from .schema import incident_claims, incidents

CHUNK = 1000


def _as_dict(inc: Any) -> dict[str, Any]:
    if isinstance(inc, dict):
        return inc
    from ..reconcile.build import incident_to_dict

    return incident_to_dict(inc)


def _row(d: dict[str, Any]) -> dict[str, Any]:
    ev = d.get("event") or {}
    loc = d.get("location") or {}
    k = d.get("killed") or {}
    j = d.get("injured") or {}
    names = [s.get("name") for s in d.get("sources") or [] if s.get("name")]
    return {
        "id": d["id"], "parent_id": d.get("parent_id"), "title": d.get("title"),
        "event_type": ev.get("type"), "sub_event_type": ev.get("sub_type"),
        "date_start": ev.get("date_start"), "date_end": ev.get("date_end"), "date_precision": ev.get("date_precision"),
        "location_name": loc.get("name"), "country": loc.get("country"), "admin1": loc.get("admin1"),
        "admin2": loc.get("admin2"), "lat": loc.get("lat"), "lon": loc.get("lon"), "where_prec": loc.get("precision"),
        "killed_best": k.get("best"), "killed_low": k.get("low"), "killed_high": k.get("high"),
        "injured_best": j.get("best"), "injured_low": j.get("low"), "injured_high": j.get("high"),
        "grade": d.get("grade"), "n_sources": len(names),
        "n_reports": sum(1 for r in d.get("reports") or [] if not r.get("duplicate_of")),
        "sources_text": "; ".join(names), "data": d,
    }


def _claim_rows(d: dict[str, Any]) -> list[dict[str, Any]]:
    seen = set()
    rows = []
    for c in d.get("claims") or []:
        key = (c["report_id"], c["claim_index"])
        if key in seen:
            continue
        seen.add(key)
        rows.append({"incident_id": d["id"], "report_id": c["report_id"], "claim_idx": c["claim_index"],
                     "state": c.get("state") or "current", "reason": c.get("reason")})
    return rows


def replace_incidents(engine: Engine | Connection, items: Iterable[Any], *, progress=None) -> int:
    """Replace all incidents (and their claim links) in one transaction; returns the count.

    ``engine`` is an Engine (a transaction is opened) or a Connection inside a transaction
    (e.g. ``Store.write()``, which also excludes other writers).  ``items`` are
    ``model.Incident`` records or incident dicts.  ``progress`` is an optional
    callable(n_done) for progress bars.
    """
    if isinstance(engine, Connection):
        return _replace(engine, items, progress)
    with engine.begin() as conn:
        return _replace(conn, items, progress)


def _replace(conn: Connection, items: Iterable[Any], progress) -> int:
    n = 0
    conn.execute(delete(incident_claims))
    conn.execute(delete(incidents))
    rows: list[dict[str, Any]] = []
    crow: list[dict[str, Any]] = []

    def flush() -> None:
        if rows:
            conn.execute(insert(incidents), rows)
            rows.clear()
        if crow:
            conn.execute(insert(incident_claims), crow)
            crow.clear()

    for inc in items:
        d = _as_dict(inc)
        rows.append(_row(d))
        crow.extend(_claim_rows(d))
        n += 1
        if len(rows) >= CHUNK or len(crow) >= 5 * CHUNK:
            flush()
            if progress:
                progress(n)
    flush()
    if progress:
        progress(n)
    return n


def list_incidents(engine: Engine, *, country: str | None = None, since: str | None = None,
                   until: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Incident dicts, filtered by country (ISO alpha-2) and date range, ordered by date and id."""
    q = select(incidents.c.data)
    conds = []
    if country:
        conds.append(incidents.c.country == country.upper())
    if since:
        conds.append(incidents.c.date_end >= since)
    if until:
        conds.append(incidents.c.date_start <= until)
    if conds:
        q = q.where(and_(*conds))
    q = q.order_by(incidents.c.date_start, incidents.c.id)
    if limit:
        q = q.limit(limit)
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(q)]


def get_incident(engine: Engine, id: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        r = conn.execute(select(incidents.c.data).where(incidents.c.id == id)).first()
    return r[0] if r else None


def incident_children(engine: Engine, id: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(incidents.c.data).where(incidents.c.parent_id == id).order_by(incidents.c.date_start, incidents.c.id))
        return [r[0] for r in rows]
