"""Casualty claims from report text (rule based, vocabularies in ``data/``).

For every number found by :mod:`numbers`, the words around it decide whether it is a
casualty figure, of which status and victim group:

=====================  ==========================================================
frame                  examples
=====================  ==========================================================
after (passive)        "12 people were killed", "nine civilians died", "20 killed and
                       35 wounded", "over 745 civilians perished", "3 went missing"
noun after             "1,000 fatalities", "12 dead", "nine civilian deaths",
                       "two bodies"
before (active)        "killing 12", "wounded 5 others", "claimed the lives of 9",
                       "abducted 30 students", "arrested 4"
left                   "left 12 dead and 30 injured"
toll                   "the death toll rose to 25", "the number of injured reached 40",
                       "the death toll also includes 125 members of ..."
funeral                "a funeral for four members of the security forces" (killed)
part                   "..., including nine children and four women" (part_of the
                       claim before; status inherited)
coordination           "killed 5 soldiers and 3 civilians" (status inherited)
negation               "no one was killed", "no casualties were reported" (value 0)
single victim          "gunmen killed the head of the district council", "a policeman
                       was shot dead", "his body (was) found" (value 1)
them                   "abducted five aid workers and later killed them" (the nearest
                       numbered people before "them" in the sentence; killed)
=====================  ==========================================================

Not tolls: numbers followed by a unit noun (``victims.json`` ``units``: years, days,
vehicles, houses, km, percent ...), ages ("a 25-year-old"), years, money, times; numbers
that are the subject of an active casualty verb ("two gunmen killed 5 people": the 2 are
attackers); hypotheticals and threats ("could kill thousands": scope ``hypothetical``);
cumulative or historical tolls ("since the war began in 2011, 500,000 have died": scope
``cumulative``/``historical``).

Victim groups come from the nouns around the number (``victims.json``); attacker nouns
("gunmen", "attackers", "suicide bomber") set ``perpetrator``.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from observatory.model import Claim, Evidence

from ._phrases import alternation
from .actors import named_group_kind
from .numbers import Number, find_numbers, normalise_digits, number_lead_words, number_starts, number_word_keys
from .text import Sentence, split_sentences

DATA = Path(__file__).with_name("data")
# A killed figure this large is a war total, not one incident's toll (scope "cumulative").
BIG_TOLL = 100_000
WAR_TOLL = 100  # "N killed in the ... conflict": a war's toll from this size on (or when vague)


def _alt(phrases) -> str:
    """Regex alternation for phrases, longest first, any whitespace between words (written
    as a trie: see :func:`._phrases.alternation`)."""
    return alternation(phrases)


def _word_rx(words: str, tail: str) -> re.Pattern:
    """``\\b(?:w1|w2|...)`` + ``tail``, case-insensitive, for words listed in one space-separated
    string (a trie, see :func:`_alt`: the same matches as the flat alternation)."""
    return re.compile(r"\b" + _alt(words.split()) + tail, re.I)


_LOWER_TWINS: dict = {}


def _lc(pat: re.Pattern) -> re.Pattern:
    """``pat`` (case-insensitive, every literal letter lower case) without IGNORECASE. On the
    lower-cased copy of an ASCII text it finds the same matches at the same offsets, faster:
    sre compares case-folded characters and skips no positions for case-insensitive patterns."""
    twin = _LOWER_TWINS.get(pat)
    if twin is None:
        if not pat.flags & re.I or "(?-i" in pat.pattern or re.search(r"(?<!\\)[A-Z]", pat.pattern.replace("(?P<", "(?<")):
            raise ValueError(f"no lower-case twin for {pat.pattern[:60]!r}")
        twin = _LOWER_TWINS[pat] = re.compile(pat.pattern, pat.flags & ~re.I)
    return twin


@dataclass
class Found:
    """A claim with what the rules learnt about it (internal)."""

    claim: Claim
    sent: int
    frame: str
    num_start: int = -1
    end: int = -1  # end of the phrase the claim covers (for parts/coordination)
    single: bool = False
    extra: dict = field(default_factory=dict)


# three days or more, two weeks or months or more: a span of many incidents
_MANY_DAYS = (r"(?:(?:[3-9]|[1-9]\d+|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty)\s+days"
              r"|(?:[2-9]|[1-9]\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty)\s+(?:weeks|months))")


@lru_cache(maxsize=1)
def _rules():
    verbs = json.loads((DATA / "casualty_verbs.json").read_text(encoding="utf-8"))
    vic = json.loads((DATA / "victims.json").read_text(encoding="utf-8"))
    R: dict = {"verbs": verbs, "vic": vic}
    status_of: dict[str, str] = {}
    for st, words in verbs["after"].items():
        for w in words:
            status_of.setdefault(" ".join(w.lower().split()), st)
    R["after_status"] = status_of
    aux_words = ["were", "was", "are", "is", "have", "has", "had", "been", "being", "be", "got", "get", "reportedly", "also", "all",
                 "later", "allegedly", "confirmed", "believed", "feared", "reported", "said", "thought", "known", "to",
                 "subsequently", "eventually", "instantly", "immediately", "initially", "either", "both", "critically",
                 "seriously", "severely", "slightly", "lightly", "badly", "gravely", "mortally", "themselves", "each", "too",
                 "apparently", "likely", "probably", "now", "so far", "just", "among those", "who", "that", "which",
                 "were left", "reported to have been", "not", "yet", "already", "earlier"]
    aux = r"(?:\s+(?:" + "|".join(w.replace(" ", r"\s+") for w in aux_words) + r"|\w+ly))*"
    # np_aux is matched whole: which aux word is tried first cannot change its groups, so a trie serves
    aux_trie = rf"(?:\s+(?:{_alt(aux_words)}|\w+ly))*"
    nums = json.loads((DATA / "numbers.json").read_text(encoding="utf-8"))
    num_words = list(nums["units"]) + list(nums["tens"]) + ["hundred", "thousand", "dozen", "dozens", "hundreds", "thousands", "among", "several"]
    numw = _alt(num_words)
    # words that end a victim phrase (tried as one trie in a negative lookahead, where order does not matter)
    np_stop = _alt("were was are is have has had been being or but after before when while said says as than since ago because "
                   "although per whereas if".split() + num_words)
    # a word's letters are taken whole (``*+``): what follows a word starts with a space, "," "(" or "["
    np_word = rf"(?:\s+(?:of|from)\s+(?:one|a\s+single|the\s+same)\s+(?:family|household|clan)\b|\s+(?:his|her|their)\s+(?:{numw})(?=\s)|\s+[“«\"]?(?!(?:{np_stop}|including(?=\s+(?:{numw}|\d|at\s+least|some|about|nearly|over|more)\b)|and(?=\s+(?:{numw}|\d|at\s+least|more|over|about|nearly|some|another|others|wounded|injured|killed|dead|hurt)\b))\b)[^\W\d_][\w'’\-\.]*+[”»\"]?|\s*,\s*(?:who|where|which|whose|most|many|mostly|all|both|some|including|among\s+(?:them|whom|those))\b[^,.;!?\d]{{0,120}},|\s*,\s*(?:{numw}|\d+)\s+of\s+(?:whom|them)\b[^,.;!?\d]{{0,80}},|\s*,\s*(?:including|among\s+(?:them|whom))\s+[^,.;!?]{{1,80}},|\s+\d+-(?:year|month|week|day)s?-old|\s*,?\s+aged\s+(?:between\s+|from\s+|about\s+|around\s+)?(?:\d{{1,2}}|{numw})(?:\s*(?:and|to|-|–|,)\s*(?:\d{{1,2}}|{numw}))*(?:\s+years)?(?:\s*,(?=\s))?|\s*\([^)\d]{{0,60}}\)|\s*\[[^\]\d]{{0,60}}\])"
    R["after"] = re.compile(rf"(?P<np>{np_word}{{0,8}}?)(?P<aux>{aux})\s+(?P<st>{_alt(status_of)})(?![\w-])", re.I)
    R["status_at"] = re.compile(rf"(?P<st>{_alt(status_of)})(?![\w-])", re.I)
    R["status_any"] = re.compile(rf"(?<![\w-])(?P<st>{_alt(status_of)})(?![\w-])", re.I)
    # a comma may close the victims' phrase: "Five troops, 19 civilians, killed in east Ukraine"
    R["np_aux"] = re.compile(rf"(?P<np>{np_word}{{0,10}})(?P<comma>(?<=[^\W\d_])\s*,)?(?P<aux>{aux_trie})\s*", re.I)
    R["aux_word"] = re.compile(r"\b(?:were|was|are|is|have|has|had|been|being)\b", re.I)
    R["after_tight"] = re.compile(rf"(?P<np>)(?P<aux>)\s*(?P<st>{_alt(status_of)})(?![\w-])", re.I)
    noun_status = {}
    for st, words in verbs["nouns_after"].items():
        for w in words:
            noun_status.setdefault(" ".join(w.lower().split()), st)
    R["noun_status"] = noun_status
    R["noun_after"] = re.compile(rf"(?P<np>(?:\s+[^\W\d_][\w'’\-]*+){{0,3}}?)\s+(?P<st>{_alt(noun_status)})(?![\w-])", re.I)
    before_status = {}
    for st, words in verbs["before"].items():
        for w in words:
            before_status.setdefault(" ".join(w.lower().split()), st)
    R["before_status"] = before_status
    filler = r"(?:(?:themselves|himself|herself)\s+and\s+)?(?:(?:(?:a|the|one)\s+)?family\s+of\s+|(?:\w+\s+)?members\s+of\s+(?:a|the|one)\s+family\s+of\s+)?(?:(?:his|her|their|its|the\s+other|the\s+remaining)\s+)?(?:(?:the\s+lives\s+of|a\s+total\s+of|an?\s+(?:additional|further|other)|another|further|all|at\s+least|also|some|only|nearly|about|over|more\s+than|as\s+many\s+as|up\s+to|around)\s+)?"
    R["before"] = re.compile(rf"\b(?P<st>{_alt(before_status)})\s+{filler}$", re.I)
    R["left"] = re.compile(rf"\b{_alt(verbs['left'])}\s+(?:(?:at\s+least|some|about|nearly|over|more\s+than|another)\s+)?$", re.I)
    left_st = {}
    for st, words in verbs["left_status"].items():
        for w in words:
            left_st[w] = st
    R["left_status"] = left_st
    R["left_after"] = re.compile(rf"(?P<np>(?:\s+[^\W\d_][\w'’\-]*){{0,4}}?)\s+(?:people\s+)?(?P<st>{_alt(left_st)})\b", re.I)
    # "burned 12 people alive", "stoned a woman to death": the victims between the verb and its ending
    R["split_rules"] = []
    for k, rule in enumerate(verbs["split"]):
        name = f"split{k}"
        R[name] = re.compile(rf"\b{_alt(rule['verbs'])}\s+(?:(?:at\s+least|some|about|nearly|over|more\s+than|another)\s+)?$", re.I)
        end = r"\s+".join(rule["end"].split())
        R[name + "_after"] = re.compile(rf"(?P<np>(?:\s+[^\W\d_][\w'’\-]*){{0,4}}?)\s+{end}\b", re.I)
        R["split_rules"].append((name, rule["status"]))
    # one person between the verb and its ending: "stoned a woman to death", "took a priest hostage"
    R["single_split"] = [(re.compile(rf"\b{_alt(rule['verbs'])}\s+(?P<obj>(?:a|an|one|the|his|her|their)\s+(?:[\w'’\-]+\s+){{0,3}}?[\w'’\-]+)"
                                     rf"\s+{r'[ ]+'.join(rule['end'].split())}\b", re.I), rule["status"], " " + rule["end"].split()[-1])
                         for rule in verbs["split"]]
    toll_kind = {}
    for st, words in verbs["toll"].items():
        for w in words:
            toll_kind[" ".join(w.split())] = st
    weak_kind = {}
    for st, words in verbs["toll_weak"].items():
        for w in words:
            weak_kind[" ".join(w.split())] = st
    R["toll_kind"], R["weak_kind"] = toll_kind, weak_kind
    stop = rf"(?!\b{_alt(verbs['toll_mid_stop'])}\b)"
    R["toll"] = re.compile(rf"\b(?P<t>{_alt(toll_kind)})\b(?P<mid>(?:{stop}[^.;!?\d]|\d+\s+hours\b){{0,60}}?)\s*\b(?P<link>{_alt(verbs['toll_link'])})\s*:?\s*(?:(?:some|about|around|at\s+least)\s+)?$", re.I)
    R["toll_long"] = re.compile(rf"\b(?P<t>{_alt(toll_kind)})\b(?P<mid>(?:{stop}[^.;:,!?\d]){{61,150}}?)\s*\b(?P<link>{_alt(verbs['toll_long_link'])})\s*(?:(?:some|about|around|at\s+least)\s+)?$", re.I)
    R["toll_weak"] = re.compile(rf"\b(?P<t>{_alt(weak_kind)})\b(?P<mid>[^.;!?\d]{{0,30}}?)\s*\b(?P<link>{_alt(verbs['toll_weak_link'])})\s*:?\s*$", re.I)
    trig = set()
    for part in ("after", "before", "nouns_after", "toll", "toll_weak"):
        for words in verbs[part].values():
            trig.update(words)
    for words in verbs["left_status"].values():
        trig.update(words)
    trig.update(verbs["funeral_nouns"])
    trig.update(verbs["left"])
    for rule in verbs["split"]:
        trig.update(rule["verbs"])
    trig.update(["no one", "nobody", "no-one", "casualties", "casualty", "victim", "victims", "body", "corpse", "murder",
                 "killing", "slaying", "assassination", "execution", "death", "lynching", "beheading", "shot", "gunned",
                 "stabbed", "slit", "butchered", "slaughtered", "another", "without", "succumbed", "died", "dies", "perished",
                 "injuries", "injured", "wounded", "hurt", "kill", "kills", "assassinate", "assassinated", "assassinating",
                 "bury", "burying", "kia", "wia"])
    R["trigger_words"] = frozenset(w.split()[0].lower() for w in trig)
    import ahocorasick

    auto = ahocorasick.Automaton()
    for w in R["trigger_words"]:
        auto.add_word(w, len(w))
    auto.make_automaton()
    R["trigger_auto"] = auto
    fw = lambda phrases: frozenset(p.split()[0].lower() for p in phrases)
    R["first"] = {
        "before": fw(before_status),
        "left": fw(verbs["left"]),
        **{f"split{k}": fw(rule["verbs"]) for k, rule in enumerate(verbs["split"])},
        "split_any": frozenset().union(*(fw(rule["verbs"]) for rule in verbs["split"])),
        "toll": fw(toll_kind),
        "toll_weak": fw(weak_kind),
        "toll_long": fw(toll_kind),
        "funeral": fw(verbs["funeral_nouns"]),
        "buried": frozenset({"buried", "bury", "burying"}),
    }
    R["revision"] = re.compile(rf"\b{_alt(verbs['revision'])}\b", re.I)
    R["funeral"] = re.compile(rf"\b{_alt(verbs['funeral_nouns'])}\b[^.;!?\d]{{0,45}}?\b(?:for|of)\s+(?:the\s+)?(?:(?:victims?|people|those)\s+[^.;!?\d]{{0,50}}?\b(?:including|among\s+them)\s+)?$", re.I)
    R["buried"] = re.compile(r"\b(?:buried|bury|burying)\s+$", re.I)
    # groups
    gword = {}
    for g, words in vic["groups"].items():
        for w in words:
            gword.setdefault(" ".join(w.lower().split()), g)
    for w in vic["neutral"]:
        gword.setdefault(" ".join(w.lower().split()), "total")
    R["group_of"] = gword
    R["group_re"] = re.compile(rf"(?<![\w-]){_alt(gword)}(?![\w-])", re.I)
    first: dict[str, list[tuple[str, ...]]] = {}
    for w in sorted(gword, key=lambda x: (-len(x), x)):  # longest first, as in the alternation
        t = tuple(w.split())
        first.setdefault(t[0], []).append(t)
    R["group_first"] = first
    R["perp"] = {w.lower() for w in vic["perpetrator"]}
    R["member_nouns"] = frozenset(vic["member_nouns"])
    R["member_kinds"] = vic["member_kinds"]
    R["units"] = re.compile(rf"^\s*(?:-\s*|\s)?(?:[^\W\d_][\w'’\-]*\s+){{0,2}}?{_alt(vic['units'])}(?![\w])", re.I)
    # a unit at the match position (no ``^``: also matched at a number's end in the whole text)
    R["unit_at"] = re.compile(rf"[\s-]*{_alt(vic['units'])}(?![\w])", re.I)
    # a word of each relation phrase (its longest): an ASCII string with none of them cannot match
    R["relation_words"] = tuple({max(r.lower().split(), key=len) for r in vic["relations"]})
    R["relation_word_rx"] = re.compile("|".join(re.escape(w) for w in sorted(R["relation_words"])))  # one search for all
    R["relation"] = re.compile(rf"^[^.;!?\d]{{0,150}}?\b(?P<rel>{_alt(vic['relations'])})\b(?:\s+(?:were|was|are|is|included|includes|include))?\s*:?\s*"
                               r"(?:(?:a|an|one|his|her|their)\s+[\w'’-]+(?:\s+[\w'’-]+)?\s*(?:,\s*and|,|and)\s+)*"  # "among them a child and two women"
                               r"(?:(?:at\s+least|some|about|nearly|over|more\s+than)\s+)?$", re.I)
    R["coord"] = re.compile(r"^(?:\s+[^\W\d_][\w'’\-]*){0,6}?\s*(?:,\s*(?:and\s+|as\s+well\s+as\s+|plus\s+|as\s+(?:were|was|did)\s+)?|\s+(?:and|as\s+well\s+as|plus|while|whereas|as\s+were|as\s+was)\s+)(?:(?:another|a\s+further|an\s+additional|some|at\s+least|about|nearly|over|more\s+than)\s+)?$", re.I)
    R["back_gap"] = re.compile(r"(?P<np>(?:\s+(?:of\s+|from\s+)?(?!(?:were|was|are|is|have|has|had|been)\b)[^\W\d_][\w'’\-\.]*){0,6}?)\s*(?:,\s*)?(?:(?P<rel>including|among\s+them|among\s+whom|of\s+whom)|(?:and|as\s+well\s+as|plus|along\s+with|,))\s*(?:(?:at\s+least|some|about|nearly|over|more\s+than|another)\s+)?", re.I)
    R["additive"] = re.compile(r"\b(?:others|other|more(?!\s+than)|another|further|additional)\b", re.I)
    R["of_them"] = re.compile(r"\s+of\s+(?:them|whom|those|the\s+(?:dead|victims|killed|injured|wounded|deceased|casualties))\b", re.I)
    R["np_after"] = re.compile(r"(?:\s+(?:(?:of|from)\s+(?:the\s+)?)?(?!(?:in|at|on|near|during|when|after|and|or|but|as|with|by|while|inside|outside|who|which|that|since|before|across|into|from|to|were|was|are|(?-i:is)|had|have|has|including|among|mostly|mainly)\b)[^\W\d_][\w'’\-]*(?:(?:\.[\w'’\-]+)+\.?)?){0,6}", re.I)
    # passive voice check for verbs that can be active ("two gunmen killed 5 people")
    R["adj_next"] = re.compile(r"\s*(?:people|persons|civilians|soldiers|troops|children|women|men|residents|villagers|families|family|fighters|militants|policemen|police|officers|bodies|victims|patients|persons|individuals|ones|and\s+(?:dead|killed|wounded|injured))\b", re.I)
    R["noun_next"] = re.compile(r"\s+(?!(?:in|at|on|and|or|when|after|by|during|as|while|near|since|following|from|to|with|including|were|was|are|is|have|has|had|the|a|an|this|that|last|early|late|overnight|yesterday|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|so|far|but|because|amid|across|inside|outside|around|over|under|before|among|according|said|says|[\d])\b)[^\W\d_][\w'’\-]*", re.I)
    R["active_next"] = re.compile(r"\s+(?:(?:at\s+least|more\s+than|about|some|nearly|around|up\s+to|over|the|a|an|his|her|their|its|him|them|one|two|three|four|five|six|seven|eight|nine|ten|several|dozens|hundreds|scores|many|people|civilians|\d)\b|\d|(?-i:(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|In|On|At|Last|Early|Late|During|After|Before|When|While|Near|Overnight)\b)[A-Z][a-z]))", re.I)
    R["modal"] = re.compile(r"\b(?:could|would|might|(?-i:may|will|can)|threaten\w*|vow\w*|plann\w*|plans?|intend\w*|risk\w*|capable|enough\s+to|designed\s+to|aimed\s+to|aiming\s+to|warn\w*\s+that|if)\b", re.I)
    R["cumulative"] = re.compile(
        r"\b(?:since\s+(?:(?:the\s+)?(?:start|beginning|outbreak|onset)(?!\s+of\s+(?:the\s+)?(?:day|today)\b)|(?:19|20)\d\d|the\s+(?:war|conflict|uprising|revolution|crisis|insurgency|civil\s+war)|the\s+(?:clashes|fighting|violence|unrest|protests|offensive|operation|attacks|campaign|siege|assault|crackdown)\s+(?:began|started|erupted|broke\s+out)|(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+(?:19|20)\d\d|last\s+year|the\s+year\s+began|records\s+began)|so\s+far\s+this\s+year|(?:earlier\s+)?this\s+year|to\s+date|over\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:years?|months?|decades?)|in\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:years|months|decades?)|(?:war|conflict|uprising|insurgency|violence\s+since|crisis)\s+(?:has|had|have)\s+(?:so\s+far\s+)?(?:killed|claimed|left)|(?:overall|total|cumulative)\s+(?:death\s+)?toll\s+(?:in|of|from)\s+the\s+(?:war|conflict)|in\s+(?:the\s+)?(?:war|conflict)\s+(?:so\s+far|overall)|throughout\s+the\s+(?:war|conflict)|during\s+the\s+(?:war|conflict)|(?:a|the)\s+total\s+of\s+[^.]{0,40}\bsince\b"
        r"|since\s+(?:then|it\s+(?:began|started|erupted)|(?:early|mid|late)\s+(?:19|20)\d\d)"
        r"|since\s+[^.;]{0,60}?\b(?:began|started|launched)\s+(?:an?|the|its|their)\s+(?:[\w-]+\s+)?(?:offensive|campaign|assault|operation|bombardment|escalation)"
        r"|since\s+(?:last\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
        r"|since\s+the\s+[^.;,]{2,60}?\s+(?:passed|adopted|signed|announced|took\s+effect|came\s+into\s+(?:effect|force))\b"
        r"|since\s+(?:\d{1,2}\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)"
        r"|(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{1,2}\b)"
        # a running tally over many days: "raises the death toll to 191 in 6 days", "raises to 1170,
        # the number of civilian casualties during 23 days", "since the ceasefire agreement" (a toll
        # "in two days" is one episode; "30 killed in three days of fighting" is not a raised toll)
        rf"|(?:toll\s+to|(?:raises?|raised|raising|rises|rose)\s+to)\s+[^.;]{{0,80}}?\b(?:in|during|over|within)\s+(?:the\s+)?(?:last\s+|past\s+)?{_MANY_DAYS}"
        r"|since\s+(?:the\s+)?(?:[\w'’–-]+\s+){0,4}?(?:agreement|ceasefire|cease-fire|truce|accord)\b"
        r"|(?:war|conflict|uprising|insurgency)\s+(?:that|which)\s+(?:has|had|have)\s+(?:\w+\s+)?(?:killed|claimed|left)"
        # "The war between the army and the RSF, which erupted in April last year, has killed ..."
        r"|(?<![\w-])(?:war|conflict|uprising|insurgency)(?![\w-])[^.;!?]{1,100}?\b(?:has|have|had)\s+(?:so\s+far\s+)?(?:killed|claimed|left|displaced)\b"
        r"|(?:war|conflict)\s+(?:death\s+)?toll"
        # "bringing the toll from a week of attacks to 60": a toll over many incidents
        r"|toll\s+(?:from|of|in|for)\s+(?:a|the|this|last|recent)\s+(?:[\w'’-]+\s+){0,3}?(?:weeks?|months?|days|series|wave|spate|string|campaign)\s+of\s+(?:[\w'’-]+\s+)?(?:attacks|violence|fighting|clashes|raids|strikes|air\s*strikes|bombings|killings|unrest))",
        re.I,
    )
    # "killed in the Syrian conflict": a war's toll when the number is large or vague ("Five killed in
    # eastern Ukraine conflict" is one incident's)
    R["cum_war"] = re.compile(
        r"\b(?:killed|died|dead|deaths|lives|perished)\s+(?:\w+\s+){0,2}(?:in|during|since|throughout)\s+(?:the\s+)?(?:\w+['’]?s?\s+){0,2}(?:war|conflict|uprising|revolution|civil\s+war|insurgency)\b(?!\s+(?:zone|area|monitor|planes?|jets?)\b|[-‐]\w)",
        re.I)
    R["historical"] = re.compile(r"\b(?:(?:\w+\s+)?years?\s+ago|last\s+year|(?:in|during)\s+the\s+(?:19|20)\d0s|previous\s+year|decades?\s+ago|back\s+in\s+(?:19|20)\d\d|in\s+(?:19|20)\d\d)\b", re.I)
    R["year_in"] = re.compile(r"\b(?:in|during|back\s+in)\s+((?:19|20)\d\d)\b", re.I)
    R["neg"] = re.compile(
        r"\b(?:no\s+one|nobody|no-one|none\s+of\s+(?:the\s+)?\w+)\b(?:\s+(?:else|was|were|has|had|have|been|reportedly|immediately|seriously|else))*\s+(?P<st>killed|hurt|injured|wounded|harmed|died|dead)\b"
        r"|\bno\s+(?:(?:immediate|other|further|reported|known|confirmed|human)\s+)*(?:reports?\s+of\s+(?:any\s+)?)?(?P<n>casualties|deaths|fatalities|injuries|dead|victims|one\s+(?:was\s+)?(?:killed|injured|hurt))\b"
        r"|\bwithout\s+(?:causing\s+)?(?:any\s+)?(?P<w>casualties|injuries|deaths|fatalities)\b"
        r"|\bno\s+(?:[a-z]+\s+){0,2}?(?:was|were|has\s+been|have\s+been)\s+(?:\w+ly\s+)?(?P<st2>killed|hurt|injured|wounded|harmed)\b",
        re.I,
    )
    single_verbs = r"(?:shot\s+to\s+death|found\s+(?:murdered|butchered|slain|beheaded|killed)|shot\s+dead|shot\s+and\s+killed|killed|murdered|assassinated|beheaded|executed|stabbed\s+to\s+death|beaten\s+to\s+death|burned\s+to\s+death|found\s+dead|gunned\s+down|slain|lynched|fatally\s+(?:shot|stabbed|wounded)|hacked\s+to\s+death|tortured\s+to\s+death|killed\s+instantly)"
    R["single_verb"] = re.compile(
        rf"\b(?:(?:was|were|has\s+been|have\s+been|had\s+been|got|is|are)\s+(?:(?:said|reported|believed|thought)\s+to\s+have\s+been\s+)?(?:(?:reportedly|allegedly|also|later|then|brutally|subsequently|apparently|fatally|allegedly|both|all|found)\s+)?(?P<st>{single_verbs}|(?P<inj>injured|wounded|hurt|abducted|kidnapped|arrested|detained|shot\s+in\s+the\s+(?:legs?|arms?|hands?|foot|feet|thighs?|shoulders?|knees?|buttocks)))|(?P<died>(?:has\s+|had\s+|later\s+|also\s+)?(?:died|succumbed|perished|was\s+pronounced\s+dead)))\b",
        re.I,
    )
    # "Gunmen abducted two civilians. The victims were later found dead": the people counted in an
    # earlier sentence, named again as the victims, hostages or their bodies
    held = r"(?:victims|hostages|abductees|captives|kidnapped|abducted|kidnap\s+victims|(?:kidnapped|abducted)\s+[a-z]+)"
    R["anaphor_killed"] = re.compile(
        rf"(?:[^,.;!?\d]{{0,40}},\s*)?(?P<subj>(?:the|all(?:\s+the)?|both(?:\s+the)?)\s+{held}|(?:all|both)\s+of\s+them"
        rf"|(?:their|the\s+{held}['’]?)\s+(?:dead\s+)?bodies|the\s+bodies\s+of\s+(?:the\s+{held}|all\s+of\s+them|both))"
        rf"\s+(?:were|had\s+been|have\s+been)\s+(?:(?:later|subsequently|reportedly|allegedly|all|both|then|eventually|brutally|also)\s+)*"
        rf"(?:(?P<body>found|discovered|recovered|retrieved|dumped)(?!\s+(?:alive|safe|unharmed))|{single_verbs})\b",
        re.I)
    R["single_tail"] = re.compile(r"\s*(?:,\s*and\s+|\s+and\s+|\s+as\s+well\s+as\s+|\s+along\s+with\s+|,\s*(?=(?:another|his|her|their)\s))(?P<obj>(?:(?:a|an|another|his|her|their|its|one)\s+|(?=(?:baby|child|son|daughter|wife|husband|brother|sister|father|mother|driver|bodyguard|guard|nephew|niece|cousin|grandson|granddaughter)\b))(?P<np>(?:[\w'’\-]+\s+){0,3}?[\w'’\-]+))(?=\s*(?:[,.;]|$|\s+(?:in|at|on|near|and|who|during|when|while|as|of|after|before)\b))", re.I)
    R["single_another"] = re.compile(r"\b(?:another|a\s+second|one\s+other)(?:\s+(?!was\b|were\b)[a-z]+){0,2}?\s+(?:was\s+|got\s+|is\s+)?(?:\w+ly\s+)?(?P<st>wounded|injured|hurt|killed|dead)\b|\b(?P<st2>wounding|injuring|killing|hurting|wounded|injured|killed)\s+(?:another|a\s+second|one\s+other)\b(?!\s+\d)(?!\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen|\w+teen|\w+ty)\b)", re.I)
    R["single_left"] = re.compile(r"\b(?:left|leaving|leaves)\s+(?P<np>(?:a|an|one|the|his|her)\s+(?:[\w'’\-]+\s+){0,3}?)(?P<st>dead|injured|wounded)\b", re.I)
    R["conj"] = re.compile(r"\s*(?:,\s*and\s+|\s+and\s+|\s+as\s+well\s+as\s+|\s+along\s+with\s+|\s+plus\s+|,?\s+as\s+(?:were|was)\s+)", re.I)
    R["single_noun"] = re.compile(r"\b(?:the\s+)?(?:murder|killing|slaying|assassination|beheading|execution|lynching|death)\s+of\s+(?P<np>(?:a|an|the|his|her|[A-Z])(?:[^,.;!?\d]|\d{1,3}-year-old){0,50}?)(?=\s*(?:[,.;]|$|\s+(?:in|at|on|near|by|who|during|when|while|as|and)\b))")
    R["single_passive"] = re.compile(
        rf"(?P<subj>\b(?i:a|an|one|the|his|her|their|its)\s+[^,.;!?]{{0,50}}?|(?<![a-z]\s)\b[A-Z][\w'’\-]+(?:\s+(?:[A-Z][\w'’\-]+|al|bin|ibn|de|van|von|el|abu)){{0,4}}(?:\s*,[^,.;!?\d]{{1,80}},)?|\b(?i:he|she))\s+(?:was|has\s+been|had\s+been|got)\s+(?:(?:reportedly|allegedly|also|later|then|brutally|subsequently|apparently|fatally|allegedly)\s+)?(?P<st>{single_verbs}|(?P<inj>injured|wounded|hurt|abducted|kidnapped|arrested|detained))\b",
    )
    R["single_active"] = re.compile(
        rf"\b(?:killed|killing|kills|kill|shot\s+dead|shooting\s+dead|shoots?\s+dead|assassinated|assassinating|assassinates|assassinate|murdered|murdering|(?<!\bthe\s)(?<!\ba\s)murders?|beheaded|beheading|beheads|behead|executed|executing|executes|stabbed\s+to\s+death|stabs?\s+to\s+death|lynched|lynch(?:es)?|gunned\s+down|guns?\s+down|slaughtered|slaughters?|slit\s+the\s+throats?\s+of|butchered|shot\s+and\s+killed|(?:burned|burnt|burning|buried|burying)\s+alive)\s+(?:at\s+least\s+)?(?P<obj>(?:(?:a|an|the|one|his|her|their|its)\b|(?-i:[A-Z]))\s*(?P<np>(?:[\w'’\-]+\s+){{0,4}}?(?P<head>[\w'’\-]+))(?:\s+(?:of|from|in|at|on|near|outside|inside|while|as|and|,|\.|who|during|when|aged|named|[a-z]+ing)\b|\s+\((?-i:[A-Z])|[,.;]|$))",
        re.I,
    )
    # "bandits killed a child and injured his mother": one injured person (a person noun is required)
    R["single_active_inj"] = re.compile(
        r"\b(?:injured|injuring|wounded|wounding|hurt|hurting)\s+(?P<obj>(?:a|an|the|one|his|her|their|its)\s+(?P<np>(?:[\w'’\-]+\s+){0,4}?(?P<head>[\w'’\-]+))(?:\s+(?:of|from|in|at|on|near|outside|inside|while|as|and|,|\.|who|during|when)\b|[,.;]|$))",
        re.I,
    )
    R["single_body"] = re.compile(r"\b(?:(?:his|her|a|the)\s+(?:dead\s+)?(?:body|corpse)|the\s+(?:body|corpse)\s+of\s+[^,.;!?\d]{1,60}?"
                                  r"|(?:(?<=\A)|(?<=\n)|(?<=:\s))(?:body|corpse)(?:\s+of\s+(?:a|an)\s+[^,.;!?\d]{1,40}?)?)\s+(?:(?:was|has\s+been|had\s+been)\s+(?:\w+\s+)?|(?=found|discovered))(?:found|discovered|recovered|retrieved|dumped)\b", re.I)
    return R


_PARTS_TAIL = re.compile(r"(?:,\s*|\s+)(?:including|among\s+them|among\s+whom|mostly|mainly|most\s+of\s+them|the\s+majority)\b.*$", re.I | re.S)


@lru_cache(maxsize=8192)
def group_of(np: str) -> tuple[str, bool, str | None]:
    """(group, perpetrator?, matched noun) for a victim phrase; ('total', False, None) if none.
    Only the head phrase counts: "people, including children" is a total with parts."""
    R = _rules()
    np = _PARTS_TAIL.sub("", np)
    first = None
    for w in _group_words(R["group_first"], np):
        g = R["group_of"][w]
        if g != "total":
            return g, w in R["perp"], w
        if first is None:
            first = w
    if "year-old" in np:
        am = _AGE_NOUN.search(np)
        if am is not None and int(am.group(1)) < CHILD_AGE:
            return "children", False, am.group()  # "killed a 12-year-old": a child
    if first in R["member_nouns"]:
        # "25 members of the Al Qaeda-linked Nusra Front": the named group's side
        g = R["member_kinds"].get(named_group_kind(np) or "")
        if g:
            return g, False, first
    return "total", False, first


# a victim named by age alone ("a 12-year-old") is a child under this age
CHILD_AGE = 18
_AGE_NOUN = re.compile(r"\b(\d{1,2})-year-old(?!-|\s+(?:man|woman|men|women|soldier|policeman|father|mother|husband|wife)\b)")


_GTOK = re.compile(r"[\w-]+")


def _group_words(first: dict, np: str):
    """The victim nouns of ``np`` left to right, leftmost-longest, as lower-case phrases: the
    same as ``R["group_re"].finditer`` (whole words, any whitespace between the words of a
    phrase) by a word-tuple lookup instead of a 343-branch alternation tried at every word."""
    toks = [(m.start(), m.end(), m.group().lower()) for m in _GTOK.finditer(np)]
    i, n = 0, len(toks)
    while i < n:
        step = 1
        for phrase in first.get(toks[i][2], ()):
            k = len(phrase)
            if i + k <= n and all(toks[i + j][2] == phrase[j] and np[toks[i + j - 1][1]:toks[i + j][0]].isspace()
                                  for j in range(1, k)):
                yield " ".join(phrase)
                step = k
                break
        i += step


def _is_unit(after: str) -> bool:
    """Does ``after`` start with a unit ("years", "km", "per cent"...) after spaces or dashes?"""
    return _rules()["unit_at"].match(after) is not None


def _claim(n: Number | None, status: str, group: str, text: str, s: int, e: int, **kw) -> Claim:
    if n is None:
        value, low, high, q = kw.pop("value", 1), None, None, "exact"
    else:
        value, low, high, q = n.value, n.low, n.high, n.qualifier
    if q == "exact" and value is not None:
        low = high = None
    return Claim(status=status, group=group, value=value, low=low, high=high, qualifier=q,
                 evidence=Evidence(s, e, text[s:e]), **kw)


_WORD = re.compile(r"[A-Za-z][a-z\-]*")


def find_claims(text: str, sentences: list[Sentence] | None = None, numbers: list[Number] | None = None,
                published: str | None = None) -> list[Found]:
    """All casualty claims in ``text`` in text order (internal records; see :func:`extract_claims`)."""
    R = _rules()
    if sentences is None:
        sentences = split_sentences(text)
    lazy_numbers = numbers is None
    norm = None
    lower_pub_year = int(published[:4]) if published and published[:4].isdigit() else None
    found: list[Found] = []
    # only sentences with a casualty word can hold a claim
    low = text.lower()
    scan = None
    alow = low if text.isascii() else None  # for the lower-case twins of patterns (_lc)
    if len(low) == len(text):  # one keyword pass for casualty words, gates and number starts
        scan = _DocScan(low, text.isascii())
        trig, trig_word, gates = scan.trig, scan.trig_word, scan.gates
    else:  # lower-casing changed lengths: casualty words on the lower-cased text, no gates
        trig = []
        trig_word: dict[int, str] = {}  # start -> the casualty word there
        n_low = len(low)
        for e, n in R["trigger_auto"].iter(low):
            b = e - n + 1
            if (b == 0 or not low[b - 1].isalpha()) and (e + 1 >= n_low or not low[e + 1].isalpha()):
                trig.append(b)
                trig_word[b] = low[b:e + 1]
        trig.sort()
        gates = None
    if not trig:
        return found
    ni = 0
    held_seen = False  # a kidnapped or missing count so far (for "The victims were later found dead")
    for si, sent in enumerate(sentences):
        snums = []
        while not lazy_numbers and ni < len(numbers) and numbers[ni].start < sent.end:
            if numbers[ni].start >= sent.start:
                snums.append(numbers[ni])
            ni += 1
        k = bisect_left(trig, sent.start)
        if k >= len(trig) or trig[k] >= sent.end:
            continue
        if lazy_numbers:
            if norm is None:
                norm = normalise_digits(text)
                doc_starts = (number_starts(norm, word_starts=scan.word_starts, digit_starts=scan.digit_starts)
                              if scan is not None else number_starts(norm))
            snums = find_numbers(text, sent.start, sent.end, norm=norm, starts=doc_starts)
        sfound: list[Found] = []
        for n in snums:
            f = _frame(text, sent, si, n, sfound, trig, trig_word)
            if f:
                sfound.append(f)
                if f.extra.get("extra") is not None:
                    sfound.append(f.extra.pop("extra"))
        _backward(text, sent, si, snums, sfound)
        _inner_parts(text, si, snums, sfound)
        if low.find("ranks", sent.start, sent.end) >= 0:
            _ranks_of(text, sfound)
        if len(sfound) > 1:
            _nested_parts(text, sfound)
        # "30 casualties, including 10 dead": casualties there means killed and injured
        cas = [f for f in sfound if f.frame == "noun" and "casualt" in f.claim.evidence.text.lower()]
        if cas and any(f.claim.status == "killed" and f not in cas for f in sfound):
            sfound = [f for f in sfound if f not in cas]
        # a claim right after "including"/"among them" is a part of the claim before it
        sfound.sort(key=lambda f: f.claim.evidence.start)
        for k in range(1, len(sfound)):
            f, p = sfound[k], sfound[k - 1]
            if f.frame in ("part",) or f.extra.get("parent") or p.end > f.claim.evidence.start:
                continue
            if _relation(text[p.end:f.claim.evidence.start]) and f.claim.status == p.claim.status:
                f.frame = "part"
                f.extra["parent"] = p.extra.get("parent") or p
                f.extra.pop("join", None)
        sent_words = [trig_word[p] for p in trig[bisect_left(trig, sent.start):bisect_left(trig, sent.end)]] if alow is not None else None
        slow = low[sent.start:sent.end]
        if "includ" in slow or "among" in slow:
            _relation_singles(text, sent, si, sfound)
            _dead_singles(text, sent, si, sfound, found)
        _negations(text, sent, si, sfound, alow, sent_words)
        n_before = len(sfound)
        _singles(text, sent, si, sfound, gates, alow)
        if len(sfound) > n_before and snums:
            _backward(text, sent, si, snums, sfound, subjects_only=True)  # "Two policemen, civilian killed"
        if "them" in slow:
            _killed_them(text, sent, si, snums, sfound)
        if held_seen and not any(f.claim.status == "killed" for f in sfound):
            _killed_antecedent(text, sent, si, sfound, found)
        if "among" in slow or "include" in slow:
            _among_parts(text, sent, si, snums, sfound, found)
        for f in sfound:
            _scope(text, sent, f, lower_pub_year, gates, alow)
        sfound.sort(key=lambda f: f.claim.evidence.start)
        found.extend(sfound)
        if sfound and not held_seen:
            held_seen = any(f.claim.status in ("kidnapped", "missing") for f in sfound)
    # "... killed four people on Sunday. The attack came as troops had executed 48 people earlier
    # this week": an earlier event told as background, once the report has its own incident
    seen_status: set[str] = set()
    for f in found:
        c = f.claim
        if c.scope != "incident" or c.negated or f.frame == "part":
            continue
        if c.status in seen_status:
            sent = sentences[f.sent]
            a, b = max(sent.start, c.evidence.start - 80), min(sent.end, c.evidence.end + 60)
            if _earlier_gate(text, a, b) and _EARLIER.search(text, a, b):
                c.scope = "historical"
                continue
            if "after" in text[a:c.evidence.start] and _DAYS_AFTER.search(text, a, c.evidence.start):
                c.scope = "historical"  # "... one day after a gunman killed another mayor": the day before's
                continue
        seen_status.add(c.status)
    estimate_words = any(w in low for w in _ESTIMATE_STEMS)
    for f in (found if estimate_words else ()):  # "initially said 10 ...", "earlier reports had put the toll at 5"
        c = f.claim
        if c.scope == "incident" and not c.negated and f.frame != "part":
            a = max(sentences[f.sent].start, c.evidence.start - 70)
            low_w = text[a:c.evidence.start].lower()
            if any(w in low_w for w in _ESTIMATE_STEMS) and _EARLIER_ESTIMATE.search(text, a, c.evidence.start):
                c.earlier = True
    for f in found:  # parts share the scope of the toll they belong to
        p = f.extra.get("parent")
        if p is not None and p.claim.scope != "incident" and f.claim.scope == "incident":
            f.claim.scope = p.claim.scope
    # "N others": added to the claim of the same status before it (when it is not a restatement)
    later_words = any(w in low for w in ("hospital", "later", "subsequently", "succumb", "died of"))
    revised_sents = {g.sent for g in found if g.claim.revision}  # a revised toll there already counts the later dead
    for i, f in enumerate(found):
        c = f.claim
        if f.frame in ("part", "negation") or c.part_of is not None or f.extra.get("parent") or c.value is None:
            continue
        ma = R["additive"].search(c.evidence.text)
        at = f.num_start if f.num_start >= 0 else c.evidence.start
        if ma and ma.group().lower() == "other" and _LIST_BEFORE.search(text, max(0, at - 6), at):
            ma = None  # "Two village heads, the chairman ... and two other persons": other than those listed
        if not ma and later_words and c.status == "killed" and i and f.frame != "single":
            sent = sentences[f.sent]
            # "21 were taken to Nyala Hospital, where one victim died": a wounded person who died later
            ma = _LATER_DEATH.search(text, max(sent.start, c.evidence.start - 40), min(sent.end, c.evidence.end + 40))
            if ma and (not any(g.claim.status == "injured" for g in found[:i]) or f.sent in revised_sents):
                ma = None
        if ma and "join" not in f.extra:
            for g in reversed(found[:i]):
                d = g.claim
                if d.status == c.status and not g.extra.get("parent") and d.scope == c.scope and d.value is not None and not d.negated and (
                        d.value != c.value or _ANOTHER.search(c.evidence.text)):  # ("... the death of another paramedic": one more)
                    f.extra["join"] = g
                    break
    # "Seven of those killed were ...", "three of them children": a part of the claim before
    for i, f in enumerate(found):
        mo = R["of_them"].match(text, f.num_start + len(_first_token(text, f.num_start))) if (
            i and f.frame != "part" and not f.extra.get("parent") and f.num_start >= 0) else None
        if mo and f.claim.status == "killed" and _OF_THE_HURT.search(mo.group()):
            # "Two of the injured later died": more dead, not a part of the dead (unless a revised
            # toll in the sentence counts them: "The toll climbed to 11 after seven of the wounded died")
            if f.sent not in revised_sents:
                g = next((g for g in reversed(found[:i]) if g.claim.status == "killed" and g.frame != "part"
                          and g.claim.scope == f.claim.scope and not g.claim.negated), None)
                if g is not None:
                    f.extra["join"] = g
            continue
        if mo:
            for g in reversed(found[:i]):
                gv = g.claim.value if g.claim.value is not None else (g.claim.low or 0)  # ("dozens injured, three of them")
                if g.claim.status == f.claim.status and g.frame != "part" and gv >= (f.claim.value or 0):
                    f.frame = "part"
                    f.extra["parent"] = g
                    f.extra.pop("join", None)
                    if f.claim.group in ("total", "unknown"):
                        # "Five of the dead were children": the group is named after the verb
                        g2 = group_of(_WERE_HEAD.sub("", text[mo.end():mo.end() + 60])[:40])[0]
                        if g2 not in ("total", "unknown", g.claim.group):
                            f.claim.group = g2
                    break
    # resolve part_of indexes to document positions
    for f in found:
        parent = f.extra.pop("parent", None)
        if parent is not None:
            f.claim.part_of = found.index(parent) if parent in found else None
    return found


def _inner_parts(text: str, si: int, snums: list[Number], sfound: list[Found]) -> None:
    """"Seven civilians, including two children, were killed": the two children are a part."""
    R = _rules()
    taken = {f.num_start for f in sfound}
    for n in snums:
        if n.num_start in taken or n.value is None:
            continue
        for f in sfound:
            c = f.claim
            if f.frame != "after" or not (c.evidence.start < n.start < c.evidence.end):
                continue
            between = text[c.evidence.start:n.start][-60:]
            between = between[max((k for k, ch in enumerate(between) if ch.isdigit()), default=-1) + 1:]  # after the toll's own digits
            if not _relation(between) or not _INNER_REL.search(text[max(c.evidence.start, n.start - 25):n.start]):
                continue
            np_m = R["np_after"].match(text, n.end, c.evidence.end)
            np = np_m.group() if np_m else ""
            g, perp, w = group_of(np)
            if w is None:
                continue
            end = n.end + len(np.rstrip())
            sfound.append(Found(_claim(n, c.status, g, text, n.start, end, perpetrator=perp), si, "part", n.num_start, end, extra={"parent": f}))
            taken.add(n.num_start)
            break


_RANKS_OF = re.compile(r"\s+(?:among|in|from)\s+(?:the\s+)?ranks\s+of\s+(?:the\s+)?(?P<x>[^,.;:\"“”]{2,60})", re.I)


def _ranks_of(text: str, sfound: list[Found]) -> None:
    """"15 dead among the ranks of Jaish al-Islam", "12 killed in the ranks of the regime forces":
    the victims belong to the side named after "ranks of"."""
    R = _rules()
    for f in sfound:
        c = f.claim
        if c.group not in ("total", "unknown") or f.frame not in ("after", "noun", "coord"):
            continue
        m = _RANKS_OF.match(text, c.evidence.end)
        if m is None:
            continue
        x = m.group("x")
        g = group_of(x)[0]
        if g not in ("security_forces", "militants"):
            g = R["member_kinds"].get(named_group_kind(x) or "")
        if g in ("security_forces", "militants"):
            c.group = g


def _nested_parts(text: str, sfound: list[Found]) -> None:
    """"Three people including a tribal leader and his two guards were killed": the claim of the
    number inside the toll's phrase ("two guards were killed", the same verb) is a part of it."""
    for g in sfound:
        if g.frame != "after" or g.extra.get("parent") or g.num_start < 0:
            continue
        for f in sfound:
            c = f.claim
            if (f is g or f.frame != "after" or c.status != g.claim.status or f.num_start < 0
                    or not (c.evidence.start <= f.num_start < g.num_start < c.evidence.end == g.claim.evidence.end)):
                continue
            if _REL_START.search(text, f.num_start, g.num_start):
                g.frame = "part"
                g.extra["parent"] = f
                g.extra.pop("join", None)
                break



