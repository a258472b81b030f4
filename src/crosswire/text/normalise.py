"""Normalised text: the form ids are made from and texts are compared in."""

from __future__ import annotations

import re
import unicodedata

from crosswire.text.tokens import words


def normalise_text(text: str) -> str:
    """Unicode NFC, no-break spaces as spaces, collapsed whitespace: the text an id is made from.

    Article ids and embedding-cache keys are hashes of this form, so it must never change."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def loose_key(text: str) -> str:
    """A text up to case, punctuation and spacing: its lower-cased words, one space apart (exact
    copies in dedup, the same quoted words in conflicts)."""
    return " ".join(words(text))


def ascii_fold(text: str) -> str:
    """Accents dropped (Gérard → Gerard); letters with no ASCII base (Ł, ß) dropped as well."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
