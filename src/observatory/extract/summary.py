"""The document summary: one report's own answer for its main incident.

Rules (applied per status, killed and injured; displaced separately):

======================  =================================================================
claims used             scope ``incident``, not negated, with a value or a low bound; when
                        the only claims of a status are negations ("no one was killed"),
                        its figure is 0 (note "reported as none"), not unknown.
                        Cumulative, historical and hypothetical claims never count.
main incident           claims within ``MAIN_WINDOW`` (3) sentences from the first sentence
                        with a killed/injured figure (headline and lead); later figures
                        (background, other incidents in a long article) stay claims but
                        out of the summary, unless they revise a toll or add to one
                        ("... 3 more were killed"). A status with no figure in that window
                        (a lead with the dead, "Five other people were injured" three
                        sentences on) takes the claims of its first sentence with one, when
                        that sentence is within ``LATE_WINDOW`` (5) of the lead.
earlier estimates       figures the report moves on from ("initially said 10", "earlier
                        reports had put the toll at 5") count only when it gives no other.
claimants               figures an armed group gives for its own attack (its source is a
                        named armed group, or "X claimed responsibility and said") count
                        only when no other source gives a figure of that status.
revisions               a revised toll ("the death toll rose to 25") supersedes the earlier
                        claims of the same group before it.
figures of a claim      exact N: best = low = high = N; at least / more than N: best = low =
                        N; up to N: best = high = N; about N: best = N; between A and B:
                        best = low = A, high = B; vague ("dozens"): best null, low by the
                        numbers.json rule.
one group               claims without a place: the largest (restatements and parts are not
                        added); when named sources give different exact figures, low and high
                        span them (police 5, hospital 8: best 8, low 5, high 8). Claims tied
                        by "in/near/at" to different town-level places ("four in Al-Bara ... two in Jabal Zawiya ... nine in Balyun") are
                        summed, one (the largest) per place, skipping a figure equal to one
                        already counted (a restatement under another place name); the larger
                        of the two readings wins. Countries and provinces never split tolls.
lists                   claims listed together ("four women and two men were killed",
                        "killed a mayor and two other people", "... and 6 more") add up.
parts                   claims that are parts of a covering claim ("including nine
                        children", "three of them soldiers", "seven of those killed") only
                        feed their own group's figure, never the total.
total                   the larger of (a) the figure of the claims with no victim group
                        (and of lists) and (b) the sum over groups: civilian side
                        (civilians, or the sum of children/women/men/journalists/aid
                        workers/medical/protesters when that is larger) + security forces +
                        militants. So 745 civilians + 125 security forces + 148 militants
                        = 1,018 beside "over 1,000" (low = the larger low, 1,018).
combatants apart        militants' deaths reported apart from the victims ("the strike
                        killed six civilians ... and around a dozen insurgents", "six
                        militants were also killed", attackers who blew themselves up) stay
                        in ``killed_by_group.militants`` but are not added to ``killed``
                        (``COMBATANTS_APART``); when a toll lists them ("the death toll
                        includes ... 148 militants"), one list names them with the security
                        forces they fought ("two policemen and three militants died in a
                        gunfight") or they are the only deaths reported, they count. This
                        matches the dev coders of WAD (non-combatant deaths) and of the
                        Wikipedia incident lists (perpetrators apart); security forces
                        always count.
implied civilians       victims not said to be combatants ("people", "residents") count as
                        civilians: ``killed_by_group.civilians`` = total - security forces -
                        militants (parts included: "24 people including 3 attackers" -> 21)
                        when larger than the explicit civilian figure (with a
                        note), the one-sided-violence reading of UCDP/FA-KES coders.
single victims          a victim named without a number counts as one (placeless claim).
======================  =================================================================
"""
from __future__ import annotations

import threading

from observatory.model import Claim, Estimate, Summary

CIVILIAN_PARTS = ("children", "women", "men", "journalists", "aid_workers", "medical", "protesters")
# killed_by_group.civilians: when a toll's victims are not said to be combatants (people,
# residents, children ...), they are counted as civilians: civilians = total - security
# forces - militants when that is larger than the explicit civilian figure.
IMPLIED_CIVILIANS = True


