"""The bundled seed report against every expectation of tests/data/seed_expected.json.

The checks mirror ../shared/seed/check.py: summary figures, required and forbidden claims,
resolved and not-snapped places, dates, event and sources.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from observatory.extract.pipeline import extract

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = json.loads((ROOT / "tests" / "data" / "seed_expected.json").read_text(encoding="utf-8"))
SEED = ROOT / "examples" / EXPECTED["input"]["file"]


def _km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _contains(wanted, text):
    alts = wanted if isinstance(wanted, list) else [wanted]
    return any(a.lower() in (text or "").lower() for a in alts)


@pytest.fixture(scope="module")
def out() -> dict:
    text = SEED.read_text(encoding="utf-8")
    d = extract(text, id=EXPECTED["input"]["id"], published=EXPECTED["input"]["published"]).to_dict()
    # the output is plain JSON and evidence spans index the text
    json.dumps(d)
    for c in d["claims"]:
        ev = c["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"]
    return d


def test_summary_killed(out):
    k = out["summary"]["killed"]
    assert k["best"] == EXPECTED["summary"]["killed"]["best"]
    assert (k["low"] or 0) >= EXPECTED["summary"]["killed"]["low_at_least"]


@pytest.mark.parametrize("group", list(EXPECTED["summary"]["killed_by_group"]))
def test_summary_by_group(out, group):
    got = (out["summary"]["killed_by_group"].get(group) or {}).get("best")
    assert got == EXPECTED["summary"]["killed_by_group"][group]


def _fits(c, want):
    for key in ("status", "group", "value", "qualifier"):
        if key in want and c.get(key) != want[key]:
            return False
    if "source_contains" in want and not _contains(want["source_contains"], c.get("source")):
        return False
    if "place_contains" in want and want["place_contains"].lower() not in json.dumps(c.get("place")).lower():
        return False
    return True


@pytest.mark.parametrize("want", EXPECTED["claims_required"], ids=lambda w: f"{w.get('status')}-{w.get('group', '')}-{w.get('value', '')}")
def test_claim_required(out, want):
    assert any(_fits(c, want) for c in out["claims"]), want


@pytest.mark.parametrize("bad", EXPECTED["claims_forbidden"], ids=lambda b: str(b["value"]))
def test_claim_forbidden(out, bad):
    assert not any(c["value"] == bad["value"] and c["status"] == "killed" and c.get("scope", "incident") == "incident"
                   for c in out["claims"]), bad["why"]


@pytest.mark.parametrize("want", EXPECTED["places_resolved"], ids=lambda w: w["mention"])
def test_place_resolved(out, want):
    hits = [p for p in out["places"] if want["mention"].lower() in (p.get("mention") or "").lower() and p.get("lat") is not None]
    assert any(_km((p["lat"], p["lon"]), (want["lat"], want["lon"])) <= want["within_km"] for p in hits)


@pytest.mark.parametrize("want", EXPECTED["places_not_snapped"], ids=lambda w: w["mention"])
def test_place_not_snapped(out, want):
    hits = [p for p in out["places"] if want["mention"].lower() in (p.get("mention") or "").lower()]
    assert hits, "mention not found"
    n = want["not_near"]
    assert not any(p.get("lat") is not None and _km((p["lat"], p["lon"]), (n["lat"], n["lon"])) < n["km"] for p in hits)


@pytest.mark.parametrize("want", EXPECTED["dates"], ids=lambda w: w["mention_contains"])
def test_dates(out, want):
    assert any(want["mention_contains"].lower() in (d.get("mention") or "").lower() and d.get("date") == want["date"]
               for d in out["dates"])


def test_event(out):
    ev = out["event"]
    assert ev["date_start"] == EXPECTED["event"]["date_start"]
    assert ev["date_end"] == EXPECTED["event"]["date_end"]
    assert ((out.get("location") or {}).get("country") or "").upper() == EXPECTED["event"]["country"]
    assert ev["type"] in EXPECTED["event"]["type_in"]


@pytest.mark.parametrize("want", EXPECTED["sources_required"], ids=lambda w: w["kind"])
def test_sources(out, want):
    assert any(_contains(want["name_contains"], s["name"]) and s["kind"] == want["kind"] for s in out["sources"])
