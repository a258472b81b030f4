"""Calendar arithmetic and TimeML value strings (``2026-05-17``, ``2026-W21``, ``2026-Q1`` …).

Cyclic names (a weekday, a month, a quarter, a season) are resolved by listing their occurrence
just before and just after the publication date; which one is meant is the resolver's choice.
"""

from __future__ import annotations

import datetime as dt
import re

from crosswire.temporal.lexicon import SEASON_OF_MONTH, SEASON_ORDER


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def week_value(day: dt.date, weekend: bool = False) -> str:
    """ISO week of a day, as TimeML writes it (``1998-W08``, ``1998-W08-WE`` for its weekend)."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}" + ("-WE" if weekend else "")


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def season_of(day: dt.date) -> tuple[int, str]:
    """(year, season) of a day; December counts as the winter of the following year."""
    season = SEASON_OF_MONTH[day.month]
    return (day.year + 1 if day.month == 12 else day.year), season


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def add_quarters(year: int, quarter: int, delta: int) -> tuple[int, int]:
    index = year * 4 + (quarter - 1) + delta
    return index // 4, index % 4 + 1


def add_seasons(year: int, season: str, delta: int) -> tuple[int, str]:
    index = year * 4 + SEASON_ORDER.index(season) + delta
    return index // 4, SEASON_ORDER[index % 4]


def add_years_to_day(day: dt.date, delta: int) -> dt.date:
    """The same day ``delta`` years away; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + delta)
    except ValueError:
        return day.replace(year=day.year + delta, day=28)


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def weekday_occurrences(published: dt.date, weekday: int) -> tuple[dt.date, dt.date]:
    """The named weekday strictly before and strictly after the publication date."""
    back = (published.weekday() - weekday) % 7 or 7
    ahead = (weekday - published.weekday()) % 7 or 7
    return published - dt.timedelta(days=back), published + dt.timedelta(days=ahead)


def month_occurrences(published: dt.date, month: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """The named month at or before, and at or after, the publication month."""
    year = published.year
    past = (year, month) if month <= published.month else (year - 1, month)
    future = (year, month) if month >= published.month else (year + 1, month)
    return past, future


def day_occurrences(
    published: dt.date, month: int, day: int
) -> tuple[dt.date | None, dt.date | None]:
    """A year-less month and day at or before, and at or after, the publication date."""
    past = future = None
    for year in (published.year - 1, published.year, published.year + 1):
        candidate = safe_date(year, month, day)
        if candidate is None:
            continue
        if candidate <= published:
            past = candidate
        if candidate >= published and future is None:
            future = candidate
    return past, future


def quarter_occurrences(
    published: dt.date, quarter: int
) -> tuple[tuple[int, int], tuple[int, int]]:
    year, current = quarter_of(published)
    past = (year, quarter) if quarter <= current else (year - 1, quarter)
    future = (year, quarter) if quarter >= current else (year + 1, quarter)
    return past, future


def season_occurrences(published: dt.date, season: str) -> tuple[tuple[int, str], tuple[int, str]]:
    year, current = season_of(published)
    offset = SEASON_ORDER.index(season) - SEASON_ORDER.index(current)
    if offset == 0:
        return (year, season), (year, season)
    past = add_seasons(year, current, offset if offset < 0 else offset - 4)
    future = add_seasons(year, current, offset if offset > 0 else offset + 4)
    return past, future


_LEADING_YEAR = re.compile(r"^(\d{4})(.*)$")


def shift_value_years(value: str, delta: int) -> str:
    """Move a TimeML value by whole years, keeping its granularity (``1989-Q3`` → ``1988-Q3``)."""
    day = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", value)
    if day:
        shifted = add_years_to_day(dt.date(*map(int, day.groups())), delta)
        return shifted.isoformat()
    week = re.fullmatch(r"(\d{4})-W(\d\d)(.*)", value)
    if week:
        year, number = int(week.group(1)) + delta, min(int(week.group(2)), 52)
        return f"{year:04d}-W{number:02d}{week.group(3)}"
    match = _LEADING_YEAR.match(value)
    if not match:
        return value
    return f"{int(match.group(1)) + delta:04d}{match.group(2)}"


def granularity_of(value: str) -> str:
    """day, month, year, week, season, quarter or other, read off a TimeML value (X digits of
    an unresolved value count as digits: ``XXXX-05`` is a month)."""
    value = value.replace("X", "0")
    if re.fullmatch(r"\d{4}-\d\d-\d\d|\d{4}-W\d\d-\d", value):
        return "day"
    if re.fullmatch(r"\d{4}-\d\d", value):
        return "month"
    if re.fullmatch(r"\d{4}", value):
        return "year"
    if re.fullmatch(r"\d{4}-W\d\d(-WE)?", value):
        return "week"
    if re.fullmatch(r"\d{4}-(SP|SU|FA|WI)", value):
        return "season"
    if re.fullmatch(r"\d{4}-Q\d", value):
        return "quarter"
    return "other"
