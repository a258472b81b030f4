"""Paragraphs: a newline ends one. Cleaning writes an article's paragraphs one blank line apart,
and inputs (gold data, raw text files) may put them one newline apart, so every newline counts
and blank lines carry no meaning of their own."""

from __future__ import annotations

import re


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank paragraph in ``text``, without its surrounding spaces."""
    spans = []
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = position + (len(line) - len(line.lstrip()))
            spans.append((start, start + len(stripped)))
        position += len(line) + 1
    return spans


def paragraphs(text: str, strip: bool = True) -> list[str]:
    """The non-blank paragraphs of ``text``, stripped of surrounding spaces unless ``strip`` is
    false (metadata matches a dateline against the first line as written: an indented first line
    opens no dateline there)."""
    return [p.strip() if strip else p for p in text.split("\n") if p.strip()]


#: Most characters of one paragraph given to spaCy at once; a longer paragraph is split into
#: pieces at sentence ends. spaCy's own limit is 1,000,000 characters, and it estimates its
#: parser and NER at about 1 GB per 100,000; news paragraphs are a few hundred characters, and
#: 20,000 (about 200 MB by that estimate) holds the longest seen in the Multi-News sample but one.
MAX_PIECE_CHARS = 20_000
#: Most tokens (words and marks) of one article that are analysed: sentences, entities, quotes,
#: dates, everything after extraction. A 10,000-word feature has about 12,000, and Multi-News's
#: longest of 690 articles 9,570; a text past this is a dump or a broken page. Each token costs
#: the parsers about 0.2 ms on a busy core and each sentence the encoder about 20 ms, so this
#: keeps one article's analysis near 30 s at worst (bench/pathological.py; issue #11).
MAX_ANALYSED_TOKENS = 12_000
#: Most characters analysed, for text whose tokens are long (a 5 MB "word").
MAX_ANALYSED_CHARS = 100_000

_TOKEN = re.compile(r"\w+|[^\w\s]|\n")
_SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*\s")


def analysed_end(
    text: str, max_tokens: int = MAX_ANALYSED_TOKENS, max_chars: int = MAX_ANALYSED_CHARS
) -> int:
    """Where the analysed part of ``text`` ends: ``len(text)`` when it is within both budgets,
    else the last paragraph end (or sentence end, or space) in the second half of the part that
    fits, so a cut rarely falls inside a sentence."""
    limit = min(len(text), max_chars)
    for count, match in enumerate(_TOKEN.finditer(text, 0, limit), start=1):
        if count > max_tokens:
            limit = match.start()
            break
    if limit >= len(text):
        return len(text)
    paragraph_end = text.rfind("\n", limit // 2, limit)
    return paragraph_end if paragraph_end > 0 else _cut(text, 0, limit)


def pieces(
    text: str, start: int, end: int, max_chars: int = MAX_PIECE_CHARS
) -> list[tuple[int, int]]:
    """``text[start:end]`` as (start, end) pieces of at most ``max_chars``, cut at a sentence
    end where the second half of a piece has one, else at a space, else anywhere. Each piece is
    at least half the limit long, so the whole is cut in linear time."""
    found = []
    while end - start > max_chars:
        cut = _cut(text, start, start + max_chars)
        found.append((start, cut))
        start = cut
    found.append((start, end))
    return found


def _cut(text: str, start: int, limit: int) -> int:
    """The last sentence end, else the last space, in ``text[middle:limit]`` (where ``middle``
    is halfway from ``start``); ``limit`` itself when there is neither."""
    middle = start + (limit - start) // 2
    ends = [match.end() for match in _SENTENCE_END.finditer(text, middle, limit)]
    if ends:
        return ends[-1]
    space = max(text.rfind(" ", middle, limit), text.rfind("\t", middle, limit))
    return space + 1 if space > middle else limit


def analysis_notes(text: str) -> list[str]:
    """What the analysis left out of or split in ``text``, in words for the briefing."""
    notes = []
    end = analysed_end(text)
    if end < len(text):
        notes.append(
            f"only the first {end:,} of {len(text):,} characters were analysed (the limit is "
            f"{MAX_ANALYSED_TOKENS:,} words and marks, {MAX_ANALYSED_CHARS:,} characters); "
            "split the text into articles to analyse all of it"
        )
    longest = max((e - s for s, e in paragraph_spans(text[:end])), default=0)
    if longest > MAX_PIECE_CHARS:
        notes.append(
            f"a paragraph of {longest:,} characters was split into pieces of at most "
            f"{MAX_PIECE_CHARS:,} for sentence analysis"
        )
    return notes
