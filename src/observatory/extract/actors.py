"""Who did it and to whom: perpetrator and victim actors from a readable table.

``find_actors(text, claims)`` finds actor mentions with ``data/actors.json``:

* **named** groups and their aliases ("Islamic State" / "ISIS" / "Daesh", "Taliban",
  "al-Shabaab", "SDF", "Houthis", "Russian airstrikes" ...), each with a kind;
* **generic nouns** ("gunmen", "militants", "security forces", "civilians", "villagers"
  ...) together with the modifier words just before them, so that the name keeps
  "Sunni Muslim gunmen", "Assad loyalists", "Alawite civilians"; an identity modifier
  turns an armed noun into an ``identity_militia``, a state modifier into ``state_forces``;
* plural **identity groups** standing alone ("gunmen executed Alawites") as civilians.

Each mention votes for a role from the frame around it (same sentence):
  perpetrator: "by X", "attacks from X", "X killed/attacked/targeted ...", "X claimed
  responsibility", "blamed on X", "attributes ... to X";
  victim: "killed/targeting/attack on X", "X were killed/died/slain", a mention inside a
  casualty claim's evidence ("over 745 civilians perished");
  otherwise the table's default role of the noun (armed: perpetrator, civilians: victim).
Mentions of the same actor are merged (an unmodified "gunmen" joins an earlier "Sunni
Muslim gunmen"); the role with most votes wins. Output: perpetrators then victims, each
ordered by evidence (frame votes, then first mention), at most ``MAX_PER_ROLE`` each.
"""
from __future__ import annotations

import bisect
import json
import re
from pathlib import Path
from typing import Any

from observatory.extract._phrases import _VIEW_RX, PhraseMatcher, normalise
from observatory.extract.dates import sentence_starts
from observatory.model import Actor, Claim

_DATA: dict[str, Any] = json.loads((Path(__file__).parent / "data" / "actors.json").read_text(encoding="utf-8"))
_SAY_END = frozenset("that on in late early yesterday today overnight last this after in a".split())
# reporting verbs (the sources table): an actor right before one is the source of the report
_SAY_WORDS = frozenset(v.split()[0].lower() for v in json.loads(
    (Path(__file__).parent / "data" / "sources.json").read_text(encoding="utf-8"))["say_verbs"])
MAX_PER_ROLE = 4
_MAX_FRAMES_PER_ACTOR = 6
KINDS = ("state_forces", "rebel_group", "political_militia", "identity_militia", "civilians", "external",
         "protesters", "unknown")

_NOUNS = {k: v for k, v in _DATA["nouns"].items() if not k.startswith("_")}
_IDENTITY_GROUPS = {k: v for k, v in _DATA["identity_groups"].items() if not k.startswith("_")}
_ID_MOD = set(_DATA["identity_modifiers"]) | {v.lower() for v in _IDENTITY_GROUPS.values()}
_STATE_MOD = set(_DATA["state_modifiers"])
_OTHER_MOD = set(_DATA["other_modifiers"])
_STOP = set(_DATA["not_modifiers"])
_ARMED_KINDS = {"state_forces", "rebel_group", "political_militia", "identity_militia", "external", "unknown"}


def _is_caps(a: str) -> bool:
    return a.upper() == a and any(c.isalpha() for c in a)


def _entries():
    for e in _DATA["named"]:
        for a in e["aliases"]:
            if not _is_caps(a):
                yield a, ("named", e, None)
    for noun, spec in _NOUNS.items():
        yield noun, ("noun", spec, None)
    for g, adj in _IDENTITY_GROUPS.items():
        yield g, ("group", adj, None)


_MATCHER = PhraseMatcher(_entries(), shared=True)
# aliases in CAPITALS (ISIS, SDF, IS, M23) match only as written, as whole tokens
_CAPS: dict[str, tuple] = {a: ("named", e, a) for e in _DATA["named"] for a in e["aliases"] if _is_caps(a)}
_CAPS_TOKEN_RX = re.compile(r"[A-Z0-9][A-Z0-9-]*[A-Z0-9]")
assert all(_CAPS_TOKEN_RX.fullmatch(a) for a in _CAPS), "capitalised aliases must be single tokens"


def _caps_hits(text: str) -> list[tuple[int, int, tuple]]:
    out = []
    n = len(text)
    for m in _CAPS_TOKEN_RX.finditer(text):
        v = _CAPS.get(m.group())
        if v is None:
            continue
        s, e = m.span()
        if (s and (text[s - 1].isalnum() or text[s - 1] == "-")) or (e < n and text[e].isalnum()):
            continue
        out.append((s, e, v))
    return out


_NAMED_AUTO = None


def _word_view(s: str) -> str:
    """`` s `` lower-cased, separators as single spaces (like _phrases.word_view, not memoised)."""
    return " " + " ".join(_VIEW_RX.sub(" ", s.lower().replace("’", "'")).split()) + " "


