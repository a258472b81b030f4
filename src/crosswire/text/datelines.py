"""Datelines: the place, date and agency that open a report ("CHENNAI, India (Meridian Press) —",
"WASHINGTON (AP) --", "ROTTERDAM, May 21 (MP) —", "CHENNAI: ").

Two strictness settings, kept apart on purpose:

- ``strict=False`` (provenance: the outlet and date read from an article's first paragraph):
  any head that starts with a capital, up to 90 characters, ended by a dash with a space after
  it ("Hiroshima, Japan CNN —"). What it finds is checked again: the outlet must be an agency in
  brackets or trailing capitals, the date a complete date.
- ``strict=True`` (attribution and summaries, at every paragraph start): the place in capitals
  (WASHINGTON, ST. LOUIS), then optionally a state, a date and an agency, ended by a dash or a
  colon, spaced or not (so "US-China talks" opens with the dateline "US": summaries ask for a
  colon or a spaced dash on top). A paragraph taken for a dateline hides the speaker it names,
  and the PolNeAR attribution figures were measured with exactly this pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosswire.text.paragraphs import paragraph_spans

#: The dashes a dateline may end with.
DASH = r"(?:—|–|--|-)"

_LOOSE = re.compile(r"^(?P<head>[A-Z][^\n]{1,90}?)\s*" + DASH + r"\s+(?=\S)", re.MULTILINE)
_STRICT = re.compile(
    r"^(?P<head>(?:[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+)*)"  # WASHINGTON, NEW YORK, ST. LOUIS
    r"(?:,\s+[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)*)?"  # , Iowa / , N.H.
    r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?)?"  # , May 22, 2026
    r"(?:\s*\([A-Za-z .&]+\))?)"  # (AP) / (Reuters)
    r"\s*(?:—|–|--|-|:)\s*",
    re.MULTILINE,  # anchored at each paragraph start (``match`` is given its position)
)


@dataclass(frozen=True)
class Dateline:
    """A dateline found in a text: its head (place, date, agency) and where the report begins."""

    head: str
    end: int


def find_dateline(
    text: str, start: int = 0, end: int | None = None, *, strict: bool
) -> Dateline | None:
    """The dateline opening ``text[start:end]``, or None when it does not open with one (see the
    module docstring for ``strict``)."""
    end = len(text) if end is None else end
    if not strict:
        match = _LOOSE.match(text, start, end)
        return Dateline(match.group("head"), match.end()) if match else None
    match = _STRICT.match(text, start, end)
    if match and match.end() < end and any(c.isupper() for c in match.group(0)[:2]):
        place = re.match(r"[A-Z][A-Z.'’\- ]+", match.group(0))
        if place and len(place.group(0).strip()) >= 2:
            return Dateline(match.group("head"), match.end())
    return None


def find_datelines(text: str) -> list[tuple[int, int]]:
    """Spans of the strict datelines ("WASHINGTON (AP) —", "DES MOINES, Iowa —") opening a
    paragraph."""
    spans = []
    for start, end in paragraph_spans(text):
        found = find_dateline(text, start, end, strict=True)
        if found is not None:
            spans.append((start, found.end))
    return spans
