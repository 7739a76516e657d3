#!/usr/bin/env python3
"""Extraction on UCDP GED source headlines: killed figure and country against the coded event.

    .venv/bin/python bench/ged_headlines.py [GED.csv ...] [--sample N] [--seed S]

Reads UCDP GED event files (default: ../shared/data/ucdp_ged_ukraine.csv and
ucdp_ged_sample.csv, read in place), takes a random sample of events whose
``source_headline`` is longer than 30 characters (the first headline when several are
joined by ";"), extracts each headline alone and reports, per file:

* killed_em: ``summary.killed.best`` (none counts as 0) equals the event's ``best``, over all
  sampled headlines and over those with a casualty word (kill, dead, die, death);
* country_acc: ``location.country`` equals the event's country (ISO code from the file's
  ``country`` name via pycountry).

GED codes each event's own deaths and often splits one report over several events, and a
headline alone rarely names the village the coders chose, so the figures are far from 100%
by design: the command is for finding failure classes and for comparing versions, not a
target. The GED data are CC BY 4.0 (see ../shared/data/README.md); they never enter the
gazetteer.
"""
from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
DEFAULT = [DATA / "ucdp_ged_ukraine.csv", DATA / "ucdp_ged_sample.csv"]
CASUALTY = re.compile(r"kill|dead|die|death", re.I)


def _iso2(name: str) -> str | None:
    import pycountry

    try:
        return pycountry.countries.search_fuzzy(name.split("(")[0].strip())[0].alpha_2
    except LookupError:
        return None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, default=DEFAULT)
    ap.add_argument("--sample", type=int, default=300, help="events per file (default 300)")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args(argv)
    from observatory.extract.pipeline import extract

    for path in a.files:
        if not path.exists():
            print(f"{path}: not found", file=sys.stderr)
            continue
        with path.open(encoding="utf-8") as fh:
            rows = [r for r in csv.DictReader(fh) if len((r.get("source_headline") or "")) > 30]
        rng = random.Random(a.seed)
        rows = rng.sample(rows, min(a.sample, len(rows)))
        codes: dict[str, str | None] = {}
        ok = ok_c = n_c = ok_cc = 0
        for r in rows:
            text = r["source_headline"].split(";")[0]
            ex = extract(text)
            killed = ex.summary.killed.best or 0
            hit = killed == int(float(r.get("best") or 0))
            ok += hit
            if CASUALTY.search(text):
                n_c += 1
                ok_c += hit
            name = r.get("country") or ""
            if name not in codes:
                codes[name] = _iso2(name)
            ok_cc += bool(ex.location is not None and ex.location.country == codes[name])
        n = len(rows)
        print(f"{path.name}: {n} headlines; killed_em {ok / max(n, 1):.3f} ({ok}), "
              f"with a casualty word {ok_c / max(n_c, 1):.3f} ({ok_c}/{n_c}); country_acc {ok_cc / max(n, 1):.3f} ({ok_cc})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
