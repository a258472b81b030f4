"""The day a report's events happened, as weak clustering evidence for undated articles."""

import datetime as dt

import pytest

from crosswire.stories.event_dates import reported_day

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "text,day",
    [
        ("KOBE, Jan. 17, 1995 — The quake struck before dawn.", dt.date(1995, 1, 17)),
        # The latest past date mentioned, not one announced as future.
        (
            "The dam failed on March 3, 2011. A first warning came on Feb. 20, 2011. "
            "Repairs will begin on June 1, 2012.",
            dt.date(2011, 3, 3),
        ),
        # A day and month with the one year the text names.
        ("Police said the arrest came on 12 May. The case dates from 2009.", dt.date(2009, 5, 12)),
        # Two years and no full date: nothing.
        ("The club was founded in 1901 and moved in 1950. It won on 3 May.", None),
    ],
)
def test_reported_day(text, day):
    assert reported_day(text) == day
