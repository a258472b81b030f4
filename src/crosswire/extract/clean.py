"""Cleaning: page furniture out of the article text, with an audit of every removed line.

Rules are line rules: a line (paragraph) is removed when it is, as a whole, a promo, navigation,
share/subscribe prompt, media placeholder or photo credit. Every rule has a name that is stored
with the removed line, so a reader can see why text is missing. A paragraph repeated inside one
article is removed (the first copy stays) and reported; doubled words are reported, not changed.
A first paragraph that the second restates (a standfirst, a headline or a caption the lead
paraphrases) is taken out as ``repeated_lead``: analysed twice, it would count as two sentences
agreeing with each other.
"""

from __future__ import annotations

import re

from crosswire.extract.furniture import furniture_reason
from crosswire.records import RemovedLine, TextIssue
from crosswire.text.datelines import find_dateline
from crosswire.text.normalise import normalise_text
from crosswire.text.paragraphs import paragraphs
from crosswire.text.stems import short_stem
from crosswire.text.stopwords import STOPWORDS
from crosswire.text.tokens import words

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
    removed_before_lead = 0
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
        if not kept:
            removed_before_lead = len(removed)
        kept.append(paragraph)
    if len(kept) >= 2 and repeated_lead_share(kept[0], kept[1]) is not None:
        reason = "repeated_lead: the next paragraph restates it"
        removed.insert(removed_before_lead, RemovedLine(kept.pop(0), reason))
    cleaned = "\n\n".join(kept)
    return cleaned, tuple(removed), find_doubled_words(cleaned)


#: A first paragraph restates the second when at least this share of its content words (stems,
#: stopwords and numbers left out) are in the second. Chosen on the tuning half of the Multi-News
#: sample's raw documents (SHA-256 of the document text even; 310 with two paragraphs or more
#: after cleaning, 93 of them opening with a short sentence-like paragraph): the one standfirst
#: scores 0.91, a deck-like sentence and a shop prompt 0.50, ordinary leads at most 0.44. On the
#: check half (324 documents, 92 candidates) it fires on 2 (0.6%), read: both photo captions the
#: lead restates, no ordinary lead. On the extraction benchmark it fires on 1 of 120 pages (a
#: deck the gold keeps: tuning-half F1 0.9723 -> 0.9722).
REPEATED_LEAD_SHARE = 0.6
#: A standfirst is short: longer first paragraphs are the lead itself (tuning half: standfirsts
#: and captions 4–40 words).
REPEATED_LEAD_MAX_WORDS = 45
#: Fewer content words than this make the share noise (a two-word heading).
REPEATED_LEAD_MIN_CONTENT = 3


#: A standfirst or caption ends like a sentence; a line that does not is a headline, which is the
#: title's business (``article.strip_headlines`` for HTML; a bare text's first line is its title).
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")


def content_stems(text: str) -> set[str]:
    """The stems of the words that say what a paragraph is about."""
    return {
        short_stem(word)
        for word in words(text)
        if word not in STOPWORDS and not word.isdigit() and len(word) > 2
    }


def repeated_lead_share(first: str, second: str) -> float | None:
    """The share of ``first``'s content words found in ``second`` when ``first`` is a short
    paragraph the next one restates; None otherwise. A first paragraph opening with a dateline
    is the report's lead, never a standfirst; one as long as the second is not a summary of it;
    one not ending like a sentence is a headline, left to the title."""
    length = len(first.split())
    if length > REPEATED_LEAD_MAX_WORDS or length >= len(second.split()):
        return None
    if not _ENDS_SENTENCE.search(first):
        return None
    if find_dateline(first, strict=True) is not None:
        return None
    ours = content_stems(first)
    if len(ours) < REPEATED_LEAD_MIN_CONTENT:
        return None
    share = len(ours & content_stems(second)) / len(ours)
    return share if share >= REPEATED_LEAD_SHARE else None


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
