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
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?", re.I)
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@lru_cache(maxsize=1)
def config() -> dict:
    return json.loads(resources.files(__package__).joinpath("dedupe.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _template():
    from datasketch import MinHash

    cfg = config()
    return MinHash(num_perm=cfg["num_perm"], seed=cfg["seed"])


@lru_cache(maxsize=1)
def _date_pattern() -> re.Pattern:
    months = "|".join(sorted(config()["months"], key=len, reverse=True))
    return re.compile(
        rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{months})\b\.?|(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b)",
        re.I,
    )


@dataclass
class Signature:
    """MinHash values, LSH band keys ``[(band, key)]`` and the figures a text states."""

    hashvalues: np.ndarray
    bands: list[tuple[int, str]]
    figures: frozenset[str]


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def figures(text: str) -> frozenset[str]:
    """Numbers and number words, leaving out clock times, calendar dates and years."""
    text = _TIME.sub(" ", text)
    text = _date_pattern().sub(" ", text)
    words = set(config()["number_words"])
    out = set()
    for m in _NUMBER.finditer(text):
        n = m.group(0).replace(",", "")
        if not _YEAR.match(n):
            out.add(n)
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
    m = _template().copy()
    m.update_batch([s.encode("utf-8") for s in shingles])
    hv = np.asarray(m.hashvalues)
    return Signature(hashvalues=hv, bands=band_keys(hv), figures=figures(text))


def band_keys(hashvalues: np.ndarray) -> list[tuple[int, str]]:
    cfg = config()
    r = cfg["rows"]
    hv = np.asarray(hashvalues, dtype="<u8")
    out = []
    for b in range(cfg["bands"]):
        chunk = hv[b * r : (b + 1) * r].tobytes()
        out.append((b, hashlib.blake2b(chunk, digest_size=8).hexdigest()))
    return out


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.count_nonzero(a.hashvalues == b.hashvalues)) / len(a.hashvalues)


def is_near_duplicate(a: Signature, b: Signature) -> bool:
    return a.figures == b.figures and similarity(a, b) >= config()["threshold"]
