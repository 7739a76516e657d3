"""Claim states (revisions, parts, exclusions) and best/low/high per incident.

Every figure produced here carries an explanation: the rule that produced it and the
claims (report, source, evidence) it came from.  The rules are those of
``docs/reconciliation.md``; their parameters live in ``policy.json``.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from ..model import Claim, Estimate, IncidentClaim
from .util import acronym, norm_name


# -- sources ------------------------------------------------------------------

class SourceNamer:
    """Canonical source names: policy aliases, then acronyms of names seen in the input."""

    def __init__(self, policy: dict[str, Any], names: set[str]):
        self.aliases = {norm_name(k): v for k, v in policy.get("source_aliases", {}).items() if not k.startswith("_")}
        long_by_acr: dict[str, set[str]] = {}
        for n in sorted(names):
            canon = self.aliases.get(norm_name(n), n)
            if len(canon.split()) >= 3:
                long_by_acr.setdefault(acronym(canon), set()).add(canon)
        self.acr = {a: next(iter(v)) for a, v in long_by_acr.items() if len(v) == 1 and len(a) >= 2}
        self._cache: dict[str, str] = {}

    def canonical(self, name: str) -> str:
        got = self._cache.get(name)
        if got is None:
            k = norm_name(name)
            got = self.aliases.get(k)
            if got is None:
                compact = name.strip().replace(".", "")
                if compact.isupper() and 2 <= len(compact) <= 7:
                    got = self.acr.get(compact.casefold())
            got = got or name.strip()
            self._cache[name] = got
        return got


@dataclass
class Ref:
    """A claim in an incident, with its resolved source."""

    ic: IncidentClaim
    skey: str
    sname: str
    skind: str
    rank: int
    duplicate: bool = False
    active: bool = False  # enters the figures
    report_claims: list[Claim] | None = None  # all claims of the claim's report (for part_of)
    whole_report: bool = False  # the claim's report has this one source and this one unit
    summary: Any = None  # the report's own reconciled summary (extraction.summary)

    @property
    def claim(self) -> Claim:
        return self.ic.claim

    def order(self) -> tuple:
        return (self.ic.published or "", self.ic.report_id, self.ic.claim_index)

    def brief(self) -> dict[str, Any]:
        c = self.claim
        return {
            "report_id": self.ic.report_id, "claim_index": self.ic.claim_index,
            "published": self.ic.published, "source": self.sname, "source_kind": self.skind,
            "status": c.status, "group": c.group, "value": c.value, "low": c.low, "high": c.high,
            "qualifier": c.qualifier, "place": c.place,
            "evidence": c.evidence.text if c.evidence is not None else None,
        }


def _describe(c: Claim) -> str:
    q = {"at_least": "at least ", "more_than": "more than ", "about": "about ", "up_to": "up to ",
         "vague": "vague "}.get(c.qualifier or "exact", "")
    v = c.value if c.value is not None else (f"{c.low}-{c.high}" if c.low or c.high else "?")
    return f"{c.status} {c.group} {q}{v}"


# -- states ---------------------------------------------------------------------

def assign_states(refs: list[Ref], policy: dict[str, Any]) -> None:
    """Set state/reason of every claim: excluded, part_of, superseded or current."""
    excl = policy["excluded_scopes"]
    by_report: dict[str, dict[int, Ref]] = {}
    for r in refs:
        by_report.setdefault(r.ic.report_id, {})[r.ic.claim_index] = r
    chains: dict[tuple, list[Ref]] = {}
    for r in refs:
        c = r.claim
        if r.duplicate:
            r.ic.state, r.ic.reason = "excluded", r.ic.reason or "near-duplicate report: counted once"
            continue
        if c.scope != "incident":
            r.ic.state = "excluded"
            r.ic.reason = excl.get(c.scope, f"scope {c.scope}: not a toll of this incident")
            continue
        if c.negated:
            r.ic.state, r.ic.reason = "excluded", "negated statement (no one was)"
            continue
        if c.value is None and c.low is None and c.high is None:
            r.ic.state, r.ic.reason = "excluded", "no figure"
            continue
        cover = by_report[r.ic.report_id].get(c.part_of) if c.part_of is not None else None
        if cover is not None and cover.claim.status == c.status and cover.claim.group == c.group:
            r.ic.state = "part_of"
            r.ic.reason = f"part of claim #{c.part_of} ({_describe(cover.claim)}) of the same group: not added"
            continue
        chains.setdefault((r.skey, c.status, c.group), []).append(r)
    for chain in chains.values():
        chain.sort(key=Ref.order)
        last_report = chain[-1].ic.report_id
        last = [r for r in chain if r.ic.report_id == last_report]
        cur = max(last, key=lambda r: (r.claim.revision, r.claim.value if r.claim.value is not None else (r.claim.low or 0), r.ic.claim_index))
        for r in chain:
            if r is cur:
                continue
            r.ic.state = "superseded"
            if r.ic.report_id == last_report:
                r.ic.reason = f"restated in the same report as claim #{cur.ic.claim_index} ({_describe(cur.claim)})"
            else:
                r.ic.reason = (f"superseded by {cur.sname}'s later figure in report {cur.ic.report_id} "
                               f"({cur.ic.published or 'undated'}): {_describe(cur.claim)}")
        cur.active = True
        c = cur.claim
        cover = None
        if c.part_of is not None and cur.report_claims and 0 <= c.part_of < len(cur.report_claims):
            cover = cur.report_claims[c.part_of]
        if cover is not None:
            cur.ic.state = "part_of"
            where = "this incident" if c.part_of in by_report[cur.ic.report_id] else "the covering episode"
            cur.ic.reason = (f"part of claim #{c.part_of} ({_describe(cover)}) in {where}: "
                             f"counts for its group, never added on top of that total")
        else:
            cur.ic.state, cur.ic.reason = "current", None


# -- estimates ------------------------------------------------------------------

def claim_estimate(c: Claim, policy: dict[str, Any]) -> Estimate:
    qb = policy["qualifier_bounds"].get(c.qualifier or "exact", policy["qualifier_bounds"]["exact"])
    v = c.value
    best = v if (qb["best"] and v is not None) else None
    low = c.low if c.low is not None else (v if qb["low"] else None)
    high = c.high if c.high is not None else (v if qb["high"] else None)
    if best is None and c.qualifier == "between" and low is not None:
        best = low
    return Estimate(best=best, low=low, high=high)


def _val(e: Estimate) -> int | None:
    return e.best if e.best is not None else e.low


def _ed(e: Estimate) -> dict[str, Any]:
    return {"best": e.best, "low": e.low, "high": e.high}


OPEN = ("at_least", "more_than", "vague")


@dataclass
class SourceFig:
    est: Estimate
    rule: str
    refs: list[Ref]
    open_high: bool = False  # "at least": no ceiling
    derived: bool = False  # a total summed from some groups, where the source states none

    def interval(self) -> tuple[int, float] | None:
        lo = self.est.low if self.est.low is not None else self.est.best
        if lo is None:
            return None
        if self.open_high:
            return lo, float("inf")
        hi = self.est.high if self.est.high is not None else self.est.best
        return lo, (hi if hi is not None else float("inf"))

    def latest(self) -> tuple:
        return max(r.order()[:2] for r in self.refs)


def _inside_group(r: Ref) -> bool:
    """Is the claim marked as part of another group's figure ("7 civilians, including 2 journalists")?"""
    c = r.claim
    if c.part_of is None or not r.report_claims or not 0 <= c.part_of < len(r.report_claims):
        return False
    return r.report_claims[c.part_of].group != "total"


