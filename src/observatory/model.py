"""The records every stage shares.

Plain dataclasses, serialisable to the JSON of the extraction output contract
(``shared/spec/extract-output.md``) with :func:`to_dict`.  Stages take and return these
records; nothing here knows about files, databases or the web.

Vocabularies (statuses, groups, qualifiers, scopes, source kinds, claim states) are listed
here once so that every stage spells them the same way.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from typing import Any

try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - orjson is a dependency; the standard library serves without it
    _orjson = None

STATUSES = ("killed", "injured", "missing", "detained", "kidnapped", "displaced")
GROUPS = (
    "total", "civilians", "security_forces", "militants", "children", "women", "men",
    "journalists", "aid_workers", "medical", "protesters", "unknown",
)
QUALIFIERS = ("exact", "at_least", "more_than", "about", "up_to", "between", "vague")
SCOPES = ("incident", "cumulative", "historical", "hypothetical")
SOURCE_KINDS = ("monitor", "state_media", "official", "witness", "media", "ngo", "other")
CLAIM_STATES = ("current", "superseded", "part_of", "excluded")


def content_hash(text: str) -> str:
    """Hash of a text after Unicode and whitespace normalisation (the dedupe key)."""
    norm = " ".join(unicodedata.normalize("NFKC", text).split()).casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


_SCALARS = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # record class -> its field names


def to_dict(obj: Any) -> Any:
    """Turn a record (or list/dict of records) into plain JSON-ready values."""
    t = type(obj)
    if t in _SCALARS:  # most values: answered before any other test
        return obj
    names = _FIELD_NAMES.get(t)
    if names is None and dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        names = _FIELD_NAMES[t] = tuple(f.name for f in dataclasses.fields(obj))
    if names is not None:
        return {n: to_dict(getattr(obj, n)) for n in names}
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_dict(v) for v in obj]
    return obj


@dataclass
class Report:
    """One document as ingested."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime
    language: str | None = "en"
    content_hash: str = ""
    ingested_at: str | None = None
    source_path: str | None = None
    duplicate_of: str | None = None  # id of the report this one near-duplicates

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.text)


@dataclass
class Evidence:
    """A span of the report text: ``text[start:end] == self.text``."""

    start: int
    end: int
    text: str


@dataclass
class Estimate:
    """UCDP-style figures: best (most likely), low and high (reliable bounds)."""

    best: int | None = None
    low: int | None = None
    high: int | None = None
    note: str | None = None

    def is_empty(self) -> bool:
        return self.best is None and self.low is None and self.high is None


@dataclass
class Claim:
    """One casualty statement in one report."""

    status: str  # STATUSES
    group: str  # GROUPS
    value: int | None
    low: int | None = None
    high: int | None = None
    qualifier: str = "exact"  # QUALIFIERS
    scope: str = "incident"  # SCOPES
    source: str | None = None
    source_kind: str | None = None
    place: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    evidence: Evidence | None = None
    # extras beyond the contract
    part_of: int | None = None  # index (in the document's claims) of the covering total
    perpetrator: bool = False  # deaths of the attackers themselves
    revision: bool = False  # "rose to", "updated toll": revises an earlier figure
    negated: bool = False  # "no one was killed"
    claimant: bool = False  # the source is an armed group speaking of its own attack ("the Taliban said")
    earlier: bool = False  # an earlier estimate the report itself moves on from ("initially said 10")


@dataclass
class Place:
    """A place mention in a text, resolved against the gazetteer where possible."""

    mention: str
    start: int
    end: int
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    admin2: str | None = None
    geonames_id: int | None = None
    feature: str | None = None  # GeoNames feature code (PPL, PPLA, ADM1, PCLI, ...)
    precision: int | None = None  # UCDP where_prec (1 exact ... 6 country)


@dataclass
class DateMention:
    mention: str
    start: int
    end: int
    date: str | None  # ISO date, or None when it cannot be resolved
    precision: int | None = None  # UCDP date_prec (1 day ... 5 year)
    date_end: str | None = None


@dataclass
class Source:
    name: str
    kind: str  # SOURCE_KINDS
    mentions: int = 1


@dataclass
class Actor:
    name: str
    role: str  # perpetrator | victim
    kind: str | None = None  # state_forces, rebel_group, political_militia, identity_militia, civilians, external, unknown


