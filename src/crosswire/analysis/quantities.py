"""Quantities in news text, normalised so that different spellings compare equal.

"$375m", "$375 million" and "375 million dollars" are all money 375,000,000 USD; "fourteen
months" and "15-month-long" are durations of 14 and 15 months; "four berths" is a count of 4
berths; "3.5 percent" and "3.5%" are percentages. Each quantity keeps its span in the text and the
noun it counts or qualifies, so later stages can tell which quantities are about the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosswire.text.numbers import TENS, UNITS

SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "lakh": 1e5,
    "crore": 1e7,
}
CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "¥": "JPY",
    "yen": "JPY",
    "rs": "INR",
    "rs.": "INR",
    "inr": "INR",
    "rupee": "INR",
    "rupees": "INR",
    "₹": "INR",
    "yuan": "CNY",
    "rmb": "CNY",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "hryvnia": "UAH",
    "hryvnias": "UAH",
    "chf": "CHF",
    "francs": "CHF",
}
DURATION_UNITS = {
    "second": "second",
    "minute": "minute",
    "hour": "hour",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
    "decade": "decade",
}
_WORD_NUMBER = (
    r"(?:(?:"
    + "|".join(sorted(TENS, key=len, reverse=True))
    + r")(?:[- ](?:"
    + "|".join(sorted(UNITS, key=len, reverse=True))
    + r"))?|"
    + "|".join(sorted(UNITS, key=len, reverse=True))
    + r")"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER = rf"(?:{_DIGITS}|{_WORD_NUMBER})"
_SCALE = r"(?:hundred|thousand|million|billion|trillion|lakh|crore|mln|mn|bn|tn|k|m|b)"
_CURRENCY_PREFIX = r"(?:US\$|\$|€|£|¥|₹|Rs\.?|USD|EUR|GBP|INR|CHF)"

_MONEY = re.compile(
    rf"(?P<cur>{_CURRENCY_PREFIX})\s?(?P<num>{_DIGITS})(?:\s?(?P<scale>{_SCALE})\b)?"
    rf"|(?P<num2>{_DIGITS})(?:\s?(?P<scale2>{_SCALE}))?\s(?P<cur2>dollars|euros|pounds|rupees|yen|"
    rf"yuan|roubles|rubles|hryvnias|francs)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(
    rf"(?P<num>{_NUMBER})\s?(?:%|per ?cent\b|percentage points?\b)", re.IGNORECASE
)
_DURATION = re.compile(
    rf"\b(?P<num>{_NUMBER})[\s-](?P<unit>second|minute|hour|day|week|month|year|decade)s?"
    rf"(?P<long>[\s-]long)?\b",
    re.IGNORECASE,
)
_COUNT = re.compile(
    rf"\b(?P<num>{_NUMBER})(?:\s(?P<scale>hundred|thousand|million|billion))?(?P<sep>[\s-])"
    rf"(?P<noun>(?:[a-z]+[\s-])?[a-z]{{3,}})\b",
    re.IGNORECASE,
)
#: Words after a number that do not make it a count of things.
_NOT_COUNTED = frozenset(
    {
        "of",
        "and",
        "or",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "the",
        "a",
        "per",
        "percent",
        "am",
        "pm",
        "times",
        "more",
        "less",
        "than",
        "as",
        "was",
        "were",
        "is",
        "are",
        "said",
        "says",
        "had",
        "have",
        "has",
    }
)


@dataclass(frozen=True)
class Quantity:
    """A normalised quantity: ``kind`` money|percent|duration|count, a value in base units
    (money in currency units, durations in the ``unit`` given), the unit, and what it counts."""

    kind: str
    value: float
    unit: str
    text: str
    start: int
    end: int
    #: The noun it counts or qualifies ("berths", "negotiations"), lower case, "" if unknown.
    about: str = ""
    #: Written as an approximation ("about 40", "more than 200", "an estimated $2bn").
    approximate: bool = False
    #: A part or a remainder, not the whole ("the first two berths", "two other bidders"):
    #: such a figure cannot contradict a total.
    relative: bool = False

    def same_amount(self, other: Quantity, tolerance: float = 0.005) -> bool:
        """Equal up to rounding (half a percent by default: $375m vs $375.2m are the same)."""
        if (self.kind, self.unit) != (other.kind, other.unit):
            return False
        largest = max(abs(self.value), abs(other.value), 1e-12)
        return abs(self.value - other.value) / largest <= tolerance


def parse_number(text: str) -> float | None:
    """ "1,250.5" → 1250.5; "fourteen" → 14; "twenty-one" → 21; None if not a number."""
    text = text.strip().lower()
    if re.fullmatch(_DIGITS, text):
        return float(text.replace(",", ""))
    parts = re.split(r"[- ]", text)
    total = 0
    for part in parts:
        if part in UNITS:
            total += UNITS[part]
        elif part in TENS:
            total += TENS[part]
        else:
            return None
    return float(total)


_APPROXIMATE = re.compile(
    r"(?:about|around|roughly|approximately|up to|at least|as many as|more "
    r"than|over|under|nearly|almost|some|an estimated|estimated|some|fewer "
    r"than|less than|close to)\s$",
    re.IGNORECASE,
)
_RELATIVE_BEFORE = re.compile(
    r"(?:first|last|final|another|additional|remaining|extra|further|"
    r"next|other|latest)\s$",
    re.IGNORECASE,
)
_RELATIVE_WORDS = frozenset(
    {
        "other",
        "others",
        "rival",
        "rivals",
        "competing",
        "remaining",
        "additional",
        "more",
        "extra",
        "further",
        "new",
    }
)


def _flags(text: str, start: int, span_text: str) -> tuple[bool, bool]:
    """(approximate, relative) from the words around a quantity."""
    before = text[max(0, start - 20) : start]
    approximate = bool(_APPROXIMATE.search(before))
    relative = bool(_RELATIVE_BEFORE.search(before)) or bool(
        _RELATIVE_WORDS & set(span_text.lower().replace("-", " ").split()[1:])
    )
    return approximate, relative


def find_quantities(text: str) -> list[Quantity]:
    """Every money amount, percentage, duration and count in ``text``, left to right; a span
    taken by one kind (money first) is not read again as another."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for match in _MONEY.finditer(text):
        number = parse_number(match.group("num") or match.group("num2"))
        if number is None:
            continue
        scale = (match.group("scale") or match.group("scale2") or "").lower()
        currency = (match.group("cur") or match.group("cur2") or "").lower()
        value = number * SCALES.get(scale, 1)
        found.append(
            Quantity(
                "money",
                value,
                CURRENCIES.get(currency, currency.upper()),
                match.group(0),
                match.start(),
                match.end(),
                _noun_after(text, match.end()),
            )
        )
        taken.append((match.start(), match.end()))
    for match in _PERCENT.finditer(text):
        number = parse_number(match.group("num"))
        if number is None or not free(match.start(), match.end()):
            continue
        found.append(
            Quantity(
                "percent",
                number,
                "percent",
                match.group(0),
                match.start(),
                match.end(),
                _noun_after(text, match.end()),
            )
        )
        taken.append((match.start(), match.end()))
    for match in _DURATION.finditer(text):
        number = parse_number(match.group("num"))
        if number is None or not free(match.start(), match.end()):
            continue
        unit = DURATION_UNITS[match.group("unit").lower()]
        found.append(
            Quantity(
                "duration",
                number,
                unit,
                match.group(0),
                match.start(),
                match.end(),
                _qualified_noun(text, match.end()),
            )
        )
        taken.append((match.start(), match.end()))
    for match in _COUNT.finditer(text):
        number = parse_number(match.group("num"))
        noun = match.group("noun").lower()
        if number is None or not free(match.start(), match.end()):
            continue
        words = noun.replace("-", " ").split()
        # "four container berths" counts berths; "five berths and" counts berths too.
        # "a four-berth terminal" counts berths: a hyphen makes the first word the unit.
        compound = match.group("sep") == "-"
        head = (
            words[-1]
            if len(words) > 1 and words[-1] not in _NOT_COUNTED and not compound
            else words[0]
        )
        if (
            words[0] in _NOT_COUNTED
            or head in _NOT_COUNTED
            or head in DURATION_UNITS
            or _is_year(match.group("num"), text, match.start())
        ):
            continue
        value = number * SCALES.get((match.group("scale") or "").lower(), 1)
        noun_start = match.start("noun")
        end = noun_start + match.group("noun").lower().find(head) + len(head)
        found.append(
            Quantity(
                "count",
                value,
                singular(head),
                text[match.start() : end],
                match.start(),
                end,
                singular(head),
            )
        )
        taken.append((match.start(), end))
    flagged = [
        Quantity(
            q.kind, q.value, q.unit, q.text, q.start, q.end, q.about, *_flags(text, q.start, q.text)
        )
        for q in found
    ]
    return sorted(flagged, key=lambda q: q.start)


