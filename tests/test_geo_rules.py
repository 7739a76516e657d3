"""Geocoding rules added on top of the core recognition/resolution (one test per rule, own sentences)."""
from __future__ import annotations

import pytest

from observatory.extract.pipeline import extract
from observatory.geo import get_geocoder
from observatory.model import Claim, Evidence


@pytest.fixture(scope="module")
def geo():
    return get_geocoder()


def main(geo, text, claims=()):
    places = geo.find_places(text)
    return places, geo.main_location(places, list(claims), text)


def test_place_named_with_its_country_in_possessive(geo):
    # "Iraq's western Mosul": the country's own context must not reject its own city
    _, loc = main(geo, "Civilians were shot while fleeing Iraq's western Mosul last week.")
    assert loc is not None and loc.name == "Mosul" and loc.country == "IQ"


def test_hyphenated_compound_is_not_a_place(geo):
    places, _ = main(geo, "A hit-and-run attack. Hit-and-run raids were reported overnight.")
    assert not [p for p in places if p.mention.lower().startswith("hit")]


def test_quoted_title_of_leaders_is_not_a_place(geo):
    places, loc = main(geo, "Shelling continued on the “Putin – Erdogan” zone for a third day.")
    assert not [p for p in places if p.lat is not None]
    assert loc is None


def test_article_with_hyphen_before_name(geo):
    places, loc = main(geo, "Fighting resumed in the al-Suwayda desert on Monday.")
    assert loc is not None and loc.country == "SY" and loc.admin1 and "Suwayd" in loc.admin1


@pytest.mark.parametrize("text,country", [
    ("Fighters of the SDF killed four members of a cell on Tuesday.", "SY"),
    ("Boko Haram gunmen killed eleven farmers at dawn.", "NG"),
    # one war's usage, a weaker hint (0.4)
    ("Regime forces dropped barrel bombs on two villages, killing 12 people.", "SY"),
    ("Kiev forces shelled the DPR 25 times over the past day, two militiamen killed.", "UA"),
    ("Suspected Naxalites killed a railway employee and kidnapped two others.", "IN"),
    ("Ambazonian separatists killed two gendarmes at a checkpoint.", "CM"),
])
def test_armed_group_names_give_the_country_when_no_place_is_named(geo, text, country):
    _, loc = main(geo, text)
    assert loc is not None and loc.country == country and loc.precision == 6


def test_place_words_inside_a_group_name_are_not_places(geo):
    places, loc = main(geo, "A commander of Hayat Tahrir al-Sham was killed by a roadside bomb.")
    assert not [p for p in places if p.lat is not None and p.feature != "PCLI"]
    assert loc is not None and loc.country == "SY"


def test_demonym_of_people_weighs_less_than_a_group_of_the_country(geo):
    _, loc = main(geo, "The SDF arrested a cell including Tunisian members after the raid.")
    assert loc is not None and loc.country == "SY"


def test_the_capital_is_the_capital_of_the_main_country(geo):
    _, loc = main(geo, "A car bomb in Yemen exploded at a market in the capital, killing nine people.")
    assert loc is not None and loc.country == "YE" and loc.feature == "PPLC"
    _, loc = main(geo, "A reporter was shot dead in the Somali capital on Sunday.")
    assert loc is not None and loc.country == "SO" and loc.feature == "PPLC"


def test_reference_point_passes_the_claim_to_the_place_before_it(geo):
    text = "A bomb hit a checkpoint in Tarmiyah, 50 kilometers north of the capital, Iraqi police said, killing four."
    places = geo.find_places(text)
    s = text.index("killing")
    c = Claim(status="killed", group="total", value=4, place="capital", evidence=Evidence(text=text[s:s + 13], start=s, end=s + 13))
    loc = geo.main_location(places, [c], text)
    assert loc is not None and "rm" in loc.name and loc.country == "IQ" and loc.feature != "PPLC"


def test_famous_alternate_name_beats_small_namesake(geo):
    # a city known abroad by an alternate name (Tadmur/Palmyra) beats a far smaller town whose
    # own name it is, when nothing else decides
    _, loc = main(geo, "Forces were expelled from inside the city of Palmyra after an attack.")
    assert loc is not None and loc.country == "SY"


def test_town_named_in_its_area_beats_the_area(geo):
    _, loc = main(geo, "Gunmen attacked Gwoza town in Borno State on Monday, killing five people.")
    assert loc is not None and loc.name == "Gwoza" and loc.precision == 1


