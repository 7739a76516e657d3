"""Load benchmark of the web API on a store of 100,000 generated incidents.

    .venv/bin/python bench/load_bench.py [--incidents 100000] [--requests 400] [--concurrency 4]

Builds (or reuses) a SQLite store of generated incidents (tests/web_fixtures.py, the same
builder the web tests use), starts ``uvicorn`` serving ``observatory.web.app`` on a free
loopback port in a separate process, and drives it from this process with a pool of
threads using httpx.  Every scenario is bounded in requests and in seconds; the server is
stopped at the end.  Reports requests/second and latency percentiles per scenario; the
target is p95 < 100 ms on SQLite for ``/api/incidents`` with filters and ``/api/tallies``.

Only loopback addresses are used.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.progress import Progress  # noqa: E402
from rich.table import Table  # noqa: E402

err = Console(stderr=True, highlight=False)

COUNTRIES = ["SY", "IQ", "UA", "CD", "NG", "YE", "PS"]
ADMIN1 = ["Latakia", "Aleppo", "Idlib", "Homs", "Nineveh", "North Kivu", "Kharkiv"]
EVENT_TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians"]
PLACES = ["Baniyas", "Goma", "Mosul", "Kharkiv", "Daraa"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_cpu_seconds(pid: int) -> float | None:
    """User+system CPU of the server process and its worker children (Linux /proc), or None."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total, todo, seen = 0.0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for t in Path(f"/proc/{p}/task").iterdir():
                kids = (t / "children").read_text().split()
                todo.extend(int(k) for k in kids)
        except (OSError, ValueError, IndexError):
            if p == pid:
                return None
    return total


def build_store(path: Path, n: int, seed: int, quiet: bool) -> str:
    """Create (or reuse, when it already holds ``n`` incidents) the benchmark store."""
    from sqlalchemy import func, select

    from observatory.store import Store, schema
    from web_fixtures import make_dataset, seed_store

    url = f"sqlite:///{path}"
    if path.exists():
        st = Store(url)
        with st.engine.connect() as c:
            have = c.execute(select(func.count()).select_from(schema.incidents)).scalar_one()
        st.close()
        if have == n:
            if not quiet:
                err.print(f"reusing {path} ({n} incidents)")
            return url
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    t = time.perf_counter()
    _, incidents = make_dataset(n, seed=seed, with_reports=False, xss=False)
    st = Store(url)
    seed_store(st.engine, [], incidents)
    st.close()
    if not quiet:
        err.print(f"built {path}: {n} incidents in {time.perf_counter() - t:.1f} s")
    return url


def start_server(url: str, port: int, workers: int) -> subprocess.Popen:
    env = dict(os.environ, OBSERVATORY_DB=url)
    env.pop("OBSERVATORY_TOKEN", None)
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "observatory.web.app:app_from_env", "--host", "127.0.0.1",
           "--port", str(port), "--log-level", "warning", "--no-access-log", "--workers", str(workers)]
    proc = subprocess.Popen(cmd, env=env, cwd=str(ROOT))
    deadline = time.monotonic() + 120  # first start creates the read indexes
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("server did not answer within 120 s")


def _rand_window(rng: random.Random) -> dict:
    y, m = rng.choice([2024, 2025]), rng.randint(1, 12)
    span = rng.choice([1, 3, 6, 12])
    m2 = m + span - 1
    y2, m2 = y + (m2 - 1) // 12, (m2 - 1) % 12 + 1
    return {"since": f"{y}-{m:02d}-{rng.randint(1, 28):02d}", "until": f"{y2}-{m2:02d}"}  # until: end of that month


def incident_queries(rng: random.Random, n: int) -> list[str]:
    """Filtered /api/incidents requests as the dashboard and API users make them."""
    out = []
    for _ in range(n):
        p: dict = {"limit": rng.choice([50, 50, 100, 500]), "sort": rng.choice(["-date", "-killed", "date"])}
        for key, chance, val in (
            ("country", 0.6, lambda: rng.choice(COUNTRIES)),
            ("min_killed", 0.5, lambda: rng.choice([1, 5, 10, 20, 40])),
            ("event_type", 0.3, lambda: rng.choice(EVENT_TYPES)),
            ("admin1", 0.15, lambda: rng.choice(ADMIN1)),
            ("bbox", 0.2, lambda: "{},{},{},{}".format(*(lambda lo, la: (lo, la, lo + 3, la + 3))(
                rng.uniform(28, 42), rng.uniform(30, 37)))),
        ):
            if rng.random() < chance:
                p[key] = val()
        if rng.random() < 0.5:
            p.update(_rand_window(rng))
        if rng.random() < 0.3:
            p["page"] = rng.randint(2, 5)
        out.append("/api/incidents?" + urlencode(p))
    return out


def text_queries(rng: random.Random, n: int) -> list[str]:
    return ["/api/incidents?" + urlencode({"q": rng.choice(PLACES), "limit": 50, **(_rand_window(rng) if rng.random() < .5 else {})})
            for _ in range(n)]


def tally_queries(rng: random.Random, n: int, bys=("day", "week", "month", "admin1", "country", "source")) -> list[str]:
    """Tallies with varied filters (mostly distinct, so mostly computed, not cached)."""
    out = []
    for _ in range(n):
        p: dict = {"by": rng.choice(bys)}
        if rng.random() < 0.6:
            p["country"] = rng.choice(COUNTRIES)
        if rng.random() < 0.7:
            p.update(_rand_window(rng))
        if rng.random() < 0.2:
            p["min_killed"] = rng.choice([1, 5, 10])
        out.append("/api/tallies?" + urlencode(p))
    return out


