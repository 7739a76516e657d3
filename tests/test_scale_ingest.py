"""dask_ingest: same store contents as serial ingest, idempotent, errors per document."""
from __future__ import annotations

import json
import sys

import pytest

pytest.importorskip("distributed")

try:
    from observatory.ingest import ingest_reports, read_paths
    from observatory.store import Store
except ImportError as e:  # the store stage is not there yet
    pytest.skip(f"store/ingest stage not available: {e}", allow_module_level=True)

from sqlalchemy import text  # noqa: E402

from observatory.model import Claim, Evidence, Extraction, extraction_from_dict  # noqa: E402
from observatory.scale import dask_ingest, pgscratch  # noqa: E402
from observatory.scale.cluster import client_for  # noqa: E402
from observatory.scale.ingest import report_record  # noqa: E402

from conftest import bench_corpus  # noqa: E402


import cloudpickle  # noqa: E402

cloudpickle.register_pickle_by_value(sys.modules[__name__])




def fake_extract(rec: dict) -> dict:
    """A contract-shaped extraction: one claim per number in the text; every 13th fails."""
    if rec["id"].endswith("3") and int(rec["id"].rsplit("-", 1)[1]) % 13 == 0:
        raise ValueError("cannot parse")
    text = rec["text"]
    claims = []
    for tok in text.split():
        t = tok.strip(".,")
        if t.isdigit():
            i = text.index(tok)
            claims.append(Claim(status="killed", group="total", value=int(t), evidence=Evidence(i, i + len(t), t)))
    return Extraction(id=rec["id"], published=rec.get("published"), claims=claims[:5]).to_dict()


def _serial_extractor(report):
    return extraction_from_dict(fake_extract(report_record(report)))


@pytest.fixture(scope="module")
def client():
    with client_for(workers=2) as c:
        yield c


@pytest.fixture
def inputs(tmp_path):
    docs = list(bench_corpus().documents(800, seed=17, bad_every=100))
    path = tmp_path / "in.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i, d in enumerate(docs):
            fh.write(json.dumps(d) + "\n")
            if i == 400:
                fh.write("{not json\n")
    return docs, path


def _dump(store) -> dict:
    with store.engine.connect() as c:
        rows = c.execute(text("select id, content_hash, extraction, extract_error from reports order by id")).all()
        claims = c.execute(text("select report_id, idx, value from claims order by report_id, idx")).all()
    out = {}
    for r in rows:
        ex = r.extraction if isinstance(r.extraction, dict) or r.extraction is None else json.loads(r.extraction)
        out[r.id] = (r.content_hash, ex, r.extract_error)
    return {"reports": out, "claims": [tuple(c) for c in claims]}


def _check_run(store, docs, stats, client):
    good = [d for d in docs if d["text"]]
    assert stats.errors == len(docs) - len(good) + 1  # empty texts + the malformed line
    assert stats.added == len(good)
    failing = {d["id"] for d in good if d["id"].endswith("3") and int(d["id"].rsplit("-", 1)[1]) % 13 == 0}
    assert failing and stats.extract_errors == len(failing)
    assert stats.extracted == len(good) - len(failing)
    dump = _dump(store)
    assert set(dump["reports"]) == {d["id"] for d in good}
    assert {k for k, v in dump["reports"].items() if v[2]} == failing
    assert all(v[1] is not None for v in dump["reports"].values())
    # idempotent: a second run stores and extracts nothing, and changes nothing
    again = dask_ingest([], store, scheduler=client, func=fake_extract, link=False,
                        reports=read_paths([store._test_input]), on_error=lambda e: None)
    assert again.added == 0 and again.extracted == 0 and again.extract_errors == 0
    assert again.exact_duplicates == len(good)
    assert _dump(store) == dump
    return dump


def test_dask_ingest_sqlite_matches_serial_and_is_idempotent(client, inputs, tmp_path):
    docs, path = inputs
    errors = []
    store = Store(f"sqlite:///{tmp_path / 'dask.db'}")
    store._test_input = path
    stats = dask_ingest([path], store, scheduler=client, func=fake_extract, link=False,
                        partition_size=40, chunk_size=100, on_error=errors.append)
    assert any("not json" in str(e) or "malformed" in str(e) for e in errors)
    assert all(str(path.name) in str(e) for e in errors)  # errors name the file
    dump = _check_run(store, docs, stats, client)

    serial = Store(f"sqlite:///{tmp_path / 'serial.db'}")
    sstats = ingest_reports(serial, read_paths([path]), link=False, extractor=_serial_extractor,
                            on_error=lambda e: None)
    assert sstats.added == stats.added and sstats.extract_errors == stats.extract_errors
    sdump = _dump(serial)
    # same reports, same extractions (error texts aside), same claim rows
    assert sdump["claims"] == dump["claims"]
    assert {k: v[:2] for k, v in sdump["reports"].items() if not v[2]} == \
        {k: v[:2] for k, v in dump["reports"].items() if not v[2]}


def test_dask_ingest_in_process_mode(inputs, tmp_path):
    docs, path = inputs
    store = Store(f"sqlite:///{tmp_path / 'w0.db'}")
    done = []
    stats = dask_ingest([path], store, workers=0, func=fake_extract, link=False, on_error=lambda e: None,
                        progress=done.append)
    assert stats.added == sum(1 for d in docs if d["text"])
    assert stats.extracted + stats.extract_errors == stats.added
    assert sum(done) == len(docs) + 1  # every input item (the malformed line too) counted once
    done.clear()
    again = dask_ingest([path], store, workers=0, func=fake_extract, link=False, on_error=lambda e: None,
                        progress=done.append)
    assert again.added == 0 and sum(done) == len(docs) + 1


@pytest.mark.postgres
def test_dask_ingest_postgres(client, inputs):
    docs, path = inputs
    try:
        ctx = pgscratch.scratch_database()
        url = ctx.__enter__()
    except pgscratch.NoServer as e:
        pytest.skip(str(e))
    try:
        store = Store(url)
        store._test_input = path
        stats = dask_ingest([path], store, scheduler=client, func=fake_extract, link=False,
                            partition_size=50, on_error=lambda e: None)
        _check_run(store, docs, stats, client)
        store.close()
    finally:
        ctx.__exit__(None, None, None)


def test_extract_pending_catches_up_on_the_cluster(client, inputs, tmp_path):
    docs, path = inputs
    store = Store(f"sqlite:///{tmp_path / 'pending.db'}")
    first = dask_ingest([path], store, scheduler=client, extract=False, link=False, on_error=lambda e: None)
    good = sum(1 for d in docs if d["text"])
    assert first.added == good and first.extracted == 0
    with store.engine.connect() as c:
        assert c.execute(text("select count(*) from reports where extraction is null")).scalar_one() == good
    second = dask_ingest([path], store, scheduler=client, func=fake_extract, link=False,
                         on_error=lambda e: None, extract_pending=True)
    assert second.added == 0
    assert second.extracted + second.extract_errors == good
    with store.engine.connect() as c:
        assert c.execute(text("select count(*) from reports where extraction is null")).scalar_one() == 0
    third = dask_ingest([path], store, scheduler=client, func=fake_extract, link=False,
                        on_error=lambda e: None, extract_pending=True)
    assert third.extracted == 0 and third.extract_errors == 0