def _fig(c: Claim) -> tuple[int | None, int | None, int | None]:
    q = c.qualifier
    if c.value is None:
        return None, c.low, c.high
    if q == "exact":
        return c.value, c.value, c.value
    if q in ("at_least", "more_than"):
        return c.value, c.low if c.low is not None else c.value, None
    if q == "up_to":
        return c.value, None, c.high if c.high is not None else c.value
    if q == "between":
        return c.value, c.low, c.high
    return c.value, c.low, c.high


def _key(e: tuple) -> int:
    return e[0] if e[0] is not None else (e[1] or 0)


def _add(a: tuple, b: tuple) -> tuple:
    """Sum of two (best, low, high) figures; a missing best counts with its low bound."""
    ab, bb = a[0], b[0]
    best = None if ab is None and bb is None else (ab if ab is not None else a[1] or 0) + (bb if bb is not None else b[1] or 0)
    low = None if a[1] is None and b[1] is None else (a[1] or 0) + (b[1] or 0)
    high = None if a[2] is None or b[2] is None else a[2] + b[2]
    return best, low, high


class _Context(threading.local):
    """Per-call context (thread-safe: Dask workers run threads): each thread starts empty."""

    def __init__(self):
        self.place, self.sent, self.apart = {}, {}, set()


_LOCAL = _Context()


# Militants' deaths reported apart from the victims ("killed six civilians ... the strike killed
# around a dozen insurgents", "six militants were also killed") are not added to killed.best
# (they stay in killed_by_group.militants); when they are listed inside a toll ("the death toll
# includes 125 members of the security forces and 148 militants") they count.
COMBATANTS_APART = True


def _place(c: Claim) -> str | None:
    place = _LOCAL.place
    return place.get(id(c), c.place) if place else c.place


def group_figure(claims: list[Claim]) -> tuple[int | None, int | None, int | None] | None:
    """(best, low, high) for claims of one group (see the module docstring)."""
    if not claims:
        return None
    placeless = [_fig(c) for c in claims if not _place(c)]
    spread = None
    if len(placeless) > 1:
        # sources that disagree ("police said 5 died, hospital sources put the toll at 8"): the
        # reliable bounds span their exact figures (UCDP's low and high); best stays the largest
        exact = [c for c in claims if not _place(c) and c.qualifier == "exact" and c.value is not None]
        if len({(c.source or "").casefold() for c in exact if c.source}) > 1:
            vals = [c.value for c in exact]
            spread = (min(vals), max(vals))
    by_place: dict[str, tuple] = {}
    for c in claims:
        pl = _place(c)
        if pl:
            k = pl.lower()
            f = _fig(c)
            if k not in by_place or _key(f) > _key(by_place[k]):
                by_place[k] = f
    a = max(placeless, key=_key) if placeless else None
    if spread is not None and a is not None and a[0] == spread[1]:
        a = (a[0], spread[0], spread[1])
    b = None
    seen_best = set()
    for f in by_place.values():
        if _key(f) in seen_best or (a is not None and _key(f) == _key(a)):
            continue  # the same figure at another place name: a restatement, not a new toll
        seen_best.add(_key(f))
        b = f if b is None else _add(b, f)
    if a is None:
        return b
    if b is None:
        return a
    if _key(b) > _key(a):
        return b
    if _key(b) == _key(a):
        # same best: keep the tighter low bound
        return a if (a[1] or 0) >= (b[1] or 0) else b
    return a


def _est(f: tuple | None, note: str | None = None) -> Estimate:
    if f is None:
        return Estimate(note=note) if note else Estimate()
    best, low, high = f
    if low is not None and best is not None and low > best:
        low = best
    return Estimate(best=best, low=low, high=high, note=note)


# The main incident: claims within this many sentences from the first sentence with a
# killed or injured figure (headline and lead); later figures (background, other
# incidents) stay claims but out of the summary, unless they revise a toll ("rose to").
MAIN_WINDOW = 3
# a status with no figure in the main window takes its first sentence with one, within
# this many sentences from the lead
LATE_WINDOW = 5


