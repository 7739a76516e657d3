"""Fast whole-word phrase matching over lower-cased text (pyahocorasick).

Shared helper of dates.py, events.py and actors.py: Python's ``re`` tries every branch of
a large alternation at every position, an Aho-Corasick automaton does not. Phrases are
lower-case with single spaces; a phrase ending in ``*`` is a stem ("kill*" matches
"killed", "killings").

Whole words without per-hit checks: the automaton runs over a *word view* of the text
(punctuation, apostrophes and line breaks turned into spaces, one space of padding on
each side, same length otherwise) and holds each phrase as `` phrase `` (a stem as
`` stem``), so a phrase inside a longer word ("ied" in "died") is never even reported.
Punctuation inside a phrase is treated the same way ("al-shabaab" also matches
"al shabaab"; "u.s. forces" matches "U.S. forces").

One pass per document: the matchers made with ``shared=True`` (and the ``WordFinder``s,
which report plain substrings such as "day" in "Monday") keep their keys in one common
automaton, run once over a document's word view; each stage then reads its own hits (the
last document's hits are memoised, like ``normalise``).
"""
from __future__ import annotations

import re
import string
from typing import Any, Iterable, Iterator

import ahocorasick

_memo: tuple = (None, "")  # (text, normalised); one tuple, swapped atomically (thread-safe)
_view_memo: tuple = (None, "")  # (normalised text, word view)

_SEPARATORS = set(string.punctuation) | set("\n\t\r\u00a0“”‘’«»–—…•·")
_VIEW_TABLE = str.maketrans({c: " " for c in _SEPARATORS})
_VIEW_RX = re.compile("[" + re.escape("".join(sorted(_SEPARATORS))) + "]")  # same as _VIEW_TABLE, faster on text


class _SharedScan:
    """Keys of several matchers found in one Aho-Corasick pass over a word view."""

    def __init__(self) -> None:
        self._keys: dict[str, list[tuple[int, Any]]] = {}  # key -> [(member, payload)]
        self._members = 0
        self._auto: Any = None
        self._memo: tuple = (None, None)  # (view, hits per member)

    def add(self, keys: dict[str, Any]) -> int:
        """Register a member's keys (key -> payload); returns the member's index."""
        member = self._members
        for k, v in keys.items():
            self._keys.setdefault(k, []).append((member, v))
        self._members += 1
        self._auto, self._memo = None, (None, None)
        return member

    def hits(self, view: str) -> list[list[tuple[int, Any]]]:
        """Per member: (end index in ``view``, payload) of every key occurrence, in order of end."""
        m = self._memo
        if m[0] is view:
            return m[1]
        auto = self._auto
        if auto is None:
            auto = ahocorasick.Automaton()
            for k, pairs in self._keys.items():
                auto.add_word(k, tuple(pairs))
            auto.make_automaton()
            self._auto = auto
        per: list[list[tuple[int, Any]]] = [[] for _ in range(self._members)]
        for end_idx, pairs in auto.iter(view):
            for member, v in pairs:
                per[member].append((end_idx, v))
        self._memo = (view, per)
        return per


_SHARED = _SharedScan()


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


def word_view(low: str) -> str:
    """`` low `` with every separator as a space: view[i + 1] is low[i]. Memoised."""
    global _view_memo
    m = _view_memo
    if m[0] is low:
        return m[1]
    view = " " + _VIEW_RX.sub(" ", low) + " "
    _view_memo = (low, view)
    return view