def named_group_kind(phrase: str) -> str | None:
    """The kind of the first named group in a short phrase ("members of the Nusra Front" ->
    rebel_group, "IS group militants" -> rebel_group), or None. Own automaton: the shared
    document pass and its memos are left alone."""
    global _NAMED_AUTO
    if _NAMED_AUTO is None:
        import ahocorasick

        auto = ahocorasick.Automaton()
        for e in _DATA["named"]:
            for a in e["aliases"]:
                if not _is_caps(a):
                    key = _word_view(a)
                    if key.strip():
                        auto.add_word(key, (len(key), e["kind"]))
        auto.make_automaton()
        _NAMED_AUTO = auto
    view = _word_view(phrase)
    best = None
    for end, (ln, kind) in _NAMED_AUTO.iter(view):
        if best is None or end - ln < best[0]:
            best = (end - ln, kind)
    caps = [(m.start(), _CAPS[m.group()][1]["kind"]) for m in _CAPS_TOKEN_RX.finditer(phrase) if m.group() in _CAPS]
    if caps and (best is None or caps[0][0] < best[0]):
        return caps[0][1]
    return best[1] if best else None


def _index(words: list[str], *, by_last: bool) -> dict[str, list[tuple[str, ...]]]:
    """Cue phrases as word tuples, indexed by their last (or first) word, longest first."""
    idx: dict[str, list[tuple[str, ...]]] = {}
    for w in sorted({tuple(x.lower().split()) for x in words}, key=len, reverse=True):
        idx.setdefault(w[-1] if by_last else w[0], []).append(w)
    return idx


_PERP_BEFORE = _index(_DATA["perpetrator_before"], by_last=True)
_VICT_BEFORE = _index(_DATA["victim_before"], by_last=True)
_PERP_AFTER = _index(_DATA["perpetrator_after"], by_last=False)
_VICT_AFTER = _index(_DATA["victim_after"], by_last=False)
_FILLERS = {"have", "has", "had", "reportedly", "allegedly", "also", "then", "later", "were", "who", "which", "that",
            "the", "a", "an", "remaining", "lingering", "suspected", "alleged", "its", "their", "his", "her", "some",
            "dozens", "of", "several", "many", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
_BLAME_STEMS = ("attribut", "blame", "blaming", "accuse", "accusing", "held responsible")
_PUNCT = ",.;:!?()[]\"“”"


def _before_cue(toks: list[str], cues: dict[str, list[tuple[str, ...]]]) -> bool:
    """Do the words ``toks`` (before a mention) end with a cue phrase, give or take two
    filler words? A token carrying punctuation ends the search (clause boundary)."""
    end = len(toks)
    for skip in range(3):
        if end <= 0:
            return False
        last = toks[end - 1]
        if last[-1] in _PUNCT:
            return False
        for phrase in cues.get(last, ()):
            n = len(phrase)
            if n == 1 or (n <= end and tuple(toks[end - n:end]) == phrase):
                return True
        if last not in _FILLERS and not last.replace(",", "").isdigit():
            return False
        end -= 1
    return False


def _after_tokens(after: str) -> list[str]:
    """The first words after a mention, past one comma-enclosed aside."""
    if after.startswith(","):
        j = after.find(",", 1, 60)
        if j < 0:
            return []
        after = after[j + 1:]
    return after.split(None, 7)[:7]


def _after_cue(toks: list[str], cues: dict[str, list[tuple[str, ...]]]) -> int:
    """Length (in words) of the cue phrase the words ``toks`` open with (two filler words
    allowed before it); 0 when none."""
    for i in range(min(3, len(toks))):
        first = toks[i]
        for phrase in cues.get(first.rstrip(_PUNCT), ()):
            n = len(phrase)
            if n == 1:
                return 1
            seg = toks[i:i + n]
            if len(seg) == n and tuple(t.rstrip(_PUNCT) for t in seg) == phrase:
                return n
        if first not in _FILLERS:
            return 0
    return 0


_COUNT_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                "dozens", "hundreds", "several", "scores", "dozen"}


def _count_before(toks: list[str]) -> bool:
    """Do the words before a noun end with a count ("12 soldiers", "dozens of police",
    "five Malian soldiers")? A year ("In 2016 soldiers ...") is not a count."""
    for i in (1, 2, 3):
        if len(toks) < i:
            return False
        w = toks[-i]
        if w[-1] in _PUNCT:
            return False
        if w in _COUNT_WORDS or (w.replace(",", "").isdigit() and not (len(w) == 4 and w[:2] in ("19", "20"))):
            return True
        if i == 1 and w == "of":
            continue
        if i >= 2 and w != "of":
            return False
    return False


