"""The publication date of bare text, inferred as constraints (crosswire.extract.dating)."""

from datetime import date

import pytest

from crosswire.extract.article import to_article
from crosswire.extract.dating import common_prefix, infer_published
from crosswire.records import RawDocument

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "text,day",
    [
        (
            "The board met again.\n(Published Monday, Nov. 19, 2018)\nIts album came out in 1993.",
            "2018-11-19",
        ),
        (
            "Updated 4:12 p.m. ET March 3, 2023\nThe council voted to close the bridge.",
            "2023-03-03",
        ),
        ("First published on 12 April 2021.\nThe council voted to close the bridge.", "2021-04-12"),
        ("This is the Harbour Briefing for Tuesday, June 4, 2024. Cranes are idle.", "2024-06-04"),
    ],
)
def test_the_article_dating_itself_is_a_stamp(text, day):
    found = infer_published(text)
    assert (found.published, found.source) == (day, "stamp")
    assert found.evidence and day[:4] in found.evidence


@pytest.mark.parametrize(
    "text,published",
    [
        ("Live updates\nFeatured February 6, 2024 11:19PM The debate is over.", "2024-02"),
        ("Associated Press Tue Feb 20, 2024 7:44 PM\nThe senator spoke.", "2024-02"),
    ],
)
def test_a_posts_timestamp_is_that_day_or_the_next(text, published):
    found = infer_published(text)
    assert (found.published, found.source) == (published, "stamp")


def test_the_hour_of_an_event_is_not_a_timestamp():
    text = "The fire broke out on Tuesday, March 5, 2024 10:30 a.m. and burned for hours."
    assert infer_published(text).published is None


def test_a_stamp_wins_over_the_historical_dates_the_text_reports():
    text = (
        "The band recorded the album on March 2, 1993, in a barn.\n"
        "(Published Monday, Nov. 19, 2018)\nFans still queue for the reissue."
    )
    assert infer_published(text).published == "2018-11-19"


def test_a_dateline_date():
    text = "ROTTERDAM, May 21, 2026 (Reuters) — Port workers walked out on Thursday."
    found = infer_published(text)
    assert (found.published, found.source) == ("2026-05-21", "dateline")
    assert found.evidence == "ROTTERDAM, May 21, 2026 (Reuters) —"
    assert infer_published("May 21, 2026 — The port reopened.").published == "2026-05-21"
    # a headline and a deck left above the dateline
    headed = "Port strike ends.\n\nUnions claim a win.\n\n" + text
    assert infer_published(headed).published == "2026-05-21"


def test_a_dateline_without_a_year_takes_it_from_the_other_clues():
    text = (
        "ROTTERDAM, May 21 (Reuters) — Port workers walked out.\n"
        "Dock workers line the quay in Rotterdam, Netherlands, May 20, 2026. REUTERS/Anna Visser\n"
        "The strike went on."
    )
    assert infer_published(text).published == "2026-05-21"
    assert infer_published(text).source == "dateline"
    # Alone, a month-day names no year.
    assert infer_published("ROTTERDAM, May 21 (Reuters) — Workers walked out.").published is None


@pytest.mark.parametrize(
    "text,published",
    [
        (
            "A man walks past a damaged building in Kyiv, Ukraine, March 3, 2023. "
            "REUTERS/Oleh Marchenko\n"
            "Officials said repairs would take months.",
            "2023-03",
        ),
        (
            "The mayor spoke at length. (Photo: The mayor at the bridge on Feb. 10, 2023)\n"
            "She left.",
            "2023-02",
        ),
        (
            "Machines clear the scrub.\n\nWorkers at the terminal site on May 21, 2026.\n\n"
            "(Photo: A. Photographer / Harbour Post)\n\nThe authority says the work goes on.",
            "2026-05",
        ),
        (
            "Candidate Jane Roe speaks at a rally in Greensboro, North Carolina on June 14, 2024.\n"
            "The crowd was large.",
            "2024-06",
        ),
        # the week after the photo crosses into March: only the year is certain
        (
            "Crowds gather in Lviv, Ukraine, on Feb. 24, 2023. REUTERS/Name Surname\nThey sang.",
            "2023",
        ),
        # any outlet in capitals, a slash and a name credits a photo, not only the big agencies
        (
            "Boats are pulled up on the beach at Ennore, India, May 12, 2026. KTV/Asha Rao\nCalm.",
            "2026-05",
        ),
    ],
)
def test_a_caption_dates_the_photo_and_the_report_runs_within_the_week(text, published):
    found = infer_published(text)
    assert (found.published, found.source) == (published, "caption")


def test_a_file_photo_dates_nothing():
    text = (
        "FILE - Ships wait off the port in Chennai, India, June 3, 2019. REUTERS/Name\nTalks go on."
    )
    assert infer_published(text).published is None


def test_weekday_and_month_day_choose_the_year_the_other_clues_allow():
    text = (
        "The reunion concert on Monday, Nov. 19 marked the 10th anniversary of its farewell, "
        "played in 2008. Fans queued for hours."
    )
    # The anniversary puts the article in 2018; Nov. 19 is a Monday in 2018 (and in 2012 and
    # 2029, which the anniversary rules out).
    found = infer_published(text)
    assert (found.published, found.source) == ("2018", "text")
    assert any("Monday, Nov. 19" in clue.evidence for clue in found.clues)


