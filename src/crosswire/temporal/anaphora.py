"""Resolvers for expressions counted from publication or from a date said earlier in the text:
"last week", "this year", "three months ago", "a year earlier", "that year", "the following
day", "until then", "the year-ago period".

In financial news "a year earlier" means the reported quarter a year before (``periods``).
"""

from __future__ import annotations

import datetime as dt
import re

from crosswire.temporal import calendar as cal
from crosswire.temporal.choice import anchor_note, norm, unresolved
from crosswire.temporal.discourse import Discourse, Reading
from crosswire.temporal.lexicon import QUARTER_ORDINALS
from crosswire.temporal.numbers import parse_count
from crosswire.temporal.periods import reported_quarter

OFFSETS = {
    "this": 0,
    "the current": 0,
    "the": 0,
    "the full": 0,
    "the whole": 0,
    "the entire": 0,
    "that": 0,
    "the same": 0,
    "last": -1,
    "the past": -1,
    "the last": -1,
    "this past": -1,
    "the latest": -1,
    "the previous": -1,
    "the prior": -1,
    "next": 1,
    "the coming": 1,
    "the next": 1,
    "this coming": 1,
    "the following": 1,
}
ANAPHORIC = frozenset({"the previous", "the prior", "the following", "that", "the same"})
SHIFTABLE = ("day", "month", "quarter", "season", "year")


def shift_from_anchor(d: Discourse, offset: int, years: int) -> Reading:
    """ "A year earlier": the nearby date (or the story's quarter) moved by whole years."""
    anchor = (
        d.near_anchor(offset, ("quarter",))
        or d.near_anchor(offset, SHIFTABLE)
        or d.latest_anchor(offset, ("quarter",))
    )
    if anchor:
        return Reading(
            cal.shift_value_years(anchor.value, years),
            "anchored",
            note=anchor_note(anchor),
            anchorable=False,
        )
    if d.published is None:
        return unresolved("XXXX", "anchored")
    return Reading(
        f"{d.published.year + years:04d}",
        "relative",
        anchorable=False,
        note="no date nearby to count from: counted from publication",
    )


def relative_unit(m: re.Match, d: Discourse) -> Reading | None:
    """ "This week", "last month", "the year", "that year", "the following quarter" …"""
    unit, mod = norm(m["unit"]), norm(m["mod"])
    fiscal = bool(m["fiscal"]) and "fiscal" in norm(m["fiscal"])
    if d.published is None:
        placeholder = {
            "week": "XXXX-WXX",
            "weekend": "XXXX-WXX-WE",
            "month": "XXXX-XX",
            "quarter": "XXXX-QX",
        }.get(unit, "XXXX")
        return unresolved(placeholder, "relative")
    offset = OFFSETS.get(mod, 0)
    p = d.published
    if unit == "day":
        return _relative_day(m, d, p, mod, offset)
    if unit == "quarter":
        return _relative_quarter(m, d, p, mod, offset)
    if unit in ("week", "weekend"):
        return _relative_week(m, d, p, unit, mod, offset)
    if unit == "month":
        anchor = d.latest_anchor(m.start(), ("day", "month")) if mod in ANAPHORIC else None
        base = (int(anchor.value[:4]), int(anchor.value[5:7])) if anchor else (p.year, p.month)
        year, month = cal.add_months(*base, offset)
        return Reading(
            cal.month_value(year, month),
            "anchored" if anchor else "relative",
            note=anchor_note(anchor) if anchor else "",
            anchorable=not anchor,
        )
    if unit == "decade":
        middle = p.year - 5 if offset < 0 else p.year + 10 * offset
        return Reading(
            f"{middle // 10:03d}",
            "relative",
            granularity="other",
            note="a trailing decade, labelled by its middle year" if offset < 0 else "",
        )
    if unit == "century":
        return Reading(f"{p.year // 100 + offset:02d}", "relative", granularity="other")
    if mod in ANAPHORIC:
        base_year, note = d.anchor_year(m.start())
        return Reading(f"{base_year + offset:04d}", "anchored", note=note, anchorable=False)
    note = "fiscal year: its calendar span depends on the company" if fiscal else ""
    return Reading(f"{p.year + offset:04d}", "fiscal" if fiscal else "relative", note=note)