@dataclass
class Event:
    type: str | None = None  # ACLED event type
    sub_type: str | None = None  # ACLED sub-event type
    date_start: str | None = None
    date_end: str | None = None
    date_precision: int | None = None  # UCDP date_prec
    actors: list[Actor] = field(default_factory=list)


@dataclass
class Summary:
    killed: Estimate = field(default_factory=Estimate)
    injured: Estimate = field(default_factory=Estimate)
    killed_by_group: dict[str, Estimate] = field(default_factory=dict)
    injured_by_group: dict[str, Estimate] = field(default_factory=dict)
    displaced: Estimate = field(default_factory=Estimate)


@dataclass
class Extraction:
    """Everything extracted from one report: the contract's document object."""

    id: str
    language: str = "en"
    published: str | None = None
    summary: Summary = field(default_factory=Summary)
    location: Place | None = None
    event: Event = field(default_factory=Event)
    claims: list[Claim] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = to_dict(self)
        if d.get("error") is None:
            d.pop("error", None)
        return d

    def to_json(self) -> str:
        """The document as one line of JSON: ``json.dumps(self.to_dict(), ensure_ascii=False)``
        in compact form, built by orjson from the records themselves (about ten times faster)."""
        names = _FIELD_NAMES.get(Extraction)
        if names is None:
            names = _FIELD_NAMES[Extraction] = tuple(f.name for f in dataclasses.fields(Extraction))
        top = {n: getattr(self, n) for n in names}
        if top["error"] is None:
            del top["error"]
        return json_line(top)


def json_line(obj: Any) -> str:
    """Records or plain JSON values as one compact line of JSON (UTF-8 characters as they are).
    orjson serialises the dataclasses natively; the standard library takes what it refuses
    (integers beyond 64 bits)."""
    if _orjson is not None:
        try:
            return _orjson.dumps(obj).decode()
        except TypeError:
            pass
    return json.dumps(to_dict(obj), ensure_ascii=False, separators=(",", ":"))


@dataclass
class IncidentClaim:
    """A claim as placed in an incident: which report, and its state there."""

    claim: Claim
    report_id: str
    published: str | None
    claim_index: int  # position in the report's extraction
    state: str = "current"  # CLAIM_STATES
    reason: str | None = None


@dataclass
class Incident:
    id: str
    title: str
    parent_id: str | None = None
    event: Event = field(default_factory=Event)
    location: Place | None = None
    killed: Estimate = field(default_factory=Estimate)
    injured: Estimate = field(default_factory=Estimate)
    killed_by_group: dict[str, Estimate] = field(default_factory=dict)
    injured_by_group: dict[str, Estimate] = field(default_factory=dict)
    grade: str | None = None
    flags: list[str] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)
    claims: list[IncidentClaim] = field(default_factory=list)
    explanations: list[dict[str, Any]] = field(default_factory=list)


def _pick(cls, d: dict[str, Any] | None):
    """Build a dataclass from a dict, ignoring keys it does not have."""
    if d is None:
        return None
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in d.items() if k in names})


def claim_from_dict(d: dict[str, Any]) -> Claim:
    c = _pick(Claim, d)
    if isinstance(c.evidence, dict):
        c.evidence = _pick(Evidence, c.evidence)
    return c


def extraction_from_dict(d: dict[str, Any]) -> Extraction:
    """Inverse of ``Extraction.to_dict`` (unknown keys are ignored)."""
    s = d.get("summary") or {}
    summary = Summary(
        killed=_pick(Estimate, s.get("killed")) or Estimate(),
        injured=_pick(Estimate, s.get("injured")) or Estimate(),
        killed_by_group={k: _pick(Estimate, v) for k, v in (s.get("killed_by_group") or {}).items()},
        injured_by_group={k: _pick(Estimate, v) for k, v in (s.get("injured_by_group") or {}).items()},
        displaced=_pick(Estimate, s.get("displaced")) or Estimate(),
    )
    ev = d.get("event") or {}
    event = _pick(Event, ev) or Event()
    event.actors = [_pick(Actor, a) for a in ev.get("actors") or []]
    return Extraction(
        id=str(d.get("id", "")),
        language=d.get("language") or "en",
        published=d.get("published"),
        summary=summary,
        location=_pick(Place, d.get("location")),
        event=event,
        claims=[claim_from_dict(c) for c in d.get("claims") or []],
        places=[_pick(Place, p) for p in d.get("places") or []],
        dates=[_pick(DateMention, x) for x in d.get("dates") or []],
        sources=[_pick(Source, x) for x in d.get("sources") or []],
        error=d.get("error"),
    )
