"""Resolvers for the reporting periods of business news: quarters ("the third quarter", "Q3
2026"), "the period", halves ("the second half of 1989"), and the quarter a results story is
about.

Financial news reports a quarter's results after it ends, so an unqualified "the quarter" means
the last quarter named in the text, else the quarter that ended before publication.
"""

from __future__ import annotations

import datetime as dt
import re

from crosswire.temporal import calendar as cal
from crosswire.temporal.choice import anchor_note, choose, norm, unresolved
from crosswire.temporal.discourse import Discourse, Reading
from crosswire.temporal.lexicon import MONTHS, QUARTER_ORDINALS
from crosswire.temporal.numbers import parse_day, parse_year
from crosswire.temporal.patterns import DAY, MONTH

_ENDED = re.compile(
    r"\s+(?:that\s+|which\s+)?(?P<verb>ended|ending|ends|to\s+end)\s+"
    + MONTH
    + r"\s+"
    + DAY
    + r"(?:,?\s+(?P<year>\d{4}))?"
)


def _quarter_ending(d: Discourse, end: int) -> Reading | None:
    """ "The quarter ended Sept. 30": the calendar quarter holding the end date given."""
    match = _ENDED.match(d.text, end)
    if not match or d.published is None:
        return None
    month, day = MONTHS[match["month"].lower().rstrip(".")], parse_day(match["day"])
    if match["year"]:
        date = cal.safe_date(int(match["year"]), month, day or 0)
    else:
        past, future = cal.day_occurrences(d.published, month, day or 0)
        date = (
            past
            if match["verb"] == "ended" or future is None
            else (past if past and (d.published - past) <= (future - d.published) else future)
        )
    if date is None:
        return None
    year, quarter = cal.quarter_of(date)
    return Reading(
        f"{year:04d}-Q{quarter}",
        "quarter",
        note=f"the calendar quarter holding its end date ({date.isoformat()})",
    )


def reported_quarter(
    d: Discourse, published: dt.date, offset: int, end: int | None = None
) -> Reading:
    """The quarter a business story is about: the one whose end date follows ("the quarter
    ended Sept. 30"), else the last one named, else the one that ended before publication."""
    ending = _quarter_ending(d, end) if end is not None else None
    if ending:
        return ending
    anchor = d.latest_anchor(offset, ("quarter",))
    if anchor:
        return Reading(anchor.value, "anchored", note=anchor_note(anchor), anchorable=False)
    year, quarter = cal.add_quarters(*cal.quarter_of(published), -1)
    return Reading(
        f"{year:04d}-Q{quarter}",
        "quarter",
        note="the quarter that ended before publication (results are reported after)",
    )


def quarter(m: re.Match, d: Discourse) -> Reading | None:
    """ "The third quarter", "fourth-quarter", "the 1988 second quarter", "Q3 of next year"."""
    number = QUARTER_ORDINALS[m["ordinal"].lower()]
    reference = d.published.year if d.published else None
    year = parse_year(m["year"], reference) if m["year"] else None
    yearof, yearref = norm(m["yearof"]), norm(m["yearref"])
    if yearof.isdigit():
        year = int(yearof)
    elif reference is not None and year is None and (yearof or yearref):
        words = yearof or yearref
        year = reference + (1 if "next" in words else -1 if "last" in words else 0)
    if year is not None:
        return Reading(f"{year:04d}-Q{number}", "quarter")
    if d.published is None:
        return unresolved(f"XXXX-Q{number}", "quarter")
    past, future = cal.quarter_occurrences(d.published, number)
    current = cal.quarter_of(d.published)
    tense = d.tense(m.start(), m.end())
    just_ended = cal.add_quarters(*current, -1) == past
    if tense.tense == "future" and just_ended:
        return Reading(
            f"{past[0]:04d}-Q{number}",
            "quarter",
            ambiguous=True,
            candidates=(f"{past[0]:04d}-Q{number}", f"{future[0]:04d}-Q{number}"),
            note="future tense, but the quarter just ended is usually reported after "
            "its end: taken as that one",
        )
    gap_past = (current[0] - past[0]) * 4 + current[1] - past[1]
    gap_future = (future[0] - current[0]) * 4 + future[1] - current[1]
    return choose(
        f"{past[0]:04d}-Q{number}",
        f"{future[0]:04d}-Q{number}",
        tense,
        gap_past,
        gap_future,
        "quarter",
        f"Q{number}",
        unit="quarters",
    )


