"""Reconciliation on realistic multi-report fixtures (tests/fixtures/reports/)."""
from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import pytest

from observatory.reconcile import build_incidents, explain_text, incident_to_dict, load_policy

_spec = importlib.util.spec_from_file_location("fixture_loader", Path(__file__).parent / "fixtures/reports/loader.py")
loader = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(loader)
load_fixture = loader.load_fixture


def build(name, policy=None, shuffle_seed=None):
    items = load_fixture(name)
    if shuffle_seed is not None:
        random.Random(shuffle_seed).shuffle(items)
    return [incident_to_dict(i) for i in build_incidents(items, policy)]


def by_report(incs, rid):
    return [d for d in incs if any(c["report_id"] == rid for c in d["claims"]) or any(r["id"] == rid for r in d["reports"])]


def test_rising_toll_latest_supersedes_earlier():
    incs = build("rising_toll")
    assert len(incs) == 1
    d = incs[0]
    assert d["killed"] == {"best": 23, "low": 23, "high": 23}
    assert d["killed_by_group"]["children"]["best"] == 6
    assert d["injured"]["best"] == 31
    states = {(c["report_id"], c["group"], c["status"]): c["state"] for c in d["claims"]}
    assert states[("saraqib-1", "total", "killed")] == "superseded"
    assert states[("saraqib-2", "total", "killed")] == "superseded"
    assert states[("saraqib-3", "total", "killed")] == "current"
    assert states[("saraqib-2", "children", "killed")] == "superseded"
    assert states[("saraqib-3", "children", "killed")] == "part_of"
    sup = [c for c in d["claims"] if c["state"] == "superseded"]
    assert all("saraqib-3" in c["reason"] for c in sup)
    # SOHR and "Syrian Observatory for Human Rights" are one source
    assert [s["name"] for s in d["sources"]] == ["Syrian Observatory for Human Rights"]
    assert d["grade"] == "single source"
    assert [r["id"] for r in d["reports"]] == ["saraqib-1", "saraqib-2", "saraqib-3"]
    assert d["event"]["date_start"] == "2025-01-10" and d["event"]["type"] == "Explosions/Remote violence"


def test_monitor_and_state_media_disagree():
    incs = build("disagree")
    assert len(incs) == 1
    d = incs[0]
    assert d["killed"]["best"] == 11  # monitor outranks state media
    assert d["killed"]["low"] == 4
    assert d["killed"]["high"] == 11
    assert d["grade"] == "contested"
    assert "contested:killed.total" in d["flags"]
    best = next(e for e in d["explanations"] if e.get("status") == "killed" and e.get("group") == "total" and e["field"] == "best")
    assert "Syrian Observatory" in best["rule"] and best["claims"][0]["report_id"] == "homs-sohr"
    kinds = {s["name"]: s["kind"] for s in d["sources"]}
    assert kinds["Syrian Arab News Agency"] == "state_media"


def test_policy_can_rank_state_media_first():
    pol = load_policy({"source_kind_rank": {"state_media": 9}})
    d = build("disagree", policy=pol)[0]
    assert d["killed"]["best"] == 4


def test_local_incidents_inside_regional_episode():
    incs = build("episode")
    eps = [d for d in incs if d["parent_id"] is None]
    kids = [d for d in incs if d["parent_id"] is not None]
    assert len(eps) == 1 and len(kids) == 2
    ep = eps[0]
    assert all(k["parent_id"] == ep["id"] for k in kids)
    # parent figures come from the episode-level claims, children never added on top
    assert ep["killed"]["best"] == 52
    assert ep["killed_by_group"]["civilians"]["best"] == 8
    assert ep["killed_by_group"]["security_forces"]["best"] == 14
    tafas = next(k for k in kids if k["location"]["geonames_id"] == 163806)
    nawa = next(k for k in kids if k["location"]["geonames_id"] == 166365)
    # the second outlet's Tafas report joins the local incident, not the episode
    assert {r["id"] for r in tafas["reports"]} == {"daraa-episode", "tafas-local"}
    assert tafas["killed_by_group"]["civilians"]["best"] == 6  # monitor outranks a witness
    assert tafas["killed_by_group"]["civilians"]["high"] == 7
    assert tafas["grade"] == "several independent sources"
    assert nawa["killed_by_group"]["security_forces"]["best"] == 3
    nawa_claim = next(c for c in nawa["claims"] if c["value"] == 3)
    assert nawa_claim["state"] == "part_of" and "episode" in nawa_claim["reason"]
    # the cumulative provincial toll is excluded with a reason, never a figure
    cum = next(c for c in ep["claims"] if c["value"] == 20000)
    assert cum["state"] == "excluded" and "cumulative" in cum["reason"]
    assert max(e["best"] or 0 for e in [ep["killed"], *ep["killed_by_group"].values()]) < 20000


def test_wire_story_republished_counted_once():
    incs = build("wire")
    assert len(incs) == 1
    d = incs[0]
    assert len(d["reports"]) == 5
    dups = [c for c in d["claims"] if c["report_id"] in ("kharkiv-abc", "kharkiv-wapo", "kharkiv-toi")]
    assert dups and all(c["state"] == "excluded" and "duplicate" in c["reason"] for c in dups)
    names = sorted(s["name"] for s in d["sources"] if s["claims"])
    assert names == ["Ihor Terekhov", "Oleh Syniehubov"]
    # "at least 7" then 16 from another official: a rising toll, not a contradiction
    assert d["killed"]["best"] == 16 and d["killed"]["low"] == 7
    assert d["grade"] == "official confirmation"
    assert d["injured"]["best"] == 24


