"""Date mentions and the event's dates, fast and without guessing.

``find_dates(text, published)`` finds explicit dates in the common English formats and
relative ones ("on Thursday", "early Saturday", "yesterday", "last week", "the previous
day", "two days ago") and resolves them to ISO dates.  Relative dates need ``published``
(the report's date); without it they stay unresolved (``date`` None) rather than guessed.

``event_dates(text, dates, claims, published)`` picks the event's ``date_start``,
``date_end`` and UCDP ``date_prec`` from those mentions (rules below and in
``docs/dates-events-actors.md``).

``guess_published(text)`` reads a publication header ("Published July 5 2016",
"Date of publication 16 October 2017", "27.05.2017" as the first token).

Precision codes (UCDP GED codebook, ``date_prec``):
  1 the exact day is known; 2 the date is known within a 2-6 day range; 3 only the week
  is known (a 7-day range); 4 the date is known within an 8-30 day range or only the
  month; 5 within a 31-365 day range or only the year.

Numeric dates: ``2025-03-06`` and ``2025/03/06`` are year-month-day; ``06.03.2025`` and
``06-03-2025`` are day-first (European). An ambiguous slash date ``03/06/2025`` is settled,
in this order, by: an impossible reading (a part above 12); another slash date in the same
document whose order is unambiguous; ``published`` (a date after the report cannot be the
event); otherwise it is read day-first (most of the world's press, the Syrian monitors)
except for a leading date label ``03/06/2025: ...`` at the very start of a text, which is
read month-first (the US / GTD summary convention).

Everything is driven by one precompiled regular expression built at import from
``data/dates.json``; no per-document calls into dateparser.
"""
from __future__ import annotations

import bisect
import calendar
import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterable

from observatory.extract._phrases import PhraseMatcher, WordFinder, alternation, normalise
from observatory.model import Claim, DateMention

_DATA = json.loads((Path(__file__).parent / "data" / "dates.json").read_text(encoding="utf-8"))


def _clean(d: dict) -> dict:
    return {k: v for k, v in d.items() if not k.startswith("_")}


MONTHS: dict[str, int] = _clean(_DATA["months"])
WEEKDAYS: dict[str, int] = _clean(_DATA["weekdays"])
WEEKDAY_ABBR: dict[str, int] = _clean(_DATA["weekday_abbreviations"])
NUMBER_WORDS: dict[str, int] = _clean(_DATA["number_words"])
RELATIVE: dict[str, dict[str, Any]] = _clean(_DATA["relative"])
AGO_UNITS: dict[str, dict[str, int]] = _clean(_DATA["ago_units"])
_VAGUE_NUMBERS = {"a few", "a couple of", "several"}


def _alt(words: Iterable[str], *, caps: bool = False) -> str:
    """Alternation, longest first; with caps, Capitalised and UPPER forms only."""
    out = []
    for w in sorted(set(words), key=len, reverse=True):
        if caps:
            out += [re.escape(w[:1].upper() + w[1:]), re.escape(w.upper())]
        else:
            out.append(re.escape(w).replace("\\ ", " ").replace(" ", r"\s+"))
    return "|".join(out)


_YEAR = r"(?:19|20)\d\d"
_ORD = r"(?:st|nd|rd|th)?"


# Phase 1: three fast scans for anchors (month/weekday names in the text as written;
# numeric dates and years; relative-time words in the lower-cased text).  Each regex
# starts with literals or a character class so the engine skips most positions; word
# boundaries and the words around an anchor are checked afterwards (phase 2).
# month and weekday names (Capitalised or UPPER) as one trie: a single alternation whose
# branches open with literals keeps the engine's first-character scan; the same matches as
# the flat alternation of months then weekdays, longest first (longest name at each position;
# no month form is a prefix of a weekday)
_NAME_RX = re.compile(alternation({f for w in list(MONTHS) + list(WEEKDAYS) for f in (w[:1].upper() + w[1:], w.upper())},
                                  lower=False))
assert not any(a.startswith(b) or b.startswith(a) for a in MONTHS for b in WEEKDAYS), "see _NAME_RX"
_NUMDATE_RX = re.compile(r"([./-])\d{1,2}[./-]\d{2,4}")  # extended back over the first part in code
_YEAR_RX = re.compile(r"(?:19|20)\d\d")
_REL_WORDS = ("day", "week", "month", "year", "night", "ago", "morning", "afternoon", "evening")
_REL_FINDER = WordFinder({w: w for w in _REL_WORDS})
_REL_BY_WORD: dict[str, list[tuple[str, int]]] = {}
for _ph in sorted(RELATIVE, key=len, reverse=True):
    _hits = [(_ph.find(w), w) for w in _REL_WORDS if w in _ph]
    _off, _w = min(_hits)
    _REL_BY_WORD.setdefault(_w, []).append((_ph, _off))
