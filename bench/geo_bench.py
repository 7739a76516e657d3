#!/usr/bin/env python3
"""Geocoding speed: gazetteer load time and documents per second (CPU time, one core).

    python bench/geo_bench.py DOCS.jsonl [--repeat N]

DOCS.jsonl: one {"text": ...} object per line (e.g. ../shared/bench/dev.jsonl; read only).
Measures Gazetteer load + Geocoder set-up, then find_places + main_location(places, [], text)
over every document (after one warm-up pass).  CPU time (time.process_time) is reported
beside wall time so that a busy machine does not distort the figure.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("docs")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    texts = [json.loads(line)["text"] for line in open(a.docs, encoding="utf-8") if line.strip()]
    c0, w0 = time.process_time(), time.perf_counter()
    from observatory.geo import get_geocoder

    g = get_geocoder()
    load_cpu, load_wall = time.process_time() - c0, time.perf_counter() - w0
    for t in texts:  # warm-up (lazy caches)
        g.main_location(g.find_places(t), [], t)
    best_cpu = best_wall = float("inf")
    for _ in range(a.repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        n_places = 0
        for t in texts:
            ps = g.find_places(t)
            g.main_location(ps, [], t)
            n_places += len(ps)
        best_cpu = min(best_cpu, time.process_time() - c0)
        best_wall = min(best_wall, time.perf_counter() - w0)
    n = len(texts)
    chars = sum(len(t) for t in texts) / max(n, 1)
    print(json.dumps({
        "docs": n, "avg_chars": round(chars), "places_per_doc": round(n_places / max(n, 1), 2),
        "load_s_cpu": round(load_cpu, 3), "load_s_wall": round(load_wall, 3),
        "docs_per_s_cpu": round(n / best_cpu), "docs_per_s_wall": round(n / best_wall),
        "ms_per_doc_cpu": round(1000 * best_cpu / n, 4),
    }, indent=1))


if __name__ == "__main__":
    main()
