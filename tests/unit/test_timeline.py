"""Temporal expressions: detection in running text and resolution against the publication date."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.temporal.calendar import granularity_of, shift_value_years, week_value
from crosswire.temporal.expressions import TemporalExpression, find_temporal_expressions
from crosswire.temporal.tense import tense_near

pytestmark = pytest.mark.unit

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEDNESDAY = dt.date(2026, 5, 20)
SUNDAY = dt.date(2026, 5, 17)


def only(text: str, published: dt.date | None, **kwargs) -> TemporalExpression:
    """The single expression found in ``text``."""
    found = find_temporal_expressions(text, published, **kwargs)
    assert len(found) == 1, found
    return found[0]


# --- weekdays and tense ---------------------------------------------------------------------


def test_weekday_with_past_tense_is_the_one_before_publication():
    found = only("Police said the attack happened on Sunday.", WEDNESDAY)
    assert (found.value, found.granularity, found.kind) == ("2026-05-17", "day", "weekday")
    assert not found.ambiguous and "past tense" in found.note


def test_weekday_with_future_tense_is_the_one_after_publication():
    found = only("The summit will open on Sunday in Geneva.", WEDNESDAY)
    assert found.value == "2026-05-24" and not found.ambiguous


def test_weekday_with_present_tense_is_flagged_with_both_candidates():
    found = only("The vote is on Friday.", WEDNESDAY)
    assert found.ambiguous and set(found.candidates) == {"2026-05-15", "2026-05-22"}
    assert found.value == "2026-05-22"  # the nearer one is the guess


def test_same_weekday_as_publication_with_present_tense_is_that_day():
    found = only("Voters are casting their ballots on Sunday.", SUNDAY)
    assert found.value == "2026-05-17" and not found.ambiguous


def test_same_weekday_as_publication_with_past_tense_is_that_day_but_flagged():
    found = only("Protesters gathered Sunday in the capital.", SUNDAY)
    assert found.value == "2026-05-17"
    assert found.ambiguous and found.candidates == ("2026-05-17", "2026-05-10")
    assert "week" in found.note


def test_last_and_next_weekday_skip_the_publication_day():
    assert only("He resigned last Sunday.", SUNDAY).value == "2026-05-10"
    assert only("He will resign next Sunday.", SUNDAY).value == "2026-05-24"


def test_weekday_beside_a_month_day_picks_the_year_it_falls_in():
    found = only("The editorial ran on Saturday, April 25.", dt.date(1998, 4, 24))
    assert found.value == "1998-04-25"


# --- months and dates without a year ---------------------------------------------------------


def test_month_in_december_article_with_future_tense_is_next_year():
    found = only("The company will open the plant in April.", dt.date(2025, 12, 10))
    assert (found.value, found.granularity, found.kind) == ("2026-04", "month", "month-name")


def test_month_with_past_tense_is_this_or_last_year():
    assert only("The plant opened in April.", dt.date(2025, 12, 10)).value == "2025-04"
    assert only("Parliament voted in November.", dt.date(2026, 2, 3)).value == "2025-11"


def test_last_april_and_late_november():
    published = dt.date(1989, 11, 2)
    assert only("Sales peaked last April.", published).value == "1989-04"
    assert (
        only("By late November the offensive had stalled.", dt.date(1989, 12, 20)).value
        == "1989-11"
    )


def test_a_scheduled_date_is_not_sent_a_year_back_by_a_past_tense_verb():
    found = only("Directors declared a dividend, payable Dec. 7 to holders.", dt.date(1989, 10, 27))
    assert found.value == "1989-12-07"


def test_a_past_tense_year_less_date_far_ahead_is_flagged():
    found = only("The ceasefire began May 21.", dt.date(2026, 5, 17))
    assert found.ambiguous and set(found.candidates) == {"2026-05-21", "2025-05-21"}


# --- publication-relative and anaphoric expressions -----------------------------------------


@pytest.mark.parametrize(
    "phrase,value",
    [
        ("last year", "2025"),
        ("this year", "2026"),
        ("next year", "2027"),
        ("earlier this month", "2026-05"),
        ("last month", "2026-04"),
        ("earlier this year", "2026"),
        ("yesterday", "2026-05-19"),
        ("today", "2026-05-20"),
        ("tomorrow", "2026-05-21"),
        ("last week", "2026-W20"),
        ("this week", "2026-W21"),
        ("three days ago", "2026-05-17"),
        ("two years ago", "2024"),
        ("the 1990s", "199"),
        ("fiscal 1989", "1989"),
        ("now", "PRESENT_REF"),
        ("recently", "PAST_REF"),
        ("the near future", "FUTURE_REF"),
        ("last summer", "2025-SU"),
        ("this summer", "2026-SU"),
        ("the fourth quarter of 2025", "2025-Q4"),
    ],
)
def test_relative_expressions(phrase, value):
    found = only(f"Officials noted {phrase} that talks were hard.", WEDNESDAY)
    assert found.text.lower() == phrase and found.value == value


def test_a_year_earlier_counts_from_the_quarter_being_reported():
    text = "Net income rose in the third quarter to $5 million from $3 million a year earlier."
    quarter, earlier = find_temporal_expressions(text, dt.date(2026, 10, 28))
    assert (quarter.value, earlier.value) == ("2026-Q3", "2025-Q3")
    assert earlier.kind == "anchored" and "third quarter" in earlier.note


def test_later_and_earlier_count_from_the_date_named_nearby():
    found = find_temporal_expressions(
        "On May 3, 2016 they met; two weeks later they split.", dt.date(2016, 6, 15)
    )
    assert found[1].value == "2016-05-17" and not found[1].ambiguous
    unanchored = only("They met. Two days later, it ended.", dt.date(2016, 6, 15))
    assert unanchored.ambiguous and "no date nearby" in unanchored.note


def test_the_quarter_ended_takes_the_quarter_of_its_end_date():
    found = find_temporal_expressions(
        "Revenue for the quarter ended Sept. 30 rose.", dt.date(2026, 10, 28)
    )
    assert [(e.text, e.value) for e in found] == [
        ("the quarter", "2026-Q3"),
        ("Sept. 30", "2026-09-30"),
    ]


# --- explicit dates and what is not a date --------------------------------------------------


@pytest.mark.parametrize(
    "phrase,value",
    [
        ("May 21, 2023", "2023-05-21"),
        ("21 May 2023", "2023-05-21"),
        ("2023-05-21", "2023-05-21"),
        ("Sunday, May 21, 2023", "2023-05-21"),
        ("the 3rd of June, 2024", "2024-06-03"),
        ("Oct. 15, 1999", "1999-10-15"),
        ("May 2023", "2023-05"),
        ("mid-1996", "1996"),
        ("Q1 2026", "2026-Q1"),
        ("the summer of 2024", "2024-SU"),
        ("the 20th century", "19"),
        ("nineteen ninety-six", "1996"),
    ],
)
def test_explicit_dates_need_no_publication_date(phrase, value):
    found = only(f"It happened {phrase} in the north.", None)
    assert found.value == value and not found.ambiguous


def test_day_month_order_unknown_is_flagged():
    found = only("The deadline is 04/05/2026.", WEDNESDAY)
    assert found.ambiguous and found.candidates == ("2026-04-05", "2026-05-04")


@pytest.mark.parametrize(
    "text",
    [
        "Theresa May said the vote was lost.",
        "May I ask a question?",
        "Prices could fall sharply.",
        "The plant employs 1990 workers.",
        "He paid $2015 for the ticket.",
        "It rose 75 years after the premiere.",
    ],
)
def test_no_date_invented(text):
    assert find_temporal_expressions(text, WEDNESDAY) == []


def test_february_29_with_no_leap_year_within_a_year_is_no_day():
    # 2021-2023 hold no February 29: the day is not read (it used to raise AttributeError).
    found = find_temporal_expressions(
        "The rule took effect Feb. 29, officials said.", dt.date(2022, 6, 1)
    )
    assert not any(e.value.endswith("-02-29") for e in found)
    assert only("The rule takes effect Feb. 29.", dt.date(2023, 6, 1)).value == "2024-02-29"


# --- without or with an inferred publication date -------------------------------------------


def test_without_publication_date_relative_expressions_are_unresolved_and_say_so():
    found = find_temporal_expressions(
        "On Sunday, a year after the vote in May 2023, they met again in April.", None
    )
    by_text = {e.text: e for e in found}
    assert by_text["Sunday"].value == "XXXX-WXX-7" and by_text["Sunday"].ambiguous
    assert by_text["April"].value == "XXXX-04" and by_text["April"].granularity == "month"
    assert "no publication date" in by_text["April"].note
    assert by_text["May 2023"].value == "2023-05" and not by_text["May 2023"].ambiguous


def test_inferred_publication_date_is_noted_on_relative_expressions_only():
    found = find_temporal_expressions(
        "Last year and in 1998 it grew.", WEDNESDAY, published_inferred=True
    )
    assert "inferred" in found[0].note and "inferred" not in found[1].note


def test_expressions_round_trip_through_dicts_and_keep_their_spans():
    text = "Talks on Friday ended; the 1990s were calmer."
    expressions = find_temporal_expressions(text, WEDNESDAY)
    assert expressions
    for found in expressions:
        assert text[found.start : found.end] == found.text
        assert TemporalExpression.from_dict(found.to_dict()) == found


# --- the pieces -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence,tense",
    [
        ("The company said Friday that it was done.", "past"),
        ("He will meet the king on Friday.", "future"),
        ("The deal is scheduled to close Friday.", "future"),
        ("The offer had been set to expire Friday.", "future"),
        ("The vote is Friday.", "present"),
        ("Talks Friday.", None),
    ],
)
def test_tense_near_an_expression(sentence, tense):
    start = sentence.index("Friday")
    assert tense_near(sentence, start, start + 6).tense == tense


def test_calendar_helpers():
    assert week_value(dt.date(1989, 10, 30)) == "1989-W44"
    assert week_value(dt.date(2021, 1, 2), weekend=True) == "2020-W53-WE"
    assert shift_value_years("1989-Q3", -1) == "1988-Q3"
    assert shift_value_years("2024-02-29", -1) == "2023-02-28"
    assert [
        granularity_of(v)
        for v in ("2026", "2026-05", "2026-W21", "2026-SU", "XXXX-05-20", "PAST_REF")
    ] == ["year", "month", "week", "season", "day", "other"]


# --- properties -----------------------------------------------------------------------------

dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31))


@settings(max_examples=150, deadline=None)
@given(published=dates, weekday=st.sampled_from(WEEKDAYS))
def test_past_tense_weekday_lies_in_the_week_before_publication(published, weekday):
    found = only(f"Officials said talks collapsed on {weekday}.", published)
    day = dt.date.fromisoformat(found.value)
    assert WEEKDAYS[day.weekday()] == weekday
    assert published - dt.timedelta(days=7) <= day <= published
    if day == published:
        assert found.ambiguous and len(found.candidates) == 2
    else:
        assert day < published and not found.ambiguous


@settings(max_examples=150, deadline=None)
@given(published=dates, weekday=st.sampled_from(WEEKDAYS))
def test_future_tense_weekday_lies_in_the_week_after_publication(published, weekday):
    day = dt.date.fromisoformat(only(f"Talks will resume on {weekday}.", published).value)
    assert WEEKDAYS[day.weekday()] == weekday
    assert published <= day <= published + dt.timedelta(days=7)


@settings(max_examples=150, deadline=None)
@given(published=dates)
def test_last_year_is_the_year_before_and_next_year_the_year_after(published):
    last, following = find_temporal_expressions(
        "Sales fell last year and will rise next year.", published
    )
    assert last.value == str(published.year - 1) and following.value == str(published.year + 1)


@settings(max_examples=150, deadline=None)
@given(published=dates, month=st.integers(min_value=1, max_value=12))
def test_future_tense_month_lies_in_the_coming_twelve_months(published, month):
    found = only(f"The new plant will open in {MONTHS[month - 1]}.", published)
    year, number = map(int, found.value.split("-"))
    ahead = (year * 12 + number) - (published.year * 12 + published.month)
    assert number == month and 0 <= ahead < 12


def test_a_bare_half_is_a_year_half_in_business_news_but_no_date_in_a_match_report():
    published = dt.date(2026, 5, 20)
    match = find_temporal_expressions(
        "Rovers scored twice in the second half to win the match.", published
    )
    assert [e.text for e in match] == []
    for business in (
        "Profit rose 5% in the second half, the company said.",
        "Minutes of the Fed meeting showed growth will slow in the second half.",
        "Nintendo expects game sales to rise in the second half.",
    ):
        found = find_temporal_expressions(business, published)
        assert [(e.text, e.value) for e in found] == [("the second half", "2026-H2")]
