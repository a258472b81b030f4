"""Paragraphs: a newline ends one. Cleaning writes an article's paragraphs one blank line apart,
and inputs (gold data, raw text files) may put them one newline apart, so every newline counts
and blank lines carry no meaning of their own."""

from __future__ import annotations


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
