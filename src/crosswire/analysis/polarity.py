"""Polarity cues in news sentences: denials, falsity, hedging, assertion and negation.

Cue words are found by small hand-written patterns (no model), so every hit can be shown to a
reader with its span. The stance stage counts them near the sentences that match a claim; the
facts and conflicts stages use the same finders to tell a claim from its denial.

Families:

- ``denial``: someone rejects a claim ("denied", "dismissed the report", "refuted").
- ``falsity``: the text calls something untrue ("false", "hoax", "fake", "no evidence",
  "debunked", "not true", "satire").
- ``hedge``: the text reports without vouching ("reportedly", "allegedly", "according to",
  "unconfirmed", "it is not clear", "claims").
- ``assertion``: the text vouches for it ("confirmed", "verified", "officially", "in fact").
- ``contrast``: the text turns against what came before ("however", "but", "actually").
- ``negation``: a plain negator ("not", "n't", "never", "no").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosswire.text.tokens import tokens

#: Patterns per family, matched case-insensitively on word boundaries. Written from general news
#: usage (wire style guides' attribution verbs, fact-checking vocabulary), not from gold items.
CUE_PATTERNS: dict[str, tuple[str, ...]] = {
    "denial": (
        r"den(?:y|ies|ied|ying|ial|ials)",
        r"refut(?:e|es|ed|ing)",
        r"rebut(?:s|ted|ting)?",
        r"dismiss(?:es|ed|ing)?",
        r"reject(?:s|ed|ing)?",
        r"disput(?:e|es|ed|ing)",
        r"contradict(?:s|ed|ing)?",
        r"retract(?:s|ed|ing|ion)?",
        r"backtrack(?:s|ed|ing)?",
        r"walk(?:s|ed)? back",
        r"deni(?:er|ers)",
        r"no comment",
    ),
    "falsity": (
        r"false(?:ly|hood|hoods)?",
        r"untrue",
        r"not true",
        r"isn['’]t true",
        r"wasn['’]t true",
        r"no truth",
        r"hoax(?:es|ed)?",
        r"fake[ds]?",
        r"faking",
        r"fabricat(?:e|ed|es|ion|ions)",
        r"debunk(?:s|ed|ing)?",
        r"bogus",
        r"baseless",
        r"unfounded",
        r"myth(?:s)?",
        r"no evidence",
        r"no proof",
        r"no sign(?:s)? of",
        r"not real",
        r"isn['’]t real",
        r"never happened",
        r"did not happen",
        r"didn['’]t happen",
        r"made[- ]up",
        r"made it up",
        r"satir(?:e|ical)",
        r"parody",
        r"spoof",
        r"prank(?:s|sters?)?",
        r"scam(?:s|mers?)?",
        r"photoshop(?:ped)?",
        r"doctored",
        r"misleading",
        r"mislead(?:s|ing)?",
        r"phony",
        r"phoney",
        r"fraud(?:ulent)?",
        r"nonsense",
        r"not the case",
        r"urban legend",
        r"conspiracy theor(?:y|ies)",
        r"too good to be true",
    ),
    "hedge": (
        r"reportedly",
        r"allegedly",
        r"alleg(?:e|es|ed|ation|ations)",
        r"purportedly",
        r"purported",
        r"supposedly",
        r"apparently",
        r"unconfirmed",
        r"unverified",
        r"not (?:yet |been )?(?:independently )?(?:confirmed|verified)",
        r"could not (?:be )?(?:independently )?(?:confirm|verif)\w*",
        r"cannot (?:be )?(?:independently )?(?:confirm|verif)\w*",
        r"according to",
        r"it is (?:not |still |un)clear",
        r"it['’]s (?:not |still |un)clear",
        r"unclear",
        r"claim(?:s|ed|ing)?",
        r"rumou?r(?:s|ed)?",
        r"speculat(?:e|es|ed|ion|ing)",
        r"(?:is|are|was|were) said to",
        r"(?:is|are|was|were) believed to",
        r"(?:appears?|appeared|seems?|seemed) to",
        r"may have",
        r"might(?: have)?",
        r"could have",
        r"possibl[ey]",
        r"perhaps",
        r"if true",
        r"sources? (?:say|said|told)",
        r"report(?:s|ed)? (?:say|said|that|suggest)\w*",
        r"suggest(?:s|ed|ing)?",
        r"anonymous",
        r"unnamed",
        r"unidentified source",
        r"whether",
        r"questions? remain",
    ),
    "assertion": (
        r"confirm(?:s|ed|ing|ation)?",
        r"verif(?:y|ies|ied|ication)",
        r"officially",
        r"official statement",
        r"announc(?:e|es|ed|ement)",
        r"authenticat(?:e|ed|es|ion)",
        r"prov(?:e|es|ed|en)",
        r"in fact",
        r"indeed",
        r"definitely",
        r"it is true",
        r"it['’]s true",
        r"is real",
        r"was real",
        r"are real",
        r"genuine",
        r"turns? out",
        r"acknowledg(?:e|es|ed|ing)",
        r"admit(?:s|ted|ting)?",
        r"undeniabl[ey]",
        r"(?:photos?|pictures?|images?|footage|video) (?:shows?|showed|confirm\w*)",
    ),
    "contrast": (
        r"however",
        r"but",
        r"actually",
        r"in reality",
        r"in truth",
        r"instead",
        r"rather",
        r"contrary",
        r"despite",
        r"although",
        r"though",
        r"yet",
        r"nevertheless",
    ),
    "negation": (
        r"not",
        r"no",
        r"never",
        r"none",
        r"nobody",
        r"nothing",
        r"neither",
        r"nor",
        r"without",
        r"no longer",
        r"n['’]t",
        r"cannot",
    ),
}

_COMPILED = {
    family: re.compile(r"(?<![\w'’])(?:" + "|".join(patterns) + r")(?![\w])", re.IGNORECASE)
    for family, patterns in CUE_PATTERNS.items()
    if family != "negation"
}
# "n't" attaches to the verb ("didn't"), so it is matched without a leading boundary.
_NEGATION = re.compile(
    r"(?<![\w'’])(?:not|no|never|none|nobody|nothing|neither|nor|without|"
    r"cannot)(?!\w)|n['’]t(?!\w)",
    re.IGNORECASE,
)
_COMPILED["negation"] = _NEGATION

FAMILIES: tuple[str, ...] = ("denial", "falsity", "hedge", "assertion", "contrast", "negation")

#: How many words before a term a negator cancels it: "did not resign", "has never been
#: confirmed" (set by hand, not tuned).
_NEGATOR_WINDOW = 3


@dataclass(frozen=True)
class Cue:
    """One cue found in a text: its family, the matched words and their character span."""

    family: str
    text: str
    start: int
    end: int


def find_cues(text: str, families: tuple[str, ...] = FAMILIES) -> tuple[Cue, ...]:
    """Every cue of the given families in ``text``, in text order."""
    cues = []
    for family in families:
        for match in _COMPILED[family].finditer(text):
            cues.append(Cue(family, match.group(0), match.start(), match.end()))
    return tuple(sorted(cues, key=lambda cue: (cue.start, cue.family)))


def cue_counts(text: str) -> dict[str, int]:
    """How many cues of each family ``text`` holds."""
    counts = dict.fromkeys(FAMILIES, 0)
    for cue in find_cues(text):
        counts[cue.family] += 1
    return counts


_NEGATOR_TOKENS = frozenset(
    {
        "not",
        "no",
        "never",
        "n't",
        "nobody",
        "nothing",
        "none",
        "neither",
        "nor",
        "without",
        "cannot",
    }
)


def negated_terms(text: str, terms: set[str]) -> set[str]:
    """The ``terms`` that occur in ``text`` within a few words after a negator ("did not X")."""
    words = tokens(text)
    found = set()
    for index, word in enumerate(words):
        if word in terms and any(
            w in _NEGATOR_TOKENS for w in words[max(0, index - _NEGATOR_WINDOW) : index]
        ):
            found.add(word)
    return found


def is_negated(text: str) -> bool:
    """Whether ``text`` holds a plain negator."""
    return _NEGATION.search(text) is not None
