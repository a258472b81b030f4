"""Resolvers for calendar names and publication-relative expressions: what each grammar rule's
match means against the publication date and the tense of its clause.

Cyclic names (weekday, month, month-day, season) have an occurrence before and after
publication: past tense takes the one before, future tense the one after; otherwise the nearer
one, flagged ambiguous when the other is not much farther (``choice``). Expressions counted from
an earlier date ("a year earlier", "that year") are in ``anaphora``; quarters, periods and
halves in ``periods``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from crosswire.temporal import calendar as cal
from crosswire.temporal.choice import anchor_note, choose, norm, unresolved
from crosswire.temporal.discourse import Discourse, Reading
from crosswire.temporal.lexicon import MONTHS, SEASON_ORDER, SEASONS, TENS_PLURAL, WEEKDAYS
from crosswire.temporal.numbers import parse_day, parse_year

# A past tense is overruled beyond these distances (days, months) when the other occurrence is
# less than half as far. Tuned on TimeBank: year-less dates there lie within -4..+3 months of
# publication in 82 of 89 cases; value accuracy went from 0.853 to 0.860 with the two horizons.
DAY_HORIZON = 120
MONTH_HORIZON = 6


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def year_of(match: re.Match, published: dt.date | None, group: str = "year") -> int | None:
    raw = match.groupdict().get(group)
    return parse_year(raw, published.year if published else None) if raw else None


# --- explicit dates and month names ----------------------------------------------------------


def iso_date(m: re.Match, d: Discourse) -> Reading | None:
    """ "2026-05-17" (a time after it is ignored)."""
    day = cal.safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return Reading(day.isoformat(), "calendar") if day else None


def slash_date(m: re.Match, d: Discourse) -> Reading | None:
    """ "05/04/2026": US order unless impossible; flagged when both orders are valid."""
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if y < 100:
        y = parse_year(f"'{y:02d}", d.published.year if d.published else None) or 1900 + y
    us, european = cal.safe_date(y, a, b), cal.safe_date(y, b, a)
    if us and european and a != b:
        return Reading(
            us.isoformat(),
            "calendar",
            ambiguous=True,
            candidates=(us.isoformat(), european.isoformat()),
            note="month/day or day/month order unknown; US order assumed",
        )
    day = us or european
    return Reading(day.isoformat(), "calendar") if day else None


def _weekday_fit(m: re.Match, d: Discourse, month: int, day: int) -> dt.date | None:
    """The year-less date that falls on the weekday written beside it, nearest publication."""
    published = d.published
    if not m["weekday"] or published is None:
        return None
    weekday = WEEKDAYS[m["weekday"].lower()]
    fits = [
        c
        for y in range(published.year - 1, published.year + 2)
        if (c := cal.safe_date(y, month, day)) and c.weekday() == weekday
    ]
    return min(fits, key=lambda c: abs((c - published).days)) if fits else None


def month_day(m: re.Match, d: Discourse) -> Reading | None:
    """ "May 21", "21 May 2023", "Saturday, April 25", "the 3rd of June": a day."""
    month, day = month_number(m["month"]), parse_day(m["day"])
    if day is None:
        return None
    year = year_of(m, d.published)
    if year is not None:
        date = cal.safe_date(year, month, day)
        return Reading(date.isoformat(), "calendar") if date else None
    if cal.safe_date(2000, month, day) is None:
        return None
    if d.published is None:
        return unresolved(f"XXXX-{month:02d}-{day:02d}", "month-name")
    fitted = _weekday_fit(m, d, month, day)
    if fitted:
        return Reading(fitted.isoformat(), "month-name", note="year chosen by the weekday given")
    past, future = cal.day_occurrences(d.published, month, day)
    if past is None or future is None:
        only = past or future  # neither for February 29 with no leap year within a year
        return Reading(only.isoformat(), "month-name") if only else None
    return choose(
        past.isoformat(),
        future.isoformat(),
        d.tense(m.start(), m.end()),
        (d.published - past).days,
        (future - d.published).days,
        "month-name",
        m.group(),
        horizon=DAY_HORIZON,
    )


def month_year(m: re.Match, d: Discourse) -> Reading | None:
    """ "May 2023", "October of 1984": a month."""
    year = year_of(m, d.published)
    return Reading(cal.month_value(year, month_number(m["month"])), "calendar") if year else None


def month_relative_year(m: re.Match, d: Discourse) -> Reading:
    """ "June last year", "January this year", "May of the following year"."""
    month = month_number(m["month"])
    if d.published is None:
        return unresolved(f"XXXX-{month:02d}", "month-name")
    offset = {"last": -1, "this": 0, "next": 1}.get(norm(m["rel"]).split()[-1], 0)
    if norm(m["rel"]) in ("the following", "the previous", "the same"):
        base, note = d.anchor_year(m.start())
        offset = {"the following": 1, "the previous": -1}.get(norm(m["rel"]), 0)
        return Reading(cal.month_value(base + offset, month), "anchored", note=note)
    return Reading(cal.month_value(d.published.year + offset, month), "relative")


_SENTENCE_OPENING = re.compile(r"(?:^|[.!?\"'`]\s*|\n\s*)$")


def _is_modal_or_name(m: re.Match, d: Discourse) -> bool:
    """Bare "May" as a modal ("May I …") or a surname ("Theresa May")."""
    if m["month"] != "May" or m["mod"] or m["edge"]:
        return False
    before = d.text[max(0, m.start() - 30) : m.start()]
    after = d.text[m.end() : m.end() + 20]
    if re.search(r"[A-Z][a-z]+\s+$", before) and not re.search(
        r"(?i:\b(?:in|of|since|until|by"
        r"|from|through|to)\s+)$",
        before,
    ):
        return True
    return bool(
        _SENTENCE_OPENING.search(before)
        and re.match(r"\s+(?:[a-z]|(?:I|We|You|He|She|It|They)\b)", after)
    )


def month(m: re.Match, d: Discourse) -> Reading | None:
    """ "In February", "last April", "late November", "this September": a month."""
    if _is_modal_or_name(m, d):
        return None
    number = month_number(m["month"])
    if d.published is None:
        return unresolved(f"XXXX-{number:02d}", "month-name")
    p, mod = d.published, norm(m["mod"])
    past, future = cal.month_occurrences(p, number)
    if mod in ("last", "past", "this past", "the previous"):
        year = p.year if number < p.month else p.year - 1
        return Reading(cal.month_value(year, number), "month-name", note=f"'{mod}': the one before")
    if mod in ("next", "coming", "this coming", "the following"):
        year = p.year if number > p.month else p.year + 1
        return Reading(cal.month_value(year, number), "month-name", note=f"'{mod}': the one after")
    if mod == "this":
        return Reading(cal.month_value(p.year, number), "month-name")
    months_between = (p.year * 12 + p.month) - (past[0] * 12 + past[1])
    months_ahead = (future[0] * 12 + future[1]) - (p.year * 12 + p.month)
    return choose(
        cal.month_value(*past),
        cal.month_value(*future),
        d.tense(m.start(), m.end()),
        months_between,
        months_ahead,
        "month-name",
        m["month"],
        unit="months",
        horizon=MONTH_HORIZON,
    )


# --- weekdays and days ----------------------------------------------------------------------


def weekday(m: re.Match, d: Discourse) -> Reading | None:
    """ "Sunday", "on Friday", "last Monday", "the following Tuesday": a day, by tense."""
    number = WEEKDAYS[m["weekday"].lower()]
    if d.published is None:
        return unresolved(f"XXXX-WXX-{number + 1}", "weekday")
    p, mod = d.published, norm(m["mod"])
    before, after = cal.weekday_occurrences(p, number)
    if mod in ("the previous", "the following", "the next"):
        return weekday_from_anchor(m, d, p, number, mod)
    if mod in ("last", "past", "this past"):
        return Reading(before.isoformat(), "weekday", note=f"'{mod}': the one before")
    if mod in ("next", "coming", "this coming"):
        return Reading(after.isoformat(), "weekday", note=f"'{mod}': the one after")
    if mod == "this" and number != p.weekday():
        same_week = p + dt.timedelta(days=number - p.weekday())
        return Reading(same_week.isoformat(), "weekday", note="'this': in the week of publication")
    if number == p.weekday():
        return _same_weekday(m, d, p, before, after)
    tense = d.tense(m.start(), m.end())
    reading = choose(
        before.isoformat(),
        after.isoformat(),
        tense,
        (p - before).days,
        (after - p).days,
        "weekday",
        m["weekday"],
    )
    if tense.tense in ("past", "future"):
        return reading
    # Within one week either side both occurrences stay plausible, however near one is.
    note = reading.note if reading.ambiguous else f"{reading.note}, the other is as likely"
    return dataclasses.replace(
        reading, ambiguous=True, note=note, candidates=(before.isoformat(), after.isoformat())
    )


def weekday_from_anchor(
    m: re.Match, d: Discourse, published: dt.date, number: int, mod: str
) -> Reading:
    """ "The previous Friday", "the following Monday": counted from the last day named."""
    anchor = d.latest_anchor(m.start(), ("day",))
    base = dt.date.fromisoformat(anchor.value) if anchor else published
    if mod == "the previous":
        back = (base.weekday() - number) % 7 or 7
        day = base - dt.timedelta(days=back)
    else:
        ahead = (number - base.weekday()) % 7 or 7
        day = base + dt.timedelta(days=ahead)
    note = anchor_note(anchor) if anchor else "no earlier day in the text: counted from publication"
    return Reading(day.isoformat(), "anchored", note=note, anchorable=False)


def _same_weekday(
    m: re.Match, d: Discourse, published: dt.date, before: dt.date, after: dt.date
) -> Reading:
    """A weekday naming the publication day itself: news usage means that day ("said Friday" in
    a Friday story; 46 of 46 such cases in TimeBank), but a week away stays possible unless the
    verb is in the present."""
    today = published.isoformat()
    tense = d.tense(m.start(), m.end())
    if tense.tense == "present":
        return Reading(today, "weekday", note="present tense: the publication day")
    by_tense: dict[str | None, tuple[str, ...]] = {
        "past": (before.isoformat(),),
        "future": (after.isoformat(),),
    }
    other = by_tense.get(tense.tense, (before.isoformat(), after.isoformat()))
    said = f"{tense.tense} tense ({tense.word!r})" if tense.tense else "no tense nearby"
    return Reading(
        today,
        "weekday",
        ambiguous=True,
        candidates=(today, *other),
        note=f"{said}; the publication's own weekday: taken as the publication day, "
        "a week away is possible",
    )


RELATIVE_DAYS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": -1,
    "last night": -1,
    "tomorrow": 1,
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
}


def relative_day(m: re.Match, d: Discourse) -> Reading:
    """ "Yesterday", "today", "last night", "this morning", "the day after tomorrow"."""
    if d.published is None:
        return unresolved("XXXX-XX-XX", "relative")
    offset = RELATIVE_DAYS[norm(m["word"])]
    return Reading((d.published + dt.timedelta(days=offset)).isoformat(), "relative")


# --- years, seasons, decades, references ----------------------------------------------------

MEASURE_NOUNS = frozenset(
    """
