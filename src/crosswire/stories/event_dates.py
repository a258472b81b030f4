"""When the events a report tells of happened, as clustering evidence: not its publication date.

An undated article's publication date is left empty unless the text fixes it
(``extract.dating``), but the dates a report mentions still say which event it is about: two
earthquakes of one region years apart, two arrests of one person. For clustering only, an
article without a publication day is placed at the latest complete date its text mentions that
is not announced as future (a dateline's date first), or a "day month" with the one past year
the text names. It is weak evidence: the gap penalty for an inferred date is capped
(``ClusterConfig``), so it can tip a borderline link but never split a story by itself.

Measured: ECB+ topics 1–35, BCubed F1 0.946 with these dates against 0.932 without (the two
halves of a topic are similar events in different years, told apart mostly by the dates the
texts mention).
"""

from __future__ import annotations

import re
from datetime import date

from crosswire.extract.metadata import MONTH_PATTERN, MONTHS, find_full_dates
from crosswire.text.datelines import find_dateline
from crosswire.text.paragraphs import paragraphs

_DAY_MONTH = [
    re.compile(
        r"\b(?:on|since|from)\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + MONTH_PATTERN + r"\b", re.I
    ),
    re.compile(
        r"\b(?:on|since|from)\s+" + MONTH_PATTERN + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b", re.I
    ),
]
#: Words shortly before a date that announce it as future ("will meet on June 2, 2026").
_FUTURE_CUE = re.compile(
    r"\b(will|would|shall|scheduled|expected|due|until|by|before|next|"
    r"deadline|plans?|planned)\b[^.]{0,40}$",
    re.I,
)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def reported_day(text: str) -> date | None:
    """The day the report's latest past event happened, as far as its text says (module
    docstring), or None."""
    lines = paragraphs(text, strip=False)
    if lines:
        dateline = find_dateline(lines[0], strict=False)
        if dateline:
            dates = find_full_dates(dateline.head)
            if dates:
                return dates[0][0]
    past = [d for d, start, _ in find_full_dates(text) if not _future(text, start)]
    if past:
        return max(past)
    year = _single_past_year(text)
    if year is None:
        return None
    for pattern in _DAY_MONTH:
        for match in pattern.finditer(text):
            try:
                return date(year, MONTHS[match.group("month").lower()], int(match.group("day")))
            except ValueError:
                continue
    return None


def _future(text: str, start: int) -> bool:
    return bool(_FUTURE_CUE.search(text[max(0, start - 60) : start]))


def _single_past_year(text: str) -> int | None:
    """The one year the text names outside future phrases; None when none or several."""
    years = {int(m.group(1)) for m in _YEAR.finditer(text) if not _future(text, m.start())}
    return years.pop() if len(years) == 1 else None