_AGO_BACK_RX = re.compile(rf"(?<![\w])(?P<n>\d{{1,2}}|{_alt(NUMBER_WORDS)})\s+(?P<u>{_alt(AGO_UNITS)})\s+$")

_DASH_RX = r"\s*(?:-|–|—|to|and|until|till)\s*"
# Phase 2: small anchored patterns around a month name.
_MON_FWD_DAY_RX = re.compile(
    rf"\.?\s+(?:the\s+)?(?P<d1>[0-3]?\d){_ORD}(?:{_DASH_RX}(?P<d2>[0-3]?\d){_ORD})?(?![\d,.:%]\d|\d)"
    rf"(?!\s+(?:people|persons|civilians|killed|dead|were|have|of|percent|per)\b)"
    rf"(?:,?\s+(?P<y>{_YEAR})(?!\d))?"
)
_MON_FWD_YEAR_RX = re.compile(rf"\.?,?\s+(?:of\s+)?(?P<y>{_YEAR})(?!\d)")
_WD_FWD_RX = re.compile(r"(?:'s|’s)?(?:\s+(?P<wp>morning|afternoon|evening|night))?")

_SENT_RX = re.compile(r"[.!?\n][\"”’')\]]*\s+")


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def parse_published(published: str | None) -> date | None:
    """'YYYY-MM-DD' or an ISO datetime -> date (None when missing or malformed)."""
    if not published:
        return None
    try:
        return date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def _mk(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_num(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _infer_year(m: int, d: int, pub: date | None, ctx_year: int | None) -> date | None:
    """A day and month without a year: the latest such date not after the report
    (one day's grace), or in the year of the document's last explicit full date."""
    if pub is not None:
        for y in (pub.year + 1, pub.year, pub.year - 1):
            cand = _mk(y, m, d)
            if cand is not None and cand <= pub + timedelta(days=1):
                return cand
        return None
    if ctx_year is not None:
        return _mk(ctx_year, m, d)
    return None


def _month_range(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def _span_precision(start: date, end: date) -> int:
    days = (end - start).days + 1
    if days <= 1:
        return 1
    if days <= 6:
        return 2
    if days == 7:
        return 3
    if days <= 31:
        return 4
    return 5


def _slash_order(text: str) -> str | None:
    """'dmy' or 'mdy' if some slash date in the document settles the order."""
    for m in re.finditer(r"\b(\d{1,2})/(\d{1,2})/(?:\d{4}|\d\d)\b", text):
        a, b = int(m.group(1)), int(m.group(2))
        if a > 12 >= b:
            return "dmy"
        if b > 12 >= a:
            return "mdy"
    return None


def _numeric(a: int, b: int, y: int, sep: str, text: str, pub: date | None,
             order_cache: list, label: bool = False) -> date | None:
    if y < 100:
        y += 2000 if y < 70 else 1900
    dmy = _mk(y, b, a)
    mdy = _mk(y, a, b)
    if sep != "/":  # dotted and dashed numeric dates are day-first
        return dmy
    if dmy is None or mdy is None or dmy == mdy:
        return dmy or mdy
    if not order_cache:
        order_cache.append(_slash_order(text))
    order = order_cache[0]
    if order == "dmy":
        return dmy
    if order == "mdy":
        return mdy
    if pub is not None:
        ok = [d for d in (mdy, dmy) if d <= pub + timedelta(days=1)]
        if len(ok) == 1:
            return ok[0]
    return mdy if label else dmy


def _weekday(wd: int, qual: str | None, pub: date) -> date:
    back = (pub.weekday() - wd) % 7
    q = (qual or "").lower()
    if q == "next":
        return pub + timedelta(days=(wd - pub.weekday()) % 7 or 7)
    if q in ("last", "past") and back == 0:
        back = 7
    return pub - timedelta(days=back)


def _relative(rule: dict[str, Any], pub: date | None, prev: date | None) -> tuple[date | None, date | None, int]:
    prec = int(rule.get("precision", 1))
    if rule.get("anchor") == "previous":
        anchor = prev
        if anchor is None and rule.get("fallback"):
            anchor = pub
    else:
        anchor = pub
    if anchor is None:
        return None, None, prec
    unit = rule.get("unit")
    k = int(rule.get("offset", 0))
    if unit is None:
        start = anchor + timedelta(days=k)
        length = int(rule.get("length", 1))
        end = start + timedelta(days=length - 1) if length > 1 else None
        if end is not None and end > anchor:
            end = anchor
        return start, end, prec
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=k)
        start, end = monday, monday + timedelta(days=6)
    elif unit == "weekend":
        back = (anchor.weekday() - 5) % 7  # the most recent Saturday on or before
        start = anchor - timedelta(days=back)
        end = start + timedelta(days=1)
    elif unit == "month":
        y, m = _shift_month(anchor.year, anchor.month, k)
        start, end = _month_range(y, m)
    elif unit == "year":
        start, end = date(anchor.year + k, 1, 1), date(anchor.year + k, 12, 31)
    else:
        return None, None, prec
    if rule.get("to_published") and end > anchor:
        end = anchor
    return start, (end if end != start else None), prec


# Backward looks are done word by word (a "$"-anchored regex search would try every start
# position of the window, which is slow).
_WD_CAPS = {w for k in list(WEEKDAYS) + list(WEEKDAY_ABBR) for w in (k.capitalize(), k.upper())}
_WD_QUALS = {"last", "this", "next", "past", "early", "late", "overnight", "earlier", "later"}
_YEAR_QUALS = {"in", "during", "since", "throughout", "early", "late", "mid"}
_DAY_TOKEN_RX = re.compile(r"(?:(?P<r1>[0-3]?\d)(?:st|nd|rd|th)?(?:-|–|—))?(?P<d>[0-3]?\d)(?:st|nd|rd|th)?")
_DASH_WORDS = {"-", "–", "—", "to", "and", "until", "till"}


def _word_before(text: str, pos: int, punct: str = "") -> tuple[str, int]:
    """The word ending just before ``pos`` (after spaces and at most one of ``punct``):
    (word, start); ('', pos) when there is none."""
    k = pos
    while k > 0 and text[k - 1] == " ":
        k -= 1
    if punct and k > 0 and text[k - 1] in punct:
        k -= 1
    e = k
    while k > 0 and (text[k - 1].isalnum() or text[k - 1] in "'’"):
        k -= 1
    if k == e:
        return "", pos
    return text[k:e], k


def _weekday_prefix(text: str, start: int) -> int:
    """Start of "Thursday, " / "Sun " / "Monday the " right before an explicit date."""
    pos = start
    w, ws = _word_before(text, pos)
    if w == "the":
        pos = ws
    w, ws = _word_before(text, pos, ",.")
    return ws if w in _WD_CAPS else start


def _day_before_month(text: str, ms: int):
    """(start, d1, d2) of "6 ", "6th of ", "6-8 ", "6 and 8 " right before a month name."""
    w, ws = _word_before(text, ms)
    if w == "of":
        w, ws = _word_before(text, ws)
    if not w or not w[0].isdigit():
        # "6-8 March": the word scan stops at the dash
        k = ms
        while k > 0 and text[k - 1] == " ":
            k -= 1
        j = k
        while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "-–—"):
            j -= 1
        tok = text[j:k]
        if not tok or not tok[0].isdigit():
            return None
        w, ws = tok, j
    m = _DAY_TOKEN_RX.fullmatch(w)
    if m is None:
        # "6-8" split by the word scan: text[ws-?] may hold "6-"
        k = ws
        j = k
        while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "-–—"):
            j -= 1
        m = _DAY_TOKEN_RX.fullmatch(text[j:text.find(" ", ws) if " " in text[ws:ms] else ms].strip())
        if m is None:
            return None
        ws = j
    if ws > 0 and text[ws - 1] in ",.":
        return None  # "1,6 March" / "3.6 March": not a day
    d2 = int(m.group("d"))
    d1 = int(m.group("r1")) if m.group("r1") else None
    if d1 is None:  # "6 to 8 March", "6 and 8 March", "6 - 8 March"
        dw, dws = _word_before(text, ws)
        if not dw:
            k = ws
            while k > 0 and text[k - 1] == " ":
                k -= 1
            if k > 0 and text[k - 1] in "-–—":
                dw, dws = "-", k - 1
        if dw in _DASH_WORDS:
            pw, pws = _word_before(text, dws)
            pm = _DAY_TOKEN_RX.fullmatch(pw) if pw else None
            if pm is not None and not pm.group("r1"):
                return pws, int(pm.group("d")), d2
    return ws, d1, d2


