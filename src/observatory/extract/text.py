"""Sentence and paragraph splitting with character offsets (fast, rule based).

A sentence ends at ``.``, ``!`` or ``?`` (optionally followed by closing quotes or
brackets, or by a Wikipedia-style reference ``[12]``) when whitespace and an upper-case
letter, a digit or an opening quote follow, unless the word before is a known
abbreviation (``Mr.``, ``Gen.``, ``U.S.``, ``Jan.`` ...) or a single capital letter.
Line breaks that separate paragraphs always end a sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "pvt", "adm",
    "gov", "sen", "rep", "rev", "st", "mt", "ft", "jr", "sr", "no", "nos", "vs", "etc", "inc", "ltd",
    "co", "corp", "dept", "approx", "est", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k", "e.g", "i.e", "al", "govt", "brig", "cmdr",
}

# Written to start with one character class, so that the regex engine jumps from one
# ".!?" or line break to the next instead of trying a match at every position; the same
# matches as the plain alternation ``[.!?]+...|\n\s*\n|\n(?=...)`` (the lookbehinds tell
# which branch the first character opened).
_END = re.compile(r"[.!?\n](?:(?<=[.!?])[.!?]*[\"'”’)\]]*(?:\[\d+\])*(?=\s+[\"'“‘(\[]?[A-Z0-9\u0600-\u06ff]|\s*$)"
                  r"|(?<=\n)\s*\n|(?<=\n)(?=\s*[A-Z\"“]))")


def _word_before(text: str, lo: int, hi: int) -> str:
    r"""The run of word characters and dots that ends text[lo:hi] (trailing whitespace
    aside): what ``re.search(r"([\w.]+)\s*$", text[lo:hi])`` captures, or ''."""
    q = hi
    while q > lo and text[q - 1].isspace():
        q -= 1
    r = q
    while r > lo and (text[r - 1].isalnum() or text[r - 1] in "._"):
        r -= 1
    return text[r:q]


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` (offsets index ``text``; whitespace between them dropped)."""
    out: list[Sentence] = []
    start, para = 0, 0
    n = len(text)
    for m in _END.finditer(text):
        end = m.end()
        chunk = m.group()
        if chunk[0] in ".!?" and chunk[0] == "." and len(chunk.rstrip("\"'”’)]")) == 1:
            w = _word_before(text, max(start, m.start() - 12), m.start())
            if w:
                w = w.lower().rstrip(".")
                if w in ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                    continue
        _add(out, text, start, end, para)
        start = end
    if start < n:
        _add(out, text, start, n, para)
    para, prev = 0, 0
    for s in out:  # a line break between two sentences starts a new paragraph
        if "\n" in text[prev:s.start] and prev:
            para += 1
        s.paragraph, prev = para, s.end
    return out


def _add(out: list[Sentence], text: str, s: int, e: int, para: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append(Sentence(s, e, para, text[s:e]))
