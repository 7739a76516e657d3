"""Toponym recognition, resolution and the main incident location.

Recognition
    The text is folded to a same-length form (``normalize.fold``), cut into tokens, and every
    run of capitalised tokens (with Arabic articles and name connectors inside) is looked up
    in the gazetteer index: exact key first, then the transliteration skeleton (Jableh/Jablah,
    Deir ez-Zor/Dayr az Zawr).  Lookups are hash-free binary searches over the shipped sorted
    key list, at most ``maxn`` tokens long, so cost grows with the number of capitalised words
    only.  Context cues (``data/cues.json``: "village of X", "near X", "X province",
    "X's countryside") give evidence; a capitalised name after a strong cue that the index
    does not know is matched with rapidfuzz against the places of the document's countries
    only, and otherwise kept as an unresolved mention (lat/lon None) — never snapped to a
    look-alike elsewhere.

Evidence rules
    * A name that is also a common word or personal name (``data/common_words.txt``: "Most",
      "Mercy", "Ali", months ...) counts only with a strong cue or an admin context ("X,
      Lower Juba").
    * A name inside a run of other capitalised words ("Rami Abdurrahman", "Bashar Assad")
      counts only with a cue, or when it is a country, a first-level admin area or a large
      place of the document's country.
    * A transliteration-skeleton match, or a small place outside the document's countries,
      needs the document's country context or a cue.

Resolution
    Candidates are scored by the document's country context (country names, demonyms such as
    "Syrian", admin areas, unambiguous places), admin areas named in the document ("X, Lower
    Juba" is decisive), feature class (a country mention is a country; a first-level admin
    area wins with "province/governorate/state"), population, and exact vs skeleton match.

Precision: UCDP GED ``where_prec``
    1 exact place (populated place named); 2 within ~25 km of a named place ("near X",
    "outskirts of X", "X countryside"); 3 second-order admin division ("X district"); 4
    first-order admin division (province, governorate, state); 5 a larger part of a country
    (region not an admin unit); 6 country; 7 international waters/airspace (not produced).

Main location (``Geocoder.main_location``)
    The place tied to the largest casualty claims (``claim.place`` mention text, else the
    places in the sentence of ``claim.evidence``), else the most specific place in sentences
    with event words (``data/event_words.txt``), else the first resolved place; places that
    only locate a source ("a London-based monitor", "told AFP in Beirut") are never chosen,
    and datelines only as a last resort.  Places of the document's main country are preferred.
"""
from __future__ import annotations

import json
import math
import re
import threading
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Claim, Place
from .gazetteer import Gazetteer
from .normalize import ARTICLES, TOKEN_RE, exact_key, fold, loose_tok, tok_key

DATA = Path(__file__).parent / "data"

CONNECTORS = ARTICLES | frozenset(
    "de da do del della dos das di du la le les los las of y e en sur au aux am im der den bin ibn wa bani beni upon the".split()
)
_NAME_GLUE = ARTICLES | frozenset("de da do del della dos das di du la le les los las der den van von bin ibn".split())
FUNCTION = frozenset(
    """in the at on from near of and a an to by for with as after before during while since into
    north south east west central northern southern eastern western upper lower greater rural
    northeastern northwestern southeastern southwestern old new downtown city town village province
    governorate district state region countryside outskirts suburbs suburb area camp neighbourhood
    neighborhood but or if when where while however meanwhile elsewhere also then
    one two three four five six seven eight nine ten eleven twelve dozens hundreds several many some
    least more than about nearly almost over local government lga mountains desert plain
    territory county municipality regional subdistrict upazila tehsil woreda chiefdom commune""".split()
)
_GROUP_AFTER = frozenset("tribe tribes clan clans subclan subclans sub family families militia militias brigade brigades battalion battalions "
                         "regiment corps army forces group groups movement front people community communities fighters rebels "
                         "ethnic tribesmen clansmen herders".split())
# hand-kept areas and sites (extra_places.tsv): distinctive names, trusted like admin areas
_DISTINCT = frozenset({"ADM1", "AREA", "RGN", "AIRB", "CAMP"})
_NATIONAL_NOUNS = frozenset("""soldier soldiers troops forces military army officials official embassy embassies citizen citizens
    national nationals journalist journalists drone drones warplane warplanes jets jet aircraft navy government president
    envoy diplomat diplomats consulate contractor contractors marine marines coalition-led authorities intelligence
    ambassador minister ministry officer officers personnel commander commanders advisers advisors special
    airstrike airstrikes strikes raids bombers planes helicopters missiles artillery""".split())
_PERSON_NOUNS = _NATIONAL_NOUNS | frozenset("""member members fighter fighters jihadist jihadists militant militants
    national nationals man men woman women worker workers foreigner foreigners volunteer volunteers mercenary mercenaries
    pilot pilots tourist tourists fisherman fishermen militiamen militia militias rebels rebel gunmen troops
    refugees refugee migrants migrant villagers herders herdsmen farmers traders""".split())
_POSSESSED = _NATIONAL_NOUNS | frozenset("war invasion offensive aggression allies proxies".split())
# "Saudi-led", "Iran-backed", "London-based": the word after a name that makes it an adjective
# (re_actor_after; in the mention loop the next word is checked against this set first)
_ACTOR_AFTER_WORDS = ("led", "backed", "based", "born", "owned", "made", "funded", "sponsored", "allied",
                      "supported", "affiliated", "linked", "loyal", "aligned", "controlled", "run")
_ACTOR_AFTER_SET = frozenset(_ACTOR_AFTER_WORDS)
_ACTOR_BEFORE = frozenset(["led by", "backed by", "supported by", "funded by", "allied with", "armed by", "sponsored by"])
# an Arabic article assimilated and glued to the name: "ezzor" (ez-Zor), "assuwayda", "arraqqa"
_ASSIMILATED = re.compile(r"^(?:[ae]([tdrzsnl])(?=\1)|al(?=[a-z]{3}))([a-z]{3,})$")
_BORDER_BEFORE = frozenset(["border with", "borders with", "bordering", "frontier with", "border of"])
# "northern countryside of X": the point moves this far that way (0 turns the rule off)
SIDE_SHIFT_KM = 15.0
# a transliteration variant must lie this close to the town it is said to be in (or in the
# first-level area named there), or it stays unresolved
LOOSE_NEAR_KM = 300.0
_IN_GAP = re.compile(r"\s*(?:,|\(|\bin\b|\bnear\b|\bof\b)\s*(?:the\s+)?(?:(?:north|south|east|west|central)(?:ern)?\s+)?$", re.I)  # "X in the Y"
_CITY_AFTER = re.compile(r"['’]?s?\s+(?:city|town)\b", re.I)
_CITY_BEFORE = re.compile(r"\b(?:city|town)\s+of\s+(?:the\s+)?$", re.I)
# a place the text calls a village is never a city of this many people or more
VILLAGE_MAX_POP = 100_000
_D = 0.7071
_SIDES = {"north": (1.0, 0.0), "south": (-1.0, 0.0), "east": (0.0, 1.0), "west": (0.0, -1.0),
          "northeast": (_D, _D), "northwest": (_D, -_D), "southeast": (-_D, _D), "southwest": (-_D, -_D)}
_SIDE_W = r"((?:north|south)-?(?:east|west)(?:ern)?|north(?:ern)?|south(?:ern)?|east(?:ern)?|west(?:ern)?)"
_RE_SIDE_BEFORE = re.compile(r"\b" + _SIDE_W + r"\s+(?:(?:countryside|outskirts|suburbs|parts|part|side|areas|area)\s+of\s+|of\s+)(?:the\s+)?(?:(?:city|town)\s+of\s+)?$"
                             r"|\b" + _SIDE_W + r"\s+$")
_RE_SIDE_AFTER = re.compile(r"(?:'s|’s)?\s+" + _SIDE_W + r"\s+(?:countryside|outskirts|suburbs)")
_BORDER_LAST = frozenset(["with", "bordering", "of"])
_RE_LOWER_GLUED = re.compile(r"(?:[ae]([tdrzsn])\1|al)[a-z]{2,}\b")
_AND_ITS = tuple(" and its " + w for w in ("countryside", "outskirts", "surroundings", "suburbs", "vicinity", "environs", "villages"))
_VILLAGE_WORDS = frozenset(["village", "hamlet"])
_VILLAGE_BEFORE = frozenset(["village of", "hamlet of"])
_SOURCE_VERBS = frozenset("told telling said says speaking spoke reported interviewed statement".split())
_SKIP_START = frozenset("the in at on a an of and but for from to by as this that these those it its".split())
_ADMIN_FEATS = {"ADM1": 4, "ADM2": 3, "ADM3": 3, "ADMD": 3, "AREA": 2, "RGN": 5}


@dataclass(slots=True)
class _M:
    start: int
    end: int
    cands: tuple[int, ...] = ()
    exact: bool = True
    key: str = ""
    strong: bool = False  # strong cue (village of X, near X, X province)
    weak_cue: bool = False  # "in X", "at X"
    near: bool = False
    admin_after: bool = False
    district_after: bool = False
    common: bool = False
    namey: bool = False  # inside a run of other capitalised words
    quoted: bool = False  # “Olive Branch”: operation names, titles
    abbrev: bool = False  # all-capital short token: US, UK, IS
    actor: bool = False  # "Saudi-led", "Iran-backed", "London-based": an adjective, not a location
    border: bool = False  # "the Mali border": a reference point, weak country evidence
    parent: int | None = None  # "X area of Y": index of the mention Y (X must lie near Y)
    group_name: bool = False  # "the Rizeigat and Ma'aliya tribes": people, not places
    hint_miss: bool = False  # "Meme, northern Cameroon" but no Meme in Cameroon
    vote: tuple | None = None  # (country, weight) this mention gave to the document context
    spread: tuple = ()  # countries an ambiguous name gave a small vote each (_SPREAD_VOTE)
    strong_of: bool = False  # "village of X", "near X" (not just "the village X")
    cue_only: bool = False
    demonym: str | None = None
    chosen: int | None = None
    place: Place | None = None
    admin_hint: frozenset | set = frozenset()  # (cc, a1) / cc from "X, Admin"
    hint_explicit: bool = False  # the hint is "X, Y province" / "X in Y State" (an admin word follows)
    village: bool = False  # "the village of X", "X village": not a big city of that name


