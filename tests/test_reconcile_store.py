"""Incidents through the store: relink_store, replace/list/get, the CLI (SQLite and PostgreSQL)."""
from __future__ import annotations

import importlib.util
import json
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from observatory.reconcile import build_incidents, incident_to_dict, relink_store
from observatory.store import Store
from observatory.store.incidents import get_incident, list_incidents, replace_incidents

_spec = importlib.util.spec_from_file_location("fixture_loader", Path(__file__).parent / "fixtures/reports/loader.py")
loader = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(loader)

NAMES = ["rising_toll", "disagree", "episode", "cumulative", "same_town", "seed"]


def _fill(store: Store) -> list:
    items = [x for n in NAMES for x in loader.load_fixture(n)]
    store.add_reports([rep for rep, _ in items])
    store.save_extractions([(rep.id, ex) for rep, ex in items])
    return items


def _check_round_trip(store: Store) -> None:
    items = _fill(store)
    stats = relink_store(store)
    expected = [incident_to_dict(i) for i in build_incidents(items)]
    assert stats["incidents"] == len(expected) == 12
    got = list_incidents(store.engine)
    assert sorted(d["id"] for d in got) == sorted(d["id"] for d in expected)
    by_id = {d["id"]: d for d in got}
    for d in expected:
        assert json.dumps(by_id[d["id"]], sort_keys=True) == json.dumps(d, sort_keys=True)
    sy = list_incidents(store.engine, country="SY", since="2025-03-01", until="2025-04-30")
    assert {d["event"]["date_start"][:7] for d in sy} == {"2025-03", "2025-04"}
    ep = next(d for d in got if d["killed"]["best"] == 1018)
    assert get_incident(store.engine, ep["id"])["killed_by_group"]["militants"]["best"] == 148
    assert get_incident(store.engine, "inc-nope") is None
    # relinking is idempotent and replaces, never appends
    relink_store(store)
    assert len(list_incidents(store.engine)) == 12
    with store.engine.connect() as conn:
        from sqlalchemy import func, select

        from observatory.store.schema import incident_claims, incidents

        assert conn.execute(select(func.count()).select_from(incidents)).scalar() == 12
        n_claims = conn.execute(select(func.count()).select_from(incident_claims)).scalar()
        states = dict(conn.execute(select(incident_claims.c.state, func.count()).group_by(incident_claims.c.state)).all())
    assert n_claims == sum(len(d["claims"]) for d in expected)
    assert states["superseded"] >= 3 and states["excluded"] >= 3


def test_round_trip_sqlite(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'obs.db'}") as store:
        _check_round_trip(store)


def _pg_url() -> str | None:
    try:
        import psycopg
    except ImportError:
        return None
    for user in ("postgres", "root"):
        try:
            with psycopg.connect(f"host=127.0.0.1 port=5432 user={user} dbname=test", connect_timeout=2):
                return f"postgresql+psycopg://{user}@127.0.0.1:5432/test"
        except Exception:
            continue
    return None


@pytest.mark.postgres
def test_round_trip_postgres():
    url = _pg_url()
    if url is None:
        pytest.skip("no PostgreSQL server answers at 127.0.0.1:5432")
    import psycopg

    schema = "t_reconcile_" + uuid.uuid4().hex[:8]
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        store = Store(url + f"?options=-csearch_path%3D{schema}")
        try:
            _check_round_trip(store)
        finally:
            store.close()
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def test_replace_accepts_records_and_dicts(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'obs.db'}") as store:
        incs = build_incidents(loader.load_fixture("same_town"))
        assert replace_incidents(store.engine, incs) == 2
        assert replace_incidents(store.engine, [incident_to_dict(incs[0])]) == 1
        assert [d["id"] for d in list_incidents(store.engine)] == [incs[0].id]