def _relation(s: str):
    """``R["relation"].match(s)``, skipped when an ASCII ``s`` holds no word of a relation phrase."""
    R = _rules()
    if s.isascii():
        low = s.lower()
        if R["relation_word_rx"].search(low) is None:
            return None
    return R["relation"].match(s)


_INNER_REL = re.compile(r"\b(?:including|among\s+them|among\s+whom|of\s+whom)\s*$", re.I)


def _backward(text: str, sent: Sentence, si: int, snums: list[Number], sfound: list[Found], subjects_only: bool = False) -> None:
    """Numbers before a claim: "Four women and two men were killed", "Nine people including
    two soldiers were killed" (the first is the covering total). ``subjects_only``: only numbers
    with no casualty verb before them in the sentence (the list a headline opens with)."""
    R = _rules()
    taken = {f.num_start for f in sfound}
    for n in reversed(snums):
        if n.num_start in taken or (n.value is None and n.low is None) or n.is_year:
            continue
        if subjects_only and (_status_cue(text[sent.start:n.start]) is not None
                              or any(f.claim.evidence.start <= n.start < f.claim.evidence.end for f in sfound)):
            continue  # "killed a town mayor and two other people and wounded ...": not a subject
        nxt = [f for f in sfound if (f.num_start > n.end and f.frame in ("after", "noun", "coord", "part") and f.num_start >= 0)
               or (f.single and f.frame == "single" and f.claim.evidence.start > n.end)]
        if not nxt:
            continue
        f = min(nxt, key=lambda x: x.num_start)
        gap = text[n.end:f.claim.evidence.start]
        if _is_unit(gap):
            continue
        m = R["back_gap"].fullmatch(gap)
        if not m:
            continue
        np = m.group("np")
        g, perp, w = group_of(np)
        if w is None and np.strip():
            continue
        if _OF_WHOM_HEAD.match(f.claim.evidence.text):
            # "two border guards, one of whom was killed": the two are the set the one belongs to
            if f.claim.group in ("total", "unknown") and w is not None:
                f.claim.group = g
            continue
        if not m.group("rel") and gap[len(np):].strip() == ",":
            # "killed the driver and two pedestrians, 6 others were wounded": a bare comma after
            # a clause about another status does not pass that status back
            cue = _status_cue(text[sent.start:n.start])
            if cue is not None and cue != f.claim.status:
                continue
        c = _claim(n, f.claim.status, g, text, n.start, n.end + len(np.rstrip()), perpetrator=perp)
        new = Found(c, si, "coord", n.num_start, n.end + len(np.rstrip()))
        if m.group("rel"):
            f.frame = "part"
            f.extra["parent"] = new
            new.frame = "after"
        else:
            new.extra["join"] = f
        sfound.append(new)
        taken.add(n.num_start)


