"""`observatory ingest --workers N`: the Dask path of the command stores what the serial one does."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from conftest import bench_corpus  # noqa: E402

CLI = [sys.executable, "-c", "from observatory.cli import main; main()"]




def _run(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + args, capture_output=True, text=True, timeout=300, env=dict(os.environ))


def _rows(db: Path):
    from sqlalchemy import create_engine, text

    eng = create_engine(f"sqlite:///{db}")
    with eng.connect() as c:
        reports = c.execute(text("select id, content_hash, extraction is not null, extract_error from reports order by id")).all()
        claims = c.execute(text('select report_id, idx, status, "group", value, low, high from claims order by report_id, idx')).all()
    eng.dispose()
    return [tuple(r) for r in reports], [tuple(c) for c in claims]


def test_ingest_with_workers_stores_what_serial_ingest_does(tmp_path):
    r = _run(["ingest", "--help"])
    if r.returncode != 0 or "--workers" not in r.stdout:
        pytest.skip("`observatory ingest --workers` not available")
    docs = list(bench_corpus().documents(300, seed=31, bad_every=100))
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")

    serial = _run(["ingest", str(path), "--db", str(tmp_path / "serial.db"), "--quiet", "--no-link"])
    dask = _run(["ingest", str(path), "--db", str(tmp_path / "dask.db"), "--quiet", "--no-link", "--workers", "2"])
    assert serial.returncode == 1 and dask.returncode == 1, (serial.stderr[-2000:], dask.stderr[-2000:])  # 3 empty texts
    assert dask.stdout == serial.stdout  # the same summary line
    assert "added 297" in dask.stdout and "errors 3" in dask.stdout
    assert dask.stderr.count("no text") == 3

    s_reports, s_claims = _rows(tmp_path / "serial.db")
    d_reports, d_claims = _rows(tmp_path / "dask.db")
    assert d_reports == s_reports and all(r[2] for r in d_reports)
    assert d_claims == s_claims and d_claims

    again = _run(["ingest", str(path), "--db", str(tmp_path / "dask.db"), "--quiet", "--no-link", "--workers", "2"])
    assert "added 0" in again.stdout and "exact duplicates 297" in again.stdout
    assert _rows(tmp_path / "dask.db") == (d_reports, d_claims)
