"""From a report's text to the contract document (``shared/spec/extract-output.md``).

Stages, in order: sentences (:mod:`text`) -> numbers (:mod:`numbers`) -> casualty claims
(:mod:`casualties`) -> attribution (:mod:`attribution`) -> places (the geocoder's
``find_places``; each claim gets the place mention of its own sentence, preferring one
after "in/near/at ...", nearest to the claim) -> dates (:mod:`dates`) -> event type and
actors (:mod:`events`, :mod:`actors`) -> summary (:mod:`summary`) -> main location
(``Geocoder.main_location``).

Stages owned by other modules are called defensively: if one is missing or fails, its
part of the output stays empty and the rest still comes out.
"""
from __future__ import annotations

import re
from typing import Any

from observatory.model import Event, Extraction, Report

from . import attribution as _att
from .casualties import find_claims
from .summary import summarise
from .text import split_sentences

try:  # stages owned by other modules: if one is missing, its part of the output stays empty
    from . import dates as _dates
except ImportError:  # pragma: no cover
    _dates = None
try:
    from . import events as _events
except ImportError:  # pragma: no cover
    _events = None
try:
    from . import actors as _actors
except ImportError:  # pragma: no cover
    _actors = None

_DEFAULT = "default"
_id = id
_geocoder_cache: list = []


def _default_geocoder():
    if not _geocoder_cache:
        try:
            from observatory.geo import get_geocoder

            _geocoder_cache.append(get_geocoder())
        except Exception:  # geo stage not available: no places
            _geocoder_cache.append(None)
    return _geocoder_cache[0]


_CUE = re.compile(r"\b(?:in|near|at|outside|inside|around|of|from|on)\s+(?:the\s+)?(?:(?:town|village|city|district|province|region|governorate|neighbou?rhood|area|suburb|countryside|camp|county|state|municipality)\s+of\s+)?$", re.I)


_CUE_LAST = frozenset("in near at outside inside around of from on the".split())  # last words _CUE can end with
_BASED = re.compile(r"[-\s]*based\b")


def _claim_place(text: str, places, sent_start: int, sent_end: int, s: int, e: int) -> tuple[str | None, bool]:
    """(place mention of a claim, whether a locative cue "in/near/at ..." ties it)."""
    cands = [p for p in places if p.start >= sent_start and p.end <= sent_end
             and not _BASED.match(text, p.end, p.end + 8)]
    if not cands:
        return None, False

    def score(p):
        lo = max(sent_start, p.start - 40)
        win = text[lo:p.start]
        # _CUE ends in whitespace after one of its words ("in", "of", "the", ...): on ASCII text
        # that is checked cheaply before running it (re.I also folds "ſ" and "ı" to ASCII)
        if win.isascii() and not (win[-1:].isspace() and _CUE_LAST.intersection(win.lower().split()[-1:])):
            cue = False
        else:
            cue = bool(_CUE.search(text, lo, p.start))
        return (0 if cue else 1, 0 if s <= p.start < e else min(abs(p.start - e), abs(s - p.end)))

    scored = [(score(p), k) for k, p in enumerate(cands)]
    sc, k = min(scored)
    best = cands[k]
    # only a town-level (or unresolved) place separates tolls: a country or province may contain the others
    local = best.precision is None or best.precision <= 3
    feat = (best.feature or "").upper()
    if feat.startswith(("PCL", "ADM1")):
        local = False
    return best.mention, sc[0] == 0 and local


EARLIER_DAYS = 3  # a toll dated this many days or more before the report's first dated toll is background


def _earlier_dated(claims, own: dict) -> None:
    """A later toll whose own sentence dates it days before the report's first dated toll ("...
    including an October 6 attack at a border crossing that killed 29 rebels", in a report of a
    blast on October 13) is an earlier event told as background: scope ``historical``."""
    from datetime import date

    first = None
    for i, c in enumerate(claims):
        if i in own and c.status in ("killed", "injured") and not c.negated and c.part_of is None:
            first = i
            break
    if first is None:
        return
    try:
        d0 = date.fromisoformat(own[first].date[:10])
    except ValueError:
        return
    for i, c in enumerate(claims):
        if i <= first or i not in own or c.scope != "incident":
            continue
        try:
            d = date.fromisoformat((own[i].date_end or own[i].date)[:10])
        except ValueError:
            continue
        if (d0 - d).days >= EARLIER_DAYS:
            c.scope = "historical"
    for c in claims:  # parts share the scope of their toll
        if c.part_of is not None and 0 <= c.part_of < len(claims) and claims[c.part_of].scope == "historical":
            c.scope = "historical"


def _guess_published(text: str) -> str | None:
    if _dates is None:
        return None
    return _call(_dates.guess_published, text)


def _call(fn, *a, default=None):
    try:
        return fn(*a)
    except Exception:
        return default