_OF_WHOM_HEAD = re.compile(r"[\w-]+\s+of\s+(?:whom|them)\b", re.I)
_TOKEN0 = re.compile(r"[\w,.\-]+")
_MONEY = re.compile(r"[$€£¥]\s*$|\b(?:US|USD|Rs|EUR)\s*$")
_MONEY_LAST = frozenset("$€£¥sSdDrR")


def _money_end(c: str) -> bool:
    """Can ``_MONEY`` end with ``c`` (the last non-space character before a number)? Its
    symbols and the last letters of its currency codes; any non-ASCII character (case folding)."""
    return c in _MONEY_LAST or not c.isascii()


_AGE = re.compile(r"^\s*(?:-|\s)?(?:year|month|week|day)s?[-\s]old", re.I)
_ORDINAL = re.compile(r"^(?:st|nd|rd|th)\b|^\s*(?:%|per\s*cent|percent)", re.I)
_AGE_OR_ORDINAL = re.compile(f"{_AGE.pattern}|{_ORDINAL.pattern}", re.I)  # one call for both
_NOT_COUNT_BEFORE = _word_rx("""aged age ages Resolution number No No. route highway article paragraph page chapter flight brigade
    division battalion unit district sector zone km kilometer kilometre""", r"\s*$")
_PLURAL_VERB = re.compile(r"were|have|are", re.I)


