#!/usr/bin/env python3
"""Extraction speed: documents/second of the extract pipeline on one core (geocoding included).

    .venv/bin/python bench/extract_bench.py [BENCH.jsonl] [--repeat N] [--no-geo]

Reads the texts of a JSONL file (default ../shared/bench/dev.jsonl, read in place, never
copied), warms up the gazetteer, then times ``observatory.extract.pipeline.extract`` over
all documents ``--repeat`` times (default 3) in this one process, and prints documents per
second and the peak resident memory after each pass (it should stay flat as input grows).
The target is at least 1,500 docs/s on dev.jsonl.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "bench" / "dev.jsonl"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bench", nargs="?", default=str(DEFAULT))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-geo", action="store_true", help="skip geocoding (extraction rules alone)")
    a = ap.parse_args(argv)
    from observatory.extract.pipeline import extract

    docs = []
    with open(a.bench, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                docs.append((str(d.get("id", "")), d.get("text") or "", d.get("published")))
    geo = None if a.no_geo else "default"
    t0 = time.perf_counter()
    extract("Five people were killed in Aleppo on Monday.", published="2020-01-06", geocoder=geo)  # loads tables + gazetteer
    warm = time.perf_counter() - t0
    print(f"{len(docs)} documents, {sum(len(t) for _, t, _ in docs) / max(1, len(docs)):.0f} chars each on average; warm-up {warm:.2f}s")
    best = 0.0
    for r in range(a.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        for i, text, pub in docs:
            extract(text, id=i, published=pub, geocoder=geo)
        dt, ct = time.perf_counter() - t0, time.process_time() - c0
        rate = len(docs) / ct  # CPU time of this one process: what one core does, even on a busy machine
        best = max(best, rate)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"pass {r + 1}: wall {dt:.2f}s, cpu {ct:.2f}s  {rate:,.0f} docs/s (cpu)  {len(docs) / dt:,.0f} docs/s (wall)  peak RSS {rss:.0f} MB")
    print(f"best: {best:,.0f} docs/s per core ({'with' if geo else 'without'} geocoding); target 1,500")
    # what `observatory extract` does per document on top: the document's JSON line (Extraction.to_json)
    best_line = 0.0
    for _ in range(max(1, a.repeat)):
        c0 = time.process_time()
        for i, text, pub in docs:
            extract(text, id=i, published=pub, geocoder=geo).to_json()
        best_line = max(best_line, len(docs) / (time.process_time() - c0))
    print(f"with the JSON output line of `observatory extract` (Extraction.to_json), best pass: {best_line:,.0f} docs/s (cpu)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
