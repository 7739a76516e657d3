"""Actors with role and kind from the actor table and frames."""
from __future__ import annotations

from observatory.extract.actors import KINDS, find_actors
from observatory.model import Actor, Claim, Evidence


def roles(text, claims=None):
    return {(a.name, a.role, a.kind) for a in find_actors(text, claims or [])}


def test_named_groups_and_aliases():
    assert ("Islamic State", "perpetrator", "rebel_group") in roles("ISIS claimed responsibility for the attack.")
    assert ("Islamic State", "perpetrator", "rebel_group") in roles("Daesh fighters attacked the village.")
    assert ("Taliban", "perpetrator", "rebel_group") in roles("The Taliban attacked a police post in Kunduz.")
    assert ("al-Shabaab", "perpetrator", "rebel_group") in roles("The government blamed the attack on al Shabaab.")
    assert ("Houthis", "perpetrator", "rebel_group") in roles("Houthi rebels, backed by Iran, fired missiles at the city.")
    assert ("Syrian Democratic Forces", "perpetrator", "rebel_group") in roles("SDF fighters raided the town.")
    assert ("Rapid Support Forces", "perpetrator", "rebel_group") in roles("The RSF stormed the camp.")
    assert ("Russian forces", "perpetrator", "external") in roles("Russian airstrikes hit a market, killing 20 civilians.")


def test_capital_aliases_are_case_sensitive():
    # 'is' the verb is not the Islamic State
    assert roles("It is said that the army killed two men.") == {("army", "perpetrator", "state_forces")}


def test_generic_nouns_keep_their_modifiers():
    got = roles("Sunni Muslim gunmen, supportive of the new government, targeting men from the Alawite community.")
    assert ("Sunni Muslim gunmen", "perpetrator", "identity_militia") in got
    assert any(n.startswith("Alawite") and r == "victim" and k == "civilians" for n, r, k in got)
    got = roles("The authorities attribute the attacks to remaining Assad loyalists.")
    assert ("Assad loyalists", "perpetrator", "political_militia") in got


def test_frames_decide_roles():
    assert roles("Gunmen killed five villagers in an attack on Monday.") == {
        ("Gunmen", "perpetrator", "unknown"), ("villagers", "victim", "civilians")}
    got = roles("Five soldiers were killed when militants ambushed a convoy.")
    assert ("militants", "perpetrator", "rebel_group") in got and ("soldiers", "victim", "state_forces") in got
    got = roles("Civilians were killed by the army in the raid.")
    assert ("army", "perpetrator", "state_forces") in got and ("Civilians", "victim", "civilians") in got
    got = roles("The attack on the villagers was carried out by unknown gunmen.")
    assert ("unknown gunmen", "perpetrator", "unknown") in got and ("villagers", "victim", "civilians") in got
    got = roles("Police opened fire on protesters in the capital.")
    assert ("Police", "perpetrator", "state_forces") in got and ("protesters", "victim", "protesters") in got


def test_claim_evidence_marks_victims():
    text = "The toll includes 40 militants and 12 soldiers, the monitor said."
    s = text.index("40 militants")
    claims = [Claim(status="killed", group="militants", value=40,
                    evidence=Evidence(s, s + len("40 militants"), "40 militants"))]
    assert ("militants", "victim", "rebel_group") in roles(text, claims)


def test_named_group_absorbs_the_generic_noun_after_it():
    got = find_actors("The attack was carried out by suspected Boko Haram insurgents.", [])
    assert [(a.name, a.role) for a in got] == [("Boko Haram", "perpetrator")]


def test_mentions_merge_and_unmodified_nouns_join_modified_ones():
    text = ("Sunni gunmen attacked the district. Later the gunmen executed three Alawites. "
            "Residents said gunmen burned houses.")
    got = find_actors(text, [])
    perps = [a for a in got if a.role == "perpetrator"]
    assert [a.name for a in perps] == ["Sunni gunmen"]
    assert all(a.kind in KINDS for a in got)


def test_perpetrators_come_first_and_nothing_is_invented():
    got = find_actors("Militants attacked a bus, killing six passengers.", [])
    assert [a.role for a in got] == ["perpetrator", "victim"]
    assert find_actors("The minister opened a new hospital wing.", []) == []
    assert find_actors("", []) == []


def test_pro_and_anti_prefixes():
    got = roles("Clashes between anti-government demonstrators and pro-government forces in the city.")
    assert ("pro-government forces", "perpetrator", "political_militia") in got
    assert ("anti-government demonstrators", "victim", "protesters") in got
    names = [a.name for a in find_actors("Anti-Houthi fighters advanced on the port.", [])]
    assert names == ["Anti-Houthi fighters"]


def test_numbers_and_dates_before_a_noun():
    # a date before the actor is not a casualty count
    got = roles("On 11 November 2021, soldiers raped a woman in the village.")
    assert ("soldiers", "perpetrator", "state_forces") in got
    # a count between the frame verb and the noun is skipped
    got = roles("An IED exploded near a military vehicle, wounding 2 soldiers.")
    assert ("soldiers", "victim", "state_forces") in got


def test_claims_supply_victims_the_text_does_not_name():
    claims = [Claim(status="killed", group="civilians", value=4)]
    assert find_actors("A bomb exploded in the market, killing four.", claims) == [
        Actor(name="civilians", role="victim", kind="civilians")]
    # no duplicate when the text names them
    got = find_actors("Gunmen killed five villagers.", [Claim(status="killed", group="civilians", value=5)])
    assert [a.kind for a in got].count("civilians") == 1
    # cumulative tolls do not make victims
    hist = [Claim(status="killed", group="civilians", value=500000, scope="cumulative")]
    assert find_actors("The war has killed 500,000 people.", hist) == []


def test_a_source_of_the_report_is_not_a_party():
    """"..., police said" / "according to police": the police report, they are not a perpetrator;
    "The army said it killed ..." still makes the army one."""
    from observatory.extract.pipeline import extract

    for text in ("Gunmen killed four villagers in Kaduna on Thursday, police said.",
                 "Gunmen killed four villagers in Kaduna on Thursday, according to police."):
        actors = {(a.name.lower(), a.role) for a in extract(text, geocoder=None).event.actors}
        assert actors == {("gunmen", "perpetrator"), ("villagers", "victim")}
    actors = {(a.name.lower(), a.role) for a in extract("The army said it killed 20 militants.", geocoder=None).event.actors}
    assert ("army", "perpetrator") in actors
    actors = {(a.name.lower(), a.role) for a in extract("Police shot dead four protesters in Kaduna.", geocoder=None).event.actors}
    assert ("police", "perpetrator") in actors
