"""Cleaning: page furniture out of the article text, with an audit of every removed line.

Rules are line rules: a line (paragraph) is removed when it is, as a whole, a promo, navigation,
share/subscribe prompt, media placeholder or photo credit. Every rule has a name that is stored
with the removed line, so a reader can see why text is missing. A paragraph repeated inside one
article is removed (the first copy stays) and reported; doubled words are reported, not changed.
"""

from __future__ import annotations

import re

from crosswire.extract.furniture import furniture_reason
from crosswire.records import RemovedLine, TextIssue
from crosswire.text.normalise import normalise_text
from crosswire.text.paragraphs import paragraphs

# Doubled words that are often right ("had had", "that that") are not reported.
_LEGIT_DOUBLES = {
    "had",
    "that",
    "is",
    "do",
    "very",
    "no",
    "bye",
    "far",
    "so",
    "knock",
    "blah",
    "ha",
    "yes",
    "tut",
    "go",
    "bora",
    "chop",
    "choo",
}
_DOUBLED = re.compile(r"\b(\w+)\s+(\1)\b", re.IGNORECASE)


def clean_text(text: str) -> tuple[str, tuple[RemovedLine, ...], tuple[TextIssue, ...]]:
    """Remove furniture lines and repeated paragraphs; report doubled words.

    Table rows stay (a results table is part of the report) but a layout table, one holding the
    whole article in a single cell, is unwrapped to its text. Returns the cleaned text
    (paragraphs separated by a blank line), the removed lines with their reasons, and the issues
    noticed in the kept text.
    """
    kept: list[str] = []
    removed: list[RemovedLine] = []
    seen: set[str] = set()
    for paragraph in paragraphs(text):
        paragraph, table_reason = unwrap_table_row(paragraph)
        reason = table_reason or furniture_reason(paragraph)
        if reason is not None:
            removed.append(RemovedLine(paragraph, reason))
            continue
        key = normalise_text(paragraph).lower()
        if key in seen and is_prose(paragraph) and len(paragraph.split()) >= 8:
            removed.append(RemovedLine(paragraph, "repeated paragraph (kept its first copy)"))
            continue
        seen.add(key)
        kept.append(paragraph)
    cleaned = "\n\n".join(kept)
    return cleaned, tuple(removed), find_doubled_words(cleaned)


_TABLE_ROW = re.compile(r"^\|.*\|$")
_TABLE_RULE = re.compile(r"^\|(\s*:?-{3,}:?\s*\|)+$")
_LIST_ITEM = re.compile(r"^([-*•▪–]|\d{1,3}[.)])\s")


def unwrap_table_row(paragraph: str) -> tuple[str, str | None]:
    """A table row as trafilatura writes it ("| a | b |"): the ruler row under a header is markup
    (returned with a removal reason); a row with a single non-empty cell is a layout table's cell,
    returned as plain text; any other row is kept as it is."""
    if not _TABLE_ROW.match(paragraph):
        return paragraph, None
    if _TABLE_RULE.match(paragraph.replace(" ", "")):
        return paragraph, "table ruler line"
    cells = [cell.strip() for cell in paragraph.strip("|").split("|")]
    filled = [cell for cell in cells if cell]
    if len(filled) == 1:
        return filled[0], None
    return paragraph, None


def is_prose(paragraph: str) -> bool:
    """Table rows and list items repeat legitimately (a header row per table, the same feature
    in two product lists); only a repeated prose paragraph is a duplicated passage."""
    return not (_TABLE_ROW.match(paragraph) or _LIST_ITEM.match(paragraph))


def find_doubled_words(text: str) -> tuple[TextIssue, ...]:
    """Words written twice in a row by mistake ("the the"), with their spans."""
    issues = []
    for match in _DOUBLED.finditer(text):
        word = match.group(1)
        if word.lower() in _LEGIT_DOUBLES or word.isdigit():
            continue
        issues.append(TextIssue("doubled word", match.group(0), match.start(), match.end()))
    return tuple(issues)
