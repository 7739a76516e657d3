"""Dask runner: parallel output equals the serial run, in order, errors not fatal, bounded."""
from __future__ import annotations

import os
import sys
import time

import pytest

pytest.importorskip("distributed")

from observatory.scale import dask_extract, map_records  # noqa: E402
from observatory.scale.cluster import client_for  # noqa: E402
from observatory.scale.runner import partitions  # noqa: E402

from conftest import bench_corpus  # noqa: E402





corpus = bench_corpus()

# Functions shipped to workers are pickled by value (the workers cannot import this module).
import cloudpickle  # noqa: E402

cloudpickle.register_pickle_by_value(sys.modules[__name__])


def fake_extract(rec: dict) -> dict:
    """Deterministic stand-in with per-document work: numbers and capitalised words."""
    text = rec["text"]
    if not text:
        raise ValueError("empty text")
    words = text.split()
    nums = [int(w.strip(".,")) for w in words if w.strip(".,").isdigit()]
    return {"id": rec["id"], "published": rec.get("published"), "numbers": nums,
            "caps": sorted({w.strip(".,") for w in words if w[:1].isupper()})[:20]}


def slow_first_partitions(rec: dict) -> dict:
    """Early documents take longer, so later partitions finish first."""
    i = int(rec["id"].rsplit("-", 1)[1])
    if i < 40:
        time.sleep(0.02)
    return {"id": rec["id"], "i": i}


def sometimes_bad(rec: dict):
    i = int(rec["id"].rsplit("-", 1)[1])
    if i % 7 == 3:
        raise RuntimeError(f"boom {i}")
    if i % 11 == 5:
        return "not a dict"
    return {"id": rec["id"], "ok": True}


def die_once(rec: dict) -> dict:
    """Kill the worker process the first time a marked document is seen."""
    marker = rec.get("marker")
    if marker and not os.path.exists(marker):
        open(marker, "w").close()
        os._exit(1)
    return {"id": rec["id"], "len": len(rec["text"])}


@pytest.fixture(scope="module")
def client():
    with client_for(workers=2) as c:
        yield c


def _worker_hash_seed(client) -> str:
    """Dask's nannies start every worker with the same PYTHONHASHSEED; serial references run
    with it too, so that a stage iterating over a set of strings cannot make them differ."""
    seeds = set(client.run(lambda: os.environ.get("PYTHONHASHSEED", "")).values())
    assert len(seeds) == 1
    return seeds.pop()


SERIAL_SCRIPT = """
import json, sys
from observatory.scale.runner import map_records
docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
json.dump(list(map_records(docs, workers=0)), open(sys.argv[2], "w", encoding="utf-8"))
"""


def _serial_in_subprocess(docs, tmp_path, seed):
    import json
    import subprocess

    src, out = tmp_path / "serial-in.jsonl", tmp_path / "serial-out.json"
    src.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    subprocess.run([sys.executable, "-c", SERIAL_SCRIPT, str(src), str(out)], check=True,
                   env=dict(os.environ, PYTHONHASHSEED=seed), timeout=300)
    return json.loads(out.read_text(encoding="utf-8"))


def test_partitions_cut_by_count_and_bytes():
    recs = [{"id": str(i), "text": "x" * 100} for i in range(25)]
    assert [len(p) for p in partitions(recs, 10)] == [10, 10, 5]
    assert [len(p) for p in partitions(recs, 10, max_bytes=250)] == [3] * 8 + [1]
    assert list(partitions([], 10)) == []


def test_parallel_equals_serial_on_thousands(client):
    docs = list(corpus.documents(4000, seed=11))
    serial = [fake_extract(d) for d in docs]
    parallel = list(dask_extract(iter(docs), scheduler=client, func=fake_extract, partition_size=250))
    assert len(parallel) == len(docs)
    assert [d["id"] for d in parallel] == [d["id"] for d in docs]
    assert parallel == serial


