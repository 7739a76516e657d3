"""Numbers in report text: digits, words, ranges, qualifiers and vague amounts.

:func:`find_numbers` returns every number mention in a text, in text order, as
:class:`Number` records with character offsets into the original text.

- digits with thousands separators: ``1,000`` / ``1.000`` / ``1 000``; Arabic-Indic digits
  (``١٢``) are read as their western equivalents (offsets are unchanged);
- number words: ``nine``, ``twenty-five``, ``one hundred and twenty``, ``a dozen``,
  ``two dozen`` (24), ``a hundred``, ``3 million``;
- ranges: ``between 10 and 15``, ``10 to 15``, ``10-15``, ``10 or 12`` (qualifier ``between``,
  ``value`` = the low end, ``low``/``high`` = the ends);
- qualifiers before a number (``data/qualifiers.json``): ``at least 5`` (low = 5),
  ``more than``/``over`` (low = the number), ``up to``/``as many as`` (high = the number),
  ``about``/``nearly``/``some`` (bounds open);
- vague amounts (``data/numbers.json`` ``vague``): ``dozens``, ``hundreds``, ``several`` ...
  keep ``value`` None and set ``low`` by the documented rule there (ACLED codes "tens" as
  10, "dozens" as 12, "hundreds" as 100).

Whether a number is a casualty figure is decided in :mod:`casualties`; this module only
reads amounts (and flags years, which are rarely tolls).
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ._phrases import alternation

DATA = Path(__file__).with_name("data")

_ARABIC_DIGITS = {**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)}}


@dataclass
class Number:
    start: int  # span including the qualifier / "between"
    end: int
    num_start: int  # span of the amount itself
    value: int | None
    low: int | None
    high: int | None
    qualifier: str  # exact, at_least, more_than, about, up_to, between, vague
    text: str
    is_year: bool = False
    is_word: bool = False


@lru_cache(maxsize=1)
def _tables():
    nums = json.loads((DATA / "numbers.json").read_text(encoding="utf-8"))
    quals = json.loads((DATA / "qualifiers.json").read_text(encoding="utf-8"))["qualifiers"]
    return nums, quals


@lru_cache(maxsize=1)
def _patterns():
    nums, quals = _tables()
    words = list(nums["units"]) + list(nums["tens"]) + list(nums["scales"]) + list(nums["multipliers"])
    # alternations longest first, written as tries (see _phrases.alternation)
    word = alternation(words)
    wordnum = rf"(?:\b(?:a|an)\s+(?={word}\b))?\b{word}(?:(?:-|\s+and\s+|\s+){word})*\b"
    vague = alternation(nums["vague"]) + r"\b"
    digits = (
        r"(?<![\w.,/:])(?<![A-Za-z]-)(?:\d{1,3}(?:,\d{3})+(?![\d])|\d{1,3}(?:\.\d{3})+(?![\d.])"
        r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,]?\d)|\d+(?:\.\d+)?)"
        r"(?:\s*(?:hundred|thousand|million|m\b|k\b))?(?![\w/]|[.,:]\d)"
    )
    number = re.compile(rf"(?P<vague>\b{vague})|(?P<digits>{digits})|(?P<words>{wordnum})", re.I)
    qual = re.compile(
        r"\b(?:" + "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in sorted(quals, key=len, reverse=True)) + r")\s+$",
        re.I,
    )
    return number, qual


@lru_cache(maxsize=1)
def _fractions():
    fr = _tables()[0].get("fractions") or {}
    if not fr:
        return None, {}
    alt = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(fr, key=len, reverse=True))
    return re.compile(rf"\b({alt})\s+$", re.I), {" ".join(k.lower().split()): v for k, v in fr.items()}


_DIGIT = re.compile(r"\d")
_DATE_LIKE = re.compile(r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}[-/.](?:19|20)\d\d|\d{1,2}:\d\d(?::\d\d)?|(?<=\[)\d+(?=\]))(?![\d])")
_RANGE_SEP = re.compile(r"\s*(?:-|–|—|to|or)\s*$", re.I)
_BETWEEN = re.compile(r"\bbetween\s+$", re.I)
_AND = re.compile(r"^\s+and\s+$", re.I)
_WORD_TOKEN = re.compile(r"[a-z]+")


_DIGITS_SCALE = re.compile(r"([\d.,\s\u00a0\u202f]+?)\s*(hundred|thousand|million|m|k)?$")
_THOUSANDS = re.compile(r"\d{1,3}(?:([,. \u00a0\u202f])\d{3})(?:\1\d{3})*")
_NONDIGIT = re.compile(r"\D")
_YEAR = re.compile(r"(?:19|20)\d\d")


def parse_words(s: str) -> int | None:
    """Value of a number written in words ("twenty-five", "a dozen", "one hundred and two")."""
    nums, _ = _tables()
    total, current, seen = 0, 0, False
    for tok in _WORD_TOKEN.findall(s.lower()):
        if tok in ("a", "an"):
            current = max(current, 1)
            continue
        if tok == "and":
            continue
        if tok in nums["units"]:
            current += nums["units"][tok]
        elif tok in nums["tens"]:
            current += nums["tens"][tok]
        elif tok == "hundred":
            current = max(current, 1) * 100
        elif tok in nums["scales"]:
            total += max(current, 1) * nums["scales"][tok]
            current = 0
        elif tok in nums["multipliers"]:
            current = max(current, 1) * nums["multipliers"][tok]
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_digits(s: str) -> int | None:
    s = s.strip().lower()
    m = _DIGITS_SCALE.match(s)
    if not m:
        return None
    num, scale = m.group(1).strip(), m.group(2)
    if _THOUSANDS.fullmatch(num) and not (scale and "." in num):
        val = float(_NONDIGIT.sub("", num))
    else:
        try:
            val = float(num.replace(",", ""))
        except ValueError:
            return None
    mult = {"hundred": 100, "thousand": 1000, "k": 1000, "million": 1_000_000, "m": 1_000_000}.get(scale or "", 1)
    return int(round(val * mult))


def normalise_digits(text: str) -> str:
    """The text with Arabic-Indic digits replaced by ASCII digits (same length)."""
    return text if text.isascii() else text.translate(_ARABIC_DIGITS)


@lru_cache(maxsize=1)
def _first_words() -> frozenset:
    nums, _ = _tables()
    w = set(nums["units"]) | set(nums["tens"]) | set(nums["scales"]) | set(nums["multipliers"]) | {"a", "an"}
    w |= {v.split()[0] for v in nums["vague"]}
    return frozenset(w)


@lru_cache(maxsize=1)
def number_word_keys() -> frozenset:
    """The (lower-case) words and "a"/"an" + word phrases a written number can start with; a hit
    of one in lower-case text is a number start when :func:`number_word_at` accepts it."""
    nums, _ = _tables()
    keys = set(_first_words()) - {"a", "an"}
    for w in list(nums["units"]) + list(nums["scales"]) + list(nums["multipliers"]):
        keys.update({"a " + w, "an " + w})
    keys.update(v for v in nums["vague"] if v.startswith(("a ", "an ")))
    return frozenset(keys)


@lru_cache(maxsize=1)
def number_lead_words() -> frozenset:
    """The (lower-case) first words of a number mention with its qualifier: number words, vague
    amounts, "a"/"an" and the qualifiers ("at least 12", "nearly 30"). A span that starts with
    none of them and no digit holds no number at its start (a cheap test before
    :func:`find_numbers`)."""
    _, quals = _tables()
    return _first_words() | {q.split()[0] for q in quals}


def number_word_at(low: str, b: int, e: int) -> bool:
    """Is the key hit ``low[b:e + 1]`` a whole word (no letter or digit before, no letter after)?"""
    return (b == 0 or not low[b - 1].isalnum()) and (e + 1 >= len(low) or not low[e + 1].isalpha())


@lru_cache(maxsize=1)
def _word_automaton():
    """Aho-Corasick automaton of the words a written number can start with."""
    import ahocorasick

    A = ahocorasick.Automaton()
    for k in number_word_keys():
        A.add_word(k, len(k))
    A.make_automaton()
    return A


_DIGITS_RUN = re.compile(r"\d+")


def number_starts(norm: str, start: int = 0, end: int | None = None, *, word_starts: list[int] | None = None,
                  digit_starts: list[int] | None = None) -> list[int]:
    """Sorted offsets where a number can start in ``norm[start:end]``: digit runs and number
    words (one Aho-Corasick pass; much faster than trying the full alternation at every
    position). Computed once per document, it serves every sentence (``find_numbers(starts=)``).
    A caller that has already found the number words (hits of :func:`number_word_keys` that
    :func:`number_word_at` accepts) or the digit-run starts of the span passes them in."""
    end = len(norm) if end is None else end
    starts = list(digit_starts) if digit_starts is not None else [m.start() for m in _DIGITS_RUN.finditer(norm, start, end)]
    if word_starts is not None:
        starts += word_starts
        starts.sort()
        return starts
    low = norm[start:end].lower()
    if len(low) != end - start:  # lower-casing changed lengths: keep offsets exact
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in norm[start:end])
    for e, n in _word_automaton().iter(low):
        b = e - n + 1
        if number_word_at(low, b, e):
            starts.append(start + b)
    starts.sort()
    return starts


def _candidates(norm: str, start: int = 0, end: int | None = None, doc_starts: list[int] | None = None):
    """Matches of the number pattern, tried only where a digit run or a number word starts."""
    end = len(norm) if end is None else end
    if doc_starts is not None:
        starts = doc_starts[bisect_left(doc_starts, start):bisect_left(doc_starts, end)]
    else:
        starts = number_starts(norm, start, end)
    return _matches_at(norm, starts)


def _matches_at(norm: str, starts: list[int]) -> list:
    """Matches of the number pattern at ``starts`` (sorted), none overlapping the one before."""
    number = _patterns()[0]
    out = []
    pos = 0
    for st in starts:
        if st < pos:
            continue
        m = number.match(norm, st)
        if m and m.end() > st:
            pos = m.end()
            out.append(m)
    return out


@lru_cache(maxsize=1)
def _qual_last_words() -> tuple:
    """The last words of the qualifiers (lower case): text before a number that ends with none
    of them (and whitespace) cannot hold a qualifier."""
    return tuple(sorted({q.lower().split()[-1] for q in _tables()[1]}))


def _digit_runs(norm: str, lo: int, hi: int, starts: list[int] | None) -> list[int]:
    """Starts of the matches of ``_DIGITS_RUN.finditer(norm, lo, hi)`` (a run cut by ``lo``
    starts there), read off the document's number starts when given."""
    if starts is None:
        return [r.start() for r in _DIGITS_RUN.finditer(norm, lo, hi)]
    runs = [p for p in starts[bisect_left(starts, lo):bisect_left(starts, hi)] if not norm[p].isalpha()]
    if 0 < lo < hi and norm[lo].isdecimal() and norm[lo - 1].isdecimal():
        runs.insert(0, lo)
    return runs


