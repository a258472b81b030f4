"""Whether a line of bare text is a headline: the first line of a pasted article often is, and
often is not (the lead pasted without its headline, a dateline, a live-blog banner)."""

from __future__ import annotations

import re

from crosswire.text.datelines import find_dateline

#: Headlines and decks run 8–17 words on the extraction benchmark; a longer line is the lead.
HEADLINE_MAX_WORDS = 20
#: A headline may carry a full stop (some archives add one); only a short line is read so.
HEADLINE_WITH_STOP_MAX_WORDS = 14
_DATE_ONLY = re.compile(
    r"^\W*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:[a-z]{3,9}\.?\s+\d{1,2},?\s+"
    r"\d{4}|\d{1,2}\s+[a-z]{3,9}\.?\s+\d{4}|\d{4}-\d\d-\d\d)\W*$",
    re.IGNORECASE,
)
#: A line ending like this is a sentence, not a headline (closing quotes and brackets ignored).
SENTENCE_END = re.compile(r"[.!:;,…][\"'”’»)\]]*$")
#: A sentence end: a full stop, question or exclamation mark, closing quotes, a space and a
#: capital or digit.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])([\"'”’)]*)\s+(?=[\"'“‘(]?[A-Z0-9])")
#: Words written with a full stop that ends no sentence: titles and month abbreviations.
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof rep reps sen gov lt gen col capt sgt st mt jr sr rev hon vs inc co corp "
    "ltd jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (a line), with its closing quote. An abbreviation's full
    stop ends none: "Rep. Jane Roe", "J. Smith", "Jan. 5", "the U.S. Senate"."""
    text = text.strip()
    for match in _SENTENCE_BREAK.finditer(text):
        word = text[: match.start()].rsplit(None, 1)[-1].rstrip(".")
        if word.lower() in ABBREVIATIONS or re.fullmatch(r"[A-Z]|\w+(?:\.\w+)+", word):
            continue
        return text[: match.end(1)]
    return text


def looks_like_headline(line: str) -> bool:
    """A short line that opens no dateline and does not read as a sentence (one closing full
    stop allowed on a shorter line)."""
    line = line.strip().lstrip("# ").strip()
    words = line.split()
    if not words or len(words) > HEADLINE_MAX_WORDS or find_dateline(line, strict=False):
        return False
    # Two sentences, a dateline alone on its line, or a bare date are no headline.
    if first_sentence(line) != line or re.search(r"[—–-]\s*$", line) or _DATE_ONLY.match(line):
        return False
    if SENTENCE_END.search(line):
        return line.endswith(".") and len(words) <= HEADLINE_WITH_STOP_MAX_WORDS
    return True
