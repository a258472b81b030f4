"""Classes of date written forms fixed for issue #9 (each with sentences written for the test):
a colon right after a date, a space before the comma between a date's parts, and a space before
the apostrophe of a decade."""

import datetime as dt

import pytest

from crosswire.temporal.expressions import find_temporal_expressions

pytestmark = pytest.mark.unit

FRIDAY = dt.date(2004, 3, 12)


def values(text: str, published: dt.date = FRIDAY) -> list[tuple[str, str]]:
    return [(e.text, e.value) for e in find_temporal_expressions(text, published)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A colon after the day ends the date (a heading, a quoted editorial), unlike "10:30".
        (
            "The board wrote in a letter dated Tuesday, March 9: We regret the delay.",
            [("Tuesday, March 9", "2004-03-09")],
        ),
        ("Diary of the strike, March 9: pickets stayed home.", [("March 9", "2004-03-09")]),
    ],
)
def test_a_date_followed_by_a_colon_is_read_whole(text, expected):
    assert values(text) == expected


def test_a_colon_between_digits_is_still_a_clock_time_not_a_day():
    found = values("The ferry leaves at 10:30 on March 20.")
    assert ("March 20", "2004-03-20") in found
    assert not any(text.startswith("10") for text, _ in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The bridge opened on May 4 , 1998 to traffic.", [("May 4 , 1998", "1998-05-04")]),
        ("The bridge opened on 4 May , 1998 to traffic.", [("4 May , 1998", "1998-05-04")]),
        ("The bridge opened in May , 1998 after delays.", [("May , 1998", "1998-05")]),
        ("She signed it on Monday , March 8 in the capital.", [("Monday , March 8", "2004-03-08")]),
        # The untokenised forms are unchanged.
        ("The bridge opened on May 4, 1998 to traffic.", [("May 4, 1998", "1998-05-04")]),
    ],
)
def test_a_space_before_the_comma_does_not_split_a_date_from_its_year(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In the late 1970 's the town grew fast.", [("the late 1970 's", "197")]),
        ("In the 1960's the town grew fast.", [("the 1960's", "196")]),
        ("In the 1960s the town grew fast.", [("the 1960s", "196")]),
    ],
)
def test_a_decade_written_with_a_space_before_its_apostrophe_is_a_decade(text, expected):
    assert values(text) == expected


def test_a_year_followed_by_a_word_starting_with_s_is_still_a_year():
    assert values("In 1970 sales doubled.") == [("1970", "1970")]