def test_wire_duplicates_alone_count_once():
    items = [x for x in load_fixture("wire") if x[0].id != "kharkiv-kyivind"]
    d = incident_to_dict(build_incidents(items)[0])
    assert d["killed"]["best"] == 7
    assert sum(1 for c in d["claims"] if c["state"] == "current" and c["status"] == "killed") == 1


def test_cumulative_toll_never_enters_an_incident():
    incs = build("cumulative")
    assert len(incs) == 1  # the feature story with only a war-long toll opens no incident
    d = incs[0]
    assert d["killed"]["best"] == 3
    for c in d["claims"]:
        if c["value"] in (500000, 1500):
            assert c["state"] == "excluded" and c["reason"]
    assert all((e["best"] or 0) < 1000 for e in d["killed_by_group"].values())
    assert {r["id"] for r in d["reports"]} == {"jasim-drone", "war-feature"}


def test_same_town_a_week_apart_kept_apart():
    incs = build("same_town")
    assert len(incs) == 2
    first, second = sorted(incs, key=lambda d: d["event"]["date_start"])
    assert {r["id"] for r in first["reports"]} == {"afrin-car-bomb", "afrin-car-bomb-update"}
    assert {r["id"] for r in second["reports"]} == {"afrin-shelling"}
    assert first["killed"]["best"] == 6 and first["killed"]["low"] == 5
    assert first["grade"] == "several independent sources"
    assert second["killed"]["best"] == 2
    assert first["id"] != second["id"]


@pytest.mark.parametrize("name", ["rising_toll", "disagree", "episode", "wire", "cumulative", "same_town", "seed"])
def test_order_does_not_matter(name):
    base = json.dumps(build(name), sort_keys=True)
    for seed in (1, 2, 3):
        assert json.dumps(build(name, shuffle_seed=seed), sort_keys=True) == base


def test_all_fixtures_together_in_any_order():
    names = ["rising_toll", "disagree", "episode", "wire", "cumulative", "same_town", "seed"]
    items = [x for n in names for x in load_fixture(n)]
    a = [incident_to_dict(i) for i in build_incidents(items)]
    random.Random(7).shuffle(items)
    b = [incident_to_dict(i) for i in build_incidents(items)]
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    # the scenarios do not bleed into each other
    assert len(a) == 1 + 1 + 3 + 1 + 1 + 2 + 4
    assert len({d["id"] for d in a}) == len(a)


def test_seed_hand_extraction_episode_and_local_incidents():
    incs = build("seed")
    eps = [d for d in incs if d["parent_id"] is None]
    assert len(eps) == 1
    ep = eps[0]
    kids = [d for d in incs if d["parent_id"] == ep["id"]]
    assert len(kids) == 3
    assert ep["killed"]["best"] == 1018 and ep["killed"]["low"] >= 1000
    g = ep["killed_by_group"]
    assert (g["civilians"]["best"], g["security_forces"]["best"], g["militants"]["best"]) == (745, 125, 148)
    names = {(k["location"] or {}).get("mention") for k in kids}
    assert names == {"Baniyas", "Al-Janoudiya", "Tuwaym"}
    baniyas = next(k for k in kids if k["location"]["mention"] == "Baniyas")
    assert baniyas["killed"]["best"] == 20
    tuwaym = next(k for k in kids if k["location"]["mention"] == "Tuwaym")
    assert tuwaym["killed_by_group"]["children"]["best"] == 9
    assert tuwaym["location"]["lat"] is None  # unresolved, never snapped
    hist = next(c for c in ep["claims"] if c["value"] == 14)
    assert hist["state"] == "excluded"


def test_explanations_name_claims_and_rules():
    d = build("seed")
    ep = next(x for x in d if x["parent_id"] is None)
    text = explain_text(ep)
    assert "killed.total.best = 1018" in text
    assert "sum of disjoint groups" in text
    assert "over 745 civilians perished" in text
    assert "syria-coast-2025-03-08" in text
    for e in ep["explanations"]:
        assert e["rule"]


def test_synthetic_corpus_order_independent_and_blocked():
    spec = importlib.util.spec_from_file_location("link_bench", Path(__file__).parents[1] / "bench/link_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    items, truth, _ = bench.synthesise(2000, 5)
    a = [incident_to_dict(i) for i in build_incidents(items)]
    random.Random(11).shuffle(items)
    b = [incident_to_dict(i) for i in build_incidents(items)]
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    # every report's claims land in exactly one incident each; no figure comes from a cumulative toll
    seen = set()
    for d in a:
        for c in d["claims"]:
            key = (c["report_id"], c["claim_index"])
            assert key not in seen
            seen.add(key)
            if c["scope"] != "incident":
                assert c["state"] == "excluded"
        assert (d["killed"]["best"] or 0) < 100000
    assert len({d["id"] for d in a}) == len(a)
    by_id = {d["id"]: d for d in a}
    kids = [d for d in a if d["parent_id"]]
    assert kids  # the synthetic corpus has regional episodes with local incidents
    for d in kids:
        parent = by_id[d["parent_id"]]
        assert parent["parent_id"] is None and parent["kind"] == "episode" and d["kind"] == "local"


def test_policy_overlay_file_and_errors(tmp_path, monkeypatch):
    p = tmp_path / "pol.json"
    p.write_text(json.dumps({"date_window_days": 10, "source_kind_rank": {"witness": 9}}))
    pol = load_policy(p)
    assert pol["date_window_days"] == 10
    assert pol["source_kind_rank"]["witness"] == 9 and pol["source_kind_rank"]["monitor"] == 6
    monkeypatch.setenv("OBSERVATORY_POLICY", str(p))
    assert load_policy()["date_window_days"] == 10
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ValueError, match="bad.json"):
        load_policy(bad)


def test_wider_window_merges_the_week_apart_incidents():
    pol = load_policy({"date_window_days": 8})
    assert len(build("same_town", policy=pol)) == 1
