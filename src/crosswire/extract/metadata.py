"""Metadata fields read as given: an explicit date field in any common written form, complete
dates written in a text, and the outlet a URL's domain names. (Outlets and credits named in the
text: ``extract.credits``; the publication date of bare text: ``extract.dating``.)
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlparse

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
#: A month name or abbreviation, with an optional full stop, as the named group ``month``.
MONTH_PATTERN = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"

# "May 21, 2026" / "May 21 2026" / "21 May 2026" / "2026-05-21"
_FULL_DATES = [
    re.compile(
        MONTH_PATTERN + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I
    ),
    re.compile(
        r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+"
        + MONTH_PATTERN
        + r",?\s+(?P<year>(?:19|20)\d\d)\b",
        re.I,
    ),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<monthnum>\d\d)-(?P<day>\d\d)\b"),
]


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
