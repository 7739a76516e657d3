"""Who says so: source attributions and their kinds (vocabulary in ``data/sources.json``).

Patterns, per sentence:

- ``according to X`` (also ``according to X's findings``), ``citing X``;
- ``X said/reported/told/indicated/...`` (``X`` = the noun phrase before the verb, up to the
  clause start; an appositive "Ali Sheha, a resident who fled Baniyas, reported" gives the
  name "Ali Sheha" and the kind from "a resident": witness);
- ``reports from X indicate``; ``..., said police spokesman X`` (source after the verb).

Short references ("the Observatory", "the group", "the monitor", "he") resolve to the
full name mentioned earlier. A claim takes the source of its own sentence (the nearest one
when there are several); a sentence without one inherits the source of the previous
sentence of the same paragraph, else of the next one ("... killed 12. The Observatory
said ...").
"""
from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from observatory.model import Source

from ._phrases import WordFinder, alternation, normalise
from .text import Sentence

DATA = Path(__file__).with_name("data")


@dataclass
class Attribution:
    name: str
    kind: str
    start: int
    end: int
    sent: int
    phrase: str
    claimant: bool = False  # an armed group speaking of its own attack ("X claimed responsibility and said")


_GATE, _SAY, _ACC = 1, 2, 4
# an "according to" match starts with one of these words (see R["according"])
_ACCORDING_WORDS = ("according", "citing", "cited", "quoted", "report", "figure", "data", "tally", "count")


@lru_cache(maxsize=1)
def _rules():
    d = json.loads((DATA / "sources.json").read_text(encoding="utf-8"))
    case = set(d["case_sensitive"])
    kinds = []
    for k in d["order"]:
        words = d["kinds"][k]
        ci = [w for w in words if w not in case]
        cs = [w for w in words if w in case]
        # alternations longest first, as tries (see _phrases.alternation)
        rx_ci = re.compile(rf"(?<![\w-]){alternation(ci)}(?![\w-])", re.I) if ci else None
        rx_cs = re.compile(rf"(?<![\w-]){alternation(cs, lower=False)}(?![\w-])") if cs else None
        kinds.append((k, rx_ci, rx_cs))
    verbs = alternation(d["say_verbs"])
    # where a "say" match can start (on the lower-cased sentence): its optional auxiliary or the verb
    starts = {"has", "have", "had", "also", "later"} | {v.split()[0].lower() for v in d["say_verbs"]}
    say_at = re.compile(alternation(starts, lower=False))

    # one Aho-Corasick pass over the lower-cased text finds the words of all three uses:
    # _GATE: a reporting word (sentences without one are skipped); _SAY: where a "say" match
    # can start (``starts``); _ACC: where an "according to" match can start (_ACCORDING_WORDS)
    flags: dict[str, int] = {}
    for w in list(d["say_verbs"]) + ["according", "citing", "cited", "quoted", "reports", "figures", "data", "tally", "count"]:
        flags[w.split()[0].lower()] = flags.get(w.split()[0].lower(), 0) | _GATE
    for w in starts:
        flags[w] = flags.get(w, 0) | _SAY
    for w in _ACCORDING_WORDS:
        flags[w] = flags.get(w, 0) | _ACC
    words = WordFinder({w: (f, len(w)) for w, f in flags.items()})
    R = {
        "words": words,
        "kinds": kinds,
        "short": set(d["short_refs"]),
        "according": re.compile(r"\b(?:according\s+to|citing|cited\s+by|quoted\s+by|reports?\s+from|figures?\s+from|data\s+from|tally\s+by|count\s+by)\s+(?P<src>[^,.;:()\"“”]{2,90}?)(?=\s*(?:[,.;:()\"“”]|$|\s(?:that|who|which|when|as|after|because|while|on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|in\s+a\s+statement|indicates?|indicated|says?|said|shows?|showed|suggests?)\b))", re.I),
        "say_at": say_at,
        "say": re.compile(rf"(?<![\w-])(?:has\s+|have\s+|had\s+|also\s+|later\s+)?(?P<v>{verbs})(?![\w-])", re.I),
        "after_say": re.compile(r"\s+(?P<src>(?:the\s+|a\s+|an\s+)?[^,.;:()\"“”]{2,80}?)(?=\s*(?:[,.;:()\"“”]|$|\s(?:that|who|which|in\s+a\s+statement|on\s+\w+day)\b))", re.I),
    }
    return R


@lru_cache(maxsize=8192)
def classify(phrase: str) -> str:
    """The source kind of a phrase ("SANA" -> state_media, "a resident" -> witness ...)."""
    for k, rx_ci, rx_cs in _rules()["kinds"]:
        if (rx_cs and rx_cs.search(phrase)) or (rx_ci and rx_ci.search(phrase)):
            return k
    return "other"