class _Mention:
    __slots__ = ("start", "end", "name", "kind", "key", "canon", "modified", "default_role", "votes", "source")

    def __init__(self, start: int, end: int, name: str, kind: str, key: str, canon: str, modified: bool,
                 default_role: str):
        self.start, self.end, self.name, self.kind, self.key = start, end, name, kind, key
        self.canon, self.modified, self.default_role = canon, modified, default_role
        self.votes = {"perpetrator": 0.0, "victim": 0.0}
        self.source = False  # named only as the source of a report ("..., police said")


def _left_modifiers(text: str, start: int) -> tuple[int, list[str]]:
    """Extend a generic noun leftwards over modifier words; (new start, modifiers)."""
    mods: list[str] = []
    pos = start
    for _ in range(3):
        if pos < 2 or text[pos - 1] != " ":
            break
        k = text.rfind(" ", max(0, pos - 30), pos - 1)
        w = text[k + 1:pos - 1]
        if not w or not w[-1].isalnum() or not w.replace("-", "").replace("'", "").replace("’", "").isalnum():
            break
        lw = w.lower().replace("’", "'")
        if lw.endswith("'s") or lw in _STOP:
            break
        if not (w[0].isupper() or lw in _ID_MOD or lw in _STATE_MOD or lw in _OTHER_MOD):
            break
        mods.insert(0, lw)
        pos = k + 1
    return pos, mods


def _mentions(text: str, low: str) -> list[_Mention]:
    out: list[_Mention] = []
    hits = _MATCHER.longest(low)
    caps = _caps_hits(text)
    if caps:  # merge, keeping leftmost-longest without overlaps
        allh = sorted(hits + caps, key=lambda h: (h[0], -(h[1] - h[0])))
        hits, last = [], -1
        for h in allh:
            if h[0] >= last:
                hits.append(h)
                last = h[1]
    for s, e, (typ, spec, exact) in hits:
        if typ == "named":
            if low[max(0, s - 5):s] == "anti-" or low[max(0, s - 4):s] == "pro-":
                continue  # "anti-Houthi fighters", "pro-Hamas groups": a modifier, not the group
            out.append(_Mention(s, e, spec["name"], spec["kind"], "named:" + spec["name"], spec["name"], True,
                                spec.get("role", "perpetrator")))
            continue
        if typ == "group":
            if not text[s].isupper():
                continue
            out.append(_Mention(s, e, text[s:e], "civilians", "id:" + spec.lower(), "identity", True, "victim"))
            continue
        ns, mods = _left_modifiers(text, s)
        if s == ns and s > 1 and text[s - 1] == "-":  # "pro-government forces", "anti-Houthi fighters"
            k = s - 1
            while k > 0 and text[k - 1].isalpha():
                k -= 1
            if text[k:s - 1].lower() in ("pro", "anti"):
                ns = k
                mods = ["pro-government" if low[k:s - 1] == "pro" else "anti-government"]
        if out and ns < out[-1].end:  # "Boko Haram insurgents", "RSF fighters": the named actor
            if out[-1].key.startswith("named:"):
                out[-1].end = e
                continue
            ns, mods = out[-1].end + 1, []
        if spec.get("needs_modifier") and not mods:
            continue
        kind = spec["kind"]
        if kind in _ARMED_KINDS:
            if any(m in _ID_MOD for m in mods) and kind != "state_forces":
                kind = "identity_militia"
            elif any(m in _STATE_MOD for m in mods) and kind in ("unknown", "rebel_group") and spec["canon"] == "forces":
                kind = "state_forces"
            if any(m in ("pro-government", "pro-regime") for m in mods):
                kind = "political_militia"
        keymods = [m for m in mods if m not in _OTHER_MOD]
        key_id = next((m for m in mods if m in _ID_MOD), None)
        if kind == "civilians" and key_id:
            key = "id:" + key_id
        elif kind == "civilians":
            key = "civilians"  # civilians, villagers, children ... of no named identity: one actor
        elif kind == "state_forces":
            key = "state_forces"  # one state's forces under their several names
        else:
            key = f"{kind}:{spec['canon']}:{' '.join(keymods)}"
        out.append(_Mention(ns, e, text[ns:e], kind, key, spec["canon"], bool(keymods), spec["role"]))
    return out