def extract(text: str, *, id: str = "", published: str | None = None, geocoder=_DEFAULT) -> Extraction:
    """Extract claims, places, dates, sources, event and summary from one report text."""
    if geocoder == _DEFAULT:
        geocoder = _default_geocoder()
    sentences = split_sentences(text)
    # the date relative mentions are read against: ``published`` as given, else a dated header or
    # dateline in the text itself ("Published 5 July 2016", "BEIRUT, Tuesday 23 Sep 2014 (AFP) -");
    # the output's "published" key stays what the input gave
    anchor = published or _guess_published(text)
    found = find_claims(text, sentences, None, published=anchor)  # numbers read only where casualty words are
    claims = [f.claim for f in found]
    # sources
    atts = _att.find_attributions(text, sentences)
    statuses: list[set] = [set() for _ in sentences]
    for f in found:
        statuses[f.sent].add(f.claim.status)
    gov = _att.source_for_sentences(atts, sentences, statuses)
    for f in found:
        a = _att.nearest(gov[f.sent], f.claim.evidence.start)
        if a:
            f.claim.source, f.claim.source_kind = a.name, a.kind
            f.claim.claimant = a.claimant
    # places
    places = []
    if geocoder is not None:
        places = _call(geocoder.find_places, text, default=[]) or []
    place_keys: list[str | None] = [None] * len(found)
    if places:
        for i, f in enumerate(found):
            sent = sentences[f.sent]
            f.claim.place, cued = _claim_place(text, places, sent.start, sent.end, f.claim.evidence.start, f.claim.evidence.end)
            place_keys[i] = f.claim.place if cued else None
    # dates and event
    dates, event = [], Event()
    if _dates is not None:
        dates = _call(_dates.find_dates, text, anchor, default=[]) or []
        span_date = getattr(_dates, "date_for_span", None)
        own = {}  # claim -> the date mentioned in its own sentence
        for i, c in (enumerate(claims) if span_date is not None and dates else ()):
            if c.scope == "incident":
                dm = _call(span_date, text, dates, c.evidence.start, c.evidence.end)
                if dm is not None and dm.date:
                    own[i] = dm
        if own:
            _earlier_dated(claims, own)
        ds, de, dp = _call(_dates.event_dates, text, dates, claims, anchor, default=(None, None, None))
        event.date_start, event.date_end, event.date_precision = ds, de, dp
        for i, c in enumerate(claims):
            if c.scope != "incident":
                continue
            dm = own.get(i)
            if dm is not None:
                c.date_start, c.date_end = dm.date, dm.date_end or dm.date
            else:
                c.date_start, c.date_end = ds, de
    if _events is not None:
        et = _call(_events.classify_event, text, claims, default=(None, None)) or (None, None)
        event.type, event.sub_type = et
    if _actors is not None:
        event.actors = _call(_actors.find_actors, text, claims, default=[]) or []
    pos = {_id(f): i for i, f in enumerate(found)}
    joins = [(pos[_id(f)], pos[_id(f.extra["join"])]) for f in found if f.extra.get("join") is not None and _id(f.extra["join"]) in pos]
    # militants' deaths not listed inside a toll are kept apart from killed.best
    toll_like = {pos[_id(f)] for f in found if f.frame == "toll"}
    for a, b in joins:
        if b in toll_like or a in toll_like:
            toll_like |= {a, b}
        elif {found[a].claim.group, found[b].claim.group} == {"militants", "security_forces"}:
            toll_like |= {a, b}  # "two policemen and three militants died": both sides of one fight
    apart = {i for i, f in enumerate(found) if f.claim.group == "militants" and i not in toll_like}
    sent_of = [f.sent for f in found]
    for a, b in joins:  # "... 3 more were killed" belongs to the toll it adds to
        sent_of[a] = sent_of[b] = min(sent_of[a], sent_of[b])
    summary = summarise(claims, joins, place_keys, sent_of, apart)
    location = None
    if geocoder is not None:
        location = _call(geocoder.main_location, places, claims, text)
    return Extraction(id=id, published=published, summary=summary, location=location, event=event,
                      claims=claims, places=list(places), dates=list(dates),
                      sources=_att.document_sources(atts))


def extract_report(report: Report, geocoder=_DEFAULT) -> Extraction:
    ex = extract(report.text, id=report.id, published=_iso_day(report.published), geocoder=geocoder)
    if report.language:
        ex.language = report.language
    return ex


def _iso_day(published: Any) -> str | None:
    if not published:
        return None
    s = str(published)
    return s[:10] if re.match(r"\d{4}-\d\d-\d\d", s) else s


def extract_record(record: dict) -> dict:
    """One JSONL input object -> one contract dict; errors go to the ``"error"`` key."""
    rid = str(record.get("id", "")) if isinstance(record, dict) else ""
    try:
        if not isinstance(record, dict):
            raise ValueError("record is not a JSON object")
        text = record.get("text")
        if not isinstance(text, str):
            raise ValueError("record has no 'text' string")
        if not text.strip():
            raise ValueError("empty text")
        return extract(text, id=rid, published=_iso_day(record.get("published"))).to_dict()
    except Exception as exc:  # never raises: one bad record never stops a batch
        out = Extraction(id=rid, published=record.get("published") if isinstance(record, dict) else None)
        out.error = f"{type(exc).__name__}: {exc}"
        return out.to_dict()