def test_text_names_the_area_of_a_town(geo):
    # the area named right after the town is taken as its admin1 when the two are close
    places = geo.find_places("Eight people were killed in Takum in Taraba State on Sunday.")
    takum = [p for p in places if p.mention == "Takum"]
    assert takum and takum[0].admin1 == "Taraba"


def test_spelling_variant_inside_the_named_area_beats_an_exact_name_elsewhere(geo):
    # "Mansoura" is exactly a big Egyptian city's name; with "Raqqa governorate" after it,
    # the Syrian Al Mansurah (a transliteration variant) is meant
    places = geo.find_places("Shelling hit Al Mansoura village, Raqqa governorate, on Friday.")
    p = [x for x in places if "Mansoura" in x.mention]
    assert p and p[0].country == "SY" and p[0].admin1 == "Raqqa"


def test_country_possessive_without_apostrophe(geo):
    places = geo.find_places("Airstrikes kill civilians in Nigerias north, officials said.")
    assert any(p.country == "NG" and p.feature == "PCLI" for p in places)


def test_foreign_airstrikes_are_not_the_incident_country(geo):
    _, loc = main(geo, "US airstrikes killed 12 civilians in Syria on Friday.")
    assert loc is not None and loc.country == "SY"


def test_place_with_its_countryside(geo):
    places, loc = main(geo, "Shelling targeted Maskanah and its countryside for ten days.")
    assert loc is not None and loc.name == "Maskanah" and loc.precision == 2


def test_glued_assimilated_article(geo):
    # "Deir Ezzor" = Deir ez-Zor: the city (near it), not only the governorate of that name
    places = geo.find_places("Clashes east of Deir Ezzor killed four fighters.")
    p = [x for x in places if x.mention == "Deir Ezzor"]
    assert p and p[0].feature != "ADM1" and p[0].precision == 2 and p[0].country == "SY"


def test_country_name_followed_by_state_is_the_admin_area(geo):
    # "Niger State" is a Nigerian state, not the country Niger
    _, loc = main(geo, "Gunmen killed nine villagers in a district of Niger State in Nigeria on Sunday.")
    assert loc is not None and loc.country == "NG" and loc.feature == "ADM1"


def test_countries_listed_after_an_actor_cue_are_actors(geo):
    _, loc = main(geo, "Rebels were shelled south of Sanaa by forces backed by Saudi Arabia and UAE, killing 9.")
    assert loc is not None and loc.country == "YE"


def test_capitalised_admin_words_after_a_name(geo):
    # "Rutshuru Territory", "Oromia Regional State": the admin word does not make a person's name
    _, loc = main(geo, "Gunmen killed four people in Rutshuru Territory on Monday.")
    assert loc is not None and loc.country == "CD" and loc.precision == 3
    _, loc = main(geo, "Officials were killed in an ambush in Oromia Regional State.")
    assert loc is not None and loc.country == "ET" and loc.feature == "ADM1"


def test_close_spelling_after_a_strong_cue_without_other_context(geo):
    _, loc = main(geo, "Clan fighting in a village 45 km east of Dhuusamareeb killed six.")
    assert loc is not None and loc.country == "SO" and loc.precision == 2
    # but a far-off spelling stays unresolved
    places = geo.find_places("Clan fighting in a village 45 km east of Dhusomreb killed six.")
    assert all(p.lat is None for p in places)


def test_border_with_a_country_is_a_reference(geo):
    _, loc = main(geo, "Rebels attacked a village 30 km north of Beni, near the border with Uganda, killing seven.")
    assert loc is not None and loc.country == "CD"


def test_small_namesake_abroad_loses_to_the_people_named(geo):
    # a small Australian "Lake Albert" is not where Congolese and Ugandan people clashed
    _, loc = main(geo, "Congolese militiamen shot dead seven Ugandan fishermen on Lake Albert on Sunday.")
    assert loc is None or loc.country in ("CD", "UG")


def test_two_places_in_one_capitalised_run_are_not_a_person_name(geo):
    places = geo.find_places("Airstrikes hit several towns in Eastern Damascus Ghouta on Monday.")
    assert any(p.lat is not None and p.country == "SY" for p in places)
    # a person's name still is not a place
    assert not [p for p in geo.find_places("Rami Abdurrahman told reporters on Monday.") if p.lat is not None]


