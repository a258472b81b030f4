"""Stems: a word cut to the part its inflected forms share, so "signed" meets "signing".

Two cutters, kept apart on purpose:

- ``stem(word, strip=...)`` strips the longest of a list of endings. Conflicts strip verb and
  noun inflections (``INFLECTIONS``: a denial's "signing" must meet a claim's "signed"); entity
  resolution strips only plural and possessive endings (``PLURAL``) from the words of a title
  ("the port chiefs", "the chief's office"): they are nouns, and the inflection cuts would part
  them ("king" → "k" but "kings" → "king").
- ``short_stem`` strips one common suffix and cuts the rest to six letters. It makes the
  stance model's term features: the shipped model (``data/stance_model.json``) was trained on
  exactly these stems, so change it only together with a retrained model.
"""

from __future__ import annotations

import re

#: Endings conflicts strip: "signing"/"signed"/"signs" → "sign", "agrees" → "agre".
INFLECTIONS = ("ing", "ed", "es", "s")
#: Endings entity resolution strips from title words: "chiefs"/"chief's" → "chief".
PLURAL = ("'s", "’s", "s")
#: Stance stems are cut to this many letters, a cheap stand-in for a stemmer that matches
#: "threatened"/"threats" and "president"/"presidency" (not tuned).
STEM_LENGTH = 6


def stem(word: str, strip: tuple[str, ...] = INFLECTIONS) -> str:
    """``word`` without the longest of the ``strip`` endings it ends with (if any)."""
    return re.sub("(" + "|".join(map(re.escape, strip)) + ")$", "", word)


def short_stem(word: str, length: int = STEM_LENGTH) -> str:
    """A crude stem: one common suffix stripped, then cut to ``length`` letters."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: len(word) - len(suffix)] + keep
            break
    return word[:length]
