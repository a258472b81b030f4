import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosswire.analysis.quantities import find_quantities, parse_number

pytestmark = pytest.mark.unit


def only(text):
    [quantity] = find_quantities(text)
    return quantity


@pytest.mark.parametrize(
    "text",
    [
        "a $375m concession",
        "a $375 million concession",
        "a concession worth 375 million dollars",
        "US$375m deal",
    ],
)
def test_one_sum_written_four_ways_is_one_amount(text):
    q = only(text)
    assert (q.kind, q.value, q.unit) == ("money", 375_000_000, "USD")


def test_durations_and_what_they_qualify():
    a, b = only("ending fourteen months of negotiations"), only("after 15-month-long negotiations")
    assert (a.kind, a.value, a.unit, a.about) == ("duration", 14, "month", "negotiation")
    assert (b.kind, b.value, b.unit, b.about) == ("duration", 15, "month", "negotiation")
    assert not a.same_amount(b)


def test_counts_keep_their_noun_and_span():
    text = "The terminal will have five berths and handle 1.8 million TEUs."
    berths, teus = find_quantities(text)
    assert (berths.kind, berths.value, berths.unit, berths.text) == (
        "count",
        5,
        "berth",
        "five berths",
    )
    assert (teus.value, teus.unit) == (1_800_000, "teu")
    assert text[berths.start : berths.end] == berths.text


def test_percentages_and_other_currencies():
    assert only("rose 3.5 percent").value == 3.5 and only("rose 3.5%").kind == "percent"
    assert (only("€2.1bn").value, only("€2.1bn").unit) == (2_100_000_000, "EUR")


def test_years_are_not_counts():
    assert find_quantities("The terminal opens in 2029 after work on 2027 designs.") == []


def test_same_amount_allows_rounding_only():
    a, b = only("$375m"), only("$375.4 million")
    assert a.same_amount(b) and not a.same_amount(only("$410 million"))


WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


@given(st.integers(min_value=0, max_value=99))
def test_number_words_and_digits_agree(n):
    word = WORDS[n] if n < 20 else TENS[n // 10 - 2] + ("" if n % 10 == 0 else "-" + WORDS[n % 10])
    assert parse_number(word) == parse_number(str(n)) == n


@given(
    st.integers(min_value=1, max_value=999_999),
    st.sampled_from(["m", " million", "bn", " billion"]),
)
def test_money_scales_normalise(whole, scale):
    factor = 1e6 if "m" in scale else 1e9
    text = f"a ${whole:,}{scale} deal"
    q = only(text)
    assert q.kind == "money" and q.unit == "USD" and q.value == pytest.approx(whole * factor)
    assert text[q.start : q.end] == q.text


@given(st.integers(min_value=1, max_value=60), st.sampled_from(["day", "week", "month", "year"]))
def test_duration_spellings_agree(n, unit):
    hyphenated = only(f"a {n}-{unit}-long strike")
    spaced = only(f"a strike of {n} {unit}s")
    assert hyphenated.same_amount(spaced) and hyphenated.unit == unit
