"""build_incidents: (Report, Extraction) pairs -> incidents with reconciled figures."""
from __future__ import annotations

from collections import Counter
from typing import Any, Iterable

from ..model import Actor, Estimate, Event, Extraction, Incident, IncidentClaim, Place, Report
from .figures import Ref, SourceNamer, assign_states, grade, reconcile
from .link import Cluster, link_units
from .policy import kind_rank, load_policy
from .units import EPISODE, LOCAL, Unit, _countable, place_identity, report_units
from .util import from_ordinal, norm_name, short_hash


def _sort_items(items: Iterable[tuple[Report, Extraction]]) -> list[tuple[Report, Extraction]]:
    seen: dict[str, tuple[Report, Extraction]] = {}
    for rep, ex in items:
        if ex is None or ex.error:
            continue
        seen.setdefault(rep.id, (rep, ex))  # a report id counts once
    return sorted(seen.values(), key=lambda x: (x[0].published or x[1].published or "", x[0].id))


def _date_precision(span: int | None, given: list[int]) -> int | None:
    if span is None:
        return min(given) if given else None
    by_span = 1 if span == 0 else 2 if span <= 5 else 3 if span <= 7 else 4 if span <= 31 else 5
    return max(by_span, min(given)) if given else by_span


def _pick_place(units: list[Unit]) -> Place | None:
    counts: Counter[str] = Counter()
    best: dict[str, Place] = {}
    for u in units:
        pid = place_identity(u.place)
        if pid is None:
            continue
        counts[pid] += 1
        p = best.get(pid)
        if p is None or (p.lat is None and u.place.lat is not None):
            best[pid] = u.place
    if not counts:
        return None
    pid = min(counts, key=lambda k: (-counts[k], best[k].lat is None, best[k].precision or 9, k))
    return best[pid]


def _place_dict(p: Place | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"name": p.name or p.mention, "mention": p.mention, "lat": p.lat, "lon": p.lon,
            "country": p.country, "admin1": p.admin1, "admin2": p.admin2,
            "geonames_id": p.geonames_id, "feature": p.feature, "precision": p.precision}


def _claim_dict(ic: IncidentClaim, sname: str, skind: str) -> dict[str, Any]:
    c = ic.claim
    ev = c.evidence
    return {
        "status": c.status, "group": c.group, "value": c.value, "low": c.low, "high": c.high,
        "qualifier": c.qualifier, "scope": c.scope, "source": c.source, "source_kind": c.source_kind,
        "place": c.place, "date_start": c.date_start, "date_end": c.date_end,
        "evidence": ({"start": ev.start, "end": ev.end, "text": ev.text} if ev is not None else None),
        "part_of": c.part_of, "perpetrator": c.perpetrator, "revision": c.revision, "negated": c.negated,
        "claimant": c.claimant, "earlier": c.earlier,
        "report_id": ic.report_id, "published": ic.published, "claim_index": ic.claim_index,
        "state": ic.state, "reason": ic.reason, "resolved_source": sname, "resolved_source_kind": skind,
    }


