"""Reconciliation over extractions made by the real extractor (observatory.extract.pipeline)."""
from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import pytest

from observatory.model import Report
from observatory.reconcile import build_incidents, incident_to_dict

pipeline = pytest.importorskip("observatory.extract.pipeline", reason="the extractor is not available")

_spec = importlib.util.spec_from_file_location("fixture_loader", Path(__file__).parent / "fixtures/reports/loader.py")
loader = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(loader)

_cache: dict[str, list] = {}


def extracted(name):
    if name not in _cache:
        items = []
        for r in loader.fixture_reports(name):
            rep = Report(id=r["id"], text=r["text"], title=r.get("title"), publisher=r.get("publisher"),
                         published=r.get("published"), duplicate_of=r.get("duplicate_of"))
            items.append((rep, pipeline.extract_report(rep)))
        _cache[name] = items
    return list(_cache[name])


def dicts(items):
    return [incident_to_dict(i) for i in build_incidents(items)]


def test_seed_alone_one_episode_with_local_incidents():
    incs = dicts(extracted("seed"))
    eps = [d for d in incs if d["parent_id"] is None]
    assert len(eps) == 1, [d["title"] for d in incs]
    ep = eps[0]
    assert ep["killed"]["best"] == 1018
    assert ep["killed"]["low"] >= 1000
    g = ep["killed_by_group"]
    assert g["civilians"]["best"] == 745
    assert g["security_forces"]["best"] == 125
    assert g["militants"]["best"] == 148
    kids = [d for d in incs if d["parent_id"] == ep["id"]]
    mentions = {(k["location"] or {}).get("mention") for k in kids}
    assert {"Baniyas", "Tuwaym"} <= mentions
    baniyas = next(k for k in kids if (k["location"] or {}).get("mention") == "Baniyas")
    assert baniyas["killed"]["best"] == 20
    tuwaym = next(k for k in kids if (k["location"] or {}).get("mention") == "Tuwaym")
    assert tuwaym["killed_by_group"]["children"]["best"] == 9
    # the children's figures are not added on top of the episode's total
    assert ep["killed"]["best"] < 1018 + 20


def test_rising_toll_one_incident_latest_figure():
    incs = dicts(extracted("rising_toll"))
    assert len(incs) == 1
    assert incs[0]["killed"]["best"] == 23
    # the revision reports date the revision, not the strike
    assert (incs[0]["event"]["date_start"], incs[0]["event"]["date_end"]) == ("2025-01-10", "2025-01-10")
    assert {c["state"] for c in incs[0]["claims"] if c["report_id"] == "saraqib-1"} == {"superseded"}


def test_same_town_week_apart_real_extractor():
    incs = dicts(extracted("same_town"))
    assert len(incs) == 2
    assert sorted(d["killed"]["best"] for d in incs) == [2, 6]


def test_monitor_over_state_media_real_extractor():
    incs = dicts(extracted("disagree"))
    assert len(incs) == 1
    d = incs[0]
    assert (d["killed"]["best"], d["killed"]["low"]) == (11, 4)
    assert d["grade"] == "contested"


def test_real_extractions_order_independent():
    items = [x for n in ("seed", "rising_toll", "same_town", "disagree", "episode", "cumulative", "wire") for x in extracted(n)]
    a = json.dumps(dicts(items), sort_keys=True)
    random.Random(3).shuffle(items)
    assert json.dumps(dicts(items), sort_keys=True) == a