def _first_token(text: str, pos: int) -> str:
    m = _TOKEN0.match(text[pos:pos + 30])
    return m.group() if m else ""


def _status_words(text: str, a: int, b: int, trig: list[int] | None):
    """Status words starting in [a, b): tried only at casualty-word positions."""
    R = _rules()
    if trig is None:
        yield from R["status_any"].finditer(text, a, b)
        return
    pat = R["status_at"]
    for k in range(bisect_left(trig, a), bisect_left(trig, b)):
        m = pat.match(text, trig[k], b)
        if m:
            yield m


def _back(R: dict, name: str, text: str, toks: list[tuple[int, str]], end: int):
    """The cue ``R[name]`` ending at ``end``, tried at the words ``toks`` (position, lower-case
    word) that can start it: for verbs the nearest, for tolls/funerals the earliest ("the death
    toll ... rose to")."""
    first = R["first"][name]
    pat = R[name]
    for p, w in (reversed(toks) if name in ("before", "left") else toks):
        if w in first:
            m = pat.match(text, p, end)
            if m:
                return m
    return None


def _frame(text: str, sent: Sentence, si: int, n: Number, prev: list[Found], trig: list[int] | None = None,
           trig_word: dict[int, str] | None = None) -> Found | None:
    R = _rules()
    aend = min(sent.end, n.end + 200)
    after = text[n.end:aend]
    if n.is_year and (not R["group_re"].match(after.lstrip()) or _MONTH_BEFORE.search(text, max(sent.start, n.start - 16), n.start)):
        return None  # (a year after a month is a date: "June 12 2016 Civil defence members carry ...")
    # units / ages / percentages / ordinals after the number, money and "No."/"route"... before it
    # (the cheapest refusals first)
    if _is_unit(after) or _AGE_OR_ORDINAL.match(after):
        return None
    win = text[max(sent.start, n.start - 40):n.start]
    if ("aged" in win or "ages" in win) and _AGED_BEFORE.search(text, max(sent.start, n.start - 40), n.start):
        return None  # "children aged from four to 10": ages, not a count
    if n.value == 1 and _ONE_FAMILY.match(after) and text[max(sent.start, n.start - 6):n.start].rstrip().endswith((" of", " from")):
        return None  # "Ten members of one family": a modifier of the victims, no count
    lstart = max(sent.start, n.start - 90)
    # end-anchored patterns: searched only in the last few characters before the number
    k = n.start
    while k > lstart and text[k - 1].isspace():
        k -= 1
    if k > lstart and _money_end(text[k - 1]) and _MONEY.search(text, max(lstart, k - 4), n.start):
        return None
    if _NOT_COUNT_BEFORE.search(text, max(lstart, k - 11), n.start):
        left = text[lstart:n.start]
        if not R["toll"].search(left) and not R["toll_weak"].search(left):
            return None
    # ---- before (active) frames, tried at the casualty words before the number (every cue's
    # first word is one)
    if trig is None:
        toks = [(m.start(), m.group().lower()) for m in _WORD.finditer(text, lstart, n.start)]
    else:
        lo = bisect_left(trig, lstart)
        hi = bisect_left(trig, n.start, lo)
        if lo == hi:
            toks = []
        elif trig_word is not None:
            toks = [(p, trig_word[p]) for p in trig[lo:hi]]
        else:
            toks = [(m.start(), m.group().lower()) for m in _WORD.finditer(text, lstart, n.start)]

    mb = _back(R, "before", text, toks, n.start) if toks else None
    if mb:
        st = R["before_status"][" ".join(mb.group("st").lower().split())]
        np_m = R["np_after"].match(after)
        np = np_m.group() if np_m else ""
        # (no unit after the number: that returned above)
        # "killed 40 injured": a status word right after the number wins
        mtight = R["after_tight"].match(after)
        if mtight and mtight.group("st").lower() in _TIGHT_STATUS and not (
                mtight.group("st").lower() in _ADJECTIVAL and R["noun_next"].match(after, mtight.end())):
            # ("killed 26 displaced people": an adjective of the victims, not a second status)
            st = R["after_status"].get(" ".join(mtight.group("st").lower().split()), st)
            e2 = n.end + mtight.end()
            return Found(_claim(n, st, "total", text, n.start, e2), si, "after", n.num_start, e2)
        g, perp, _ = group_of(np)
        end = n.end + len(np.rstrip())
        s = mb.start()
        return Found(_claim(n, st, g, text, s, end, perpetrator=perp), si, "before", n.num_start, end)
    ml = _back(R, "left", text, toks, n.start) if toks else None
    if ml:
        mla = R["left_after"].match(after)
        if mla:
            st = R["left_status"][mla.group("st").lower()]
            g, perp, _ = group_of(mla.group("np"))
            end = n.end + mla.end()
            return Found(_claim(n, st, g, text, n.start, end, perpetrator=perp), si, "left", n.num_start, end)
    split_first = R["first"]["split_any"]
    for name, st in (R["split_rules"] if toks and any(w in split_first for _, w in toks) else ()):
        if _back(R, name, text, toks, n.start):
            ms = R[name + "_after"].match(after)
            if ms:
                g, perp, _ = group_of(ms.group("np"))
                end = n.end + ms.end()
                return Found(_claim(n, st, g, text, n.start, end, perpetrator=perp), si, "left", n.num_start, end)
    mt = (_back(R, "toll", text, toks, n.start) or _back(R, "toll_weak", text, toks, n.start)) if toks else None
    if mt is None and lstart > sent.start and trig is not None:
        # "the death toll from Thursday's attack ... on a seaside restaurant in the capital has
        # risen to 6": a toll word further back, with a toll verb right before the number
        lo = bisect_left(trig, max(sent.start, n.start - 170))
        far = [(p, trig_word[p]) for p in trig[lo:bisect_left(trig, lstart, lo)]] if trig_word is not None else []
        mt = _back(R, "toll_long", text, far, n.start) if far else None
    if mt:
        t = " ".join(mt.group("t").lower().split())
        st = R["toll_kind"].get(t) or R["weak_kind"].get(t)
        np_m = R["np_after"].match(after)
        np = np_m.group() if np_m else ""
        g, perp, _ = group_of(np)
        # "toll rose to 12 killed and 30 wounded": a status word right after wins
        ma = R["after_tight"].match(after)
        if ma:
            st = R["after_status"].get(" ".join(ma.group("st").lower().split()), st)
        end = n.end + len(np.rstrip())
        s = mt.start()
        f = Found(_claim(n, st, g, text, s, end, perpetrator=perp), si, "toll", n.num_start, end)
        # "updated the death toll to 25", "revised the toll to 7": the verb stands before the toll word
        f.claim.revision = bool(R["revision"].search(mt.group()) or _REVISED_BEFORE.search(text, max(sent.start, s - 30), s))
        return f
    mf = (_back(R, "funeral", text, toks, n.start) or _back(R, "buried", text, toks, n.start)) if toks else None
    if mf:
        np_m = R["np_after"].match(after)
        np = np_m.group() if np_m else ""
        g, perp, _ = group_of(np)
        end = n.end + len(np.rstrip())
        return Found(_claim(n, "killed", g, text, n.start, end, perpetrator=perp), si, "funeral", n.num_start, end)
    # ---- a casualty noun right after the number ("12 dead", "28 bodies", "nine civilian deaths")
    mn = R["noun_after"].match(text, n.end, min(sent.end, n.end + 80))
    if (mn and not _bad_np(mn.group("np")) and not R["aux_word"].search(mn.group("np")) and not R["adj_next"].match(text, mn.end(), sent.end)
            and not (mn.group("np").strip() and R["status_any"].search(mn.group("np")))  # "3 succumbed to injuries": a verb first
            and not (mn.group("st").lower() in _ADJECTIVAL and R["noun_next"].match(text, mn.end(), sent.end))):
        st = R["noun_status"][" ".join(mn.group("st").lower().split())]
        g, perp, _ = group_of(mn.group("np"))
        return Found(_claim(n, st, g, text, n.start, mn.end(), perpetrator=perp), si, "noun", n.num_start, mn.end())
    # ---- after (passive) frames: the first status word the victim phrase leads to
    stop = min(sent.end, n.end + 200)
    adj = None
    for ms in _status_words(text, n.end, stop, trig):
        gap = text[n.end:ms.start()]
        mg = R["np_aux"].fullmatch(gap)
        if not mg:
            break
        np = mg.group("np")
        if _bad_np(np):
            break
        if mg.group("comma") and _PART_LEAD.search(text, max(sent.start, n.start - 30), n.start):
            break  # "Seven civilians, including two children, were killed": a part, read with its toll
        st_word = " ".join(ms.group("st").lower().split())
        nxt = text[ms.end():ms.end() + 40]
        if not mg.group("comma") and (R["adj_next"].match(nxt) or (st_word in _ADJECTIVAL and not mg.group("aux").strip() and R["noun_next"].match(nxt))):
            # "displaced people", "32 wounded people": an adjective; a later verb may still govern
            if adj is None:
                mnn = R["noun_next"].match(nxt)
                st_adj = R["after_status"][st_word]
                mh = _AND_HURT.match(nxt) if st_adj == "killed" else None
                if mh is not None:
                    # "the number of killed and injured civilians": one figure for both, read as
                    # "50 people killed and injured" is (the wounded), never as a death toll
                    adj = ("injured", ms.end() + mh.end())
                else:
                    adj = (st_adj, ms.end() + (mnn.end() if mnn else 0))
            continue
        if (not mg.group("aux").strip() and st_word in _ACTIVE_CAPABLE and R["active_next"].match(text, ms.end(), sent.end)
                and (mg.group("comma") or not _HEADLINE_NEXT.match(text, ms.end(), sent.end))):
            return None  # "two gunmen killed 5 people": the number counts attackers
        st = R["after_status"][st_word]
        head_np = _PARTS_AFTER.sub("", _ASIDE.sub(" ", np))  # the head, not a relative clause or parts
        extra = None
        mx = _AND_SINGLE.search(head_np)
        if mx and (_PERSON.search(mx.group("np")) or group_of(mx.group("np"))[0] != "total") and not _PLURAL_WORDS.search(mx.group("np")):
            # "three policemen and a civilian died": the singular victim adds one
            xs = n.end + mx.start("obj")
            extra = Found(Claim(status=R["after_status"][st_word], group=group_of(mx.group("np"))[0], value=1, qualifier="exact",
                                evidence=Evidence(xs, n.end + mx.end(), text[xs:n.end + mx.end()])), si, "single", -1, n.end + mx.end(), single=True)
            head_np = head_np[:mx.start()]
        g, perp, _ = group_of(head_np)
        f = Found(_claim(n, st, g, text, n.start, ms.end(), perpetrator=perp), si, "after", n.num_start, ms.end())
        if extra is not None:
            extra.extra["join"] = f
            f.extra["extra"] = extra
        return f
    if adj is not None:
        st, end = adj
        g, perp, _ = group_of(text[n.end:end])
        return Found(_claim(n, st, g, text, n.start, end, perpetrator=perp), si, "after", n.num_start, end)
    # ---- parts and coordination with the previous claim of this sentence
    if prev:
        p = prev[-1]
        gap = text[p.end:n.start] if p.end <= n.start else None
        if gap is not None:
            np_m = R["np_after"].match(after)
            np = np_m.group() if np_m else ""
            g, perp, w = group_of(np)
            mr = _relation(gap)
            if mr:
                parent = p.extra.get("parent") or p if p.frame in ("part", "coord") and p.extra.get("parent") else p
                if p.frame == "part":
                    parent = p.extra.get("parent")
                c = _claim(n, p.claim.status, g, text, n.start, n.end + len(np.rstrip()), perpetrator=perp)
                f = Found(c, si, "part", n.num_start, n.end + len(np.rstrip()), extra={"parent": parent})
                return f
            if _OF_THE.search(text, max(sent.start, p.claim.evidence.start - 12), p.claim.evidence.start) and R["coord"].match(gap):
                # "Of the 30 people killed, 12 were children": a part
                rest = text[n.end:min(sent.end, n.end + 50)]
                g2, perp2, w2 = group_of(_WERE_HEAD.sub("", rest)[:40])
                c = _claim(n, p.claim.status, g2, text, n.start, n.end, perpetrator=perp2)
                return Found(c, si, "part", n.num_start, n.end, extra={"parent": p})
            if R["coord"].match(gap) and (w is not None or not np.strip()) and not _OWN_VERB.match(after, len(np)):
                # (not "... while over 6,000 people have been rendered homeless": a clause of its own)
                c = _claim(n, p.claim.status, g, text, n.start, n.end + len(np.rstrip()), perpetrator=perp)
                # a part of a toll stays a part; after parts with no toll before them
                # ("Among the dead were 6 soldiers and 2 gendarmes") it adds up with them
                orphan = p.frame == "part" and p.extra.get("parent") is None
                f = Found(c, si, "coord", n.num_start, n.end + len(np.rstrip()),
                          extra={"parent": p.extra.get("parent")} if p.frame == "part" and not orphan else {"join": p})
                return f
        mo = R["of_them"].match(after)
        if mo:
            rest = text[n.end + mo.end():min(sent.end, n.end + mo.end() + 60)]
            g, perp, w = group_of(rest[:40])
            c = _claim(n, prev[-1].claim.status, g, text, n.start, n.end + mo.end(), perpetrator=perp)
            return Found(c, si, "part", n.num_start, n.end + mo.end(), extra={"parent": prev[-1]})
    # "including nine children" with no numbered claim before it in the sentence
    seg = text[sent.start:n.start][-80:]
    mr = _relation(seg[seg.rfind(";") + 1:])  # "...; the dead included 11 women"
    if mr:
        head = text[sent.start:n.start]
        st = _status_cue(head)
        if st:
            np_m = R["np_after"].match(after)
            np = np_m.group() if np_m else ""
            g, perp, w = group_of(np)
            if w is not None:
                end = n.end + len(np.rstrip())
                return Found(_claim(n, st, g, text, n.start, end, perpetrator=perp), si, "part", n.num_start, end)
    return None


