"""Metadata the input did not give explicitly: the outlet from a URL and the publication date
from a dateline or a dated mention in the text — each recorded with where it was found, so an
inferred value is always shown as inferred. (Outlets and credits named in the text:
``extract.credits``.)
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlparse

from crosswire.text.datelines import find_dateline
from crosswire.text.paragraphs import paragraphs

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"

# "May 21, 2026" / "May 21 2026" / "21 May 2026" / "2026-05-21"
_FULL_DATES = [
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(
        r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.I
    ),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<monthnum>\d\d)-(?P<day>\d\d)\b"),
]
_DAY_MONTH = [
    re.compile(r"\b(?:on|since|from)\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r"\b", re.I),
    re.compile(r"\b(?:on|since|from)\s+" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b", re.I),
]
_FUTURE_CUE = re.compile(
    r"\b(will|would|shall|scheduled|expected|due|until|by|before|next|"
    r"deadline|plans?|planned)\b[^.]{0,40}$",
    re.I,
)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def outlet_from_url(url: str | None) -> str | None:
    """The site's domain without ``www.``: a fair name for the outlet when nothing better is
    given."""
    if not url:
        return None
    host = urlparse(url).hostname
    if not host or "." not in host:
        return None
    return host[4:] if host.startswith("www.") else host


def parse_date(value: str) -> str | None:
    """An explicit date field (ISO or a common written form) → ``YYYY-MM-DD``."""
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    found = find_full_dates(value)
    if found:
        return found[0][0].isoformat()
    return None


def find_full_dates(text: str) -> list[tuple[date, int, int]]:
    """Every complete calendar date written in ``text``, with its span."""
    found = []
    for pattern in _FULL_DATES:
        for match in pattern.finditer(text):
            parsed = _to_date(match)
            if parsed is not None:
                found.append((parsed, match.start(), match.end()))
    return sorted(found, key=lambda item: item[1])


def _to_date(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    month = int(groups["monthnum"]) if groups.get("monthnum") else MONTHS[groups["month"].lower()]
    try:
        return date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None


def date_from_text(text: str) -> tuple[str, str, str] | None:
    """(YYYY-MM-DD, source, evidence) for an article whose date was not given, or None.

    A date in the dateline wins. Otherwise the latest complete date mentioned in the text that is
    not announced as future ("will meet on June 2, 2026"): news reports past events, so the latest
    such date is the closest to publication. Failing that, a day and month ("on 20 May") with the
    one (non-future) year the text mentions.
    """
    lines = paragraphs(text, strip=False)
    if lines:
        dateline = find_dateline(lines[0], strict=False)
        if dateline:
            dates = find_full_dates(dateline.head)
            if dates:
                return dates[0][0].isoformat(), "dateline", dateline.head.strip()
    candidates = [
        (d, s, e)
        for d, s, e in find_full_dates(text)
        if not _FUTURE_CUE.search(text[max(0, s - 60) : s])
    ]
    if candidates:
        best = max(candidates, key=lambda item: (item[0], -item[1]))
        return best[0].isoformat(), "text", _context(text, best[1], best[2])
    year = _single_past_year(text)
    if year is not None:
        for pattern in _DAY_MONTH:
            for match in pattern.finditer(text):
                try:
                    found = date(
                        year, MONTHS[match.group("month").lower()], int(match.group("day"))
                    )
                except ValueError:
                    continue
                evidence = (
                    f"{_context(text, match.start(), match.end())} (year {year} from the text)"
                )
                return found.isoformat(), "text", evidence
    return None


def _single_past_year(text: str) -> int | None:
    """The one year the text mentions, ignoring years announced as future ("open in 2029");
    None when there is no such year or several disagree — then no date is guessed."""
    years = {
        int(m.group(1))
        for m in _YEAR.finditer(text)
        if not _FUTURE_CUE.search(text[max(0, m.start() - 60) : m.start()])
    }
    return years.pop() if len(years) == 1 else None


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    """The sentence-ish stretch around a span, for showing where a date was read."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    left = max(left + 1, start - width)
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min([*right_candidates, end + width, len(text)])
    return text[left : right + 1].strip()