class PhraseMatcher:
    """Find whole-word occurrences of many phrases at once."""

    def __init__(self, items: Iterable[tuple[str, Any]], *, shared: bool = False):
        """``shared``: found in the common pass over each document (see the module docstring)."""
        self._auto = ahocorasick.Automaton()
        self._member = None
        entries: dict[str, list[tuple[Any, bool, int]]] = {}
        for phrase, value in items:
            p = " ".join(phrase.lower().replace("’", "'").split())
            stem = p.endswith("*")
            core = p.rstrip("*").translate(_VIEW_TABLE)
            if not core.strip():
                continue
            key = " " + core + ("" if stem else " ")
            entries.setdefault(key, []).append((value, stem, len(core)))
        for key, vals in entries.items():
            self._auto.add_word(key, vals)
        self.empty = not entries
        if not self.empty:
            self._auto.make_automaton()
            if shared:
                self._member = _SHARED.add(entries)

    def iter(self, low: str) -> Iterator[tuple[int, int, Any]]:
        """(start, end, value) for each match in the normalised text ``low``, in order of end."""
        return iter(self.all(low))

    def all(self, low: str) -> list[tuple[int, int, Any]]:
        """Every whole-word match (start, end, value) in ``low``, in order of end."""
        out: list[tuple[int, int, Any]] = []
        if self.empty:
            return out
        view = word_view(low)
        n = len(low)
        raw = self._auto.iter(view) if self._member is None else _SHARED.hits(view)[self._member]
        for end_idx, vals in raw:
            for value, stem, ln in vals:
                # the key ' core' starts at view index end_idx - ln (+1 for a trailing space)
                start = end_idx - ln - (0 if stem else 1)  # == low index of the core's first char
                end = start + ln
                if stem:
                    while end < n and low[end].isalnum():
                        end += 1
                out.append((start, end, value))
        return out

    def starts(self, low: str) -> list[int]:
        """The start of every whole-word match in ``low`` (``h[0] for h in all(low)``)."""
        if self.empty:
            return []
        view = word_view(low)
        raw = self._auto.iter(view) if self._member is None else _SHARED.hits(view)[self._member]
        return [end_idx - ln - (0 if stem else 1) for end_idx, vals in raw for _, stem, ln in vals]

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


class WordFinder:
    """Every occurrence of some lower-case words (letters only) anywhere in the normalised
    text, inside longer words too ("day" in "Monday"): what an Aho-Corasick automaton of
    the words reports on the text, found in the common pass over the document."""

    def __init__(self, words: dict[str, Any]):
        for w in words:
            assert w.isalpha() and w == w.lower(), f"WordFinder words are lower-case letters: {w!r}"
        self._own = ahocorasick.Automaton()
        for w, v in words.items():
            self._own.add_word(w, v)
        self._own.make_automaton()
        self._member = _SHARED.add(dict(words))

    def iter(self, low: str) -> list[tuple[int, Any]]:
        """(end index, value) of each occurrence in the normalised text ``low``, in order of end."""
        return [(e - 1, v) for e, v in _SHARED.hits(word_view(low))[self._member]]

    def iter_in(self, s: str) -> Iterator[tuple[int, Any]]:
        """The same over any string ``s`` (its own automaton, no shared pass)."""
        return self._own.iter(s)


def _longest_key(h: tuple[int, int, Any]) -> tuple[int, int]:
    return h[0], h[0] - h[1]


def alternation(phrases: Iterable[str], *, lower: bool = True, space: str = r"\s+") -> str:
    """Regex alternation ``(?:...)`` of literal phrases, longest first, a space in a phrase
    matching ``space`` (any whitespace); ``lower``: lower-case them first (for patterns
    compiled with ``re.I``).

    Written as a trie ("kill(?:ed|ing)?" rather than "killing|killed|kill"): the same matches
    as the flat alternation sorted longest first (of two phrases that fit at one place, one
    is a prefix of the other, and the trie tries the longer first), but the regex engine
    tries a few branches per character instead of every phrase at every position."""
    root: dict = {}
    for p in {p.lower() for p in phrases} if lower else set(phrases):
        node = root
        for ch in p:
            node = node.setdefault(ch, {})
        node[""] = {}  # a phrase ends here
    return "(?:" + _trie_rx(root, space) + ")"


def _trie_rx(node: dict, space: str) -> str:
    alts = [(space if ch == " " else re.escape(ch)) + _trie_rx(node[ch], space) for ch in sorted(node) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return "(?:" + body + ")?" if "" in node else body
