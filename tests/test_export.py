"""Exports: UCDP GED-style, ACLED-style, GeoJSON, flat CSV, JSON."""
from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path

import pytest

from observatory.export import (
    ACLED_COLUMNS, UCDP_COLUMNS, to_acled_rows, to_geojson, to_ucdp_rows, write_export,
)
from observatory.reconcile import build_incidents, incident_to_dict

_spec = importlib.util.spec_from_file_location("fixture_loader", Path(__file__).parent / "fixtures/reports/loader.py")
loader = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(loader)

UCDP_FILE = Path(__file__).resolve().parents[2] / "shared" / "data" / "ucdp_ged_ukraine.csv"


def incidents(*names):
    return [incident_to_dict(i) for n in names for i in build_incidents(loader.load_fixture(n))]


def test_ucdp_columns_are_real_ged_columns():
    if not UCDP_FILE.exists():
        pytest.skip(f"{UCDP_FILE} not present")
    with UCDP_FILE.open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert set(UCDP_COLUMNS) <= set(header), set(UCDP_COLUMNS) - set(header)
    for col in ("id", "date_start", "date_end", "date_prec", "where_description", "latitude", "longitude",
                "where_prec", "country", "adm_1", "adm_2", "side_a", "side_b", "deaths_a", "deaths_b",
                "deaths_civilians", "deaths_unknown", "best", "low", "high", "source_article",
                "source_office", "source_date", "number_of_sources"):
        assert col in UCDP_COLUMNS


def test_ucdp_rows_seed_episode():
    rows = {r["id"]: r for r in to_ucdp_rows(incidents("seed"))}
    ep = next(r for r in rows.values() if r["where_prec"] == 4)
    # the episode's row keeps what its local incidents (exported as their own rows) do not cover
    assert sum(r["best"] for r in rows.values()) == 1018
    assert (ep["deaths_a"], ep["deaths_b"]) == (125 - 4, 148)  # the Al-Janoudiya funeral's 4 soldiers
    assert ep["deaths_civilians"] == 745 - 13 - 20  # Tuwaym's children and women, Baniyas's unattributed dead
    for r in rows.values():
        assert r["deaths_a"] + r["deaths_b"] + r["deaths_civilians"] + r["deaths_unknown"] == r["best"]
        assert r["low"] <= r["best"] <= r["high"]
    assert ep["country"] == "Syria" and ep["date_start"] == "2025-03-06" and ep["date_prec"] == 2
    assert ep["type_of_violence"] == 3 and ep["side_b"] == "Alawite civilians"
    tuwaym = next(r for r in rows.values() if r["where_description"] == "Tuwaym")
    assert tuwaym["latitude"] == "" and tuwaym["best"] == 13 and tuwaym["deaths_civilians"] == 13
    banyas = next(r for r in rows.values() if r["where_description"] == "Bāniyās")
    assert banyas["deaths_unknown"] == 20


def test_acled_episode_fatalities_not_counted_twice():
    rows = to_acled_rows(incidents("seed"))
    assert sum(r["fatalities"] for r in rows) == 1018
    ep = next(r for r in rows if r["location"] == "Latakia")
    assert "best 1018" in ep["notes"] and "exclude" in ep["notes"]


def test_ucdp_counts_live_sources_only():
    rows = to_ucdp_rows(incidents("wire"))
    assert len(rows) == 1
    r = rows[0]
    assert r["number_of_sources"] == 2  # AP and the Kyiv Independent; the three reprints count once
    assert r["source_office"] == "Associated Press;Kyiv Independent"
    assert r["source_date"] == "2024-05-25;2024-05-26"
    assert r["country"] == "Ukraine" and r["best"] == 16 and r["low"] == 7


def test_acled_rows_conservative_fatalities():
    rows = to_acled_rows(incidents("disagree", "rising_toll"))
    homs = next(r for r in rows if r["location"] == "Homs")
    assert homs["fatalities"] == 4  # the lowest reliable figure, not the best (11)
    assert homs["event_id_cnty"].startswith("SYR")
    assert homs["disorder_type"] == "Political violence"
    assert homs["geo_precision"] == 1 and homs["time_precision"] == 1
    assert homs["country"] == "Syria" and homs["admin1"] == "Homs"
    assert set(homs) == set(ACLED_COLUMNS)
    sar = next(r for r in rows if r["location"] == "Saraqib")
    assert sar["fatalities"] == 23 and "Air/drone strike" == sar["sub_event_type"]


def test_geojson_points():
    gj = to_geojson(incidents("seed", "episode"))
    assert gj["type"] == "FeatureCollection"
    assert gj["properties"]["without_coordinates"] == 1  # Tuwaym is unresolved
    for f in gj["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert "killed_best" in f["properties"] and "grade" in f["properties"]
    ban = next(f for f in gj["features"] if f["properties"]["location"] == "Bāniyās")
    assert ban["geometry"]["coordinates"] == [35.94871, 35.18188] and ban["properties"]["killed_best"] == 20


@pytest.mark.parametrize("fmt", ["ucdp", "acled", "csv", "geojson", "json"])
def test_write_export_formats(fmt, tmp_path):
    incs = incidents("seed", "same_town")
    out = tmp_path / f"x.{fmt}"
    assert write_export(fmt, incs, out) == len(incs)
    text = out.read_text(encoding="utf-8")
    if fmt in ("ucdp", "acled", "csv"):
        rows = list(csv.DictReader(io.StringIO(text)))
        assert len(rows) == len(incs)
        assert {r["id"] if "id" in r else r["event_id_cnty"] for r in rows}
    elif fmt == "json":
        assert [d["id"] for d in json.loads(text)] == [d["id"] for d in incs]
    else:
        assert json.loads(text)["type"] == "FeatureCollection"


def test_unknown_format():
    with pytest.raises(ValueError):
        write_export("kml", [], io.StringIO())
