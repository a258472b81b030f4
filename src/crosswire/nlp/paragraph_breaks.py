"""A spaCy component that starts a sentence at every paragraph, so the parser never joins a
headline or a quote paragraph to the next one."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

PARAGRAPH_BREAKS = "crosswire_paragraph_breaks"


@Language.component(PARAGRAPH_BREAKS)
def mark_paragraph_starts(doc: Doc) -> Doc:
    """Mark the first token after a newline as a sentence start (the parser keeps preset starts)."""
    for token in doc[:-1]:
        if "\n" in token.text_with_ws and not doc[token.i + 1].is_space:
            doc[token.i + 1].is_sent_start = True
    return doc
