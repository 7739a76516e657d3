"""Import places into the user gazetteer (layered over the shipped one).

Formats (``detect_format`` guesses from the first line):

* ``geonames``: a GeoNames dump (``allCountries.txt``, ``SY.txt``, ``cities500.txt``): 19
  tab-separated columns (geonameid, name, asciiname, alternatenames, latitude, longitude,
  feature class, feature code, country code, cc2, admin1 ... population ...).  Feature classes
  P (populated places) and A (admin areas) by default; L (areas), S (spots: airports,
  camps...) and T (mountains...) on request.
* ``alternates``: GeoNames ``alternateNamesV2.txt`` (alternateNameId, geonameid, isolanguage,
  alternate name, ...): adds names (English, Arabic, unspecified and transliterated ones by
  default) to places already known by geonameid, shipped or imported.
* ``csv``: a CSV with a header: ``name,lat,lon,country,admin1,alternate_names`` (alternate
  names separated by ``|`` or ``;``), optional ``population``, ``feature``, ``geonames_id``.

Imports are merged into the user file (``gazetteer.user_gazetteer_path()``): a place with the
same geonames_id (or the same name and coordinates) is replaced.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .build import keep_alternate
from .gazetteer import read_user_file, user_gazetteer_path, write_user_file


class ImportError_(ValueError):
    pass


def detect_format(path: Path) -> str:
    with open(path, encoding="utf-8", errors="replace") as fh:
        first = fh.readline()
    cols = first.rstrip("\n").split("\t")
    if len(cols) >= 15 and cols[0].isdigit():
        return "geonames"
    if len(cols) >= 4 and cols[0].isdigit() and cols[1].isdigit():
        return "alternates"
    if "," in first and "name" in first.lower():
        return "csv"
    raise ImportError_(f"{path}: unknown format (expected a GeoNames dump, alternateNamesV2.txt or a CSV with a header name,lat,lon,country,...)")


def _feature(fclass: str, fcode: str) -> str:
    if fclass == "A" and fcode.startswith("PCL"):
        return "PCLI"
    return fcode or fclass or "PPL"


def read_geonames(path: Path, classes: set[str], countries: set[str] | None, min_population: int,
                  tick: Callable[[int], None] | None = None) -> Iterator[dict]:
    with open(path, encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if tick and n % 10_000 == 0:
                tick(10_000)
            c = line.rstrip("\n").split("\t")
            if len(c) < 15:
                if line.strip():
                    raise ImportError_(f"{path}:{n}: expected 19 tab-separated GeoNames columns, got {len(c)}")
                continue
            if c[6] not in classes:
                continue
            if countries and c[8] not in countries:
                continue
            pop = int(c[14] or 0) if c[14].isdigit() else 0
            if pop < min_population and c[6] == "P":
                continue
            try:
                lat, lon = float(c[4]), float(c[5])
            except ValueError:
                raise ImportError_(f"{path}:{n}: bad coordinates {c[4]!r}, {c[5]!r}") from None
            alts = sorted({a for a in c[3].split(",") if keep_alternate(a)} | ({c[2]} if c[2] and c[2] != c[1] else set()))
            yield {"geonames_id": int(c[0]), "name": c[1], "lat": lat, "lon": lon, "country": c[8],
                   "admin1_code": c[10], "feature": _feature(c[6], c[7]), "population": pop,
                   "alternate_names": alts}


def read_alternates(path: Path, languages: set[str], tick: Callable[[int], None] | None = None) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    with open(path, encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if tick and n % 10_000 == 0:
                tick(10_000)
            c = line.rstrip("\n").split("\t")
            if len(c) < 4:
                if line.strip():
                    raise ImportError_(f"{path}:{n}: expected alternateNamesV2 columns, got {len(c)}")
                continue
            if c[2] not in languages or not c[1].isdigit():
                continue
            if len(c) > 7 and c[7] == "1":  # historic
                continue
            if keep_alternate(c[3]):
                out.setdefault(int(c[1]), []).append(c[3])
    return out


_ALIASES = {"latitude": "lat", "longitude": "lon", "lng": "lon", "countrycode": "country", "country_code": "country",
            "alternatenames": "alternate_names", "alternates": "alternate_names", "geonameid": "geonames_id",
            "admin1code": "admin1_code"}


def read_csv(path: Path) -> Iterator[dict]:
    text = Path(path).read_text(encoding="utf-8-sig")
    rd = csv.DictReader(io.StringIO(text))
    rd.fieldnames = [_ALIASES.get(f.strip().lower(), f.strip().lower()) for f in rd.fieldnames or []]
    fields = set(rd.fieldnames)
    missing = {"name", "lat", "lon", "country"} - fields
    if missing:
        raise ImportError_(f"{path}: CSV header lacks {', '.join(sorted(missing))} (need name,lat,lon,country[,admin1,alternate_names])")
    for n, row in enumerate(rd, 2):
        row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            raise ImportError_(f"{path}:{n}: bad coordinates {row.get('lat')!r}, {row.get('lon')!r}") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ImportError_(f"{path}:{n}: coordinates out of range")
        if not row["name"]:
            raise ImportError_(f"{path}:{n}: empty name")
        alts = [a.strip() for a in row.get("alternate_names", "").replace(";", "|").split("|") if a.strip()]
        gid = row.get("geonames_id") or ""
        yield {"geonames_id": int(gid) if gid.isdigit() else None, "name": row["name"], "lat": lat, "lon": lon,
               "country": row["country"].upper(), "admin1": row.get("admin1") or None,
               "admin1_code": row.get("admin1_code") or None,
               "feature": row.get("feature") or "PPL",
               "population": int(row["population"]) if row.get("population", "").isdigit() else 0,
               "alternate_names": alts}


def _key(p: dict):
    if p.get("geonames_id"):
        return ("gid", p["geonames_id"])
    if p.get("alias_of"):
        return ("alias", p["alias_of"])
    return ("name", p["name"], round(float(p["lat"]), 4), round(float(p["lon"]), 4))


def merge_into_user(new: Iterable[dict], user_path: Path | None = None) -> tuple[int, int]:
    """Merge places into the user file; returns (added or replaced, total)."""
    path = user_path or user_gazetteer_path()
    existing = read_user_file(path) if path.exists() else []
    by = {_key(p): p for p in existing}
    n = 0
    for p in new:
        k = _key(p)
        if k[0] == "alias" and k in by:
            by[k]["alternate_names"] = sorted(set(by[k]["alternate_names"]) | set(p["alternate_names"]))
        else:
            by[k] = p
        n += 1
    places = list(by.values())
    write_user_file(path, places)
    return n, len(places)


def import_file(path: Path, *, fmt: str = "auto", classes: str = "P,A", countries: str | None = None,
                min_population: int = 0, languages: str = ",en,ar,translit", user_path: Path | None = None,
                tick: Callable[[int], None] | None = None) -> dict:
    path = Path(path)
    if not path.exists():
        raise ImportError_(f"{path}: no such file")
    if fmt == "auto":
        fmt = detect_format(path)
    if fmt == "geonames":
        cs = {c.strip().upper() for c in countries.split(",")} if countries else None
        recs = list(read_geonames(path, {c.strip().upper() for c in classes.split(",")}, cs, min_population, tick))
        # admin1 names from the ADM1 rows of the same file
        names = {(r["country"], r["admin1_code"]): r["name"] for r in recs if r["feature"] == "ADM1"}
        for r in recs:
            r["admin1"] = names.get((r["country"], r["admin1_code"]))
    elif fmt == "alternates":
        alts = read_alternates(path, {x.strip() for x in languages.split(",")}, tick)
        recs = [{"alias_of": gid, "alternate_names": sorted(set(a))} for gid, a in alts.items()]
    elif fmt == "csv":
        recs = list(read_csv(path))
    else:
        raise ImportError_(f"unknown format {fmt!r}")
    n, total = merge_into_user(recs, user_path)
    return {"format": fmt, "imported": n, "user_places": total, "user_file": str(user_path or user_gazetteer_path())}
