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
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Claim, Place
from .gazetteer import Gazetteer
from .normalize import ARTICLES, TOKEN_RE, exact_key, fold, loose_tok, tok_key

DATA = Path(__file__).parent / "data"

CONNECTORS = ARTICLES | frozenset(
    "de da do del della dos das di du la le les los las of y e en sur am im der den bin ibn wa bani beni upon".split()
)
FUNCTION = frozenset(
    """in the at on from near of and a an to by for with as after before during while since into
    north south east west central northern southern eastern western upper lower greater rural
    northeastern northwestern southeastern southwestern old new downtown city town village province
    governorate district state region countryside outskirts suburbs area camp neighbourhood
    neighborhood but or if when where while however meanwhile elsewhere also then""".split()
)
_ADMIN_FEATS = {"ADM1": 4, "ADM2": 3, "ADM3": 3, "ADMD": 3, "AREA": 2, "RGN": 5}


def _load_lines(path: Path) -> set[str]:
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            for w in line.split() if " " not in line.strip() or not line.strip().count(" ") < 1 else [line]:
                out.add(w)
    return out


def _phrase_re(phrases: list[str], before: bool) -> re.Pattern:
    alts = "|".join(sorted((re.escape(fold(p).strip()) for p in phrases), key=len, reverse=True))
    if before:
        return re.compile(r"(?:^|[^\w'])(?:" + alts + r")\s+(?:the\s+)?$")
    return re.compile(r"^(?:'s?)?\s+(?:" + alts + r")(?![\w])")


@dataclass
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
    cue_only: bool = False
    demonym: str | None = None
    chosen: int | None = None
    place: Place | None = None
    admin_hint: set = field(default_factory=set)  # (cc, a1) / cc from "X, Admin"


