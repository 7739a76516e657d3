"""Date mentions, relative dates, publication headers and the event's dates."""
from __future__ import annotations

import pytest

from observatory.extract.dates import event_dates, find_dates, guess_published
from observatory.model import Claim, Evidence

PUB = "2025-03-08"  # a Saturday


def one(text: str, published: str | None = PUB):
    ds = find_dates(text, published)
    assert len(ds) == 1, ds
    d = ds[0]
    assert text[d.start:d.end] == d.mention
    return d


@pytest.mark.parametrize("text,mention,iso", [
    ("The attack took place on March 6, 2025 near the border.", "March 6, 2025", "2025-03-06"),
    ("Fighting resumed on 6 March 2025 in the north.", "6 March 2025", "2025-03-06"),
    ("The report is dated 2025-03-06 by the ministry.", "2025-03-06", "2025-03-06"),
    ("Troops entered the town on the 3rd of June, 2019.", "3rd of June, 2019", "2019-06-03"),
    ("Gunmen struck on Thursday, March 6, 2025 at dawn.", "Thursday, March 6, 2025", "2025-03-06"),
    ("The blast came on Sept. 14, 2016 in the capital.", "Sept. 14, 2016", "2016-09-14"),
    ("A checkpoint was hit on 27.05.2017 near the bridge.", "27.05.2017", "2017-05-27"),
])
def test_explicit_day_dates(text, mention, iso):
    d = one(text)
    assert (d.mention, d.date, d.precision, d.date_end) == (mention, iso, 1, None)


def test_slash_dates_month_first_by_default_day_first_when_document_shows_it():
    # ambiguous 03/06/2019 without other evidence: month-first (US / GTD convention)
    assert one("03/06/2019: Assailants attacked a bus.", None).date == "2019-03-06"
    # a part above 12 settles the document's order: day-first
    ds = find_dates("Attacks on 13/03/2019 and again on 03/06/2019.", None)
    assert [d.date for d in ds] == ["2019-03-13", "2019-06-03"]
    # published rules out the reading that would lie after the report
    assert one("Clashes on 06/03/2025 left many dead.", PUB).date == "2025-03-06"
    # elsewhere in a text an ambiguous slash date is read day-first
    assert one("Shelling targets the southern countryside of Aleppo 05/08/2017", None).date == "2017-08-05"


def test_day_month_without_year_takes_the_year_of_the_report():
    assert one("Militants attacked the base on 6 March.").date == "2025-03-06"
    # late December seen from early January belongs to the year before
    assert one("The raid of 30 December killed four.", "2025-01-02").date == "2024-12-30"
    # no published and no year in the text: unresolved, not guessed
    assert one("The raid of 30 December killed four.", None).date is None
    # a year stated elsewhere in the document anchors it
    ds = find_dates("On 2 January 2019 rebels attacked. On 4 January they withdrew.", None)
    assert [d.date for d in ds] == ["2019-01-02", "2019-01-04"]


def test_ranges_and_months():
    d = one("Clashes on 6-8 March killed dozens.")
    assert (d.date, d.date_end, d.precision) == ("2025-03-06", "2025-03-08", 2)
    d = one("Clashes on March 6-8, 2025 killed dozens.")
    assert (d.date, d.date_end, d.precision) == ("2025-03-06", "2025-03-08", 2)
    d = one("Fighting between 6 and 8 March 2025 displaced thousands.")
    assert (d.date, d.date_end) == ("2025-03-06", "2025-03-08")
    d = one("Raids from 6 - 8 March 2025 and the 9th were reported.")
    assert (d.mention, d.date, d.date_end) == ("6 - 8 March 2025", "2025-03-06", "2025-03-08")
    d = one("Fighting peaked in mid-2016 around the city.")
    assert (d.mention, d.date, d.date_end, d.precision) == ("mid-2016", "2016-01-01", "2016-12-31", 5)
    d = one("Hundreds fled in March 2025 as the front moved.")
    assert (d.date, d.date_end, d.precision) == ("2025-03-01", "2025-03-31", 4)
    d = one("Displacement peaked in mid-March 2024.")
    assert (d.date, d.date_end, d.precision) == ("2024-03-11", "2024-03-20", 4)