_PLAIN_WORDS = re.compile(r"[a-z]+(?: [a-z]+)*")
_CUT_LAST = re.compile(r".*(?:[.;:!?] |\n)", re.S)


_SPREAD_VOTE = 0.25  # the country vote of each candidate country of an ambiguous name


def _actor_key(s: str) -> str:
    """How actor names are matched: lower case, hyphens read as spaces, curly apostrophes straight
    (the replacements keep offsets; :meth:`Geocoder.actor_hits` refuses a text whose lower-casing
    changes its length)."""
    return s.lower().replace("-", " ").replace("’", "'")


_CUT = re.compile(r"[.;:!?\n](?:(?<=\n)| )")  # ". " or a newline (led by one character class: a fast scan)


def _last_words(norm: str, pos: int, text: str | None = None, cuts: list[int] | None = None) -> list[str]:
    """Up to four words before pos (folded text, not across a sentence end), a trailing "the" dropped.

    ``cuts``: the end offsets of ``_CUT`` matches in text, when the caller has them (one scan
    per document instead of one regex per mention)."""
    lo = pos - 40 if pos > 40 else 0
    if cuts is not None:
        j = bisect_right(cuts, pos) - 1
        if j >= 0 and cuts[j] - (2 if text[cuts[j] - 1] == " " else 1) >= lo:
            lo = cuts[j] - 1
        win = norm[lo:pos]
    else:
        win = norm[lo:pos]
        if text is not None:
            cm = _CUT_LAST.match(text, lo, pos)
            if cm is not None:
                win = win[cm.end() - 1 - lo:]
    w = win.split()
    if w and w[-1] == "the":
        w.pop()
    t = _Tail(w[-4:])
    n = len(t)
    if n >= 3:
        t.suf = {t[-1], t[-2] + " " + t[-1], t[-3] + " " + t[-2] + " " + t[-1]}
    elif n == 2:
        t.suf = {t[-1], t[-2] + " " + t[-1]}
    else:
        t.suf = {t[-1]} if n else set()
    return t


_RUN_AFTER = re.compile(r"(?:[ \-‐](?:(?:al|el|ad|ed|as|at|ar|az|an|ash|es|et)[\-‐ ])?[A-Z][\w'’]*)*")
_RUN_BEFORE = re.compile(r"(?:\b[A-Z][\w'’]*[ \-‐](?:(?:al|el|ad|ed|as|at|ar|az|an|ash|es|et)[\-‐ ])?)+$")


def _name_run(text: str, start: int, end: int, known=None) -> tuple[int, int]:
    """The whole run of capitalised words around a mention, on its line, without function words
    ("In", "The") at its start or a possessive place before it ("Idlib's", "Idlibs"): the span
    of a multi-word name the gazetteer does not know. ``known``: key -> places (the index)."""
    e = _RUN_AFTER.match(text, end).end()
    lo = max(0, start - 60, text.rfind("\n", 0, start) + 1)
    m = _RUN_BEFORE.search(text, lo, start)
    s = start
    if m is not None:
        s = m.start()
        while s < start:
            w = text[s:start].split(None, 1)[0].split("-")[0].lower()
            poss = w.endswith(("'s", "’s")) or (known is not None and len(w) > 4 and w.endswith("s") and known(w[:-1]))
            if not poss and w not in FUNCTION and w not in _SKIP_START:
                break
            s = text.find(" ", s, start) + 1 or start  # drop a leading function word or possessive
    while e > end:
        cut = max(text.rfind(" ", end, e), text.rfind("-", end, e))
        if cut < 0 or text[cut + 1:e].lower().strip("'’") not in FUNCTION:
            break
        e = cut  # "Kwanar Dutse Village": the cue word is not part of the name
    while e > end and text[e - 1] in "'’":
        e -= 1
    return s, e


# short English words that a Title Case line capitalises; as names they are codes in capitals (US, ME)
_SHORT_WORDS = frozenset("us we he me my it is be do go no so up or if by am".split())


def _title_case_at(text: str, a: int, b: int) -> bool:
    """Is the line around ``text[a:b]`` written in Title Case ("19 Killed and Injured in Tell
    Abyad Terrorist Attack in Northern Syria")? Most of its words of four letters or more are
    capitalised, beyond the run itself."""
    lo = max(text.rfind("\n", 0, a), text.rfind(". ", 0, a) + 1, a - 150) + 1
    hi_n, hi_s = text.find("\n", b), text.find(". ", b)
    hi = min(x for x in (hi_n, hi_s, b + 150, len(text)) if x >= 0)
    words = [w for w in (text[lo:a] + " " + text[b:hi]).split() if len(w) >= 4 and w[0].isalpha()]
    if len(words) < 3:
        return False
    return sum(w[0].isupper() for w in words) >= 0.75 * len(words)


_BARE_CUES = frozenset(["town", "village", "city", "countryside"])


def _titled_word_before(text: str, pos: int) -> bool:
    """Is the word right before ``pos`` capitalised and itself after a capitalised word ("Aleppo
    City Rises")? Then it ends a name, it is no cue for the word after it."""
    words = _SPACES.split(text[max(0, pos - 60):pos].rstrip(" "))
    if len(words) < 2:
        return False
    prev, cue = words[-2], words[-1]
    return cue.isalpha() and cue[0].isupper() and prev[:1].isupper() and prev[-1:].isalpha()


_SPACES = re.compile(r" +")


def _next_word(norm: str, pos: int) -> str:
    w = norm[pos:pos + 25].split(None, 1)
    if not w:
        return ""
    x = w[0]
    if x in ("'s", "s") and len(w) > 1:
        x = w[1].split(None, 1)[0]
    return x


class _Tail(list):
    """The last words before a mention, with their 1-3 word suffixes (``suf``, set by _last_words)."""

    __slots__ = ("suf",)


def _ends_with(words, phrases: frozenset) -> bool:
    suf = getattr(words, "suf", None)
    if suf is not None:
        return not phrases.isdisjoint(suf)
    for k in (1, 2, 3):
        if len(words) >= k and " ".join(words[-k:]) in phrases:
            return True
    return False


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b)


