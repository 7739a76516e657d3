"""PostgreSQL as the team store: concurrent writers lose and duplicate nothing, reads go on.

Every test gets its own scratch database (``obs_test_<random>``, created through the
``test`` database and dropped afterwards); all skip with a reason when no PostgreSQL server
answers on 127.0.0.1:5432.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from observatory.scale import pgscratch

pytestmark = pytest.mark.postgres

from conftest import bench_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable




def _store_cls():
    try:
        from observatory.store import Store
    except ImportError as e:
        pytest.skip(f"observatory.store.Store not available yet: {e}")
    return Store


@pytest.fixture
def pg_url():
    try:
        with pgscratch.scratch_database() as url:
            yield url
    except pgscratch.NoServer as e:
        pytest.skip(str(e))


def _write(path: Path, docs: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d) + "\n")
    return path


def _overlapping_inputs(tmp_path: Path, n: int, *, with_copies: int = 0):
    """Two JSONL files sharing their middle third, plus (in B) copies of A's texts under new ids."""
    docs = list(bench_corpus().documents(n, seed=21))
    third = n // 3
    a = docs[: 2 * third]
    b = docs[third:] + [dict(d, id=f"copy-{d['id']}") for d in docs[:with_copies]]
    return docs, _write(tmp_path / "a.jsonl", a), _write(tmp_path / "b.jsonl", b)


def _counts(url: str) -> dict[str, int]:
    from sqlalchemy import create_engine, text

    eng = create_engine(url)
    try:
        with eng.connect() as c:
            return {
                "reports": c.execute(text("select count(*) from reports")).scalar_one(),
                "hashes": c.execute(text("select count(distinct content_hash) from reports")).scalar_one(),
                "ids": c.execute(text("select count(distinct id) from reports")).scalar_one(),
            }
    finally:
        eng.dispose()


def _hashes(url: str) -> set[str]:
    from sqlalchemy import create_engine, text

    eng = create_engine(url)
    try:
        with eng.connect() as c:
            return {r[0] for r in c.execute(text("select content_hash from reports"))}
    finally:
        eng.dispose()


LIB_WRITER = textwrap.dedent(
    """
    import json, os, sys, time
    from observatory.model import Report
    from observatory.store import Store
    url, path, go = sys.argv[1:4]
    store = Store(url)
    reports = [Report(id=d["id"], text=d["text"], published=d.get("published"), publisher=d.get("publisher"))
               for d in map(json.loads, open(path, encoding="utf-8"))]
    while not os.path.exists(go):
        time.sleep(0.005)
    store.add_reports(reports, chunk_size=50)
    print("done", len(reports))
    """
)


def _spawn(args: list[str], **kw) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, **kw)


def test_store_pools_connections(pg_url):
    Store = _store_cls()
    from sqlalchemy.pool import QueuePool

    store = Store(pg_url)
    pool = store.engine.pool
    assert isinstance(pool, QueuePool), f"expected a QueuePool, got {type(pool).__name__}"
    assert pool._pre_ping, "pool_pre_ping should be on so that dropped server connections are replaced"
    assert pool.size() >= 2
    store.engine.dispose()