def test_cli_incidents_incident_relink_export(tmp_path):
    from observatory.cli import app

    db = f"sqlite:///{tmp_path / 'obs.db'}"
    with Store(db) as store:
        _fill(store)
    r = CliRunner()
    res = r.invoke(app, ["relink", "--db", db, "--quiet"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("12 incidents from")
    res = r.invoke(app, ["incidents", "--db", db, "--format", "json", "--country", "SY", "--since", "2025-05-01"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert {d["event"]["date_start"] for d in rows} >= {"2025-05-02", "2025-06-15"}
    for d in rows:
        assert set(d) >= {"id", "parent_id", "title", "event", "location", "killed", "injured", "killed_by_group",
                          "injured_by_group", "grade", "sources", "reports", "claims"}
        assert all(set(c) >= {"report_id", "published", "state", "reason", "status", "group", "evidence"} for c in d["claims"])
    res = r.invoke(app, ["incidents", "--db", db, "--format", "csv"])
    assert res.exit_code == 0 and res.output.splitlines()[0].startswith("id,parent_id,title")
    assert len(res.output.strip().splitlines()) == 13
    res = r.invoke(app, ["incidents", "--db", db, "--since", "March"])
    assert res.exit_code == 1
    ep = next(d for d in json.loads(r.invoke(app, ["incidents", "--db", db, "--format", "json"]).output)
              if d["killed"]["best"] == 1018)
    res = r.invoke(app, ["incident", ep["id"], "--db", db, "--explain"])
    assert res.exit_code == 0, res.output
    assert "killed.total.best = 1018" in res.output and "over 745 civilians perished" in res.output
    assert "Local incidents in this episode" in res.output
    res = r.invoke(app, ["incident", "inc-missing", "--db", db])
    assert res.exit_code == 1
    out = tmp_path / "ged.csv"
    res = r.invoke(app, ["export", "--format", "ucdp", "-o", str(out), "--db", db])
    assert res.exit_code == 0, res.output
    assert out.read_text().splitlines()[0].startswith("id,year,type_of_violence")
    res = r.invoke(app, ["export", "--format", "geojson", "--db", db])
    assert json.loads(res.output)["type"] == "FeatureCollection"
    res = r.invoke(app, ["export", "--format", "acled", "--db", db, "--country", "SY", "--until", "2025-03-31"])
    assert res.exit_code == 0 and res.output.splitlines()[0].startswith("event_id_cnty,event_date")
    assert len(res.output.strip().splitlines()) == 1 + 2 + 4  # Afrin x2, seed episode + 3 local incidents
    res = r.invoke(app, ["incident", ep["id"], "--db", db, "--format", "json"])
    shown = json.loads(res.output)
    assert shown["id"] == ep["id"] and len(shown["children"]) == 3 and "explanations" not in shown
    # a policy file changes the figures after relink
    pol = tmp_path / "policy.json"
    pol.write_text(json.dumps({"source_kind_rank": {"state_media": 9}}))
    res = r.invoke(app, ["relink", "--db", db, "--policy", str(pol), "--quiet"])
    assert res.exit_code == 0, res.output
    homs = [d for d in json.loads(r.invoke(app, ["incidents", "--db", db, "--format", "json"]).output)
            if (d["location"] or {}).get("name") == "Homs"]
    assert homs[0]["killed"]["best"] == 4
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    res = r.invoke(app, ["relink", "--db", db, "--policy", str(bad)])
    assert res.exit_code == 1 and "bad.json" in res.output


def test_wire_reprints_detected_by_the_store_count_once(tmp_path):
    items = loader.load_fixture("wire")
    reps = []
    for rep, _ in items:
        if rep.duplicate_of:  # outlets add a credit line; the store finds the near-duplicates itself
            rep.text += f" Reporting by {rep.publisher}."
            rep.content_hash = ""
            rep.__post_init__()
            rep.duplicate_of = None
        reps.append(rep)
    with Store(f"sqlite:///{tmp_path / 'obs.db'}") as store:
        stats = store.add_reports(reps)
        assert stats.near_duplicates == 3
        store.save_extractions([(rep.id, ex) for rep, ex in items])
        relink_store(store)
        (d,) = list_incidents(store.engine)
    assert len(d["reports"]) == 5
    assert sum(1 for r in d["reports"] if r["duplicate_of"]) == 3
    counted = [c for c in d["claims"] if c["state"] != "excluded"]
    assert {c["report_id"] for c in counted} == {"kharkiv-ap", "kharkiv-kyivind"}
    assert d["killed"]["best"] == 16 and d["injured"]["best"] == 24


def test_store_ingest_order_does_not_change_incidents(tmp_path):
    import random

    items = [x for n in NAMES for x in loader.load_fixture(n)]
    outs = []
    for k, seed in enumerate((1, 2)):
        shuffled = list(items)
        random.Random(seed).shuffle(shuffled)
        with Store(f"sqlite:///{tmp_path / f'o{k}.db'}") as store:
            for rep, ex in shuffled:  # one report at a time, as a live feed would arrive
                store.add_reports([rep])
                store.save_extractions([(rep.id, ex)])
            relink_store(store)
            outs.append(json.dumps(list_incidents(store.engine), sort_keys=True))
    assert outs[0] == outs[1]