def _ago(n_word: str, unit: str, pub: date | None) -> tuple[date | None, int]:
    n = int(n_word) if n_word.isdigit() else NUMBER_WORDS.get(" ".join(n_word.lower().split()))
    u = AGO_UNITS[unit.lower()]
    prec = u["precision"] if n_word.lower() not in _VAGUE_NUMBERS else max(2, u["precision"])
    if pub is None or n is None:
        return None, prec
    return pub - timedelta(days=n * u["days"]), prec


def _explicit_month(text: str, m: re.Match, pub: date | None, ctx_year: int | None):
    """(start, end, date, date_end, precision, has_year) for a month-name anchor, or None."""
    ms, me = m.span()
    mo = _month_num(m.group())
    bm = _day_before_month(text, ms)
    if bm is not None:  # "6 March", "6-8 March", "Thursday, 6th of March"
        start = _weekday_prefix(text, bm[0])
        fy = _MON_FWD_YEAR_RX.match(text, me)
        end = fy.end() if fy else me
        yr = int(fy.group("y")) if fy else None
        return _resolve_days(start, end, mo, bm[1], bm[2], yr, pub, ctx_year)
    fd = _MON_FWD_DAY_RX.match(text, me)
    if fd is not None:  # "March 6", "March 6-8, 2025"
        start = _weekday_prefix(text, ms)
        yr = int(fd.group("y")) if fd.group("y") else None
        d1 = int(fd.group("d1"))
        if fd.group("d2"):
            return _resolve_days(start, fd.end(), mo, d1, int(fd.group("d2")), yr, pub, ctx_year)
        return _resolve_days(start, fd.end(), mo, None, d1, yr, pub, ctx_year)
    fy = _MON_FWD_YEAR_RX.match(text, me)
    if fy is not None:  # "March 2025", "mid-March 2025"
        y = int(fy.group("y"))
        start, q = ms, ""
        w, ws = _word_before(text, ms - 1 if ms and text[ms - 1] == "-" else ms)
        lw = w.lower()
        if lw in ("early", "mid", "late"):
            start, q = ws, lw
        elif lw == "of":
            w2, ws2 = _word_before(text, ws)
            if w2.lower() in ("end", "beginning"):
                w3, ws3 = _word_before(text, ws2)
                start, q = (ws3 if w3.lower() == "the" else ws2), w2.lower()
        s_d, e_d = _month_range(y, mo)
        if q == "early" or "beginning" in q:
            e_d = date(y, mo, 10)
        elif q == "mid":
            s_d, e_d = date(y, mo, 11), date(y, mo, 20)
        elif q == "late" or "end" in q:
            s_d = date(y, mo, 21)
        return start, fy.end(), s_d, e_d, 4, True
    return None


