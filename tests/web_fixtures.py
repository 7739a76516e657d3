"""Realistic generated stores for the web tests and the load benchmark (one builder, both uses).

``make_dataset(n, seed)`` returns reports and incidents shaped like the real stages' output
(issue 5's incident JSON, the extraction contract): report texts are composed from sentence
templates so that every claim's evidence offsets index the text exactly.  ``seed_store``
writes them into the schema.py tables with plain SQLAlchemy Core inserts (the same columns
``observatory.store.incidents.replace_incidents`` fills).

Imported by tests/test_web*.py, tests/test_browser*.py and bench/load_bench.py.
"""
from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta
from typing import Iterable

from sqlalchemy import insert

from observatory.store import schema
from observatory.store.incidents import replace_incidents

# (name, admin1, admin2, country, lat, lon, geonames_id)
PLACES = [
    ("Baniyas", "Tartus", "Baniyas", "SY", 35.182, 35.940, 171830),
    ("Latakia", "Latakia", "Latakia", "SY", 35.532, 35.791, 173576),
    ("Jableh", "Latakia", "Jableh", "SY", 35.361, 35.926, 169304),
    ("Idlib", "Idlib", "Idlib", "SY", 35.930, 36.634, 169389),
    ("Aleppo", "Aleppo", "Mount Simeon", "SY", 36.202, 37.161, 170063),
    ("Deir ez-Zor", "Deir ez-Zor", "Deir ez-Zor", "SY", 35.336, 40.141, 170794),
    ("Homs", "Homs", "Homs", "SY", 34.727, 36.723, 169577),
    ("Daraa", "Daraa", "Daraa", "SY", 32.625, 36.106, 170903),
    ("Mosul", "Nineveh", "Mosul", "IQ", 36.335, 43.119, 99072),
    ("Kirkuk", "Kirkuk", "Kirkuk", "IQ", 35.468, 44.392, 94787),
    ("Khan Younis", "Khan Yunis", None, "PS", 31.346, 34.306, 281133),
    ("Sanaa", "Amanat Al Asimah", None, "YE", 15.354, 44.207, 71137),
    ("Goma", "North Kivu", "Goma", "CD", -1.679, 29.228, 216281),
    ("Maiduguri", "Borno", "Maiduguri", "NG", 11.846, 13.160, 2331447),
    ("Kharkiv", "Kharkiv", "Kharkiv", "UA", 49.988, 36.233, 706483),
]
SOURCES = [
    ("Syrian Observatory for Human Rights", "monitor"),
    ("Syrian Network for Human Rights", "monitor"),
    ("SANA", "state_media"),
    ("Ministry of Health", "official"),
    ("Médecins Sans Frontières", "ngo"),
    ("local residents", "witness"),
]
PUBLISHERS = ["Reuters", "AFP", "Al Jazeera", "The New Arab", "Enab Baladi", "AP"]
EVENTS = [
    ("Violence against civilians", "Attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
]
GROUP_NOUNS = {"total": "people", "civilians": "civilians", "security_forces": "members of the security forces",
               "militants": "fighters", "children": "children"}
GRADES = ["single_source", "multiple_sources", "contested", "official_confirmation"]

XSS_TITLE = '<img src=x onerror="window.__xss_title=1">Gunmen attack <b>village</b>'
XSS_SCRIPT = "<script>window.__xss = 1;</script>"


def _est(best, low=None, high=None):
    return {"best": best, "low": best if low is None else low, "high": high}


def _report_text(publisher: str, published: str, source: str, place: str, parts: list[tuple[str, int]],
                 injured: int, extra: str = "") -> tuple[str, list[dict]]:
    """Compose a report; returns its text and the claims' evidence spans (exact offsets)."""
    text = f"{place.upper()} ({publisher}) — Violence continued in and around {place} this week. "
    spans = []
    for group, n in parts:
        lead = f"According to the {source}, "
        ev = f"{n} {GROUP_NOUNS[group]} were killed in {place}"
        text += lead
        spans.append({"group": group, "status": "killed", "value": n, "start": len(text), "end": len(text) + len(ev), "text": ev})
        text += ev + ". "
    if injured:
        ev = f"at least {injured} others were wounded"
        text += "Medics said "
        spans.append({"group": "total", "status": "injured", "value": injured, "start": len(text), "end": len(text) + len(ev), "text": ev})
        text += ev + ". "
    text += extra + f"Residents described the situation as tense on {published}. Since the war began, hundreds of thousands have died."
    return text, spans


def make_dataset(n: int, seed: int = 0, *, with_reports: bool = True, xss: bool = True,
                 start: date = date(2024, 1, 1), days: int = 730) -> tuple[list[dict], list[dict]]:
    """Generate ``n`` top-level incidents (+ a parent episode with two children, + reports).

    Returns ``(reports, incidents)``: report rows (with ``extraction``) and incident dicts in
    issue 5's shape.  Deterministic for a given ``seed``.
    """
    rng = random.Random(seed)
    reports: list[dict] = []
    incidents: list[dict] = []

    def add_incident(i: int, *, place=None, when=None, parent_id=None, sources=None, revisions=1,
                     title=None, xss_report=False, inc_id=None) -> dict:
        name, admin1, admin2, cc, lat, lon, gid = place or rng.choice(PLACES)
        lat += rng.uniform(-0.3, 0.3) if place is None else 0.0
        lon += rng.uniform(-0.3, 0.3) if place is None else 0.0
        d0 = when or (start + timedelta(days=rng.randrange(days)))
        d1 = d0 + timedelta(days=rng.choice([0, 0, 0, 1, 2]))
        etype, esub = rng.choice(EVENTS)
        srcs = sources or rng.sample(SOURCES, rng.choice([1, 1, 2, 3]))
        iid = inc_id or f"inc-{i:06d}"
        civ = rng.randint(0, 40)
        sec = rng.randint(0, 15)
        injured = rng.randint(0, 60)
        claims, inc_reports, src_out = [], [], []
        kb_all: dict[str, list[int]] = {}
        for s_i, (sname, skind) in enumerate(srcs):
            last = None
            for r_i in range(revisions if s_i == 0 else 1):
                pub = (d1 + timedelta(days=r_i + s_i)).isoformat()
                factor = 1.0 + 0.5 * r_i
                c_n, s_n = int(civ * factor) + (s_i * 2 if skind == "state_media" else 0), sec
                parts = [(g, v) for g, v in (("civilians", c_n), ("security_forces", s_n)) if v]
                if not parts:
                    parts = [("total", 1)]
                extra = f"A statement read {XSS_SCRIPT} aloud. " if xss_report else ""
                publisher = rng.choice(PUBLISHERS)
                text, spans = _report_text(publisher, pub, sname, name, parts, injured, extra)
                rid = f"rep-{iid}-{s_i}-{r_i}"
                rclaims = []
                for k, sp in enumerate(spans):
                    c = {"status": sp["status"], "group": sp["group"], "value": sp["value"], "low": sp["value"],
                         "high": None, "qualifier": "at_least" if sp["status"] == "injured" else "exact",
                         "scope": "incident", "source": sname, "source_kind": skind, "place": name,
                         "date_start": d0.isoformat(), "date_end": d1.isoformat(),
                         "evidence": {"start": sp["start"], "end": sp["end"], "text": sp["text"]}}
                    rclaims.append(c)
                    assert text[sp["start"]:sp["end"]] == sp["text"]
                    state = "current" if r_i == (revisions - 1 if s_i == 0 else 0) else "superseded"
                    claims.append({**c, "report_id": rid, "published": pub, "claim_index": k, "state": state,
                                   "reason": None if state == "current" else "revised by a later report of the same source"})
                    if state == "current" and sp["status"] == "killed":
                        kb_all.setdefault(sp["group"], []).append(sp["value"])
                title_r = (XSS_TITLE if xss_report else f"{sum(v for _, v in parts)} killed in {name}")
                if with_reports:
                    extraction = {"id": rid, "language": "en", "published": pub, "claims": rclaims,
                                  "location": {"name": name, "lat": lat, "lon": lon, "country": cc, "admin1": admin1,
                                               "admin2": admin2, "precision": 1, "geonames_id": gid},
                                  "event": {"type": etype, "sub_type": esub, "date_start": d0.isoformat(),
                                            "date_end": d1.isoformat(), "date_precision": 1, "actors": []},
                                  "places": [], "dates": [], "sources": [{"name": sname, "kind": skind, "mentions": 1}]}
                    reports.append({"id": rid, "content_hash": hashlib.sha256(text.encode()).hexdigest(), "text": text,
                                    "title": title_r, "url": f"https://news.example.org/{rid}", "publisher": publisher,
                                    "published": pub, "language": "en", "ingested_at": "2026-01-01T00:00:00Z",
                                    "source_path": None, "duplicate_of": None, "extraction": extraction,
                                    "extract_error": None})
                inc_reports.append({"id": rid, "publisher": publisher, "published": pub})
                last = {g: v for g, v in parts}
            src_out.append({"name": sname, "kind": skind,
                            "figures": {"killed": {"best": sum(last.values())}, **{g: {"best": v} for g, v in last.items()}}})
        kbg = {g: _est(max(v), min(v), max(v) if len(v) > 1 else None) for g, v in kb_all.items() if g != "total"}
        best = sum(e["best"] for e in kbg.values()) or max(kb_all.get("total", [0]))
        low = sum(e["low"] for e in kbg.values()) or best
        high = sum((e["high"] or e["best"]) for e in kbg.values()) if len(srcs) > 1 else None
        inc = {
            "id": iid, "parent_id": parent_id,
            "title": title or f"{etype} in {name}, {admin1}",
            "event": {"type": etype, "sub_type": esub, "date_start": d0.isoformat(), "date_end": d1.isoformat(),
                      "date_precision": 1},
            "location": {"name": name, "lat": round(lat, 4), "lon": round(lon, 4), "country": cc, "admin1": admin1,
                         "admin2": admin2, "precision": 1, "geonames_id": gid},
            "killed": _est(best, low, high), "injured": _est(injured or None, injured or None, None),
            "killed_by_group": kbg, "injured_by_group": {"total": _est(injured)} if injured else {},
            "grade": GRADES[min(len(srcs) - 1, 1)] if len(srcs) < 3 else "contested",
            "flags": [], "sources": src_out, "reports": inc_reports, "claims": claims,
        }
        incidents.append(inc)
        return inc

    # A regional episode with two local incidents (children never add to the parent's total).
    if n >= 3:
        coast = ("Coastal Syria", "Latakia", None, "SY", 35.40, 35.95, 163843)
        parent = add_incident(0, place=coast, when=date(2025, 3, 6), sources=[SOURCES[0], SOURCES[2]], revisions=3,
                              title="Coastal Syria killings, 6-8 March 2025", inc_id="inc-episode")
        add_incident(1, place=PLACES[0], when=date(2025, 3, 7), parent_id=parent["id"], sources=[SOURCES[0]],
                     title="Killings in Baniyas neighbourhoods", xss_report=xss)
        add_incident(2, place=PLACES[2], when=date(2025, 3, 8), parent_id=parent["id"], sources=[SOURCES[1]],
                     title="Mass burial near Jableh")
    for i in range(3, n):
        add_incident(i)
    return reports, incidents


def _chunks(rows: list, size: int) -> Iterable[list]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def seed_store(engine, reports: list[dict], incidents: list[dict], chunk: int = 5000) -> None:
    """Write reports and their claims (bulk Core inserts), then the incidents and their claim
    links with ``observatory.store.incidents.replace_incidents`` (or the same rows directly)."""
    schema.metadata.create_all(engine)
    with engine.begin() as conn:
        for part in _chunks(reports, chunk):
            conn.execute(insert(schema.reports), part)
        claim_rows = []
        for r in reports:
            for k, c in enumerate((r.get("extraction") or {}).get("claims") or []):
                ev = c.get("evidence") or {}
                claim_rows.append({"report_id": r["id"], "idx": k, "status": c["status"], "group": c["group"],
                                   "value": c.get("value"), "low": c.get("low"), "high": c.get("high"),
                                   "qualifier": c.get("qualifier"), "scope": c.get("scope"), "source": c.get("source"),
                                   "source_kind": c.get("source_kind"), "place": c.get("place"),
                                   "date_start": c.get("date_start"), "date_end": c.get("date_end"),
                                   "evidence_start": ev.get("start"), "evidence_end": ev.get("end"),
                                   "evidence_text": ev.get("text"), "data": c})
        for part in _chunks(claim_rows, chunk):
            conn.execute(insert(schema.claims), part)
    replace_incidents(engine, incidents)