def _current(claims: list[Claim], status: str) -> list[tuple[int, Claim]]:
    cs = [(i, c) for i, c in enumerate(claims)
          if c.status == status and c.scope == "incident" and not c.negated
          and (c.value is not None or c.low is not None)]
    sent = _LOCAL.sent
    if sent:
        firsts = [sent.get(id(c), 0) for c in claims if c.status in ("killed", "injured") and c.scope == "incident" and not c.negated]
        if firsts:
            first = min(firsts)
            inside = [(i, c) for i, c in cs if sent.get(id(c), 0) < first + MAIN_WINDOW or c.revision]
            if not inside and cs:
                # the lead gives only the other status ("Twelve people were killed ..."), a
                # later sentence the first figure of this one ("Five journalists were
                # injured"): that sentence's claims, when it is near enough to the lead
                own = min(sent.get(id(c), 0) for _, c in cs)
                if own < first + LATE_WINDOW:
                    inside = [(i, c) for i, c in cs if sent.get(id(c), 0) == own]
            cs = inside
    # figures that give way to any other of the same status: an armed group's own ("the Taliban
    # said 15 soldiers had been killed", ``claimant``) and an estimate the report moves on from
    # ("initially said 10 ... revised the toll to 7", ``earlier``)
    for flag in ("claimant", "earlier"):
        kept = [(i, c) for i, c in cs if not getattr(c, flag)]
        if kept and len(kept) < len(cs):
            cs = kept
    # revisions supersede earlier claims of the same group
    out = []
    for i, c in cs:
        later_rev = any(j > i and d.revision and d.group == c.group and d.part_of is None for j, d in cs)
        if later_rev and c.part_of is None:
            continue
        out.append((i, c))
    return out


def _lists(claims: list[Claim], joins, keep: set[int]) -> list[list[int]]:
    """Groups of claims joined by coordination ("four women and two men were killed")."""
    parent = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for a, b in joins or ():
        if a in keep and b in keep:
            parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for i in keep:
        if i in parent or any(find(i) == find(j) and i != j for j in parent):
            groups.setdefault(find(i), []).append(i)
    return [sorted(v) for v in groups.values() if len(v) > 1]