def _resolve_days(start, end, mo, d1, d2, yr, pub, ctx_year):
    if not 1 <= d2 <= 31 or (d1 is not None and not 1 <= d1 < d2):
        return None
    if yr is not None:
        e_d = _mk(yr, mo, d2)
        if e_d is None:
            return None
    else:
        e_d = _infer_year(mo, d2, pub, ctx_year)
    if d1 is None:
        return start, end, e_d, None, 1, yr is not None
    s_d = _mk(e_d.year, mo, d1) if e_d else None
    if s_d is None:
        return start, end, None, None, 2, yr is not None
    return start, end, s_d, e_d, _span_precision(s_d, e_d), yr is not None


def _anchors(text: str, low: str) -> list[tuple[int, int, str, Any]]:
    """(start, end, kind, data) of every date anchor, in text order."""
    out: list[tuple[int, int, str, Any]] = []
    n = len(text)
    for m in _NAME_RX.finditer(text):
        s, e = m.span()
        if (s and text[s - 1].isalnum()) or (e < n and text[e].isalnum()):
            continue
        out.append((s, e, "wd" if m.group().lower() in WEEKDAYS else "mon", m))
    for m in _NUMDATE_RX.finditer(text):
        s, e = m.span()
        k = s
        while k > 0 and s - k < 4 and text[k - 1].isdigit():
            k -= 1
        if k == s:
            continue
        s = k
        sep = m.group(1)
        body = text[s:e]
        if body.count(sep) != 2 or (s and (text[s - 1].isalnum() or text[s - 1] in ".,/-")):
            continue
        if e < n and (text[e].isalnum() or (text[e] in "./-" and e + 1 < n and text[e + 1].isdigit())):
            continue
        out.append((s, e, "num", sep))
    for m in _YEAR_RX.finditer(text):
        s, e = m.span()
        if (s and (text[s - 1].isalnum() or text[s - 1] in "./,")) or (e < n and (text[e].isalnum())):
            continue
        if s and text[s - 1] == "-" and low[max(0, s - 4):s - 1] != "mid":
            continue
        if e < n and text[e] in "-–/" and re.match(r"[-–/]\s*\d", text[e:e + 3]):
            continue
        w, ws = _word_before(low, s - 1 if s and low[s - 1] == "-" else s)
        if w not in _YEAR_QUALS:
            continue
        out.append((ws, e, "yr", int(m.group())))
    for end_idx, w in _REL_FINDER.iter(low):
        e = end_idx + 1
        s = e - len(w)
        if w == "ago":
            if e < n and low[e].isalnum():
                continue
            am = _AGO_BACK_RX.search(low, max(0, s - 25), s)
            if am is not None:
                out.append((am.start(), e, "ago", (am.group("n"), am.group("u"))))
            continue
        for ph, off in _REL_BY_WORD.get(w, ()):
            ps = s - off
            pe = ps + len(ph)
            if ps < 0 or not low.startswith(ph, ps):
                continue
            if (ps and low[ps - 1].isalnum()) or (pe < n and low[pe].isalnum()):
                continue
            out.append((ps, pe, "rel", ph))
            break
    out.sort(key=lambda t: (t[0], -t[1]))
    return out