def _relative_day(
    m: re.Match, d: Discourse, published: dt.date, mod: str, offset: int
) -> Reading | None:
    """ "Later in the day", "the following day", "that day": a day counted from the last day
    named nearby, else from publication."""
    if mod == "the" and not m["edge"]:
        return None  # "the day" alone is too often not a date ("the day's trading")
    anchor = d.near_anchor(m.start(), ("day",))
    base = dt.date.fromisoformat(anchor.value) if anchor else published
    day = base + dt.timedelta(days=offset)
    note = anchor_note(anchor) if anchor else "no day named nearby: counted from publication"
    return Reading(day.isoformat(), "anchored", note=note, anchorable=False)


def then(m: re.Match, d: Discourse) -> Reading | None:
    """ "Until then", "since then", "by then": the last date named in the text."""
    anchor = d.near_anchor(m.start(), ("day", "month", "year", "quarter", "season"))
    if anchor is None:
        return None
    return Reading(anchor.value, "anchored", note=anchor_note(anchor), anchorable=False)


def _relative_quarter(
    m: re.Match, d: Discourse, published: dt.date, mod: str, offset: int
) -> Reading:
    current = cal.quarter_of(published)
    if mod in ("the", "the latest"):
        return reported_quarter(d, published, m.start(), m.end())
    if mod in ANAPHORIC:
        anchor = d.latest_anchor(m.start(), ("quarter",))
        if anchor:
            base = (int(anchor.value[:4]), int(anchor.value[-1]))
            year, quarter = cal.add_quarters(*base, offset)
            return Reading(
                f"{year:04d}-Q{quarter}", "anchored", note=anchor_note(anchor), anchorable=False
            )
    year, quarter = cal.add_quarters(*current, offset)
    return Reading(f"{year:04d}-Q{quarter}", "quarter")


def _relative_week(
    m: re.Match, d: Discourse, p: dt.date, unit: str, mod: str, offset: int
) -> Reading:
    if unit == "week":
        return Reading(cal.week_value(p + dt.timedelta(days=7 * offset)), "relative")
    saturday_before = p - dt.timedelta(days=(p.weekday() - 5) % 7)
    saturday_after = p + dt.timedelta(days=(5 - p.weekday()) % 7)
    in_weekend = p.weekday() >= 5
    if mod == "this" or (in_weekend and mod in ("the", "the current")):
        day = saturday_before if in_weekend else saturday_after
    elif offset < 0:
        day = saturday_before - dt.timedelta(days=7 if in_weekend else 0)
    elif offset > 0:
        day = saturday_after + dt.timedelta(days=7 if in_weekend else 0)
    else:
        tense = d.tense(m.start(), m.end())
        past, future = cal.week_value(saturday_before, True), cal.week_value(saturday_after, True)
        if tense.tense == "future":
            return Reading(future, "relative", note="future tense: the coming weekend")
        ambiguous = tense.tense != "past"
        return Reading(
            past,
            "relative",
            ambiguous=ambiguous,
            candidates=(past, future) if ambiguous else (),
            note="past tense: the weekend before"
            if not ambiguous
            else "no clear tense: the weekend before assumed",
        )
    return Reading(cal.week_value(day, True), "relative")


UNIT_DAYS = {"day": 1, "week": 7}