def test_named_side_moves_the_near_point_that_way(geo):
    from observatory.geo.geocoder import SIDE_SHIFT_KM

    plain = [p for p in geo.find_places("Shelling hit the countryside of Hama on Monday.") if p.lat is not None][0]
    north = [p for p in geo.find_places("Shelling hit the northern countryside of Hama on Monday.") if p.lat is not None][0]
    assert plain.precision == 2 and north.precision == 2 and plain.name == north.name
    assert north.lat > plain.lat and abs(north.lon - plain.lon) < 1e-6
    # still within the ~25 km of precision 2
    assert (north.lat - plain.lat) * 111.0 == pytest.approx(SIDE_SHIFT_KM, abs=0.5)


def test_unknown_cued_name_is_not_fuzzy_matched_in_a_barely_evidenced_country(geo):
    places = geo.find_places("Shells hit the outskirts of Kafriya on Monday.")
    assert all(p.lat is None for p in places if "Kafriya" in p.mention)


def test_lower_case_glued_article_after_a_name(geo):
    places = geo.find_places("Clashes in Deir ezzor city killed four fighters.")
    assert [p for p in places if p.mention == "Deir ezzor" and p.country == "SY"]


def test_find_places_is_thread_safe(geo):
    from concurrent.futures import ThreadPoolExecutor

    texts = ["Shells hit the village of Zzyzxqa near Idlib.", "Gunmen killed 5 in Mokwa, Niger State.",
             "A blast near the town of Qwertaba, Daraa province.", "Clashes in Michika town of Adamawa State."] * 25
    want = [[(p.mention, p.name) for p in geo.find_places(t)] for t in texts]
    with ThreadPoolExecutor(4) as ex:
        got = list(ex.map(lambda t: [(p.mention, p.name) for p in geo.find_places(t)], texts))
    assert got == want


def test_a_place_of_the_documents_main_country_is_not_refused_as_abroad(geo):
    # a monastery named like a Bahraini city must not push out the Egyptian city the report is about
    places, loc = main(geo, "Egyptian officials said a monk died at a hospital in Assiut on Monday, "
                            "near the Al-Muharraq monastery south of Cairo.")
    assert any(p.name == "Assiut" and p.country == "EG" for p in places)
    assert loc is not None and loc.country == "EG"


def test_country_capital_followed_by_its_name_is_one_mention(geo):
    places, _ = main(geo, "Gunmen struck a town north of Mali's capital Bamako on Friday.")
    assert [p.mention for p in places if p.name == "Bamako"] == ["Bamako"]


def test_ambiguous_names_alone_give_no_country(geo):
    # each name matches small places in several countries: no country is known, so none is given
    _, loc = main(geo, "Two men were shot dead at the Crossroads Tavern in Philippi on Saturday.")
    assert loc is None


def test_neighbour_named_as_a_border_is_not_the_location(geo):
    _, loc = main(geo, "A Chadian army source said gunmen killed five herders near Chad's border with Niger.")
    assert loc is not None and loc.country == "TD"


def test_no_context_variant_of_a_mid_sized_town_needs_a_close_spelling(geo):
    # "Lermon" is one vowel from an alternate name of Lormont (France, 22k people): without any
    # country in the text that is a look-alike, not evidence
    places, loc = main(geo, "Heavy clashes on the outskirts of Lermon and nearby hills overnight.")
    assert all(p.country != "FR" for p in places)
    assert loc is None


def test_war_usage_phrase_is_weaker_than_a_place(geo):
    # a named place of another country wins
    _, loc = main(geo, "Regime forces fired on protesters in Tehran, killing four.")
    assert loc is not None and loc.country == "IR"


def test_congo_alone_is_the_democratic_republic(geo):
    assert main(geo, "Rebels killed 12 villagers in eastern Congo.")[1].country == "CD"
    assert main(geo, "Clashes were reported in the Republic of the Congo.")[1].country == "CG"
    assert main(geo, "Clashes were reported in Congo-Brazzaville.")[1].country == "CG"


def test_one_name_in_brackets_after_a_place_is_its_admin_area(geo):
    # ACLED style "Village (Province)": the unknown village lies somewhere in the area, so the
    # answer is the area (precision 4), not the area's namesake city (precision 1)
    _, loc = main(geo, "Military forces shelled the village of Kafr Khanzir (Hama), killing 2 civilians.")
    assert loc is not None and loc.feature == "ADM1" and loc.precision == 4 and loc.country == "SY"
    # a country in brackets stays the country
    _, loc = main(geo, "Gunmen killed 3 people in Tillaberi (Niger).")
    assert loc is not None and loc.country == "NE"


