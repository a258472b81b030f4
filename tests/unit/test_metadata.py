import pytest

from crosswire.extract.metadata import outlet_from_url, parse_date

pytestmark = pytest.mark.unit


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