def find_actors(text: str, claims: list[Claim] | None = None) -> list[Actor]:
    """Perpetrator and victim actors named in the text (see the module docstring)."""
    if not text:
        return []
    low = normalise(text)
    mentions = _mentions(text, low)
    sst = sentence_starts(text) if mentions else []
    spans = [(c.evidence.start, c.evidence.end) for c in claims or []
             if getattr(c, "evidence", None) is not None and getattr(c, "scope", "incident") == "incident"]
    seen: dict[str, int] = {}
    for m in mentions:
        seen[m.key] = k = seen.get(m.key, 0) + 1
        if k > _MAX_FRAMES_PER_ACTOR:
            continue  # enough evidence for this actor's role; long articles stay fast
        if m.kind == "civilians":  # civilians are victims unless a claim says otherwise: skip the frames
            if spans and any(a <= m.start and m.end <= b for a, b in spans):
                m.votes["victim"] += 3
            continue
        si = bisect.bisect_right(sst, m.start) - 1
        s0 = sst[si]
        s1 = sst[si + 1] if si + 1 < len(sst) else len(text)
        before = low[max(s0, m.start - 60):m.start]
        after = low[m.end:min(s1, m.end + 70)]
        v = m.votes
        toks = before.split()[-7:] if before and before[-1] == " " else []
        if toks and _before_cue(toks, _PERP_BEFORE):
            v["perpetrator"] += 2
        elif toks and _before_cue(toks, _VICT_BEFORE):
            v["victim"] += 2
        elif toks and toks[-1] in ("to", "on") and any(b in low[s0:m.start] for b in _BLAME_STEMS):
            v["perpetrator"] += 2
        atoks = _after_tokens(after)
        if before.rstrip().endswith(("according to", "told", "citing")) or (
                atoks and atoks[0].rstrip(_PUNCT) in _SAY_WORDS
                and (len(atoks) == 1 or atoks[0][-1] in _PUNCT or atoks[1] in _SAY_END)):
            m.source = True  # "..., police said.", "police said on Monday", "according to police"
        pa = _after_cue(atoks, _PERP_AFTER) if atoks else 0
        va = _after_cue(atoks, _VICT_AFTER) if atoks else 0
        if va and va >= pa:
            v["victim"] += 2
        elif pa:
            if m.kind != "unknown" and _count_before(toks):
                v["victim"] += 1  # "12 soldiers killed ..." reads as a toll
            else:
                v["perpetrator"] += 2
        if any(a <= m.start and m.end <= b for a, b in spans):
            v["victim"] += 3

    # merge mentions of the same actor; an unmodified generic joins an earlier modified one
    groups: dict[str, list[_Mention]] = {}
    canon_key: dict[tuple[str, str], str] = {}
    for m in mentions:
        key = m.key
        ck = ("armed" if m.kind in _ARMED_KINDS else m.kind, m.canon)
        if not m.modified and ck in canon_key:
            key = canon_key[ck]
        elif m.modified and ck not in canon_key:
            canon_key[ck] = key
        groups.setdefault(key, []).append(m)

    scored: list[tuple[str, float, int, Actor]] = []
    for ms in groups.values():
        perp = sum(m.votes["perpetrator"] for m in ms)
        vict = sum(m.votes["victim"] for m in ms)
        default = ms[0].default_role
        if perp == vict == 0 and all(m.source for m in ms):
            continue  # only ever a source of the report ("..., police said"): not a party to the event
        if perp == vict:
            role, strength = default, 0.0
        else:
            role = "perpetrator" if perp > vict else "victim"
            strength = abs(perp - vict)
        # name: the most descriptive mention (modified, longest), first on ties
        freq: dict[str, int] = {}
        for m in ms:
            freq[m.name.lower()] = freq.get(m.name.lower(), 0) + 1
        best = max(ms, key=lambda m: (m.modified, m.kind == "civilians" and m.canon == "civilians",
                                      freq[m.name.lower()], len(m.name), -m.start))
        name = " ".join(best.name.split())
        scored.append((role, strength + 0.1 * len(ms), ms[0].start, Actor(name=name, role=role, kind=best.kind)))
    # victims the casualty claims name but no noun phrase did ("killing four" of civilians, ...)
    have = {t[3].kind for t in scored}
    for c in claims or []:
        if getattr(c, "scope", "incident") != "incident" or getattr(c, "negated", False):
            continue
        if c.status not in ("killed", "injured", "kidnapped", "missing", "detained"):
            continue
        kind = _CLAIM_VICTIMS.get(c.group)
        if kind is not None and kind[1] not in have:
            have.add(kind[1])
            scored.append(("victim", 0.0, 1 << 30, Actor(name=kind[0], role="victim", kind=kind[1])))
    out: list[Actor] = []
    for role in ("perpetrator", "victim"):
        mine = sorted((t for t in scored if t[0] == role), key=lambda t: (-t[1], t[2]))
        out += [t[3] for t in mine[:MAX_PER_ROLE]]
    return out


_CLAIM_VICTIMS = {  # claim group -> (actor name, kind) when the text names no such actor
    "civilians": ("civilians", "civilians"), "children": ("civilians", "civilians"), "women": ("civilians", "civilians"),
    "journalists": ("journalists", "civilians"), "aid_workers": ("aid workers", "civilians"),
    "medical": ("medical workers", "civilians"), "protesters": ("protesters", "protesters"),
    "security_forces": ("security forces", "state_forces"),
}
