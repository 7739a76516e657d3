#!/usr/bin/env python3
"""Scale benchmark: documents/second and peak memory of extract and ingest.

One command runs the grid sizes x stages x worker counts x stores, each run in a fresh
subprocess (so peaks do not leak between runs), on a synthetic corpus from
``bench/corpus.py`` (generated once per size, streamed to a temporary file):

    python bench/scale_bench.py --sizes 10000 100000 --workers 0 2 --stores sqlite postgres
    python bench/scale_bench.py --sizes 1000000 --stages extract --workers 2   # the 1M run

``--workers 0`` is the serial reference (extract: ``extract_record`` in a loop; ingest:
``observatory.ingest.ingest_reports``); ``--workers N`` a local Dask cluster of N processes
(``dask_extract`` / ``dask_ingest``).  PostgreSQL runs use a scratch database on
127.0.0.1:5432 (dropped afterwards) and are skipped when no server answers.

Reported per run: wall seconds, documents/second, peak RSS of the client process and the
largest peak RSS among the workers (``ru_maxrss``), and the number of documents with errors.
Results are appended as JSON lines to ``--results`` and printed as a Markdown table.
Ingest is measured without incident relinking (``--link`` adds it).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _corpus_file(n: int, folder: Path, source: str | None, seed: int) -> Path:
    import corpus

    path = folder / f"corpus-{n}-{seed}{'-src' if source else ''}.jsonl"
    if not path.exists():
        sents = corpus.load_source_sentences(source) if source and Path(source).exists() else None
        tmp = path.with_suffix(".part")
        corpus.write_corpus(n, tmp, seed=seed, source_sentences=sents, bad_every=1000)
        tmp.rename(path)
    return path


def _read_records(path: Path):
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


# ------------------------------------------------------------------------- one run (child)

class _Sampler:
    """Every ``every`` seconds, append {t, done, client_mb, workers_mb} to a JSONL timeline."""

    def __init__(self, path: str | None, every: float = 15.0):
        import threading

        self.path, self.every, self.done = path, every, 0
        self._stop = threading.Event()
        self._t0 = time.perf_counter()
        self._thread = threading.Thread(target=self._run, daemon=True) if path else None
        if self._thread:
            self._thread.start()

    def _run(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        me = psutil.Process()
        with open(self.path, "a", encoding="utf-8") as fh:
            while not self._stop.wait(self.every):
                kids = []
                for k in me.children(recursive=True):
                    try:
                        kids.append(round(k.memory_info().rss / 2**20, 1))
                    except psutil.Error:
                        pass
                fh.write(json.dumps({"t": round(time.perf_counter() - self._t0, 1), "done": self.done,
                                     "client_mb": round(me.memory_info().rss / 2**20, 1),
                                     "children_mb": sorted(kids, reverse=True)}) + "\n")
                fh.flush()

    def stop(self) -> None:
        self._stop.set()


def run_one(args: argparse.Namespace) -> dict:
    from observatory.scale.cluster import client_for, worker_cpu_seconds, worker_peak_rss

    inp = Path(args.input)
    res: dict = {"stage": args.stage, "workers": args.workers, "store": args.store_kind}
    t0 = time.perf_counter()
    sampler = _Sampler(args.timeline)
    worker_peaks: dict = {}
    worker_cpu: dict = {}
    if args.stage == "extract":
        from observatory.scale import dask_extract
        from observatory.scale.runner import map_records

        n = errors = 0
        with open(args.output, "w", encoding="utf-8") as out:
            if args.workers == 0:
                it = map_records(_read_records(inp), args.func, workers=0)
                for d in it:
                    out.write(json.dumps(d, ensure_ascii=False) + "\n")
                    n += 1
                    sampler.done = n
                    errors += bool(d.get("error"))
            else:
                with client_for(args.workers, args.scheduler) as client:
                    res["startup_s"] = round(time.perf_counter() - t0, 2)
                    for d in dask_extract(_read_records(inp), scheduler=client, func=args.func,
                                          partition_size=args.partition_size):
                        out.write(json.dumps(d, ensure_ascii=False) + "\n")
                        n += 1
                        sampler.done = n
                        errors += bool(d.get("error"))
                    worker_peaks = worker_peak_rss(client)
                    worker_cpu = worker_cpu_seconds(client)
        res.update(docs=n, errors=errors)
    else:
        from observatory.store import Store

        store = Store(args.db)

        def count(n: int) -> None:
            sampler.done += n
        if args.workers == 0:
            from observatory.ingest import ingest_reports, read_paths

            extractor = None
            if args.func:  # the same stand-in as the workers get
                from observatory.model import extraction_from_dict
                from observatory.scale.ingest import report_record
                from observatory.scale.runner import resolve

                f = resolve(args.func)

                def extractor(r):
                    return extraction_from_dict(f(report_record(r)))
            st = ingest_reports(store, read_paths([inp]), extract=True, link=args.link,
                                extractor=extractor, on_error=lambda e: None, progress=count)
            d = st if isinstance(st, dict) else getattr(st, "__dict__", {})
            res.update(stats={k: v for k, v in d.items() if isinstance(v, int)})
        else:
            from observatory.scale import dask_ingest

            with client_for(args.workers, args.scheduler) as client:
                res["startup_s"] = round(time.perf_counter() - t0, 2)
                st = dask_ingest([inp], store, scheduler=client, link=args.link, progress=count,
                                 partition_size=args.partition_size, func=args.func)
                worker_peaks = worker_peak_rss(client)
                worker_cpu = worker_cpu_seconds(client)
            res.update(stats={k: v for k, v in st.as_dict().items() if isinstance(v, int)})
        from sqlalchemy import func, select

        from observatory.store import schema

        with store.engine.connect() as c:
            res["docs"] = c.execute(select(func.count()).select_from(schema.reports)).scalar_one()
            res["errors"] = c.execute(select(func.count()).select_from(schema.reports)
                                      .where(schema.reports.c.extract_error.is_not(None))).scalar_one()
        store.engine.dispose()
    sampler.stop()
    res["seconds"] = round(time.perf_counter() - t0, 2)
    ru = resource.getrusage(resource.RUSAGE_SELF)
    res["client_cpu_s"] = round(ru.ru_utime + ru.ru_stime, 1)
    res["worker_cpu_s"] = round(sum(worker_cpu.values()), 1) if worker_cpu else 0.0
    res["load_avg"] = round(os.getloadavg()[0], 1)
    res["client_peak_mb"] = round(_peak_rss_mb(), 1)
    res["worker_peak_mb"] = round(max(worker_peaks.values()) / 2**20, 1) if worker_peaks else None
    return res


# ------------------------------------------------------------------------- grid (parent)

def _markdown(rows: list[dict]) -> str:
    head = ("| documents | stage | store | workers | docs/s | wall (s) | cluster start (s) | CPU s (client+workers) | client peak MB | worker peak MB | errors | load avg |\n"
            "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    lines = [head]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['size']:,} | {r['stage']} | {r['store']} | {r['workers']} | failed: {r['error'][:60]} | | | | | | | |")
            continue
        dps = r["docs_in"] / r["seconds"] if r["seconds"] else 0
        lines.append(
            f"| {r['size']:,} | {r['stage']} | {r['store']} | {r['workers'] or 'serial'} | {dps:,.0f} | "
            f"{r['seconds']:,.1f} | {r.get('startup_s') or ''} | {r.get('client_cpu_s', 0) + r.get('worker_cpu_s', 0):,.0f} | {r['client_peak_mb']:,.0f} | "
            f"{'' if r['worker_peak_mb'] is None else format(r['worker_peak_mb'], ',.0f')} | {r.get('errors', '')} | {r.get('load_avg', '')} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="documents/second and peak memory of extract and ingest")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--stages", nargs="+", default=["extract", "ingest"], choices=["extract", "ingest"])
    ap.add_argument("--workers", type=int, nargs="+", default=[0, 2], help="0 = serial")
    ap.add_argument("--stores", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    ap.add_argument("--scheduler", help="address of an existing Dask cluster instead of a local one")
    ap.add_argument("--source", default=str(HERE.parent.parent / "shared" / "bench" / "dev.jsonl"),
                    help="JSONL whose sentences enrich the corpus (read at run time, optional)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--partition-size", type=int, default=500)
    ap.add_argument("--func", default=None, help="replace extract_record (module:attribute), for testing the harness")
    ap.add_argument("--link", action="store_true", help="also relink incidents after ingest")
    ap.add_argument("--workdir", default=None, help="where corpora, outputs and SQLite files go (default: a temp dir)")
    ap.add_argument("--results", default=None, help="JSON lines file the rows are appended to (default: WORKDIR/scale.jsonl)")
    ap.add_argument("--timeout", type=float, default=6 * 3600)
    # internal: one run in this process
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--stage", help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    ap.add_argument("--output", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--store-kind", help=argparse.SUPPRESS)
    ap.add_argument("--timeline", help=argparse.SUPPRESS)
    ap.add_argument("--one-workers", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.one:
        args.workers = args.one_workers
        print(json.dumps(run_one(args)), flush=True)
        return 0

    from observatory.scale import pgscratch

    work = Path(args.workdir or tempfile.mkdtemp(prefix="obs-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    args.results = args.results or str(work / "scale.jsonl")
    Path(args.results).parent.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    pg_ok = pgscratch.server_answers()
    for size in args.sizes:
        t = time.perf_counter()
        inp = _corpus_file(size, work, args.source, args.seed)
        print(f"# corpus of {size:,} documents: {inp} ({time.perf_counter() - t:.0f} s)", file=sys.stderr)
        for stage in args.stages:
            stores = ["-"] if stage == "extract" else args.stores
            for store in stores:
                for w in args.workers:
                    if store == "postgres" and not pg_ok:
                        print("# skipped postgres: no server on 127.0.0.1:5432", file=sys.stderr)
                        continue
                    row = {"size": size, "stage": stage, "store": store, "workers": w, "docs_in": size,
                           "func": args.func, "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
                    cmd = [sys.executable, __file__, "--one", "--stage", stage, "--input", str(inp),
                           "--output", str(work / f"out-{size}-{w}.jsonl"), "--one-workers", str(w),
                           "--store-kind", store, "--partition-size", str(args.partition_size),
                           "--timeline", str(work / f"timeline-{stage}-{store}-{size}-{w}.jsonl")]
                    if args.func:
                        cmd += ["--func", args.func]
                    if args.scheduler:
                        cmd += ["--scheduler", args.scheduler]
                    if args.link:
                        cmd.append("--link")
                    db_ctx = None
                    if store == "sqlite":
                        dbf = work / f"store-{size}-{w}.db"
                        for f in work.glob(dbf.name + "*"):
                            f.unlink()
                        cmd += ["--db", f"sqlite:///{dbf}"]
                    elif store == "postgres":
                        db_ctx = pgscratch.scratch_database(prefix="obs_bench_")
                        cmd += ["--db", db_ctx.__enter__()]
                    print(f"# {stage} {size:,} docs, store={store}, workers={w or 'serial'} ...", file=sys.stderr, flush=True)
                    try:
                        p = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
                        if p.returncode != 0:
                            row["error"] = (p.stderr.strip().splitlines() or ["?"])[-1]
                        else:
                            row.update(json.loads(p.stdout.strip().splitlines()[-1]))
                    except subprocess.TimeoutExpired:
                        row["error"] = f"timeout after {args.timeout:.0f} s"
                    finally:
                        if db_ctx is not None:
                            db_ctx.__exit__(None, None, None)
                    row["store"] = store
                    rows.append(row)
                    with open(args.results, "a", encoding="utf-8") as fh:
                        fh.write(json.dumps(row) + "\n")
                    print(_markdown([row]).splitlines()[-1], file=sys.stderr, flush=True)
    print(_markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