@pytest.mark.parametrize("text,iso", [
    ("The turmoil, which ignited on Thursday, spread.", "2025-03-06"),
    ("The violence ceased early Saturday.", "2025-03-08"),  # same weekday as the report
    ("Shelling resumed Thursday night.", "2025-03-06"),
    ("Rebels withdrew last Saturday.", "2025-03-01"),  # 'last' + the report's weekday: a week back
    ("Gunmen attacked a bus yesterday.", "2025-03-07"),
    ("Two people were shot dead today.", "2025-03-08"),
    ("A drone strike hit the camp two days ago.", "2025-03-06"),
    ("Police found the bodies the day before yesterday.", "2025-03-06"),
])
def test_relative_day_dates(text, iso):
    d = one(text)
    assert d.date == iso and d.precision in (1, 2)


def test_relative_periods():
    d = one("Airstrikes intensified last week.")
    assert (d.date, d.date_end, d.precision) == ("2025-02-24", "2025-03-02", 3)
    d = one("At least 40 people were killed last month.")
    assert (d.date, d.date_end, d.precision) == ("2025-02-01", "2025-02-28", 4)
    d = one("Three raids took place earlier this week.")
    assert (d.date, d.date_end) == ("2025-03-03", "2025-03-08")


def test_previous_and_next_day_follow_the_last_date_mentioned():
    ds = find_dates("Rebels attacked on Monday. The previous day, troops had shelled the town. "
                    "The next day the army withdrew.", PUB)
    assert [(d.mention, d.date) for d in ds] == [
        ("Monday", "2025-03-03"), ("The previous day", "2025-03-02"), ("The next day", "2025-03-03")]


def test_relative_dates_stay_null_without_published():
    for text in ("The violence ceased early Saturday.", "Gunmen attacked a bus yesterday.",
                 "Airstrikes intensified last week.", "A drone strike hit the camp two days ago."):
        d = one(text, None)
        assert d.date is None, text


@pytest.mark.parametrize("text", [
    "Clashes over two days have resulted in over 1,000 fatalities.",
    "The conflict began 14 years ago.",
    "A 25-year-old man was shot.",
    "It happened three months after the coup.",
    "About 1.5 million people fled; 10-15 were hurt.",
    "The vote of 2011-2016 was annulled.",
    "May 12 people be spared, the priest prayed.",
    "Protesters march 20 km to the capital.",
])
def test_ages_durations_and_numbers_are_not_dates(text):
    assert find_dates(text, PUB) == []


def test_guess_published_headers():
    assert guess_published("Published July 5 2016 Rebels shelled the city on Monday.") == "2016-07-05"
    assert guess_published("Date of publication 16 October 2017 Rebel shelling killed four.") == "2017-10-16"
    assert guess_published("27.05.2017 Rebels seized the hill.") == "2017-05-27"
    assert guess_published("Sun 01 Feb 2015 Explosion rocks Damascus.") == "2015-02-01"
    assert guess_published("Last updated: 2019-04-21 A bomb exploded.") == "2019-04-21"
    assert guess_published("Air strikes kill dozens Monitor AFP Wednesday 17 Sep 2014 Syrian air strikes on a "
                           "besieged town killed 20.") == "2014-09-17"
    assert guess_published("Gunmen killed five people on Monday in the north.") is None
    assert guess_published("Gunmen killed five people on 5 May 2016 in the north.") is None
    # a date deep in the text is not a header
    assert guess_published("Gunmen killed five people. " * 20 + "Published 5 May 2016") is None


def _claim(text: str, phrase: str) -> Claim:
    s = text.index(phrase)
    return Claim(status="killed", group="total", value=1, evidence=Evidence(s, s + len(phrase), phrase))


SEED_LIKE = (
    "In a grim escalation, clashes over two days have left over 900 dead, a monitor said. "
    "The unrest, which ignited on Thursday, is the worst in years. "
    "Local people said gunmen executed men in their homes. "
    "The monitor reported that the killings ceased early Saturday. "
    "Talks are planned for next Monday."
)


def test_event_dates_seed_like_range():
    dates = find_dates(SEED_LIKE, PUB)
    claims = [_claim(SEED_LIKE, "over 900 dead")]
    assert event_dates(SEED_LIKE, dates, claims, PUB) == ("2025-03-06", "2025-03-08", 2)


