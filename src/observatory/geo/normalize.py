"""Text normalisation for toponym matching.

``fold(text)`` maps every character to exactly ONE character (lower case, diacritics
removed, hyphens and punctuation to spaces, apostrophes kept as ``'``), so offsets in the
folded text are offsets in the original text.  Tokens are then turned into lookup keys:

* ``exact`` key: tokens without apostrophes and possessive ``'s``, Arabic articles
  (al-, el-, ad-, ash-, az-, ...) dropped: "Al-Janoudiya" -> "janoudiya",
  "Deir ez-Zor" -> "deir zor".
* ``loose`` key (transliteration skeleton): common vowel digraphs unified (ou/oo -> u,
  ay/ai/ei/ey -> e, aw/au/ow -> o, ee -> i), q -> k, gh -> g, ph -> f, doubled letters
  collapsed, a final h after a vowel dropped, a final y read as i, each run of vowels
  reduced to "a": "Jableh"/"Jablah" -> "jabla", "Janoudiya"/"Jānūdīyah" -> "janadaya",
  "Deir ez-Zor"/"Dayr az Zawr" -> "dar zar", "Qameshly"/"Qamishli" -> "kamashla".

The same functions build the gazetteer index (``build.py``) and read documents, so both
sides always agree.
"""
from __future__ import annotations

import re
import unicodedata

# Arabic-script articles and Latin transliterations of the Arabic article.
ARTICLES = frozenset(
    "al el ad ed ag ash esh as es at et ath adh ar er az ez an en ul il".split()
)
APOS = "'’‘ʼʻʿʾ`´"
_SPECIAL = {"æ": "a", "ø": "o", "ß": "s", "đ": "d", "ł": "l", "ı": "i", "ð": "d", "þ": "t", "ħ": "h", "œ": "o"}
_AR_TASHKEEL = set(range(0x064B, 0x0653)) | {0x0670}
_AR_MAP = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"}


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x20, 0x3000):
        ch = chr(cp)
        if ch in APOS:
            table[cp] = "'"
            continue
        if 0x0600 <= cp <= 0x06FF:  # Arabic block
            if cp in _AR_TASHKEEL:
                table[cp] = "\u0640"  # tatweel: a word character dropped by key()
            elif ch in _AR_MAP:
                table[cp] = _AR_MAP[ch]
            elif not ch.isalnum():
                table[cp] = " "
            continue
        low = ch.lower()
        if len(low) != 1:
            low = ch
        if low in _SPECIAL:
            table[cp] = _SPECIAL[low]
            continue
        if low.isalnum():
            base = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
            base = base[:1] if base else low
            if base != ch:
                table[cp] = base if base.isalnum() else low
        elif unicodedata.combining(ch):
            table[cp] = "'"  # stray combining mark: glued into the token, dropped by key()
        else:
            table[cp] = " "
    return table


TABLE = _build_table()
TOKEN_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*'?")
# the same mapping for ASCII text, as a byte table (bytes.translate is a plain C lookup)
_ASCII_TABLE = bytes(ord(TABLE.get(b, chr(b))) for b in range(128)) + bytes(range(128, 256))


def fold(text: str) -> str:
    """One character out for each character in: offsets are preserved."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_TABLE).decode("ascii")
    return text.translate(TABLE)


def tok_key(tok: str) -> str:
    """Key of one folded token (apostrophes, possessive 's and Arabic tatweel dropped)."""
    if tok.endswith("'s") and len(tok) > 3:
        tok = tok[:-2]
    if "'" in tok:
        tok = tok.replace("'", "")
    if "\u0640" in tok:
        tok = tok.replace("\u0640", "")
    if tok.startswith("ال") and len(tok) > 3:
        tok = tok[2:]
    if tok[-1:].isdigit() and not tok.isdigit():
        tok = tok.rstrip("0123456789")  # a footnote mark glued to the word: "Ukraine1"
    return tok


_DIGRAPHS = (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ay", "e"), ("ai", "e"), ("ei", "e"),
             ("ey", "e"), ("aw", "o"), ("au", "o"), ("ow", "o"), ("ck", "k"), ("q", "k"),
             ("gh", "g"), ("ph", "f"), ("dh", "d"), ("th", "t"), ("kh", "k"))
_VOWELS = frozenset("aeiou")
_loose_cache: dict[str, str] = {}


def loose_tok(tok: str) -> str:
    """Transliteration skeleton of one key token."""
    r = _loose_cache.get(tok)
    if r is not None:
        return r
    s = tok
    if s.isascii():
        for a, b in _DIGRAPHS:
            if a in s:
                s = s.replace(a, b)
        out = []
        prev = ""
        for c in s:
            if c != prev:
                out.append(c)
            prev = c
        if len(out) > 2 and out[-1] == "h" and out[-2] in _VOWELS:
            out.pop()
        if len(out) > 2 and out[-1] == "y":
            out[-1] = "i"
        # every run of vowels becomes one "a": vowel quality varies across transliterations,
        # vowel positions do not
        buf = []
        for c in out:
            if c in _VOWELS:
                if not buf or buf[-1] != "a":
                    buf.append("a")
            else:
                buf.append(c)
        r = "".join(buf)
    else:
        r = s
    if len(_loose_cache) < 200_000:
        _loose_cache[tok] = r
    return r


def name_tokens(name: str) -> list[str]:
    """Key tokens of a gazetteer name (articles dropped, except a name that is only articles)."""
    toks = [tok_key(t) for t in TOKEN_RE.findall(fold(name))]
    toks = [t for t in toks if t]
    kept = [t for t in toks if t not in ARTICLES]
    return kept or toks


def exact_key(name: str) -> str:
    return " ".join(name_tokens(name))


def loose_key(name: str) -> str:
    return " ".join(loose_tok(t) for t in name_tokens(name))
