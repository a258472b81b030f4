"""Word tokens: every tokeniser the stages use, built from one character-class pattern here.

- ``words``: runs of word characters (``\\w``: letters and digits of any script, and "_"),
  lower-cased; ``keep`` adds characters that stay inside a word (apostrophes for the ledger's
  "didn't", hyphens for a speaker's "vice-president", "&" for a name's "AT&T").
- ``ascii_words``: runs of a–z only (and 0–9 when asked), where a digit or an accented letter
  ends a word: for matching English word lists.
- ``tokens``: words and numbers with "n't" split off, the tokens polarity cues, stance terms and
  denials are read in.
- ``numbers``: the numbers written in digits, as the summary and stance features compare them.
"""

from __future__ import annotations

import re

#: A word of ``tokens``: letters with at most one apostrophe inside ("don't", "O'Brien").
_TOKEN_WORD = r"[A-Za-z]+(?:['’][a-z]+)?"
#: A number of ``tokens``, with its thousands or decimal separators ("1,200", "3.5").
_TOKEN_NUMBER = r"\d+(?:[.,]\d+)*"


def _runs(characters: str, text: str) -> list[str]:
    return re.findall(f"[{characters}]+", text)


def words(text: str, keep: str = "", lower: bool = True) -> list[str]:
    """Runs of word characters in ``text`` (lower-cased unless ``lower`` is false), with the
    characters in ``keep`` counted as part of a word."""
    return _runs(r"\w" + re.escape(keep), text.lower() if lower else text)


def ascii_words(text: str, digits: bool = False) -> list[str]:
    """Lower-cased runs of the letters a–z (and 0–9 with ``digits``) in ``text``."""
    return _runs("a-z0-9" if digits else "a-z", text.lower())


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, with "n't" split off as its own token."""
    found = []
    for word in re.findall(_TOKEN_WORD + "|" + _TOKEN_NUMBER, text):
        lowered = word.lower().replace("’", "'")
        if lowered.endswith("n't") and len(lowered) > 3:
            found.extend([lowered[:-3], "n't"])
        else:
            found.append(lowered)
    return found


def numbers(text: str) -> set[str]:
    """The numbers written in digits in ``text``, thousands separators dropped ("1,200" and
    "1200" are one number; "3.5" keeps its point)."""
    return {n.replace(",", "") for n in re.findall(_TOKEN_NUMBER, text)}
