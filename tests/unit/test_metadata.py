import pytest

from crosswire.extract.metadata import date_from_text, outlet_from_url, parse_date

pytestmark = pytest.mark.unit


def test_outlet_from_url():
    assert outlet_from_url("https://www.harbourtribune.example/news/1") == "harbourtribune.example"
    assert outlet_from_url("not a url") is None


def test_date_from_dateline_wins_over_later_mentions():
    text = (
        "ROTTERDAM, May 19, 2026 (MP) — Talks will resume on June 2, 2026, and May 30, 2026 is..."
    )
    assert date_from_text(text)[:2] == ("2026-05-19", "dateline")


def test_date_from_caption_in_text_with_evidence():
    text = (
        "Work continues at the site.\nWorkers at the terminal on May 21, 2026.\n"
        "The company signed a letter of intent on March 3, 2026."
    )
    found, source, evidence = date_from_text(text)
    assert (found, source) == ("2026-05-21", "text")
    assert "Workers at the terminal on May 21, 2026" in evidence


def test_future_dates_are_not_taken_as_publication_date():
    text = "The board met on 3 May 2026. The deal will be signed on 30 June 2026."
    assert date_from_text(text)[0] == "2026-05-03"


def test_day_month_with_year_from_the_text():
    text = "The 2023 season was long. Fans gathered on 20 May to celebrate."
    found, source, evidence = date_from_text(text)
    assert (found, source) == ("2023-05-20", "text") and "year 2023" in evidence


def test_no_date_no_guess():
    assert date_from_text("The company said on Sunday it would sign.") is None


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2026-05-18", "2026-05-18"),
        ("2026-05-18T22:10:00Z", "2026-05-18"),
        ("May 18, 2026", "2026-05-18"),
        ("18 May 2026", "2026-05-18"),
        ("yesterday-ish", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_day_month_is_not_dated_when_the_text_names_several_years():
    text = "In 2024 the port stalled. In 2025 it grew. Work began on 17 May. It opens in 2029."
    assert date_from_text(text) is None