def status_summary(claims: list[Claim], status: str, joins=None) -> tuple[Estimate, dict[str, Estimate]]:
    cs = _current(claims, status)
    if not cs:
        if any(c.status == status and c.negated and c.scope == "incident" for c in claims):
            # "no one was killed", "there were no casualties": a reported zero, not an unknown
            return Estimate(best=0, low=0, high=0, note="reported as none"), {}
        return Estimate(), {}
    groups: dict[str, list[Claim]] = {}
    top: dict[str, list[Claim]] = {}
    for i, c in cs:
        g = c.group if c.group != "unknown" else "total"
        groups.setdefault(g, []).append(c)
        if c.part_of is None:
            top.setdefault(g, []).append(c)
    by_group = {g: _est(group_figure(v)) for g, v in groups.items() if g != "total"}
    keep = {i for i, c in cs if c.part_of is None}
    totals = list(top.get("total", []))
    apart = {i for i, c in cs if c.part_of is None and id(c) in _LOCAL.apart} if COMBATANTS_APART else set()
    for lst in _lists(claims, joins, keep):
        lst = [i for i in lst if i not in apart]
        if not lst:
            continue
        f = None
        for i in lst:
            f = _fig(claims[i]) if f is None else _add(f, _fig(claims[i]))
        places = {(claims[i].place or "").lower() for i in lst}
        totals.append(Claim(status=status, group="total", value=f[0], low=f[1], high=f[2], qualifier="exact" if f[0] == f[1] == f[2] else "at_least",
                            place=claims[lst[0]].place if len(places) == 1 else None))
    t1 = group_figure(totals)
    civ = group_figure(top.get("civilians", []))
    sub = None
    for g in CIVILIAN_PARTS:
        f = group_figure(top.get(g, []))
        if f:
            sub = f if sub is None else _add(sub, f)
    if sub and (civ is None or _key(sub) > _key(civ)):
        civ = sub
    t2 = None
    mil = [c for c in top.get("militants", []) if id(c) not in _LOCAL.apart] if COMBATANTS_APART else top.get("militants", [])
    for f in (civ, group_figure(top.get("security_forces", [])), group_figure(mil)):
        if f:
            t2 = f if t2 is None else _add(t2, f)
    if t2 is None and t1 is None and COMBATANTS_APART and top.get("militants"):
        t2 = group_figure(top["militants"])  # only combatant deaths reported: they are the toll
    cands = [f for f in (t1, t2) if f]
    if not cands:
        # only parts (e.g. "including nine children" with no total): their sum
        tot = None
        for g, v in groups.items():
            f = group_figure(v)
            if f and g in CIVILIAN_PARTS + ("civilians", "security_forces", "militants", "total"):
                tot = f if tot is None else _add(tot, f)
        return _est(tot), by_group
    best = max(cands, key=_key)
    if t1 and t2 and _key(t1) == _key(t2):
        best = t1 if (t1[1] or 0) >= (t2[1] or 0) else t2
    # the reliable low bound is the larger of the two readings' lows
    lows = [f[1] for f in cands if f[1] is not None]
    best = (best[0], max(lows) if lows else best[1], best[2])
    if IMPLIED_CIVILIANS and best[0] is not None:
        # victims not said to be combatants count as civilians (UCDP one-sided-violence reading)
        # (parts count too: "killed 24 people including 3 attackers", "a soldier and a civilian")
        combat = sum(_key(f) for f in (group_figure(groups.get("security_forces", [])), group_figure(groups.get("militants", []))) if f)
        implied = best[0] - combat
        cur = by_group.get("civilians")
        if implied > 0 and (cur is None or cur.best is None or cur.best < implied):
            by_group["civilians"] = Estimate(best=implied, low=None if best[1] is None else max(0, best[1] - combat), high=None,
                                             note="victims not said to be combatants")
    return _est(best), by_group


def summarise(claims: list[Claim], joins: list[tuple[int, int]] | None = None,
              place_keys: list[str | None] | None = None, sentence_of: list[int] | None = None,
              apart: set[int] | None = None) -> Summary:
    """The summary of a document's claims; ``joins`` pairs claim indexes listed together
    ("killed 5 soldiers and 3 civilians", "... and 6 more") whose values add up;
    ``place_keys`` (one per claim) are the places that separate tolls may be summed over
    (only places tied to the claim by "in/near/at"); default: each claim's ``place``."""
    _LOCAL.place.clear()
    _LOCAL.sent.clear()
    _LOCAL.apart.clear()
    if apart:
        _LOCAL.apart.update(id(claims[i]) for i in apart if 0 <= i < len(claims))
    if sentence_of is not None:
        _LOCAL.sent.update({id(c): k for c, k in zip(claims, sentence_of)})
    if place_keys is not None:
        _LOCAL.place.update({id(c): k for c, k in zip(claims, place_keys)})
        _LOCAL.place[-1] = None
    try:
        killed, kg = status_summary(claims, "killed", joins)
        injured, ig = status_summary(claims, "injured", joins)
    finally:
        _LOCAL.place.clear()
        _LOCAL.sent.clear()
        _LOCAL.apart.clear()
    disp = [c for c in claims if c.status == "displaced" and c.scope == "incident" and not c.negated]
    d = Estimate()
    if disp:
        exact = [c for c in disp if c.value is not None]
        if exact:
            f = group_figure(exact)
            d = _est(f)
        else:
            lows = [c.low for c in disp if c.low is not None]
            note = disp[0].evidence.text.split()[0].lower() if disp[0].evidence else None
            d = Estimate(best=None, low=max(lows) if lows else None, high=None, note=note)
    return Summary(killed=killed, injured=injured, killed_by_group=kg, injured_by_group=ig, displaced=d)
