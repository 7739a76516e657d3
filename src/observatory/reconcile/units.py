"""Split one report's extraction into linkable units.

A *unit* is the part of one report about one happening at one place: the report's main
unit (its main location, its document-level claims) and, when claims are tied to other
specific towns or villages ("In the town of Al-Janoudiya, a funeral ... for four members
of the security forces"), one local unit per such place.  A report with local units makes
its main unit an *episode* that holds them (the parent of their incidents).
"""
from __future__ import annotations

import functools

from dataclasses import dataclass, field
from typing import Any

from ..model import Extraction, Place, Report
from .util import norm_name, to_ordinal

EPISODE = "episode"
LOCAL = "local"


@dataclass
class Unit:
    report: Report
    extraction: Extraction
    ukey: str  # identity of the unit's place within the report ("main" units use their place key too)
    kind: str  # EPISODE | LOCAL
    place: Place | None
    country: str | None
    admin1: str | None
    gid: int | None
    name_keys: tuple[str, ...]
    lat: float | None
    lon: float | None
    start: int | None  # day ordinals
    end: int | None
    published: int | None
    claim_idx: list[int] = field(default_factory=list)
    parent: "Unit | None" = None
    is_main: bool = True
    strong: bool = True
    duplicate: bool = False
    event_type: str | None = None
    sub_type: str | None = None
    actors: frozenset[str] = frozenset()
    date_precision: int | None = None

    @property
    def sort_key(self) -> tuple:
        return (
            self.start if self.start is not None else 10**9,
            self.published if self.published is not None else 10**9,
            self.report.id,
            self.ukey,
        )


def place_identity(p: Place | None) -> str | None:
    if p is None:
        return None
    if p.geonames_id:
        return f"g:{p.geonames_id}"
    n = norm_name(p.name or p.mention)
    return f"n:{(p.country or '').upper()}:{n}" if n else None


def _name_keys(p: Place | None, country: str | None) -> tuple[str, ...]:
    if p is None:
        return ()
    cc = (p.country or country or "").upper()
    keys = {f"n:{cc}:{norm_name(x)}" for x in (p.name, p.mention) if x and norm_name(x)}
    return tuple(sorted(keys))


def _is_coarse(p: Place | None, policy: dict[str, Any]) -> bool:
    """A region, admin area or country rather than a town or village."""
    if p is None:
        return True
    if p.precision is not None and p.precision >= policy["episode_when_precision_at_least"]:
        return True
    feat = (p.feature or "").upper()
    return feat.startswith("ADM") or feat.startswith("PCL") or feat in {"RGN", "CONT"}


def _only_town_inside(loc: Place | None, places: list[Place], policy: dict[str, Any]) -> Place | None:
    """The one resolved town or village mentioned inside a coarse main location (same admin1), if exactly one."""
    if loc is None or not loc.admin1:
        return None
    found: dict[str, Place] = {}
    for p in places:
        if p.lat is None or _is_coarse(p, policy):
            continue
        if p.admin1 != loc.admin1 or (loc.country and p.country != loc.country):
            continue
        found.setdefault(place_identity(p) or "", p)
    return next(iter(found.values())) if len(found) == 1 else None


@functools.lru_cache(maxsize=4096)
def _admin1_point(admin1: str, country: str | None) -> tuple[float, float] | None:
    """The gazetteer's point for a first-level admin area (its seat), or None if it has none."""
    from ..geo import get_geocoder

    for rec in get_geocoder().gaz.find(admin1, country=country, limit=10):
        if rec.get("feature") == "ADM1" and rec.get("country") == country and rec.get("lat") is not None:
            return rec["lat"], rec["lon"]
    return None


def _coarsen(p: Place) -> Place:
    """The admin area (or country) of a town, as the place of an episode around it.

    An admin-level place (UCDP where_prec 4) takes the area's own point from the gazetteer,
    not the town's, so that the map does not pin a region's toll on one town; where the
    gazetteer has no point for the area, the town's stands in."""
    if p.admin1:
        lat, lon = _admin1_point(p.admin1, p.country) or (p.lat, p.lon)
        return Place(mention=p.admin1, start=-1, end=-1, name=p.admin1, lat=lat, lon=lon, country=p.country,
                     admin1=p.admin1, feature="ADM1", precision=4)
    return Place(mention=p.country or "", start=-1, end=-1, name=p.country, lat=None, lon=None, country=p.country,
                 feature="PCLI", precision=6)


def _countable(c, policy) -> bool:
    return (c.status in policy["statuses"] and c.scope == "incident" and not c.negated)


