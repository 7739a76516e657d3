"""The gazetteer: the shipped GeoNames index plus an optional user layer.

Loading: ``Gazetteer.load()`` reads ``geo/data/gazetteer.bin`` (built by ``geo/build.py``) and
the user gazetteer (``user_gazetteer_path()``: ``$OBSERVATORY_HOME/gazetteer/user.json.gz``,
else ``$XDG_DATA_HOME/observatory/gazetteer/user.json.gz``, else
``~/.local/share/observatory/gazetteer/user.json.gz``), whose places are added on top of the
shipped ones (``observatory gazetteer import``).

Each place has: geonames_id (0 for admin areas built here, negative for user places without
one), name, lat, lon, country (ISO2), admin1 code and name, feature code (PPL, PPLC, ADM1,
PCLI, or the GeoNames code of an imported row), population, alternate names.
"""
from __future__ import annotations

import gc
import gzip
import json
import marshal
import os
from array import array
from bisect import bisect_left
from pathlib import Path
from typing import Iterable

from .normalize import exact_key, loose_key

DATA = Path(__file__).parent / "data"
SHIPPED = DATA / "gazetteer.bin"


def user_gazetteer_path() -> Path:
    home = os.environ.get("OBSERVATORY_HOME")
    if home:
        return Path(home) / "gazetteer" / "user.json.gz"
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "observatory" / "gazetteer" / "user.json.gz"


class _Index:
    """key -> place numbers, over the packed arrays of build.py (decoded on lookup)."""

    __slots__ = ("keys", "vals", "multi", "extra", "cache", "spans", "extra_spans")

    def __init__(self, packed: tuple[str, bytes, bytes]):
        keys, vals, multi = packed
        v = array("i")
        v.frombytes(vals)
        self.vals = v
        self.keys = keys.split("\n") if keys else []  # sorted: binary search, no dict to build
        m = array("i")
        m.frombytes(multi)
        self.multi = m
        self.extra: dict[str, list[int]] = {}
        self.cache: dict[str, tuple[int, ...]] = {}
        self.spans: dict[str, int] = {}  # first token -> most tokens of a key starting with it
        self.extra_spans: dict[str, int] = {}

    def _val(self, key: str) -> int | None:
        keys = self.keys
        j = bisect_left(keys, key)
        if j < len(keys) and keys[j] == key:
            return self.vals[j]
        return None

    def get(self, key: str) -> tuple[int, ...]:
        r = self.cache.get(key)
        if r is not None:
            return r
        r = self._get(key)
        if len(self.cache) < 100_000:
            self.cache[key] = r
        return r

    def _get(self, key: str) -> tuple[int, ...]:
        v = self._val(key)
        out: tuple[int, ...]
        if v is None:
            out = ()
        elif v >= 0:
            out = (v,)
        else:
            o = -v - 1
            n = self.multi[o]
            out = tuple(self.multi[o + 1:o + 1 + n])
        if self.extra:
            e = self.extra.get(key)
            if e:
                out = tuple(e) + tuple(i for i in out if i not in e)
        return out

    def span(self, first: str) -> int:
        """The most tokens of any key whose first token is ``first`` (1 if none is longer):
        a run of capitalised words is looked up only as far as a name could reach.  Read
        off the sorted key list (the keys starting with "first " are contiguous), once per
        token."""
        r = self.spans.get(first)
        if r is None:
            keys, prefix = self.keys, first + " "
            j = bisect_left(keys, prefix)
            r = 1
            while j < len(keys) and keys[j].startswith(prefix):
                c = keys[j].count(" ") + 1
                if c > r:
                    r = c
                j += 1
            if len(self.spans) < 200_000:
                self.spans[first] = r
        e = self.extra_spans.get(first, 1) if self.extra_spans else 1
        return r if r >= e else e

    def __contains__(self, key: str) -> bool:
        return key in self.extra or self._val(key) is not None

    def add(self, key: str, i: int) -> None:
        self.cache.clear()
        first, _, rest = key.partition(" ")
        if rest:
            self.extra_spans[first] = max(self.extra_spans.get(first, 1), key.count(" ") + 1)
        lst = self.extra.setdefault(key, [])
        if i not in lst:
            lst.append(i)