class _Builder:
    def __init__(self, items: list[tuple[Report, Extraction]], policy: dict[str, Any]):
        self.items = items
        self.policy = policy
        names = set()
        for rep, ex in items:
            names.update(c.source for c in ex.claims if c.source)
            names.update(s.name for s in ex.sources if s.name)
            if rep.publisher:
                names.add(rep.publisher)
        self.namer = SourceNamer(policy, names)
        self.kinds: dict[str, Counter[str]] = {}

    def source_of(self, rep: Report, ex: Extraction, c) -> tuple[str, str]:
        """(canonical name, kind hint) of the source of a claim."""
        if c.source:
            kind = c.source_kind
            if kind is None:
                kind = next((s.kind for s in ex.sources if s.name == c.source), None)
            return self.namer.canonical(c.source), kind
        if rep.publisher:
            return self.namer.canonical(rep.publisher), self.policy["unattributed_kind"]
        return f"unattributed (report {rep.id})", self.policy["unattributed_without_publisher_kind"]

    def run(self) -> list[Incident]:
        ids = {rep.id for rep, _ in self.items}
        units: list[Unit] = []
        for rep, ex in self.items:
            dup = bool(rep.duplicate_of) and rep.duplicate_of in ids
            units.extend(report_units(rep, ex, self.policy, duplicate=dup))
        clusters, where = link_units(units, self.policy)
        # source kinds are decided once per canonical source, over all its claims
        src_cache: dict[tuple[str, int], tuple[str, str | None]] = {}
        for u in units:
            if id(u) not in where:
                continue
            for i in u.claim_idx:
                name, kind = self.source_of(u.report, u.extraction, u.extraction.claims[i])
                src_cache[(u.report.id, i)] = (name, kind)
                self.kinds.setdefault(name, Counter())[kind or self.policy["unattributed_kind"]] += 1
        # reports told by one source about one place: their own summary is that source's figure
        self.whole: set[str] = set()
        self.has_children: set[int] = {id(u.parent) for u in units if u.parent is not None}
        by_rep: dict[str, list[Unit]] = {}
        for u in units:
            by_rep.setdefault(u.report.id, []).append(u)
        for rid, us in by_rep.items():
            withc = [u for u in us if any(_countable(u.extraction.claims[i], self.policy) for i in u.claim_idx)]
            if len(withc) == 1 and id(withc[0]) in where:
                u = withc[0]
                names = {src_cache[(rid, i)][0] for i in u.claim_idx if _countable(u.extraction.claims[i], self.policy)}
                if len(names) == 1:
                    self.whole.add(rid)
        known = {k: v for k, v in self.policy.get("known_source_kinds", {}).items() if not k.startswith("_")}
        skind = {n: known.get(n) or min(cnt, key=lambda k: (-cnt[k], -kind_rank(self.policy, k), k))
                 for n, cnt in self.kinds.items()}

        ordered = sorted(clusters, key=lambda c: (c.kind != LOCAL, c.idx))  # children before parents
        built: dict[int, Incident] = {}
        child_figs: dict[int, list[dict[str, Any]]] = {}
        parent_of: dict[int, int] = {}
        for c in ordered:
            if c.kind == LOCAL:
                votes = Counter(where[id(u.parent)].idx for u in c.units if u.parent is not None and id(u.parent) in where)
                if votes:
                    parent_of[c.idx] = min(votes, key=lambda k: (-votes[k], k))
        if self.policy.get("attach_local_to_episode_by_admin1"):
            self._attach_by_region(clusters, parent_of)
        for c in ordered:
            if c.kind == LOCAL:
                inc = self._incident(c, src_cache, skind, None)
            else:
                inc = self._incident(c, src_cache, skind, child_figs.get(c.idx))
            built[c.idx] = inc
            if c.idx in parent_of:
                child_figs.setdefault(parent_of[c.idx], []).append(
                    {"id": inc.id, "killed": {"total": inc.killed, **inc.killed_by_group},
                     "injured": {"total": inc.injured, **inc.injured_by_group}})
        for ci, pi in parent_of.items():
            built[ci].parent_id = built[pi].id
        out = list(built.values())
        out.sort(key=lambda i: (i.event.date_start or "9999", i.id))
        return out

    def _attach_by_region(self, clusters: list[Cluster], parent_of: dict[int, int]) -> None:
        eps: dict[str, list[Cluster]] = {}
        for c in clusters:
            if c.kind == EPISODE and c.seed.admin1:
                eps.setdefault(f"{(c.seed.country or '').upper()}:{norm_name(c.seed.admin1)}", []).append(c)
        w = int(self.policy["episode_window_days"])
        for c in clusters:
            if c.kind != LOCAL or c.idx in parent_of or not c.seed.admin1 or c.core_start is None:
                continue
            key = f"{(c.seed.country or '').upper()}:{norm_name(c.seed.admin1)}"
            cands = [e for e in eps.get(key, ()) if e.core_start is not None
                     and c.core_start <= e.core_end + w and c.core_end >= e.core_start - w
                     and any(not u.duplicate for u in e.units)]
            if cands:
                parent_of[c.idx] = min(cands, key=lambda e: (abs(e.core_start - c.core_start), e.idx)).idx

    def _incident(self, c: Cluster, src_cache, skind, children) -> Incident:
        pol = self.policy
        refs: list[Ref] = []
        for u in sorted(c.units, key=lambda u: u.sort_key):
            rep, ex = u.report, u.extraction
            for i in u.claim_idx:
                name, _ = src_cache[(rep.id, i)]
                kind = skind.get(name, pol["unattributed_kind"])
                ic = IncidentClaim(claim=ex.claims[i], report_id=rep.id, published=rep.published or ex.published,
                                   claim_index=i)
                if u.duplicate:
                    ic.reason = f"near-duplicate of report {rep.duplicate_of}: counted once"
                refs.append(Ref(ic=ic, skey=norm_name(name) or name, sname=name, skind=kind,
                                rank=kind_rank(pol, kind), duplicate=u.duplicate,
                                report_claims=ex.claims, whole_report=rep.id in self.whole, summary=ex.summary))
        assign_states(refs, pol)
        docs = {u.report.id: u.extraction.summary for u in c.units
                if c.kind == EPISODE and u.is_main and not u.duplicate and id(u) in self.has_children
                and not any(_countable(u.extraction.claims[i], pol) for i in u.claim_idx)}
        figs = reconcile(refs, pol, children, docs)

        reps: dict[str, dict[str, Any]] = {}
        for u in c.units:
            r = u.report
            reps.setdefault(r.id, {"id": r.id, "publisher": r.publisher, "published": r.published or u.extraction.published,
                                   "title": r.title, "url": r.url, "duplicate_of": r.duplicate_of if u.duplicate else None})
        reports = sorted(reps.values(), key=lambda x: (x["published"] or "", x["id"]))

        # event dates: from first-hand units; a report revising a toll ("rose to 23") dates the revision, not the event
        def first_hand(u: Unit) -> bool:
            return not u.duplicate and not any(u.extraction.claims[i].revision for i in u.claim_idx)
        dated = [u for u in c.units if u.start is not None]
        basis = [u for u in dated if first_hand(u)] or [u for u in dated if not u.duplicate] or dated
        starts = [u.start for u in basis]
        ends = [u.end for u in basis]
        ds, de = (min(starts), max(ends)) if starts else (None, None)
        types = Counter(u.event_type for u in c.units if u.event_type)
        etype = min(types, key=lambda k: (-types[k], k)) if types else None
        subs = Counter(u.sub_type for u in c.units if u.event_type == etype and u.sub_type)
        actors: dict[str, Actor] = {}
        for u in sorted(c.units, key=lambda u: u.sort_key):
            for a in u.extraction.event.actors:
                if a and a.name:
                    actors.setdefault(norm_name(a.name), a)
        event = Event(type=etype, sub_type=min(subs, key=lambda k: (-subs[k], k)) if subs else None,
                      date_start=from_ordinal(ds), date_end=from_ordinal(de),
                      date_precision=_date_precision(None if ds is None else de - ds,
                                                     [u.date_precision for u in c.units if u.date_precision]),
                      actors=list(actors.values()))
        place = _pick_place(c.units)
        first = min(c.units, key=lambda u: ((u.report.published or ""), u.report.id, u.ukey))
        iid = "inc-" + short_hash(c.kind, first.report.id, first.ukey)

        killed = figs.get("killed", {})
        injured = figs.get("injured", {})
        sources = []
        by_name: dict[str, list[Ref]] = {}
        for r in refs:
            by_name.setdefault(r.sname, []).append(r)
        for name in sorted(by_name):
            rs = by_name[name]
            ps = figs["per_source"].get(rs[0].skey, {})
            entry: dict[str, Any] = {"name": name, "kind": rs[0].skind,
                                     "reports": sorted({r.ic.report_id for r in rs}),
                                     "claims": sum(1 for r in rs if r.active)}
            for st in pol["statuses"]:
                if st in ps:
                    g = dict(ps[st])
                    entry[st] = g.pop("total", None)
                    entry[f"{st}_by_group"] = g
            sources.append(entry)
        grade_s, grade_why = grade(refs, figs["flags"], reports, pol)
        explanations = figs["explanations"] + [{"field": "grade", "value": grade_s, "rule": grade_why, "claims": []}]

        where = place.name or place.mention if place else None
        span = event.date_start if event.date_start == event.date_end else f"{event.date_start} to {event.date_end}"
        tot = killed.get("total")
        title = f"{etype or ('Episode' if c.kind == EPISODE else 'Incident')} in {where or 'unknown place'}"
        if event.date_start:
            title += f", {span}"
        if tot is not None and tot.best is not None:
            title += f": {tot.best} killed"
        inc = Incident(
            id=iid, title=title, event=event, location=place,
            killed=killed.get("total") or Estimate(), injured=injured.get("total") or Estimate(),
            killed_by_group={g: e for g, e in killed.items() if g != "total"},
            injured_by_group={g: e for g, e in injured.items() if g != "total"},
            grade=grade_s, flags=list(figs["flags"]), sources=sources, reports=reports,
            claims=[r.ic for r in refs], explanations=explanations,
        )
        inc._kind = c.kind  # type: ignore[attr-defined]
        inc._refs = refs  # type: ignore[attr-defined]
        return inc