def _dates(ex: Extraction, idx: list[int], main: bool, published: int | None) -> tuple[int | None, int | None]:
    starts, ends = [], []
    for i in idx:
        c = ex.claims[i]
        if c.scope != "incident":
            continue
        s, e = to_ordinal(c.date_start), to_ordinal(c.date_end)
        if s is not None:
            starts.append(s)
            ends.append(e if e is not None and e >= s else s)
    es, ee = to_ordinal(ex.event.date_start), to_ordinal(ex.event.date_end)
    if es is not None:
        ee = ee if ee is not None and ee >= es else es
    if main and es is not None:
        return min([es, *starts]), max([ee, *ends])
    if starts:
        return min(starts), max(ends)
    if es is not None:
        return es, ee
    return published, published


def report_units(report: Report, ex: Extraction, policy: dict[str, Any], *, duplicate: bool = False) -> list[Unit]:
    """The units of one report (main first, then local units in order of first claim)."""
    loc = ex.location
    country = (loc.country if loc else None) or next((p.country for p in ex.places if p.country), None)
    by_mention: dict[str, Place] = {}
    for p in ex.places:
        for k in (norm_name(p.mention), norm_name(p.name)):
            if k and k not in by_mention:
                by_mention[k] = p
    loc_id = place_identity(loc)
    loc_names = {norm_name(loc.name), norm_name(loc.mention)} - {""} if loc else set()

    main_idx: list[int] = []
    at_town: list[int] = []
    local: dict[str, tuple[Place, list[int]]] = {}
    for i, c in enumerate(ex.claims):
        target = None
        if c.place and c.scope == "incident" and not c.negated:
            k = norm_name(c.place)
            p = by_mention.get(k)
            if p is None and c.place[:1].isupper():
                # a named place the gazetteer could not resolve: keep it as its own place
                p = Place(mention=c.place, start=-1, end=-1, country=country)
            if p is not None and not _is_coarse(p, policy) and k not in loc_names:
                pid = place_identity(p)
                if pid and pid != loc_id:
                    target = pid
                    local.setdefault(pid, (p, []))[1].append(i)
        if target is None:
            main_idx.append(i)
            if (c.place and c.scope == "incident" and not c.negated and loc is not None
                    and not _is_coarse(loc, policy) and norm_name(c.place) in loc_names):
                at_town.append(i)

    if local and at_town and any(_countable(ex.claims[i], policy) for i in at_town):
        # the main location is a town with its own claims, and other towns have theirs: the town
        # is one local incident among others, and the episode is the wider area around them
        local = {loc_id or "main-town": (loc, at_town), **local}
        main_idx = [i for i in main_idx if i not in set(at_town)]
        loc = _coarsen(loc)
        loc_id = place_identity(loc)

    published = to_ordinal(report.published or ex.published)
    et, st = ex.event.type, ex.event.sub_type
    actors = frozenset(norm_name(a.name) for a in ex.event.actors if a and a.name)
    prec = ex.event.date_precision

    def make(p: Place | None, idx: list[int], kind: str, is_main: bool, ukey: str) -> Unit:
        s, e = _dates(ex, idx, is_main, published)
        u = Unit(
            report=report, extraction=ex, ukey=ukey, kind=kind, place=p,
            country=(p.country if p and p.country else country),
            admin1=(p.admin1 if p else None) or (loc.admin1 if (loc and is_main) else None),
            gid=p.geonames_id if p else None, name_keys=_name_keys(p, country),
            lat=p.lat if p else None, lon=p.lon if p else None,
            start=s, end=e, published=published, claim_idx=idx, is_main=is_main,
            duplicate=duplicate, event_type=et, sub_type=st, actors=actors, date_precision=prec,
        )
        has_claims = any(_countable(ex.claims[i], policy) for i in idx)
        u.strong = not duplicate and (has_claims or (is_main and bool(et)))
        return u

    if not local:
        if _is_coarse(loc, policy):
            town = _only_town_inside(loc, ex.places, policy)
            if town is not None:
                # "an air strike on Saraqib in Idlib province": the report is about that town
                return [make(town, main_idx, LOCAL, True, place_identity(town) or "main")]
            return [make(loc, main_idx, EPISODE, True, loc_id or "main")]
        return [make(loc, main_idx, LOCAL, True, loc_id or "main")]
    if len(local) == 1 and not any(_countable(ex.claims[i], policy) for i in main_idx):
        # only one specific place and nothing about a wider area: that place is the report's subject
        (pid, (p, idx)), = local.items()
        return [make(p, sorted(idx + main_idx), LOCAL, True, pid)]
    main = make(loc, main_idx, EPISODE, True, loc_id or "main")
    units = [main]
    for pid, (p, idx) in local.items():
        u = make(p, idx, LOCAL, False, pid)
        u.parent = main
        u.admin1 = p.admin1  # do not inherit the episode's admin area
        units.append(u)
    return units
