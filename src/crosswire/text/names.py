"""Name keys: a name reduced to the form two mentions of it are compared in.

Two styles, kept apart on purpose because each is baked into results:

- ``"entity"`` (entity resolution, alias tables): Unicode NFC; a trailing possessive ("'s" or a
  bare "'") and a leading "the" dropped; "&" and "-" stay inside a word, so "AT&T" and
  "Jean-Pierre" stay one word. Alias files are looked up by this key and entity ids are made
  from it, so a change would orphan users' aliases and renumber entities.
- ``"story"`` (story clustering's entity overlap): every "'s" dropped and any other character
  that is not a word character splits words ("AT&T" → "at t"). The clustering settings were
  tuned on ECB+ with this key.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from crosswire.text.tokens import words


def name_key(text: str, style: Literal["entity", "story"] = "entity") -> str:
    """Names compared loosely: case, punctuation, a possessive and a leading "the" ignored (see
    the module docstring for what each ``style`` keeps)."""
    if style == "story":
        text = re.sub(r"['’]s\b", "", text.lower())
        text = re.sub(r"^the\s+", "", text)
        return " ".join(words(text, lower=False))
    text = unicodedata.normalize("NFC", text).strip()
    text = re.sub(r"['’]s?$", "", text)
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    return " ".join(words(text, keep="&-"))