def build_incidents(items: Iterable[tuple[Report, Extraction]], policy=None) -> list[Incident]:
    """Link the claims of many reports into incidents and reconcile their figures.

    Deterministic: the same (Report, Extraction) pairs in any order give the same incidents,
    ids and figures.  ``policy`` is a dict or path overlaid on the shipped ``policy.json``.
    """
    pol = policy if isinstance(policy, dict) and "source_kind_rank" in policy else load_policy(policy)
    return _Builder(_sort_items(items), pol).run()


def _est(e: Estimate | None) -> dict[str, Any]:
    e = e or Estimate()
    return {"best": e.best, "low": e.low, "high": e.high}


def incident_to_dict(inc: Incident) -> dict[str, Any]:
    """The incident JSON of issue 5 (what the store keeps, the API returns, exports read)."""
    refs = getattr(inc, "_refs", None)
    names = {(r.ic.report_id, r.ic.claim_index): (r.sname, r.skind) for r in refs} if refs else {}
    ev = inc.event
    return {
        "id": inc.id,
        "parent_id": inc.parent_id,
        "kind": getattr(inc, "_kind", None),
        "title": inc.title,
        "event": {"type": ev.type, "sub_type": ev.sub_type, "date_start": ev.date_start, "date_end": ev.date_end,
                  "date_precision": ev.date_precision,
                  "actors": [{"name": a.name, "role": a.role, "kind": a.kind} for a in ev.actors]},
        "location": _place_dict(inc.location),
        "killed": _est(inc.killed),
        "injured": _est(inc.injured),
        "killed_by_group": {g: _est(e) for g, e in sorted(inc.killed_by_group.items())},
        "injured_by_group": {g: _est(e) for g, e in sorted(inc.injured_by_group.items())},
        "grade": inc.grade,
        "flags": list(inc.flags),
        "sources": inc.sources,
        "reports": inc.reports,
        "claims": [_claim_dict(ic, *names.get((ic.report_id, ic.claim_index), (ic.claim.source, ic.claim.source_kind)))
                   for ic in inc.claims],
        "explanations": inc.explanations,
    }