@pytest.mark.parametrize(
    "text",
    [
        "The concert took place on Monday, Nov. 19 at the hall.",
        # a past event bounds the date from below only: the article may be years later
        "The band broke up in March 2017.\nThe reunion concert took place on Monday, Nov. 19.",
    ],
)
def test_a_weekday_and_month_day_without_a_bounded_year_date_nothing(text):
    assert infer_published(text).published is None


def test_a_stamp_without_a_year_takes_it_from_an_anniversary():
    text = (
        "(Published Monday, Nov. 19)\n"
        "The show came four days before the 25th anniversary of the album, released in 1993."
    )
    found = infer_published(text)
    assert (found.published, found.source) == ("2018-11-19", "stamp")


def test_an_article_is_not_older_than_the_past_event_it_counts_from():
    text = (
        "Russia launched its full-scale invasion in February of 2022, one year ago this week.\n"
        "The fighting goes on in the east."
    )
    assert infer_published(text).published == "2023"


@pytest.mark.parametrize(
    "text",
    [
        "The plant was built in 1998. Three years ago, its owner sold it.",
        "Three years ago she represented the family of a singer who died in 2009 at home.",
        "Poison gas was used there more than 1,700 years ago, as a study published in 2009 found.",
    ],
)
def test_a_count_of_years_from_another_event_dates_nothing(text):
    found = infer_published(text)
    assert (found.published, found.candidates) == (None, ())


def test_a_weekday_is_not_placed_after_a_bare_historical_year():
    text = "He settled the case in 1997. He resigned on Friday, Aug. 17, his colleagues said."
    assert infer_published(text).published is None


@pytest.mark.parametrize(
    "text",
    [
        "The treaty was signed on June 28, 1919, in Versailles.\nHistorians met to discuss it.",
        "The board met on 3 May 2026. The deal will be signed on 30 June 2026.",
        "The company said on Sunday it would sign.",
        "In 2024 the port stalled. In 2025 it grew. Work began on 17 May. It opens in 2029.",
    ],
)
def test_a_date_the_text_reports_is_not_the_articles_date(text):
    found = infer_published(text)
    assert (found.published, found.source, found.candidates) == (None, "none", ())


def test_disagreeing_clues_leave_no_date_but_the_candidates():
    text = (
        "(Published March 3, 2023)\n"
        "A man walks past a shop in Kyiv, Ukraine, February 24, 2022. REUTERS/Oleh Marchenko\n"
        "The war goes on."
    )
    found = infer_published(text)
    assert (found.published, found.source) == (None, "none")
    assert found.candidates == ("2022-02-24", "2023-03-03")


def test_a_reported_date_after_the_stamp_contradicts_it():
    text = "Posted: June 2, 2024\nThe strike ended on June 9, 2024, after a week."
    found = infer_published(text)
    assert found.published is None and found.candidates == ("2024-06-02", "2024-06-09")


def test_embedded_posts_bound_the_date_from_both_sides():
    text = (
        "Reactions poured in.\n"
        "Great night in the harbour! — Jane Roe (@janeroe) April 10, 2024\n"
        "Not everyone agreed. — Sam Poe (@sampoe) April 12, 2024\n"
        "The ferry resumed."
    )
    found = infer_published(text)
    assert (found.published, found.source) == ("2024-04", "text")


def test_common_prefix_is_as_precise_as_the_span_allows():
    assert common_prefix(date(2023, 3, 3), date(2023, 3, 3)) == "2023-03-03"
    assert common_prefix(date(2023, 3, 3), date(2023, 3, 10)) == "2023-03"
    assert common_prefix(date(2023, 2, 24), date(2023, 3, 3)) == "2023"
    assert common_prefix(date(2022, 12, 30), date(2023, 1, 2)) is None


def test_bare_text_is_dated_from_the_original_text_through_to_article():
    body = (
        "Cranes stood idle at the terminal as the strike entered its second week, the union "
        "said, and ships queued offshore waiting for a berth.\n\n"
        "Share this article on Facebook / Twitter\n\n"
        "(Published Tuesday, June 4, 2024)"
    )
    article, problems = to_article(RawDocument("strike.txt", "text", body))
    assert article is not None and not problems
    assert (article.published, article.published_source) == ("2024-06-04", "stamp")
    assert article.date_inferred and article.published_day == date(2024, 6, 4)
    assert article.published_evidence == "(Published Tuesday, June 4, 2024)"


def test_to_article_keeps_the_candidates_when_clues_disagree():
    body = (
        "Cranes stood idle at the terminal as the strike entered its second week, the union "
        "said on Monday.\n\n"
        "Posted: June 2, 2024\n\nThe strike ended on June 9, 2024, after a week of talks."
    )
    article, _ = to_article(RawDocument("strike.txt", "text", body))
    assert article is not None
    assert (article.published, article.published_source) == (None, "none")
    assert article.published_candidates == ("2024-06-02", "2024-06-09")


@pytest.mark.parametrize(
    "text",
    [
        # The year before the anniversary dates the celebration, not what it counts from.
        "She reappeared in December 2003 for the magazine's 50th anniversary party, in a gown.",
        # A past anniversary placed in its own year says nothing of the article's year.
        "In 2003, the magazine celebrated the 50th anniversary of its founding in 1953.",
    ],
)
def test_an_anniversary_placed_in_a_year_gives_no_year(text):
    assert infer_published(text).published is None
