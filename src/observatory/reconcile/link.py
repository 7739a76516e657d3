"""Group units of many reports into clusters (future incidents), by blocking.

Every unit is filed under a few *block keys* (its place: GeoNames id, folded name,
coordinate grid cell; or, for episodes, its admin area) and under *time buckets* of the
link window.  A unit is compared only with the clusters filed under its own keys and the
neighbouring buckets, never with all others, so linking grows linearly with the number of
reports.  Units are processed in a fixed order (event start, report date, report id), so
the result does not depend on the order the reports came in.

A cluster keeps the date range of its first unit as its *core*: later units join when
their dates fall within the window of that core.  This stops chains of daily reports
from fusing a whole year of one town's violence into one incident.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .units import EPISODE, LOCAL, Unit
from .util import haversine_km, norm_name


@dataclass
class Cluster:
    idx: int
    kind: str
    seed: Unit
    core_start: int | None
    core_end: int | None
    units: list[Unit] = field(default_factory=list)
    gids: set[int] = field(default_factory=set)
    name_keys: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)
    filed: set[str] = field(default_factory=set)


def _episode_key(u: Unit) -> str:
    if u.admin1:
        return f"a:{(u.country or '').upper()}:{norm_name(u.admin1)}"
    if u.gid:
        return f"g:{u.gid}"
    if u.name_keys:
        return u.name_keys[0]
    if u.country:
        return f"c:{u.country.upper()}"
    return f"none:{u.report.id}:{u.ukey}"  # no place at all: links with nothing


class Linker:
    def __init__(self, policy: dict[str, Any]):
        self.policy = policy
        self.w_local = max(1, int(policy["date_window_days"]))
        self.w_episode = max(1, int(policy["episode_window_days"]))
        self.dist = float(policy["distance_km"])
        self.max_span = int(policy.get("max_link_span_days", 10))
        # grid cell: about dist km in latitude; neighbours searched +-1 in lat, +-2 in lon
        self.cell = max(self.dist, 0.1) / 111.0
        self.clusters: list[Cluster] = []
        self.index: dict[tuple[str, Any], list[Cluster]] = {}
        self.incompatible = {frozenset(p) for p in policy.get("incompatible_event_types", []) if len(p) == 2}

    # -- keys -------------------------------------------------------------
    def _place_keys(self, u: Unit) -> list[str]:
        if u.kind == EPISODE:
            return [_episode_key(u)]
        keys = list(u.name_keys)
        if u.gid:
            keys.append(f"g:{u.gid}")
        if u.lat is not None and u.lon is not None:
            keys.append(f"x:{math.floor(u.lat / self.cell)}:{math.floor(u.lon / self.cell)}")
        return keys or ["none"]

    def _query_keys(self, u: Unit) -> list[str]:
        keys = self._place_keys(u)
        if u.kind == LOCAL and u.lat is not None and u.lon is not None:
            i, j = math.floor(u.lat / self.cell), math.floor(u.lon / self.cell)
            keys = [k for k in keys if not k.startswith("x:")]
            keys += [f"x:{i + di}:{j + dj}" for di in (-1, 0, 1) for dj in (-2, -1, 0, 1, 2)]
        return keys

    def _window(self, kind: str) -> int:
        return self.w_episode if kind == EPISODE else self.w_local

    def _buckets(self, start: int | None, end: int | None, w: int, pad: int) -> list[Any]:
        if start is None:
            return [None]
        end = end if end is not None else start
        end = min(end, start + 366)  # a year-long range is not an incident's range
        return list(range((start - pad) // w, (end + pad) // w + 1))

    # -- matching ---------------------------------------------------------
    def _compatible(self, u: Unit, c: Cluster) -> bool:
        if u.kind != c.kind:
            return False
        w = self._window(u.kind)
        if u.start is None or c.core_start is None:
            return False  # undated reports are never linked by place alone
        if u.end - u.start > self.max_span or c.core_end - c.core_start > self.max_span:
            return False  # a month-long range says too little to tie reports together
        if u.start > c.core_end + w or u.end < c.core_start - w:
            return False
        if u.event_type and c.types and u.event_type not in c.types:
            if self.policy.get("require_same_event_type"):
                return False
            if any(frozenset((u.event_type, t)) in self.incompatible for t in c.types):
                return False
        if u.kind == EPISODE:
            key = _episode_key(u)
            if key != _episode_key(c.seed):
                return False
            if key.startswith("c:"):
                # a whole country is too wide a block: also need the same event type and a shared actor
                if not (u.event_type and u.event_type in c.types):
                    return False
                if u.actors and c.actors and not (u.actors & c.actors):
                    return False
            return True
        if u.gid and u.gid in c.gids:
            return True
        s = c.seed
        near = None
        if u.lat is not None and s.lat is not None:
            near = haversine_km(u.lat, u.lon, s.lat, s.lon) <= self.dist
        if set(u.name_keys) & c.name_keys:
            # same name: the same place unless both are resolved to places far apart
            return near is not False
        return bool(near)

    def _score(self, u: Unit, c: Cluster) -> tuple:
        same_type = 1 if (u.event_type and u.event_type in c.types) else 0
        actors = len(u.actors & c.actors)
        gap = 0 if u.start is None else abs(u.start - c.core_start)
        return (1 if (u.gid and u.gid in c.gids) else 0, same_type, actors, -gap, -c.idx)

    def _candidates(self, u: Unit) -> list[Cluster]:
        w = self._window(u.kind)
        seen: dict[int, Cluster] = {}
        for k in self._query_keys(u):
            for b in self._buckets(u.start, u.end, w, w):
                for c in self.index.get((u.kind, k, b), ()):
                    seen.setdefault(c.idx, c)
        return [c for c in seen.values() if self._compatible(u, c)]

    def _file(self, c: Cluster, u: Unit) -> None:
        w = self._window(c.kind)
        for k in self._place_keys(u):
            if k in c.filed:
                continue
            c.filed.add(k)
            for b in self._buckets(c.core_start, c.core_end, w, 0):
                self.index.setdefault((c.kind, k, b), []).append(c)

    def _join(self, c: Cluster, u: Unit) -> None:
        c.units.append(u)
        if u.gid:
            c.gids.add(u.gid)
        c.name_keys.update(u.name_keys)
        if u.event_type:
            c.types.add(u.event_type)
        c.actors.update(u.actors)

    def add(self, u: Unit, *, create: bool = True) -> Cluster | None:
        cands = self._candidates(u)
        if cands:
            c = max(cands, key=lambda c: self._score(u, c))
            self._join(c, u)
            self._file(c, u)
            return c
        if not create:
            return None
        c = Cluster(idx=len(self.clusters), kind=u.kind, seed=u, core_start=u.start, core_end=u.end)
        self.clusters.append(c)
        self._join(c, u)
        self._file(c, u)
        return c


def link_units(units: list[Unit], policy: dict[str, Any]) -> tuple[list[Cluster], dict[int, Cluster]]:
    """Clusters of units, and for each linked unit (by id()) its cluster.

    Strong units (with casualty claims or an event type) are linked first and may open new
    clusters; weak ones (duplicates, reports with only cumulative tolls) only join existing
    clusters and are dropped otherwise.
    """
    lk = Linker(policy)
    where: dict[int, Cluster] = {}
    by_key: dict[tuple[str, str], Cluster] = {}
    for strong in (True, False):
        for u in sorted((u for u in units if u.strong == strong), key=lambda u: u.sort_key):
            c = None
            if u.duplicate and u.report.duplicate_of:
                # a near-duplicate goes where the report it repeats went
                c = by_key.get((u.report.duplicate_of, u.ukey))
                if c is None and u.is_main:
                    c = by_key.get((u.report.duplicate_of, "<main>"))
                if c is not None:
                    lk._join(c, u)
            if c is None:
                c = lk.add(u, create=strong)
            if c is not None:
                where[id(u)] = c
                by_key.setdefault((u.report.id, u.ukey), c)
                if u.is_main:
                    by_key.setdefault((u.report.id, "<main>"), c)
    return lk.clusters, where
