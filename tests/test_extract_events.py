"""ACLED event type / sub-event type from the cue table."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from observatory.extract.pipeline import extract

from observatory.extract import events
from observatory.extract.events import EVENT_TYPES, classify_event, score_events
from observatory.model import Claim

ACLED = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}


def test_rule_table_spells_all_25_acled_sub_types():
    assert {k: set(v) for k, v in EVENT_TYPES.items()} == ACLED
    data = json.loads((Path(events.__file__).parent / "data" / "events.json").read_text())
    for r in data["rules"]:
        assert r["cues"], r["sub_event_type"]
        assert all(p == p.lower() for p in r["cues"]), r["sub_event_type"]


@pytest.mark.parametrize("text,expected", [
    ("Government troops and rebels clashed for hours near the dam; heavy fighting left both sides with losses.",
     ("Battles", "Armed clash")),
    ("The army said it had recaptured the town from insurgents after a week-long operation.",
     ("Battles", "Government regains territory")),
    ("Militants overran an army outpost and seized control of the district headquarters.",
     ("Battles", "Non-state actor overtakes territory")),
    ("Doctors treated dozens for breathing problems after a suspected chlorine gas attack on the town.",
     ("Explosions/Remote violence", "Chemical weapon")),
    ("Warplanes carried out airstrikes on a market in the town, killing 14 people.",
     ("Explosions/Remote violence", "Air/drone strike")),
    ("A suicide bomber blew himself up at the entrance of a mosque during Friday prayers.",
     ("Explosions/Remote violence", "Suicide bomb")),
    # the bomb words inside "suicide bomber" and the vest it detonated are no evidence of an IED
    ("A suicide bomber detonated an explosive vest at a wedding hall, killing 20 guests.",
     ("Explosions/Remote violence", "Suicide bomb")),
    ("Mortar shells and artillery fire hit residential areas of the city overnight.",
     ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    ("A roadside bomb struck a minibus on the highway, local officials said.",
     ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
    ("Unknown attackers lobbed a grenade into a crowded bar, wounding eight.",
     ("Explosions/Remote violence", "Grenade")),
    ("Soldiers raped several women during the operation, a rights group reported.",
     ("Violence against civilians", "Sexual violence")),
    ("Gunmen stormed the village at dawn and shot dead eleven farmers in their fields.",
     ("Violence against civilians", "Attack")),
    ("Armed men abducted 30 students from a boarding school and demanded a ransom.",
     ("Violence against civilians", "Abduction/forced disappearance")),
    ("Thousands of teachers took to the streets of the capital to demand higher pay in a peaceful rally.",
     ("Protests", "Peaceful protest")),
    ("Police fired tear gas and water cannon to disperse the demonstrators outside parliament.",
     ("Protests", "Protest with intervention")),
    ("Security forces opened fire on protesters in the square, killing four.",
     ("Protests", "Excessive force against protesters")),
    ("Rioters threw stones at police and set fire to cars after the verdict.",
     ("Riots", "Violent demonstration")),
    ("An angry mob lynched a man accused of theft in the market.",
     ("Riots", "Mob violence")),
    ("The two sides signed a ceasefire agreement in the capital on Tuesday.",
     ("Strategic developments", "Agreement")),
    ("Police arrested 12 suspected members of the cell in a dawn operation.",
     ("Strategic developments", "Arrests")),
    ("Two commanders defected with their fighters and pledged allegiance to the rival faction.",
     ("Strategic developments", "Change to group/activity")),
    ("Army engineers defused an explosive device planted near the school.",
     ("Strategic developments", "Disrupted weapons use")),
    ("The militia established a base in the abandoned factory outside the town.",
     ("Strategic developments", "Headquarters or base established")),
    ("Fighters looted shops and ransacked the district office.",
     ("Strategic developments", "Looting/property destruction")),
    ("Assailants set fire to a polling station in the town. No casualties were reported.",
     ("Strategic developments", "Looting/property destruction")),
    ("Rebels withdrew from the town, which government forces entered without a fight.",
     ("Strategic developments", "Non-violent transfer of territory")),
    ("Authorities imposed a curfew and declared a state of emergency in the province.",
     ("Strategic developments", "Other")),
])
def test_each_sub_type(text, expected):
    assert classify_event(text, []) == expected


def test_nothing_fits():
    assert classify_event("The minister opened a new hospital wing on Tuesday.", []) == (None, None)
    assert classify_event("", []) == (None, None)
    # the month is not a march
    assert classify_event("On 5 March 2020, a man was found in a field near the town.", []) == (None, None)


def test_rocket_propelled_grenade_is_not_a_grenade_event():
    assert classify_event("Fighters fired rocket-propelled grenades at the army checkpoint.", [])[1] != "Grenade"


def test_claims_tip_the_balance():
    text = "Gunmen opened fire at the checkpoint."
    civ = [Claim(status="killed", group="civilians", value=3)]
    sf = [Claim(status="killed", group="security_forces", value=3)]
    assert classify_event(text, civ) == ("Violence against civilians", "Attack")
    assert classify_event(text, sf)[0] == "Battles"
    kid = [Claim(status="kidnapped", group="total", value=5)]
    assert classify_event("Gunmen seized people on the road.", kid)[1] == "Abduction/forced disappearance"


def test_deaths_push_out_non_violent_types():
    text = "Protesters gathered in the square; the rally turned deadly."
    assert classify_event(text, [])[1] == "Peaceful protest"
    killed = [Claim(status="killed", group="protesters", value=4)]
    assert classify_event(text, killed) == ("Protests", "Excessive force against protesters")


def test_seed_like_report_is_violence_against_civilians_or_battles():
    text = ("Clashes over two days left over 1,000 dead. Revenge killings followed as gunmen executed men "
            "from the minority in their homes, a massacre of civilians, residents said. Homes were looted. "
            "Government forces regained control of the area.")
    claims = [Claim(status="killed", group="civilians", value=745)]
    assert classify_event(text, claims) == ("Violence against civilians", "Attack")


def test_no_harm_lowers_attack_but_never_to_nothing():
    text = "A man attacked a restaurant with a club. There were no injuries in the attack."
    negated = [Claim(status="injured", group="total", value=0, negated=True)]
    assert classify_event(text, negated) == classify_event(text, []) == ("Violence against civilians", "Attack")
    text = "Assailants set fire to a school in the town. No casualties were reported."
    ranked = score_events(text, [Claim(status="killed", group="total", value=0, negated=True)])
    assert ranked[0][2].get("set fire to") and any("penalty:no_harm" in why for _, _, why in ranked)
    # a report that counts victims is harm, whatever else it denies
    harmed = [Claim(status="killed", group="civilians", value=2), Claim(status="injured", group="total", value=0, negated=True)]
    assert classify_event(text, harmed) == ("Violence against civilians", "Attack")


def test_scores_are_explained():
    ranked = score_events("A car bomb exploded near the market.", [])
    assert ranked[0][2]["car bomb*"] > 0


# Event notes in the style of ACLED and GTD summaries (written for these tests).
NOTES = [
    ("On 5 March 2020, Boko Haram militants attacked Kautikari village (Chibok, Borno), killing 3 civilians.",
     ("Violence against civilians", "Attack")),
    ("On 12 June 2021, military forces clashed with JNIM militants near Boni (Hombori, Mopti). 3 soldiers and "
     "10 militants were killed.", ("Battles", "Armed clash")),
    ("On 2 February 2020, Russian forces conducted airstrikes on Kafr Nabl (Idleb). 4 civilians were killed.",
     ("Explosions/Remote violence", "Air/drone strike")),
    ("On 7 May 2019, an IED planted by an unidentified armed group exploded near a military vehicle in Gao, "
     "wounding 2 soldiers.", ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
    ("On 3 July 2018, police arrested 15 suspected members of al-Shabaab in Mombasa.",
     ("Strategic developments", "Arrests")),
    ("On 22 April 2019, regime forces regained control of Kafr Nabudah after heavy clashes with HTS. "
     "Fatalities unknown.", ("Battles", "Government regains territory")),
    ("12/24/2015: Assailants detonated an explosive device targeting a market in Maiduguri, Nigeria. At least "
     "14 people were killed. Boko Haram claimed responsibility.",
     ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
    ("On 9 January 2021, HTS established a new checkpoint near Sarmada.",
     ("Strategic developments", "Headquarters or base established")),
]


@pytest.mark.parametrize("text,expected", NOTES)
def test_event_notes(text, expected):
    assert classify_event(text, []) == expected


@pytest.mark.parametrize("text,expected", [
    # no one harmed: the generic attack words lose to the property destruction they describe
    ("01/04/2016: Assailants set fire to a girls' school in Chitral district, Pakistan. There were no reported "
     "casualties in the attack.", ("Strategic developments", "Looting/property destruction")),
    ("On 17 March 2023, supporters of two rival candidates clashed with sticks and stones in Lagos (Lagos). "
     "4 people were injured.", ("Riots", "Mob violence")),
    # ACLED notes: a strike is a protest; protesters who clash with police riot; live bullets on a crowd are
    # excessive force; recovered weapons are disrupted weapons use
    ("On 4 January 2021, teachers went on strike in Kinshasa (Kinshasa) demanding payment of salaries.",
     ("Protests", "Peaceful protest")),
    ("On 4 January 2021, protesters clashed with police who fired tear gas in Conakry (Conakry). Several protesters "
     "were injured.", ("Riots", "Violent demonstration")),
    ("On 4 January 2021, residents of Goma (North Kivu) demonstrated against the insecurity. Police dispersed them "
     "with tear gas and live bullets, killing 2.", ("Protests", "Excessive force against protesters")),
    ("On 4 January 2021, the Malian army recovered weapons and explosives from a JNIM hideout near Sevare (Mopti).",
     ("Strategic developments", "Disrupted weapons use")),
    # aid workers killed in an ambush are civilians attacked, not a battle
    ("On 30 June, two humanitarian workers were killed when their vehicle was ambushed near Mekelle, Tigray region.",
     ("Violence against civilians", "Attack")),
    # a hijacking takes people: GTD's hijackings are abductions in ACLED's terms
    ("08/02/2015: Assailants hijacked a passenger bus near Quetta, Balochistan, Pakistan. The passengers were later "
     "released unharmed.", ("Violence against civilians", "Abduction/forced disappearance")),
    # guided aerial bombs are dropped from the air; "strikes" in conflict news are air strikes
    ("Russian forces struck the city of Kharkiv with guided aerial bombs on Sunday, killing at least 11 people "
     "and wounding 52, Governor Oleh Syniehubov said.", ("Explosions/Remote violence", "Air/drone strike")),
    ("The Gaza Health Ministry said at least 92 Palestinians were killed and 156 wounded in Israeli strikes over "
     "the past 24 hours.", ("Explosions/Remote violence", "Air/drone strike")),
    # security forces' victims make a battle: troopers, jawans; Maoists are militants; "encounter" is a gunfight
    ("A Trooper of the Frontier Corps (FC) was killed and another injured when unidentified militants opened fire "
     "on their vehicle in Turbat area of Kech District.", ("Battles", "Armed clash")),
    ("Security Forces (SFs) killed two Communist Party of India-Maoist (CPI-Maoist) cadres in an encounter in "
     "Narayanpur District on March 3.", ("Battles", "Armed clash")),
])
def test_event_notes_with_their_claims(text, expected):
    ex = extract(text, geocoder=None)
    assert (ex.event.type, ex.event.sub_type) == expected


def test_killing_outweighs_abduction_when_civilians_die():
    text = "On 5 March 2020, militants attacked a village, killing 3 civilians and abducting 2 women."
    claims = [Claim(status="killed", group="civilians", value=3), Claim(status="kidnapped", group="women", value=2)]
    assert classify_event(text, claims) == ("Violence against civilians", "Attack")


@pytest.mark.parametrize("text,expected", [
    # assailants who kill soldiers or police fight a battle: ACLED's Attack has civilian victims
    ("06/30/2016: Assailants opened fire on a checkpoint in Tikrit city, Salah ad Din governorate, Iraq. "
     "Four soldiers were killed and two others were injured in the attack.", ("Battles", "Armed clash")),
    ("Gunmen attacked a village near Gusau and killed 12 civilians and 2 soldiers.",
     ("Violence against civilians", "Attack")),
])
def test_victims_decide_attack_or_battle(text, expected):
    ex = extract(text, geocoder=None)
    assert (ex.event.type, ex.event.sub_type) == expected