def test_real_extractor_parallel_equals_serial(client, tmp_path):
    pipeline = pytest.importorskip("observatory.extract.pipeline")
    if not hasattr(pipeline, "extract_record"):
        pytest.skip("observatory.extract.pipeline.extract_record not written yet")
    docs = list(corpus.documents(2000, seed=5, bad_every=250))
    serial = _serial_in_subprocess(docs, tmp_path, _worker_hash_seed(client))
    parallel = list(dask_extract(docs, scheduler=client, partition_size=100))
    assert [d["id"] for d in parallel] == [d["id"] for d in docs]
    assert parallel == serial
    assert sum(1 for d in parallel if d.get("error")) == 8  # the empty documents, reported


def test_order_preserved_when_later_partitions_finish_first(client):
    docs = list(corpus.documents(400, seed=3))
    out = list(dask_extract(docs, scheduler=client, func=slow_first_partitions, partition_size=20, window=8))
    assert [d["i"] for d in out] == list(range(400))


def test_failing_documents_are_reported_not_fatal(client):
    docs = list(corpus.documents(300, seed=4))
    out = list(dask_extract(docs, scheduler=client, func=sometimes_bad, partition_size=32))
    assert [d["id"] for d in out] == [d["id"] for d in docs]
    errors = {int(d["id"].rsplit("-", 1)[1]): d["error"] for d in out if "error" in d}
    expected = {i for i in range(300) if i % 7 == 3 or i % 11 == 5}
    assert set(errors) == expected
    assert "boom 3" in errors[3] and "not a dict" in errors[5]
    assert all(d.get("ok") for d in out if "error" not in d)
    # error records keep the contract's shape
    assert out[3]["claims"] == [] and out[3]["summary"]["killed"]["best"] is None


def test_serial_mode_same_output_without_cluster():
    docs = list(corpus.documents(500, seed=9, bad_every=50))
    out = list(dask_extract(docs, workers=0, func=fake_extract, partition_size=64))
    assert [d["id"] for d in out] == [d["id"] for d in docs]
    assert sum("error" in d for d in out) == 10


def test_input_is_streamed_with_bounded_lookahead(client):
    consumed = 0

    def gen():
        nonlocal consumed
        for d in corpus.documents(3000, seed=8):
            consumed += 1
            yield d

    size, window = 50, 4
    max_ahead = 0
    n = 0
    for _ in dask_extract(gen(), scheduler=client, func=fake_extract, partition_size=size, window=window):
        n += 1
        max_ahead = max(max_ahead, consumed - n)
    assert n == 3000
    # never more than the window (plus the partition being cut) read ahead of the output
    assert max_ahead <= (window + 1) * size


def test_worker_dying_mid_partition_is_retried(client, tmp_path):
    docs = list(corpus.documents(200, seed=2))
    docs[57]["marker"] = str(tmp_path / "died")
    out = list(dask_extract(docs, scheduler=client, func=die_once, partition_size=25))
    assert (tmp_path / "died").exists()  # a worker really died
    assert [d["id"] for d in out] == [d["id"] for d in docs]
    assert not any("error" in d for d in out)
    assert [d["len"] for d in out] == [len(d["text"]) for d in docs]


def test_extract_items_match_the_extract_command(client, tmp_path):
    """The --workers path of `observatory extract` gives the command's serial output."""
    try:
        from observatory.cli.extract import _items
    except ImportError as e:
        pytest.skip(f"extract command not available: {e}")
    from observatory.scale.runner import dask_extract_items

    docs = list(corpus.documents(300, seed=12, bad_every=60))
    path = tmp_path / "in.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i, d in enumerate(docs):
            fh.write(__import__("json").dumps(d) + "\n")
            if i == 100:
                fh.write("{broken\n")
    import subprocess

    res = subprocess.run([sys.executable, "-c", "from observatory.cli import main; main()", "extract", str(path),
                          "--format", "jsonl", "--quiet"], capture_output=True, text=True, timeout=300,
                         env=dict(os.environ, PYTHONHASHSEED=_worker_hash_seed(client)))
    serial = [__import__("json").loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    parallel = [doc for *_, doc in dask_extract_items(_items([str(path)], None), scheduler=client, partition_size=40)]
    assert len(serial) == len(docs) + 1
    assert parallel == serial
    assert sum(1 for d in parallel if d.get("error")) == 6  # 5 empty texts + the broken line