def find_dates(text: str, published: str | None = None) -> list[DateMention]:
    """All date mentions in ``text``, in text order, resolved where possible."""
    if not text:
        return []
    pub = parse_published(published)
    low = normalise(text)
    out: list[DateMention] = []
    prev: date | None = None  # last resolved day-precise date (anchor of "the previous day")
    ctx_year: int | None = None  # year of the last explicit full date (for "6 March")
    order_cache: list = []
    last_end = 0
    for start, end, kind, data in _anchors(text, low):
        if start < last_end:
            continue
        start_d: date | None = None
        end_d: date | None = None
        prec: int | None = 1
        full = False
        if kind == "num":
            parts = re.split(r"[./-]", text[start:end])
            if len(parts) != 3:
                continue
            a, b, c = parts
            if len(a) == 4:
                if len(c) > 2:
                    continue
                start_d = _mk(int(a), int(b), int(c))
            elif len(c) in (2, 4) and len(a) <= 2:
                # a leading "MM/DD/YYYY:" label (GTD style) is month-first; elsewhere day-first
                label = not text[:start].strip() and text[end:end + 2].lstrip().startswith(":")
                ia, ib, ic = int(a), int(b), int(c)
                if ic < 100:
                    ic += 2000 if ic < 70 else 1900
                if data == "/" and (ia == 0) != (ib == 0) and 1 <= max(ia, ib) <= 12:
                    # day 00 = day unknown (GTD codes "06/00/2014"): the month
                    start_d, end_d = _month_range(ic, max(ia, ib))
                    prec = 4
                else:
                    start_d = _numeric(ia, ib, ic, data, text, pub, order_cache, label)
            if start_d is None:
                continue
            start = _weekday_prefix(text, start)
            full = True
        elif kind == "mon":
            r = _explicit_month(text, data, pub, ctx_year)
            if r is None:
                continue
            start, end, start_d, end_d, prec, full = r
        elif kind == "wd":
            wd = WEEKDAYS[data.group().lower()]
            qual = None
            w, ws = _word_before(low, start)
            if w == "on":
                w, ws = _word_before(low, ws)
            if w in _WD_QUALS:
                qual, start = w, ws
            end = _WD_FWD_RX.match(text, end).end()
            start_d = _weekday(wd, qual, pub) if pub else None
        elif kind == "ago":
            start_d, prec = _ago(data[0], data[1], pub)
        elif kind == "rel":
            start_d, end_d, prec = _relative(RELATIVE[data], pub, prev)
        elif kind == "yr":
            start_d, end_d, prec = date(data, 1, 1), date(data, 12, 31), 5
        else:  # pragma: no cover
            continue
        if end_d is not None and start_d is not None and end_d <= start_d:
            end_d = None
        # an explicit date that swallowed a preceding weekday replaces its mention
        while out and out[-1].end > start:
            out.pop()
        out.append(DateMention(mention=text[start:end], start=start, end=end, date=_iso(start_d),
                               precision=prec, date_end=_iso(end_d)))
        last_end = end
        if start_d is not None and prec == 1 and end_d is None:
            prev = start_d
        if full and start_d is not None:
            ctx_year = start_d.year
    return out