def _km(la1: float, lo1: float, la2: float, lo2: float) -> float:
    p1, p2 = math.radians(la1), math.radians(la2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


class Geocoder:
    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        cues = json.loads((DATA / "cues.json").read_text(encoding="utf-8"))
        self.before_strong = frozenset(fold(p).strip() for p in cues["before_strong"])
        self.before_weak = frozenset(fold(p).strip() for p in cues["before_weak"])
        self.after_strong = frozenset(cues["after_strong"])
        self.unit_after = frozenset(w.split()[0] for w in cues.get("unit_after", ()))
        self.near_before = frozenset(fold(p).strip() for p in cues["near_before"])
        self.near_after = frozenset(cues["near_after"])
        self.admin_after = frozenset(cues["admin_after"])
        self.district_after = frozenset(cues["district_after"])
        words = set()
        for line in (DATA / "common_words.txt").read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                words.update(exact_key(w) for w in line.split())
        self.common = frozenset(w for w in words if w)
        stems = [ln.strip() for ln in (DATA / "event_words.txt").read_text(encoding="utf-8").splitlines()
                 if ln.strip() and not ln.startswith("#")]
        self.event_stems = tuple(x.lower() for x in stems)
        # one Aho-Corasick pass for all stems (in C); a hit counts at a word start only
        import ahocorasick

        self._event_auto = ahocorasick.Automaton()
        for stem in self.event_stems:
            self._event_auto.add_word(stem, len(stem))
        self._event_auto.make_automaton()
        strong_nouns = "|".join(sorted({re.escape(w) for w in (
            "town village city district neighbourhood neighborhood suburb suburbs outskirts hamlet camp "
            "municipality commune countryside area province governorate region locality settlement vicinity").split()}))
        name = r"((?:(?:[Aa]l|[Ee]l|[Aa][dtsrzn]|[Aa]sh|[Ee][dtsrzn])[-‐ ’'])?[A-Z][\w'’]+(?:[- ](?:(?:al|el|ad|ed|ash|as|es|at|et|ar|er|az|ez|an|en)[- ])?[A-Z][\w'’]+){0,3})"
        self.re_cue_name = re.compile(
            r"\b(?:(?:" + strong_nouns + r") of (?:the )?|(?:near|outside|around) (?:the (?:town|village|city) of )?)" + name)
        self.re_name_cue = re.compile(
            name + r"(?:'s)? (?:province|governorate|district|countryside|village|town|camp|neighbou?rhood|suburbs?)\b")
        self.re_source_after = re.compile(r"(?:'s)?[-‐ ]based\b", re.I)
        upper = "".join(ch for ch in map(chr, range(0x41, 0x530)) if ch.isupper() and ch.isalpha())
        cap = "[" + re.escape(upper) + "\u0621-\u064a]"
        arts = "|".join(sorted({v for a in ARTICLES for v in (a, a.capitalize())}, key=len, reverse=True))
        conns = "|".join(sorted(CONNECTORS, key=len, reverse=True))
        wtail = r"[\w'’‘ʼʿ]*"
        self.re_run = re.compile(
            cap + wtail
            + r"(?:(?: |[-‐/])(?:(?:" + conns + r")(?: |[-‐'’]))*" + cap + wtail + r")*")  # ("Katsina/Ala": one name)
        self.re_actor_after = re.compile(r"(?:'s)?[-‐ ](?:" + "|".join(_ACTOR_AFTER_WORDS) + r")\b", re.I)
        self.re_group_list = re.compile(r"^\s+and\s+[\w'’ -]{2,30}?\s+(?:tribes|clans|communities|groups|militias|sub-clans)\b")
        self.re_hint_gap = re.compile(r"^\s*(?:(?:village|town|city|locality|settlement|camp|area|district)\s*)?(?:,|\(|,?\s+in)\s*(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|south-?western|northeast|northwest|southeast|southwest|upper|lower|rural)\s+)?$", re.I)
        self.re_paren_admin = re.compile(r"[\w.'’)]\s*\(((?:[^(),]{1,30},\s*)+)?$")
        self.re_dateline_after = re.compile(r"(?:,\s*[A-Z][\w .]{0,25})?\s*(?:\([A-Z][\w .&/-]{0,20}\)\s*)?(?:—|–|-\s|:)")
        self.re_border_after = re.compile(r"^(?:'s)?\s+(?:border|frontier|side of the border)")
        self.re_sub_of = re.compile(r"^(?:'s)?\s+(?:(?:area|district|neighbourhood|neighborhood|suburb|quarter|outskirts)\s+(?:of|in)|near|outside)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$")
        # sentence ends: ". ", "!' ", a newline (one leading character class: a fast scan)
        self.re_sentence = re.compile(r"[.!?\n](?:(?<=\n)|[\"'”’)]*\s+)")
        # country / admin1 place numbers
        self.country_of: dict[str, int] = {}
        self.adm1_of: dict[tuple[str, str], int] = {}
        feat = gaz.feat
        for i in range(gaz.n):
            f = feat[i]
            if f == "PCLI":
                self.country_of.setdefault(gaz.cc[i], i)
            elif f == "ADM1":
                self.adm1_of.setdefault((gaz.cc[i], gaz.a1[i]), i)
        self.capital_of: dict[str, int] = {}
        for i in range(gaz.n):
            if feat[i] == "PPLC":
                j = self.capital_of.get(gaz.cc[i])
                if j is None or gaz.pop[i] > gaz.pop[j]:
                    self.capital_of[gaz.cc[i]] = i
        self._load_actor_countries()
        self.re_reference_before = re.compile(
            r"(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west|"
            r"km|kms|kilometres|kilometers|miles|mi)\)?\s+(?:of|from)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$", re.I)
        self.re_the_capital = re.compile(r"\bthe capital\b(?!\s+(?:city\s+)?of\b)")
        self._fuzzy_cache: dict[tuple[str, str], tuple[list[str], list[int]]] = {}
        self._fuzzy_done: set[str] = set()
        self._places_by_cc: tuple[int, dict[str, list[int]]] | None = None
        self._pk_cache: dict[int, str] = {}
        self._static: dict[int, float] = {}
        self._tls = threading.local()  # last document's context, per thread (for main_location)

    def _load_actor_countries(self) -> None:
        """``data/actor_countries.tsv``: armed groups whose name places a report in one country.
        One Aho-Corasick automaton over the lower-cased names (hyphens read as spaces); names
        written in capitals (SDF, HTS) must match in capitals."""
        import ahocorasick

        auto = ahocorasick.Automaton()
        self._actor_weight: dict[str, float] = {}
        path = DATA / "actor_countries.tsv"
        for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
            if not line.strip() or line.startswith("#"):
                continue
            cc, _, rest = line.partition("\t")
            names, _, weight = rest.partition("\t")
            w = float(weight) if weight.strip() else 1.0
            for n in names.split("|"):
                n = n.strip()
                if n:
                    key = _actor_key(n)
                    cased = n if (n.isupper() or any(ch.isdigit() for ch in n)) else None
                    auto.add_word(key, (len(key), cc.strip(), cased))
                    self._actor_weight[key] = w
        auto.make_automaton()
        self._actor_auto = auto if len(auto) else None

    def actor_hits(self, text: str) -> list[tuple[int, int, str]]:
        """Named armed groups ("SDF", "Boko Haram", "Hayat Tahrir al-Sham"): (start, end, country)."""
        if self._actor_auto is None:
            return []
        low = _actor_key(text)
        if len(low) != len(text):
            return []
        out = []
        n = len(low)
        for end, (ln, cc, cased) in self._actor_auto.iter(low):
            st = end - ln + 1
            if (st > 0 and low[st - 1].isalnum()) or (end + 1 < n and low[end + 1].isalnum()):
                continue
            if cased is not None and text[st:end + 1] != cased:
                continue
            out.append((st, end + 1, cc))
        return out

    def actor_countries(self, text: str, hits=None) -> dict[str, float]:
        """Country weights from named armed groups, one vote per distinct name (the name's
        weight in the table: 1 unless a third column says less)."""
        out: dict[str, float] = defaultdict(float)
        seen = set()
        for a, b, cc in (self.actor_hits(text) if hits is None else hits):
            n = _actor_key(text[a:b])
            if n not in seen:
                seen.add(n)
                out[cc] += self._actor_weight.get(n, 1.0)
        return out

    # ------------------------------------------------------------------ recognition
    def _recognise(self, text: str) -> tuple[list[_M], list[tuple[int, int, str]]]:
        """Mentions from runs of capitalised words (found by one regex, in C); only the
        tokens of those runs are looked up."""
        gaz = self.gaz
        norm = fold(text)
        mentions: list[_M] = []
        maxn = gaz.maxn
        index_get, loose_get = gaz.index.get, gaz.loose.get
        index_span, loose_span = gaz.index.span, gaz.loose.span
        demonyms = gaz.demonyms
        skip_start = _SKIP_START
        cue_runs: list[tuple[int, int, str]] = []  # per call (the geocoder is shared by threads)
        common = self.common
        for run in self.re_run.finditer(text):
            rs, rend = run.span()
            word = norm[rs:rend]
            if " " not in word:
                # fast path: a single capitalised word (most runs)
                k = word if word.isalpha() and word.isascii() else tok_key(word)
                if not k or k in skip_start or k in ARTICLES or (k in _SHORT_WORDS and not text[rs:rend].isupper()):
                    continue  # ("Us", "Me": a pronoun; the code is written in capitals)
                if text[rend:rend + 1] in ("-", "‐") and text[rend + 1:rend + 2].islower() and not self.re_actor_after.match(text, rend):
                    continue  # a hyphenated compound word ("Hit-and-run"), not a name
                if text[rend:rend + 1] == " " and text[rend + 1:rend + 2] in ("e", "a"):
                    # "Deir ezzor", "Ras alain": a glued article written in lower case
                    nm = _RE_LOWER_GLUED.match(norm, rend + 1)
                    if nm is not None:
                        c2 = index_get(k + " " + _ASSIMILATED.sub(r"\2", nm.group()))
                        if c2:
                            mentions.append(_M(rs, nm.end(), cands=c2, key=k + " " + _ASSIMILATED.sub(r"\2", nm.group())))
                            continue
                dem = demonyms.get(k)
                if dem and norm.startswith(" capital", rend) and dem in self.capital_of:
                    # "the Somali capital": the country's capital city
                    mentions.append(_M(rs, rend + 8, cands=(self.capital_of[dem],), key="capital"))
                    continue
                c = index_get(k)
                exact = True
                if not c and len(k) > 4 and k[-1] == "s" and text[rend - 1] == "s":
                    c = index_get(k[:-1])
                    k = k[:-1] if c else k
                if not c:
                    if k in common or k in FUNCTION:
                        continue
                    dem = demonyms.get(k)
                    if dem:
                        cap_i = self.capital_of.get(dem)
                        if cap_i is not None and norm.startswith(" capital", rend):
                            mentions.append(_M(rs, rend + 8, cands=(cap_i,), key="capital"))
                        else:
                            mentions.append(_M(rs, rend, key=k, demonym=dem))
                        continue
                    lk = loose_tok(k)
                    if len(lk) >= 4:
                        c = loose_get(lk)
                        exact = False
                    if not c:
                        if len(k) >= 3:
                            cue_runs.append((rs, rend, k))
                        continue
                start, end = rs, rend
                if text[end - 2:end] in ("'s", "’s"):
                    end -= 2
                elif text[end - 1:end] in ("'", "’"):
                    end -= 1
                if rs >= 3 and norm[rs - 1] in "-' " and norm[rs - 3:rs - 1] in ("al", "el", "ad", "ed", "as", "at", "ar", "az", "an", "ash"[:2]) and (rs == 3 or not norm[rs - 4].isalnum()):
                    if text[rs - 1] != " " or text[rs - 3].isupper():
                        start = rs - 3
                m = _M(start, end, cands=c, exact=exact, key=k)
                if k in demonyms and not any(gaz.feat[x] == "PCLI" for x in c):
                    m.demonym = demonyms[k]
                mentions.append(m)
                continue
            if _PLAIN_WORDS.fullmatch(word):
                # letters and single spaces ("new york"): the words are their own keys
                toks = []
                p = rs
                for w in word.split(" "):
                    toks.append((p, p + len(w), w))
                    p += len(w) + 1
            else:
                toks = [(t.start(), t.end(), tok_key(t.group())) for t in TOKEN_RE.finditer(norm, rs, rend)]
            nt = len(toks)
            if not nt:
                continue
            caps = [text[t[0]].isupper() or "\u0600" <= text[t[0]] <= "\u06ff" for t in toks]
            owner = [-1] * nt
            first_m = len(mentions)
            inexact = -2  # index of the last capitalised word with no exact name in the gazetteer
            loose_m = -1  # its mention, when it was read as a spelling variant
            i = 0
            while i < nt:
                s, e, k = toks[i]
                if not caps[i] or not k or k in ARTICLES or k in skip_start or (k in _SHORT_WORDS and not text[s:e].isupper()):
                    i += 1
                    continue
                parts = [k]
                ends = [i]
                j = i
                while len(parts) < maxn and j + 1 < nt:
                    j += 1
                    nk = toks[j][2]
                    if nk in ARTICLES:
                        continue
                    parts.append(nk)
                    ends.append(j)
                while len(parts) > 1 and parts[-1] in CONNECTORS:
                    parts.pop()
                    ends.pop()
                best = None
                reach = index_span(k) if len(parts) > 1 else 1  # no longer name starts with k
                for n in range(min(len(parts), reach), 0, -1):
                    key = " ".join(parts[:n]) if n > 1 else k
                    c = index_get(key)
                    if c:
                        best = (n, c, True, key)
                        break
                if len(parts) > 1 and any(len(p) > 4 and p[0] in "ae" and (p[1] == p[2] or p[1] == "l") and _ASSIMILATED.match(p)
                                          for p in parts[1:]):
                    # "Deir Ezzor", "Ras Alain": the article glued to the name ("ez-Zor")
                    alt = [parts[0]] + [_ASSIMILATED.sub(r"\2", p) for p in parts[1:]]
                    for n in range(min(len(alt), reach), 1 if best is None else best[0] - 1, -1):
                        c = index_get(" ".join(alt[:n]))
                        if c:
                            if best is not None and best[0] == n:
                                c = tuple(dict.fromkeys(c + best[1]))
                            best = (n, c, True, " ".join(alt[:n]))
                            break
                if best is None and len(k) > 4 and k.endswith("s") and text[toks[i][1] - 1] == "s":
                    c = index_get(k[:-1])
                    if c and (len(parts) == 1 or any(self.gaz.feat[x] == "PCLI" for x in c)):
                        best = (1, c, True, k[:-1])  # "Syrias Deir ezzor": a possessive without its apostrophe
                if best is None and (k in self.common or k in FUNCTION):
                    i += 1
                    continue
                if best is None:
                    dem = demonyms.get(k)
                    if dem:
                        cap_i = self.capital_of.get(dem)
                        if cap_i is not None and norm.startswith(" capital", e):
                            # "the Yemeni capital": the country's capital city
                            mentions.append(_M(s, e + 8, cands=(cap_i,), key="capital"))
                            owner[i] = len(mentions) - 1
                            i += 1
                            continue
                        mentions.append(_M(s, e, key=k, demonym=dem))
                        owner[i] = len(mentions) - 1
                        i += 1
                        continue
                    lreach = loose_span(loose_tok(k)) if len(parts) > 1 else 1
                    for n in range(min(len(parts), lreach), 0, -1):
                        lk = " ".join([loose_tok(p) for p in parts[:n]])
                        if len(lk) < 4:
                            continue
                        c = loose_get(lk)
                        if c:
                            best = (n, c, False, " ".join(parts[:n]))
                            break
                if best is not None and not best[2] and inexact == i - 1:
                    # "Gidan Rana": two words in a row that no name has exactly are one unknown
                    # name, not two spelling variants of other places ("Rano")
                    if loose_m >= 0:
                        del mentions[loose_m]
                        owner = [-1 if o == loose_m else o for o in owner]
                    best = None
                if best is None:
                    inexact, loose_m = i, -1
                    i += 1
                    continue
                n, c, exact, key = best
                last = ends[n - 1]
                start = s
                if i > 0 and toks[i - 1][2] in ARTICLES:
                    ps, pe, _ = toks[i - 1]
                    if text[pe:s] in ("-", "‐", " ", "'", "’") and (text[ps].isupper() or text[pe:s] != " "):
                        start = ps
                elif i == 0 and rs > 0 and start == rs:
                    pass
                end = toks[last][1]
                if text[end - 2:end] in ("'s", "’s"):
                    end -= 2
                elif text[end - 1:end] in ("'", "’"):
                    end -= 1
                m = _M(start, end, cands=c, exact=exact, key=key)
                if key in demonyms and not any(gaz.feat[x] == "PCLI" for x in c):
                    m.demonym = demonyms[key]
                mentions.append(m)
                for t in range(i, last + 1):
                    owner[t] = len(mentions) - 1
                if not exact:
                    inexact, loose_m = last, len(mentions) - 1
                i = last + 1
            # name-like context inside the run
            for mi in range(first_m, len(mentions)):
                m = mentions[mi]
                if m.demonym:
                    continue
                ts = [t for t in range(nt) if owner[t] == mi]
                a, b = ts[0], ts[-1]
                p = a - 1
                while p >= 0 and toks[p][2] in _NAME_GLUE:
                    p -= 1
                q = b + 1
                while q < nt and toks[q][2] in _NAME_GLUE:
                    q += 1
                # part of a hyphenated compound ("Dasht-e-Barchi", "Ma'arat-Misrin"): not this place
                if m.start >= 2 and text[m.start - 1] in "-‐" and norm[max(0, m.start - 4):m.start - 1].split(" ")[-1] in ARTICLES and (
                        m.start < 4 or not norm[m.start - 4].isalnum() or norm[m.start - 4:m.start - 1] in ARTICLES):
                    m.start = m.start - 1 - len(norm[max(0, m.start - 4):m.start - 1].split(" ")[-1])  # "al-Suwayda"
                elif (m.start >= 2 and text[m.start - 1] in "-‐" and text[m.start - 2].isalpha()) or (
                        text[m.end:m.end + 1] in ("-", "‐") and text[m.end + 1:m.end + 2].isalpha()
                        and not self.re_actor_after.match(text, m.end)):
                    m.namey = True
                    continue
                poss_end = text[m.end - 2:m.end] in ("'s", "’s") or text[m.end:m.end + 2] in ("'s", "’s")
                poss_prev = p >= 0 and text[toks[p][1] - 2:toks[p][1]] in ("'s", "’s")
                if ((p >= 0 and caps[p] and not poss_prev and self._name_neighbour(p, toks, owner, mentions)) or (
                        q < nt and caps[q] and not poss_end and self._name_neighbour(q, toks, owner, mentions))) and not _title_case_at(text, rs, rend):
                    m.namey = True  # (in a Title Case headline every word is capitalised: no evidence of a longer name)
            if first_m == len(mentions):
                # no known name in this run: a candidate for a cue-only mention
                t0 = 0
                while t0 < nt and (toks[t0][2] in FUNCTION or toks[t0][2] in skip_start):
                    t0 += 1
                if t0 < nt and nt - t0 <= 4:
                    cue_runs.append((toks[t0][0], rend, " ".join(t[2] for t in toks[t0:] if t[2] not in ARTICLES)))
        # context of each mention
        has_quotes = "“" in text or "«" in text
        has_paren = "(" in text
        cuts = [c.end() for c in _CUT.finditer(text)]
        before_strong, before_weak, near_before = self.before_strong, self.before_weak, self.near_before
        after_strong, admin_after, district_after, near_after = self.after_strong, self.admin_after, self.district_after, self.near_after
        actor_after = self.re_actor_after.match
        feat = gaz.feat
        for idx, m in enumerate(mentions):
            if m.demonym and not m.cands:
                continue
            bw = _last_words(norm, m.start, text, cuts)
            suf = bw.suf
            aw = _next_word(norm, m.end)
            if aw in _VILLAGE_WORDS and bw and bw[-1] in ("a", "an"):
                m.near = True  # "an Idlib village": somewhere in or near Idlib, not a village named Idlib
            elif aw in _VILLAGE_WORDS or not _VILLAGE_BEFORE.isdisjoint(suf) or (
                    bw and bw[-1] in _VILLAGE_WORDS and text[m.start - 2:m.start - 1].isalpha()):
                m.village = True  # "the village of X", "X village", "village X" (not "... village, X"; "an Idlib village" is in Idlib)
            if not before_strong.isdisjoint(suf) and not (bw and bw[-1] in _BARE_CUES and _titled_word_before(text, m.start)):
                m.strong = True
                m.strong_of = bool(bw) and (bw[-1] in ("of", "near", "outside", "around", "from"))
                if not near_before.isdisjoint(suf):
                    m.near = True
            elif not before_weak.isdisjoint(suf):
                m.weak_cue = True
            if aw in after_strong:
                m.strong = True
                if aw in admin_after:
                    m.admin_after = True
                elif aw in district_after:
                    m.district_after = True
                if aw in near_after:
                    m.near = True
            after = norm[m.end:m.end + 30]
            if aw == "and" and after.startswith(_AND_ITS):
                # "Maskanah and its countryside": a place with its surroundings
                m.strong = m.near = True
            # ACLED-style "Place (District, Province)": the last item is a first-level area,
            # an earlier one a district
            if has_paren and text.find("(", max(0, m.start - 40), m.start) >= 0:
                pm = self.re_paren_admin.search(text, max(0, m.start - 40), m.start)
                if pm is not None:
                    nxt = text[m.end:m.end + 2].lstrip()[:1]
                    if nxt == ")" and pm.group(1):
                        m.admin_after = m.strong = True
                    elif nxt == ")" and any(feat[i] == "ADM1" for i in m.cands) and not any(feat[i] == "PCLI" for i in m.cands):
                        # "Kafr Nabudah (Hama)": one name in brackets after a place is its area
                        m.admin_after = m.strong = True
                    elif nxt == "," and not pm.group(1):
                        m.district_after = m.strong = True
            key = m.key
            if " " in key:
                m.common = key in common or all(w in common or w in FUNCTION for w in key.split())
            else:
                m.common = key in common or key in FUNCTION
            if m.start > 0 and text[m.start - 1] in "“\"‘«" and text[m.end:m.end + 1] in ("”", '"', "’", "»"):
                m.quoted = True
            elif has_quotes and self._in_quoted_title(text, m.start, m.end):
                m.quoted = True  # “Putin – Erdogan” area, “Euphrates Shield”: a title, not a place
            if m.end - m.start <= 4 and text[m.start:m.end].isupper():
                m.abbrev = True
            if len(key) < 3 and not m.abbrev:
                m.common = True
            if (aw in _ACTOR_AFTER_SET and actor_after(text, m.end)) or not _ACTOR_BEFORE.isdisjoint(suf):
                m.actor = True
            elif aw in self.unit_after and text[m.end:m.end + 1] == " " and text[m.end + 1:m.end + 2].isupper():
                m.actor = True  # "Assam Rifles", "Sindh Rangers": a force's name, not where it was
            elif ((aw in _NATIONAL_NOUNS and text[m.end:m.end + 1] == " " and text[m.end + 1:m.end + 2].isalpha())
                  or (aw in _POSSESSED and after.startswith(("'s ", "’s ")))) and any(feat[i] == "PCLI" for i in m.cands[:3]):
                m.actor = True  # "US soldier", "Turkish-backed", "Russian warplanes": whose, not where
            if (("bord" in after or "frontier" in after) and self.re_border_after.match(after)) or (
                    bw and bw[-1] in _BORDER_LAST and not _BORDER_BEFORE.isdisjoint(suf)):
                m.border = True  # "the Mali border", "near the border with Uganda": a reference
            if after.startswith(("'s capital", " capital")):
                ci = self.capital_of.get(gaz.cc[m.cands[0]]) if m.cands and feat[m.cands[0]] == "PCLI" else None
                if ci is not None:
                    # "Libya's capital": the capital city
                    m.cands, m.key, m.end = (ci,), "capital", m.end + after.index("capital") + 7
            if (aw in _GROUP_AFTER and not after.startswith("'")) or (aw == "and" and self.re_group_list.match(after)):
                m.group_name = True
            if not m.actor and idx > 0 and mentions[idx - 1].actor and text[mentions[idx - 1].end:m.start] in (" and ", ", ", ", and ", " & ", " or "):
                m.actor = True  # "backed by Saudi Arabia and UAE": both are actors
        return mentions, cue_runs

    _QUOTE_OPEN = "“«"
    _QUOTE_CLOSE = "”»"

    def _in_quoted_title(self, text: str, start: int, end: int) -> bool:
        """Inside a short quoted run of capitalised words ("“Putin – Erdogan” area")."""
        a = text.rfind("“", max(0, start - 40), start)
        if a < 0:
            a = text.rfind("«", max(0, start - 40), start)
        if a < 0 or any(c in text[a + 1:start] for c in self._QUOTE_CLOSE):
            return False
        b = -1
        for c in self._QUOTE_CLOSE:
            j = text.find(c, end, end + 40)
            if j >= 0 and (b < 0 or j < b):
                b = j
        if b < 0:
            return False
        words = re.findall(r"[^\W\d_][\w'’-]*", text[a + 1:b])
        return bool(words) and all(w[0].isupper() or w.lower() in CONNECTORS for w in words)

    def _name_neighbour(self, t: int, toks, token_owner, mentions) -> bool:
        """Is capitalised token t part of a longer proper name next to a mention?"""
        k = toks[t][2]
        if k in FUNCTION or k in ARTICLES:
            return False
        o = token_owner[t]
        if o >= 0:
            om = mentions[o]
            if om.demonym:
                return False
            if om.exact and any(self.gaz.feat[i] in ("PCLI", "ADM1", "AREA", "RGN") for i in om.cands):
                return False  # "Eastern Damascus Ghouta", "Idlib Syria": two places, not a person's name
        return True

    # ------------------------------------------------------------------ cue-only names
    def _cue_only(self, text: str, mentions: list[_M], cue_runs) -> list[_M]:
        """Capitalised runs the gazetteer does not know, after/before a strong cue
        ("village of X", "near X", "X province")."""
        out = []
        for s, e, key in cue_runs:
            if not key or key in self.common or len(key) < 3:
                continue
            norm = fold(text[max(0, s - 45):e + 30])
            off = s - max(0, s - 45)
            bw = _last_words(norm, off, text[max(0, s - 45):e + 30])
            aw = _next_word(norm, off + (e - s))
            if not (_ends_with(bw, self.before_strong) or aw in self.after_strong):
                continue
            if self.re_actor_after.match(text, e):
                continue
            m = _M(s, e, key=key, cue_only=True, strong=True, exact=False)
            m.near = _ends_with(bw, self.near_before) or aw in self.near_after
            m.admin_after = aw in self.admin_after
            m.district_after = aw in self.district_after
            out.append(m)
        return out

    def _fuzzy(self, key: str, countries: list[str]) -> tuple[int, ...]:
        from rapidfuzz import fuzz, process

        best = None
        for cc in countries:
            if cc not in self._fuzzy_done:
                # the names of one country, by first letter, built when a document first needs them
                # (built aside, then published whole: threads may share the geocoder)
                gaz = self.gaz
                by_cc = self._places_by_cc
                if by_cc is None or by_cc[0] != gaz.n:
                    # place numbers per country, one pass over all places (then per country only)
                    lists: dict[str, list[int]] = defaultdict(list)
                    for i, c in enumerate(gaz.cc):
                        lists[c].append(i)
                    by_cc = self._places_by_cc = (gaz.n, lists)
                built: dict[tuple[str, str], tuple[list[str], list[int]]] = {}
                for i in by_cc[1].get(cc, ()):
                    k = " ".join(w for w in fold(gaz.name[i]).replace("'", "").split() if w not in ARTICLES)
                    if not k:
                        continue
                    e = built.get((cc, k[0]))
                    if e is None:
                        e = built[(cc, k[0])] = ([], [])
                    e[0].append(k)
                    e[1].append(i)
                self._fuzzy_cache.update(built)
                self._fuzzy_done.add(cc)
            ch = self._fuzzy_cache.get((cc, key[:1]))
            if ch is None:
                continue
            r = process.extractOne(key, ch[0], scorer=fuzz.ratio, score_cutoff=90)
            if r and r[0][:1] == key[:1] and (best is None or r[1] > best[1]):
                best = (ch[1][r[2]], r[1])
        return (best[0],) if best else ()

    # ------------------------------------------------------------------ context
    def _context(self, mentions: list[_M], text: str, hits=None) -> dict:
        """Country weights of the document: admin areas and places weigh more than country
        names, which weigh more than demonyms (often actors: "Russian raids")."""
        gaz = self.gaz
        cw: dict[str, float] = defaultdict(float)
        adm: set[tuple[str, str]] = set()
        dem: dict[str, float] = defaultdict(float)
        for m in mentions:
            if m.demonym:
                # "Moroccan members", "Chechen fighters": who, not where
                who = m.actor or _next_word(text[m.end:m.end + 25].lower(), 0) in _PERSON_NOUNS
                dem[m.demonym] += 0.5 if who else 1.0
                continue
            if not m.exact or m.quoted:
                continue
            ccs = {gaz.cc[i] for i in m.cands}
            pcli = [i for i in m.cands if gaz.feat[i] == "PCLI"]
            if pcli and not m.namey and not (m.admin_after and any(gaz.feat[i] == "ADM1" for i in m.cands)):
                # ("Russia's war", "US-led": whose, weaker than a demonym of the people it names)
                w = 0.25 if m.actor else 0.5 if m.border else (3.0 if m.weak_cue or m.strong else 2.0)
                for i in pcli:
                    cw[gaz.cc[i]] += w
                continue
            if m.common or m.abbrev or m.actor or m.namey or m.group_name:
                continue
            if len(ccs) == 1:
                cc = next(iter(ccs))
                feats = {gaz.feat[i] for i in m.cands}
                big = max(gaz.pop[i] for i in m.cands)
                if feats & _DISTINCT:
                    w = 3.0
                elif big >= 100_000:
                    w = 2.5
                elif big >= 5_000 or m.strong or m.weak_cue:
                    w = 1.0
                else:
                    w = 0.25
                cw[cc] += w
                m.vote = (cc, w)
                for i in m.cands:
                    if gaz.feat[i] == "ADM1":
                        adm.add((cc, gaz.a1[i]))
            else:
                adm_ccs = {gaz.cc[i] for i in m.cands if gaz.feat[i] == "ADM1"}
                if m.admin_after and len(adm_ccs) == 1:
                    # "Borno State", "Idlib province": the one admin area of that name
                    cc = next(iter(adm_ccs))
                    cw[cc] += 3.0
                    m.vote = (cc, 3.0)
                    for i in m.cands:
                        if gaz.feat[i] == "ADM1":
                            adm.add((cc, gaz.a1[i]))
                else:
                    pops = gaz.pop
                    ranked = ()
                    if max(pops[i] for i in m.cands) >= 100_000:
                        by_cc: dict[str, int] = {}
                        for i in m.cands:
                            by_cc[gaz.cc[i]] = max(by_cc.get(gaz.cc[i], 0), pops[i])
                        ranked = sorted(by_cc.items(), key=lambda kv: (-kv[1], kv[0]))
                    if ranked and ranked[0][1] >= 10 * max(ranked[1][1], 1):
                        # "Hama": a city of 700,000 in Syria and villages elsewhere; the city is
                        # what a report means unless the text says otherwise
                        cc = ranked[0][0]
                        cw[cc] += 1.0
                        m.vote = (cc, 1.0)
                    else:
                        m.spread = tuple(sorted(ccs))  # sorted: the order of ties must not follow hash seeds
                        for cc in m.spread:
                            cw[cc] += _SPREAD_VOTE
        for m in mentions:  # admin areas mentioned anywhere (any candidate country in context)
            if m.exact and not m.common and not m.demonym:
                for i in m.cands:
                    if gaz.feat[i] == "ADM1" and cw.get(gaz.cc[i], 0) >= 1:
                        adm.add((gaz.cc[i], gaz.a1[i]))
        for cc, w in self.actor_countries(text, hits).items():
            dem[cc] += min(w, 2.0)
        pw = dict(cw)  # evidence from names of places, not demonyms
        place_top = max(cw.values()) if cw else 0.0
        for cc, w in dem.items():
            cw[cc] += w
        top = max(cw.values()) if cw else 0.0
        return {"cw": dict(cw), "top": top, "adm": adm, "place_top": place_top, "pw": pw,
                "main": max(cw, key=cw.get) if cw else None}

    # ------------------------------------------------------------------ resolution
    def _score(self, m: _M, i: int, ctx: dict) -> float:
        gaz = self.gaz
        cc, f = gaz.cc[i], gaz.feat[i]
        st = self._static.get(i)
        if st is None:
            st = min(math.log10(gaz.pop[i] + 1), 7.0) * 0.5 + (3.0 if f == "PCLI" else 0.0) + (1.0 if i >= gaz.user_from else 0.0)
            if len(self._static) < 200_000:
                self._static[i] = st
        s = st
        top = ctx["top"]
        if top:
            s += 4.0 * ctx["cw"].get(cc, 0.0) / top * min(1.0, top / 2.0)
        adm = ctx["adm"]
        if adm and f != "ADM1" and (cc, gaz.a1[i]) in adm:
            s += 2.0
        if m.admin_hint:
            if (cc, gaz.a1[i]) in m.admin_hint:
                s += 6.0
            elif cc in m.admin_hint:
                s += 3.0
        if f == "ADM1":
            s += 3.0 if m.admin_after else -2.0
        elif f == "PCLI" and m.admin_after:
            s -= 4.0  # "Niger state", "Mexico State": the admin area, not the country
        if m.exact:
            if len(m.cands) > 1 and self._primary_key(i) == m.key and (gaz.pop[i] >= 100_000 or gaz.pop[i] * 5 >= gaz.pop[m.cands[0]]):
                s += 1.5  # its own name, unless a far bigger place bears it as an alternate name
        else:
            s -= 1.5
        return s

    def _choose(self, m: _M, ctx: dict) -> int | None:
        """The best-scoring acceptable candidate of a mention, or None."""
        if m.chosen is not None:
            return m.chosen
        if m.actor or m.group_name or m.hint_miss:
            return None  # _accept refuses every candidate of these
        if (m.common and not (m.strong_of or m.admin_after or m.admin_hint)) or m.quoted:
            feat = self.gaz.feat
            if not any(feat[i] == "PCLI" for i in m.cands):
                return None
        cands = m.cands
        if len(cands) == 1:
            return cands[0] if self._accept(m, cands[0], ctx) else None
        if len(cands) > 3:
            # candidates come sorted by population: beyond the first three only those of a
            # country in the document's context can win
            cw = ctx["cw"]
            cc = self.gaz.cc
            cands = cands[:3] + tuple(i for i in cands[3:] if cc[i] in cw)
        score = self._score
        # best score first; ties keep the candidates' order (population)
        for _, k in sorted([(-score(m, i, ctx), k) for k, i in enumerate(cands)]):
            if self._accept(m, cands[k], ctx):
                return cands[k]
        return None

    def _primary_key(self, i: int) -> str:
        k = self._pk_cache.get(i)
        if k is None:
            k = exact_key(self.gaz.name[i])
            if len(self._pk_cache) < 100_000:
                self._pk_cache[i] = k
        return k

    def _accept(self, m: _M, i: int, ctx: dict) -> bool:
        gaz = self.gaz
        f, cc = gaz.feat[i], gaz.cc[i]
        # refusals that need no context first (their order does not matter: each refuses)
        if m.common and not (m.strong_of or m.admin_after or m.admin_hint or (f == "PCLI" and m.key not in ("chad", "jordan", "georgia") and not m.namey)):
            return False
        if m.actor or m.group_name or m.hint_miss:
            return False
        if m.quoted and f != "PCLI":
            return False
        if m.abbrev and f not in ("PCLI", "ADM1"):
            return False
        pop = gaz.pop[i]
        if m.village and (pop >= VILLAGE_MAX_POP or f == "ADM1") and f != "PCLI":
            return False  # "Dar es Salaam village near Mopti" is not Tanzania's largest city
        w_cc = ctx["cw"].get(cc, 0.0)
        thr = max(1.0, 0.5 * ctx["top"])
        own = m.vote[1] if m.vote and m.vote[0] == cc else 0.0
        others_ctx = w_cc - own >= thr  # without its own vote
        in_ctx = w_cc >= thr or bool(m.admin_hint and cc in {h if isinstance(h, str) else h[0] for h in m.admin_hint})
        if m.namey and not (m.admin_hint or f == "PCLI" or (in_ctx and (f == "ADM1" or pop >= 100_000))):
            return False
        if m.cue_only:
            return True  # fuzzy-matched within the document's countries
        if not m.exact:
            # a transliteration-skeleton match: only in the document's main countries, with a cue
            w = ctx["cw"].get(cc, 0.0)
            main_ctx = (ctx["top"] and w >= 0.5 * ctx["top"]) or bool(m.admin_hint)
            if not (main_ctx and (m.strong or m.weak_cue or m.admin_hint)):
                # no country context at all: a sizeable, close variant after "in/at/village of"
                if (ctx["place_top"] >= 1.0 or ctx["top"] >= 1.0 or not (m.strong or m.weak_cue) or m.namey or f in ("ADM1", "PCLI")
                        or pop < (5_000 if m.strong else 20_000)):
                    return False
                if pop < 50_000 and _ratio(m.key, self._primary_key(i)) < 90:
                    return False  # a smaller place after "village of/near X": only a very close spelling
            if _ratio(m.key, self._primary_key(i)) < 75:
                return False
        if f in _DISTINCT and f != "ADM1" or i >= self.gaz.user_from:
            f = "ADM1"  # hand-kept areas and analysts' own places: trusted like admin areas
        if f != "PCLI" and not others_ctx and not m.admin_hint and ctx["place_top"] >= 1.0 and w_cc < ctx["top"] and (
                others_top := max((w for c, w in ctx["pw"].items() if c != cc), default=0.0)) >= 1.0:
            # the document is about other countries: a same-named place abroad is not it,
            # unless the name is unambiguous, sizeable and the other evidence is thin (a place
            # of the country the document weighs most is never "abroad")
            if f == "ADM1":
                # "Borno State": explicit, and the only admin area of that name
                if not (m.admin_after and len({gaz.cc[j] for j in m.cands if gaz.feat[j] == "ADM1"}) == 1):
                    return False
            elif (len({gaz.cc[j] for j in m.cands[:12]}) > 1 or pop < 5_000 or others_top >= 3.0
                    or m.admin_after or not (m.weak_cue or m.strong)):
                return False
        if (f not in ("PCLI", "ADM1") and not m.strong and not m.admin_hint and pop < 20_000
                and ctx["cw"].get(cc, 0.0) - own < 0.5
                and max((w for c, w in ctx["cw"].items() if c != cc), default=0.0) >= 0.5):
            # "Congolese militiamen ... on Lake Albert": a small namesake in a country the
            # document says nothing else about
            return False
        if f not in ("PCLI", "ADM1") and not m.strong and not m.admin_hint:
            if not in_ctx:
                # a place outside the document's countries: a big place, and no strong
                # country context elsewhere unless it is introduced by "in/at/from" (a town after
                # "in", far the largest of its name, when only demonyms and actors make the
                # context: "Russian forces executed 9 civilians in Bucha")
                if not (m.weak_cue and ctx["place_top"] < 1.0 and pop >= 20_000 and self._dominant(m, i)
                        and _ratio(m.key, self._primary_key(i)) >= 90) and (
                        pop < 100_000 or (ctx["top"] >= 3.0 and not m.weak_cue)):
                    return False
            elif not m.weak_cue and pop < 1_000 and ctx["main"] != cc:
                return False
            elif not m.weak_cue and ctx["cw"].get(cc, 0.0) < 0.5 * ctx["top"] and pop < 20_000:
                return False
        return True

    def _dominant(self, m: _M, i: int) -> bool:
        """Is candidate i ten times as populous as every candidate of m in another country?"""
        gaz = self.gaz
        return all(gaz.cc[j] == gaz.cc[i] or gaz.pop[i] >= 10 * gaz.pop[j] for j in m.cands if j != i)

    def _skeleton_in(self, key: str, hints: set) -> tuple[int, ...]:
        """Places whose transliteration skeleton equals key's, inside the hinted admin areas."""
        gaz = self.gaz
        lk = " ".join(loose_tok(p) for p in key.split())
        if len(lk) < 4:
            return ()
        return tuple(i for i in gaz.loose.get(lk) if (gaz.cc[i], gaz.a1[i]) in hints or gaz.cc[i] in hints)

    def _admin_hints(self, text: str, mentions: list[_M]) -> None:
        """'Kismaayo, Lower Juba' / 'Dutsin-Ma, Katsina State' / 'Tal Afar (Nineveh)'."""
        gaz = self.gaz
        for ai, (a, b) in enumerate(zip(mentions, mentions[1:])):
            gap = text[a.end:b.start]
            if len(gap) < 40 and b.cands and not b.demonym and self.re_sub_of.match(fold(gap)):
                a.parent = ai + 1
            if len(gap) > 40 or not self.re_hint_gap.match(gap):
                continue
            if not b.cands or b.demonym:
                continue
            hints = set()
            for i in b.cands:
                if gaz.feat[i] == "ADM1":
                    hints.add((gaz.cc[i], gaz.a1[i]))
                elif gaz.feat[i] == "PCLI":
                    hints.add(gaz.cc[i])
            if hints and a.cands and any((gaz.cc[i], gaz.a1[i]) in hints or gaz.cc[i] in hints for i in a.cands):
                a.admin_hint = hints
                a.hint_explicit = b.admin_after
            elif hints and b.admin_after and a.cands and any((gaz.cc[i], gaz.a1[i]) in hints or (gaz.cc[i], "*") in {(h[0], "*") for h in hints if isinstance(h, tuple)} for i in a.cands):
                # "Takum in Taraba State": same country, another admin code in GeoNames
                a.admin_hint = hints
                a.hint_explicit = True
            elif hints and a.cue_only:
                a.admin_hint = hints
            elif hints and a.cands and a.exact and (alt := self._skeleton_in(a.key, hints)):
                # "Al Mansoura village, Raqqa governorate": the exact name is a city elsewhere;
                # a transliteration variant inside the named area is the place
                a.cands, a.exact, a.admin_hint, a.hint_explicit = alt, False, hints, b.admin_after
            elif (hints and a.cands and not a.demonym and not any(gaz.feat[i] in ("PCLI", "ADM1") for i in a.cands)
                  and all(gaz.feat[i] in ("PCLI", "ADM1") for i in b.cands)):
                a.hint_miss = True  # a place of that area, unknown to the gazetteer: stays unresolved
                a.strong = True

    def _side_of(self, text: str, start: int, end: int) -> tuple[float, float] | None:
        """Direction named with a near cue: "northern countryside of X", "north of X",
        "X's northern countryside", "northern X countryside" -> unit (dy, dx), else None."""
        before = text[max(0, start - 40):start].lower()
        after = text[end:end + 30].lower()
        mb = _RE_SIDE_BEFORE.search(before)
        ma = _RE_SIDE_AFTER.match(after) if mb is None else None
        mm = mb or ma
        word = next((g for g in mm.groups() if g), None) if mm else None
        if not word:
            return None
        return _SIDES.get(word.replace("-", "").replace("ern", ""))

    def find_places(self, text: str) -> list[Place]:
        mentions, cue_runs = self._recognise(text)
        extra = self._cue_only(text, mentions, cue_runs) if cue_runs else []
        if extra:
            mentions = sorted(mentions + extra, key=lambda m: m.start)
        hits = self.actor_hits(text)
        if hits:
            # names inside a group's name are not places ("Tahrir al-Sham", "Free Syrian Army")
            mentions = [m for m in mentions if not any(a <= m.start and m.end <= b for a, b, _ in hits)]
        self._admin_hints(text, mentions)
        ctx = self._context(mentions, text, hits)
        gaz = self.gaz
        if ctx["main"] and "the capital" in text and ctx["cw"][ctx["main"]] >= 1.0:
            # "near the capital": the capital of the document's main country
            cap_i = self.capital_of.get(ctx["main"])
            taken = [(m.start, m.end) for m in mentions]
            for cm in self.re_the_capital.finditer(text):
                nxt = text[cm.end():cm.end() + 3].lstrip(" ,")[:1]
                if cap_i is not None and not nxt.isupper() and not any(a <= cm.end() and cm.start() - 3 <= b for a, b in taken):
                    cm_ = _M(cm.start() + 4, cm.end(), cands=(cap_i,), key="capital", weak_cue=True)
                    if _ends_with(_last_words(fold(text[max(0, cm.start() - 40):cm.start()]), min(40, cm.start())), self.near_before):
                        cm_.near = cm_.strong = True  # "30 miles north of the capital": a reference point
                    mentions.append(cm_)
            mentions.sort(key=lambda m: m.start)
        ranked_ccs = [c for c in sorted(ctx["cw"], key=ctx["cw"].get, reverse=True)[:2] if ctx["cw"][c] >= 1.0]
        places: list[Place] = []
        covered = -1  # end of the last unresolved name that took in its neighbours
        for k, m in enumerate(mentions):
            if m.start < covered:
                continue  # "Khel" of an unresolved "the village of Qarabagh Khel"
            if m.demonym and not m.cands:
                continue
            if m.key == "capital" and k + 1 < len(mentions) and mentions[k + 1].start - m.end <= 3 and m.cands[0] in mentions[k + 1].cands:
                continue  # "Niger's capital Niamey": the name that follows is the mention
            if m.cue_only and not m.cands and ranked_ccs and len(m.key) >= 4:
                hint_ccs = sorted({h if isinstance(h, str) else h[0] for h in m.admin_hint}) or ranked_ccs
                m.cands = self._fuzzy(m.key, list(dict.fromkeys(hint_ccs)))
            best = self._choose(m, ctx)
            if m.demonym and (best is None or gaz.feat[best] != "PCLI"):
                continue
            if best is not None and m.parent is not None and gaz.feat[best] not in ("PCLI", "ADM1"):
                par = mentions[m.parent]
                pb = self._choose(par, ctx)
                if pb is not None:
                    if gaz.feat[pb] in ("ADM1", "PCLI"):
                        near = [i for i in m.cands if gaz.cc[i] == gaz.cc[pb] and (gaz.feat[pb] == "PCLI" or gaz.a1[i] == gaz.a1[pb])]
                    else:
                        near = [i for i in m.cands if _km(gaz.lat[i], gaz.lon[i], gaz.lat[pb], gaz.lon[pb]) <= 50]
                    best = max(near, key=lambda i: self._score(m, i, ctx)) if near else None
                    if best is None:
                        m.strong = True  # keep it as an unresolved part of its parent
            mention = text[m.start:m.end]
            if best is None:
                if m.strong and not m.common:
                    s0, e0 = _name_run(text, m.start, m.end, gaz.index.get) if m.namey else (m.start, m.end)
                    # an unknown village is named whole ("Qarabagh Khel", "Kwanar Dutse"), not
                    # by the one word of it that names some other place
                    m.place = Place(mention=text[s0:e0], start=s0, end=e0)
                    places.append(m.place)
                    covered = e0
                continue
            m.chosen = best
            f = gaz.feat[best]
            if f.startswith("PCL"):
                prec = 6
            elif f in _ADMIN_FEATS:
                prec = _ADMIN_FEATS[f]
            elif m.near:
                prec = 2
            elif m.district_after:
                prec = 3
            else:
                prec = 1
            gid = gaz.gid[best]
            a1name = gaz.name[best] if f == "ADM1" else gaz.admin1_name(best)
            if f not in ("ADM1", "PCLI") and m.admin_hint and m.hint_explicit:
                # "Takum in Taraba State": the text names the area; GeoNames' admin code may
                # predate a redrawn boundary.  Trust the text for a place near that area.
                tup = [h for h in m.admin_hint if isinstance(h, tuple)]
                if len(tup) == 1 and tup[0][0] == gaz.cc[best] and tup[0][1] != gaz.a1[best]:
                    ai = self.adm1_of.get(tup[0])
                    if ai is not None and _km(gaz.lat[ai], gaz.lon[ai], gaz.lat[best], gaz.lon[best]) <= 250:
                        a1name = gaz.name[ai]
            lat, lon = gaz.lat[best], gaz.lon[best]
            if prec == 2 and SIDE_SHIFT_KM:
                side = self._side_of(text, m.start, m.end)
                if side is not None:
                    # "the northern countryside of Hama", "east of Deir Ezzor": the point moves
                    # that way by a fixed step (still within the ~25 km of precision 2)
                    dy, dx = side
                    lat = round(lat + dy * SIDE_SHIFT_KM / 111.0, 5)
                    lon = round(lon + dx * SIDE_SHIFT_KM / (111.0 * max(0.2, math.cos(math.radians(lat)))), 5)
            m.place = Place(
                mention=mention, start=m.start, end=m.end, name=gaz.name[best],
                lat=lat, lon=lon, country=gaz.cc[best] or None,
                admin1=a1name,
                geonames_id=gid if gid > 0 else None, feature=f, precision=prec,
            )
            places.append(m.place)
        # a spelling variant far from the places named with it is a look-alike ("the locality
        # of Masiani in the Beni region" is not Masina, Kinshasa, 1,500 km away)
        for m in mentions:
            if m.place is None or m.exact or m.cue_only or m.chosen is None or gaz.feat[m.chosen] in ("PCLI", "ADM1"):
                continue
            i = m.chosen
            # the place it is said to lie in, right after it ("Masiani in the Beni region")
            near = [o for o in mentions if o.start > m.end and o.start - m.end <= 40 and o.place is not None and o.exact
                    and o.chosen is not None and gaz.feat[o.chosen] != "PCLI" and _IN_GAP.match(text, m.end, o.start)]
            if not near or any((gaz.feat[o.chosen] == "ADM1" and (gaz.cc[o.chosen], gaz.a1[o.chosen]) == (gaz.cc[i], gaz.a1[i]))
                               or _km(gaz.lat[i], gaz.lon[i], gaz.lat[o.chosen], gaz.lon[o.chosen]) <= LOOSE_NEAR_KM for o in near):
                continue
            k = places.index(m.place)
            m.place = places[k] = Place(mention=m.place.mention, start=m.start, end=m.end)
            m.chosen = None
        # votes of mentions that did not resolve do not make the document's main country
        lost = [m.vote for m in mentions if m.vote and (m.place is None or m.place.lat is None)]
        lost += [(c, _SPREAD_VOTE) for m in mentions if m.spread and (m.place is None or m.place.lat is None) for c in m.spread]
        if lost:
            cw2 = dict(ctx["cw"])
            for c, w in lost:
                cw2[c] = cw2.get(c, 0.0) - w
            cw2 = {c: w for c, w in cw2.items() if w > 0.01}
            ctx["main"] = max(cw2, key=cw2.get) if cw2 else None
        # remember the context for main_location on the same text
        ctx["demonyms"] = [(m.start, m.end, m.demonym) for m in mentions if m.demonym and m.place is None]
        ctx["borders"] = {m.start for m in mentions if m.border and m.place is not None}
        self._tls.last = (text, ctx)
        return places

    # ------------------------------------------------------------------ main location
    def _is_source(self, p: Place, text: str) -> bool:
        """A place that only locates a source: "London-based monitor", "told AFP in Beirut"."""
        if self.re_source_after.match(text, p.end):
            return True
        w = text[max(0, p.start - 50):p.start].lower().split()[-6:]
        if w and w[-1] in ("in", "from") and any(x.rstrip(",") in _SOURCE_VERBS for x in w[-4:-1]):
            return True
        return False

    def _is_dateline(self, p: Place, text: str) -> bool:
        if p.start > 60:
            return False
        head = text[:p.start]
        if "\n" in head:
            head = head.split("\n")[-1]
        if head.strip():
            return False  # a dateline opens the text or a line: "BEIRUT (Reuters) -", "Kabul, Afghanistan —"
        after = text[p.end:p.end + 40]
        return bool(self.re_dateline_after.match(after))

    def main_location(self, places: list[Place], claims: list[Claim], text: str) -> Place | None:
        resolved = [p for p in places if p.lat is not None]
        last = getattr(self._tls, "last", None)
        ctx = last[1] if last and last[0] is text else None
        if not resolved:
            return self._country_fallback(ctx, text)
        usable = [p for p in resolved if not self._is_source(p, text)]
        if ctx and ctx.get("borders") and ctx.get("main"):
            # "near Chad's border with Niger": a neighbour named as a border is a reference,
            # not where the event was, when the document is about another country
            usable = [p for p in usable if p.start not in ctx["borders"] or p.country == ctx["main"]]
            if not usable:
                return self._country_fallback(ctx, text)
        datelines = [p for p in usable if self._is_dateline(p, text)]
        body = [p for p in usable if p not in datelines]
        ccount: dict[str, float] = defaultdict(float)
        for p in body or usable:
            ccount[p.country] += 1.0 if (p.precision or 6) < 6 else 0.5
        if ctx and ctx.get("main"):
            ccount[ctx["main"]] += 1.5
        main_cc = max(ccount, key=ccount.get) if ccount else None
        pool = body or usable
        if pool and all(p.name == pool[0].name and p.lat == pool[0].lat for p in pool):
            # one place named (perhaps several times)
            if (pool[0].precision or 9) >= 5:
                same = [d for d in datelines if d.country == pool[0].country]
                if same:
                    return same[0]
            return pool[0]
        if pool:
            bounds = self._sentences(text)
            lead_end = bounds[1] if len(bounds) > 1 else len(text)
            ev_sents = self._event_sentences(text, bounds)
            # weight of each mention: event sentence, lead, reference points, countries
            wts = []
            for p in pool:
                w = 1.5 if (bisect_right(bounds, p.start) - 1) in ev_sents else 0.6
                if p.start < lead_end:
                    w += 0.5
                if (p.precision or 9) == 2:
                    w *= 0.6
                if (p.precision or 9) >= 5:
                    w *= 0.4
                wts.append(w)
            # a place in a sentence whose tolls are all background ("In a separate incident last
            # week, an attack on a market in El Fasher killed 12") is not where this report's event was
            bg, inc = set(), set()
            for c in claims or []:
                if c.evidence is not None and not getattr(c, "negated", False):
                    (inc if (c.scope or "incident") == "incident" else bg).add(self._sentence_of(bounds, c.evidence.start))
            only_bg = bg - inc
            if only_bg:
                keep = [k for k, p in enumerate(pool) if self._sentence_of(bounds, p.start) not in only_bg]
                if keep and len(keep) < len(pool):
                    pool, wts = [pool[k] for k in keep], [wts[k] for k in keep]
            # casualty claims add weight to the place they are tied to
            for c in claims or []:
                if getattr(c, "negated", False) or (c.scope or "incident") != "incident":
                    continue
                v = c.value if c.value is not None else (c.low or 1)
                cw_ = 1.0 + 0.5 * math.log10(1 + max(v, 0))
                if c.group == "total":
                    cw_ *= 1.5
                ev = c.evidence.start if c.evidence is not None else None
                hit = None
                if c.place:
                    cp = c.place.casefold()
                    idx = [k for k, p in enumerate(pool) if p.mention.casefold() in cp or cp in p.mention.casefold()]
                    if idx:
                        hit = min(idx, key=lambda k: abs(pool[k].start - ev) if ev is not None else pool[k].start)
                        if self.re_reference_before.search(text, max(0, pool[hit].start - 40), pool[hit].start):
                            # "in Tarmiyah, 30 miles north of the capital": the reference point
                            # locates the place named before it in the same sentence
                            si = self._sentence_of(bounds, pool[hit].start)
                            prev = [k for k in range(len(pool)) if pool[k].start < pool[hit].start
                                    and self._sentence_of(bounds, pool[k].start) == si and (pool[k].precision or 9) <= 2]
                            if prev:
                                hit = prev[-1]
                        wts[hit] += 1.0 * cw_
                if hit is None and ev is not None:
                    si = self._sentence_of(bounds, ev)
                    idx = [k for k, p in enumerate(pool) if self._sentence_of(bounds, p.start) == si]
                    for k in idx:
                        wts[k] += (0.3 if (pool[k].precision or 9) >= 6 else 1.0) * cw_ / len(idx)
            # sum per country, then per first-level admin area, then the most specific place there
            cs: dict[str, float] = defaultdict(float)
            for p, w in zip(pool, wts):
                cs[p.country] += w
            best_cc = max(cs, key=lambda c: (cs[c], c == main_cc))
            gs: dict[str, float] = defaultdict(float)
            ps_: dict[tuple, float] = defaultdict(float)
            first: dict[tuple, Place] = {}
            for p, w in zip(pool, wts):
                if p.country != best_cc:
                    continue
                if (p.precision or 9) < 6:
                    gs[p.admin1 or ""] += w
                k = (p.name, p.lat, p.lon)
                ps_[k] += w
                first.setdefault(k, p)
            if gs:
                best_a1 = max(gs, key=gs.get)
                cand = [k for k, p in first.items() if (p.admin1 or "") == best_a1 and (p.precision or 9) < 6]
                top_w = max(ps_[k] for k in cand)
                towns = [k for k in cand if (first[k].precision or 9) <= 3 and first[k].feature not in ("ADM1", "ADM2")
                         and not self._area_named(first[k], text) and ps_[k] >= 0.3 * top_w]
                if towns and len(towns) < len(cand):
                    # a town named inside the area ("Michika town of Adamawa State") is the more
                    # specific answer than the area itself
                    cand = towns
                chosen = first[max(cand, key=lambda k: (ps_[k] + (1.0 if (first[k].precision or 9) <= 2 else 0.0), -first[k].start))]
            else:
                chosen = first[max(first, key=lambda k: ps_[k])]
            if (chosen.precision or 9) >= 5:
                # only a region or country in the body: a dateline city of that country is closer
                same = [d for d in datelines if d.country == chosen.country]
                if same:
                    return same[0]
            return chosen
        # 3) dateline, then anything resolved
        if datelines:
            return datelines[0]
        fb = self._country_fallback(ctx, text)
        return fb or resolved[0]

    @staticmethod
    def _area_named(p: Place, text: str) -> bool:
        """A city named like its province and not called a city ("targets Idlib", not "Idlib
        city"): it may mean the province, so a town named inside that province is more specific."""
        if p.feature is None or not p.feature.startswith("PPL") or not p.admin1 or p.precision != 1:
            return False
        if fold(p.admin1) != fold(p.name) and fold(p.admin1) != fold(p.mention):
            return False
        return not _CITY_AFTER.match(text, p.end) and not _CITY_BEFORE.search(text, max(0, p.start - 20), p.start)

    def _country_fallback(self, ctx: dict | None, text: str) -> Place | None:
        if not ctx or not ctx.get("main"):
            return None
        cc = ctx["main"]
        i = self.country_of.get(cc)
        if i is None:
            return None
        gaz = self.gaz
        span = next(((s, e) for s, e, d in ctx.get("demonyms", []) if d == cc), (0, 0))
        return Place(mention=text[span[0]:span[1]], start=span[0], end=span[1], name=gaz.name[i],
                     lat=gaz.lat[i], lon=gaz.lon[i], country=cc, geonames_id=gaz.gid[i] or None,
                     feature="PCLI", precision=6)

    def _event_sentences(self, text: str, bounds: list[int]) -> set[int]:
        """Indices of the sentences holding an event word at a word start (one Aho-Corasick pass)."""
        low = text.lower()
        out: set[int] = set()
        for end, ln in self._event_auto.iter(low):
            j = end - ln + 1
            if j == 0 or not low[j - 1].isalpha():
                out.add(bisect_right(bounds, j) - 1)
        return out

    def _sentences(self, text: str) -> list[int]:
        return [0] + [m.end() for m in self.re_sentence.finditer(text)]

    @staticmethod
    def _sentence_of(bounds: list[int], pos: int) -> int:
        return bisect_right(bounds, pos) - 1