shares people troops cars units employees workers tons barrels miles feet acres votes points
members jobs homes vehicles students rooms seats copies pounds kilometers meters yards hours
""".split()
)


def year(m: re.Match, d: Discourse) -> Reading | None:
    """ "1990", "mid-1996", "fiscal 1989", "the year two thousand"; not "1990 workers"."""
    value = year_of(m, d.published)
    if value is None:
        return None
    following = re.match(r"\s+([a-z]+)", d.text[m.end() : m.end() + 20])
    if not m["fiscal"] and not m["edge"] and following and following.group(1) in MEASURE_NOUNS:
        return None
    kind = "fiscal" if m["fiscal"] and "fiscal" in norm(m["fiscal"]) else "calendar"
    note = "fiscal year: its calendar span depends on the company" if kind == "fiscal" else ""
    return Reading(f"{value:04d}", kind, note=note)


def fiscal_year_short(m: re.Match, d: Discourse) -> Reading:
    """ "FY99": the fiscal year as written."""
    value = parse_year(f"'{m['yy']}", d.published.year if d.published else None)
    return Reading(
        f"{value:04d}", "fiscal", note="fiscal year: its calendar span depends on the company"
    )


def season(m: re.Match, d: Discourse) -> Reading | None:
    """ "This summer", "last spring", "in the fall", "the winter of 1994"; not "prices fall"."""
    code = SEASONS[m["season"].lower()]
    mod = norm(m["mod"]).replace("-", " ")
    given = year_of(m, d.published)
    if given is not None:
        return Reading(f"{given:04d}-{code}", "season")
    before = d.text[max(0, m.start() - 12) : m.start()].lower()
    introduced = re.search(r"\b(?:in|during|by|until|since|over|through|for)\s+$", before)
    if not mod.strip() and not m["mod2"] and not introduced:
        return None
    if m["season"].lower() == "fall" and mod.strip() in ("", "the") and not introduced:
        return None
    if d.published is None:
        return unresolved(f"XXXX-{code}", "season")
    past, future = cal.season_occurrences(d.published, code)
    current = cal.season_of(d.published)
    mod = mod.strip()
    if mod in ("last", "this past"):
        value = past if past != current else cal.add_seasons(*current, -4)
        return Reading(f"{value[0]:04d}-{value[1]}", "season", note=f"'{mod}': the one before")
    if mod in ("next", "this coming"):
        value = future if future != current else cal.add_seasons(*current, 4)
        return Reading(f"{value[0]:04d}-{value[1]}", "season", note=f"'{mod}': the one after")
    if mod == "this":
        return Reading(f"{d.published.year:04d}-{code}", "season")
    return choose(
        f"{past[0]:04d}-{past[1]}",
        f"{future[0]:04d}-{future[1]}",
        d.tense(m.start(), m.end()),
        _season_number(current) - _season_number(past),
        _season_number(future) - _season_number(current),
        "season",
        m["season"].lower(),
        unit="seasons",
    )


def _season_number(season: tuple[int, str]) -> int:
    """Seasons counted from year 0, so that differences are distances in seasons."""
    return season[0] * 4 + SEASON_ORDER.index(season[1])


def decade(m: re.Match, d: Discourse) -> Reading:
    """ "The 1990s", "the '80s", "the nineties": TimeML ``199``."""
    if m["digits"]:
        value = m["digits"]
    elif m["short"]:
        value = "19" + m["short"]
    else:
        value = "19" + str(TENS_PLURAL[m["tens"].lower()])
    return Reading(value, "decade", granularity="other")


def century(m: re.Match, d: Discourse) -> Reading | None:
    """ "The 20th century": TimeML ``19``."""
    number = int(m["number"]) if m["number"] else parse_day(m["word"])
    if not number or number > 21:
        return None
    return Reading(f"{number - 1:02d}", "century", granularity="other")


def present_ref(m: re.Match, d: Discourse) -> Reading:
    """ "Now", "currently", "these days"."""
    return Reading("PRESENT_REF", "ref", granularity="other", anchorable=False)


def past_ref(m: re.Match, d: Discourse) -> Reading:
    """ "Recently", "the past", "in recent years"."""
    return Reading("PAST_REF", "ref", granularity="other", anchorable=False)


def future_ref(m: re.Match, d: Discourse) -> Reading:
    """ "Soon", "the future", "the near term", "coming months"."""
    return Reading("FUTURE_REF", "ref", granularity="other", anchorable=False)
