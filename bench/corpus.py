#!/usr/bin/env python3
"""Generate a large synthetic corpus of conflict reports as JSONL, streaming.

Each document recombines sentence templates (incident, attribution, context, aftermath)
with places, numbers, actors, sources and dates, so that the extractor meets the same
kinds of sentences it meets in real reports, in endless combinations, without any real
text being copied into the repository.  Output lines look like the extract input:

    {"id": "syn-0000001", "text": "...", "published": "2024-05-17", "publisher": "..."}

Optionally ``--source FILE.jsonl`` (e.g. ``../shared/bench/dev.jsonl``) is read at run time
and its sentences (numbers re-drawn) are mixed into the templates' output; nothing from it
is stored here.  The output is deterministic for a given ``--seed`` and never held in
memory: a million documents take a few seconds per 100k and constant memory.

    python bench/corpus.py 100000 -o /tmp/corpus-100k.jsonl [--source ../shared/bench/dev.jsonl]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

# (place, country, region) — towns and districts of the regions such reports come from
PLACES = [
    ("Aleppo", "Syria", "Aleppo province"), ("Idlib", "Syria", "Idlib province"),
    ("Maarat al-Numan", "Syria", "Idlib province"), ("Deir ez-Zor", "Syria", "eastern Syria"),
    ("Latakia", "Syria", "the coastal region"), ("Homs", "Syria", "central Syria"),
    ("Mosul", "Iraq", "Nineveh province"), ("Kirkuk", "Iraq", "northern Iraq"),
    ("Ramadi", "Iraq", "Anbar province"), ("Baqubah", "Iraq", "Diyala province"),
    ("Kabul", "Afghanistan", "the capital"), ("Kandahar", "Afghanistan", "southern Afghanistan"),
    ("Jalalabad", "Afghanistan", "Nangarhar province"), ("Kunduz", "Afghanistan", "the north"),
    ("Maiduguri", "Nigeria", "Borno state"), ("Kaduna", "Nigeria", "northwest Nigeria"),
    ("Jos", "Nigeria", "Plateau state"), ("Gao", "Mali", "northern Mali"),
    ("Mopti", "Mali", "central Mali"), ("Djibo", "Burkina Faso", "the Sahel region"),
    ("Goma", "DR Congo", "North Kivu province"), ("Beni", "DR Congo", "North Kivu province"),
    ("Bunia", "DR Congo", "Ituri province"), ("Mogadishu", "Somalia", "the capital"),
    ("Kismayo", "Somalia", "Lower Juba"), ("El Fasher", "Sudan", "North Darfur"),
    ("Omdurman", "Sudan", "Khartoum state"), ("Taiz", "Yemen", "southwest Yemen"),
    ("Hodeidah", "Yemen", "the Red Sea coast"), ("Marib", "Yemen", "central Yemen"),
    ("Peshawar", "Pakistan", "Khyber Pakhtunkhwa"), ("Quetta", "Pakistan", "Balochistan"),
    ("Khan Younis", "the Gaza Strip", "southern Gaza"), ("Jenin", "the West Bank", "the northern West Bank"),
    ("Kharkiv", "Ukraine", "the northeast"), ("Kherson", "Ukraine", "the south"),
    ("Sittwe", "Myanmar", "Rakhine state"), ("Tripoli", "Libya", "the west"),
    ("Benghazi", "Libya", "eastern Libya"), ("Sirte", "Libya", "the central coast"),
]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "a dozen", "dozens", "several"]
PERPETRATORS = [
    "gunmen", "suspected militants", "an armed group", "government forces", "rebel fighters",
    "Islamic State fighters", "unidentified attackers", "a suicide bomber", "security forces",
    "a local militia", "insurgents", "bandits",
]
VICTIMS = ["people", "civilians", "soldiers", "police officers", "villagers", "worshippers",
           "students", "farmers", "militants", "fighters", "children", "women", "aid workers"]
WEAPONS = ["a car bomb", "a roadside bomb", "an air strike", "shelling", "a drone strike",
           "a rocket attack", "a mortar attack", "an ambush", "a landmine", "artillery fire"]
SOURCES = [
    ("a local official", "said"), ("the interior ministry", "said in a statement"),
    ("the health ministry", "said"), ("witnesses", "told reporters"),
    ("a hospital source", "said"), ("the United Nations", "said"),
    ("a monitoring group", "reported"), ("police", "said"), ("the army", "said"),
    ("residents", "said"), ("a spokesman for the governor", "told AFP"),
    ("a human rights group", "said"),
]
PUBLISHERS = ["Reuters", "AFP", "AP", "Al Jazeera", "BBC", "Xinhua", "The New Humanitarian",
              "Anadolu", "Local Radio", "Daily Monitor"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TIMES = ["", "early ", "late ", "on the night of "]

LEADS = [
    "At least {n} {victim} were killed and {m} others wounded when {weapon} hit {place} on {day}, {source} {said}.",
    "{Perp} killed {n} {victim} in an attack on a village near {place} in {region}, {source} {said}.",
    "{N} {victim} died in {weapon} in {place}, {country}, {time}{day}.",
    "{Perp} attacked a checkpoint in {place} {time}{day}, killing {n} {victim} and wounding {m}.",
    "The death toll from {weapon} in {place} has risen to {n}, {source} {said}.",
    "More than {n} {victim} were killed in clashes between {perp} and {perp2} in {region} on {date}.",
    "{Perp} opened fire on a market in {place} on {day}, killing about {n} {victim}.",
    "{N} {victim} were injured and {k} killed after {weapon} struck a residential area of {place}.",
    "Up to {n} {victim} are feared dead after {perp} stormed {place} in {region}, {source} {said}.",
    "{Perp} abducted {n} {victim} from a school in {place} on {date}, {source} {said}.",
    "Fighting in {region} has displaced thousands of families since {date}, {source} {said}.",
    "Between {k} and {n} {victim} were killed in {weapon} on a convoy outside {place}.",
]
FOLLOWS = [
    "{Source} said {k} of the dead were children.",
    "Among the dead were {k} {victim2}, {source} {said}.",
    "The wounded were taken to hospitals in {place2}.",
    "No group has claimed responsibility for the attack.",
    "{Perp} later claimed responsibility in a statement.",
    "Earlier reports had put the toll at {k}.",
    "The attack was the deadliest in {region} since {date}.",
    "Authorities imposed a curfew on {place} after the attack.",
    "{Source} said {m} people were still missing.",
    "Residents said the fighting had forced hundreds to flee towards {place2}.",
    "It was not immediately clear who carried out the attack.",
    "The government condemned the killings and promised an investigation.",
    "Since the conflict began, more than {big} people have been killed in {country}.",
    "Security forces arrested {k} suspects in connection with the attack.",
]

_NUM_RE = re.compile(r"\b\d{1,4}\b")
_SENT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def _number(rng: random.Random, lo: int = 2, hi: int = 60) -> str:
    r = rng.random()
    if r < 0.15:
        return rng.choice(NUMBER_WORDS)
    return str(rng.randint(lo, hi))


def _fill(tpl: str, rng: random.Random, ctx: dict[str, str]) -> str:
    out = tpl.format(**ctx)
    return out[0].upper() + out[1:]


def load_source_sentences(path: str | Path, limit: int = 50_000) -> list[str]:
    """Sentences of a JSONL corpus (read at run time; its texts never enter the repo)."""
    sents: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                text = json.loads(line).get("text") or ""
            except (ValueError, AttributeError):
                continue
            for s in _SENT_RE.split(" ".join(text.split())):
                if 20 <= len(s) <= 400:
                    sents.append(s)
                    if len(sents) >= limit:
                        return sents
    return sents


def documents(n: int, *, seed: int = 7, source_sentences: list[str] | None = None,
              start: dt.date = dt.date(2015, 1, 1), days: int = 3650, bad_every: int = 0,
              id_prefix: str = "syn") -> Iterator[dict]:
    """Yield ``n`` synthetic report records, deterministically for a seed.

    ``bad_every=k`` makes every k-th document an empty text (an input error the pipeline
    must report without stopping).  ``source_sentences`` are mixed in with numbers redrawn.
    """
    rng = random.Random(seed)
    width = max(7, len(str(n)))
    for i in range(n):
        pub = start + dt.timedelta(days=rng.randrange(days))
        event_day = pub - dt.timedelta(days=rng.randint(0, 3))
        place, country, region = rng.choice(PLACES)
        place2 = rng.choice(PLACES)[0]
        perp, perp2 = rng.sample(PERPETRATORS, 2)
        source, said = rng.choice(SOURCES)
        n_ = _number(rng)
        ctx = {
            "n": n_, "N": n_, "m": _number(rng), "k": str(rng.randint(2, 12)),
            "big": f"{rng.randint(2, 600) * 1000:,}", "victim": rng.choice(VICTIMS),
            "victim2": rng.choice(VICTIMS), "weapon": rng.choice(WEAPONS), "place": place,
            "place2": place2, "country": country, "region": region, "perp": perp, "Perp": perp,
            "perp2": perp2, "source": source, "Source": source, "said": said,
            "day": WEEKDAYS[event_day.weekday()], "time": rng.choice(TIMES),
            "date": f"{event_day:%B} {event_day.day}, {event_day.year}" if rng.random() < 0.5 else f"{event_day.day} {event_day:%B}",
        }
        sentences = [_fill(rng.choice(LEADS), rng, ctx)]
        for tpl in rng.sample(FOLLOWS, rng.randint(1, 4)):
            sentences.append(_fill(tpl, rng, ctx))
        if source_sentences and rng.random() < 0.6:
            for _ in range(rng.randint(1, 3)):
                s = rng.choice(source_sentences)
                s = _NUM_RE.sub(lambda m: str(rng.randint(1, 99)), s)
                sentences.insert(rng.randint(1, len(sentences)), s)
        publisher = rng.choice(PUBLISHERS)
        text = f"{place.upper()}, {pub:%B} {pub.day} ({publisher}) - " + " ".join(sentences)
        if bad_every and (i + 1) % bad_every == 0:
            text = ""
        yield {"id": f"{id_prefix}-{i:0{width}d}", "text": text, "published": pub.isoformat(),
               "publisher": publisher}


def cheap_extract(record: dict) -> dict:
    """A trivial stand-in for ``extract_record`` (``--func corpus:cheap_extract``), to time the harness."""
    text = record.get("text") or ""
    if not text.strip():
        return {"id": record.get("id"), "error": "empty text"}
    nums = [int(t) for t in _NUM_RE.findall(text)]
    return {"id": record.get("id"), "language": "en", "published": record.get("published"),
            "summary": {"killed": {"best": max(nums) if nums else None, "low": None, "high": None}},
            "claims": [], "places": [], "dates": [], "sources": []}


def write_corpus(n: int, out, **kw) -> int:
    """Write ``n`` documents as JSONL to a path or a text file object; returns the count."""
    close = False
    if isinstance(out, (str, Path)):
        out = open(out, "w", encoding="utf-8")
        close = True
    count = 0
    try:
        for doc in documents(n, **kw):
            out.write(json.dumps(doc, ensure_ascii=False))
            out.write("\n")
            count += 1
    finally:
        if close:
            out.close()
    return count


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of documents")
    ap.add_argument("-o", "--out", default="-", help="output JSONL file (default: stdout)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--source", help="JSONL whose sentences are mixed in (read at run time, e.g. ../shared/bench/dev.jsonl)")
    ap.add_argument("--bad-every", type=int, default=0, help="make every k-th document empty (error path)")
    args = ap.parse_args(argv)
    sents = load_source_sentences(args.source) if args.source and Path(args.source).exists() else None
    out = sys.stdout if args.out == "-" else args.out
    write_corpus(args.n, out, seed=args.seed, source_sentences=sents, bad_every=args.bad_every)
    return 0


if __name__ == "__main__":
    sys.exit(main())