def source_figures(refs: list[Ref], status: str, policy: dict[str, Any]) -> dict[str, SourceFig]:
    """One source's figures per group for one status, from its active claims."""
    groups: dict[str, Ref] = {}
    for r in refs:
        if r.active and r.claim.status == status:
            g = r.claim.group
            if g not in groups or (_val(claim_estimate(r.claim, policy)) or 0) > (_val(claim_estimate(groups[g].claim, policy)) or 0):
                groups[g] = r
    out = {g: SourceFig(claim_estimate(r.claim, policy), "stated", [r], (r.claim.qualifier or "exact") in OPEN)
           for g, r in groups.items()}
    subsets = {k: v for k, v in policy.get("subsets_of", {}).items() if not k.startswith("_")}
    present = [g for g in sorted(out) if g != "total" and _val(out[g].est) is not None
               and not _inside_group(out[g].refs[0])
               and not any(c in out for c in subsets.get(g, ()))]
    if present:
        s_best = sum(_val(out[g].est) for g in present)
        s_low = sum((out[g].est.low if out[g].est.low is not None else _val(out[g].est)) for g in present)
        prefs = [r for g in present for r in out[g].refs]
        names = " + ".join(present)
        t = out.get("total")
        if t is None:
            out["total"] = SourceFig(Estimate(best=s_best, low=s_low), f"sum of disjoint groups ({names}): no total stated",
                                     prefs, open_high=True, derived=True)
        elif t.refs[0].claim.qualifier in OPEN or t.est.best is None:
            if s_best > (_val(t.est) or 0):
                t.est = Estimate(best=s_best, low=max(s_low, t.est.low or 0), high=t.est.high)
                t.rule = (f"sum of disjoint groups ({names}) = {s_best}, above the stated lower bound "
                          f"({_describe(t.refs[0].claim)})")
                t.refs = t.refs + prefs
        elif t.est.best is not None and s_best > t.est.best:
            t.rule = f"stated total (its groups {names} sum to {s_best}, more than the total)"
    return out