_AND_POSSIBLY = re.compile(r"(,)?\s*(?:and|or|but)?\s*(?:possibly|perhaps|maybe|probably|reportedly)?\s*", re.I)
_SCALE_WORDS = frozenset(["dozen", "hundred", "thousand", "million", "score"])
_PAREN_DIGITS = re.compile(r"\s*\(\s*(\d[\d,]*)\)")
# "both X and Y": the correlative conjunction (X and Y are counted on their own), not the
# number "both" (= 2) of "both were killed"; a verb before the "and" ends the phrase
_BOTH_AND = re.compile(r"(?:\s+(?!(?:were|was|are|is|had|have|has|died|of)\b)[\w'’\-]+){1,5}?\s*,?\s+and\b", re.I)


def find_numbers(text: str, start: int = 0, end: int | None = None, *, norm: str | None = None,
                 starts: list[int] | None = None) -> list[Number]:
    """Every number mention in ``text`` (see the module docstring); with ``start``/``end``,
    only those that start inside that span (offsets still index ``text``). ``starts``: the
    document's :func:`number_starts` over all of ``norm`` (optional, saves rescanning per
    sentence)."""
    number, qual = _patterns()
    nums_tab, quals = _tables()
    if norm is None:
        norm = normalise_digits(text)
    if starts is not None:  # no number can start in the span: nothing to read
        k = bisect_left(starts, start)
        if k >= len(starts) or starts[k] >= (len(norm) if end is None else end):
            return []
    raw: list[Number] = []
    lo, hi = max(0, start - 12), len(norm) if end is None else min(len(norm), end + 12)
    blocked = []
    last = lo
    for p in _digit_runs(norm, lo, hi, starts):  # dates and times start where a digit run starts
        if p < last:
            continue
        m = _DATE_LIKE.match(norm, p, hi)
        if m:
            last = m.end()
            if not (p > 0 and norm[p - 1] in "0123456789."):
                blocked.append(m.span())
    for m in _candidates(norm, start, end, starts):
        s, e = m.span()
        if blocked and any(a <= s < b for a, b in blocked):
            continue
        if m.group("vague"):
            key = " ".join(m.group().lower().split())
            low = nums_tab["vague"].get(key)
            raw.append(Number(s, e, s, None, low, None, "vague", text[s:e], is_word=True))
            continue
        if m.group("digits"):
            g = m.group()
            if g.isdigit() and g.isascii():  # plain ASCII digits: what parse_digits and _YEAR give
                v = int(round(float(g)))
                is_year = len(g) == 4 and g[:2] in ("19", "20")
            else:
                v = parse_digits(g)
                if v is None:
                    continue
                is_year = bool(_YEAR.fullmatch(g))
            raw.append(Number(s, e, s, v, None, None, "exact", text[s:e], is_year=is_year))
        else:
            v = parse_words(m.group())
            if v is None:
                continue
            if m.group()[:1] in "bB" and m.group().lower() == "both" and (
                    _BOTH_AND.match(norm, e) or norm[max(0, s - 2):s].rstrip()[-1:] in (",", "(")):
                # "both the driver and a passenger": a conjunction; "two soldiers, both from Kano":
                # an aside about people counted before; neither is a count of two
                continue
            raw.append(Number(s, e, s, v, None, None, "exact", text[s:e], is_word=True))
    # "several hundred", "a few dozen": a vague amount of a scale word is vague, its low bound
    # the scale times the amount's ("several" 3 x "hundred" 100 = 300)
    def vague_scale(n: Number, d: Number) -> Number | None:
        if (n.qualifier == "vague" and d.is_word and d.value is not None and norm[n.end:d.start].isspace()
                and norm[d.start:d.end].lower() in _SCALE_WORDS):
            low = n.low * d.value if n.low is not None else None
            return Number(n.start, d.end, n.num_start, None, low, None, "vague", text[n.start:d.end], is_word=True)
        return None

    # "Ten (10) persons": the figure in words and in digits is one number
    def words_digits(n: Number, d: Number) -> Number | None:
        if n.is_word and n.value is not None and d.value == n.value and norm[n.end:d.start].strip() == "(":
            mp = _PAREN_DIGITS.match(norm, n.end)
            if mp is not None and mp.start(1) == d.start and mp.end() == d.end + 1:
                n.end = mp.end()
                n.text = text[n.start:n.end]
                return n
        return None

    _merge_adjacent(raw, vague_scale)
    _merge_adjacent(raw, words_digits)
    # merge ranges: "10-15", "10 to 15", "between 10 and 15"
    out: list[Number] = []
    i = 0
    while i < len(raw):
        n = raw[i]
        if i + 1 < len(raw) and n.value is not None and raw[i + 1].value is not None:
            nxt = raw[i + 1]
            gap = norm[n.end:nxt.start]
            before = norm[max(0, n.start - 12):n.start]
            lo, hi = n.value, nxt.value
            if (_AND.match(gap) and _BETWEEN.search(before)) or (_RANGE_SEP.match(gap) and len(gap) <= 5 and lo < hi):
                if lo < hi and not (n.is_year and nxt.is_year):
                    bm = _BETWEEN.search(before)
                    start = n.start - (len(before) - bm.start()) if bm else n.start
                    out.append(Number(start, nxt.end, n.start, lo, lo, hi, "between", text[start:nxt.end]))
                    i += 2
                    continue
        out.append(n)
        i += 1
    # fractions of an "a/an + word" amount: "half a dozen" (6), "a quarter of a million"
    frac_rx, fracs = _fractions()
    if fracs:
        for n in out:
            if n.is_word and n.value is not None and n.qualifier == "exact" and n.text[:2].lower() in ("a ", "an"):
                fm = frac_rx.search(norm, max(0, n.start - 16), n.start)
                if fm:
                    n.value = int(n.value * fracs[" ".join(fm.group(1).lower().split())])
                    n.start = n.num_start = fm.start()
                    n.text = text[n.start:n.end]
    # qualifiers before the amount
    last_words = _qual_last_words()
    for n in out:
        if n.qualifier != "exact":
            continue
        before = norm[max(0, n.start - 25):n.start]
        if before.isascii():  # cheap necessary test: whitespace after a qualifier's last word
            b = before.rstrip()
            if len(b) == len(before) or not b.lower().endswith(last_words):
                continue
        qm = qual.search(before)
        if qm:
            q = quals[" ".join(qm.group().lower().split())]
            n.start -= len(before) - qm.start()
            n.text = text[n.start:n.end]
            n.qualifier = q
            if q in ("at_least", "more_than"):
                n.low = n.value
            elif q == "up_to":
                n.high = n.value
    # "at least 20, and possibly as many as 30, people": one range, low 20 and high 30 (the
    # asides' commas belong to it); the "many" of "as many as" is no amount of its own
    if len(out) > 1:
        out = [n for n in out if not (n.qualifier == "vague" and any(o is not n and o.start <= n.start and n.end <= o.end for o in out))]
    def low_to_high(n: Number, d: Number) -> Number | None:
        if n.qualifier in ("at_least", "more_than") and d.qualifier == "up_to" and n.value is not None and d.value is not None \
                and n.value < d.value:
            mg = _AND_POSSIBLY.fullmatch(norm, n.end, d.start)
            if mg is not None:
                end = d.end + 1 if mg.group(1) and norm[d.end:d.end + 1] == "," else d.end
                return Number(n.start, end, n.num_start, n.value, n.value, d.value, "between", text[n.start:end])
        return None

    _merge_adjacent(out, low_to_high)
    return out


def _merge_adjacent(items: list[Number], merge) -> None:
    """Replace each neighbouring pair (a, b) for which ``merge(a, b)`` gives a number by that
    number, in place, left to right (a merged number is not tried again with the next one)."""
    i = 0
    while i + 1 < len(items):
        m = merge(items[i], items[i + 1])
        if m is not None:
            items[i] = m
            items.pop(i + 1)
        i += 1