# --------------------------------------------------------------------------- published

_PUB_KW = _alt(_DATA["publication_keywords"])
_PUB_RX = re.compile(rf"(?:{_PUB_KW})(?!\w)\s*(?:on|at)?\s*[:\-–]?\s*")  # on lower-cased text
_HEAD_CHARS = 300


def _header_date(text: str) -> tuple[DateMention | None, bool]:
    """The publication header: (mention, keyword_led).

    keyword-led: a full date right after 'Published', 'Date of publication', 'Updated' …
    in the first 300 characters.  Bare: a full day-precise date that is the very first
    token of the text and is not followed by ':' or a dash (those label the event,
    'GTD style': '01/05/2016: Assailants attacked ...')."""
    head = text[:_HEAD_CHARS]
    for km in _PUB_RX.finditer(head.lower()):
        for dm in find_dates(text[km.end():km.end() + 60]):
            if dm.start == 0 and dm.date and dm.precision == 1 and dm.date_end is None:
                off = km.end()
                return DateMention(dm.mention, dm.start + off, dm.end + off, dm.date, 1), True
            break
    lead = len(head) - len(head.lstrip(" \t\r\n\ufeff\"'“"))
    dms = find_dates(head[lead:lead + 60])
    if dms and dms[0].start == 0 and dms[0].date and dms[0].precision == 1 and dms[0].date_end is None:
        rest = head[lead + dms[0].end:lead + dms[0].end + 3].lstrip()
        if not rest.startswith((":", "-", "–", "—")):
            dm = dms[0]
            return DateMention(dm.mention, dm.start + lead, dm.end + lead, dm.date, 1), False
    return None, False


_PUB_END_RX = re.compile(rf"(?:{_PUB_KW})(?!\w)\s*(?:on|at)?\s*[:\-–]?\s*$")


def _header_from(text: str, dates: list[DateMention]) -> tuple[DateMention | None, bool]:
    """Same as ``_header_date`` but from the document's already-found date mentions."""
    dm = dates[0]
    if dm.start >= _HEAD_CHARS or dm.precision != 1 or dm.date_end is not None or not dm.date:
        return None, False
    prefix = text[:dm.start]
    if not prefix.strip(" \t\r\n\ufeff\"'“"):
        rest = text[dm.end:dm.end + 3].lstrip()
        if rest.startswith((":", "-", "–", "—")):
            return None, False
        return dm, False
    if _PUB_END_RX.search(prefix[-40:].lower()):
        return dm, True
    return None, False


_YEARISH_RX = re.compile(r"\d(?:\d{3}|[-/.]\d{1,2}[-/.]\d\d)")  # \d{4} or 27.05.17; one leading \d: fast scan


def guess_published(text: str) -> str | None:
    """The publication date a header states ("Published July 5 2016", "27.05.2017"
    as the first token, a dateline after the headline: "... AFP Tuesday 23 Sep 2014 ..."),
    as YYYY-MM-DD; None when the text has no such header."""
    if not text:
        return None
    # a day-precise date needs a year (no anchor to take it from): skip texts with none up front
    if not _YEARISH_RX.search(text, 0, max(_HEAD_CHARS, _DATELINE_CHARS + 40)):
        return None
    dm, _ = _header_date(text)
    if dm is not None:
        return dm.date
    for dm in find_dates(text[:_DATELINE_CHARS + 40]):
        if dm.start >= _DATELINE_CHARS:
            break
        if _is_dateline(text, dm):
            return dm.date
    return None


def _is_dateline(text: str, dm: DateMention) -> bool:
    """An explicit day in the first 200 characters that no preposition introduces and no
    colon follows: the dateline after a headline ("... Monitor AFP Tuesday 23 Sep 2014 ...")."""
    return (dm.start < _DATELINE_CHARS and dm.precision == 1 and dm.date_end is None and dm.date is not None
            and any(c.isdigit() for c in dm.mention)
            and not _PREP_RX.search(text, max(0, dm.start - 12), dm.start)
            and not text[dm.end:dm.end + 3].lstrip().startswith(":"))