_LEAD = re.compile(r"^(?:(?:the|a|an|some|several|two|three|other|local|one|also|and|but|however|meanwhile|yet|while|as)\s+)+", re.I)
_PRON = re.compile(r"^(?:he|she|they|it|we|i)$", re.I)
_NAME_RUN = re.compile(r"(?:[A-Z][\w'’.\-]*|al-[\w'’\-]+|el-[\w'’\-]+)(?:\s+(?:(?:for|of|the|and|on|de|al|bin|ibn|el|in)\s+)*(?:[A-Z][\w'’.\-]*|al-[\w'’\-]+))*")


_REPORT_OF = re.compile(r"['’]s\s+(?:(?:prior|previous|earlier|latest|last|new|own|initial|preliminary|updated)\s+)?(?:findings|report|reports|tally|count|figures|data|statement|estimate|toll|death\s+toll|latest\s+toll)$", re.I)
_NAME_DESC = re.compile(r"^(?P<n>[A-Z][^,]{1,60}?),\s+(?P<d>(?:a|an|the)\s+.*|head\s+of\s+.*|director\s+of\s+.*|spokesman\s+.*|chief\s+.*)$")
_DESC_NAME = re.compile(r"^(?P<d>(?:a|an|the)\s+[^,]+),\s+(?P<n>[A-Z][^,]+)$", re.I)
_REPORTS_FROM = re.compile(r"^(?:(?:the|a|an)\s+)?(?:reports?|figures|data|statements?|accounts?|tally|count)\s+(?:from|by|of)\s+(?:the\s+)?", re.I)
_BASED = re.compile(r"^(?:[a-z][\w\-]*\s+)*?(?:[A-Z][\w.]*-based|Britain-based|UK-based|London-based|Beirut-based|Coventry-based)\s+(?P<rest>.+)$")
_POSSESSIVE_END = re.compile(r"['’]s$")


def _name(np: str) -> tuple[str, str]:
    """(name, descriptor) of a source noun phrase."""
    np = " ".join(np.split()).strip(" ,-–—'\"“”")
    np = _REPORT_OF.sub("", np)
    desc = np
    m = _NAME_DESC.match(np)
    if m:
        return m.group("n").strip(), np
    m = _DESC_NAME.match(np)
    if m and m.group("n")[:1].isupper():
        return m.group("n").strip(), np
    np = _LEAD.sub("", np)
    np = _REPORTS_FROM.sub("", np)
    # "the UK-based Syrian Observatory for Human Rights" -> the capitalised name
    m = _BASED.match(np)
    if m and m.group("rest")[:1].isupper():
        np = m.group("rest")
    np = _POSSESSIVE_END.sub("", np)
    return np, desc


# "The Taliban claimed responsibility (for the attack) and stated that ...": the claimant speaks
_CLAIMANT_HEAD = re.compile(r"^(?P<x>.{2,60}?)\s+(?:has\s+|had\s+|also\s+)?claimed\s+(?:responsibility|credit)\b[^,;]{0,60}?\s+and\s*$", re.I)
_CLAIMANT_KINDS = frozenset({"rebel_group", "political_militia"})


def _claimant(name: str) -> bool:
    """Is the source the name of an armed group (a party to the fight: "IS", "the Taliban",
    "Boko Haram"), and nothing more?"""
    words = name.split()
    if not words or len(words) > 4 or any(w[:1].islower() and w.lower() not in ("al", "of", "the", "al-") for w in words):
        return False
    from .actors import named_group_kind

    return named_group_kind(name) in _CLAIMANT_KINDS


_AMBIG_NEXT = re.compile(r"\s+(?:that|on|in|earlier|late|today|yesterday)\b")
_CLAIMED_RESP = re.compile(r"\s+(?:responsibility|credit|the\s+(?:attack|bombing|killing|assault)|to\s+have\s+(?:carried|launched))\b", re.I)


_AMBIGUOUS = {"reports", "report", "records", "documents", "claims", "states", "estimates", "say", "indicate"}