def test_apostrophe_inside_a_name_is_not_a_possessive(geo):
    # GeoNames writes "Ra’s al ‘Ayn"; reports write "Ras al-Ayn" or "Ras al-Ain"
    for t in ("Turkish-backed factions shelled Ras al-Ayn in northeast Syria.",
              "Turkish-backed factions shelled Ras al-Ain in northeast Syria."):
        places, _ = main(geo, t)
        assert [(p.country, p.admin1) for p in places if p.mention.startswith("Ras")] == [("SY", "Hasakah")]


def test_palestinian_areas_are_admin_areas_not_the_country(geo):
    for t in ("An air strike killed a man in the northern Gaza Strip.", "Settlers attacked a village in the West Bank."):
        _, loc = main(geo, t)
        assert loc is not None and loc.country == "PS" and loc.feature == "ADM1" and loc.precision == 4


def test_admin_areas_missing_from_geonames_cities_file_are_named(geo):
    # GTD style "Village, Region, Country": Chad's Lac region, Sudan's Central Darfur (hand-kept names
    # for GeoNames admin codes that had places but no name)
    _, loc = main(geo, "Assailants killed 18 civilians in Kaiga Kindjiria, Lac, Chad.")
    assert loc is not None and (loc.name, loc.country, loc.precision) == ("Lac", "TD", 4)
    _, loc = main(geo, "Gunmen killed 3 herders in Central Darfur on Monday.")
    assert loc is not None and (loc.country, loc.feature) == ("SD", "ADM1")
    places, _ = main(geo, "A grenade attack in Bujumbura killed two people.")
    assert [p.admin1 for p in places if p.name == "Bujumbura"] == ["Bujumbura Mairie"]


def test_a_big_city_outweighs_small_namesakes_as_country_evidence(geo):
    # "Hama": 700,000 people in Syria, villages elsewhere; with no other place named, Syria
    _, loc = main(geo, "Heavy shelling targeted the northeastern countryside of Hama overnight.")
    assert loc is not None and loc.country == "SY"
    # ... and keeps an Arabic word of a district name ("al-Balad", the old town) from pulling the
    # report to Balad, Iraq
    places, loc = main(geo, "Regime forces shelled the countryside of Hama and areas in Daraa al-Balad.")
    assert loc is not None and loc.country == "SY" and all(p.country != "IQ" for p in places)


def test_dr_congo_provinces_since_2015_are_named(geo):
    # GeoNames keeps the pre-2015 province names for the new admin codes (Ituri under
    # "Eastern Province"); monitors write the new names
    _, loc = main(geo, "At least 9 people were killed in clashes in Ituri province, local officials said.")
    assert loc is not None and (loc.name, loc.country, loc.feature) == ("Ituri", "CD", "ADM1")
    places, _ = main(geo, "Militia fighters attacked a camp near Bunia, killing 12 displaced people.")
    assert [(p.admin1, p.country) for p in places if p.name == "Bunia"] == [("Ituri", "CD")]
    places, _ = main(geo, "Clashes broke out in Kalemie on Sunday.")
    assert [p.admin1 for p in places if p.name == "Kalemie"] == ["Tanganyika"]


def test_newer_first_level_areas_filed_under_older_names_are_named(geo):
    places, _ = main(geo, "Islamic State militants killed 20 civilians in Menaka region, Mali.")
    assert [(p.admin1, p.country) for p in places if p.mention == "Menaka"] == [("Menaka", "ML")]
    places, _ = main(geo, "Clashes were reported in Hawassa, Sidama region, Ethiopia.")
    assert [p.admin1 for p in places if p.name == "Awasa"] == ["Sidama"]


def test_hand_kept_conflict_districts_resolve(geo):
    # former tribal agencies of Pakistan and DR Congo territories that GeoNames' cities file lacks
    _, loc = main(geo, "The army said it killed 15 militants in North Waziristan.")
    assert loc is not None and (loc.name, loc.country, loc.admin1) == ("North Waziristan", "PK", "Khyber Pakhtunkhwa")
    _, loc = main(geo, "Rebels killed 7 villagers in Masisi territory on Sunday.")
    assert loc is not None and (loc.country, loc.admin1) == ("CD", "North Kivu")