class Geocoder:
    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        cues = json.loads((DATA / "cues.json").read_text(encoding="utf-8"))
        self.re_before_strong = _phrase_re(cues["before_strong"], True)
        self.re_before_weak = _phrase_re(cues["before_weak"], True)
        self.re_after_strong = _phrase_re(cues["after_strong"], False)
        self.re_near_before = _phrase_re(cues["near_before"], True)
        self.re_near_after = _phrase_re(cues["near_after"], False)
        self.re_admin_after = _phrase_re(cues["admin_after"], False)
        self.re_district_after = _phrase_re(cues["district_after"], False)
        words = set()
        for line in (DATA / "common_words.txt").read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                words.update(exact_key(w) for w in line.split())
        self.common = frozenset(w for w in words if w)
        stems = [ln.strip() for ln in (DATA / "event_words.txt").read_text(encoding="utf-8").splitlines()
                 if ln.strip() and not ln.startswith("#")]
        self.re_event = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")", re.I)
        strong_nouns = "|".join(sorted({re.escape(w) for w in (
            "town village city district neighbourhood neighborhood suburb suburbs outskirts hamlet camp "
            "municipality commune countryside area province governorate region locality settlement vicinity").split()}))
        name = r"((?:(?:[Aa]l|[Ee]l|[Aa][dtsrzn]|[Aa]sh|[Ee][dtsrzn])[-‐ ’'])?[A-Z][\w'’]+(?:[- ](?:(?:al|el|ad|ed|ash|as|es|at|et|ar|er|az|ez|an|en)[- ])?[A-Z][\w'’]+){0,3})"
        self.re_cue_name = re.compile(
            r"\b(?:(?:" + strong_nouns + r") of (?:the )?|(?:near|outside|around) (?:the (?:town|village|city) of )?)" + name)
        self.re_name_cue = re.compile(
            name + r"(?:'s)? (?:province|governorate|district|countryside|village|town|camp|neighbou?rhood|suburbs?)\b")
        self.re_source_before = re.compile(r"\b(?:told|telling|said|says|speaking|spoke|reported|interviewed)\b[^.;\n]{0,40}\b(?:in|from)\s+$", re.I)
        self.re_source_after = re.compile(r"^(?:'s)?[-‐ ]based\b|^\s*\((?:AFP|Reuters|AP|dpa|Xinhua|IANS|PTI|UPI|Anadolu|SANA|SPA)\b", re.I)
        self.re_sentence = re.compile(r"[.!?]+[\"'”’)]*\s+|\n+")
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
        self._fuzzy_cache: dict[str, tuple[list[str], list[int]]] = {}
        self._last: tuple[str, dict] | None = None

    # ------------------------------------------------------------------ recognition
    def _recognise(self, text: str) -> tuple[list[_M], list[tuple[int, int]]]:
        gaz = self.gaz
        norm = fold(text)
        toks = [(m.start(), m.end(), tok_key(m.group())) for m in TOKEN_RE.finditer(norm)]
        nt = len(toks)
        caps = [text[s].isupper() or "\u0600" <= text[s] <= "\u06ff" for s, _, _ in toks]
        mentions: list[_M] = []
        token_owner = [-1] * nt
        maxn = gaz.maxn
        index_get, loose_get = gaz.index.get, gaz.loose.get
        demonyms = gaz.demonyms
        i = 0
        while i < nt:
            s, e, k = toks[i]
            if not caps[i] or k in ARTICLES or not k:
                i += 1
                continue
            # collect the run of tokens that may form a name
            parts = [k]
            ends = [i]
            j = i
            while len(parts) < maxn and j + 1 < nt:
                ns, ne, nk = toks[j + 1]
                gap = text[toks[j][1]:ns]
                if len(gap) > 2 or gap.strip(" -‐") != "":
                    break
                if not caps[j + 1] and nk not in CONNECTORS:
                    break
                j += 1
                if nk in CONNECTORS:
                    continue
                parts.append(nk)
                ends.append(j)
            best = None
            for n in range(len(parts), 0, -1):
                key = " ".join(parts[:n])
                c = index_get(key)
                if c:
                    best = (n, c, True, key)
                    break
            if best is None:
                dem = demonyms.get(parts[0])
                if dem:
                    m = _M(s, e, key=parts[0], demonym=dem)
                    mentions.append(m)
                    token_owner[i] = len(mentions) - 1
                    i += 1
                    continue
                for n in range(len(parts), 0, -1):
                    lk = " ".join(loose_tok(p) for p in parts[:n])
                    if len(lk) < 3:
                        continue
                    c = loose_get(lk)
                    if c:
                        best = (n, c, False, " ".join(parts[:n]))
                        break
            if best is None:
                i += 1
                continue
            n, c, exact, key = best
            last = ends[n - 1]
            start = s
            # a leading article belongs to the name: "al-Janoudiya", "Al Qusayr"
            if i > 0 and toks[i - 1][2] in ARTICLES:
                ps, pe, _ = toks[i - 1]
                if text[pe:s] in ("-", "‐", " ", "'", "’") and (text[ps].isupper() or text[pe:s] != " "):
                    start = ps
            m = _M(start, toks[last][1], cands=c, exact=exact, key=key)
            if key in demonyms and not any(gaz.feat[x] == "PCLI" for x in c):
                m.demonym = demonyms[key]
            mentions.append(m)
            for t in range(i, last + 1):
                token_owner[t] = len(mentions) - 1
            i = last + 1
        # context of each mention
        for idx, m in enumerate(mentions):
            if m.demonym and not m.cands:
                continue
            before = norm[max(0, m.start - 45):m.start]
            after = norm[m.end:m.end + 30]
            if self.re_before_strong.search(before):
                m.strong = True
                if self.re_near_before.search(before):
                    m.near = True
            elif self.re_before_weak.search(before):
                m.weak_cue = True
            if self.re_after_strong.match(after):
                m.strong = True
                if self.re_admin_after.match(after):
                    m.admin_after = True
                elif self.re_district_after.match(after):
                    m.district_after = True
                if self.re_near_after.match(after):
                    m.near = True
            m.common = m.key in self.common
            if m.start > 0 and text[m.start - 1] in "“\"‘«" and text[m.end:m.end + 1] in ("”", '"', "’", "»"):
                m.quoted = True
            mt = text[m.start:m.end]
            if len(mt) <= 4 and mt.isupper():
                m.abbrev = True
            if len(m.key) < 3 and not m.abbrev:
                m.common = True
        # name-like context: capitalised neighbours that are not places/function words
        tok_starts = [t[0] for t in toks]
        for idx, m in enumerate(mentions):
            if m.demonym:
                continue
            ti = bisect_right(tok_starts, m.start) - 1
            while ti + 1 < nt and toks[ti + 1][1] <= m.end:
                ti += 1
            first = bisect_right(tok_starts, m.start) - 1
            if first >= 0 and toks[first][2] in ARTICLES and first + 1 < nt and toks[first][0] < m.start + 1:
                pass
            namey = False
            p = first - 1
            if p >= 0 and caps[p] and text[toks[p][1]:toks[first][0]] == " " and self._name_neighbour(p, toks, token_owner, mentions):
                namey = True
            q = ti + 1
            if q < nt and caps[q] and text[toks[ti][1]:toks[q][0]] in (" ", "-") and self._name_neighbour(q, toks, token_owner, mentions):
                namey = True
            m.namey = namey
        return mentions, toks

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
            if om.exact and any(self.gaz.feat[i] == "PCLI" for i in om.cands):
                return False
        return True

    # ------------------------------------------------------------------ cue-only names
    def _cue_only(self, text: str, mentions: list[_M]) -> list[_M]:
        spans = [(m.start, m.end) for m in mentions]
        out = []
        for rx in (self.re_cue_name, self.re_name_cue):
            for mm in rx.finditer(text):
                s, e = mm.span(1)
                if any(a < e and s < b for a, b in spans):
                    continue
                key = exact_key(mm.group(1))
                if not key or key in self.common or key.split()[0] in FUNCTION:
                    continue
                m = _M(s, e, key=key, cue_only=True, strong=True, exact=False)
                after = fold(text[e:e + 30])
                before = fold(text[max(0, s - 45):s])
                m.near = bool(self.re_near_before.search(before) or self.re_near_after.match(after))
                m.admin_after = bool(self.re_admin_after.match(after))
                m.district_after = bool(self.re_district_after.match(after))
                spans.append((s, e))
                out.append(m)
        return out

    def _fuzzy(self, key: str, countries: list[str]) -> tuple[int, ...]:
        from rapidfuzz import fuzz, process

        best = None
        for cc in countries:
            ch = self._fuzzy_cache.get(cc)
            if ch is None:
                gaz = self.gaz
                keys, ids = [], []
                for i in range(gaz.n):
                    if gaz.cc[i] == cc:
                        keys.append(exact_key(gaz.name[i]))
                        ids.append(i)
                ch = self._fuzzy_cache[cc] = (keys, ids)
            r = process.extractOne(key, ch[0], scorer=fuzz.ratio, score_cutoff=90)
            if r and r[0][:1] == key[:1] and (best is None or r[1] > best[1]):
                best = (ch[1][r[2]], r[1])
        return (best[0],) if best else ()

    # ------------------------------------------------------------------ context
    def _context(self, mentions: list[_M], text: str) -> dict:
        gaz = self.gaz
        cw: dict[str, float] = defaultdict(float)
        adm: set[tuple[str, str]] = set()
        for m in mentions:
            if m.demonym:
                cw[m.demonym] += 2.0
                continue
            if not m.exact or m.common:
                continue
            ccs = {gaz.cc[i] for i in m.cands}
            feats = {gaz.feat[i] for i in m.cands}
            if "PCLI" in feats and not m.namey:
                for i in m.cands:
                    if gaz.feat[i] == "PCLI":
                        cw[gaz.cc[i]] += 3.0
                continue
            if m.namey and not m.strong:
                continue
            if len(ccs) == 1:
                cc = next(iter(ccs))
                big = max(gaz.pop[i] for i in m.cands)
                if "ADM1" in feats or big >= 100_000:
                    cw[cc] += 2.0
                elif big >= 5_000 or m.strong or m.weak_cue:
                    cw[cc] += 1.0
                else:
                    cw[cc] += 0.25
                for i in m.cands:
                    if gaz.feat[i] == "ADM1":
                        adm.add((cc, gaz.a1[i]))
            else:
                # ambiguous: a small vote for each country with an admin area or big city of that name
                for cc in ccs:
                    cw[cc] += 0.25
        for m in mentions:  # admin areas mentioned anywhere (any candidate country in context)
            if m.exact and not m.common and not m.demonym:
                for i in m.cands:
                    if gaz.feat[i] == "ADM1" and cw.get(gaz.cc[i], 0) >= 1:
                        adm.add((gaz.cc[i], gaz.a1[i]))
        top = max(cw.values()) if cw else 0.0
        return {"cw": dict(cw), "top": top, "adm": adm,
                "main": max(cw, key=cw.get) if cw else None}

    # ------------------------------------------------------------------ resolution
    def _score(self, m: _M, i: int, ctx: dict) -> float:
        gaz = self.gaz
        cc, f, pop = gaz.cc[i], gaz.feat[i], gaz.pop[i]
        s = 0.0
        top = ctx["top"]
        if top:
            s += 4.0 * ctx["cw"].get(cc, 0.0) / top
        if (cc, gaz.a1[i]) in ctx["adm"] and f != "ADM1":
            s += 2.0
        if m.admin_hint:
            if (cc, gaz.a1[i]) in m.admin_hint:
                s += 6.0
            elif cc in m.admin_hint:
                s += 3.0
        if f == "PCLI":
            s += 3.0
        elif f == "ADM1":
            s += 3.0 if m.admin_after else -0.5
        s += min(math.log10(pop + 1), 7.0) * 0.5
        if not m.exact:
            s -= 1.5
        if i >= gaz.user_from:
            s += 1.0
        return s

    def _accept(self, m: _M, i: int, ctx: dict) -> bool:
        gaz = self.gaz
        f, cc, pop = gaz.feat[i], gaz.cc[i], gaz.pop[i]
        in_ctx = ctx["cw"].get(cc, 0.0) >= 1.0 or bool(m.admin_hint and cc in {h if isinstance(h, str) else h[0] for h in m.admin_hint})
        if m.common and not (m.strong or m.admin_hint or (f == "PCLI" and m.key not in ("chad", "jordan", "georgia") and not m.namey)):
            return False
        if m.namey and not (m.admin_hint or f in ("PCLI", "ADM1") or (in_ctx and pop >= 100_000)):
            return False
        if m.quoted and f != "PCLI":
            return False
        if m.abbrev and f not in ("PCLI", "ADM1"):
            return False
        if m.cue_only:
            return True  # fuzzy-matched within the document's countries
        if not m.exact:
            # a transliteration-skeleton match: only in the document's main countries, with a cue
            w = ctx["cw"].get(cc, 0.0)
            main_ctx = (ctx["top"] and w >= 0.5 * ctx["top"]) or bool(m.admin_hint)
            if not (main_ctx and (m.strong or m.weak_cue or m.admin_hint)):
                if not (ctx["top"] < 1.0 and (m.strong or m.weak_cue) and pop >= 10_000 and not m.namey):
                    return False
        if ctx["top"] and not in_ctx and f not in ("PCLI", "ADM1"):
            # a place outside the document's countries: needs size or a cue
            if pop < 50_000 and not m.strong:
                return False
        return True

    def _admin_hints(self, text: str, mentions: list[_M]) -> None:
        """'Kismaayo, Lower Juba' / 'Dutsin-Ma, Katsina State' / 'Tal Afar (Nineveh)'."""
        gaz = self.gaz
        for a, b in zip(mentions, mentions[1:]):
            gap = text[a.end:b.start]
            if not (gap in (", ", " , ", " (", ", in ", " in ") or gap.strip() in (",", "(")):
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
            elif hints and a.cue_only:
                a.admin_hint = hints

    def find_places(self, text: str) -> list[Place]:
        mentions, _ = self._recognise(text)
        extra = self._cue_only(text, mentions) if ("of " in text or "near " in text or "outside " in text or "around " in text
                                                   or "province" in text or "village" in text or "district" in text or "countryside" in text) else []
        if extra:
            mentions = sorted(mentions + extra, key=lambda m: m.start)
        self._admin_hints(text, mentions)
        ctx = self._context(mentions, text)
        gaz = self.gaz
        ranked_ccs = sorted(ctx["cw"], key=ctx["cw"].get, reverse=True)[:2]
        places: list[Place] = []
        for m in mentions:
            if m.demonym and not m.cands:
                continue
            if m.cue_only and not m.cands and ranked_ccs and len(m.key) >= 4:
                hint_ccs = [h if isinstance(h, str) else h[0] for h in m.admin_hint] or ranked_ccs
                m.cands = self._fuzzy(m.key, list(dict.fromkeys(hint_ccs)))
            best, best_s = None, -1e9
            for i in m.cands:
                sc = self._score(m, i, ctx)
                if sc > best_s:
                    best, best_s = i, sc
            if best is not None and not self._accept(m, best, ctx):
                # second chance: the best acceptable candidate
                ok = [i for i in m.cands if self._accept(m, i, ctx)]
                best = max(ok, key=lambda i: self._score(m, i, ctx)) if ok else None
            if m.demonym and (best is None or gaz.feat[best] != "PCLI"):
                continue
            mention = text[m.start:m.end]
            if best is None:
                if m.strong and not m.common:
                    m.place = Place(mention=mention, start=m.start, end=m.end)
                    places.append(m.place)
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
            m.place = Place(
                mention=mention, start=m.start, end=m.end, name=gaz.name[best],
                lat=gaz.lat[best], lon=gaz.lon[best], country=gaz.cc[best] or None,
                admin1=gaz.name[best] if f == "ADM1" else gaz.admin1_name(best),
                geonames_id=gid if gid > 0 else None, feature=f, precision=prec,
            )
            places.append(m.place)
        # remember the context for main_location on the same text
        ctx["demonyms"] = [(m.start, m.end, m.demonym) for m in mentions if m.demonym and m.place is None]
        self._last = (text, ctx)
        return places

    # ------------------------------------------------------------------ main location
    def _is_source(self, p: Place, text: str) -> bool:
        before = text[max(0, p.start - 60):p.start]
        after = text[p.end:p.end + 40]
        return bool(self.re_source_before.search(before) or self.re_source_after.search(after))

    def _is_dateline(self, p: Place, text: str) -> bool:
        if p.start > 60:
            return False
        head = text[:p.start]
        if "\n" in head.strip():
            head = head.strip().split("\n")[-1]
        after = text[p.end:p.end + 40]
        return len(head.strip()) < 25 and bool(re.match(r"^(?:,\s*[A-Z][\w .]{0,25})?\s*(?:\(|—|–|-\s|:)", after)) and (
            p.mention.isupper() or "(" in after[:30])

    def main_location(self, places: list[Place], claims: list[Claim], text: str) -> Place | None:
        resolved = [p for p in places if p.lat is not None]
        ctx = self._last[1] if self._last and self._last[0] is text else None
        if not resolved:
            return self._country_fallback(ctx, text)
        usable = [p for p in resolved if not self._is_source(p, text)]
        datelines = [p for p in usable if self._is_dateline(p, text)]
        body = [p for p in usable if p not in datelines]
        # prefer the document's main country
        ccount: dict[str, float] = defaultdict(float)
        for p in body or usable:
            ccount[p.country] += 1.0 if (p.precision or 6) < 6 else 0.5
        if ctx and ctx.get("main"):
            ccount[ctx["main"]] += 1.5
        main_cc = max(ccount, key=ccount.get) if ccount else None

        def pref(ps: list[Place]) -> list[Place]:
            inc = [p for p in ps if p.country == main_cc]
            return inc or ps

        # 1) places tied to casualty claims
        if claims and body:
            weights: dict[int, float] = defaultdict(float)
            bounds = self._sentences(text)
            for c in claims:
                if getattr(c, "negated", False) or (c.scope or "incident") != "incident":
                    continue
                v = c.value if c.value is not None else (c.low or 1)
                w = 1.0 + math.log10(1 + max(v, 0))
                if c.group == "total":
                    w *= 1.5
                hit = None
                if c.place:
                    cp = c.place.casefold()
                    cands = [p for p in body if p.mention.casefold() in cp or cp in p.mention.casefold()]
                    if cands:
                        if c.evidence is not None:
                            hit = min(cands, key=lambda p: abs(p.start - c.evidence.start))
                        else:
                            hit = min(cands, key=lambda p: p.precision or 9)
                        weights[id(hit)] += w * 2
                        continue
                if c.evidence is not None:
                    si = self._sentence_of(bounds, c.evidence.start)
                    same = [p for p in body if self._sentence_of(bounds, p.start) == si]
                    if same:
                        hit = min(same, key=lambda p: ((p.precision or 9) >= 6, abs(p.start - c.evidence.start)))
                        weights[id(hit)] += w * (0.5 if (hit.precision or 9) >= 6 else 1.0)
            if weights:
                byid = {id(p): p for p in body}
                cand = [byid[k] for k in weights]
                inc = pref(cand)
                return max(inc, key=lambda p: (weights[id(p)], -(p.precision or 9)))
        # 2) the most specific place in the event sentences
        pool = body or usable
        if pool:
            bounds = self._sentences(text)
            ev = [p for p in pool if self._event_sentence(bounds, p.start, text)]
            for group in (ev, pool):
                g = pref(group)
                if g:
                    return min(g, key=lambda p: (p.precision or 9, p.start))
        # 3) dateline, then anything resolved
        if datelines:
            return datelines[0]
        fb = self._country_fallback(ctx, text)
        return fb or resolved[0]

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

    def _sentences(self, text: str) -> list[int]:
        return [0] + [m.end() for m in self.re_sentence.finditer(text)]

    @staticmethod
    def _sentence_of(bounds: list[int], pos: int) -> int:
        return bisect_right(bounds, pos) - 1

    def _event_sentence(self, bounds: list[int], pos: int, text: str) -> bool:
        si = bisect_right(bounds, pos) - 1
        s = bounds[si]
        e = bounds[si + 1] if si + 1 < len(bounds) else len(text)
        return bool(self.re_event.search(text, s, e))
