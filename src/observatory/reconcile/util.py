"""Small helpers shared by the reconcile modules: dates, names, distances."""
from __future__ import annotations

import math
import re
from functools import lru_cache
import unicodedata
from datetime import date

_WS = re.compile(r"[\s\-‐-―_'’`.,;:()\"“”]+")
_LEAD = re.compile(r"^(?:the|al|el|ad|ar|as|at|an|az|ash|adh|ath)\s+")
_STOP = {"for", "of", "the", "and", "in", "on", "de", "du", "des"}


@lru_cache(maxsize=262144)
def norm_name(s: str | None) -> str:
    """Accent-, case- and punctuation-folded name ("Al-Janoudiya" -> "janoudiya")."""
    if not s:
        return ""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    s = _WS.sub(" ", s).strip()
    s = _LEAD.sub("", s)
    return s


def acronym(s: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", s) if w and w.casefold() not in _STOP]
    return "".join(w[0] for w in words if w[0].isalpha()).casefold()


def to_ordinal(s: str | None) -> int | None:
    """Day number of an ISO date or datetime string (None when missing or unparsable)."""
    if not s or not isinstance(s, str):
        return None
    try:
        return date.fromisoformat(s[:10]).toordinal()
    except ValueError:
        try:  # YYYY-MM -> first of the month
            return date.fromisoformat(s[:7] + "-01").toordinal()
        except ValueError:
            return None


def from_ordinal(n: int | None) -> str | None:
    return None if n is None else date.fromordinal(n).isoformat()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def short_hash(*parts: str, n: int = 12) -> str:
    import hashlib

    h = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:n]