def combine(figs: list[tuple[Ref, SourceFig]], policy: dict[str, Any]) -> tuple[Estimate, list[dict[str, Any]], bool]:
    """best/low/high across sources for one (status, group); explanations; contested?"""
    expl: list[dict[str, Any]] = []
    with_best = [(r, f) for r, f in figs if f.est.best is not None]
    if any(not f.derived for _, f in with_best):
        # a source that states a total outranks one whose total is only summed from some groups
        with_best = [(r, f) for r, f in with_best if not f.derived]
    best = None
    if with_best:
        top = max(r.rank for r, _ in with_best)
        tops = sorted(((r, f) for r, f in with_best if r.rank == top), key=lambda x: (x[1].est.best, x[0].skey))
        vals = [f.est.best for _, f in tops]
        tie = policy.get("best_tie", "latest")
        if len(vals) == 1:
            best = vals[0]
            rule = f"best: figure of the highest-ranked source ({tops[0][0].sname}, {tops[0][0].skind}); {tops[0][1].rule}"
        elif tie == "latest":
            r, f = max(tops, key=lambda x: (x[1].latest(), x[1].rule == "stated", x[1].est.best, x[0].skey))
            best = f.est.best
            tops = [(r, f)]
            rule = (f"best: latest figure among {len(vals)} equally ranked sources ({r.skind}): "
                    f"{r.sname} in report {f.latest()[1]}; {f.rule}")
        else:
            best = {"max": max, "min": min}.get(tie, statistics.median_low)(vals)
            rule = f"best: {tie} of the {len(vals)} highest-ranked sources ({tops[0][0].skind})"
        expl.append({"field": "best", "value": best, "rule": rule,
                     "claims": [x.brief() for r, f in tops for x in f.refs]})
    excl = set(policy.get("bounds_exclude_kinds") or [])
    bound = [(r, f) for r, f in figs if r.skind not in excl]
    lows = [(f.est.low if f.est.low is not None else f.est.best, r, f) for r, f in bound]
    lows = [x for x in lows if x[0] is not None]
    low = None
    if lows:
        low, r, f = min(lows, key=lambda x: (x[0], x[1].skey))
        if best is not None and low > best:
            low = best
        expl.append({"field": "low", "value": low,
                     "rule": f"low: lowest reliable estimate among {len(lows)} source(s) ({r.sname}); {f.rule}",
                     "claims": [x.brief() for x in f.refs]})
    highs = [(f.est.high, r, f) for r, f in bound if f.est.high is not None]
    high = None
    if highs:
        high, r, f = max(highs, key=lambda x: (x[0], x[1].skey))
        rule = f"high: highest estimate stated as a ceiling or exact figure ({r.sname}); {f.rule}"
        refs = f.refs
        top_best = max((f2.est.best for _, f2 in bound if f2.est.best is not None), default=None)
        if top_best is not None and top_best > high:
            r2, f2 = max(((r2, f2) for r2, f2 in bound if f2.est.best == top_best), key=lambda x: x[0].skey)
            high, rule, refs = top_best, f"high: no ceiling above the larger estimate of {r2.sname}", f2.refs
        if best is not None and high < best:
            high = best
        expl.append({"field": "high", "value": high, "rule": rule, "claims": [x.brief() for x in refs]})
    # contested: the sources' ranges (an "at least" has no ceiling) are apart by more than the ratio
    contested = False
    ivs = [(f.interval(), r, f) for r, f in figs if r.rank >= policy.get("contested_min_rank", 0)]
    ivs = [x for x in ivs if x[0] is not None]
    if len({r.skey for _, r, _ in ivs}) >= 2:
        (lo_floor, r1, f1) = max(ivs, key=lambda x: (x[0][0], x[1].skey))
        (hi_ceil, r2, f2) = min(ivs, key=lambda x: (x[0][1], x[1].skey))
        a, b = hi_ceil[1], lo_floor[0]  # lowest ceiling, highest floor
        if r1.skey != r2.skey and b > a and b - a >= policy.get("contested_min_difference", 0) \
                and (a == 0 or b / a > policy["contested_ratio"]):
            contested = True
            expl.append({"field": "flag", "value": "contested",
                         "rule": (f"sources disagree beyond the threshold (ratio {policy['contested_ratio']}): "
                                  f"{r2.sname} says at most {int(a)}, {r1.sname} at least {b}"),
                         "claims": [x.brief() for x in f2.refs + f1.refs]})
    return Estimate(best=best, low=low, high=high), expl, contested


