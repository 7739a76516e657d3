"""Rule-by-rule tests of the casualty extractor on real-looking sentences (written for these
tests, not taken from any benchmark)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from observatory.extract.attribution import classify, document_sources, find_attributions
from observatory.extract.casualties import extract_claims
from observatory.extract.numbers import find_numbers
from observatory.extract.pipeline import extract, extract_record
from observatory.extract.text import split_sentences


def nums(text):
    return [(n.value, n.low, n.high, n.qualifier) for n in find_numbers(text)]


def claims(text, **kw):
    return [(c.status, c.group, c.value) for c in extract_claims(text, **kw) if c.scope == "incident"]


def summary(text, published=None):
    return extract(text, published=published, geocoder=None).summary


# ---------------------------------------------------------------- numbers
@pytest.mark.parametrize("text,value", [
    ("1,250 people", 1250), ("1.250 people", 1250), ("1 250 people", 1250), ("nine people", 9),
    ("twenty-five people", 25), ("a dozen people", 12), ("two dozen people", 24), ("a hundred people", 100),
    ("one hundred and twelve people", 112), ("٣٢ people", 32), ("3 million people", 3_000_000),
])
def test_number_values(text, value):
    assert find_numbers(text)[0].value == value


def test_at_least_a_possibly_as_many_as_b_is_one_range():
    assert nums("At least 20, and possibly as many as 30, people") == [(20, 20, 30, "between")]
    assert nums("as many as 30 people") == [(30, None, 30, "up_to")]  # its "many" is no amount of its own
    k = summary("More than 100, perhaps up to 200, civilians died.").killed
    assert (k.best, k.low, k.high) == (100, 100, 200)


def test_a_vague_amount_of_a_scale_word_is_vague():
    assert nums("several hundred people") == [(None, 300, None, "vague")]
    assert nums("a few dozen people") == [(None, 24, None, "vague")]
    assert nums("two hundred people") == [(200, None, None, "exact")]
    k = summary("Several hundred people were killed in the massacre.").killed
    assert k.best is None and k.low == 300


def test_a_figure_in_words_and_digits_is_one_number():
    assert nums("Ten (10) persons were killed") == [(10, None, None, "exact")]
    assert nums("between ten (10) and fifteen (15) people") == [(10, 10, 15, "between")]
    assert nums("ten (12) people") == [(10, None, None, "exact"), (12, None, None, "exact")]  # two figures


def test_both_is_two_unless_it_opens_both_x_and_y():
    assert nums("Both were killed and 3 injured.") == [(2, None, None, "exact"), (3, None, None, "exact")]
    assert nums("Both soldiers and civilians were killed.") == []


def test_number_ranges_and_qualifiers():
    assert nums("between 10 and 15 died") == [(10, 10, 15, "between")]
    assert nums("10 to 15 died") == [(10, 10, 15, "between")]
    assert nums("10-15 died") == [(10, 10, 15, "between")]
    assert nums("at least 7") == [(7, 7, None, "at_least")]
    assert nums("more than 40") == [(40, 40, None, "more_than")]
    assert nums("up to 30") == [(30, None, 30, "up_to")]
    assert nums("nearly 50")[0][3] == "about"


def test_vague_amounts_have_documented_low():
    assert nums("dozens of people") == [(None, 12, None, "vague")]
    assert nums("hundreds fled") == [(None, 100, None, "vague")]
    assert nums("tens of thousands") == [(None, 10000, None, "vague")]


def test_a_year_after_a_month_or_a_preposition_is_no_count():
    assert claims("The White Helmets June 12 2016 Civil defence members carry the body of a dead child.") == []
    assert claims("In 2016 civil defence members were killed in a strike.") == []
    # a year-like figure with a verb of its own is still a count
    assert ("killed", "civilians", 2016) in [(c.status, c.group, c.value) for c in extract_claims("Airstrikes killed 2016 civilians.")]


def test_dates_times_and_refs_are_not_numbers():
    assert nums("on 2024-05-03 at 10:30 they met.[12]") == []


# ---------------------------------------------------------------- frames
@pytest.mark.parametrize("text,expected", [
    ("At least 14 people were killed when a bomb went off in the market.", [("killed", "total", 14)]),
    ("The shelling killed nine civilians on Tuesday.", [("killed", "civilians", 9)]),
    ("The blast left 11 dead and 40 wounded.", [("killed", "total", 11), ("injured", "total", 40)]),
    ("The death toll rose to 31 on Friday, officials said.", [("killed", "total", 31)]),
    ("Hospital staff counted 17 fatalities.", [("killed", "total", 17)]),
    ("The fire claimed the lives of 6 workers.", [("killed", "civilians", 6)]),
    ("Police said 12 bodies were found in a ditch.", [("killed", "total", 12)]),
    ("Eight soldiers were killed and 13 others were injured.", [("killed", "security_forces", 8), ("injured", "total", 13)]),
    ("Twenty students went missing after the raid.", [("missing", "civilians", 20)]),
    ("Gunmen abducted 30 schoolgirls from a dormitory.", [("kidnapped", "children", 30)]),
    ("Security forces detained 45 protesters overnight.", [("detained", "protesters", 45)]),
    ("Thousands fled the town as the fighting spread.", [("displaced", "total", None)]),
    ("Mourners attended a funeral for five members of the police force.", [("killed", "security_forces", 5)]),
    ("Gunmen took 12 people hostage at a hotel.", [("kidnapped", "total", 12)]),
])
def test_frames(text, expected):
    assert claims(text) == expected


def test_parts_are_not_additions():
    cs = extract_claims("The strike killed 15 people, including six children and two women.")
    assert [(c.status, c.group, c.value, c.part_of) for c in cs] == [
        ("killed", "total", 15, None), ("killed", "children", 6, 0), ("killed", "women", 2, 0)]
    s = summary("The strike killed 15 people, including six children and two women.")
    assert s.killed.best == 15
    assert s.killed_by_group["children"].best == 6


def test_burial_with_parts_only():
    cs = extract_claims("A mass burial was held for the victims, including seven children.")
    assert [(c.status, c.group, c.value) for c in cs] == [("killed", "children", 7)]


def test_not_tolls():
    assert claims("The clashes over two days drew a 25-year-old man into the fighting 14 years ago.") == []
    assert claims("Fighters seized two vehicles and $5,000 three months after the truce.") == []
    assert claims("Two gunmen killed 5 people at the checkpoint.") == [("killed", "total", 5)]


def test_negation_is_zero():
    cs = extract_claims("No one was killed in the explosion, police said.")
    assert [(c.status, c.value, c.negated) for c in cs] == [("killed", 0, True)]


def test_hypothetical_and_cumulative_scopes():
    cs = extract_claims("Officials warned the dam breach could kill thousands.")
    assert [c.scope for c in cs] == ["hypothetical"]
    cs = extract_claims("Since the war began in 2011, more than 500,000 people have died.")
    assert [c.scope for c in cs] == ["cumulative"]
    assert summary("Since the war began in 2011, more than 500,000 people have died.").killed.best is None


def test_disagreeing_sources_span_low_and_high():
    k = summary("Police said 5 people died in the attack, while hospital sources put the toll at 8.").killed
    assert (k.best, k.low, k.high) == (8, 5, 8)
    # one source restating its own figure is no disagreement
    k = summary("Police said 5 people died. Police later said 8 people were killed.").killed
    assert (k.best, k.low) == (8, 8)


def test_a_toll_dated_days_before_the_reports_own_is_background():
    text = ("At least 20 people were killed in a car bomb blast on Thursday at a checkpoint in Azaz close to the border "
            "with Turkey, local sources said. Most of the injured were taken across the border to Turkish hospitals. "
            "IS has regularly targeted rebel factions, including an October 6 attack at a border crossing that killed 29 rebels.")
    ex = extract(text, published="2016-10-14", geocoder=None)
    by_value = {c.value: c for c in ex.claims}
    assert by_value[20].scope == "incident" and by_value[29].scope == "historical"
    assert ex.summary.killed.best == 20 and ex.event.date_start == "2016-10-13"
    # a later day of the same story is no background
    ex = extract("Ten people were killed on Monday. Two more died on Tuesday.", published="2016-10-14", geocoder=None)
    assert all(c.scope == "incident" for c in ex.claims)


def test_the_ranks_of_a_side_give_the_victims_group():
    ex = extract("12 were killed in the ranks of the regime forces.", geocoder=None)
    assert [c.group for c in ex.claims] == ["security_forces"]
    ex = extract("At least 15 fighters were reported dead; 15 dead among the ranks of Jaish al-Islam.", geocoder=None)
    assert "militants" in {c.group for c in ex.claims}


def test_single_persons_inside_the_tolls_own_phrase_are_parts():
    s = summary("Two people, including the assailant, were killed in the blast.")
    assert s.killed.best == 2 and s.killed_by_group["militants"].best == 1 and s.killed_by_group["civilians"].best == 1
    s = summary("Ten people were killed, including the mayor and a police officer.")
    assert s.killed.best == 10 and s.killed_by_group["security_forces"].best == 1
    # a numbered item is read as a number, not as one person
    s = summary("The attack killed 12 people, including the three attackers.")
    mil = s.killed_by_group.get("militants")
    assert s.killed.best == 12 and (mil is None or mil.best != 1)


def test_a_part_inside_the_tolls_phrase_is_a_part():
    ex = extract("Three people including a tribal leader and his two guards were killed in an explosion.", geocoder=None)
    guards = [c for c in ex.claims if c.value == 2]
    assert guards and guards[0].part_of == 0 and guards[0].group == "security_forces"
    assert ex.summary.killed.best == 3 and ex.summary.killed_by_group["civilians"].best == 1


def test_single_victims_count_one():
    assert summary("Gunmen killed the head of the district council outside his home.").killed.best == 1
    assert summary("His body was found on a roadside near the village.").killed.best == 1
    assert summary("A child and a man were killed and 17 others were injured.").killed.best == 2


def test_coordination_sums():
    s = summary("Militants killed three soldiers and two civilians at the checkpoint.")
    assert s.killed.best == 5
    assert s.killed_by_group["security_forces"].best == 3 and s.killed_by_group["civilians"].best == 2
    s = summary("Four women and two men were shot dead in the attack.")
    assert s.killed.best == 6


def test_group_totals_sum_when_no_overall_total():
    text = ("Clashes over three days left more than 500 dead. The toll includes 310 civilians, "
            "90 members of the security forces and 120 militants.")
    s = summary(text)
    assert s.killed.best == 520
    assert s.killed.low >= 500
    assert s.killed_by_group["civilians"].best == 310


def test_revision_supersedes_earlier_toll():
    s = summary("Eleven people were killed in the attack. Later the death toll rose to 19.")
    assert s.killed.best == 19


def test_others_add_to_earlier_toll():
    s = summary("A car bomb killed 8 people in the city. Fourteen others were killed in attacks elsewhere.")
    assert s.killed.best == 22


# ---------------------------------------------------------------- attribution
def test_attribution_kinds_and_short_references():
    text = ("At least 20 people were killed, the Syrian Network for Human Rights said. "
            "The Network added that 4 children died. State television reported 12 dead. "
            "A resident, Omar Khalil, said 3 bodies were recovered.")
    sents = split_sentences(text)
    atts = find_attributions(text, sents)
    srcs = {s.name: s.kind for s in document_sources(atts)}
    assert srcs.get("Syrian Network for Human Rights") == "monitor"
    assert "State television" in srcs and srcs["State television"] == "state_media"
    assert srcs.get("Omar Khalil") == "witness"
    ex = extract(text, geocoder=None)
    by_value = {c.value: c.source for c in ex.claims}
    assert by_value[4] == "Syrian Network for Human Rights"  # "The Network" resolved
    mentions = {s.name: s.mentions for s in ex.sources}
    assert mentions["Syrian Network for Human Rights"] == 2


@pytest.mark.parametrize("phrase,kind", [
    ("SANA", "state_media"), ("the interior ministry", "official"), ("Reuters", "media"),
    ("Human Rights Watch", "ngo"), ("an eyewitness", "witness"), ("Airwars", "monitor"),
])
def test_source_kinds(phrase, kind):
    assert classify(phrase) == kind


def test_an_armed_groups_own_figures_give_way_to_other_sources():
    text = ("08/14/2015: Assailants attacked a military convoy in Kunar, Afghanistan. Three soldiers were killed. "
            "The Taliban claimed responsibility and stated that 15 soldiers had been killed.")
    ex = extract(text, geocoder=None)
    by_value = {c.value: c for c in ex.claims}
    assert by_value[15].source == "Taliban" and by_value[15].claimant
    assert by_value[3].source is None and not by_value[3].claimant  # the claim is no source for the account before it
    assert ex.summary.killed.best == 3
    ex = extract("Officials said three soldiers were killed. The Taliban said their fighters killed 20 soldiers.", geocoder=None)
    assert ex.summary.killed.best == 3
    # the group's figure is the figure when it is the only one
    ex = extract("The Taliban said their fighters killed 20 soldiers in an attack on an army post.", geocoder=None)
    assert ex.summary.killed.best == 20 and ex.claims[0].claimant
    # a longer phrase that only mentions a group is no claimant
    ex = extract("Fighters allied with the Taliban said 20 soldiers were killed. Officials said three died.", geocoder=None)
    assert not any(c.claimant for c in ex.claims)


def test_source_in_next_sentence_governs():
    ex = extract("Nine civilians were killed in the raid. The monitor said the jets were Russian.", geocoder=None)
    assert ex.claims[0].source == "monitor"


# ---------------------------------------------------------------- contract / pipeline
def test_evidence_spans_index_text():
    text = "  Officials said that at least 7 people died and 12 were hurt when the bridge was bombed. "
    ex = extract(text, geocoder=None)
    assert ex.claims
    for c in ex.claims:
        assert text[c.evidence.start:c.evidence.end] == c.evidence.text


@pytest.mark.parametrize("text,evidence", [
    ("Gunmen killed three people.", "killed three people"),
    ("Militants killed three U.S. soldiers.", "killed three U.S. soldiers"),
    ("The blast caused the death of two health workers.", "death of two health workers"),
])
def test_evidence_ends_at_the_victims_not_the_full_stop(text, evidence):
    (c,) = extract(text, geocoder=None).claims
    assert c.evidence.text == evidence


def test_extract_record_never_raises():
    out = extract_record({"id": "x1"})
    assert out["id"] == "x1" and "error" in out
    out = extract_record({"id": "x2", "text": "Three policemen were killed.", "published": "2024-02-02"})
    assert out["summary"]["killed"]["best"] == 3 and "error" not in out


def test_cli_jsonl_order_and_errors(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": "Five people were killed in the blast."}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "c", "text": "The market reopened on Monday."}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    exe = Path(sys.executable).with_name("observatory")
    r = subprocess.run([str(exe), "extract", str(src), "-o", str(out), "--quiet"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [d.get("id") for d in lines][0] == "a" and lines[-1]["id"] == "c"
    assert len(lines) == 3 and "error" in lines[1]
    assert lines[0]["summary"]["killed"]["best"] == 5
    assert lines[2]["claims"] == []
    assert "line 2" in r.stderr or "2" in r.stderr


def test_combatants_reported_apart_are_not_added():
    s = summary("An airstrike killed six civilians in the district. Officials said the strike also killed 14 insurgents.")
    assert s.killed.best == 6
    assert s.killed_by_group["militants"].best == 14
    # ... but counted when the toll lists them
    s = summary("The death toll includes 20 soldiers and 30 militants.")
    assert s.killed.best == 50
    # ... and when they are the only deaths reported
    assert summary("Troops killed 12 militants in a raid on the hideout.").killed.best == 12
    # ... and when one list names both sides of a fight
    assert summary("Two police officers and three militants died in a gunfight on Tuesday.").killed.best == 5


def test_family_of_and_parts_of_an_earlier_toll():
    assert summary("Gunmen killed a family of five in the village.").killed.best == 5
    ex = extract("Air strikes killed nine civilians in the town. Seven of those killed were children.", geocoder=None)
    assert ex.summary.killed.best == 9
    assert [c.part_of for c in ex.claims] == [None, 0]


def test_claiming_responsibility_is_not_a_source():
    ex = extract("Two police officers were wounded. The Taliban claimed responsibility.", geocoder=None)
    assert ex.sources == [] and ex.claims[0].source is None


def test_group_comes_from_the_head_not_the_parts():
    assert claims("Militiamen attacked the village, killing 24 people including children.") == [("killed", "total", 24)]


def test_a_victim_named_by_an_age_under_18_is_a_child():
    assert claims("Gunmen killed a 12-year-old in the village.") == [("killed", "children", 1)]
    assert claims("Gunmen killed a 40-year-old in the village.") == [("killed", "total", 1)]
    assert claims("A 15-year-old man was killed.") == [("killed", "men", 1)]  # the noun says more


def test_stabbing_is_an_injury_unless_to_death():
    assert claims("The attacker stabbed four people at the station.") == [("injured", "total", 4)]
    assert claims("Two men were stabbed to death outside the mosque.") == [("killed", "men", 2)]


def test_victims_listed_after_a_named_victim_add_up():
    assert summary("Gunmen killed a town mayor and two other people.").killed.best == 3
    assert summary("The mayor was killed along with his wife and 10 other people in the raids.").killed.best == 12
    assert summary("A bomb exploded near the base, killing the wife and baby of a soldier.").killed.best == 2
    s = summary("Insurgents attacked the camp, leaving an army man dead and another one with minor injuries.")
    assert (s.killed.best, s.injured.best) == (1, 1)


class _FakeGeocoder:
    """Places by name, as the geocoder would return them (town-level, resolved)."""

    def __init__(self, names):
        self.names = names

    def find_places(self, text):
        from observatory.model import Place

        out = []
        for n in self.names:
            i = text.find(n)
            if i >= 0:
                out.append(Place(mention=n, start=i, end=i + len(n), name=n, lat=35.0, lon=36.0, country="SY", feature="PPL", precision=1))
        return sorted(out, key=lambda p: p.start)

    def main_location(self, places, claims, text):
        return places[0] if places else None


def test_separate_tolls_in_different_places_are_summed():
    text = ("Air strikes killed four civilians in the village of Al-Bara. Raids also killed two civilians "
            "in the nearby area of Jabal Zawiya. Raids also killed nine civilians in the village of Balyun.")
    ex = extract(text, geocoder=_FakeGeocoder(["Al-Bara", "Jabal Zawiya", "Balyun"]))
    assert [c.place for c in ex.claims] == ["Al-Bara", "Jabal Zawiya", "Balyun"]
    assert ex.summary.killed.best == 15
    # a covering regional figure is not added on top of its parts
    text2 = "Clashes killed 30 people across the province. In Al-Bara, 20 people were killed."
    assert extract(text2, geocoder=_FakeGeocoder(["Al-Bara"])).summary.killed.best == 30


def test_another_victim_adds_to_the_first():
    assert summary("A union official was shot dead at the rally, and another trade unionist also was killed.").killed.best == 2


def test_singular_victim_in_a_plural_subject_and_inner_parts():
    assert summary("Three policemen and a civilian died in the blast.").killed.best == 4
    ex = extract("Seven civilians, including two children, were killed.", geocoder=None)
    assert ex.summary.killed.best == 7
    assert [(c.group, c.value, c.part_of) for c in ex.claims] == [("civilians", 7, None), ("children", 2, 0)]


def test_headline_lists_and_month_may_is_not_a_modal():
    s = summary("At Least 10 Civilians killed 40 injured in Rocket Fire.")
    assert (s.killed.best, s.injured.best) == (10, 40)
    ex = extract("2 May 2017 At least 24 people were killed on Tuesday.", geocoder=None)
    assert ex.claims[0].scope == "incident" and ex.summary.killed.best == 24


def test_of_the_n_killed_m_were_is_a_part():
    ex = extract("Of the 30 people killed, 12 were children.", geocoder=None)
    assert ex.summary.killed.best == 30
    assert ex.summary.killed_by_group["children"].best == 12


def test_casualties_beside_a_death_figure_are_not_deaths():
    assert summary("The blast caused 30 casualties, including 10 dead.").killed.best == 10
    assert summary("The attack resulted in at least 18 casualties.").killed.best == 18


def test_dated_header_anchors_relative_dates_when_no_published_is_given():
    """Without ``published``, a dated header or dateline anchors "on Thursday"; the output's
    ``published`` stays as given (null), and an explicit ``published`` still wins."""
    text = "Published 5 July 2016\nGunmen killed four villagers in Kaduna on Thursday, police said."
    doc = extract(text, geocoder=None).to_dict()
    assert doc["published"] is None
    assert doc["event"]["date_start"] == "2016-06-30"
    assert doc["claims"][0]["date_start"] == "2016-06-30"
    assert extract(text, published="2016-07-12", geocoder=None).event.date_start == "2016-07-07"
    wire = "KABUL, Tuesday 23 Sep 2014 (AFP) - A roadside bomb killed three soldiers on Sunday, officials said."
    assert extract(wire, geocoder=None).event.date_start == "2014-09-21"
    # no header: relative dates stay unresolved rather than guessed
    bare = "Gunmen killed four villagers in Kaduna on Thursday, police said."
    assert extract(bare, geocoder=None).event.date_start is None


def test_reported_none_is_zero_not_unknown():
    s = summary("Assailants set fire to a school overnight. There were no reported casualties.")
    assert (s.killed.best, s.killed.low, s.killed.high) == (0, 0, 0) and s.killed.note == "reported as none"
    # a negation beside a figure does not zero it
    s = summary("Gunmen killed three guards at the bank. No customers were hurt.")
    assert s.killed.best == 3 and s.injured.best == 0


@pytest.mark.parametrize("text,killed,groups", [
    # a list of single persons: its count is the claim, each person of a named group a part
    ("An infant and her grandmother were killed by sniper fire.", 2, {"children": 1, "women": 1, "civilians": 2}),
    ("A child and a man were killed.", 2, {"children": 1, "men": 1, "civilians": 2}),
    # combatants among the parts are not implied civilians
    ("A soldier and a civilian were killed.", 2, {"security_forces": 1, "civilians": 1}),
    ("A policeman and a militant were killed in the gunfight.", 2, {"security_forces": 1, "militants": 1}),
    ("Gunmen killed 24 people including 3 attackers.", 24, {"militants": 3, "civilians": 21}),
    # single persons before a numbered part, after a possessive too
    ("A mother and her two daughters were killed in the raid.", 3, {"women": 1, "children": 2, "civilians": 3}),
    ("A village chief, his wife and three sons have been shot dead.", 5, {"women": 1, "children": 3, "civilians": 5}),
    # a part with no toll reported: at least that many killed
    ("Two girls were among the dead.", 2, {"children": 2, "civilians": 2}),
    ("The deceased include four policemen.", 4, {"security_forces": 4}),
    # members of a named armed group are on its side; of a family, civilians (and "one" no count)
    ("An explosion at a mosque killed at least 25 members of the Al Qaeda-linked Nusra Front.", 25, {"militants": 25}),
    ("Air strikes killed 8 ISIS members.", 8, {"militants": 8}),
    ("Coalition air strikes kill 9 IS fighters.", 9, {"militants": 9}),  # "IS" is no verb
    ("Ten members of one family were killed.", 10, {"civilians": 10}),
    # parts named after "those killed in ... include", a list of them; parts of background share its scope
    ("Air raids killed at least 39 civilians on Sunday. Those killed in the two attacks include 14 children and four women.",
     39, {"children": 14, "women": 4, "civilians": 39}),
    ("A suicide bomber killed four people on Sunday. Troops had executed 48 people earlier this week in a village, among them 10 children.",
     4, {"civilians": 4}),
    # single persons listed as parts
    ("Eleven civilians were killed among them a child and two women while 44 others were injured.",
     11, {"civilians": 11, "children": 1, "women": 2}),
    ("A strike killed 9 people, including a journalist and a medic.", 9, {"journalists": 1, "medical": 1, "civilians": 9}),
])
def test_listed_persons_feed_their_groups(text, killed, groups):
    s = extract(text, geocoder=None).summary
    assert s.killed.best == killed
    assert {g: e.best for g, e in s.killed_by_group.items()} == groups


@pytest.mark.parametrize("text,killed,children", [
    # "including N children" right after an active toll's victims
    ("A suspected gas attack killed at least 58 people including 11 children in the province.", 58, 11),
    ("A double attack has claimed the lives of 18 civilians including 10 children.", 18, 10),
    # a part named before its toll, or in the sentence after it
    ("At least 30 children were among 39 people killed in the double bombing.", 39, 30),
    ("Four children are among the 28 dead in overnight airstrikes.", 28, 4),
    ("The air strikes killed 26 people. Twelve children were among the dead.", 26, 12),
    ("Air strikes killed 40 people in the town. Victims include 8 children.", 40, 8),
    ("Air strikes killed 45 people. Five of the dead were children.", 45, 5),
])
def test_parts_of_a_toll_feed_their_group_not_the_total(text, killed, children):
    s = summary(text)
    assert s.killed.best == killed and s.killed_by_group["children"].best == children