def quarter_code(m: re.Match, d: Discourse) -> Reading | None:
    """ "Q3 2026"; a bare "Q3" is left alone (too often a label, not a date)."""
    if m["y"]:
        return Reading(f"{m['y']}-Q{m['number']}", "quarter")
    return None


def period(m: re.Match, d: Discourse) -> Reading:
    """ "The latest quarter", "the current period", "the 1988 period", "the prior quarter"."""
    which = norm(m["which"])
    if d.published is None:
        return unresolved("XXXX-QX", "anchored")
    current = cal.quarter_of(d.published)
    if which == "current":
        return Reading(f"{current[0]:04d}-Q{current[1]}", "quarter")
    if which == "next":
        year, number = cal.add_quarters(*current, 1)
        return Reading(f"{year:04d}-Q{number}", "quarter")
    if which.isdigit():
        anchor = d.latest_anchor(m.start(), ("quarter",))
        if anchor:
            return Reading(
                f"{which}{anchor.value[4:]}",
                "anchored",
                note=anchor_note(anchor),
                anchorable=False,
            )
        return Reading(which, "calendar")
    if which in ("previous", "prior"):
        base = reported_quarter(d, d.published, m.start()).value
        year, number = cal.add_quarters(int(base[:4]), int(base[-1]), -1)
        return Reading(f"{year:04d}-Q{number}", "anchored", anchorable=False)
    if which == "last" and norm(m["noun"]) == "quarter":
        year, number = cal.add_quarters(*current, -1)
        return Reading(f"{year:04d}-Q{number}", "quarter")
    return reported_quarter(d, d.published, m.start(), m.end())


#: Words that make a bare "the second half" the half of a match, not of a year.
_MATCH_WORDS = re.compile(
    r"(?i)\b(?:goals?|scored|scoring|kick-?off|half-?time|"
    r"penalt(?:y|ies)|striker|referee|innings|quarterback|touchdowns?|"
    r"equali[sz]er|hat-trick|try-line|final whistle|tries|scrum|"
    r"fly-half|winger|tackles|wicket|free kick)\b"
)


def _is_match_report(d: Discourse, position: int) -> bool:
    """The sentence at ``position`` names a match's events, or the whole text names at least
    three different ones ("penalty", "tries", "scrum"): a sports report."""
    index = max(d.sentence_index(position), 0)
    end = d.starts[index + 1] if index + 1 < len(d.starts) else len(d.text)
    if _MATCH_WORDS.search(d.text[d.starts[index] : end]):
        return True
    return len({w.lower() for w in _MATCH_WORDS.findall(d.text)}) >= 3


def half(m: re.Match, d: Discourse) -> Reading | None:
    """ "The first half", "the second half of 1989": TimeML ``1989-H2``. A bare half in a
    sentence about a match ("scored in the second half") is no date at all."""
    number = 1 if norm(m["ordinal"]) == "first" else 2
    if m["yearof"]:
        return Reading(f"{m['yearof']}-H{number}", "half", granularity="other")
    if not m["rel"] and _is_match_report(d, m.start()):
        return None
    if d.published is None:
        return unresolved(f"XXXX-H{number}", "half")
    rel = norm(m["rel"])
    if rel in ("this", "next", "last"):
        year = d.published.year + {"this": 0, "next": 1, "last": -1}[rel]
    else:
        year, _ = d.anchor_year(m.start())
    return Reading(f"{year:04d}-H{number}", "half", granularity="other")


__all__ = [
    "half",
    "period",
    "quarter",
    "quarter_code",
    "reported_quarter",
]