def test_french_connectors_inside_names(geo):
    places, _ = main(geo, "Violence in Port-au-Prince killed 15 people as gangs clashed.")
    assert [(p.name, p.country) for p in places] == [("Port-au-Prince", "HT")]


def test_an_unknown_village_is_named_whole(geo):
    # each word of "Qarabagh Khel" names some place elsewhere; the village is neither
    places, _ = main(geo, "Gunmen attacked the village of Qarabagh Khel in Helmand province, killing 4.")
    assert [(p.mention, p.lat) for p in places if p.lat is None] == [("Qarabagh Khel", None)]
    places, _ = main(geo, "Boko Haram killed 7 in Kwanar Dutse village, Maru LGA, Zamfara State.")
    assert [p.mention for p in places if p.lat is None] == ["Kwanar Dutse"]
    places, _ = main(geo, "Gunmen Kill 5 In Kwanar Dutse Village")
    assert [p.mention for p in places if p.lat is None] == ["Kwanar Dutse"]


def test_a_village_is_never_a_big_city_of_its_name(geo):
    places, loc = main(geo, "Militants attacked Dar es Salaam village near Mopti, killing 3.")
    assert [(p.mention, p.country) for p in places] == [("Dar es Salaam", None), ("Mopti", "ML")]
    assert loc is not None and loc.country == "ML"
    places, _ = main(geo, "A bomb exploded in Dar es Salaam, killing 3.")
    assert [p.country for p in places] == ["TZ"]
    # "three Homs villages": villages of Homs, which is still the city or province
    places, _ = main(geo, "They massacred dozens of Alawites in three Homs villages last week.")
    assert [p.country for p in places] == ["SY"]


def test_a_town_inside_the_province_beats_the_city_named_like_the_province(geo):
    # "in Idlib" may be the province: the town named in it is the more specific answer
    _, loc = main(geo, "A new security operation by Hayyaat Tahrir al-Sham targets ISIS cells in Idlib, kills a member, "
                       "and another member detonates himself in Maarrat al-Numan")
    assert loc is not None and loc.name != "Idlib" and loc.admin1 == "Idlib"
    # ... but not when the text calls it a city
    _, loc = main(geo, "Shelling hit Idlib city, killing 5, and a drone struck a car in Maarrat al-Numan, killing 1.")
    assert loc is not None and loc.name == "Idlib"


def test_a_village_of_an_area_is_near_that_area(geo):
    # "an Idlib village" lies in or near Idlib; it is no village named Idlib
    places, loc = main(geo, "Syria: 4 children among 7 killed in regime shelling on an Idlib village")
    assert loc is not None and (loc.name, loc.country, loc.precision) == ("Idlib", "SY", 2)
    places, loc = main(geo, "Gunmen raided a Zamfara village, killing 12.")
    assert loc is not None and (loc.admin1, loc.precision) == ("Zamfara", 4)


def test_a_titled_cue_word_ends_a_name_and_cues_nothing(geo):
    # "Aleppo City Rises": "City" ends the name before it; "Rises" is no place
    places, _ = main(geo, "Death Toll from Terrorist Attacks in Aleppo City Rises to 11")
    assert [p.mention for p in places] == ["Aleppo"]


def test_title_case_headlines_give_no_evidence_of_longer_names(geo):
    # every word of a Title Case headline is capitalised: "Tell Abyad Terrorist Attack" is no longer name
    places, loc = main(geo, "URGENT 19 Killed and Injured in Tell Abyad Terrorist Attack in Northern Syria. At least 4 people killed")
    assert [p.name for p in places][:1] == ["Tall Abyaḑ"] and loc is not None and loc.country == "SY"
    # "Us" of "Contact Us" is a pronoun, not the United States
    places, _ = main(geo, "About TRT World Careers Press Releases Documentary Contact Us Legal Terms of Use Privacy Policy")
    assert [p.country for p in places if p.country == "US"] == []


def test_a_spelling_variant_far_from_the_place_it_is_said_to_be_in_stays_unresolved(geo):
    # "Masiani in the Beni region" is not Masina, Kinshasa (1,500 km away)
    places, loc = main(geo, "The attack targeted the locality of Masiani in the Beni region of eastern Democratic Republic of Congo.")
    assert [(p.mention, p.lat) for p in places][:1] == [("Masiani", None)]
    assert loc is not None and loc.admin1 == "North Kivu"
    # "Qassiab in Hasakeh province" is not Kassab, Latakia
    places, loc = main(geo, "ISIL militants fought the YPG in the village of Qassiab in Hasakeh province.")
    assert [p.lat for p in places if p.mention == "Qassiab"] == [None]
    assert loc is not None and loc.admin1 == "Hasakah"


