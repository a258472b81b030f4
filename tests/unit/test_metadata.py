import pytest

from crosswire.extract.metadata import outlet_from_text, outlet_from_url, parse_date

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "text,outlet",
    [
        ("CHENNAI, India (Meridian Press) — The port authority said", "Meridian Press"),
        ("LONDON (AP) -- Prices rose", "AP"),
        ("Hiroshima, Japan CNN — Leaders gathered", "CNN"),
        (
            "The talks went on.\nThey ended late.\n— with reporting by Northstar Wire",
            "Northstar Wire",
        ),
        ("The talks went on.\nThey ended late.\nwith AFP", "AFP"),
    ],
)
def test_outlet_from_dateline_or_closing_credit(text, outlet):
    assert outlet_from_text(text)[0] == outlet


@pytest.mark.parametrize(
    "text",
    [
        "ROTTERDAM — The company said",  # a place, no outlet
        "ROTTERDAM, May 21 (2026) — The company said",  # date in parentheses
        "The company said on Monday that it would sign.",  # no dateline at all
    ],
)
def test_no_outlet_invented(text):
    assert outlet_from_text(text) is None


def test_outlet_from_url():
    assert outlet_from_url("https://www.harbourtribune.example/news/1") == "harbourtribune.example"
    assert outlet_from_url("not a url") is None


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
