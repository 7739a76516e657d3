"""Read queries for the API and dashboard: list, filter, sort, paginate and tally.

SQLAlchemy Core over the tables of :mod:`observatory.store.schema`, every value through a
bound parameter, the same SQL on SQLite and PostgreSQL (no dialect-specific functions:
weeks and months are bucketed in Python from per-day sums, group figures are read from
the incident JSON).

Tallies add up *top-level* incidents only (``parent_id IS NULL``): a regional episode's
figures already cover its local incidents, so adding the children on top would double
count.
"""
from __future__ import annotations

import calendar
import json
import os
import re
import threading
import time
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable

from sqlalchemy import Engine, and_, func, or_, select

from observatory.model import GROUPS
from observatory.store import schema

I = schema.incidents
R = schema.reports
IC = schema.incident_claims

MAX_LIMIT = 500
TALLY_BY = ("day", "week", "month", "year", "admin1", "country", "group", "source", "event_type")
# Groups that do not overlap (children/women/... are parts of civilians): a source's toll
# without a "total" claim is the sum of these.
DISJOINT_GROUPS = ("civilians", "security_forces", "militants", "unknown")

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

# Scalar columns returned in incident lists (never the big JSON).
LIST_COLUMNS = [
    I.c.id, I.c.parent_id, I.c.title, I.c.event_type, I.c.sub_event_type, I.c.date_start, I.c.date_end,
    I.c.date_precision, I.c.location_name, I.c.country, I.c.admin1, I.c.admin2, I.c.lat, I.c.lon, I.c.where_prec,
    I.c.killed_best, I.c.killed_low, I.c.killed_high, I.c.injured_best, I.c.injured_low, I.c.injured_high,
    I.c.grade, I.c.n_sources, I.c.n_reports, I.c.sources_text,
]
SORTS = {
    "date": I.c.date_start, "killed": I.c.killed_best, "injured": I.c.injured_best, "title": I.c.title,
    "country": I.c.country, "admin1": I.c.admin1, "id": I.c.id, "sources": I.c.n_sources,
}
# Single-column indexes (schema.py index=True) that can drive a sort with an early stop.
SORT_INDEXES = {"date": "ix_incidents_date_start", "killed": "ix_incidents_killed_best"}
REPORT_SORTS = {"published": R.c.published, "publisher": R.c.publisher, "title": R.c.title, "id": R.c.id}


class QueryError(ValueError):
    """A bad query parameter (the API answers 422 with this message)."""


