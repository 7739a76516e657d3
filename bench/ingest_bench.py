"""Ingest benchmark: speed (docs/s) and peak memory of `observatory ingest` on N small reports.

    .venv/bin/python bench/ingest_bench.py [--n 10000] [--compare 50000] [--db URL]

Generates N synthetic reports (a few exact and near duplicates among them) as one JSONL file
in a temporary folder, then runs the real command line in a child process, once storing
only (--no-extract --no-link) and once with extraction (when the extraction stage is
installed), and prints docs/s (wall clock, and per CPU second: a busy machine slows the
first, not the second) and the child's peak RSS (from wait4/getrusage).  With
--compare M it also stores M reports, to show that memory does not grow with the batch.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

VERBS = ["killed", "wounded", "injured", "abducted", "detained"]
WEAPONS = ["a car bomb", "an airstrike", "artillery shells", "a roadside bomb", "gunmen", "a drone strike"]
SOURCES = ["police said", "officials said", "a local monitor said", "witnesses said", "the army said",
           "hospital sources said"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _vocab(rng: random.Random, n: int = 6000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(n)]


def make_reports(n: int, seed: int = 7):
    """N small synthetic reports; about 2% exact and 2% near duplicates of earlier ones."""
    rng = random.Random(seed)
    vocab = _vocab(rng)
    places = [w.capitalize() for w in rng.sample(vocab, 400)]
    recent: list[dict] = []
    for i in range(n):
        roll = rng.random()
        if recent and roll < 0.02:
            doc = dict(rng.choice(recent))
            doc["id"] = f"bench-{i}"
        elif recent and roll < 0.04:
            src = rng.choice(recent)
            doc = {**src, "id": f"bench-{i}", "text": f"{rng.choice(places)} Herald | World\n\n{src['text']}",
                   "publisher": "Herald"}
        else:
            filler = " ".join(
                " ".join(rng.choice(vocab) for _ in range(rng.randint(6, 12))).capitalize() + "."
                for _ in range(rng.randint(4, 7))
            )
            k = rng.randint(1, 40)
            text = (
                f"At least {k} people were {rng.choice(VERBS)} when {rng.choice(WEAPONS)} hit "
                f"{rng.choice(places)} on {rng.choice(DAYS)}, {rng.choice(SOURCES)}. {filler}"
            )
            day = 1 + i % 28
            doc = {"id": f"bench-{i}", "text": text, "title": f"Attack in {rng.choice(places)}",
                   "publisher": rng.choice(["Wire", "Daily", "Monitor"]), "published": f"2025-03-{day:02d}"}
            recent.append(doc)
            if len(recent) > 200:
                recent.pop(0)
        yield doc


def write_jsonl(path: Path, n: int) -> int:
    with path.open("w", encoding="utf-8") as fh:
        for doc in make_reports(n):
            fh.write(json.dumps(doc) + "\n")
    return path.stat().st_size


def run_measured(args: list[str], env: dict) -> tuple[float, float, int, int, str, str]:
    """Run `observatory ...` in a child: (wall s, CPU s, peak RSS bytes, exit code, stdout, stderr)."""
    cmd = [sys.executable, "-c", "from observatory.cli import main; main()", *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
        cpu = usage.ru_utime + usage.ru_stime
        return seconds, cpu, rss, proc.returncode, out.read().decode(), err.read().decode()


def bench(n: int, db: str | None, tmp: Path, extract: bool, env: dict, link: bool = True) -> dict:
    data = tmp / f"reports-{n}.jsonl"
    if not data.exists():
        write_jsonl(data, n)
    url = db or f"sqlite:///{tmp / f'bench-{n}-{int(extract)}.db'}"
    args = ["ingest", str(data), "--db", url, "--quiet"]
    if not extract:
        args += ["--no-extract", "--no-link"]
    elif not link:
        args += ["--no-link"]
    seconds, cpu, rss, code, out, err = run_measured(args, env)
    if code != 0:
        raise SystemExit(f"ingest failed ({code}):\n{err}")
    return {"n": n, "extract": extract, "seconds": round(seconds, 2), "docs_per_s": round(n / seconds, 1),
            "cpu_seconds": round(cpu, 2), "docs_per_cpu_s": round(n / cpu, 1),
            "peak_rss_mb": round(rss / 2**20, 1), "summary": out.strip(),
            "file_mb": round(data.stat().st_size / 1e6, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="reports to ingest (default 10000)")
    ap.add_argument("--compare", type=int, default=0, metavar="M",
                    help="also store M reports (no extraction) to compare peak memory with N")
    ap.add_argument("--db", default=None, help="store URL (default: a fresh SQLite file per run; "
                    "a PostgreSQL URL should point at an empty database or schema; used by the first run only)")
    ap.add_argument("--no-extract-run", action="store_true", help="skip the run with extraction")
    ap.add_argument("--no-link", action="store_true",
                    help="the extraction run leaves out incident relinking (which holds the whole store in memory)")
    ap.add_argument("--extract-compare", action="store_true",
                    help="with --compare: also run extraction on M reports")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    a = ap.parse_args()

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    results = []
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as d:
        tmp = Path(d)
        runs = [(a.n, False)]
        if not a.no_extract_run and importlib.util.find_spec("observatory.extract.pipeline") is not None:
            runs.append((a.n, True))
        if a.compare:
            runs.append((a.compare, False))
            if a.extract_compare and len(runs) > 1 and runs[1][1]:
                runs.append((a.compare, True))
        for i, (n, extract) in enumerate(runs):
            r = bench(n, a.db if i == 0 else None, tmp, extract, env, link=not a.no_link)  # --db: first run only
            results.append(r)
            if not a.json:
                mode = ("store+extract" + ("" if a.no_link else "+link")) if extract else "store only"
                print(f"{n:>7} reports  {mode:<19} {r['seconds']:>7.1f} s  {r['docs_per_s']:>8.1f} docs/s  "
                      f"(CPU {r['cpu_seconds']:.1f} s, {r['docs_per_cpu_s']:.0f} docs/CPU-s)  "
                      f"peak RSS {r['peak_rss_mb']:>6.1f} MB  ({r['file_mb']} MB JSONL; {r['summary']})")
    if a.json:
        print(json.dumps(results, indent=2))
    elif a.compare:
        base = next(r for r in results if r["n"] == a.n and not r["extract"])
        big = next(r for r in results if r["n"] == a.compare and not r["extract"])
        print(f"memory {a.compare} vs {a.n} reports: x{big['peak_rss_mb'] / base['peak_rss_mb']:.2f} "
              f"for x{a.compare / a.n:.1f} the reports")


if __name__ == "__main__":
    main()