def _is_year(number: str, text: str, start: int) -> bool:
    return bool(re.fullmatch(r"(1[89]|20)\d\d", number)) or text[
        max(0, start - 3) : start
    ].lower().endswith("in ")


def singular(word: str) -> str:
    """A rough singular for comparing counted nouns: berths → berth, ships → ship, cities → city."""
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _noun_after(text: str, end: int) -> str:
    match = re.match(r"\s*(?:[a-z-]+\s)?([a-z]{3,})", text[end : end + 40])
    return singular(match.group(1)) if match else ""


#: "fourteen months since the war began", "two years after the talks started", "ten months
#: into the war": the duration is the age of what began, as in "a 15-month-long war".
_SINCE_BEGAN = re.compile(
    r"\s*(?:since|after)\s+(?:the|its|their|a|an)\s+(?:[a-z]+\s+)?([a-z]{3,})"
    # who or what it is with or over: "since the pay dispute with Kestrel Line began"
    r"(?:\s+(?:with|between|over|against|among|in|on)\s+[^.;,]{1,40}?)?\s+"
    r"(?:began|begun|started|broke\s+out|erupted|opened)\b"
    r"|\s*since\s+the\s+(?:start|beginning|outbreak|onset)\s+of\s+(?:the\s+)?([a-z]{3,})\b"
    r"|\s*into\s+(?:the|its|their)\s+(?:[a-z]+\s+)?([a-z]{3,})\b(?!\s+of\b)",
    re.IGNORECASE,
)
#: Words after a duration that are not the thing it measures ("14 months ago", "two years
#: later", "a year since"): such a duration qualifies no noun.
_NOT_QUALIFIED = frozenset(
    {"ago", "old", "and", "the", "for", "but", "was", "are", "has", "had", "now", "its", "his"}
    | {"her", "not", "per", "since", "into", "after", "before", "later", "earlier", "until"}
    | {"from", "with", "when", "that", "this", "were", "have", "will", "would", "while"}
)


#: Words that end the noun a duration qualifies ("a 15-month-long pay dispute between …").
_AFTER_NOUN = frozenset({"between", "over", "against", "among", "about", "off", "out", "who"})


def _qualified_noun(text: str, end: int) -> str:
    """The noun a duration qualifies: "fourteen months of negotiations", "15-month-long talks",
    "fourteen months since the war began" (the war's length)."""
    began = _SINCE_BEGAN.match(text[end : end + 100])
    if began:
        return singular(next(g for g in began.groups() if g).lower())
    match = re.match(r"\s*(?:of\s+)?((?:[a-z]{3,}\s+){0,2}[a-z]{3,})\b", text[end : end + 40])
    if not match:
        return ""
    # The head of a compound ("a 15-month-long pay dispute" measures the dispute): the last
    # word of the run before a word that cannot be part of the noun.
    run = []
    for word in match.group(1).lower().split():
        if word in _NOT_QUALIFIED or word in _AFTER_NOUN:
            break
        run.append(word)
    return singular(run[-1]) if run else ""
