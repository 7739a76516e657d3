"""The export formats.  Pure functions over incident dicts; ``write_export`` writes them."""
from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, TextIO

from ..model import GROUPS

UCDP_COLUMNS = [
    "id", "year", "type_of_violence", "side_a", "side_b", "number_of_sources", "source_article",
    "source_office", "source_date", "source_headline", "where_prec", "where_description", "adm_1", "adm_2",
    "latitude", "longitude", "country", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b",
    "deaths_civilians", "deaths_unknown", "best", "high", "low",
]
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "actor2", "civilian_targeting", "country", "admin1", "admin2", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities",
]
FLAT_GROUPS = [g for g in GROUPS if g != "total"]
FLAT_COLUMNS = [
    "id", "parent_id", "title", "event_type", "sub_event_type", "date_start", "date_end", "date_precision",
    "location", "country", "admin1", "admin2", "latitude", "longitude", "where_prec",
    "killed_best", "killed_low", "killed_high", "injured_best", "injured_low", "injured_high",
    *[f"killed_{g}" for g in FLAT_GROUPS], "grade", "flags", "n_sources", "n_reports", "sources", "report_ids",
]
FORMATS = ("ucdp", "acled", "geojson", "csv", "json")


@lru_cache(maxsize=1)
def _acled_vocab() -> dict[str, Any]:
    return json.loads(Path(__file__).with_name("acled.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=512)
def _country(cc: str | None) -> tuple[str, str]:
    """(name, alpha-3) of an ISO alpha-2 code."""
    if not cc:
        return "", ""
    try:
        import pycountry

        c = pycountry.countries.get(alpha_2=cc.upper())
    except Exception:  # pragma: no cover - pycountry is a dependency
        c = None
    if c is None:
        return cc.upper(), cc.upper()
    return getattr(c, "common_name", None) or c.name, c.alpha_3


def _n(v: Any) -> Any:
    return "" if v is None else v


def _sides(d: dict[str, Any]) -> tuple[str, str]:
    actors = (d.get("event") or {}).get("actors") or []
    a = [x["name"] for x in actors if x.get("role") == "perpetrator" and x.get("name")]
    b = [x["name"] for x in actors if x.get("role") != "perpetrator" and x.get("name")]
    if len(a) > 1 and not b:
        a, b = a[:1], a[1:]
    return "; ".join(a), "; ".join(b)


def _live_reports(d: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in d.get("reports") or [] if not r.get("duplicate_of")]


def _g(d: dict[str, Any], group: str) -> int | None:
    return ((d.get("killed_by_group") or {}).get(group) or {}).get("best")


def _ged_split(d: dict[str, Any]) -> dict[str, int]:
    """GED death categories of an incident: a = security forces, b = militants, civilians
    (or children + women when no civilian figure), unknown = the rest of best."""
    best = (d.get("killed") or {}).get("best")
    if best is None:
        best = (d.get("killed") or {}).get("low")
    a, b = _g(d, "security_forces") or 0, _g(d, "militants") or 0
    civ = _g(d, "civilians")
    if civ is None:
        civ = (_g(d, "children") or 0) + (_g(d, "women") or 0)
    best = max(best or 0, a + b + civ)
    return {"a": a, "b": b, "civ": civ, "unknown": best - a - b - civ, "best": best}


def disjoint(incidents: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Incidents whose figures can be added up.

    An episode exported together with its local incidents keeps only the remainder, so that
    the rows of a GED- or ACLED-style file never count the same dead twice.  Each incident
    gets ``_ged`` (its GED death categories); an episode's are reduced by its children's,
    category by category, taking any excess from unknown, then civilians, militants and
    security forces.
    """
    incidents = list(incidents)
    kids: dict[str, list[dict[str, Any]]] = {}
    for d in incidents:
        if d.get("parent_id"):
            kids.setdefault(d["parent_id"], []).append(d)
    out = []
    for d in incidents:
        d = dict(d)
        ged = _ged_split(d)
        ch = kids.get(d["id"])
        if ch:
            taken = {k: sum(_ged_split(c)[k] for c in ch) for k in ("a", "b", "civ", "unknown")}
            excess = 0
            for k in ("a", "b", "civ", "unknown"):
                ged[k] -= taken[k]
                if ged[k] < 0:
                    excess += -ged[k]
                    ged[k] = 0
            for k in ("unknown", "civ", "b", "a"):
                cut = min(ged[k], excess)
                ged[k] -= cut
                excess -= cut
            removed = ged["best"] - (ged["a"] + ged["b"] + ged["civ"] + ged["unknown"])
            ged["best"] -= removed
            d["_killed_full"] = d.get("killed")
            k = dict(d.get("killed") or {})
            if k.get("low") is not None:
                k["low"] = min(ged["best"], max(0, k["low"] - removed))
            if k.get("high") is not None:
                k["high"] = max(ged["best"], k["high"] - removed)
            if k.get("best") is not None:
                k["best"] = ged["best"]
            d["killed"] = k
            d["remainder_of_episode"] = True
        d["_ged"] = ged
        out.append(d)
    return out


def to_ucdp_rows(incidents: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """UCDP GED-style rows (an episode's row keeps what its exported local incidents do not cover).

    deaths_a = security forces, deaths_b = militants (UCDP side A is usually the state),
    deaths_civilians = civilians, deaths_unknown = the rest of best.  low/high default to
    best when no bound is known (GED always fills them).
    """
    rows = []
    for d in disjoint(incidents):
        ev, loc, k = d.get("event") or {}, d.get("location") or {}, d.get("killed") or {}
        reps = _live_reports(d)
        ged = d["_ged"]
        best = ged["best"] if (k.get("best") is not None or k.get("low") is not None) else None
        low = k.get("low") if k.get("low") is not None else best
        high = k.get("high") if k.get("high") is not None else best
        if best is not None:
            low, high = min(low, best), max(high, best)
        side_a, side_b = _sides(d)
        if ev.get("type") == "Violence against civilians" and not side_b:
            side_b = "Civilians"
        rows.append({
            "id": d["id"], "year": (ev.get("date_start") or "")[:4],
            "type_of_violence": 3 if ev.get("type") == "Violence against civilians" else "",
            "side_a": side_a, "side_b": side_b, "number_of_sources": len(reps),
            "source_article": ";".join(f'"{r.get("publisher") or ""},{r.get("published") or ""},{r.get("title") or r["id"]}"' for r in reps),
            "source_office": ";".join(r.get("publisher") or "" for r in reps),
            "source_date": ";".join(r.get("published") or "" for r in reps),
            "source_headline": ";".join(r.get("title") or "" for r in reps),
            "where_prec": _n(loc.get("precision")),
            "where_description": loc.get("name") or loc.get("mention") or "",
            "adm_1": loc.get("admin1") or "", "adm_2": loc.get("admin2") or "",
            "latitude": _n(loc.get("lat")), "longitude": _n(loc.get("lon")),
            "country": _country(loc.get("country"))[0],
            "date_prec": _n(ev.get("date_precision")), "date_start": _n(ev.get("date_start")), "date_end": _n(ev.get("date_end")),
            "deaths_a": ged["a"], "deaths_b": ged["b"], "deaths_civilians": ged["civ"],
            "deaths_unknown": ged["unknown"],
            "best": _n(best), "high": _n(high), "low": _n(low),
        })
    return rows


def to_acled_rows(incidents: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """ACLED-style rows; fatalities follow ACLED's conservative rule (the lowest reliable figure)."""
    v = _acled_vocab()
    rows = []
    for d in disjoint(incidents):
        ev, loc, k = d.get("event") or {}, d.get("location") or {}, d.get("killed") or {}
        name, a3 = _country(loc.get("country"))
        etype = ev.get("type") or ""
        actor1, actor2 = _sides(d)
        kinds = sorted({s.get("kind") for s in d.get("sources") or [] if s.get("kind")})
        scales = sorted({v["source_scale_from_kinds"].get(x, "Other") for x in kinds})
        fat = k.get("low") if k.get("low") is not None else k.get("best")
        reps = _live_reports(d)
        notes = d.get("title") or ""
        full = d.get("_killed_full") or k
        if full.get("best") is not None:
            notes += f". Reported killed: best {full.get('best')}, low {full.get('low')}, high {full.get('high')}"
        if d.get("remainder_of_episode"):
            notes += ". Fatalities exclude those of its local incidents, exported as their own events"
        notes += f". Sourcing: {d.get('grade')}."
        rows.append({
            "event_id_cnty": f"{a3 or 'XXX'}{d['id'].removeprefix('inc-').upper()}",
            "event_date": _n(ev.get("date_start")), "year": (ev.get("date_start") or "")[:4],
            "time_precision": v["time_precision_from_date_prec"].get(str(ev.get("date_precision")), 3),
            "disorder_type": v["disorder_type"].get(etype, ""), "event_type": etype,
            "sub_event_type": ev.get("sub_type") or "", "actor1": actor1, "actor2": actor2,
            "civilian_targeting": "Civilian targeting" if (etype == "Violence against civilians" or _g(d, "civilians")) else "",
            "country": name, "admin1": loc.get("admin1") or "", "admin2": loc.get("admin2") or "",
            "location": loc.get("name") or loc.get("mention") or "",
            "latitude": _n(loc.get("lat")), "longitude": _n(loc.get("lon")),
            "geo_precision": v["geo_precision_from_where_prec"].get(str(loc.get("precision")), 3),
            "source": "; ".join(sorted({r.get("publisher") or "" for r in reps} - {""})) or "; ".join(
                s["name"] for s in d.get("sources") or []),
            "source_scale": "-".join(scales), "notes": notes, "fatalities": fat if fat is not None else 0,
        })
    return rows


def _props(d: dict[str, Any]) -> dict[str, Any]:
    ev, loc, k, j = d.get("event") or {}, d.get("location") or {}, d.get("killed") or {}, d.get("injured") or {}
    return {
        "id": d["id"], "parent_id": d.get("parent_id"), "title": d.get("title"),
        "event_type": ev.get("type"), "sub_event_type": ev.get("sub_type"),
        "date_start": ev.get("date_start"), "date_end": ev.get("date_end"), "date_precision": ev.get("date_precision"),
        "location": loc.get("name") or loc.get("mention"), "country": loc.get("country"), "admin1": loc.get("admin1"),
        "where_prec": loc.get("precision"),
        "killed_best": k.get("best"), "killed_low": k.get("low"), "killed_high": k.get("high"),
        "injured_best": j.get("best"), "injured_low": j.get("low"), "injured_high": j.get("high"),
        "killed_by_group": d.get("killed_by_group") or {}, "grade": d.get("grade"),
        "n_sources": len(d.get("sources") or []), "n_reports": len(_live_reports(d)),
    }


def to_geojson(incidents: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of points; incidents without coordinates are left out
    (their count is in ``properties.without_coordinates``)."""
    feats, missing = [], 0
    for d in incidents:
        loc = d.get("location") or {}
        if loc.get("lat") is None or loc.get("lon") is None:
            missing += 1
            continue
        feats.append({"type": "Feature", "id": d["id"],
                      "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
                      "properties": _props(d)})
    return {"type": "FeatureCollection", "features": feats, "properties": {"without_coordinates": missing}}


def to_flat_rows(incidents: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for d in incidents:
        p = _props(d)
        loc = d.get("location") or {}
        row = {
            "id": p["id"], "parent_id": _n(p["parent_id"]), "title": p["title"], "event_type": _n(p["event_type"]),
            "sub_event_type": _n(p["sub_event_type"]), "date_start": _n(p["date_start"]), "date_end": _n(p["date_end"]),
            "date_precision": _n(p["date_precision"]), "location": _n(p["location"]), "country": _n(p["country"]),
            "admin1": _n(p["admin1"]), "admin2": _n(loc.get("admin2")), "latitude": _n(loc.get("lat")),
            "longitude": _n(loc.get("lon")), "where_prec": _n(p["where_prec"]),
            **{f: _n(p[f]) for f in ("killed_best", "killed_low", "killed_high", "injured_best", "injured_low", "injured_high")},
            **{f"killed_{g}": _n(_g(d, g)) for g in FLAT_GROUPS},
            "grade": _n(p["grade"]), "flags": ";".join(d.get("flags") or []), "n_sources": p["n_sources"],
            "n_reports": p["n_reports"], "sources": "; ".join(s["name"] for s in d.get("sources") or []),
            "report_ids": ";".join(r["id"] for r in d.get("reports") or []),
        }
        rows.append(row)
    return rows


def _write_csv(rows: list[dict[str, Any]], cols: list[str], fh: TextIO) -> None:
    w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)


def write_export(fmt: str, incidents: Iterable[dict[str, Any]], out: str | Path | TextIO) -> int:
    """Write incidents in ``fmt`` to a path or an open text stream; returns the number written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    incidents = list(incidents)
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            return write_export(fmt, incidents, fh)
    if fmt == "ucdp":
        _write_csv(to_ucdp_rows(incidents), UCDP_COLUMNS, out)
    elif fmt == "acled":
        _write_csv(to_acled_rows(incidents), ACLED_COLUMNS, out)
    elif fmt == "csv":
        _write_csv(to_flat_rows(incidents), FLAT_COLUMNS, out)
    elif fmt == "geojson":
        json.dump(to_geojson(incidents), out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        json.dump(incidents, out, ensure_ascii=False, indent=1)
        out.write("\n")
    return len(incidents)


def export_string(fmt: str, incidents: Iterable[dict[str, Any]]) -> str:
    buf = io.StringIO()
    write_export(fmt, incidents, buf)
    return buf.getvalue()