_CUES = None
_AND_HURT = re.compile(r"\s*and\s+(?:wounded|injured|hurt)\b", re.I)
# "abducted 11 men ... and then executed them": "them" are the numbered people named before it
_KILLED_THEM = re.compile(r"\b(?:and|then|later|before|after\s+which)\s+(?:[a-z]+\s+){0,2}?(?:killed|executed|murdered|shot\s+dead|beheaded|"
                          r"slaughtered|shot\s+and\s+killed|massacred|slit\s+their\s+throats)\s+(?:(?:all|both)\s+(?:of\s+)?)?(?:them\b|(?<=throats))", re.I)


# "12 children were among the victims", "four children are among the 28 dead": a part of a toll
_AMONG = re.compile(r"\s*(?:(?:were|are|was|is)\s+)?(?:also\s+)?among\s+(?:the\s+|those\s+)?(?:(?P<n2>\d[\d,]*|[a-z]+(?:-[a-z]+)?)\s+)?"
                    r"(?:(?:people|persons|civilians)\s+)?(?:(?P<inj>injured|wounded)|killed|dead|deceased|victims|fatalities|casualties|those\s+killed|people\s+killed)\b", re.I)
# "victims include 8 children", "the dead included 11 women"
_INCLUDE_HEAD = re.compile(r"\b(?:victims|the\s+dead|the\s+deceased|the\s+slain|those\s+killed|fatalities)(?:\s+(?:in|from|of)\s+[^.;,\d]{1,40}?)?\s+(?:also\s+)?(?:include|included|includes)\s+"
                           r"(?:[\w-]+\s+[\w-]+(?:\s+[\w-]+)?\s*(?:,\s*and|,|and)\s+){0,4}$", re.I)


def _among_parts(text: str, sent: Sentence, si: int, snums: list[Number], out: list[Found], before: list[Found]) -> None:
    """Parts named before or without their toll: "At least 30 children were among 39 people
    killed", "Twelve children were among the dead" (the toll of an earlier sentence), "Victims
    include 8 children". The part feeds its group's figure, never the total."""
    R = _rules()
    for n in snums:  # the sentence's numbers
        if n.is_year or n.value is None or any(f.num_start == n.num_start for f in out):
            continue
        np_m = R["np_after"].match(text, n.end, sent.end)
        np = np_m.group() if np_m else ""
        g, perp, w = group_of(np)
        if w is None or perp:
            continue
        end = n.end + len(np)
        m = _AMONG.match(text, end, sent.end)
        inc = None if m else _INCLUDE_HEAD.search(text, max(sent.start, n.start - 90), n.start)
        if m is None and inc is None:
            continue
        st = "injured" if m is not None and m.group("inj") else "killed"  # "Two children were among the injured"
        parent = None
        if m is not None and m.group("n2"):
            at = m.start("n2")
            parent = next((f for f in out if f.num_start == at and f.claim.status == st), None)
        if parent is None:
            # the toll this part belongs to: the last killed claim before it in this sentence or
            # the sentences before
            cands = [f for f in out if f.claim.status == st and f.claim.evidence.start < n.start and f.frame != "part"
                     and _may_contain(f.claim.group, g)]
            cands = cands or [f for f in before if f.claim.status == st and f.frame != "part" and f.claim.scope == "incident"
                              and _may_contain(f.claim.group, g)]
            parent = cands[-1] if cands else None
        stop = m.end() if m is not None else end
        if parent is None and (inc is not None or not m.group("n2")):
            # "Two girls were among the dead" with no toll reported: at least that many killed
            c = _claim(n, st, g, text, n.start, stop)
            if c.qualifier == "exact":
                c.qualifier, c.low = "at_least", c.value
            out.append(Found(c, si, "after", n.num_start, stop))
            continue
        if parent is None or (parent.claim.value is not None and parent.claim.value < n.value):
            continue
        out.append(Found(_claim(n, st, g, text, n.start, stop), si, "part", n.num_start, stop, extra={"parent": parent}))


_REL_START = re.compile(r"\b(?:including|among\s+them|among\s+whom)\s*:?\s+", re.I)
_REL_END = re.compile(r"[.;:!?(]|\s(?:while|when|who|whom|which|as|after|in|on|at|by|during)\s|\s(?:were|was|are|is)\b", re.I)
_REL_SPLIT = re.compile(r"\s*(?:,\s*and|,|\band)\s+", re.I)
_REL_ONE = re.compile(r"(?:a|an|one|the)\s+\S", re.I)


def _relation_singles(text: str, sent: Sentence, si: int, sfound: list[Found]) -> None:
    """Single persons listed as parts of a toll: "Eleven civilians were killed, among them a
    child and two women" (the child is a part of the 11, like the two women)."""
    for m in _REL_START.finditer(text, sent.start, sent.end):
        parent = None
        for f in sfound:
            if f.frame != "part" and f.claim.status in ("killed", "injured") and f.claim.value and (
                    f.claim.evidence.end <= m.start()
                    or (f.frame == "after" and f.claim.evidence.start < m.start() < f.claim.evidence.end)):
                parent = f  # (or the toll whose own phrase holds the list: "Two people, including the assailant, were killed")
        if parent is None:
            continue
        for s0, at, e0, g, _ in _listed_persons(text, m.end(), sent.end, _REL_ONE):
            if any(f.claim.evidence.start < at and s0 < f.claim.evidence.end for f in sfound if f is not parent):
                continue
            if g in ("total", "unknown") or not _may_contain(parent.claim.group, g):
                continue
            sfound.append(_person_part(text, s0, e0, g, parent, si))


def _listed_persons(text: str, start: int, sent_end: int, first_rx: re.Pattern):
    """The single persons of a list from ``start`` ("a child and two women", "a girl and her
    father"): (start, end of the item, end of its evidence at the victim noun, group,
    perpetrator?) for each item that ``first_rx`` opens and that names one person."""
    e = _REL_END.search(text, start, min(sent_end, start + 90))
    stop = e.start() if e else min(sent_end, start + 90)
    at = start
    for item in _REL_SPLIT.split(text[start:stop]):
        s0 = text.find(item, at, stop) if item else -1
        if s0 < 0:
            continue
        at = s0 + len(item)
        if (not first_rx.match(item) or _PLURAL_WORDS.search(item) or _has_number_word(item)
                or not (_PERSON.search(item) or group_of(item)[0] != "total")):
            continue  # (a numbered item, "the three attackers", is read as a number)
        g, perp, w = group_of(item)
        k = item.lower().find(w) if w else -1
        yield s0, at, (s0 + k + len(w) if k >= 0 else at), g, perp  # ("a child", not "a child an ...")


# "Among the dead was a police officer", "The dead included a girl and her father": single persons
# named as victims without a number
_DEAD_HEAD = re.compile(r"\b(?:among\s+(?:the\s+)?(?:dead|victims|those\s+killed|people\s+killed|fatalities|deceased)\s+(?:was|were|is|are)"
                        r"|(?:the\s+dead|the\s+victims|those\s+killed|the\s+fatalities|the\s+deceased)\s+(?:also\s+)?(?:included|include|includes))\s+", re.I)
_REL_PERSON = re.compile(r"(?:a|an|one|his|her|their)\s+\S", re.I)


def _dead_singles(text: str, sent: Sentence, si: int, sfound: list[Found], found: list[Found]) -> None:
    """Single persons named among the dead with no number: parts of the killed toll before them
    (this sentence or one of the two before), else victims counted one each."""
    for m in _DEAD_HEAD.finditer(text, sent.start, sent.end):
        parent = None
        for f in sfound:
            if f.claim.evidence.end <= m.start() and f.frame != "part" and f.claim.status == "killed" and f.claim.value:
                parent = f
        if parent is None:
            parent = next((f for f in reversed(found) if f.sent >= si - 2 and f.frame != "part" and f.claim.status == "killed"
                           and f.claim.scope == "incident" and f.claim.value and not f.claim.negated), None)
        prev = None
        for s0, at, e0, g, perp in _listed_persons(text, m.end(), sent.end, _REL_PERSON):
            if any(f.claim.evidence.start < at and s0 < f.claim.evidence.end for f in sfound):
                continue
            if parent is not None:
                if g in ("total", "unknown") or not _may_contain(parent.claim.group, g):
                    continue
                sfound.append(_person_part(text, s0, e0, g, parent, si, perp))
            else:
                f = Found(Claim(status="killed", group=g, value=1, qualifier="exact", evidence=Evidence(s0, e0, text[s0:e0]),
                                perpetrator=perp), si, "single", -1, e0, single=True)
                if prev is not None:
                    f.extra["join"] = prev  # "a girl and her father": two
                sfound.append(f)
                prev = f


_SINGLE_INJURY = re.compile(r"\b(?:the\s+)?(?:injury|injuries|wounding)\s+of\s+(?P<np>(?:a|an|another|the|his|her|one)\s[^,.;!?\d]{0,80}?)"
                            r"(?=\s*(?:[,.;]|$|\s+(?:in|at|on|near|by|during|when|while|as|late|early|after|from|and\s+(?:the|material)\s+damage)\b))", re.I)
_NARROW_GROUPS = frozenset(["children", "women", "men", "journalists", "aid_workers", "medical", "protesters"])


def _may_contain(parent: str, part: str) -> bool:
    """Can a claim of group ``parent`` hold a part of group ``part``? Not "14 children" four women."""
    return parent not in _NARROW_GROUPS or parent == part


def _killed_them(text: str, sent: Sentence, si: int, snums: list[Number], out: list[Found]) -> None:
    """Killed claims whose victims are a pronoun for people numbered earlier in the sentence
    ("dragged 11 men from the mosque and then executed them"): the nearest numbered phrase of
    people before it, unless a killed claim already covers that number."""
    R = _rules()
    for m in _KILLED_THEM.finditer(text, sent.start, sent.end):
        for n in reversed([n for n in snums if n.start < m.start()]):
            if n.is_year or (n.value is None and n.low is None):
                continue
            np_m = R["np_after"].match(text, n.end)
            np = np_m.group() if np_m else ""
            if _is_unit(" " + np.strip()):
                break
            g, perp, w = group_of(np)
            if perp or not (w is not None or _PERSON.search(np)):
                break
            if not any(f.claim.status == "killed" and f.claim.evidence.start <= n.num_start < f.claim.evidence.end for f in out):
                out.append(Found(_claim(n, "killed", g, text, n.start, m.end()), si, "them", n.num_start, m.end()))
            break


def _killed_antecedent(text: str, sent: Sentence, si: int, out: list[Found], found: list[Found]) -> None:
    """"Gunmen abducted two civilians in Beni. The victims were later found dead": a killed claim
    for the people an earlier sentence (one of the two before) counted as kidnapped or missing.
    Its evidence runs from that count to the verb, so the figure stays in view."""
    m = _rules()["anaphor_killed"].match(text, sent.start, sent.end)
    if m is None:
        return
    for g in reversed(found):
        if g.sent < si - 2:
            return
        c = g.claim
        if c.status in ("kidnapped", "missing") and c.scope == "incident" and not c.negated and c.value and c.part_of is None \
                and not g.extra.get("parent"):
            if c.value == 1 and not m.group("subj").lower().startswith(("the victims", "the hostages", "the captives", "the abductees")):
                return  # "both", "all of them", "their bodies" are more than one
            s0 = c.evidence.start
            out.append(Found(Claim(status="killed", group=c.group, value=c.value, low=c.low, high=c.high,
                                   qualifier=c.qualifier, evidence=Evidence(s0, m.end(), text[s0:m.end()]),
                                   perpetrator=c.perpetrator), si, "them", -1, m.end()))
            return


# the phrase a relative pronoun right before the verb stands for ("Camilo Catrillanca, who was ...")
_ANTECEDENT = re.compile(r"(?:\b(?i:a|an|the|his|her|their)\s+(?:[\w'’\-]+\s+){0,3}[\w'’\-]+|(?<![\w'’])[A-Z][\w'’\-]+(?:\s+(?:[A-Z][\w'’\-]+|al|bin|ibn|de|el|abu)){0,4})$")
_REL_CLAUSE = re.compile(r",?\s+(?:who|whose|whom)\s")
_OF_THE = re.compile(r"\bof\s+(?:the|those)\s*$", re.I)
# a numbered noun phrase followed by its own verb is the subject of another clause, not a
# victim coordinated with the claim before it
_OWN_VERB = re.compile(r"\s*(?:have|has|had|were|was|are|is|will|would|could|remain(?:ed|s)?|fled|left|lost|took|returned|suffered|sustained|received)\b", re.I)
_PARTS_AFTER = re.compile(r"\b(?:including|among\s+them|mostly|mainly)\b.*$")
_ASIDE = re.compile(r",[^,]*,")
_WERE_HEAD = re.compile(r"^\s*(?:were|was|are|of\s+them\s+were)\s+")
_HEADLINE_NEXT = re.compile(r"\s*,?\s*\d[\d,]*\s+(?:injured|wounded|hurt|missing)\b", re.I)  # "10 killed 40 injured"
_ADJECTIVAL = {"displaced", "wounded", "injured", "dead", "missing", "kidnapped", "abducted", "detained", "arrested"}
_TIGHT_STATUS = _ADJECTIVAL | {"injured", "wounded", "hurt", "dead"}  # a status word right after "killed 40"
_EARLIER = re.compile(r"\b(?:earlier\s+(?:this|that|in\s+the)\s+(?:week|month)|last\s+(?:week|month)|the\s+(?:previous|prior)\s+(?:week|month)"
                      r"|(?:two|three|four|five|several)\s+(?:weeks|months)\s+(?:ago|earlier)|(?:a|one)\s+(?:week|month)\s+(?:ago|earlier))\b", re.I)
# the claim inside an "N days after ..." clause is an earlier event than the report's own
_DAYS_AFTER = re.compile(r"\b(?:(?:a|one|two|three|four|five|several|a\s+few|\d)\s+(?:days?|weeks?)\s+after\s+[^,.;]{0,60}"
                         r"|hours\s+after\s+(?:a|an|another)\s+(?:[\w-]+\s+){0,3}?(?:attack|bombing|blast|strike|raid|explosion|massacre|assault|shelling)\b[^,.;]{0,40})$", re.I)