def test_event_dates_prefers_the_claim_sentence_over_reporting_and_background_dates():
    text = ("The Observatory said on Monday that 12 civilians were killed on Sunday in an air strike. "
            "Since 2011, more than 500,000 people have died. A similar raid took place on 2 January 2025.")
    dates = find_dates(text, "2025-03-11")
    claims = [_claim(text, "12 civilians were killed")]
    assert event_dates(text, dates, claims, "2025-03-11") == ("2025-03-09", "2025-03-09", 1)


def test_event_dates_single_explicit_date_and_headers():
    text = "Published 3 April 2017. Russian jets hit an outpost on Sunday, killing one fighter."
    dates = find_dates(text, None)
    # without published, 'Sunday' is unresolved; the keyword-led header is never the event date
    assert event_dates(text, dates, [], None) == (None, None, None)
    dates = find_dates(text, "2017-04-03")
    assert event_dates(text, dates, [], "2017-04-03") == ("2017-04-02", "2017-04-02", 1)
    gtd = "01/05/2016: Assailants attacked a police post, killing two officers."
    assert event_dates(gtd, find_dates(gtd, None), [], None) == ("2016-01-05", "2016-01-05", 1)


def test_event_dates_null_when_the_text_gives_no_date():
    text = "Gunmen killed five villagers in an attack, officials said."
    assert event_dates(text, find_dates(text, PUB), [_claim(text, "killed five villagers")], PUB) == (None, None, None)


def test_event_date_drops_future_dates():
    text = "Rebels will attack on 20 March 2025, a commander warned."
    assert event_dates(text, find_dates(text, PUB), [], PUB) == (None, None, None)


def test_month_precision_event():
    text = "In March 2024, at least 30 people were killed in attacks on villages."
    dates = find_dates(text, None)
    assert event_dates(text, dates, [], None) == ("2024-03-01", "2024-03-31", 4)


def test_background_dates_outside_the_lede_are_not_event_dates():
    text = ("Assassins have killed the village head of a district in the south. The victim, who took "
            "office in December 2010, had quarrelled with a youth leader.")
    assert event_dates(text, find_dates(text, None), [], None) == (None, None, None)


def test_dateline_after_headline_is_not_the_event_and_old_dates_are_background():
    text = ("Air strikes kill dozens in rebel town Monitor AFP Tuesday 23 Sep 2014 Air strikes on a besieged "
            "town killed at least 20 people on Monday, a monitor said. The town was first besieged in "
            "August 2013 when fighting killed hundreds.")
    dates = find_dates(text, "2014-09-23")
    assert [d.date for d in dates][:2] == ["2014-09-23", "2014-09-22"]
    assert event_dates(text, dates, [_claim(text, "killed at least 20 people")], "2014-09-23") == \
        ("2014-09-22", "2014-09-22", 1)


def test_date_for_span_skips_reporting_dates():
    from observatory.extract.dates import date_for_span
    text = "The Observatory said on Monday that 12 civilians were killed on Sunday in an air strike."
    dates = find_dates(text, "2025-03-11")
    s = text.index("12 civilians")
    dm = date_for_span(text, dates, s, s + len("12 civilians were killed"))
    assert dm is not None and dm.mention == "Sunday" and dm.date == "2025-03-09"
    assert date_for_span("No date here. 5 were killed.", [], 14, 27) is None


def test_unknown_day_in_a_slash_date_gives_the_month():
    text = "06/00/2014: Assailants attacked a village, killing three people."
    d = one(text, None)
    assert (d.date, d.date_end, d.precision) == ("2014-06-01", "2014-06-30", 4)
    assert event_dates(text, [d], [], None) == ("2014-06-01", "2014-06-30", 4)


def test_date_for_span_skips_datelines():
    from observatory.extract.dates import date_for_span
    text = "Air strikes kill dozens Monitor AFP Wednesday 17 Sep 2014 Air strikes on the town killed 20 on Monday."
    dates = find_dates(text, "2014-09-17")
    s = text.index("kill dozens")
    assert date_for_span(text, dates, s, s + len("kill dozens")).date == "2014-09-15"
    gtd = "01/05/2016: Assailants attacked a police post, killing two officers."
    s = gtd.index("killing two")
    assert date_for_span(gtd, find_dates(gtd, None), s, s + 11).date == "2016-01-05"