def _from_summary(refs: list[Ref], status: str) -> dict[str, SourceFig] | None:
    """A source's figures from the report's own summary, when one report of this one source is the
    whole story (one unit, one source): the extractor has already summed separate tolls and kept
    parts inside their totals there."""
    act = [r for r in refs if r.active and r.claim.status == status]
    if not act or len({r.ic.report_id for r in act}) != 1 or not all(r.whole_report for r in act):
        return None
    summ = act[0].summary
    if summ is None:
        return None
    groups = {"total": getattr(summ, status, None), **(getattr(summ, f"{status}_by_group", None) or {})}
    out = {}
    for g, e in groups.items():
        if e is None or (e.best is None and e.low is None):
            continue
        rs = [r for r in act if r.claim.group == g] or act
        out[g] = SourceFig(Estimate(best=e.best, low=e.low, high=e.high),
                           f"the report's own summary (report {act[0].ic.report_id}: one source, one place)", rs,
                           open_high=e.high is None)
    return out or None


def reconcile(refs: list[Ref], policy: dict[str, Any], children: list[dict[str, Any]] | None = None,
              doc_summaries: dict[str, Any] | None = None) -> dict[str, Any]:
    """Figures of one incident: {status: Estimate}, {status_by_group: {g: Estimate}}, explanations, flags, per-source."""
    by_source: dict[str, list[Ref]] = {}
    for r in refs:
        if r.active:
            by_source.setdefault(r.skey, []).append(r)
    out: dict[str, Any] = {"explanations": [], "flags": [], "per_source": {}}
    for status in policy["statuses"]:
        per_group: dict[str, list[tuple[Ref, SourceFig]]] = {}
        for skey in sorted(by_source):
            sfig = _from_summary(by_source[skey], status) or source_figures(by_source[skey], status, policy)
            if sfig:
                lead = by_source[skey][0]
                out["per_source"].setdefault(skey, {})[status] = {g: _ed(f.est) for g, f in sfig.items()}
                for g, f in sfig.items():
                    per_group.setdefault(g, []).append((lead, f))
        ests: dict[str, Estimate] = {}
        for g in sorted(per_group):
            est, expl, contested = combine(per_group[g], policy)
            ests[g] = est
            for e in expl:
                e.update({"status": status, "group": g})
                out["explanations"].append(e)
            if contested:
                out["flags"].append(f"contested:{status}.{g}")
        # an episode made only to hold a report's local incidents takes that report's own summary
        for rid, summ in sorted((doc_summaries or {}).items()):
            tot = getattr(summ, status, None)
            groups = {"total": tot, **(getattr(summ, f"{status}_by_group", None) or {})}
            for g, e in sorted(groups.items()):
                if e is None or _val(e) is None or (g in ests and _val(ests[g]) is not None and _val(ests[g]) >= _val(e)):
                    continue
                ests[g] = Estimate(best=e.best, low=e.low, high=e.high)
                out["explanations"].append({
                    "status": status, "group": g, "field": "best", "value": e.best,
                    "rule": f"the summary of report {rid}, which only gives figures for places inside the episode "
                            "(its local incidents may overlap, so they are not summed)",
                    "claims": [], "reports": [rid]})
        # a parent without its own figure for a group takes the sum of its local incidents
        for ch_group in sorted({g for ch in (children or []) for g in ch.get(status, {})}):
            if ch_group in ests:
                continue
            parts = [(ch["id"], ch[status][ch_group]) for ch in children if ch_group in ch.get(status, {})]
            parts = [(i, e) for i, e in parts if _val(e) is not None]
            if not parts:
                continue
            est = Estimate(best=sum(_val(e) for _, e in parts),
                           low=sum((e.low if e.low is not None else _val(e)) for _, e in parts))
            ests[ch_group] = est
            out["explanations"].append({
                "status": status, "group": ch_group, "field": "best", "value": est.best,
                "rule": "sum of local incidents (no figure about the whole episode): " + ", ".join(
                    f"{i}={_val(e)}" for i, e in parts),
                "claims": [], "incidents": [i for i, _ in parts]})
        out[status] = ests
    return out


def grade(refs: list[Ref], flags: list[str], reports: list[dict[str, Any]], policy: dict[str, Any]) -> tuple[str, str]:
    """Airwars-style sourcing grade and the reason for it."""
    g = policy["grades"]
    if any(f.startswith("contested:") for f in flags):
        return g["contested"], "sources disagree beyond the policy threshold: " + ", ".join(f[10:] for f in flags if f.startswith("contested:"))
    active = [r for r in refs if r.active and r.claim.status in policy["statuses"]]
    officials = sorted({r.sname for r in active if r.skind in g.get("official_kinds", [])})
    if officials:
        return g["official"], "figures given by an official source: " + ", ".join(officials)
    names = sorted({r.sname for r in active})
    if not names:
        names = sorted({x["publisher"] or x["id"] for x in reports if not x.get("duplicate_of")})
    if len(names) >= int(g.get("several_min_sources", 2)):
        return g["several"], f"{len(names)} independent sources: " + ", ".join(names)
    return g["single"], "one source: " + (names[0] if names else "unknown")