_TIME_NOUNS = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may june "
                        "july august september october november december today yesterday tonight overnight".split())
_AGED_BEFORE = re.compile(r"\b(?:aged|ages?\s+of|(?:between|from)\s+the\s+ages\s+of)\s+(?:from\s+|between\s+|about\s+|around\s+)?"
                          r"(?:[\w-]+\s*(?:,|and|to|-|–)\s*){0,4}$", re.I)


def _earlier_gate(text: str, a: int, b: int) -> bool:
    """Can ``_EARLIER`` match in ``text[a:b]``? (substring tests first)"""
    w = text[a:b].lower()
    return "earlier" in w or "last" in w or "ago" in w or "previous" in w or "prior" in w


_ONE_FAMILY = re.compile(r"\s+(?:family|household|clan)\b", re.I)
_PART_LEAD = re.compile(r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them|mostly|mainly)\s+(?:(?:at\s+least|some|about|nearly|over|more\s+than)\s+)?$", re.I)
_ACTIVE_CAPABLE = {"killed", "injured", "wounded", "kidnapped", "abducted", "executed", "murdered", "massacred", "seized",
                   "detained", "arrested", "captured", "evacuated", "displaced", "hurt", "beheaded", "assassinated",
                   "shot dead", "gunned down", "slain", "shot and killed", "lynched", "maimed", "neutralised", "neutralized"}


def _status_cue(s: str) -> str | None:
    """The status a sentence head talks about (funeral/burial/killed... -> killed)."""
    global _CUES
    R = _rules()
    if _CUES is None:
        v = R["verbs"]
        kill = set(v["after"]["killed"]) | set(v["funeral_nouns"]) | {"victims", "massacre", "killings", "deaths"}
        inj = set(v["after"]["injured"]) | {"wounded", "injured"}
        _CUES = [(re.compile(rf"\b{_alt(kill)}\b", re.I), "killed"), (re.compile(rf"\b{_alt(inj)}\b", re.I), "injured")]
    best = None
    for rx, st in _CUES:
        for m in rx.finditer(s):
            if best is None or m.start() > best[0]:
                best = (m.start(), st)
    return best[1] if best else None


_BAD_NP = _word_rx("""said says told according after before when while since ago because if than per year years days months
    weeks hours""", r"\b")


def _bad_np(np: str) -> bool:
    # (a victims' phrase never opens with a capitalised article: "Get short URL 0 214 The number
    # of civilians killed ...": a page's counter before the next sentence)
    return bool(_BAD_NP.search(np)) or _is_unit(np) or _CAP_ARTICLE.match(np) is not None


def _negations(text: str, sent: Sentence, si: int, out: list[Found], alow: str | None = None,
               words: list[str] | None = None) -> None:
    """``alow``: the lower-cased text when the text is ASCII (then the lower-case twins of the
    patterns serve, see :func:`_lc`); ``words``: then the casualty words of the sentence."""
    R = _rules()
    low = sent.text.lower()
    if not ("no" in low or "without" in low):
        return
    # every negation starts with "no" ("no one", "nobody", "no-one"), "none" or "without"
    if words is not None and "none" not in low and not any(w.startswith(("no", "without")) for w in words):
        return
    neg = R["neg"].finditer(text, sent.start, sent.end) if alow is None else _lc(R["neg"]).finditer(alow, sent.start, sent.end)
    for m in neg:
        word = (m.group("st") or m.group("n") or m.group("w") or m.group("st2") or "").lower()
        st = "injured" if word.startswith(("hurt", "injur", "wound", "harm")) or "injured" in word or "hurt" in word else "killed"
        if any(f.claim.evidence.start <= m.start() < f.claim.evidence.end for f in out):
            continue
        c = Claim(status=st, group="total", value=0, qualifier="exact", evidence=Evidence(m.start(), m.end(), text[m.start():m.end()]), negated=True)
        out.append(Found(c, si, "negation", -1, m.end()))


_PLURAL_OK = {"police", "press", "boss", "witness", "actress", "hostess", "princess", "bus", "campus", "status", "analysis", "crisis", "chess", "class", "ss", "us"}
_SINGULAR_MEN = frozenset("specimen abdomen omen regimen stamen amen yemen hymen".split())


def _plural_head(head: str) -> bool:
    """Is a (lower-case) head noun plural: "fighters", "servicemen", "tribesmen" (not "boss",
    "bus", "specimen")?"""
    if head.endswith("s"):
        return head not in _PLURAL_OK and not head.endswith(("ss", "us"))
    return head.endswith("men") and head not in _SINGULAR_MEN


_PERSON = _word_rx("""he she head chief leader commander mayor governor official judge son daughter wife husband brother sister
    father mother man woman boy girl member owner imam priest journalist activist elder teacher student politician
    candidate lawmaker MP councillor councilor director manager worker employee resident villager farmer driver
    trader businessman doctor nurse officer soldier policeman guard cleric sheikh colonel general lieutenant
    captain major sergeant chairman president secretary deputy spokesman person individual civilian child baby
    infant teenager youth pilot prisoner detainee hostage worshipper pilgrim muezzin chief ruler king emir
    contractor engineer lawyer reporter photographer cameraman medic paramedic volunteer shepherd herder herdsman
    fisherman merchant shopkeeper vendor mechanic tailor convert citizen national foreigner tourist passenger
    pedestrian suspect bodyguard aide relative cousin uncle nephew niece grandfather grandmother girlfriend
    boyfriend fiance fiancee infant toddler pupil schoolboy schoolgirl gendarme militant fighter rebel insurgent
    gunman bomber attacker one another other someone somebody lady gentleman cop trooper ranger warden sentry
    operative agent informant colleague companion friend neighbour neighbor associate assistant partner
    administrator commissioner inspector clerk rescuer firefighter fireman sapper deminer miner
    singer musician artist poet writer athlete footballer player coach professor lecturer scientist
    banker chef cook waiter barber carpenter electrician labourer laborer watchman senator diplomat
    ambassador envoy minister monk nun pastor bishop rabbi missionary perpetrator assailant hijacker kidnapper
    shooter
    grandson granddaughter stepson stepdaughter sibling servant maid housekeeper caretaker janitor cook
    militiaman serviceman servicewoman policewoman tribesman clansman conscript recruit peacekeeper
    paramilitary commando marine sailor airman""", r"\b")
_NOT_PERSON_END = _word_rx("""attack attacks bombing blast explosion incident operation strike raid fire clash clashes it this that what which there
    here car vehicle house building bus area village town city plane convoy post station school hospital mosque church market office camp
    number toll total""", r"\s*$")
_NOT_PERSON = _word_rx("""plan operation order project deal program programme scheme policy law bill vote election sentence strategy attack
    bomb device car vehicle building house target suspect perpetrator attacker gunman bomber""", r"\b")
_AND_SINGLE = re.compile(r"\s+and\s+(?P<obj>(?:a|an|one|another|his|her|their)\s+(?P<np>(?:[\w'’\-]+\s*){1,3}))$", re.I)
_CONJ = re.compile(r"\s*,\s*and\s+|\s*,\s*|\s+and\s+|\s+as\s+well\s+as\s+|\s+along\s+with\s+")
_SINGLE_START = re.compile(r"^(?:a|an|one|the|his|her|their|its|another|[A-Z][\w'’\-]+)\b", re.I)
_PLURAL_WORDS = _word_rx("""people civilians children women men others soldiers troops members dozens hundreds several many some persons residents
    villagers families policemen fighters militants they them we all both those these victims""", r"\b")
_APPOSITIVE = re.compile(r"^(?P<n>[^,]+),\s*(?:(?:a|an|the|who|aged?)\b[^,]*|[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)*)\s*,?$")
_CAP_NAME = re.compile(r"^[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)+$")
_ANOTHER_HEAD = re.compile(r"\s*(?:and\s+)?(?:another|one\s+other|a\s+second)\b", re.I)
_THINGS = re.compile(r"\b(?:\w+ies|bodies|homes|houses|cars|vehicles|property)\b", re.I)
_LIST_BEFORE = re.compile(r"(?:\band|,)\s*$", re.I)
_PLACE_PP = re.compile(r"\s+(?:in|at|inside|near|on)\s+(?:the|a|an|his|her|their)\s+[\w'’-]+(?:\s+[\w'’-]+){0,2}\s*$", re.I)
_REVISED_BEFORE = re.compile(r"\b(?:revised|revising|updated|updating|raised|raising|lowered|lowering|corrected|correcting)\s+(?:(?:its|their|the|his|her)\s+)?(?:(?:overall|official|initial|death)\s+)*$", re.I)
# an earlier estimate the report itself supersedes: "initially said 10", "earlier reports had put the toll at 5"
_ESTIMATE_STEMS = ("earl", "init", "prev", "prior", "first", "prelim")  # without one, _EARLIER_ESTIMATE cannot match
_EARLIER_ESTIMATE = re.compile(r"\b(?:(?:earlier|initial|first|previous|prior|preliminary)\s+(?:reports?|figures?|tolls?|estimates?|counts?|tallies|tally)|initially|previously|had\s+earlier)\b[^.;]{0,60}$", re.I)
_A_ONE = re.compile(r"(?:a|an|one)\s", re.I)
_CAP_ARTICLE = re.compile(r"\s+(?:The|A|An)\b")
_OF_THE_HURT = re.compile(r"(?:injured|wounded)\b", re.I)
_LATER_DEATH = re.compile(r"\bhospital,?\s+where\b|\b(?:later|subsequently)\s+died\b|\bdied\s+(?:later|of\s+(?:their|his|her)\s+(?:wounds|injuries)"
                          r"|in\s+(?:the\s+)?hospital|on\s+the\s+way\s+to\s+(?:the\s+)?hospital)\b|\bsuccumbed\b", re.I)
_SINCE_WORD = re.compile(r"\bsince\b", re.I)
# before a year, these make it a date: "June 12 2016 Civil defence members ...", "In 2016 civil defence members ..."
_MONTH_BEFORE = re.compile(r"(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?"
                           r"|\b(?:in|since|during|until|by|from|before|after|of|early|late|mid|throughout)\s+)$", re.I)
_ANOTHER = re.compile(r"\b(?:another|a\s+second|a\s+third|other)\b", re.I)
_BOTH_ASIDE = re.compile(r",\s*(?:both|all\s+of\s+them)\b[^,.;!?\d]{0,120},\s*$", re.I)
_LOCATIVE_TAIL = re.compile(r"\s+(?:in|at|near)\s+[A-Z][^,;]*$")
_CLAUSE_START = re.compile(r"(?:[;:\"“”]|\((?![a-z][a-z\-]{1,12}\))|\b(?:that|when|after|while|because|but|said|says|and\s+(?=(?:he|she|they)\b))\b|,\s+(?=(?:and|but|while|when|as|where)\b))", re.I)


_ARTICLE_START = re.compile(r"(?:a|an|the|his|her|their|one)\s", re.I)


def _singles_before_number(text, sent, subj, cut, out, add) -> None:
    """"A traditional chief, his wife and three sons have been shot dead": the single persons
    listed before the numbered part of a subject add to that part's claim (joined to it)."""
    stripped = subj.rstrip()
    parts = [(p.start(), p.end()) for p in _CONJ.finditer(stripped)]
    if not parts or len(parts) > 5 or "and" not in stripped[parts[-1][0]:parts[-1][1]]:
        return  # a list ends with "and" ("In Hodeida, eight people" is no list)
    last_at = parts[-1][1]
    mp = _POSS.match(stripped, last_at)  # "a mother and her two daughters"
    num_at = mp.end() if mp else last_at
    nums = find_numbers(stripped, num_at, min(len(stripped), num_at + 30))
    if not nums or nums[0].start != num_at or nums[0].value is None:
        return
    singles = []
    prev = 0
    for a, b in parts:
        singles.append(stripped[prev:a].strip())
        prev = b
    if not all(_ARTICLE_START.match(x) for x in singles):
        return  # each listed person: "a/the/his ..." ("A traditional chief, his wife and three sons")
    vc = _victim_count(" and ".join(singles))
    if vc is None or any(_PLURAL_WORDS.search(x) for x in singles):
        return
    base = sent.start + cut
    n_at = base + num_at
    numbered = next((f for f in out if f.num_start == n_at or (f.claim.evidence.start <= n_at < f.claim.evidence.end and f.num_start >= n_at)), None)
    if numbered is None or numbered.claim.status not in ("killed", "injured"):
        return
    s0 = base + (len(subj) - len(subj.lstrip()))
    f = add(s0, base + parts[-1][0], numbered.claim.status, vc[0], vc[1], join=numbered)
    if f is not None and vc[0] > 1 and vc[1] == "total":
        _list_parts(text, s0, base + parts[-1][0], f, f.sent, out)


def _has_number_word(p: str) -> bool:
    """A cheap test before :func:`find_numbers`: a digit or a number word anywhere in ``p``."""
    keys = number_word_keys()
    return any(ch.isdigit() for ch in p) or any(w in keys for w in p.lower().replace("-", " ").split())


def _may_start_number(p: str) -> bool:
    """A cheap test before :func:`find_numbers`: does ``p`` start with a digit, a number word or
    a qualifier?"""
    return p[:1].isdigit() or p[:16].lower().replace("-", " ").split(" ", 1)[0] in number_lead_words()


def _victim_count(subj: str, singular: bool = False) -> tuple[int, str] | None:
    """How many persons a singular subject names ("a child and a man" -> 2), or None."""
    subj = subj.strip(" ,")
    of_group = None
    if singular and " of " in subj:
        head = subj.split(" of ", 1)[0]
        if _SINGLE_START.match(head) and _PERSON.search(head) and not _PLURAL_WORDS.search(head) and len(head.split()) <= 4:
            # "the muezzin of a mosque", "the mayor of the town": the person before "of" (whose
            # group may be named after it: "a leader of the regime's elite forces")
            of_group = group_of(subj)[0]
            subj = head
    if not subj or _PLURAL_WORDS.search(subj) or _NOT_PERSON_END.search(subj):
        return None
    # an appositive "X, a Y from Z," is one person
    m = _APPOSITIVE.match(subj)
    if m is not None and " and " in subj:
        tail = subj[subj.rindex(" and ") + 5:]
        nums = find_numbers(tail, 0, min(len(tail), 20))
        if nums and nums[0].start == 0:
            m = None  # "the driver, a teacher and 12 pupils": a list, not "X, a Y"
    parts = [subj] if (m or singular) else [p for p in _CONJ.split(subj) if p.strip()]
    if len(parts) > 6:
        return None
    groups = set()
    for p in parts:
        p = p.strip()
        q = p[_POSS.match(p).end():] if len(parts) > 1 and _POSS.match(p) else p
        if len(parts) > 1 and _may_start_number(q) and (nums := find_numbers(q, 0, min(len(q), 20))) and nums[0].start == 0 and nums[0].value != 1:
            return None  # "... and (his) three sons": a numbered part (see _singles_before_number)
        if not (_SINGLE_START.match(p) and (_PERSON.search(p) or _CAP_NAME.match(p)
                                            or (len(p.split()) <= 16 and not _NOT_PERSON_END.search(p) and not _NOT_PERSON.search(p)))):
            return None
        groups.add(group_of(p)[0])
    g = groups.pop() if len(groups) == 1 else "total"
    if g == "total" and of_group not in (None, "total"):
        g = of_group
    return len(parts), g


# where a pattern can start (a literal alternation on the lower-case sentence; much cheaper than
# trying the case-insensitive pattern at every position)
_SV_AT = "was were has had hav got is are later also died succumbed perished".split()
_SV_POS = re.compile("|".join(_SV_AT))  # = was|were|ha[sdv]|got|...
# Literal stems (on lower-case text) without which a pattern cannot match: a cheap test before
# the costly case-insensitive pattern. Found once per document (one Aho-Corasick pass, see
# _Gates), or per string with the equivalent regular expressions below.
_GATE_STEMS = {
    "modal": "could would might may will can threaten vow plan intend risk capable enough designed aim warn if".split(),
    "sv": ("killed dead murder assassinat behead execut death gunned slain lynch shot died succumb perish butcher injur wound "
           "hurt abduct kidnap arrest detain").split(),
    "sn": "murder killing slaying assassination beheading execution lynching death".split(),
    "si": "injur wound hurt".split(),
    "sa": "kill shot shoot assassinat murder behead execut stab lynch gun slaughter slit butcher burn buri bury".split(),
    "sv_at": _SV_AT,  # not a gate: where single_verb can start (for _finditer_at)
    "cum": ["since", "this year", "to date", "past", "last", "war", "conflict", "uprising", "insurgency", "crisis",
            "throughout", "total", "toll", "days", "weeks", "months", "agreement", "ceasefire", "cease-fire", "truce",
            "accord"],
}
_MODAL_GATE = re.compile("|".join(_GATE_STEMS["modal"]))