class Gazetteer:
    def __init__(self) -> None:
        self.n = 0
        self.user_from = 0  # place numbers >= this come from the user layer
        self.user_alts: dict[int, list[str]] = {}

    # ---------------------------------------------------------------- loading
    @classmethod
    def load(cls, path: Path | str | None = None, user_path: Path | str | None | bool = None) -> "Gazetteer":
        g = cls()
        gc_was = gc.isenabled()
        gc.disable()
        try:
            blob = marshal.loads(Path(path or SHIPPED).read_bytes())
            g.n = blob["n"]
            g.gid = array("q")
            g.gid.frombytes(blob["gid"])
            g.name = blob["name"].split("\n")
            g.lat = array("d")
            g.lat.frombytes(blob["lat"])
            g.lon = array("d")
            g.lon.frombytes(blob["lon"])
            g.cc = blob["cc"].split("\n")
            g.a1 = blob["a1"].split("\n")
            g.feat = blob["feat"].split("\n")
            p = array("q")
            p.frombytes(blob["pop"])
            g.pop = p
            g.index = _Index(blob["index"])
            g.loose = _Index(blob["loose"])
            g.admin1_names: dict[str, str] = blob["admin1"]
            g.demonyms: dict[str, str] = blob["demonyms"]
            g.maxn = blob["maxn"]
        finally:
            if gc_was:
                gc.enable()
        g.user_from = g.n
        if user_path is not False:
            up = Path(user_path) if user_path else user_gazetteer_path()
            if up.exists():
                g.add_places(read_user_file(up))
        return g

    def add_places(self, records: Iterable[dict]) -> int:
        """Layer places (dicts as written by ``import``) over the loaded ones."""
        count = 0
        gid_index: dict[int, int] | None = None
        for r in records:
            j = None
            known = r.get("alias_of") or r.get("geonames_id")
            if known:
                if gid_index is None:
                    gid_index = {g: j for j, g in enumerate(self.gid) if g > 0}
                j = gid_index.get(int(known))
            if known and j is not None and not r.get("alias_of"):
                # a place already shipped: the imported record updates it (no duplicate)
                self.lat[j], self.lon[j] = float(r["lat"]), float(r["lon"])
                if r.get("population"):
                    self.pop[j] = int(r["population"])
                r = {"alias_of": known, "alternate_names": [r["name"], *(r.get("alternate_names") or [])]}
            if r.get("alias_of"):
                # extra names for a place already known by its geonames_id
                if j is None:
                    continue
                self.user_alts.setdefault(j, []).extend(r.get("alternate_names") or [])
                for nm in r.get("alternate_names") or []:
                    ek = exact_key(nm)
                    if ek:
                        self.index.add(ek, j)
                count += 1
                continue
            i = self.n
            self.n += 1
            self.gid.append(int(r.get("geonames_id") or -(i + 1)))
            self.name.append(r["name"])
            self.lat.append(float(r["lat"]))
            self.lon.append(float(r["lon"]))
            cc = (r.get("country") or "").upper()
            self.cc.append(cc)
            a1 = str(r.get("admin1_code") or "")
            if not a1 and r.get("admin1"):
                # an admin1 given by name: the shipped code of that name in the country, else the name
                want = exact_key(r["admin1"])
                a1 = next((k.split(".", 1)[1] for k, v in self.admin1_names.items()
                           if k.startswith(cc + ".") and exact_key(v) == want), r["admin1"])
            self.a1.append(a1)
            if r.get("admin1") and not self.admin1_names.get(f"{cc}.{a1}"):
                self.admin1_names[f"{cc}.{a1}"] = r["admin1"]
            self.feat.append(r.get("feature") or "PPL")
            self.pop.append(int(r.get("population") or 0))
            alts = [a for a in r.get("alternate_names") or [] if a]
            self.user_alts[i] = alts
            for nm in [r["name"], *alts]:
                ek = exact_key(nm)
                if ek:
                    self.index.add(ek, i)
                    lk = loose_key(nm)
                    if lk != ek and len(lk.replace(" ", "")) >= 3:
                        self.loose.add(lk, i)
                    n_tok = len(ek.split())
                    if n_tok > self.maxn:
                        self.maxn = min(n_tok, 8)
            count += 1
        return count

    # ---------------------------------------------------------------- access
    def admin1_name(self, i: int) -> str | None:
        if self.feat[i] == "PCLI":
            return None
        return self.admin1_names.get(f"{self.cc[i]}.{self.a1[i]}")

    _alts: list[str] | None = None

    def alternates(self, i: int) -> list[str]:
        if i >= self.user_from:
            return self.user_alts.get(i, [])
        extra = self.user_alts.get(i, [])
        if Gazetteer._alts is None:
            p = DATA / "gazetteer_alt.bin"
            Gazetteer._alts = marshal.loads(gzip.decompress(p.read_bytes())) if p.exists() else []
        a = Gazetteer._alts
        return (a[i].split("|") if i < len(a) and a[i] else []) + [x for x in extra if x]

    def record(self, i: int, alternates: bool = False) -> dict:
        d = {
            "geonames_id": self.gid[i] if self.gid[i] > 0 else None,
            "name": self.name[i], "lat": self.lat[i], "lon": self.lon[i],
            "country": self.cc[i], "admin1_code": self.a1[i] or None, "admin1": self.admin1_name(i),
            "feature": self.feat[i], "population": self.pop[i],
            "source": "user" if i >= self.user_from else "shipped",
        }
        if alternates:
            d["alternate_names"] = self.alternates(i)
        return d

    def match_kind(self, name: str, i: int) -> str:
        return "exact" if i in self.index.get(exact_key(name)) else "transliteration"

    def find(self, name: str, *, country: str | None = None, limit: int = 20) -> list[dict]:
        """Candidates for a name (exact key, then transliteration skeleton), biggest first."""
        exact = list(dict.fromkeys(self.index.get(exact_key(name))))
        ids = exact + [i for i in self.loose.get(loose_key(name)) if i not in exact]
        if country:
            ids = [i for i in ids if self.cc[i] == country.upper()]
        rank = {"PCLI": 0, "ADM1": 1}
        ex = set(exact)
        ids.sort(key=lambda i: (i not in ex, i < self.user_from, rank.get(self.feat[i], 2), -self.pop[i]))
        return [self.record(i, alternates=True) for i in ids[:limit]]


# ---------------------------------------------------------------- user layer files

def read_user_file(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    return data.get("places", [])


def write_user_file(path: Path, places: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8") as fh:
        json.dump({"format": 1, "places": places}, fh, ensure_ascii=False)
    tmp.replace(path)