def test_two_inexact_words_in_a_row_are_one_unknown_name(geo):
    # "Gidan Rana": neither word names a place exactly; "Rana" is no spelling of Rano, Kano
    places, loc = main(geo, "On 22 October 2020, Fulani militia killed 5 civilians in Gidan Rana (Zamfara).")
    assert "Rano" not in [p.name for p in places]
    assert loc is not None and (loc.country, loc.admin1, loc.precision) == ("NG", "Zamfara", 4)
    # a known name beside an unknown word still resolves
    places, _ = main(geo, "Gunmen attacked the village of Qarabagh Khel in Helmand province, killing 4.")
    assert [p.name for p in places if p.lat is not None] == ["Helmand"]


def test_demonyms_and_actors_alone_do_not_block_a_town_after_in(geo):
    # only "Russian" (an actor) speaks for Russia: Bucha, far the largest of its name, is the place
    _, loc = main(geo, "Russian forces apparently executed at least 9 civilians in Bucha, Human Rights Watch said today.")
    assert loc is not None and (loc.name, loc.country) == ("Bucha", "UA")
    # ... but never a look-alike by an alternate name ("Ras al-Ayn" is not Rosh Ha'Ayin, Israel)
    places, _ = main(geo, "The Turkish Forces and the factions control about half of Ras al-Ayn (Sari Kani) city")
    assert "IL" not in [p.country for p in places]
    # "Russia's war" is whose war, weaker than the Ukrainian soldiers it killed
    _, loc = main(geo, "72 Ukrainian soldiers killed in Russia’s war this year")
    assert loc is not None and loc.country == "UA"
    _, loc = main(geo, "30 Lugansk Republic militiamen killed in mortar shelling - agency")
    assert loc is not None and loc.country == "UA"


def test_a_place_told_only_with_a_background_toll_is_not_the_event_place(geo):
    text = ("Paramilitaries attacked a village in Sudan on Wednesday, killing at least 104 people, activists said. "
            "Videos posted online showed dozens of bodies. In a separate incident last week, an attack on a market "
            "in El Fasher killed 12 civilians.")
    ex = extract(text, published="2024-06-06", geocoder=geo)
    assert [c.scope for c in ex.claims if c.value == 12] == ["historical"]
    assert ex.location is not None and ex.location.name != "El Fasher" and ex.location.country == "SD"


def test_sudans_states_by_their_common_english_names(geo):
    _, loc = main(geo, "Paramilitaries attacked a village in Sudan's Gezira state on Wednesday, killing at least 104 people.")
    assert loc is not None and (loc.country, loc.name, loc.precision) == ("SD", "Gezira", 4)


def test_a_slash_joins_one_name(geo):
    # "Katsina/Ala" is Katsina-Ala in Benue State, not Katsina State
    _, loc = main(geo, "Five persons were killed in an attack on Mbayongo, Nganbeya district of Katsina/Ala Local "
                       "Government Area of Benue State.")
    assert loc is not None and (loc.name, loc.admin1) == ("Katsina-Ala", "Benue")
    places, _ = main(geo, "Clashes on the Armenia/Azerbaijan border killed 3 soldiers.")
    assert [p.name for p in places] == ["Armenia", "Azerbaijan"]


def test_a_forces_name_is_not_a_place(geo):
    # "Assam Rifles" is a paramilitary force; the arrest was in Arunachal Pradesh
    _, loc = main(geo, "Two NSCN-IM cadres were arrested by Assam Rifles in Tirap District of Arunachal Pradesh on September 8.")
    assert loc is not None and loc.admin1 == "Arunachal Pradesh"
    places, _ = main(geo, "Police in Assam said two people were killed.")
    assert [p.name for p in places] == ["Assam"]


def test_armed_group_names_are_not_places(geo):
    places, _ = main(geo, "Israeli strikes killed five Hamas fighters near the Erez crossing.")
    assert "DE" not in [p.country for p in places]  # "Hamas" is not Hamm, Germany
    places, _ = main(geo, "Aleppo Farmers Defend Themselves From Daesh")
    assert [p.mention for p in places if p.lat is None] == []