def parse_date(value: str | None, *, end: bool = False) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` -> ISO day (first day, or last when ``end``)."""
    if value is None or value == "":
        return None
    m = _DATE_RE.match(value.strip())
    if not m:
        raise QueryError(f"bad date {value!r}: use YYYY-MM-DD, YYYY-MM or YYYY")
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d is not None:
            return date(y, int(mo), int(d)).isoformat()
        if mo is not None:
            mo_i = int(mo)
            last = calendar.monthrange(y, mo_i)[1]
            return date(y, mo_i, last if end else 1).isoformat()
        return date(y, 12, 31).isoformat() if end else date(y, 1, 1).isoformat()
    except ValueError as e:
        raise QueryError(f"bad date {value!r}: {e}") from None


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``minlon,minlat,maxlon,maxlat`` -> floats, checked."""
    if not value:
        return None
    parts = value.split(",")
    if len(parts) != 4:
        raise QueryError("bbox must be minlon,minlat,maxlon,maxlat")
    try:
        a, b, c, d = (float(p) for p in parts)
    except ValueError:
        raise QueryError("bbox values must be numbers") from None
    if not (-180 <= a <= 180 and -180 <= c <= 180 and -90 <= b <= 90 and -90 <= d <= 90) or b > d:
        raise QueryError("bbox out of range (lon -180..180, lat -90..90, minlat <= maxlat)")
    return a, b, c, d


def _contains(col, text: str, dialect: str):
    """Case-insensitive substring test, literal (``%`` and ``_`` escaped).

    SQLite's LIKE already ignores ASCII case (and its lower() folds ASCII only), so it runs
    plain LIKE there, which is several times cheaper than lower() on every row; PostgreSQL
    gets ILIKE.
    """
    pat = _like(text)
    if dialect == "sqlite":
        if not any(ch in text for ch in "%_\\"):  # nothing to escape: SQLite's LIKE is faster without ESCAPE
            return col.like(f"%{text}%")
        return col.like(pat, escape="\\")
    if dialect == "postgresql":
        return col.ilike(pat, escape="\\")
    return func.lower(col).like(pat, escape="\\")


def _like(text: str) -> str:
    esc = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{esc}%"


@dataclass
class IncidentFilter:
    q: str | None = None
    country: list[str] = field(default_factory=list)
    admin1: str | None = None
    since: str | None = None  # ISO day
    until: str | None = None  # ISO day
    event_type: str | None = None
    source: str | None = None
    min_killed: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    top_level: bool = False  # only incidents without a parent
    parent_id: str | None = None

    @classmethod
    def parse(cls, *, q=None, country=None, admin1=None, since=None, until=None, event_type=None, source=None,
              min_killed=None, bbox=None, top_level=False, parent_id=None) -> "IncidentFilter":
        """Build from raw query-string values; raises :class:`QueryError` on bad ones."""
        countries = [c.strip().upper() for c in (country or "").split(",") if c.strip()]
        for c in countries:
            if not re.fullmatch(r"[A-Z]{2}", c):
                raise QueryError(f"bad country {c!r}: use ISO 3166-1 alpha-2 codes (e.g. SY)")
        s, u = parse_date(since), parse_date(until, end=True)
        if s and u and s > u:
            raise QueryError("since is after until")
        if min_killed is not None and min_killed < 0:
            raise QueryError("min_killed must be >= 0")
        return cls(q=(q or "").strip() or None, country=countries, admin1=admin1 or None, since=s, until=u,
                   event_type=event_type or None, source=(source or "").strip() or None, min_killed=min_killed,
                   bbox=parse_bbox(bbox), top_level=bool(top_level), parent_id=parent_id or None)

    def conditions(self, dialect: str = "sqlite") -> list:
        cond = []
        if self.q:
            cond.append(or_(*(_contains(c, self.q, dialect) for c in
                              (I.c.title, I.c.location_name, I.c.admin1, I.c.sources_text, I.c.id))))
        if self.country:
            cond.append(I.c.country.in_(self.country) if len(self.country) > 1 else I.c.country == self.country[0])
        if self.admin1:
            cond.append(I.c.admin1 == self.admin1)
        if self.since:  # ends on or after since (an incident without an end date ends on its start)
            cond.append(or_(I.c.date_end >= self.since, and_(I.c.date_end.is_(None), I.c.date_start >= self.since)))
        if self.until:
            cond.append(I.c.date_start <= self.until)
        if self.event_type:  # exact, as ACLED spells it (an equality the indexes can seek)
            cond.append(I.c.event_type == self.event_type)
        if self.source:
            cond.append(_contains(I.c.sources_text, self.source, dialect))
        if self.min_killed is not None:
            cond.append(I.c.killed_best >= self.min_killed)
        if self.bbox:
            a, b, c, d = self.bbox
            cond.append(I.c.lat.between(b, d))
            # a box crossing the antimeridian (minlon > maxlon) wraps around
            cond.append(I.c.lon.between(a, c) if a <= c else or_(I.c.lon >= a, I.c.lon <= c))
        if self.top_level:
            cond.append(I.c.parent_id.is_(None))
        if self.parent_id:
            cond.append(I.c.parent_id == self.parent_id)
        return cond


def _order(sort: str, sorts: dict, default: str, pk, dialect: str = "sqlite") -> list:
    """ORDER BY for ``sort`` (``-`` = descending), with the primary key as a stable tie-break.

    Plain ``col ASC|DESC`` so that the column's index can serve it (no expression in front).
    NULLs: last when descending on both databases; when ascending, first on SQLite and last
    on PostgreSQL (its default, kept so both can use their indexes).
    """
    key = sort or default
    desc = key.startswith("-")
    col = sorts.get(key.lstrip("-+"))
    if col is None:
        raise QueryError(f"bad sort {sort!r}: one of {', '.join(sorted(sorts))} (prefix - for descending)")
    if desc:
        o = col.desc().nulls_last() if dialect == "postgresql" else col.desc()
        return [o, pk.desc()]
    return [col.asc(), pk.asc()]


def _paging(page: int, limit: int) -> tuple[int, int]:
    if limit < 1 or limit > MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}")
    if page < 1:
        raise QueryError("page must be >= 1")
    return page, limit


def _sqlite_indexes(conn) -> set[str]:
    eng = conn.engine
    have = getattr(eng, "_observatory_indexes", None)
    if have is None:
        have = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
        eng._observatory_indexes = have
    return have


def _execute(conn, stmt, index: str | None = None):
    """Run a Core statement; on SQLite, make it use ``index`` (``INDEXED BY``).

    SQLite's planner does not weigh how wide the incident rows are (the full JSON lives in
    them) and, left alone, prefers a narrow equality index and then reads and sorts tens of
    thousands of rows; the covering indexes of schema.py answer the same query from the
    index alone.  The statement keeps its bound parameters; other databases run it as is.
    """
    if index is None or conn.dialect.name != "sqlite" or index not in _sqlite_indexes(conn):
        return conn.execute(stmt)
    comp = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    sql = str(comp)
    forced = re.sub(r"\bFROM incidents\b", f"FROM incidents INDEXED BY {index}", sql, count=1)
    if forced == sql:
        return conn.execute(stmt)
    params = comp.construct_params()
    return conn.exec_driver_sql(forced, tuple(params[k] for k in comp.positiontup))


def split_sources(text: str | None) -> list[str]:
    """The source names of ``incidents.sources_text`` (joined with "; ")."""
    return [x.strip() for x in re.split(r"[;|]", text or "") if x.strip()]


def _row_incident(row) -> dict[str, Any]:
    m = dict(row._mapping)
    return {
        "id": m["id"], "parent_id": m["parent_id"], "title": m["title"],
        "event": {"type": m["event_type"], "sub_type": m["sub_event_type"], "date_start": m["date_start"],
                  "date_end": m["date_end"], "date_precision": m["date_precision"]},
        "location": {"name": m["location_name"], "country": m["country"], "admin1": m["admin1"], "admin2": m["admin2"],
                     "lat": m["lat"], "lon": m["lon"], "precision": m["where_prec"]},
        "killed": {"best": m["killed_best"], "low": m["killed_low"], "high": m["killed_high"]},
        "injured": {"best": m["injured_best"], "low": m["injured_low"], "high": m["injured_high"]},
        "grade": m["grade"], "n_sources": m["n_sources"], "n_reports": m["n_reports"],
        "sources": split_sources(m["sources_text"]),
    }


def list_incidents(engine: Engine, flt: IncidentFilter | None = None, *, sort: str = "-date", page: int = 1,
                   limit: int = 50) -> dict[str, Any]:
    """One page of incidents (scalar summary, no claims) and the total that match.

    Two steps: the page's ids (filters and order answered from indexes, see the covering
    ``ix_incidents_list``), then those rows by primary key, so that the wide JSON rows are
    read only for the incidents shown.
    """
    flt = flt or IncidentFilter()
    page, limit = _paging(page, limit)
    cond = flt.conditions(engine.dialect.name)
    order = _order(sort, SORTS, "-date", I.c.id, engine.dialect.name)
    index = None
    if flt.q or flt.source:
        index = "ix_incidents_text"
    elif (sort or "-date").lstrip("-+") != "title":
        index = "ix_incidents_list"
    with engine.connect() as conn:
        total = _execute(conn, select(func.count()).select_from(I).where(*cond), index).scalar_one()
        page_index = index
        sort_index = SORT_INDEXES.get((sort or "-date").lstrip("-+"))
        if total and sort_index and index == "ix_incidents_list":
            # Many matches: walking the sort column's own index finds a page after reading about
            # (offset + limit) / share rows; few matches: read them all from the covering index.
            n_all = conn.execute(select(func.count()).select_from(I)).scalar_one()
            if page * limit * n_all / total <= 4000:
                page_index = sort_index
        ids = _execute(conn, select(I.c.id).where(*cond).order_by(*order).limit(limit).offset((page - 1) * limit),
                       page_index).scalars().all()
        rows = {r.id: r for r in conn.execute(select(*LIST_COLUMNS).where(I.c.id.in_(ids)))} if ids else {}
    return {"total": total, "page": page, "limit": limit, "pages": (total + limit - 1) // limit,
            "items": [_row_incident(rows[i]) for i in ids if i in rows]}


def iter_incident_data(engine: Engine, flt: IncidentFilter | None = None, *, batch: int = 1000) -> Iterable[dict]:
    """The full incident records (the JSON) that match, by date then id (for exports)."""
    flt = flt or IncidentFilter()
    last: tuple | None = None
    cond = flt.conditions(engine.dialect.name)
    key = func.coalesce(I.c.date_start, "")
    while True:
        q = select(I.c.id, key.label("k"), I.c.data).where(*cond)
        if last is not None:
            q = q.where(or_(key > last[0], and_(key == last[0], I.c.id > last[1])))
        with engine.connect() as conn:
            rows = conn.execute(q.order_by(key, I.c.id).limit(batch)).all()
        for r in rows:
            d = _json(r.data) or {}
            d.setdefault("id", r.id)
            yield d
        if len(rows) < batch:
            return
        last = (rows[-1].k, rows[-1].id)


def _json(v):
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return None
    return v


def _claim_fields(c: dict) -> dict:
    """Flatten an incident claim: either the contract claim with extra keys, or {claim: {...}, report_id, ...}."""
    if isinstance(c.get("claim"), dict):
        inner = dict(c["claim"])
        for k, v in c.items():
            if k != "claim":
                inner[k] = v
        c = inner
    if "claim_idx" in c and "claim_index" not in c:
        c["claim_index"] = c["claim_idx"]
    return c


def source_toll(claims: list[dict], status: str = "killed") -> dict | None:
    """A source's toll in one report: its 'total' claim, else the sum of disjoint groups."""
    cs = [c for c in claims if c.get("status") == status and (c.get("scope") or "incident") == "incident"
          and not c.get("negated")]
    def num(c):
        return c.get("value") if c.get("value") is not None else c.get("low")
    tot = [num(c) for c in cs if c.get("group") == "total" and num(c) is not None]
    if tot:
        return {"value": max(tot), "rule": "total"}
    parts = defaultdict(list)
    for c in cs:
        if c.get("group") in DISJOINT_GROUPS and num(c) is not None:
            parts[c["group"]].append(num(c))
    if parts:
        return {"value": sum(max(v) for v in parts.values()), "rule": "sum of " + ", ".join(sorted(parts))}
    vals = [num(c) for c in cs if num(c) is not None]
    return {"value": max(vals), "rule": "largest group"} if vals else None


def revisions(claims: list[dict]) -> list[dict]:
    """Each source's history: per (source, status, group), its claims ordered by report time."""
    hist: dict[tuple, list] = defaultdict(list)
    for c in claims:
        hist[(c.get("source") or "(unattributed)", c.get("status"), c.get("group"))].append({
            "report_id": c.get("report_id"), "published": c.get("published"), "value": c.get("value"),
            "low": c.get("low"), "high": c.get("high"), "qualifier": c.get("qualifier"), "state": c.get("state"),
            "reason": c.get("reason"),
        })
    out = []
    for (src, status, group), items in sorted(hist.items(), key=lambda kv: tuple(x or "" for x in kv[0])):
        items.sort(key=lambda x: (x["published"] or "", x["report_id"] or ""))
        out.append({"source": src, "status": status, "group": group, "claims": items})
    return out


def toll_series(claims: list[dict], status: str = "killed") -> list[dict]:
    """Per source, its toll in each report over report time (for the incident page's chart)."""
    by: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    pub: dict[str, str] = {}
    for c in claims:
        rid = c.get("report_id") or ""
        by[c.get("source") or "(unattributed)"][rid].append(c)
        pub[rid] = c.get("published") or ""
    series = []
    for src in sorted(by):
        pts = []
        for rid, cs in by[src].items():
            t = source_toll(cs, status)
            if t:
                pts.append({"report_id": rid, "published": pub[rid], **t})
        pts.sort(key=lambda p: (p["published"], p["report_id"]))
        if pts:
            series.append({"source": src, "points": pts})
    return series


def get_incident(engine: Engine, incident_id: str) -> dict[str, Any] | None:
    """The full incident record plus parent, children, per-source revision history and toll series."""
    with engine.connect() as conn:
        row = conn.execute(select(I.c.data, *LIST_COLUMNS).where(I.c.id == incident_id)).first()
        if row is None:
            return None
        data = _json(row.data) or {}
        summary = _row_incident(row)
        for k, v in summary.items():
            data.setdefault(k, v)
        kids = conn.execute(select(*LIST_COLUMNS).where(I.c.parent_id == incident_id)
                            .order_by(I.c.date_start, I.c.id)).all()
        parent = None
        if row.parent_id:
            p = conn.execute(select(I.c.id, I.c.title).where(I.c.id == row.parent_id)).first()
            parent = {"id": p.id, "title": p.title} if p else {"id": row.parent_id, "title": None}
        states = {(r.report_id, r.claim_idx): (r.state, r.reason)
                  for r in conn.execute(select(IC.c.report_id, IC.c.claim_idx, IC.c.state, IC.c.reason)
                                        .where(IC.c.incident_id == incident_id))}
    claims = [_claim_fields(dict(c)) for c in data.get("claims") or [] if isinstance(c, dict)]
    for c in claims:
        st = states.get((c.get("report_id"), c.get("claim_index")))
        if st and not c.get("state"):
            c["state"], c["reason"] = st
    data["claims"] = claims
    data["parent"] = parent
    data["children"] = [_row_incident(k) for k in kids]
    data["revisions"] = revisions(claims)
    data["toll_series"] = toll_series(claims)
    return data


# ---------------------------------------------------------------- reports

REPORT_LIST_COLUMNS = [R.c.id, R.c.title, R.c.url, R.c.publisher, R.c.published, R.c.language, R.c.ingested_at,
                       R.c.duplicate_of, R.c.extract_error]


def list_reports(engine: Engine, *, q: str | None = None, publisher: str | None = None, since: str | None = None,
                 until: str | None = None, incident_id: str | None = None, sort: str = "-published", page: int = 1,
                 limit: int = 50) -> dict[str, Any]:
    page, limit = _paging(page, limit)
    s, u = parse_date(since), parse_date(until, end=True)
    cond = []
    if q:
        cond.append(or_(*(_contains(c, q, engine.dialect.name) for c in (R.c.title, R.c.publisher, R.c.id))))
    if publisher:
        cond.append(func.lower(R.c.publisher) == publisher.lower())
    if s:
        cond.append(R.c.published >= s)
    if u:
        cond.append(R.c.published < (date.fromisoformat(u) + timedelta(days=1)).isoformat())
    if incident_id:
        cond.append(R.c.id.in_(select(IC.c.report_id).where(IC.c.incident_id == incident_id)))
    order = _order(sort, REPORT_SORTS, "-published", R.c.id, engine.dialect.name)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(R).where(*cond)).scalar_one()
        rows = conn.execute(select(*REPORT_LIST_COLUMNS).where(*cond).order_by(*order)
                            .limit(limit).offset((page - 1) * limit)).all()
    return {"total": total, "page": page, "limit": limit, "pages": (total + limit - 1) // limit,
            "items": [dict(r._mapping) for r in rows]}


def evidence_spans(text: str, extraction: dict | None) -> list[dict]:
    """The claims' evidence spans in a report text, checked against the text.

    ``found`` says how the span was located: ``offsets`` (``text[start:end]`` matches),
    ``search`` (offsets were off, the quoted text was found elsewhere) or ``missing``.
    """
    out = []
    for i, c in enumerate((extraction or {}).get("claims") or []):
        ev = c.get("evidence") or {}
        s, e, t = ev.get("start"), ev.get("end"), ev.get("text")
        found = "missing"
        if isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(text) and (t is None or text[s:e] == t):
            found = "offsets"
        elif t:
            k = text.find(t)
            if k >= 0:
                s, e, found = k, k + len(t), "search"
        out.append({"claim_index": i, "start": s if found != "missing" else None,
                    "end": e if found != "missing" else None, "text": t, "found": found,
                    "status": c.get("status"), "group": c.get("group"), "value": c.get("value"),
                    "qualifier": c.get("qualifier"), "source": c.get("source")})
    return out


def get_report(engine: Engine, report_id: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(R).where(R.c.id == report_id)).first()
        if row is None:
            return None
        links = conn.execute(select(IC.c.incident_id, IC.c.claim_idx, IC.c.state, IC.c.reason, I.c.title)
                             .select_from(IC.outerjoin(I, I.c.id == IC.c.incident_id))
                             .where(IC.c.report_id == report_id).order_by(IC.c.incident_id, IC.c.claim_idx)).all()
    d = dict(row._mapping)
    d["extraction"] = _json(d.get("extraction"))
    d["evidence"] = evidence_spans(d["text"] or "", d["extraction"])
    d["incidents"] = [dict(r._mapping) for r in links]
    return d


def report_texts(engine: Engine, ids: Iterable[str]) -> dict[str, dict]:
    """id -> {text, title, publisher, published, url} for a handful of reports."""
    ids = sorted({i for i in ids if i})
    out: dict[str, dict] = {}
    with engine.connect() as conn:
        for k in range(0, len(ids), 500):
            for r in conn.execute(select(R.c.id, R.c.text, R.c.title, R.c.publisher, R.c.published, R.c.url)
                                  .where(R.c.id.in_(ids[k:k + 500]))):
                out[r.id] = dict(r._mapping)
    return out


# ---------------------------------------------------------------- tallies

def _week(day: str) -> str:
    d = date.fromisoformat(day)
    return (d - timedelta(days=d.weekday())).isoformat()  # the Monday of its ISO week


_TIME_KEY = {"day": lambda d: d, "week": _week, "month": lambda d: d[:7], "year": lambda d: d[:4]}
_FIG = ("killed_best", "killed_low", "killed_high", "injured_best", "injured_low", "injured_high")


def _empty_bucket(key) -> dict:
    return {"key": key, "incidents": 0,
            "killed": {"best": 0, "low": 0, "high": 0}, "injured": {"best": 0, "low": 0, "high": 0}}


def _add(b: dict, n: int, figs: Iterable) -> None:
    b["incidents"] += n
    for name, v in zip(_FIG, figs):
        kind, bound = name.split("_")
        b[kind][bound] += v or 0


def _add_groups(total: dict, groups: tuple) -> None:
    for g, b, lo, hi in groups:
        t = total.get(g)
        if t is None:
            total[g] = [b, lo, hi]
        else:
            t[0] += b
            t[1] += lo
            t[2] += hi


def _group_dict(acc: dict) -> dict:
    return {g: {"best": v[0], "low": v[1], "high": v[2]} for g, v in acc.items()}


def _compact(groups: dict | None) -> tuple:
    """{group: {best, low, high}} -> ((group, best, low, high-or-best), ...) for fast sums."""
    out = []
    for g, est in (groups or {}).items():
        if isinstance(est, dict):
            b, lo, hi = est.get("best") or 0, est.get("low") or 0, est.get("high")
            out.append((g, b, lo, hi if hi is not None else b))
    return tuple(out)


def load_group_figures(engine: Engine, batch: int = 5000) -> dict[str, tuple[tuple, tuple]]:
    """id -> (killed by group, injured by group) of every top-level incident, read once from the
    JSON, each as ``((group, best, low, high-or-best), ...)``."""
    out: dict[str, tuple[tuple, tuple]] = {}
    q = select(I.c.id, I.c.data["killed_by_group"], I.c.data["injured_by_group"]).where(I.c.parent_id.is_(None))
    with engine.connect() as conn:
        for r in conn.execution_options(yield_per=batch).execute(q):
            out[r[0]] = (_compact(_json(r[1])), _compact(_json(r[2])))
    return out


def tallies(engine: Engine, by: str, flt: IncidentFilter | None = None, *, split_group: bool = False,
            groups: dict[str, tuple[dict, dict]] | None = None) -> dict[str, Any]:
    """Killed/injured best/low/high per bucket over top-level incidents matching ``flt``.

    ``by``: day, week (bucket = the Monday), month, year, admin1, country, event_type, source
    (an incident counts under each of its sources) or group (killed/injured by victim group).
    With ``split_group``, each time bucket also gets ``killed_by_group``.
    A missing bound counts as 0 in the sums; ``high`` sums use ``best`` where no high is given.
    ``groups``: the incidents' group figures (:func:`load_group_figures`, kept by the web app);
    loaded here when a group tally needs them and none are given.
    """
    if by not in TALLY_BY:
        raise QueryError(f"bad by {by!r}: one of {', '.join(TALLY_BY)}")
    flt = flt or IncidentFilter()
    cond = flt.conditions(engine.dialect.name) + [I.c.parent_id.is_(None)]
    index = None if (flt.q or flt.bbox) else "ix_incidents_tally"
    figs = [func.sum(I.c.killed_best), func.sum(I.c.killed_low), func.sum(func.coalesce(I.c.killed_high, I.c.killed_best)),
            func.sum(I.c.injured_best), func.sum(I.c.injured_low), func.sum(func.coalesce(I.c.injured_high, I.c.injured_best))]
    if (split_group or by == "group") and groups is None:
        groups = load_group_figures(engine)
    buckets: dict[Any, dict] = {}
    with engine.connect() as conn:
        if by in _TIME_KEY and not split_group:
            keyf = _TIME_KEY[by]
            rows = _execute(conn, select(I.c.date_start, func.count(), *figs).where(*cond, I.c.date_start.is_not(None))
                            .group_by(I.c.date_start).order_by(I.c.date_start), index).all()
            for r in rows:
                k = keyf(r[0][:10])
                _add(buckets.setdefault(k, _empty_bucket(k)), r[1], r[2:])
        elif by in _TIME_KEY:  # figures summed in SQL per day, victim groups added from the map per incident
            keyf = _TIME_KEY[by]
            rows = _execute(conn, select(I.c.date_start, func.count(), *figs).where(*cond, I.c.date_start.is_not(None))
                            .group_by(I.c.date_start).order_by(I.c.date_start), index).all()
            day_key: dict[str, str] = {}
            for r in rows:
                k = day_key[r[0]] = keyf(r[0][:10])
                b = buckets.get(k)
                if b is None:
                    b = buckets[k] = _empty_bucket(k)
                    b["killed_by_group"] = {}
                _add(b, r[1], r[2:])
            empty = ((), ())
            for iid, day in _execute(conn, select(I.c.id, I.c.date_start).where(*cond, I.c.date_start.is_not(None)),
                                     index).all():
                kg = groups.get(iid, empty)[0]
                if kg:
                    _add_groups(buckets[day_key[day]]["killed_by_group"], kg)
            for b in buckets.values():
                b["killed_by_group"] = _group_dict(b["killed_by_group"])
        elif by in ("admin1", "country", "event_type"):
            col = {"admin1": I.c.admin1, "country": I.c.country, "event_type": I.c.event_type}[by]
            for r in _execute(conn, select(col, func.count(), *figs).where(*cond).group_by(col), index):
                k = r[0]
                _add(buckets.setdefault(k, _empty_bucket(k)), r[1], r[2:])
        elif by == "source":
            for r in _execute(conn, select(I.c.sources_text, func.count(), *figs).where(*cond)
                              .group_by(I.c.sources_text), index):
                for s in set(split_sources(r[0])) or {None}:
                    _add(buckets.setdefault(s, _empty_bucket(s)), r[1], r[2:])
        else:  # group
            ids = _execute(conn, select(I.c.id).where(*cond), index).scalars().all()
            acc: dict[str, dict] = {"killed": {}, "injured": {}}
            count: dict[str, int] = defaultdict(int)
            empty = ((), ())
            for i in ids:
                kg, jg = groups.get(i, empty)
                for g in {x[0] for x in kg} | {x[0] for x in jg}:
                    count[g] += 1
                _add_groups(acc["killed"], kg)
                _add_groups(acc["injured"], jg)
            for g, n in count.items():
                b = buckets[g] = _empty_bucket(g)
                b["incidents"] = n
                for kind in ("killed", "injured"):
                    v = acc[kind].get(g)
                    if v:
                        b[kind] = {"best": v[0], "low": v[1], "high": v[2]}
    if by in _TIME_KEY:
        items = [buckets[k] for k in sorted(buckets)]
    elif by == "group":
        order = {g: i for i, g in enumerate(GROUPS)}
        items = sorted(buckets.values(), key=lambda b: (order.get(b["key"], 99), str(b["key"])))
    else:
        items = sorted(buckets.values(), key=lambda b: (-b["killed"]["best"], str(b["key"])))
    return {"by": by, "buckets": items}


class GroupFigures:
    """The incidents' victim-group figures held in memory for group tallies, reloaded when the
    store changes (same change test as :class:`TallyCache`; at most once a minute on
    databases other than SQLite files)."""

    def __init__(self, engine: Engine, cache: "TallyCache"):
        self.engine, self.cache = engine, cache
        self._lock = threading.Lock()
        self._version = None
        self._map: dict | None = None

    def get(self) -> dict[str, tuple[dict, dict]]:
        v = self.cache.version(ttl=60.0)
        with self._lock:
            if self._map is None or self._version != v:
                self._map = load_group_figures(self.engine)
                self._version = v
            return self._map


class TallyCache:
    """A small LRU cache of tally answers, invalidated when the store changes.

    SQLite files: the database (and WAL) file's size and modification time; other
    databases: a ``ttl`` seconds clock.  ``clear()`` after writes made through the app.
    """

    def __init__(self, engine: Engine, size: int = 256, ttl: float = 10.0):
        self.engine, self.size, self.ttl = engine, size, ttl
        self._d: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._inflight: dict = {}
        db = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
        self._files = [db, db + "-wal"] if db and db != ":memory:" and not db.startswith("file:") else None
        self.hits = self.misses = 0

    def version(self, ttl: float | None = None):
        if self._files:
            out = []
            for f in self._files:
                try:
                    st = os.stat(f)
                    out.append((st.st_size, st.st_mtime_ns))
                except OSError:
                    out.append(None)
            return tuple(out)
        return int(time.monotonic() // (ttl or self.ttl))

    def get(self, key, compute):
        key = (key, self.version())
        with self._lock:
            if key in self._d:
                self._d.move_to_end(key)
                self.hits += 1
                return self._d[key]
            inflight = self._inflight.setdefault(key, threading.Lock())
        with inflight:  # the same tally asked twice at once is computed once
            with self._lock:
                if key in self._d:
                    self.hits += 1
                    return self._d[key]
            val = compute()
            with self._lock:
                self.misses += 1
                self._d[key] = val
                self._inflight.pop(key, None)
                while len(self._d) > self.size:
                    self._d.popitem(last=False)
        return val

    def clear(self) -> None:
        with self._lock:
            self._d.clear()
