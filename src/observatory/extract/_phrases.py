"""Fast whole-word phrase matching over lower-cased text (pyahocorasick).

Shared helper of dates.py, events.py and actors.py: Python's ``re`` tries every branch of
a large alternation at every position, an Aho-Corasick automaton does not. Phrases are
lower-case with single spaces; a phrase ending in ``*`` is a stem ("kill*" matches
"killed", "killings"). Matches respect word boundaries on both sides (stems only on the
left).
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator

import ahocorasick

_memo: tuple = (None, "")  # (text, normalised); one tuple, swapped atomically (thread-safe)


def normalise(text: str) -> str:
    """Lower-case with the same length and offsets: newlines/tabs to spaces, ’ to '.

    Memoised for the last text seen, so the stages of one document share the work."""
    global _memo
    m = _memo
    if m[0] is text:
        return m[1]
    low = text.lower()
    if len(low) != len(text):  # rare Unicode case changes length: keep offsets exact
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    low = low.replace("\n", " ").replace("\t", " ").replace("\r", " ").replace("’", "'")
    _memo = (text, low)
    return low


class PhraseMatcher:
    """Find whole-word occurrences of many phrases at once."""

    def __init__(self, items: Iterable[tuple[str, Any]], *, case_sensitive: bool = False):
        """``case_sensitive``: keep the phrases' case; then match against the text as
        written (with newlines as spaces) instead of :func:`normalise`'s lower case."""
        self._auto = ahocorasick.Automaton()
        entries: dict[str, list[tuple[Any, bool, int]]] = {}
        for phrase, value in items:
            p = " ".join((phrase if case_sensitive else phrase.lower()).replace("’", "'").split())
            stem = p.endswith("*")
            p = p.rstrip("*")
            if not p:
                continue
            entries.setdefault(p, []).append((value, stem, len(p)))
        for p, vals in entries.items():
            self._auto.add_word(p, vals)
        self.empty = not entries
        if not self.empty:
            self._auto.make_automaton()

    def iter(self, low: str) -> Iterator[tuple[int, int, Any]]:
        """(start, end, value) for each match in the normalised text ``low``, in order of end."""
        return iter(self.all(low))

    def all(self, low: str) -> list[tuple[int, int, Any]]:
        """Every whole-word match (start, end, value), in order of end."""
        out: list[tuple[int, int, Any]] = []
        if self.empty:
            return out
        n = len(low)
        isal = str.isalnum
        for end_idx, vals in self._auto.iter(low):
            e0 = end_idx + 1
            after_ok = e0 >= n or not isal(low[e0])
            for value, stem, ln in vals:
                start = e0 - ln
                if start > 0 and isal(low[start - 1]):
                    continue
                if after_ok:
                    out.append((start, e0, value))
                elif stem:
                    end = e0
                    while end < n and isal(low[end]):
                        end += 1
                    out.append((start, end, value))
        return out

    def longest(self, low: str) -> list[tuple[int, int, Any]]:
        """Non-overlapping matches, leftmost-longest, in text order."""
        hits = self.all(low)
        if len(hits) > 1:
            hits.sort(key=_longest_key)
        out: list[tuple[int, int, Any]] = []
        last = -1
        for h in hits:
            if h[0] >= last:
                out.append(h)
                last = h[1]
        return out


def _longest_key(h: tuple[int, int, Any]) -> tuple[int, int]:
    return h[0], h[0] - h[1]
