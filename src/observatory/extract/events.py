"""ACLED event type and sub-event type of a report, from a readable rule table.

``classify_event(text, claims)`` scores every ACLED sub-event type by the cue phrases of
``data/events.json`` found in the text (one Aho-Corasick pass) plus what the casualty
claims say (civilians killed -> Attack, soldiers killed -> Armed clash, kidnapped ->
Abduction ...), and returns the best ``(event_type, sub_event_type)`` spelled exactly as
ACLED spells them, or ``(None, None)`` when nothing reaches ``min_score``.

Scoring (all numbers live in the data file):
  * each cue phrase counts once per document, with its weight (negative weights cancel
    a misleading cue); a cue in the first ``lead_chars`` characters (headline and lede)
    counts ``lead_boost`` times;
  * claim cues: each distinct ``status/group`` of an incident-scope claim adds its weights
    (``status/*`` matches any group);
  * non-violent sub-types (peaceful protest, arrests, agreements ...) lose
    ``nonviolent_penalty`` when the report counts people killed;
  * when the report says nobody was killed or hurt and counts no victims, the ``no_harm``
    sub-event types (Attack) lose its penalty, down to ``min_score`` at most;
  * the highest score wins; ties go to the lower ``priority`` (remote violence before
    battles before violence against civilians, as ACLED's coding hierarchy does).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from observatory.extract._phrases import PhraseMatcher, normalise
from observatory.model import Claim

_DATA: dict[str, Any] = json.loads((Path(__file__).parent / "data" / "events.json").read_text(encoding="utf-8"))

EVENT_TYPES: dict[str, list[str]] = {}
"""ACLED event type -> its sub-event types (from the rule table)."""
for _r in _DATA["rules"]:
    EVENT_TYPES.setdefault(_r["event_type"], []).append(_r["sub_event_type"])

_RULES: list[dict[str, Any]] = _DATA["rules"]
_BY_SUB: dict[str, int] = {r["sub_event_type"]: i for i, r in enumerate(_RULES)}
_MIN = float(_DATA.get("min_score", 3))
_LEAD = int(_DATA.get("lead_chars", 300))
_BOOST = float(_DATA.get("lead_boost", 1.5))
_PENALTY = float(_DATA.get("nonviolent_penalty", 6))
_NONVIOLENT = [i for i, r in enumerate(_RULES) if not r.get("violent", True)]
_NO_HARM = float(_DATA.get("no_harm", {}).get("penalty", 0))
_NO_HARM_RULES = [i for i, r in enumerate(_RULES) if r["sub_event_type"] in _DATA.get("no_harm", {}).get("sub_event_types", ())]
_PRIORITY = [r.get("priority", 99) for r in _RULES]
_CLAIM_CUES: dict[str, dict[str, float]] = {k: v for k, v in _DATA.get("claim_cues", {}).items()
                                            if not k.startswith("_")}

_MATCHER = PhraseMatcher(
    ((phrase, (i, phrase, float(w))) for i, r in enumerate(_RULES) for phrase, w in r["cues"].items()), shared=True
)


def score_events(text: str, claims: list[Claim] | None = None) -> list[tuple[float, int, dict[str, Any]]]:
    """(score, rule index, {cue: weight}) for every rule with a non-zero score, best first.
    Exposed for explanations and tuning."""
    scores = [0.0] * len(_RULES)
    why: dict[int, dict[str, float]] = {}  # rule -> {cue: weight}, for the rules that got any
    if text:
        hits = _MATCHER.all(normalise(text))
        hits.sort(key=_hit_order)
        cover: dict[int, int] = {}  # rule -> end of its last kept hit
        for start, end, (i, phrase, w) in hits:
            if end <= cover.get(i, -1):
                continue  # inside a longer cue of the same rule ("regained" in "regained control")
            cover[i] = end  # > the previous end (checked above)
            wt = w * _BOOST if (start < _LEAD and w > 0) else w
            wi = why.get(i)
            if wi is None:
                wi = why[i] = {}
            old = wi.get(phrase)
            if old is None or wt > old:
                scores[i] += wt - (old or 0.0)
                wi[phrase] = wt
    killed = False
    negated = harmed = False
    seen: set[str] = set()
    for c in claims or []:
        if getattr(c, "scope", "incident") != "incident":
            continue
        if getattr(c, "negated", False):
            negated = True
            continue
        if c.value is None or c.value > 0:
            harmed = True
            killed = killed or c.status == "killed"
        for key in (f"{c.status}/{c.group}", f"{c.status}/*"):
            if key in seen or key not in _CLAIM_CUES:
                continue
            seen.add(key)
            for sub, w in _CLAIM_CUES[key].items():
                i = _BY_SUB.get(sub)
                if i is not None:
                    scores[i] += float(w)
                    why.setdefault(i, {})["claim:" + key] = float(w)
    if killed:
        for i in _NONVIOLENT:
            if scores[i] > 0:
                scores[i] -= _PENALTY
                why[i]["penalty:deaths"] = -_PENALTY
    if negated and not harmed and _NO_HARM:
        # "There were no reported casualties": no violence against people is on record
        # (never below min_score: the penalty lets another type win, it does not leave none)
        for i in _NO_HARM_RULES:
            cut = min(_NO_HARM, scores[i] - _MIN)
            if cut > 0:
                scores[i] -= cut
                why[i]["penalty:no_harm"] = -cut
    # a non-zero score has its reasons in ``why``
    out = [(scores[i], i, why[i]) for i in sorted(why) if scores[i] != 0]
    out.sort(key=lambda t: (-t[0], _PRIORITY[t[1]]))
    return out


def _hit_order(h: tuple[int, int, tuple]) -> tuple[int, int, float]:
    """Hits by start, the longest first, the heaviest cue first."""
    return h[0], -h[1], -h[2][2]


def classify_event(text: str, claims: list[Claim] | None = None) -> tuple[str | None, str | None]:
    """ACLED (event_type, sub_event_type) of the report, or (None, None)."""
    ranked = score_events(text, claims)
    if not ranked or ranked[0][0] < _MIN:
        return None, None
    r = _RULES[ranked[0][1]]
    return r["event_type"], r["sub_event_type"]
