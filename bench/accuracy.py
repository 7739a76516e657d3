#!/usr/bin/env python3
"""Extraction accuracy on a benchmark JSONL (e.g. ../shared/bench/dev.jsonl).

    .venv/bin/python bench/accuracy.py BENCH.jsonl [--out PRED.jsonl] [--score SCORE.py]

Runs ``extract_record`` over every line of BENCH (read in place, never copied), writes one
contract object per line to --out (default: a temporary file), then runs the scorer
(default ../shared/bench/score.py beside BENCH) when it exists and prints its table.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bench")
    ap.add_argument("--out", default=None)
    ap.add_argument("--score", default=None, help="scorer script (default: score.py beside BENCH)")
    a = ap.parse_args(argv)
    from observatory.extract.pipeline import extract_record

    out = Path(a.out) if a.out else Path(tempfile.mkstemp(suffix=".jsonl", prefix="extract-")[1])
    n, t0 = 0, time.perf_counter()
    with open(a.bench, encoding="utf-8") as fh, out.open("w", encoding="utf-8") as oh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            oh.write(json.dumps(extract_record({k: rec.get(k) for k in ("id", "text", "published") if k in rec}), ensure_ascii=False) + "\n")
            n += 1
    dt = time.perf_counter() - t0
    print(f"{n} documents extracted in {dt:.2f}s ({n / max(dt, 1e-9):,.0f} docs/s) -> {out}")
    score = Path(a.score) if a.score else Path(a.bench).with_name("score.py")
    if score.exists():
        return subprocess.call([sys.executable, str(score), a.bench, str(out)])
    print(f"no scorer at {score}; predictions left in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
