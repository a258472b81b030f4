"""Temporal expressions in news text, resolved against the article's publication date.

``find_temporal_expressions`` finds the expressions itself (explicit dates in the usual written
forms, weekdays, month names, "last week", "a year earlier", quarters, seasons, decades,
"now"/"recently"/"the future") and gives each a TimeML value. Relative expressions are counted
from the publication date with the tense of their clause ("said Friday" → the Friday before,
"will meet Friday" → the Friday after); where tense does not settle it the expression is flagged
``ambiguous`` with its candidates and a note, never guessed silently. The grammar, the calendar
and the resolvers live in ``crosswire.temporal``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crosswire.temporal import anaphora, periods, resolve
from crosswire.temporal.calendar import granularity_of
from crosswire.temporal.choice import INFERRED
from crosswire.temporal.discourse import Discourse, Reading
from crosswire.temporal.patterns import RULES

Resolver = Callable[[re.Match, Discourse], Reading | None]

RESOLVERS: dict[str, Resolver] = {
    "iso_date": resolve.iso_date,
    "slash_date": resolve.slash_date,
    "month_day": resolve.month_day,
    "day_month": resolve.month_day,
    "month_year": resolve.month_year,
    "month_relative_year": resolve.month_relative_year,
    "month": resolve.month,
    "weekday": resolve.weekday,
    "relative_day": resolve.relative_day,
    "ago": anaphora.ago,
    "year_ago_adjective": anaphora.year_ago_adjective,
    "quarter": periods.quarter,
    "quarter_code": periods.quarter_code,
    "period": periods.period,
    "half": periods.half,
    "season": resolve.season,
    "decade": resolve.decade,
    "century": resolve.century,
    "relative_unit": anaphora.relative_unit,
    "year_end": anaphora.year_end,
    "year": resolve.year,
    "fiscal_year_short": resolve.fiscal_year_short,
    "present_ref": resolve.present_ref,
    "current": resolve.present_ref,
    "past_ref": resolve.past_ref,
    "recent": resolve.past_ref,
    "future_ref": resolve.future_ref,
    "then": anaphora.then,
}
_ABSOLUTE_KINDS = frozenset({"calendar", "decade", "century", "ref"})
_WRITTEN_YEAR = re.compile(r"\d{4}|(?i:nineteen|thousand)")


@dataclass(frozen=True)
class TemporalExpression:
    """A temporal expression found in a text: its span, TimeML value and how sure we are.

    ``value`` is a TimeML value (``2026-05-17``, ``2026-05``, ``2026-W21``, ``2026-Q1``,
    ``PAST_REF``, ``XXXX-05-20`` …); ``candidates`` lists the values it could be when
    ``ambiguous``; ``note`` says why it was resolved so.
    """

    start: int
    end: int
    text: str
    value: str
    granularity: str
    kind: str
    ambiguous: bool = False
    candidates: tuple[str, ...] = ()
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            f.name: (list(v) if isinstance(v := getattr(self, f.name), tuple) else v)
            for f in dataclasses.fields(self)
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TemporalExpression:
        return cls(**{**data, "candidates": tuple(data.get("candidates", ()))})


def _candidate_matches(text: str) -> list[tuple[int, int, int, re.Match]]:
    found = []
    for order, rule in enumerate(RULES):
        for match in rule.pattern.finditer(text):
            if match.end() > match.start():
                found.append((match.start(), match.end(), order, match))
    return found


def _select(text: str, discourse: Discourse) -> list[tuple[str, re.Match]]:
    """Non-overlapping matches, longest first, skipping those their resolver rejects."""
    scratch = discourse.fresh()
    chosen: list[tuple[int, int, str, re.Match]] = []
    taken = bytearray(len(text))
    for start, end, order, match in sorted(
        _candidate_matches(text), key=lambda c: (c[0] - c[1], c[2], c[0])
    ):
        if any(taken[start:end]):
            continue
        name = RULES[order].name
        if RESOLVERS[name](match, scratch) is None:
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append((start, end, name, match))
    return [(name, match) for _, _, name, match in sorted(chosen, key=lambda c: c[0])]


def find_temporal_expressions(
    text: str, published: dt.date | None, *, published_inferred: bool = False
) -> list[TemporalExpression]:
    """Find and resolve the temporal expressions of ``text`` against its publication date.

    Without a publication date, relative expressions get X-values (``XXXX-05``), are flagged
    ambiguous and say so; with ``published_inferred`` their note says the date was inferred.
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    discourse = Discourse(text, published, published_inferred)
    expressions = []
    for name, match in _select(text, discourse):
        reading = RESOLVERS[name](match, discourse)
        if reading is None:
            continue
        discourse.remember(match.start(), match.group(), reading)
        note = reading.note
        relative = reading.kind not in _ABSOLUTE_KINDS and not _WRITTEN_YEAR.search(match.group())
        if published_inferred and published is not None and relative:
            note = f"{note}; {INFERRED}" if note else INFERRED
        expressions.append(
            TemporalExpression(
                start=match.start(),
                end=match.end(),
                text=match.group(),
                value=reading.value,
                granularity=reading.granularity or granularity_of(reading.value),
                kind=reading.kind,
                ambiguous=reading.ambiguous,
                candidates=reading.candidates,
                note=note,
            )
        )
    return expressions


__all__ = ["TemporalExpression", "find_temporal_expressions"]
