"""The publication date of an article that did not give one, inferred from its text as constraints.

Every clue in the text (``crosswire.extract.date_clues``: stamps, datelines, captions, embedded
posts, reported dates, weekdays with a month-day, counted years) limits the days the article can
have been published on, and the answer is what all the clues leave: a day when one day is left,
a month (``YYYY-MM``) or a year when only that much is certain, nothing when the clues leave too
much open, and nothing but the candidate dates when they contradict each other. A wrong date is
worse than none: it mislabels the article and breaks story clustering.

The text read is the original one (before cleaning): stamps and captions are furniture the
cleaner removes, but they still date the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from crosswire.extract.date_clues import (
    DATELINE_PARAGRAPHS,
    FIRST_DAY,
    LAST_DAY,
    Clue,
    Span,
    all_years,
    bounded,
    dated_opening,
    dateline_clues,
    dateline_day_clues,
    full_date_clues,
    weekday_clues,
    year_count_clues,
)
from crosswire.text.paragraphs import paragraphs


@dataclass(frozen=True)
class DateFinding:
    """The inferred publication date (or None), its source, evidence and, when the clues
    disagreed, the dates they named."""

    published: str | None
    source: str = "none"
    evidence: str | None = None
    candidates: tuple[str, ...] = ()
    clues: tuple[Clue, ...] = field(default=(), compare=False)


#: Which clue names the source when several agree: the most direct reading of the date first.
_PRECEDENCE = ("stamp", "dateline", "caption", "text")


def infer_published(text: str) -> DateFinding:
    """The publication date the clues in ``text`` leave (module docstring)."""
    clues = find_clues(text)
    allowed, conflict = narrow(clues)
    if conflict is not None:
        # The dates the clues name; a weekday's month-day, possible in many years, names none.
        named = {c.named for c in clues if bounded(c.spans) and len(c.spans) == 1}
        named |= {conflict.named} if len(conflict.spans) == 1 else set()
        return DateFinding(None, "none", _evidence(clues), tuple(sorted(named)), tuple(clues))
    published = common_prefix(allowed[0][0], allowed[-1][1]) if clues else None
    if published is None:
        return DateFinding(None, clues=tuple(clues))
    deciding = sorted(
        (c for c in clues if bounded(c.spans)), key=lambda c: _PRECEDENCE.index(c.kind)
    )
    return DateFinding(published, deciding[0].kind, _evidence(deciding), (), tuple(clues))


def narrow(clues: list[Clue]) -> tuple[tuple[Span, ...], Clue | None]:
    """The days every clue allows, or the first clue that contradicts the ones before it."""
    allowed: tuple[Span, ...] = ((FIRST_DAY, LAST_DAY),)
    for clue in clues:
        narrowed = intersect(allowed, clue.spans)
        if not narrowed:
            return allowed, clue
        allowed = narrowed
    return allowed, None


def find_clues(text: str) -> list[Clue]:
    """Every dating clue in ``text``: the dated ones first, then the month-days without a year
    (a weekday's, a dateline's), whose year is looked for within the range the others leave."""
    opening = dated_opening(paragraphs(text, strip=False)[:DATELINE_PARAGRAPHS])
    clues = dateline_clues(opening) if opening else []
    clues.extend(full_date_clues(text))
    clues.extend(year_count_clues(text))
    years = _plausible_years(clues)
    if opening:
        clues.extend(dateline_day_clues(opening, years))
    clues.extend(weekday_clues(text, years))
    return clues


def _plausible_years(clues: list[Clue]) -> range:
    """The years a month-day without a year may fall in: those the dated clues leave when they
    bound the date on both sides; every year otherwise (then such a month-day dates nothing).

    A lower bound alone (the latest past event the text reports) is no anchor: on PolNeAR train
    the article is more than five years after the latest precisely dated event it reports in 18
    of 69 articles (Sept. 11, 2001; Sept. 11, 2012 …), so "the first year after it in which Nov.
    19 is a Monday" would often be years early."""
    allowed, conflict = narrow(clues)
    if conflict is not None or allowed[0][0] == FIRST_DAY or allowed[-1][1] == LAST_DAY:
        return all_years()
    return range(allowed[0][0].year, allowed[-1][1].year + 1)


def intersect(first: tuple[Span, ...], second: tuple[Span, ...]) -> tuple[Span, ...]:
    """The days in both sets of sorted, disjoint spans."""
    found = []
    for low, high in first:
        for other_low, other_high in second:
            start, end = max(low, other_low), min(high, other_high)
            if start <= end:
                found.append((start, end))
    return tuple(sorted(found))


def common_prefix(first: date, last: date) -> str | None:
    """The most precise date string true of every day from ``first`` to ``last``: the day, the
    month (``YYYY-MM``) or the year; None when the span crosses a year."""
    if first == last:
        return first.isoformat()
    if (first.year, first.month) == (last.year, last.month):
        return first.isoformat()[:7]
    if first.year == last.year:
        return str(first.year)
    return None


def _evidence(clues: list[Clue]) -> str:
    return " … ".join(dict.fromkeys(c.evidence for c in clues[:3]))
