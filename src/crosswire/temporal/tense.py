"""Tense of the clause around a temporal expression, read from its nearest verb group.

Lexical on purpose: it needs no model, runs at regex speed, and gives the three answers the
resolver needs (past, present, future) or none. "said Friday" → past, "will meet Friday" →
future, "is scheduled to close Monday" → future, "has resigned" → past, "is" → present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosswire.temporal.lexicon import (
    ADVERBS_BETWEEN,
    BE_PAST,
    BE_PRESENT,
    FUTURE_AUXILIARIES,
    FUTURE_PARTICIPLES,
    HAVE_PRESENT,
    IRREGULAR_PAST,
    NOT_PAST_ED,
    PRESENT_VERBS,
)

WINDOW_CHARS = 240
MAX_TOKEN_DISTANCE = 14
# A verb after the expression counts 1.5 times its distance: adjuncts usually follow their verb
# ("voted Friday"). TimeBank value accuracy 0.853 at 1.5 vs 0.851 with no preference.
RIGHT_SIDE_WEIGHT = 1.5
INFINITIVE = "future"  # "to expire Nov. 6", "plans to redeem on Nov. 16": intended, so ahead
MODALS = frozenset({"would", "could", "might", "should", "may", "must", "can"})
DETERMINERS = frozenset(
    {
        "the",
        "a",
        "an",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "this",
        "that",
        "these",
        "those",
        "my",
        "some",
        "any",
        "no",
        "each",
        "every",
    }
)
FUNCTION_WORDS = DETERMINERS | frozenset(
    """
in on at for from with by of about as into onto over under after before than and or but nor
him her them it us me you date market be then there here what which who whom whose where when
""".split()
)
ABBREVIATIONS = frozenset(
    """
mr mrs ms dr st jr sr co corp inc ltd jan feb mar apr jun jul aug sep sept oct nov dec gen gov
sen rep no vs etc bros mt ft lt col capt sgt prof rev univ dept est
""".split()
)
_TOKEN = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|'(?:ll|s|re|ve|d)\b|n't")
_CLAUSE_BREAK = re.compile(r"[;!?]|\n\s*\n|\.(?=\s)")


@dataclass(frozen=True)
class Tense:
    """The tense found near an expression and the word that showed it (None when unclear)."""

    tense: str | None
    word: str | None = None


def is_sentence_period(text: str, index: int) -> bool:
    """A period at ``index`` ends a sentence unless it closes an abbreviation or an initial."""
    word = re.search(r"([A-Za-z.]+)$", text[max(0, index - 12) : index])
    if not word:
        return True
    token = word.group(1)
    if "." in token or len(token) == 1:
        return False
    return token.lower() not in ABBREVIATIONS


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the clause holding ``text[start:end]``: cut at sentence ends and semicolons."""
    left_limit = max(0, start - WINDOW_CHARS)
    left = left_limit
    for match in _CLAUSE_BREAK.finditer(text, left_limit, start):
        if match.group() != "." or is_sentence_period(text, match.start()):
            left = match.end()
    right = min(len(text), end + WINDOW_CHARS)
    for match in _CLAUSE_BREAK.finditer(text, end, right):
        if match.group() != "." or is_sentence_period(text, match.start()):
            right = match.start()
            break
    return left, right


def _is_past_form(word: str, previous: str | None) -> bool:
    lower = word.lower()
    if lower in IRREGULAR_PAST:
        return True
    return (
        word.islower()
        and len(lower) > 4
        and lower.endswith("ed")
        and lower not in NOT_PAST_ED
        and previous not in DETERMINERS
    )


def _looks_like_base_verb(words: list[str], index: int) -> bool:
    """After "to": a lower-case word that is not a determiner, a past form or a plural noun."""
    if index >= len(words) or not words[index].isalpha() or not words[index].islower():
        return False
    word = words[index]
    if word in FUNCTION_WORDS or _is_past_form(word, None) or word in PRESENT_VERBS:
        return False
    return not (word.endswith("s") and not word.endswith(("ss", "us")))


def _group_end(words: list[str], index: int) -> int:
    """The last word of a verb group whose finite word is ``words[index]``: auxiliaries,
    adverbs and one participle that follow it belong to it ("will be named", "has not said")."""
    last = index
    for position in range(index + 1, min(len(words), index + 5)):
        word = words[position].lower()
        if word in ADVERBS_BETWEEN or word in {"be", "have", "been", "being", "not"}:
            last = position
            continue
        if _is_past_form(words[position], None) or (word.endswith("ing") and len(word) > 4):
            last = position
        break
    return last


def _group_tense(words: list[str], index: int) -> tuple[str | None, int]:
    """Tense of a verb group starting at ``words[index]`` and the index of its last word."""
    tense, _ = _head_tense(words, index)
    return tense, (_group_end(words, index) if tense else index)


def _head_tense(words: list[str], index: int) -> tuple[str | None, int]:
    first = words[index].lower()
    previous = words[index - 1].lower() if index else None
    following = [
        w.lower() for w in words[index + 1 : index + 4] if w.lower() not in ADVERBS_BETWEEN
    ]
    nxt = following[0] if following else ""
    after = following[1] if len(following) > 1 else ""
    if first in FUTURE_AUXILIARIES or first.endswith("'ll"):
        return "future", index + 1
    if first in MODALS and words[index][0].islower():
        return ("past" if nxt == "have" else "future"), index + 1
    if first in BE_PRESENT:
        if nxt in FUTURE_PARTICIPLES or nxt == "to" or (nxt == "going" and after == "to"):
            return "future", index + 2
        return "present", index + 1
    if first in HAVE_PRESENT:
        if nxt == "been" or _is_past_form(nxt, None):
            return "past", index + 2
        return "present", index + 1
    if first in BE_PAST or first in {"had", "did"}:
        return "past", index + 1
    if first == "to" and _looks_like_base_verb(words, index + 1):
        return INFINITIVE, index + 1
    if first in PRESENT_VERBS:
        return "present", index
    if _is_past_form(words[index], previous) and previous not in ("be", "been", "being"):
        return "past", index
    return None, index


def tense_near(text: str, start: int, end: int) -> Tense:
    """The tense of the verb group nearest to ``text[start:end]`` within its clause."""
    left, right = clause_bounds(text, start, end)
    before = [m.group() for m in _TOKEN.finditer(text, left, start)]
    after = [m.group() for m in _TOKEN.finditer(text, end, right)]
    if before and before[-1].lower() == "since":
        return Tense("past", before[-1])  # "since Jan. 13" looks back whatever the verb
    words = before + after
    anchor = len(before)
    best: tuple[float, str, str] | None = None
    index = 0
    while index < len(words):
        tense, last = _group_tense(words, index)
        if tense is not None and words[index] == "to" and not 0 < anchor - last <= 3:
            tense = None  # an infinitive counts only when the expression is its close argument
        if tense is not None:
            distance = anchor - last if last < anchor else (index - anchor + 1) * RIGHT_SIDE_WEIGHT
            if distance <= MAX_TOKEN_DISTANCE and (best is None or distance < best[0]):
                best = (distance, tense, words[index])
            index = max(index, last) + 1
        else:
            index += 1
    if best is None:
        return Tense(None)
    return Tense(best[1], best[2])