_ACCORDING_AT = re.compile("|".join(_ACCORDING_WORDS))
_APPOS_HEAD = re.compile(r"^\s*(?:a|an|the|head|director|chief|spokesman)\b")
_ARTICLE_HEAD = re.compile(r"^\s*(?:a|an|the)\b", re.I)
_CAP_HEAD = re.compile(r"^\s*[A-Z]")
_ARTICLE_AFTER_COMMA = re.compile(r",\s*(?:a|an|the)\b")
_CLAUSE_HEAD = re.compile(r"^.*\b(?:that|and|but|while|as|when|after|because|which|who)\s+(?=\S)")
_DIGIT = re.compile(r"\d")
_NOT_NAME = re.compile(r"^(?:it|this|that|there|which|who|what|report|reports|officials?\s+have|police\s+have)$")
_NO_ONE = re.compile(r"^(?:no|none|nobody)\b")
_SOURCE_WORD = re.compile(r"\b(?:source|sources|group|agency|ministry)\b")
_THE = re.compile(r"^(?:the|this|that)\s+")
_BASED_LOW = re.compile(r"^(?:uk|britain|london|beirut|coventry)-based\s+")
_SHIFT = re.compile(r"(?:meanwhile|separately|elsewhere|in\s+(?:a\s+)?(?:separate|other|another)|in\s+response|on\s+the\s+other\s+hand)\b", re.I)


def _say_matches(R, st: str):
    """``R["say"].finditer(st)``, tried only where a match can start (much cheaper)."""
    low = st.lower()
    if len(low) != len(st):
        yield from R["say"].finditer(st)
        return
    pat, last = R["say"], 0
    for h in R["say_at"].finditer(low):
        p = h.start()
        if p < last:
            continue
        m = pat.match(st, p)
        if m:
            last = m.end()
            yield m


def _matches_at(pat: re.Pattern, st: str, spans: list[tuple[int, int]], lo: int, hi: int) -> list[re.Match]:
    """``pat.finditer(st)`` for a pattern that can only match where one of the word spans
    (offsets in the document; ``st`` = document[lo:hi]) starts: tried there only."""
    out = []
    i = bisect.bisect_left(spans, (lo, 0))
    last = 0
    for a, b in spans[i:]:
        if a >= hi:
            break
        p = a - lo
        if p < last or b > hi:
            continue
        m = pat.match(st, p)
        if m:
            last = m.end()
            out.append(m)
    return out


def find_attributions(text: str, sentences: list[Sentence]) -> list[Attribution]:
    """Source attributions in text order, short references resolved to full names."""
    R = _rules()
    out: list[Attribution] = []
    # sentences with a reporting word at all, and where "say" / "according to" matches can
    # start: one Aho-Corasick pass over the text
    low = text.lower()
    # (end index, (flags, length)) in order of end; the words are letters, so the normalised
    # text (the common pass of the stages) has them where ``low`` has, when lengths agree
    words = R["words"].iter(normalise(text)) if len(low) == len(text) else list(R["words"].iter_in(low))
    hits = [e for e, (f, _) in words if f & _GATE]
    # the word offsets index each sentence's lower-cased text the same way unless lower-casing
    # changes lengths, or a character outside ASCII matches an ASCII letter under re.I
    fast = len(low) == len(text) and "ı" not in text and "ſ" not in text
    if fast:
        say_spans = sorted({(e + 1 - n, e + 1) for e, (f, n) in words if f & _SAY})
        acc_spans = sorted({(e + 1 - n, e + 1) for e, (f, n) in words if f & _ACC})
    k = 0
    for si, s in enumerate(sentences):
        while k < len(hits) and hits[k] < s.start:
            k += 1
        if k >= len(hits) or hits[k] >= s.end:
            continue
        st = s.text
        cands = []
        claimed: set[int] = set()  # say verbs after "X claimed responsibility and"
        if fast:
            for m in _matches_at(R["according"], st, acc_spans, s.start, s.end):
                cands.append((m.start("src"), m.end("src"), m.group("src"), False))
            says = _matches_at(R["say"], st, say_spans, s.start, s.end)
        else:
            for m in (R["according"].finditer(st) if _ACCORDING_AT.search(st.lower()) else ()):
                cands.append((m.start("src"), m.end("src"), m.group("src"), False))
            says = _say_matches(R, st)
        for m in says:
            v0 = m.start()
            head = st[:v0]
            if not head.strip():
                continue
            if m.group("v").lower() in _AMBIGUOUS and not _AMBIG_NEXT.match(st[m.end():]):
                continue
            if _CLAIMED_RESP.match(st[m.end():]):
                continue  # "X claimed responsibility": a perpetrator, not a source
            # clause start: after the last ; : " or ", that/and/but" or a comma that is not an appositive
            cut = max(head.rfind(";"), head.rfind(":"), head.rfind("\""), head.rfind("“"), head.rfind("”"))
            seg = head[cut + 1:]
            # strip an earlier clause ending in a comma unless it is "Name, a ... ,"
            parts = seg.split(",")
            if len(parts) > 1 and parts[-1].strip() == "":
                # "..., a resident who fled X, reported": keep Name, appositive
                if len(parts) >= 3 and (_APPOS_HEAD.match(parts[-2])
                                        or (_ARTICLE_HEAD.match(parts[-3]) and _CAP_HEAD.match(parts[-2]))):
                    seg = ",".join(parts[-3:])
                else:
                    seg = parts[-2]
            elif len(parts) > 1:
                seg = parts[-1]
            mc = _CLAIMANT_HEAD.match(seg.strip())
            if mc:
                seg = mc.group("x")
                claimed.add(m.start())
            seg_clean = _CLAUSE_HEAD.sub("", seg) if not _ARTICLE_AFTER_COMMA.search(seg) else seg
            words = seg_clean.split()
            if 1 <= len(words) <= 14 and not _DIGIT.search(seg_clean):
                start = head.rfind(seg_clean.strip(" ,"))
                cands.append((max(0, start), v0, seg_clean, v0 in claimed))
            elif not words or (len(words) and st[m.end():m.end() + 1] in (" ",)):
                ma = R["after_say"].match(st, m.end())
                if ma and (head.rstrip().endswith(",") or head.rstrip().endswith("\"") or head.rstrip().endswith("”")):
                    cands.append((ma.start("src"), ma.end("src"), ma.group("src"), False))
        for a, b, phrase, by_claim in cands:
            name, desc = _name(phrase)
            if not name or len(name) > 90:
                continue
            low = name.lower()
            if _PRON.match(low):
                prev = next((x for x in reversed(out) if x.kind in ("witness", "official", "other", "monitor")), None)
                if prev:
                    out.append(Attribution(prev.name, prev.kind, s.start + a, s.start + b, si, phrase))
                continue
            if _NOT_NAME.match(low) or _NO_ONE.match(low):
                continue
            kind = classify(desc) if desc != name else classify(name)
            if kind == "other" and not name[:1].isupper() and not _SOURCE_WORD.search(low):
                # a lower-case phrase with no source word: probably not a source ("the attack killed")
                continue
            # short references: "the Observatory", "the group"
            key = _THE.sub("", low)
            key = _BASED_LOW.sub("", key)
            key_words = key.split()
            if key_words and key_words[-1] in R["short"] and len(key_words) <= 2:
                for x in reversed(out):
                    if key_words[-1] in x.name.lower() and len(x.name) > len(name):
                        name, kind = x.name, x.kind
                        break
                else:
                    if key_words[-1] in ("group", "monitor", "watchdog", "organisation", "organization"):
                        for x in reversed(out):
                            if x.kind in ("monitor", "ngo"):
                                name, kind = x.name, x.kind
                                break
            out.append(Attribution(name, kind, s.start + a, s.start + b, si, phrase, claimant=by_claim or _claimant(name)))
    out.sort(key=lambda x: x.start)
    # a short name seen before the full one ("SOHR" ... "Syrian Observatory for Human Rights (SOHR)")
    return out