@lru_cache(maxsize=1)
def _doc_automaton():
    """One Aho-Corasick automaton for every keyword scan of a document, so that it is read once:
    the casualty words (``R["trigger_words"]``, whole words), the gate stems (anywhere), the words
    a written number can start with (:func:`.numbers.number_word_keys`) and the ASCII digits.
    Each key maps to (length, key, casualty word?, number word?, digit?, gates)."""
    import ahocorasick

    roles: dict[str, list] = {}
    for w in _rules()["trigger_words"]:
        roles.setdefault(w, [False, False, False, []])[0] = True
    for w in number_word_keys():
        roles.setdefault(w, [False, False, False, []])[1] = True
    for w in "0123456789":
        roles.setdefault(w, [False, False, False, []])[2] = True
    for g, stems in _GATE_STEMS.items():
        for w in stems:
            roles.setdefault(w, [False, False, False, []])[3].append(g)
    A = ahocorasick.Automaton()
    for w, (t, nw, d, gs) in roles.items():
        A.add_word(w, (len(w), w, t, nw, d, tuple(gs)))
    A.make_automaton()
    return A


class _DocScan:
    """What one pass of :func:`_doc_automaton` over the lower-cased document (same length as
    the text) finds: casualty-word starts (``trig``, sorted) and the word at each (``trig_word``),
    the :class:`_Gates`, and the number-word and (for an ASCII text) digit-run starts that
    :func:`.numbers.number_starts` takes."""

    __slots__ = ("trig", "trig_word", "gates", "word_starts", "digit_starts")

    def __init__(self, low: str, ascii_text: bool):
        trig: list[int] = []
        trig_word: dict[int, str] = {}
        words: list[int] = []
        digits: list[int] = []
        hits: dict[str, list[tuple[int, int]]] = {g: [] for g in _GATE_STEMS}
        n_low = len(low)
        prev_digit = -2
        for e, (n, w, t, nw, d, gs) in _doc_automaton().iter(low):
            if d:  # a digit run starts where the character before is no digit
                if e != prev_digit + 1:
                    digits.append(e)
                prev_digit = e
                continue
            b = e - n + 1
            # casualty words are whole words; number words too (see number_word_at: no letter
            # or digit before)
            if (t or nw) and (e + 1 >= n_low or not low[e + 1].isalpha()):
                c = low[b - 1] if b else " "
                if t and not c.isalpha():
                    trig.append(b)
                    trig_word[b] = w
                if nw and not c.isalnum():
                    words.append(b)
            for g in gs:
                hits[g].append((b, e + 1))
        trig.sort()
        self.trig, self.trig_word, self.word_starts = trig, trig_word, words
        # ASCII digits are all the \d of an ASCII text; otherwise read the runs in number_starts
        self.digit_starts = digits if ascii_text else None
        self.gates = _Gates(hits)


class _Gates:
    """Where each gate's stems occur in one document (lower-cased, same offsets)."""

    __slots__ = ("hits",)

    def __init__(self, hits: dict[str, list[tuple[int, int]]]):
        for h in hits.values():
            h.sort()
        self.hits = hits  # gate -> sorted (start, end) of its stems

    def has(self, g: str, a: int, b: int) -> bool:
        """Is a stem of gate ``g`` wholly inside ``[a, b)``?"""
        h = self.hits[g]
        k = bisect_left(h, (a,))
        while k < len(h) and h[k][0] < b:
            if h[k][1] <= b:
                return True
            k += 1
        return False

    def positions(self, g: str, a: int, b: int) -> list[int]:
        h = self.hits[g]
        return [s for s, _ in h[bisect_left(h, (a,)):bisect_left(h, (b,))]]


def _modal(text: str, a: int, b: int, gates: _Gates | None = None):
    """``R["modal"].search(text, a, b)``, skipped when no modal word can be there."""
    if gates is not None:
        if not gates.has("modal", a, b):
            return None
    elif not _MODAL_GATE.search(text[a:b].lower()):
        return None
    return _rules()["modal"].search(text, a, b)


def _finditer_at(pat, pos_re, text: str, low: str, sent: Sentence, positions: list[int] | None = None):
    """Same matches as ``pat.finditer(text, sent.start, sent.end)`` for a pattern that can only
    start where ``pos_re`` hits the lower-case sentence ``low`` (or at ``positions``, text
    offsets of the same hits found once per document)."""
    if positions is None and len(low) != sent.end - sent.start:  # lower-casing changed lengths
        yield from pat.finditer(text, sent.start, sent.end)
        return
    base, last = sent.start, sent.start
    starts = positions if positions is not None else [base + h.start() for h in pos_re.finditer(low)]
    for p in starts:
        if p < last:
            continue
        m = pat.match(text, p, sent.end)
        if m:
            last = m.end()
            yield m


_SV_GATE = re.compile("|".join(_GATE_STEMS["sv"]))
_SN_GATE = re.compile("|".join(_GATE_STEMS["sn"]))  # single_noun is case-sensitive: a superset on lower case
_SI_GATE = re.compile("|".join(_GATE_STEMS["si"]))
_SA_GATE = re.compile("|".join(_GATE_STEMS["sa"]))


def _singles(text: str, sent: Sentence, si: int, out: list[Found], gates: _Gates | None = None,
             alow: str | None = None) -> None:
    """A victim named without a number counts as one ("a child and a man were killed": 2).
    ``alow``: the lower-cased text when the text is ASCII (see :func:`_lc`)."""
    R = _rules()
    spans = [(f.claim.evidence.start, f.claim.evidence.end) for f in out]

    def taken(s, e):
        return any(a < e and s < b for a, b in spans)

    def add(s, e, st, value, g, perp=False, join=None):
        if taken(s, e):
            return None
        c = Claim(status=st, group=g, value=value, qualifier="exact", evidence=Evidence(s, e, text[s:e]), perpetrator=perp)
        f = Found(c, si, "single", -1, e, single=True)
        if join is not None:
            f.extra["join"] = join
        out.append(f)
        spans.append((s, e))
        return f

    low = sent.text.lower()
    a, b = sent.start, sent.end

    def scan(pat):  # pat.finditer(text, a, b), by the lower-case twin when there is ``alow``
        return pat.finditer(text, a, b) if alow is None else _lc(pat).finditer(alow, a, b)

    gate = (lambda g, rx: gates.has(g, a, b)) if gates is not None else (lambda g, rx: rx.search(low) is not None)
    pos = (lambda g: gates.positions(g, a, b)) if gates is not None else (lambda g: None)
    for m in (_finditer_at(R["single_verb"], _SV_POS, text, low, sent, pos("sv_at")) if gate("sv", _SV_GATE) else ()):
        head = text[sent.start:m.start()]
        cut = 0
        for cm in (_CLAUSE_START.finditer(head) if alow is None else _lc(_CLAUSE_START).finditer(alow[sent.start:m.start()])):
            cut = cm.end()
        subj = head[cut:]
        k = subj.rfind(" and ")
        v = _CLAUSE_VERB.search(subj, 0, k) if k > 0 else None
        if v is not None and subj[k + 5:].strip():
            # "The mayor was gunned down by assailants and a municipal worker (was wounded)":
            # the subject is what follows the last "and" of the first clause
            cut += k + 5
            subj = subj[k + 5:]
        elif v is not None and m.group("died"):
            # "X was shot in front of his home ... and died of his wounds": the first clause's subject
            subj = subj[:v.start()]
            words = subj.split()
            if not words or _plural_head(words[-1].strip(",").lower()):
                continue  # "sufferers had no injuries and died": not one person
        rel = _REL_CLAUSE.search(subj) if "wh" in subj else None
        if rel is not None and rel.start() > 0 and subj[rel.end():].strip():
            # "The mayor of X who had been accused of ... was killed": the subject's head comes
            # before its relative clause
            subj = subj[:rel.start()]
        elif rel is not None and rel.start() > 0:
            # "... the murder of Camilo Catrillanca, who was shot dead": the victim is the phrase
            # the relative pronoun stands for, not the sentence before it
            ant = _ANTECEDENT.search(subj, 0, rel.start())
            if ant is not None:
                first = ant.group().split()[0].lower()
                person = (_PERSON.search(ant.group()) if first in ("a", "an", "the", "his", "her", "their")
                          else len(ant.group().split()) >= 2)  # "a government official", "Camilo Catrillanca"
                if not person:
                    continue  # "... in part of the Southwest, who was killed": not the victim
                cut += ant.start()
                subj = ant.group() + " "
        if len(subj) > 120:
            subj = _LOCATIVE_TAIL.sub(" ", subj)  # "A district chief of ... (NDS) in Nadi Ali of Helmand province"
            if len(subj) > 120:
                continue
        if "both" in subj:
            subj = _BOTH_ASIDE.sub(" ", subj)  # "A teacher and his son, both residents of the town,"
        if subj[:5].lower() == "only ":
            cut += 5  # "Only the perpetrator was killed"
            subj = subj[5:]
        if subj[:5].lower() == "both " and " and " in subj:
            cut += 5  # "Both the driver and a passenger were killed": the conjunction's first half
            subj = subj[5:]
        if _modal(text, max(sent.start, m.start() - 20), m.end(), gates):
            continue
        plural_verb = bool(_PLURAL_VERB.match(m.group()))
        vc = _victim_count(subj, singular=not plural_verb)
        if vc is None and " the " in subj:
            trimmed = _PLACE_PP.sub(" ", subj)  # "A lady passenger in the vehicle": where, not who
            if trimmed != subj:
                vc = _victim_count(trimmed, singular=not plural_verb)
        if vc is None:
            if plural_verb and ("," in subj or " and " in subj):
                _singles_before_number(text, sent, subj, cut, out, add)
            continue
        k, g = vc
        if (k > 1) != plural_verb and not m.group("died"):
            continue
        st = "killed"
        if m.group("inj"):
            inj = m.group("inj").lower()
            st = "injured" if inj.startswith("shot") else {  # "was shot in the leg": wounded, not killed
                "injured": "injured", "wounded": "injured", "hurt": "injured", "abducted": "kidnapped", "kidnapped": "kidnapped",
                "arrested": "detained", "detained": "detained"}[inj]
        s0 = sent.start + cut + (len(subj) - len(subj.lstrip()))
        prev_same = None
        if _ANOTHER_HEAD.match(subj):
            prev_same = next((x for x in reversed(out) if x.claim.status == st and x.claim.evidence.end <= m.start()), None)
        if st == "killed" and m.group("died"):
            wounded = next((x for x in out if x.single and x.claim.status == "injured" and x.claim.evidence.start == s0), None)
            if wounded is not None:
                # "A soldier was wounded and (later) died": one death, not an injury
                c = wounded.claim
                c.status, c.evidence = "killed", Evidence(s0, m.end(), text[s0:m.end()])
                wounded.end = m.end()
                spans.append((s0, m.end()))
                continue
        f = add(s0, m.end(), st, k, g, perp=group_of(subj)[1], join=prev_same)
        if f is not None and k > 1 and g == "total":
            _list_parts(text, s0, m.start(), f, si, out)
        if f is not None and st == "killed":
            _single_tail(text, sent, si, f, add)
    for m in (_finditer_at(R["single_active"], _SA_GATE, text, low, sent, pos("sa")) if gate("sa", _SA_GATE) else ()):
        np = _single_victim_np(m, text, sent, gates)
        if np is None:
            continue
        if not (R["group_re"].search(np) or _PERSON.search(np) or m.group("obj")[:1].isupper()
                or (not _NOT_PERSON.search(np) and not _NOT_PERSON_END.search(np))):
            continue
        g, perp, _ = group_of(np)
        f = add(m.start(), m.end("np"), "killed", 1, g, perp)
        if f is not None:
            _single_tail(text, sent, si, f, add)
    for m in (_finditer_at(R["single_active_inj"], _SI_GATE, text, low, sent, pos("si")) if gate("si", _SI_GATE) else ()):
        np = _single_victim_np(m, text, sent, gates)
        if np is None:
            continue
        g, perp, _ = group_of(np)
        if not (_PERSON.search(np) or g != "total") or _NOT_PERSON.search(np):
            continue
        f = add(m.start(), m.end("np"), "injured", 1, g, perp)
        if f is not None:
            _single_tail(text, sent, si, f, add)
    # "killed two policemen and a village chief": a singular victim coordinated after a claim
    for f in list(out):
        if f.single or f.claim.status not in ("killed", "injured") or f.frame in ("negation",):
            continue
        _single_tail(text, sent, si, f, add)
    for m in (scan(R["single_another"]) if ("another" in low or "other" in low or "second" in low) else ()):
        w = (m.group("st") or m.group("st2")).lower()
        st = "killed" if w.startswith("kill") or w == "dead" else "injured"
        add(m.start(), m.end(), st, 1, group_of(text[m.start():m.end()])[0])
    for m in (_SINGLE_SUFFERED.finditer(text, a, b) if ("suffer" in low or "sustain" in low) else ()):
        np = m.group("np")
        if _PLURAL_WORDS.search(np) or not _PERSON.search(np) or _NOT_PERSON.search(np):
            continue
        g, perp, _ = group_of(np)
        add(m.start(), m.end(), "injured", 1, g, perp)
    for m in (scan(R["single_left"]) if ("left" in low or "leaving" in low or "leaves" in low) else ()):
        np = text[m.start("np"):m.end("np")]
        if _PLURAL_WORDS.search(np) or not (_PERSON.search(np) or group_of(np)[0] != "total"):
            continue
        st = "killed" if m.group("st").lower() == "dead" else "injured"
        add(m.start(), m.end(), st, 1, group_of(np)[0])
    if sent.start == 0 or text[sent.start - 1] == "\n":
        _headline_single(text, sent, si, low, add)
    for m in (_SINGLE_INJURY.finditer(text, a, b) if ("injur" in low or "wounding" in low) else ()):
        # "... and the injury of another police officer and a conscript": persons injured
        head = m.group("np").split()[-1]
        vc = _victim_count(m.group("np")) if (_PERSON.search(head) or group_of(head)[0] != "total") else None
        if vc is not None:
            add(m.start(), m.end(), "injured", vc[0], vc[1])
    for rx, st, end_word in R["single_split"]:
        if end_word not in low:
            continue
        for m in scan(rx):
            np = m.group("obj")
            np = np.split(None, 1)[1] if len(np.split(None, 1)) > 1 else np
            if _PLURAL_WORDS.search(np) or _NOT_PERSON.search(np) or _NOT_PERSON_END.search(np):
                continue  # (only a living being is stoned to death or burned alive: no person noun is needed)
            add(m.start(), m.end(), st, 1, group_of(np)[0])
    for m in (scan(R["single_body"]) if ("body" in low or "corpse" in low) else ()):
        add(m.start(), m.end(), "killed", 1, "total")
    for m in (R["single_noun"].finditer(text, sent.start, sent.end) if " of " in low and (gates.has("sn", a, b) if gates is not None else _SN_GATE.search(sent.text)) else ()):
        np = m.group("np")
        if _PLURAL_WORDS.search(np) or not (_PERSON.search(np) or np[:1].isupper()):
            continue
        if _ATTEMPTED.search(text, max(sent.start, m.start() - 16), m.start() + 14):
            continue  # "an attempted assassination of the minister": nobody died
        add(m.start(), m.end(), "killed", 1, group_of(np)[0])


def _list_parts(text: str, s: int, e: int, f: Found, si: int, out: list[Found]) -> None:
    """"An infant and her grandmother were killed": the list's count is the claim (2, no one
    group); each listed person of a named group (a child, a woman ...) is a part of it."""
    seg = text[s:e].rstrip(" ,")
    at = 0
    for sep in (*_CONJ.finditer(seg), None):
        a, b = at, (sep.start() if sep is not None else len(seg))
        at = sep.end() if sep is not None else at
        g = group_of(seg[a:b])[0]
        if g in ("total", "unknown"):
            continue
        out.append(_person_part(text, s + a, s + b, g, f, si, perp=f.claim.perpetrator))