# --------------------------------------------------------------------------- event dates

_EVENT_CUES = PhraseMatcher(((w + "*", 1) for w in _DATA["event_cues"]), shared=True)
_REPORTING = {w.lower() for w in _DATA["reporting_cues"]}
_BOUNDING = {tuple(w.lower().split()) for w in _DATA["bounding_cues"]}
_BOUNDING_BY_LAST: dict[str, list[tuple[str, ...]]] = {}
for _c in _BOUNDING:
    _BOUNDING_BY_LAST.setdefault(_c[-1], []).append(_c)


def _context_before(text: str, pos: int) -> tuple[bool, bool]:
    """(reporting, bounding): is the date at ``pos`` introduced by a reporting verb ("said
    on Monday") or a bounding word ("since 2011", "until the end of March")?"""
    words = text[max(0, pos - 40):pos].lower().split()[-6:]
    if not words or (pos and not text[pos - 1].isspace()):
        return False, False
    w = list(words)
    if w and w[-1] in ("on", "early", "late"):
        w.pop()
    reporting = bool(w) and w[-1] in _REPORTING
    b = list(words)
    if b and b[-1] == "on":
        b.pop()
    if len(b) >= 2 and b[-1] == "of" and b[-2] in ("start", "end", "beginning"):
        b = b[:-2]
    if b and b[-1] == "the":
        b.pop()
    bounding = any(len(x) >= len(c) and tuple(x[-len(c):]) == c for x in (b, words) if x for c in _BOUNDING_BY_LAST.get(x[-1], ()))
    return reporting, bounding


_sent_memo: tuple = (None, [0])  # (text, starts); one tuple, swapped atomically (thread-safe)