def document_sources(atts: list[Attribution]) -> list[Source]:
    """Distinct sources with mention counts, in order of first mention."""
    seen: dict[str, Source] = {}
    for a in atts:
        key = a.name.lower()
        if key in seen:
            seen[key].mentions += 1
        else:
            seen[key] = Source(name=a.name, kind=a.kind, mentions=1)
    return list(seen.values())


def source_for_sentences(atts: list[Attribution], sentences: list[Sentence],
                         statuses: list[set] | None = None) -> list[list[Attribution]]:
    """Attributions governing each sentence (own, else previous/next in the paragraph).

    A sentence takes the next sentence's source only when that sentence reports the same
    kind of casualty (``statuses``: the claim statuses per sentence) or its source is an
    institution that reports tolls (monitor, NGO, media, state media): "Nine civilians were
    killed. The monitor said ..." but not "... a mass burial. A legislator indicated an exodus"."""
    own: list[list[Attribution]] = [[] for _ in sentences]
    for a in atts:
        own[a.sent].append(a)
    gov: list[list[Attribution]] = [list(x) for x in own]
    for i, s in enumerate(sentences):
        if gov[i]:
            continue
        j = i - 1
        if j >= 0 and sentences[j].paragraph == s.paragraph and gov[j]:
            gov[i] = gov[j][-1:]
            continue
        k = i + 1
        if k < len(sentences) and sentences[k].paragraph == s.paragraph and own[k]:
            same = statuses is None or bool(statuses[i] & statuses[k])
            shift = _SHIFT.match(sentences[k].text)
            # (an armed group's claim about its attack is no source for the report's own account before it)
            if not shift and not own[k][0].claimant and (same or own[k][0].kind in ("monitor", "ngo", "media", "state_media")):
                gov[i] = own[k][:1]
    return gov


def nearest(atts: list[Attribution], pos: int) -> Attribution | None:
    if not atts:
        return None
    return min(atts, key=lambda a: abs((a.start + a.end) // 2 - pos))
