"""Near-duplicate signatures: MinHash over word shingles, cut into LSH band keys.

The store keeps each report's band keys (table ``report_bands``), so that finding the
candidates for a new report is one indexed lookup, across runs and processes, without
loading earlier reports or comparing all pairs.  Candidates are then verified: estimated
Jaccard similarity at least the threshold, and the same figures (an update that changes
the toll is a report of its own, not a copy).  Parameters live in ``dedupe.json``.
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?", re.I)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_SENTENCE_END = (".", "!", "?", '"', "\u201d", "\u2019", "'", ".)")


@lru_cache(maxsize=1)
def config() -> dict:
    return json.loads(resources.files(__package__).joinpath("dedupe.json").read_text(encoding="utf-8"))


_local = threading.local()


def _crc32(b: bytes) -> int:
    return zlib.crc32(b)


def _minhash():
    """One reusable MinHash per thread (building one costs more than hashing a report)."""
    m = getattr(_local, "minhash", None)
    if m is None:
        from datasketch import MinHash

        cfg = config()
        m = _local.minhash = MinHash(num_perm=cfg["num_perm"], seed=cfg["seed"], hashfunc=_crc32)
    else:
        m.clear()
    return m


@lru_cache(maxsize=1)
def _months() -> frozenset[str]:
    return frozenset(config()["months"])


@lru_cache(maxsize=1)
def _number_words() -> frozenset[str]:
    return frozenset(config()["number_words"])


_WORD_BEFORE = re.compile(r"(\w+)\W{0,3}$")
_WORD_AFTER = re.compile(r"^(?:st|nd|rd|th)?\W{0,3}(?:of\s+)?(\w+)")


@dataclass
class Signature:
    """MinHash values, LSH band keys ``[(band, key)]`` and the figures a text states."""

    hashvalues: np.ndarray
    bands: list[tuple[int, str]]
    figures: frozenset[str]


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def figures(text: str) -> frozenset[str]:
    """Numbers and number words, leaving out clock times, calendar dates, years and page furniture.

    Page furniture is a line that neither ends a sentence nor is long ("5 min read | Updated
    12 minutes ago", "Comments (23)"): it differs between outlets carrying the same story
    and is not among the story's figures.
    """
    months = _months()
    min_words = config()["figure_line_min_words"]
    text = "\n".join(
        line for line in text.split("\n")
        if line.rstrip().endswith(_SENTENCE_END) or len(_WORD.findall(line)) >= min_words
    )
    text = _TIME.sub(" ", text)
    out = set()
    for m in _NUMBER.finditer(text):
        n = m.group(0).replace(",", "")
        if _YEAR.match(n):
            continue
        before = _WORD_BEFORE.search(text, max(0, m.start() - 16), m.start())
        after = _WORD_AFTER.match(text[m.end() : m.end() + 20])
        if (before and before.group(1).casefold() in months) or (after and after.group(1).casefold() in months):
            continue  # "8 March", "March 8th": a date, not a figure
        out.add(n)
    words = _number_words()
    out.update(t for t in tokens(text) if t in words)
    return frozenset(out)


def signature(text: str) -> Signature | None:
    """The signature of a text, or None when it is too short for near-duplicate matching."""
    cfg = config()
    toks = tokens(text)
    if len(toks) < cfg["min_tokens"]:
        return None
    k = cfg["shingle"]
    shingles = {" ".join(toks[i : i + k]) for i in range(len(toks) - k + 1)}
    m = _minhash()
    m.update_batch([s.encode("utf-8") for s in shingles])
    hv = np.array(m.hashvalues, dtype=np.uint64)
    return Signature(hashvalues=hv, bands=band_keys(hv), figures=figures(text))


def band_keys(hashvalues: np.ndarray) -> list[tuple[int, str]]:
    cfg = config()
    width = cfg["rows"] * 8
    buf = np.asarray(hashvalues, dtype="<u8").tobytes()
    return [
        (b, hashlib.blake2b(buf[b * width : (b + 1) * width], digest_size=8).hexdigest())
        for b in range(cfg["bands"])
    ]


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.count_nonzero(a.hashvalues == b.hashvalues)) / len(a.hashvalues)


def is_near_duplicate(a: Signature, b: Signature) -> bool:
    return a.figures == b.figures and similarity(a, b) >= config()["threshold"]