_DATELINE_CHARS = 200
_PREP_RX = re.compile(r"(?<![\w])(?:on|in|since|by|from|until|till|of|between|at|during|before|after|to|and|"
                      r"through|as|late|early|dated|as of)\s*$", re.IGNORECASE)


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences (or lines) begin; memoised for the last text (do not
    modify the returned list)."""
    global _sent_memo
    m = _sent_memo
    if m[0] is text:
        return m[1]
    starts = [0]
    starts += [x.end() for x in _SENT_RX.finditer(text)]
    _sent_memo = (text, starts)
    return starts


def _days(d: str) -> date:
    return date.fromisoformat(d)


def event_dates(text: str, dates: list[DateMention], claims: list[Claim] | None = None,
                published: str | None = None) -> tuple[str | None, str | None, int | None]:
    """(date_start, date_end, UCDP date_prec) of the event the report is about.

    Rules (in order):
      * candidates are resolved mentions of precision 1-4; a keyword-led publication
        header ("Published ...") is never the event date, a bare leading date is only
        used when nothing else is found; dates after ``published`` (+1 day) are dropped;
      * an explicit day in the first 200 characters that no preposition introduces is a
        dateline ("... AFP Tuesday 23 Sep 2014 US-led strikes ...") and is only a fallback;
      * score: -3 when it lies more than 30 days before ``published``; +3 if the sentence
        holds a casualty claim, +2 if it holds an event cue
        ("killed", "clashes", "ignited", "ceased", ...), +1 if such a cue is within 60
        characters; -2 right after a reporting verb ("said on Sunday"); -4 right after
        a bounding word ("since", "until", "before");
      * the best-scoring mention (earliest on ties) anchors the event; every other
        mention scoring at least max(2, best-1) within 7 days of it widens the range;
        coarser mentions that contain a finer one are dropped;
      * precision: a single mention keeps its own; a range gets the UCDP code of its
        length (1 day, 2-6 days 2, 7 days 3, 8-30 days 4, longer 5);
      * no candidate with a positive score: a single distinct date in the first sentence
        (or a bare leading date) is used when the text has no other date, otherwise
        (None, None, None). Nothing is ever guessed from ``published``.
    """
    if not dates:
        return None, None, None
    pub = parse_published(published)
    header, keyword_led = _header_from(text, dates)
    sstarts = sentence_starts(text)
    claim_sents: set[int] = set()
    for c in claims or []:
        ev = getattr(c, "evidence", None)
        if ev is not None and getattr(c, "scope", "incident") == "incident" and not getattr(c, "negated", False):
            claim_sents.add(bisect.bisect_right(sstarts, ev.start) - 1)
    cue_pos = sorted(_EVENT_CUES.starts(normalise(text)))
    cue_sents = {bisect.bisect_right(sstarts, p) - 1 for p in cue_pos}

    scored: list[tuple[float, int, DateMention]] = []
    fallback: list[DateMention] = []
    for dm in dates:
        if not dm.date or dm.precision is None or dm.precision > 4:
            continue
        d0 = _days(dm.date)
        if pub is not None and d0 > pub + timedelta(days=1):
            continue
        if header is not None and dm.start == header.start:
            if not keyword_led:
                fallback.append(dm)
            continue
        if _is_dateline(text, dm):
            fallback.append(dm)  # a dateline after the headline ("... AFP Tuesday 23 Sep 2014 US-led strikes")
            continue
        si = bisect.bisect_right(sstarts, dm.start) - 1
        score = 0.0
        if pub is not None and (pub - _days(dm.date_end or dm.date)).days > 30:
            score -= 3  # a report is about recent events; older dates are background
        if si in claim_sents:
            score += 3
        if si in cue_sents:
            score += 2
        lo_i = bisect.bisect_left(cue_pos, dm.start - 60)
        if lo_i < len(cue_pos) and cue_pos[lo_i] <= dm.end + 60:
            score += 1
        reporting, bounding = _context_before(text, dm.start)
        if reporting:
            score -= 2
        if bounding:
            score -= 4
        scored.append((score, dm.start, dm))

    pool = [t for t in scored if t[0] > 0]
    if not pool:
        # no date near the event words: only a date in the headline/first sentence (or a
        # bare leading date) may stand for the event, and only if it is the only one
        first_end = sstarts[1] if len(sstarts) > 1 else len(text)
        ok = [dm for sc, _, dm in scored if sc >= 0 and dm.start < first_end] or fallback
        others = {(dm.date, dm.date_end) for sc, _, dm in scored if sc >= 0} - {(d.date, d.date_end) for d in ok}
        if others:
            return None, None, None
        distinct = {(dm.date, dm.date_end) for dm in ok}
        if len(distinct) != 1:
            return None, None, None
        one = ok
        dm = one[0]
        return dm.date, dm.date_end or dm.date, dm.precision
    best = max(pool, key=lambda t: (t[0], -t[1]))
    anchor = _days(best[2].date)
    floor = max(2.0, best[0] - 1)
    chosen = [best[2]]
    for sc, _, dm in pool:
        if dm is best[2] or sc < floor:
            continue
        if abs((_days(dm.date) - anchor).days) <= 7:
            chosen.append(dm)

    def rng(dm: DateMention) -> tuple[date, date]:
        s = _days(dm.date)
        return s, _days(dm.date_end) if dm.date_end else s

    # drop coarse mentions that contain a finer one ("March 2025" around "6 March")
    kept = []
    for dm in chosen:
        s, e = rng(dm)
        if any(o is not dm and (o.precision or 9) < (dm.precision or 9) and s <= rng(o)[0] and rng(o)[1] <= e
               for o in chosen):
            continue
        kept.append(dm)
    start = min(rng(dm)[0] for dm in kept)
    end = max(rng(dm)[1] for dm in kept)
    if len(kept) == 1:
        prec = kept[0].precision
    else:
        prec = max(_span_precision(start, end), min(dm.precision or 1 for dm in kept))
    return start.isoformat(), end.isoformat(), prec


def date_for_span(text: str, dates: list[DateMention], start: int, end: int) -> DateMention | None:
    """The resolved date mention in the same sentence as text[start:end] (the nearest
    one), for dating a single claim; None when its sentence has none."""
    if not dates:
        return None
    sstarts = sentence_starts(text)
    si = bisect.bisect_right(sstarts, start) - 1
    best = None
    for dm in dates:
        if not dm.date or (dm.precision or 9) > 4:
            continue
        if bisect.bisect_right(sstarts, dm.start) - 1 != si:
            continue
        if any(_context_before(text, dm.start)):
            continue  # "said on Monday", "since 2011": not when it happened
        if _is_dateline(text, dm) and not (dm.start == 0 and text[dm.end:dm.end + 3].lstrip().startswith(":")):
            continue  # a dateline or header is when it was reported
        if _PUB_END_RX.search(text[max(0, dm.start - 40):dm.start].lower()):
            continue
        dist = abs(dm.start - start)
        if best is None or dist < best[0]:
            best = (dist, dm)
    return best[1] if best else None