def test_two_library_writers_lose_and_duplicate_nothing(pg_url, tmp_path):
    Store = _store_cls()
    Store(pg_url).engine.dispose()  # schema in place, as on a team server
    docs, a, b = _overlapping_inputs(tmp_path, 1500, with_copies=100)
    go = tmp_path / "go"
    procs = [_spawn([PY, "-c", LIB_WRITER, pg_url, str(p), str(go)]) for p in (a, b)]
    time.sleep(1.5)  # both imported and connected
    go.touch()
    outs = [p.communicate(timeout=180) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err[-3000:]
    from observatory.model import content_hash

    expected = {content_hash(d["text"]) for d in docs}
    counts = _counts(pg_url)
    assert counts["reports"] == len(docs) == counts["hashes"] == counts["ids"]
    assert _hashes(pg_url) == expected


def test_two_stores_created_at_once_on_an_empty_database(pg_url, tmp_path):
    """Two processes opening a fresh database at the same moment both get a working schema."""
    _store_cls()
    docs, a, b = _overlapping_inputs(tmp_path, 120)
    go = tmp_path / "go"
    script = LIB_WRITER.replace("store = Store(url)\n", "").replace(
        "store.add_reports(", "store = Store(url)\nstore.add_reports(")
    procs = [_spawn([PY, "-c", script, pg_url, str(p), str(go)]) for p in (a, b)]
    time.sleep(1.0)
    go.touch()
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err[-3000:]
    assert _counts(pg_url)["reports"] == len(docs)


def _cli() -> list[str]:
    exe = shutil.which("observatory", path=str(Path(PY).parent))
    return [exe] if exe else [PY, "-m", "observatory.cli"]


def _cli_has_ingest() -> bool:
    r = subprocess.run(_cli() + ["ingest", "--help"], capture_output=True, text=True)
    return r.returncode == 0 and "--db" in r.stdout


def test_two_cli_ingests_at_once(pg_url, tmp_path):
    Store = _store_cls()
    if not _cli_has_ingest():
        pytest.skip("`observatory ingest` is not written yet")
    Store(pg_url).engine.dispose()
    docs, a, b = _overlapping_inputs(tmp_path, 240, with_copies=20)
    procs = [_spawn(_cli() + ["ingest", str(p), "--db", pg_url, "--quiet"]) for p in (a, b)]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-3000:]
    from observatory.model import content_hash

    counts = _counts(pg_url)
    assert counts["reports"] == len(docs) == counts["hashes"]
    assert _hashes(pg_url) == {content_hash(d["text"]) for d in docs}
    from sqlalchemy import create_engine, text

    eng = create_engine(pg_url)
    with eng.connect() as c:
        # every stored report was extracted exactly once (claims keyed by report and index)
        missing = c.execute(text("select count(*) from reports where extraction is null and extract_error is null")).scalar_one()
        dup_claims = c.execute(text(
            "select count(*) from (select report_id, idx from claims group by report_id, idx having count(*) > 1) x")).scalar_one()
    eng.dispose()
    assert dup_claims == 0
    if importlib.util.find_spec("observatory.extract.pipeline") is not None:
        assert missing == 0


def test_reads_go_on_while_ingest_writes(pg_url, tmp_path):
    Store = _store_cls()
    from sqlalchemy import create_engine, text

    Store(pg_url).engine.dispose()
    docs = list(bench_corpus().documents(1500, seed=33))
    path = _write(tmp_path / "big.jsonl", docs)
    go = tmp_path / "go"
    go.touch()
    writer = _spawn([PY, "-c", LIB_WRITER, pg_url, str(path), str(go)])

    app_client = None
    try:
        from fastapi.testclient import TestClient

        from observatory.web.app import create_app

        app_client = TestClient(create_app(pg_url))
    except Exception:  # web app not written yet: SQL reads only
        app_client = None

    eng = create_engine(pg_url, pool_pre_ping=True)
    seen: list[int] = []
    api_ok = 0
    try:
        while writer.poll() is None:
            with eng.connect() as c:
                seen.append(c.execute(text("select count(*) from reports")).scalar_one())
            if app_client is not None:
                r = app_client.get("/api/incidents")
                assert r.status_code == 200, r.text[:500]
                api_ok += 1
            time.sleep(0.02)
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err[-3000:]
        with eng.connect() as c:
            seen.append(c.execute(text("select count(*) from reports")).scalar_one())
    finally:
        eng.dispose()
    assert seen == sorted(seen), "committed rows never disappear"
    assert seen[-1] == len(docs)
    assert any(0 < n < len(docs) for n in seen), "reads ran while the writer was half-way"
    if app_client is not None:
        assert api_ok > 0
