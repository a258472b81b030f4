"""Quotation marks: find the quoted stretches of an article's text, with no model.

Straight and curly double quotes both count; which way a mark faces is read from its neighbours,
so a mis-typed closing mark (``Wins“``) still closes. A quote whose paragraph ends while it is
open continues into the next paragraph when that paragraph opens with a quote mark (the press
convention for multi-paragraph quotes); otherwise it ends with its paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

from crosswire.text.paragraphs import paragraph_spans

DOUBLE_QUOTES = frozenset('"“”„')
_OPENING_CONTEXT = frozenset("([{—–-/\u00a0")
_CLOSING_CONTEXT = frozenset(",.;:!?)]}—–-…\u00a0")


@dataclass(frozen=True)
class QuotedSpan:
    """One quoted stretch: ``start`` is the opening mark, ``end`` just after the closing mark
    (or the end of the paragraph when it was never closed)."""

    start: int
    end: int
    closed: bool = True
    paragraphs: int = 1

    def inner(self, text: str) -> str:
        """The quoted words without their marks."""
        return text[self.start : self.end].strip().strip("".join(DOUBLE_QUOTES)).strip()


def mark_role(text: str, index: int, start: int, end: int) -> str:
    """``open``, ``close`` or ``either`` for the quote mark at ``index`` of a paragraph
    ``text[start:end]``, judged by the glyph and the characters on each side."""
    before = text[index - 1] if index > start else " "
    after = text[index + 1] if index + 1 < end else " "
    left_open = before.isspace() or before in _OPENING_CONTEXT or before in DOUBLE_QUOTES
    right_space = after.isspace() or after in _CLOSING_CONTEXT
    glyph = text[index]
    if glyph in "“„":
        return "close" if (right_space and not left_open) else "open"
    if glyph == "”":
        return "open" if (left_open and not right_space) else "close"
    if left_open and not right_space:
        return "open"
    if right_space and not left_open:
        return "close"
    return "either"


def _opens_with_quote(text: str, start: int, end: int) -> bool:
    return (
        start < end
        and text[start] in DOUBLE_QUOTES
        and mark_role(text, start, start, end) != "close"
    )


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Every quoted stretch in ``text``, in order, multi-paragraph quotes joined into one span."""
    paragraphs = paragraph_spans(text)
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    carried = 0  # paragraphs an open quote has run through so far
    for number, (start, end) in enumerate(paragraphs):
        index = start
        if open_at is not None:
            # A carried-over quote: this paragraph opens with a mark that continues it.
            index = start + 1
        while index < end:
            if text[index] in DOUBLE_QUOTES:
                role = mark_role(text, index, start, end)
                if open_at is None:
                    if role != "close":
                        open_at = index
                        carried = 1
                elif role != "open":
                    spans.append(QuotedSpan(open_at, index + 1, True, carried))
                    open_at = None
                else:
                    open_at = index  # the earlier mark was never closed: start again here
                    carried = 1
            index += 1
        if open_at is None:
            continue
        following = paragraphs[number + 1] if number + 1 < len(paragraphs) else None
        if following is not None and _opens_with_quote(text, *following):
            carried += 1
            continue
        spans.append(QuotedSpan(open_at, end, False, carried))
        open_at = None
    return spans
