"""Single rules of reconciliation, on small hand-built reports."""
from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

from observatory.model import Claim, Estimate, Event, Evidence, Extraction, Place, Report, Summary
from observatory.reconcile import build_incidents, incident_to_dict

_spec = importlib.util.spec_from_file_location("fixture_loader", Path(__file__).parent / "fixtures/reports/loader.py")
loader = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(loader)

MOSUL = dict(name="Mosul", lat=36.335, lon=43.119, country="IQ", admin1="Nineveh", geonames_id=99072, feature="PPLA", precision=1)


def place(mention, **kw):
    return Place(mention=mention, start=0, end=len(mention), **kw)


def claim(text, ev, **kw):
    i = text.index(ev)
    return Claim(evidence=Evidence(i, i + len(ev), ev), **kw)


def report(rid, text, claims, *, published="2024-03-02", loc=None, summary=None, event=None, publisher="Rudaw"):
    rep = Report(id=rid, text=text, publisher=publisher, published=published)
    ex = Extraction(id=rid, published=published, location=loc, places=[loc] if loc else [], claims=claims,
                    summary=summary or Summary(),
                    event=event or Event(type="Explosions/Remote violence", date_start=published, date_end=published))
    return rep, ex


def test_separate_tolls_of_one_source_follow_the_report_summary():
    text = "A car bombing at a checkpoint in Mosul killed 8 people, while militants shot dead 4 others in the city."
    claims = [claim(text, "killed 8 people", status="killed", group="total", value=8, place="Mosul"),
              claim(text, "shot dead 4 others", status="killed", group="total", value=4, place="Mosul")]
    item = report("mosul-1", text, claims, loc=place("Mosul", **MOSUL),
                  summary=Summary(killed=Estimate(best=12, low=12)))
    d = incident_to_dict(build_incidents([item])[0])
    assert d["killed"]["best"] == 12
    best = next(e for e in d["explanations"] if e.get("group") == "total" and e["field"] == "best")
    assert "summary" in best["rule"]


def test_two_sources_in_one_report_are_reconciled_not_summarised():
    text = "Police said 8 people were killed in Mosul; a hospital source put the toll at 14."
    claims = [claim(text, "8 people were killed", status="killed", group="total", value=8, source="Police",
                    source_kind="official", place="Mosul"),
              claim(text, "toll at 14", status="killed", group="total", value=14, source="a hospital source",
                    source_kind="other", place="Mosul")]
    item = report("mosul-2", text, claims, loc=place("Mosul", **MOSUL), summary=Summary(killed=Estimate(best=22)))
    d = incident_to_dict(build_incidents([item])[0])
    assert d["killed"]["best"] == 8  # the official outranks the unnamed hospital source
    assert d["killed"]["low"] == 8 and d["killed"]["high"] == 14


def test_stated_total_outranks_a_partial_sum():
    text = "The attack killed twenty-two people, the Interior Ministry said nine of the dead were civilians."
    claims = [claim(text, "killed twenty-two people", status="killed", group="total", value=22),
              claim(text, "nine of the dead were civilians", status="killed", group="civilians", value=9,
                    source="Interior Ministry", source_kind="official")]
    d = incident_to_dict(build_incidents([report("khobar", text, claims, loc=place("Mosul", **MOSUL))])[0])
    assert d["killed"]["best"] == 22
    assert d["killed_by_group"]["civilians"]["best"] == 9


def test_undated_reports_never_link():
    text = "A bomb in Mosul killed 3."
    items = [report(f"undated-{i}", text + " " * i, [claim(text, "killed 3", status="killed", group="total", value=3)],
                    published=None, loc=place("Mosul", **MOSUL), event=Event(type="Explosions/Remote violence"))
             for i in range(2)]
    assert len(build_incidents(items)) == 2


def test_month_long_ranges_do_not_link():
    text = "In January, clashes in Mosul killed 9."
    ev = Event(type="Battles", date_start="2024-01-01", date_end="2024-01-31", date_precision=4)
    a = report("jan-a", text, [claim(text, "killed 9", status="killed", group="total", value=9)],
               published="2024-02-01", loc=place("Mosul", **MOSUL), event=ev)
    b = report("jan-b", text + " ", [claim(text, "killed 9", status="killed", group="total", value=9)],
               published="2024-02-02", loc=place("Mosul", **MOSUL), event=copy.deepcopy(ev))
    assert len(build_incidents([a, b])) == 2


def test_main_town_with_its_own_claim_becomes_a_local_incident():
    items = loader.load_fixture("seed")
    rep, ex = items[0]
    baniyas = next(p for p in ex.places if p.mention == "Baniyas")
    ex.location = copy.deepcopy(baniyas)  # a geocoder that picks Baniyas as the main place
    incs = [incident_to_dict(i) for i in build_incidents([(rep, ex)])]
    ep = next(d for d in incs if d["parent_id"] is None)
    assert ep["killed"]["best"] == 1018 and ep["grade"] == "single source"
    assert ep["location"]["precision"] == 4 and ep["location"]["admin1"] == "Tartus"
    kids = {d["location"]["mention"]: d for d in incs if d["parent_id"] == ep["id"]}
    assert set(kids) == {"Baniyas", "Al-Janoudiya", "Tuwaym"}
    assert kids["Baniyas"]["killed"]["best"] == 20


def test_duplicate_joins_its_original_even_without_dates():
    text = "A bomb in Mosul killed 3."
    orig = report("orig", text, [claim(text, "killed 3", status="killed", group="total", value=3)], published=None,
                  loc=place("Mosul", **MOSUL), event=Event(type="Explosions/Remote violence"))
    dup = copy.deepcopy(orig)
    dup[0].id, dup[0].publisher, dup[0].duplicate_of = "copy", "Kurdistan24", "orig"
    incs = [incident_to_dict(i) for i in build_incidents([orig, dup])]
    assert len(incs) == 1
    assert {r["id"] for r in incs[0]["reports"]} == {"orig", "copy"}
    assert incs[0]["killed"]["best"] == 3
