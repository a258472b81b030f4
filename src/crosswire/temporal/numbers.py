"""Numbers written in words or digits inside temporal expressions ("March eighth", "nineteen
ninety-six", "'89", "several")."""

from __future__ import annotations

import re

from crosswire.temporal.lexicon import ORDINAL_UNITS, VAGUE_COUNTS
from crosswire.text.numbers import TENS, UNITS


def parse_count(word: str) -> int | None:
    """A count such as "3", "a", "two" or "twenty five"; None for vague counts like "several"."""
    word = re.sub(r"\s+", " ", word.lower().strip())
    if word.isdigit():
        return int(word)
    if word in ("a", "an", "a couple of", "a couple"):
        return 2 if "couple" in word else 1
    if word in VAGUE_COUNTS:
        return None
    return parse_cardinal(word)


def parse_cardinal(word: str) -> int | None:
    """Cardinal number words below one hundred: "seven", "twenty-one"."""
    parts = re.split(r"[- ]", word.lower())
    if len(parts) == 1:
        return UNITS.get(parts[0], TENS.get(parts[0]))
    if len(parts) == 2 and parts[0] in TENS and parts[1] in UNITS and UNITS[parts[1]] < 10:
        return TENS[parts[0]] + UNITS[parts[1]]
    return None


def parse_day(word: str) -> int | None:
    """Day of month from "5", "5th" or "fifth"/"twenty-first"."""
    digits = re.match(r"\d+", word)
    if digits:
        return int(digits.group())
    parts = re.split(r"[- ]", word.lower())
    if len(parts) == 1:
        return ORDINAL_UNITS.get(parts[0])
    if parts[0] in ("twenty", "thirty") and parts[1] in ORDINAL_UNITS:
        return TENS[parts[0]] + ORDINAL_UNITS[parts[1]]
    return None


def parse_year(word: str, reference_year: int | None) -> int | None:
    """A year from "1989", "'89" (nearest century to the reference) or words like "nineteen
    ninety-six" and "two thousand and one"."""
    word = word.strip()
    if word.isdigit():
        return int(word)
    if word[:1] in "'’" and word[1:].isdigit():
        short = int(word[1:])
        century = (reference_year or 2000) // 100 * 100
        options = [century - 100 + short, century + short, century + 100 + short]
        return min(options, key=lambda y: abs(y - (reference_year or 2000)))
    lower = re.sub(r"\s+", " ", word.lower())
    if lower.startswith("two thousand"):
        rest = re.sub(r"^two thousand(?: and)?[- ]?", "", lower)
        return 2000 + (parse_cardinal(rest) or 0) if rest else 2000
    if lower.startswith("nineteen"):
        rest = re.sub(r"^nineteen[- ]", "", lower)
        if rest == "hundred":
            return 1900
        rest = re.sub(r"^oh[- ]", "", rest)
        value = parse_cardinal(rest)
        return None if value is None else 1900 + value
    return None