def run(base: str, urls: list[str], concurrency: int, max_seconds: float, progress=None) -> dict:
    lat: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + max_seconds
    local = threading.local()

    def one(u: str):
        nonlocal errors
        if time.monotonic() > stop:
            return
        cl = getattr(local, "client", None)
        if cl is None:
            cl = local.client = httpx.Client(base_url=base, timeout=30)
        t = time.perf_counter()
        try:
            r = cl.get(u)
            ok = r.status_code == 200
            r.read()
        except httpx.HTTPError:
            ok = False
        dt = time.perf_counter() - t
        with lock:
            lat.append(dt)
            if not ok:
                errors += 1
        if progress:
            progress()

    t0 = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as ex:
        list(ex.map(one, urls))
    wall = time.perf_counter() - t0
    lat.sort()

    def pct(q):
        return lat[min(len(lat) - 1, int(round(q * (len(lat) - 1))))] * 1000 if lat else float("nan")
    return {"requests": len(lat), "errors": errors, "seconds": round(wall, 2),
            "rps": round(len(lat) / wall, 1) if wall else 0.0,
            "p50_ms": round(pct(0.50), 1), "p95_ms": round(pct(0.95), 1), "p99_ms": round(pct(0.99), 1),
            "mean_ms": round(statistics.fmean(lat) * 1000, 1) if lat else None}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--incidents", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "observatory-load-bench.db",
                    help="SQLite file (reused when it already holds --incidents incidents)")
    ap.add_argument("--requests", type=int, default=400, help="requests per scenario")
    ap.add_argument("--concurrency", type=int, default=4, help="client threads")
    ap.add_argument("--max-seconds", type=float, default=60, help="time cap per scenario")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true", help="print the results as JSON on stdout")
    ap.add_argument("--quiet", "-q", action="store_true")
    a = ap.parse_args(argv)
    show = not a.quiet and sys.stderr.isatty()

    url = build_store(a.db, a.incidents, a.seed, a.quiet)
    port = free_port()
    proc = start_server(url, port, a.workers)
    base = f"http://127.0.0.1:{port}"
    rng = random.Random(a.seed)
    n = a.requests
    scenarios = [
        ("incidents, filtered", incident_queries(rng, n)),
        ("tallies, filtered (computed)", tally_queries(rng, n)),
        ("tallies, dashboard (cached)", ["/api/tallies?by=month&split_group=true", "/api/tallies?by=month"] * (n // 2)),
        ("incidents, text search q", text_queries(rng, max(20, n // 4))),
        ("tallies by=group (computed)", tally_queries(rng, max(10, n // 20), bys=("group",))),
        ("incident detail", [f"/api/incidents/inc-{rng.randrange(3, a.incidents):06d}" for _ in range(n)]),
    ]
    results = {}
    try:
        # warm-up: page cache, connection pool, and the dashboard tallies the server computes at start
        for q in ("by=month&split_group=true", "by=month", "by=day", "by=week", "by=year", "by=admin1", "by=country",
                  "by=event_type", "by=source", "by=group"):
            httpx.get(f"{base}/api/tallies?{q}", timeout=300)
        run(base, incident_queries(random.Random(99), 20) + tally_queries(random.Random(99), 10), a.concurrency, 60)
        for name, urls in scenarios:
            cpu0 = server_cpu_seconds(proc.pid)
            if show:
                with Progress(console=err, transient=True) as prog:
                    task = prog.add_task(name, total=len(urls))
                    results[name] = run(base, urls, a.concurrency, a.max_seconds, lambda: prog.advance(task))
            else:
                results[name] = run(base, urls, a.concurrency, a.max_seconds)
            cpu1 = server_cpu_seconds(proc.pid)
            r = results[name]
            # server CPU per request: what a request costs, independent of other load on the machine
            r["server_cpu_ms_per_req"] = (round((cpu1 - cpu0) * 1000 / r["requests"], 1)
                                          if cpu0 is not None and cpu1 is not None and r["requests"] else None)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    meta = {"incidents": a.incidents, "concurrency": a.concurrency, "workers": a.workers, "database": "sqlite",
            "cpus": os.cpu_count(), "load_average_1min_at_end": round(os.getloadavg()[0], 2)}
    if a.json:
        print(json.dumps({"meta": meta, "results": results}, indent=2))
    else:
        t = Table(title=f"web load: {a.incidents} incidents, SQLite, {a.concurrency} client threads, "
                        f"{a.workers} server worker(s), {os.cpu_count()} cores, load average {meta['load_average_1min_at_end']}")
        for col in ("scenario", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "server CPU ms/req"):
            t.add_column(col, justify="left" if col == "scenario" else "right")
        for name, r in results.items():
            t.add_row(name, str(r["requests"]), str(r["errors"]), f"{r['rps']:.1f}", f"{r['p50_ms']:.1f}",
                      f"{r['p95_ms']:.1f}", f"{r['p99_ms']:.1f}", str(r.get("server_cpu_ms_per_req")))
        Console().print(t)
    return 1 if any(r["errors"] for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