def _person_part(text: str, s: int, e: int, group: str, parent: Found, si: int, perp: bool = False) -> Found:
    """One listed person as a part of ``parent``'s claim (same status, value 1)."""
    c = Claim(status=parent.claim.status, group=group, value=1, qualifier="exact", evidence=Evidence(s, e, text[s:e]),
              perpetrator=perp)
    return Found(c, si, "part", -1, e, single=True, extra={"parent": parent})


def _single_victim_np(m, text: str, sent, gates) -> str | None:
    """The victim phrase of a single-victim match ("killed a farmer"), or None when its head is
    plural, it names units rather than people, or a modal makes it hypothetical."""
    head = m.group("head").lower()
    np = m.group("np")
    if _plural_head(head) or text[m.start("obj"):m.end("np")].rsplit(None, 1)[-1].lower() in _TIME_NOUNS:
        return None  # plural, or "were killed Thursday": a time, not a victim
    if _PLURAL_WORDS.search(np) or _is_unit(" " + np) or _modal(text, max(sent.start, m.start() - 25), m.start(), gates):
        return None
    return np


# "... and a policeman (was) wounded": the coordinated phrase has a verb of its own
_TAIL_CLAUSE = re.compile(
    r"(?P<np>.*?)\s+(?:(?:was|were|is|are|has\s+been|had\s+been|got)\s+)?(?:(?:also|later|seriously|critically|"
    r"slightly|badly|gravely)\s+)?(?P<v>wounded|injured|hurt|killed|dead|died|kidnapped|abducted|arrested|detained)\b", re.I)
_TAIL_STATUS = {"wounded": "injured", "injured": "injured", "hurt": "injured", "killed": "killed", "dead": "killed",
                "died": "killed", "kidnapped": "kidnapped", "abducted": "kidnapped", "arrested": "detained", "detained": "detained"}
_AUX_WORD = re.compile(r"\b(?:was|were|is|are|has|have|had|been|got)\b", re.I)
_CLAUSE_VERB = re.compile(r"\b(?:was|were|is|are|has|have|had|been|got|killed|kills|shot|wounded|injured|attacked|abducted|kidnapped)\b", re.I)


def _single_tail(text, sent, si, f, add, depth=0):
    R = _rules()
    m = R["single_tail"].match(text, f.end, sent.end)
    if m:
        nums = find_numbers(m.group("np"))
        if nums and nums[0].start == 0:
            m = None  # "and his two sons": a number, read below
    if m:
        cm = _TAIL_CLAUSE.match(m.group("np"))
        if cm is not None:
            # "A soldier was killed and a policeman (was) wounded": a victim of its own verb
            np = cm.group("np")
            if (_PLURAL_WORDS.search(np) or _THINGS.search(np) or _BAD_NP.search(np)
                    or not (_PERSON.search(np) or group_of(np)[0] != "total")):
                return
            st = _TAIL_STATUS[cm.group("v").lower()]
            g, perp, _ = group_of(np)
            add(m.start("obj"), m.start("np") + cm.end(), st, 1, g, perp, join=f if st == f.claim.status else None)
            return
        if _AUX_WORD.search(m.group("np")):
            return  # "... and a man was questioned": no victim of this claim
    if not m:
        # "killed a town mayor and two other people": a number coordinated after a single victim
        mc = R["conj"].match(text, f.end, sent.end)
        if mc is None and f.single:
            pp = _PP_TAIL.match(text, f.end, sent.end)  # "the dean of the Faculty of Sciences and two of her children"
            if pp is not None:
                mc = R["conj"].match(text, pp.end(), sent.end)
        if mc and f.single:
            at = mc.end()
            mp = _POSS.match(text, at, sent.end)  # "killed a village head and his two sons"
            if mp:
                at = mp.end()
            nums = find_numbers(text, at, min(sent.end, at + 40))
            if nums and nums[0].start == at and nums[0].value is not None:
                n = nums[0]
                np_m = R["np_after"].match(text, n.end, sent.end)
                np = np_m.group() if np_m else ""
                g, perp, w = group_of(np)
                if w is not None and not _is_unit(np):
                    c = _claim(n, f.claim.status, g, text, n.start, n.end + len(np.rstrip()), perpetrator=perp)
                    if not any(a.claim.evidence.start < c.evidence.end and c.evidence.start < a.claim.evidence.end for a in [f]):
                        nf = add(c.evidence.start, c.evidence.end, c.status, c.value, g, perp, join=f)
                        if nf is not None:
                            nf.claim.low, nf.claim.high, nf.claim.qualifier = c.low, c.high, c.qualifier
                            nf.single = False
        return
    np = m.group("np")
    if (_PLURAL_WORDS.search(np) or _THINGS.search(np)
            or _BAD_NP.search(np)):  # "..., his family said"
        return
    if not (_PERSON.search(np) or group_of(np)[0] != "total"):
        return
    head = np.split()[-1].lower()
    if _plural_head(head):
        return
    g, perp, _ = group_of(np)
    nf = add(m.start("obj"), m.end(), f.claim.status, 1, g, perp, join=f)
    if nf is not None and depth < 4:
        _single_tail(text, sent, si, nf, add, depth + 1)


_POSS = re.compile(r"(?:his|her|their|its)\s+", re.I)
_OTHER_CLAUSE = re.compile(r"\s(?:as|after|when|because|while|since|but|before)\s+(?!many\b|much\b|few\b)", re.I)
# headlines drop articles and auxiliaries: "Ukrainian soldier killed in Donbas", "Woman dies in
# shelling", "Shelling kills militiaman - DPR command"
_HEADLINE_PASSIVE = re.compile(r"(?:UPDATE\s*\d*\s*-\s*)?(?P<np>(?P<of>[\w'’\-]+\s+of\s+)?(?:[\w'’\-]+\s+){0,4}?(?P<head>[\w'’\-]+))\s+(?:(?:was|is|reportedly|allegedly|reported)\s+)*"
                               r"(?P<st>killed|dies|died|dead|shot\s+dead|slain|wounded|injured|hurt|executed|beheaded|assassinated|murdered|"
                               r"gunned\s+down|(?:tortured|beaten|stabbed|burned|burnt|shot)\s+to\s+death|KIA|WIA)\b")
_COMMA = re.compile(r",\s+")
_MOTIVE = re.compile(r"\b(?:(?:in|a|as\s+a)\s+response\s+(?:to|of)|in\s+retaliation\s+(?:for|against)|in\s+retribution\s+for|in\s+revenge\s+for|to\s+avenge|in\s+protest\s+(?:at|against|over)|to\s+protest(?:\s+against)?|protesting(?:\s+against)?|to\s+condemn|to\s+mourn)\s+(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){0,3}?(?=\S*$)", re.I)
_ATTEMPTED = re.compile(r"\b(?:attempted|failed|foiled|thwarted|botched|plotted|planned)\s+(?:the\s+)?(?:murder|killing|assassination|execution)\b", re.I)
# "a policeman suffered gunshot wounds": one injured person
_SINGLE_SUFFERED = re.compile(r"\b(?:(?:a|an|one|the|his|her)\s+|(?=[A-Z]))(?P<np>(?:[\w'’\-]+\s+){0,3}?[\w'’\-]+)\s+(?:also\s+)?(?:suffered|sustained)\s+"
                              r"(?:(?:serious|minor|severe|critical|light|gunshot|bullet|shrapnel|stab|burn|head|multiple)\s+){0,2}(?:wounds|injuries|injury)\b")
# substrings without which neither headline pattern can match (a cheap test first)
_HEADLINE_STEMS = ("kill", "die", "dead", "slain", "wound", "injur", "hurt", "death", "execut", "behead", "assassin",
                   "murder", "gunned", "kia", "wia")
_HEADLINE_ACTIVE = re.compile(r"\b(?:kills|killed|kill|killing)\s+(?P<np>(?:[a-z][\w'’\-]*\s+){0,2}?(?P<head>[a-z][\w'’\-]+|\d{1,3}-year-old))(?=\s*(?:[-–—,:;.]|$|\s+(?:in|at|on|near|during|while)\b))")
_AGE_HEAD = re.compile(r"\d{1,3}-year-old$")
# "Soldier, wounded during shelling on July 15, dies in hospital": a death, not an injury
_HEADLINE_WOUNDS_DIE = re.compile(r"(?P<np>(?:[\w'’\-]+\s+){0,3}?(?P<head>[\w'’\-]+)),?\s+(?:was\s+)?(?:wounded|injured)\b[^.;:]{0,80}?\s"
                                  r"(?P<st>dies|died|succumbs|succumbed)\b")


def _headline_single(text: str, sent: Sentence, si: int, low: str, add) -> None:
    """One victim named by a bare singular person noun in a headline (the sentence that opens
    the text or a line): "Civilian killed in Donetsk", "shelling kills militiaman"."""
    if sent.end - sent.start > 200 or not any(w in low for w in _HEADLINE_STEMS):
        return  # headlines are short
    # clause starts: the sentence start, and after a comma ("... shell a settlement, militiaman killed")
    starts = [sent.start] + [c.end() for c in _COMMA.finditer(text, sent.start, sent.end)]
    tries = ([(_HEADLINE_WOUNDS_DIE, True, sent.start)] + [(_HEADLINE_PASSIVE, True, p) for p in starts]
             + [(_HEADLINE_ACTIVE, False, sent.start)])
    for rx, anchored, at in tries:
        m = rx.match(text, at, sent.end) if anchored else rx.search(text, at, sent.end)
        if m is None:
            continue
        np, head = m.group("np"), m.group("head").lower()
        if m.groupdict().get("of"):
            head = m.group("of").split()[0].lower()  # "Member of emergencies service's bomb disposal squad killed"
        if anchored and not (np[:1].isupper() if at == sent.start else (
                len(np.split()) <= 2 and not _ARTICLE_START.match(np + " ") or len(np.split()) <= 3 and _A_ONE.match(np))):
            # (after a comma: "Two policemen, civilian killed", "..., a civilian killed")
            continue
        if _PLURAL_WORDS.search(np) or (_has_number_word(np) and not _AGE_HEAD.match(head) and any(n.value != 1 for n in find_numbers(np))) or not (_PERSON.search(head) or _AGE_HEAD.match(head)) or head in ("one", "other", "another", "someone", "somebody", "he", "she"):
            continue
        if _plural_head(head):
            continue
        st = (m.group("st") if anchored else "killed").lower()
        status = "injured" if st in ("wounded", "injured", "hurt", "wia") else "killed"  # KIA/WIA: killed/wounded in action
        g, perp, _ = group_of(np)
        if not perp:
            f = add(m.start("np") if anchored else m.start(), m.end() if anchored else m.end("np"), status, 1, g, perp)
            if f is not None and not anchored:
                f.end = m.end("np")
                _single_tail(text, sent, si, f, add)  # "kill grandfather, his daughter and his grandson"


# the rest of a single victim's phrase before "and": "of the Faculty of Sciences at Aden University"
_PP_TAIL = re.compile(r"(?:\s+(?:of|at|from|in|by)\s+(?:the\s+)?[A-Za-z][\w'’\-]*(?:\s+(?:of|at|the|[A-Za-z][\w'’\-]*)){0,6}?)(?=\s+(?:and|along\s+with|as\s+well\s+as)\s)")
_EPISTEMIC = re.compile(r"(?:might|may)\s+(?:well\s+)?have\s+(?:been|died|perished|lost|drowned|succumbed|killed|wounded|injured)\b", re.I)
_CLAUSE_PUNCT = re.compile(r"[,;:—–\s](?:(?<=[,;:—–])|(?<=\s)-\s)")  # = [,;:—–]|\s-\s, led by one character class (faster)
_CUM_GATE = re.compile("|".join(_GATE_STEMS["cum"]))
_HIST_YEAR = re.compile(r"(?:19|20)\d\d")


def _hist_gate(s: str) -> bool:
    """Can ``R["historical"]`` match in ``s``? The same answer as searching for
    ``ago|year|19\\d\\d|20\\d\\d|decade|previous``, by substring tests first (much cheaper)."""
    return ("ago" in s or "year" in s or "decade" in s or "previous" in s
            or (("19" in s or "20" in s) and _HIST_YEAR.search(s) is not None))


_HIST_YEAR_IN = re.compile(r"(?:in|during)\s+(?:the\s+)?(?:19|20)\d")


def _hist_possible(low: str) -> bool:
    """A necessary condition for ``R["historical"]`` to match an ASCII string whose lower-cased
    copy is ``low``: each of its alternatives needs "ago", "year" with "last"/"previous", or "in"/"during"
    before a year (cheaper than the search, which mostly fails on dates)."""
    return ("ago" in low or ("year" in low and ("last" in low or "previous" in low))
            or _HIST_YEAR_IN.search(low) is not None)


def _scope(text: str, sent: Sentence, f: Found, pub_year: int | None, gates: _Gates | None = None,
           alow: str | None = None) -> None:
    """Set the claim's scope (hypothetical, cumulative, historical). ``alow``: the lower-cased
    text when the text is ASCII (see :func:`_lc`)."""
    R = _rules()
    c = f.claim
    s, e = c.evidence.start, c.evidence.end
    # clause: from the sentence start to the next , ; after the claim
    m = _CLAUSE_PUNCT.search(text, e, sent.end)
    clause_end = m.start() if m else sent.end
    m2 = None
    for m2 in _CLAUSE_PUNCT.finditer(text, sent.start, s):
        pass
    clause_start = m2.end() if m2 else sent.start
    window = text[sent.start:clause_end]
    if f.frame != "negation" and _MOTIVE.search(text, max(sent.start, s - 45), s + 1):
        # "protests in response to the murder of X", "in retaliation for the killing of 3 soldiers":
        # an earlier death that motivates this event, not one of its casualties
        c.scope = "historical"
        return
    if f.frame != "negation":
        a = max(clause_start, s - 40)
        pre = text[a:s] + " " + text[s:e]
        maybe = gates.has("modal", a, e) if gates is not None else _MODAL_GATE.search(pre.lower())
        mm = R["modal"].search(pre) if maybe else None
        if mm and _EPISTEMIC.match(pre, mm.start()):
            mm = None  # "200 civilians might have lost their lives": an uncertain count of a past event
        elif mm and _OTHER_CLAUSE.search(pre, mm.end(), len(pre) - (e - s)):
            mm = None  # "rebels will pay as missiles kill 23 soldiers": the modal is another clause's
        if mm and not re.search(r"\b(?:feared|believed)\s+(?:dead|killed)", pre, re.I):
            c.scope = "hypothetical"
            return
    cum_gate = gates.has("cum", sent.start, clause_end) if gates is not None else _CUM_GATE.search(window.lower())
    if (c.status == "killed" and (c.value or c.low or 0) >= BIG_TOLL) or (
            cum_gate and (R["cumulative"].search(window) if alow is None else _lc(R["cumulative"]).search(alow[sent.start:clause_end]))):
        c.scope = "cumulative"
        return
    if (c.value is None or c.value >= WAR_TOLL) and cum_gate and (
            R["cum_war"].search(window) if alow is None else _lc(R["cum_war"]).search(alow[sent.start:clause_end])):
        c.scope = "cumulative"
        return
    local = text[clause_start:clause_end]
    if not _hist_gate(local):
        return
    if alow is None:
        mh = R["historical"].search(local)
    else:
        llocal = alow[clause_start:clause_end]
        mh = _lc(R["historical"]).search(llocal) if _hist_possible(llocal) else None
    if mh and clause_start + mh.start() > e and _SINCE_WORD.search(text, e, clause_start + mh.start()):
        mh = None  # "the deadliest attack since its civil war ended a decade ago": the reference point's time
    if mh:
        y = R["year_in"].search(local[mh.start():mh.end()])
        if y is None or (pub_year is not None and int(y.group(1)) < pub_year):
            c.scope = "historical"


def extract_claims(text: str, published: str | None = None) -> list[Claim]:
    """The casualty claims of ``text`` as :class:`observatory.model.Claim` records."""
    return [f.claim for f in find_claims(text, published=published)]
