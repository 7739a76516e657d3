"""Server-rendered dashboard pages (Jinja2, autoescaped; data-driven parts in vendored/own JS)."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from observatory.model import GROUPS
from observatory.store import queries

router = APIRouter(include_in_schema=False)

FILTER_KEYS = ("q", "country", "admin1", "since", "until", "event_type", "source", "min_killed")
EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
               "Strategic developments")
CONTEXT = 280  # characters of report text shown around an evidence sentence


def render(request: Request, name: str, ctx: dict[str, Any], status: int = 200, headers=None) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, ctx, status_code=status, headers=headers)


def error_page(request: Request, status: int, message: str, headers=None) -> HTMLResponse:
    return render(request, "error.html", {"status": status, "message": message}, status=status, headers=headers)


def _filters_from(request: Request) -> tuple[dict[str, str], queries.IncidentFilter]:
    raw = {k: request.query_params.get(k, "").strip() for k in FILTER_KEYS}
    mk = raw["min_killed"]
    if mk and not mk.isdigit():
        raise queries.QueryError("min_killed must be a whole number")
    flt = queries.IncidentFilter.parse(q=raw["q"], country=raw["country"], admin1=raw["admin1"], since=raw["since"],
                                       until=raw["until"], event_type=raw["event_type"], source=raw["source"],
                                       min_killed=int(mk) if mk else None)
    return raw, flt


def _int_param(request: Request, name: str, default: int, lo: int, hi: int) -> int:
    v = request.query_params.get(name)
    if v is None or v == "":
        return default
    if not v.isdigit() or not lo <= int(v) <= hi:
        raise queries.QueryError(f"{name} must be a whole number between {lo} and {hi}")
    return int(v)


def segments(text: str, spans: list[tuple[int, int, Any]]) -> list[tuple[str, Any]]:
    """Cut ``text`` into (piece, mark) pairs; ``mark`` is the span's label or None.

    Overlapping spans are clipped so that every character is shown exactly once.  The
    template escapes every piece (autoescape), so report text can never become markup.
    """
    out, pos = [], 0
    for s, e, label in sorted((s, e, lab) for s, e, lab in spans if s is not None and e is not None and e > s):
        s = max(s, pos)
        if e <= s:
            continue
        if s > pos:
            out.append((text[pos:s], None))
        out.append((text[s:e], label))
        pos = e
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def excerpt(text: str, start: int, end: int, label: Any, width: int = CONTEXT) -> dict[str, Any]:
    """The evidence sentence with some context either side, cut at spaces."""
    a = max(0, start - width)
    b = min(len(text), end + width)
    if a > 0:
        sp = text.find(" ", a, start)
        a = sp + 1 if sp >= 0 else a
    if b < len(text):
        sp = text.rfind(" ", end, b)
        b = sp if sp >= 0 else b
    return {"lead": a > 0, "tail": b < len(text), "segments": segments(text[a:b], [(start - a, end - a, label)])}


def _locate(text: str, ev: dict | None) -> tuple[int | None, int | None]:
    if not ev:
        return None, None
    s, e, t = ev.get("start"), ev.get("end"), ev.get("text")
    if isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(text) and (t is None or text[s:e] == t):
        return s, e
    if t:
        k = text.find(t)
        if k >= 0:
            return k, k + len(t)
    return None, None


def _fmt_est(e: Any) -> str | None:
    if not isinstance(e, dict):
        return None if e is None else str(e)
    b, lo, hi = e.get("best"), e.get("low"), e.get("high")
    if b is None and lo is None and hi is None:
        return None
    out = str(b) if b is not None else "unknown"
    if (lo is not None and lo != b) or hi is not None:
        out += f" ({'?' if lo is None else lo}–{'?' if hi is None else hi})"
    return out


def source_figures(src: dict) -> list[tuple[str, str]]:
    """A source's current figures as (label, text) pairs, from either record shape
    (``killed``/``injured``/``*_by_group`` keys, or a ``figures`` mapping)."""
    figs = src.get("figures") if isinstance(src.get("figures"), dict) else src
    out = []
    for kind in ("killed", "injured"):
        t = _fmt_est(figs.get(kind))
        if t:
            out.append((kind, t))
        for g, e in (figs.get(f"{kind}_by_group") or {}).items():
            t = _fmt_est(e)
            if t:
                out.append((f"{kind} · {g.replace('_', ' ')}", t))
    if figs is not src:  # a plain {label: figure} mapping
        out += [(k.replace("_", " "), _fmt_est(v) or "") for k, v in figs.items()
                if k not in ("killed", "injured", "killed_by_group", "injured_by_group")]
    return out


def _svg_series(series: list[dict], width: int = 640, height: int = 220) -> dict[str, Any] | None:
    """Coordinates for the per-source toll chart (drawn as inline SVG by the template)."""
    pts = [p for s in series for p in s["points"] if p.get("published")]
    if not pts:
        return None
    days = sorted({p["published"][:10] for p in pts})
    from datetime import date

    def dnum(d: str) -> int:
        try:
            return date.fromisoformat(d[:10]).toordinal()
        except ValueError:
            return 0
    d0, d1 = dnum(days[0]), dnum(days[-1])
    vmax = max(p["value"] for p in pts) or 1
    left, right, top, bottom = 48, 16, 12, 36
    w, h = width - left - right, height - top - bottom

    def x(d):
        return left + (w / 2 if d1 == d0 else (dnum(d) - d0) / (d1 - d0) * w)

    def y(v):
        return top + h - v / vmax * h
    palette = ["#b2182b", "#2166ac", "#1b7837", "#762a83", "#e08214", "#4d4d4d"]
    lines = []
    for i, s in enumerate(series):
        coords = [(round(x(p["published"]), 1), round(y(p["value"]), 1), p) for p in s["points"] if p.get("published")]
        if coords:
            lines.append({"source": s["source"], "color": palette[i % len(palette)],
                          "path": " ".join(f"{cx},{cy}" for cx, cy, _ in coords),
                          "points": [{"x": cx, "y": cy, "value": p["value"], "published": p["published"],
                                      "rule": p.get("rule"), "report_id": p["report_id"]} for cx, cy, p in coords]})
    ticks = sorted({0, vmax // 2, vmax})
    return {"width": width, "height": height, "lines": lines, "left": left, "top": top, "bottom": top + h,
            "right": left + w, "yticks": [{"y": round(y(t), 1), "label": t} for t in ticks],
            "xticks": [{"x": round(x(d), 1), "label": d} for d in ([days[0], days[-1]] if len(days) > 1 else days)]}


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    raw, flt = _filters_from(request)
    sort = request.query_params.get("sort") or "-killed"
    page = _int_param(request, "page", 1, 1, 1_000_000)
    res = queries.list_incidents(request.app.state.engine, flt, sort=sort, page=page, limit=50)
    qs = {k: v for k, v in raw.items() if v}
    api_qs = urlencode(qs)

    def page_url(p: int) -> str:
        return "/?" + urlencode({**qs, "sort": sort, "page": p})
    return render(request, "index.html", {
        "f": raw, "res": res, "sort": sort, "api_qs": api_qs, "event_types": EVENT_TYPES,
        "prev_url": page_url(page - 1) if page > 1 else None,
        "next_url": page_url(page + 1) if page < res["pages"] else None,
        "sort_url": lambda key: "/?" + urlencode({**qs, "sort": key}),
    })


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, incident_id: str) -> HTMLResponse:
    engine = request.app.state.engine
    inc = queries.get_incident(engine, incident_id)
    if inc is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    texts = queries.report_texts(engine, (c.get("report_id") for c in inc["claims"]))
    claims = []
    for n, c in enumerate(inc["claims"]):
        rep = texts.get(c.get("report_id") or "")
        ex = None
        if rep and rep.get("text"):
            s, e = _locate(rep["text"], c.get("evidence"))
            if s is not None:
                ex = excerpt(rep["text"], s, e, n)
        claims.append({"c": c, "report": rep, "excerpt": ex})
    groups = [(g, inc.get("killed_by_group", {}).get(g), inc.get("injured_by_group", {}).get(g))
              for g in list(GROUPS) + sorted(set(inc.get("killed_by_group") or {}) - set(GROUPS))]
    groups = [g for g in groups if g[1] or g[2]]
    sources = [{"s": src, "figures": source_figures(src)} for src in inc.get("sources") or [] if isinstance(src, dict)]
    return render(request, "incident.html", {"inc": inc, "claims": claims, "groups": groups, "sources": sources,
                                             "chart": _svg_series(inc.get("toll_series") or [])})


@router.get("/reports", response_class=HTMLResponse)
def reports_page(request: Request) -> HTMLResponse:
    q = request.query_params.get("q") or None
    page = _int_param(request, "page", 1, 1, 1_000_000)
    res = queries.list_reports(request.app.state.engine, q=q, since=request.query_params.get("since") or None,
                               until=request.query_params.get("until") or None, page=page, limit=50)
    base = {"q": q} if q else {}
    return render(request, "reports.html", {
        "res": res, "q": q or "",
        "prev_url": "/reports?" + urlencode({**base, "page": page - 1}) if page > 1 else None,
        "next_url": "/reports?" + urlencode({**base, "page": page + 1}) if page < res["pages"] else None})


@router.get("/reports/{report_id:path}", response_class=HTMLResponse)
def report_page(request: Request, report_id: str) -> HTMLResponse:
    rep = queries.get_report(request.app.state.engine, report_id)
    if rep is None:
        raise HTTPException(404, f"no report {report_id!r}")
    spans = [(e["start"], e["end"], e["claim_index"]) for e in rep["evidence"] if e["found"] != "missing"]
    return render(request, "report.html", {"rep": rep, "segments": segments(rep["text"] or "", spans)})


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)