def ago(m: re.Match, d: Discourse) -> Reading | None:
    """ "Three days ago", "two years earlier", "a week later", "several years ago"."""
    count, unit, direction = parse_count(m["count"]), norm(m["unit"]), norm(m["dir"])
    forward = direction in ("later", "after", "from now", "hence")
    if count is None:
        return Reading(
            "FUTURE_REF" if forward else "PAST_REF", "ref", granularity="other", anchorable=False
        )
    sign = 1 if forward else -1
    from_anchor = direction in ("earlier", "before", "later", "after", "previously")
    if unit == "year" and (from_anchor or (count == 1 and direction == "ago")):
        # "a year ago" in a results story means the reported period a year back, like
        # "a year earlier"; "five years ago" is counted from publication.
        return shift_from_anchor(d, m.start(), sign * count)
    if d.published is None:
        return unresolved(
            {"day": "XXXX-XX-XX", "week": "XXXX-XX-XX", "month": "XXXX-XX"}.get(unit, "XXXX"),
            "relative",
        )
    if from_anchor and unit in ("day", "week", "month"):
        return _shift_days_or_months(d, d.published, m.start(), unit, sign * count)
    p = d.published
    if unit in UNIT_DAYS:
        day = p + dt.timedelta(days=sign * count * UNIT_DAYS[unit])
        return Reading(day.isoformat(), "relative", anchorable=False)
    if unit == "month":
        return Reading(
            cal.month_value(*cal.add_months(p.year, p.month, sign * count)),
            "relative",
            anchorable=False,
        )
    if unit == "decade":
        return Reading(
            f"{(p.year + sign * 10 * count) // 10:03d}",
            "relative",
            granularity="other",
            anchorable=False,
        )
    return Reading(f"{p.year + sign * count:04d}", "relative", anchorable=False)


def _shift_days_or_months(d: Discourse, p: dt.date, offset: int, unit: str, count: int) -> Reading:
    """ "Two days later", "a month earlier": counted from the day (or month) named nearby; with
    none, from publication, flagged (the event it follows is not dated)."""
    anchor = d.near_anchor(offset, ("day",) if unit in UNIT_DAYS else ("day", "month"))
    if anchor:
        if unit in UNIT_DAYS:
            day = dt.date.fromisoformat(anchor.value) + dt.timedelta(days=count * UNIT_DAYS[unit])
            value = day.isoformat()
        else:
            value = cal.month_value(
                *cal.add_months(int(anchor.value[:4]), int(anchor.value[5:7]), count)
            )
        return Reading(value, "anchored", note=anchor_note(anchor), anchorable=False)
    if unit in UNIT_DAYS:
        value = (p + dt.timedelta(days=count * UNIT_DAYS[unit])).isoformat()
    else:
        value = cal.month_value(*cal.add_months(p.year, p.month, count))
    return Reading(
        value,
        "anchored",
        ambiguous=True,
        anchorable=False,
        note="no date nearby to count from: counted from publication",
    )


def year_ago_adjective(m: re.Match, d: Discourse) -> Reading:
    """ "The year-earlier quarter", "year-ago results": the reported period a year back."""
    noun = norm(m["noun"])
    if m["ordinal"]:
        anchor = d.latest_anchor(m.start(), ("quarter",))
        base = int(anchor.value[:4]) if anchor else (d.published.year if d.published else None)
        if base is None:
            return unresolved(f"XXXX-Q{QUARTER_ORDINALS[m['ordinal'].lower()]}", "anchored")
        return Reading(
            f"{base - 1:04d}-Q{QUARTER_ORDINALS[m['ordinal'].lower()]}",
            "anchored",
            anchorable=False,
        )
    if noun in ("quarter", "period") and d.published is not None:
        anchor = d.near_anchor(m.start(), ("quarter",)) or d.latest_anchor(m.start(), ("quarter",))
        quarter = anchor.value if anchor else reported_quarter(d, d.published, m.start()).value
        return Reading(
            cal.shift_value_years(quarter, -1),
            "anchored",
            anchorable=False,
            note=anchor_note(anchor) if anchor else "the reported quarter, a year back",
        )
    return shift_from_anchor(d, m.start(), -1)


def year_end(m: re.Match, d: Discourse) -> Reading:
    """ "Year-end", "the year's end": the publication year."""
    if d.published is None:
        return unresolved("XXXX", "relative")
    return Reading(f"{d.published.year:04d}", "relative", note="the end of the publication year")


__all__ = [
    "ago",
    "relative_unit",
    "shift_from_anchor",
    "then",
    "year_ago_adjective",
    "year_end",
]
