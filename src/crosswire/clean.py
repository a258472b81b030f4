"""Cleaning: page furniture out of the article text, with an audit of every removed line.

Rules are line rules: a line (paragraph) is removed when it is, as a whole, a promo, navigation,
share/subscribe prompt, media placeholder or photo credit. Every rule has a name that is stored
with the removed line, so a reader can see why text is missing. A paragraph repeated inside one
article is removed (the first copy stays) and reported; doubled words are reported, not changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosswire.model import RemovedLine, TextIssue, normalise_text


@dataclass(frozen=True)
class FurnitureRule:
    name: str
    pattern: re.Pattern[str]
    #: Lines longer than this (in words) are never furniture under this rule: real sentences
    #: sometimes start with "Watch" or mention a photo.
    max_words: int = 40


def _rule(name: str, pattern: str, max_words: int = 40) -> FurnitureRule:
    return FurnitureRule(name, re.compile(pattern, re.IGNORECASE), max_words)


RULES: tuple[FurnitureRule, ...] = (
    _rule("promo: WATCH/LISTEN link", r"^\s*(watch|listen|video|audio|podcast)\s*(now)?\s*[:|\-–—]\s*\S"),
    _rule("promo: photo gallery", r"^\s*(in photos|in pictures|photos|gallery|in pics)\s*[:|\-–—]\s*\S"),
    _rule("promo: read more", r"^\s*(read more|read also|also read|related|see also|more on this "
                              r"story|recommended|most read|don'?t miss|trending)\s*[:|\-–—]"),
    _rule("promo: live coverage", r"^\s*(live( updates| blog| coverage)?|breaking( news)?)\s*[:|\-–—]\s*\S"
                                  r"|\bfollow (our|the) live (coverage|updates|blog)\b", 25),
    _rule("media placeholder", r"your browser (does not|doesn'?t) support|"
                               r"(this|the) (video|audio|media|content) (is|isn'?t) (not )?(available|supported)|"
                               r"enable javascript|please enable (javascript|cookies)|"
                               r"^\s*(play|pause|replay)\s+video\b|^\s*\d{1,2}:\d{2}\s*$", 25),
    _rule("share/subscribe prompt", r"^\s*(share (this|on|via)|click here|tap here|sign up (for|to)|"
                                    r"subscribe (to|now|for|today)|follow us on|get (our|the) \w+ "
                                    r"newsletter|download (our|the) app|join (our|the) \w+ channel)|"
                                    r"\b(share|tweet) this (article|story)\b|"
                                    r"\bsubscribe to our newsletter\b", 30),
    _rule("photo credit", r"^\s*[\(\[]?\s*(photo|picture|image|pictured|credit|photograph|file photo)"
                          r"s?\s*(credit)?\s*[:/]\s*[^.]{0,80}[\)\]]?\s*$|"
                          r"^\s*[\(\[]?(getty images|ap photo|reuters|afp)(/[^)\]]+)?[\)\]]?\s*$", 16),
    _rule("advertisement", r"^\s*(advertisement|sponsored( content)?|ad|story continues below "
                           r"advertisement|continue reading below)\s*$", 6),
    _rule("copyright notice", r"^\s*(©|\(c\)|copyright)\s*\d{0,4}.{0,80}(all rights reserved|"
                              r"may not be (published|reproduced))", 30),
)

# Doubled words that are often right ("had had", "that that") are not reported.
_LEGIT_DOUBLES = {"had", "that", "is", "do", "very", "no", "bye", "far", "so", "knock", "blah",
                  "ha", "yes", "tut", "go", "bora", "chop", "choo"}
_DOUBLED = re.compile(r"\b(\w+)\s+(\1)\b", re.IGNORECASE)


def furniture_reason(line: str) -> str | None:
    """The name of the rule that makes ``line`` page furniture, or None if it is article text."""
    words = len(line.split())
    for rule in RULES:
        if words <= rule.max_words and rule.pattern.search(line):
            return rule.name
    return None


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by newlines; blank lines carry no meaning of their own."""
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n") if p.strip()]


def clean_text(text: str) -> tuple[str, tuple[RemovedLine, ...], tuple[TextIssue, ...]]:
    """Remove furniture lines and repeated paragraphs; report doubled words.

    Returns the cleaned text (paragraphs separated by a blank line), the removed lines with their
    reasons, and the issues noticed in the kept text.
    """
    kept: list[str] = []
    removed: list[RemovedLine] = []
    seen: set[str] = set()
    for paragraph in split_paragraphs(text):
        reason = furniture_reason(paragraph)
        if reason is not None:
            removed.append(RemovedLine(paragraph, reason))
            continue
        key = normalise_text(paragraph).lower()
        if key in seen and len(paragraph.split()) >= 8:
            removed.append(RemovedLine(paragraph, "repeated paragraph (kept its first copy)"))
            continue
        seen.add(key)
        kept.append(paragraph)
    cleaned = "\n\n".join(kept)
    return cleaned, tuple(removed), find_doubled_words(cleaned)


def find_doubled_words(text: str) -> tuple[TextIssue, ...]:
    """Words written twice in a row by mistake ("the the"), with their spans."""
    issues = []
    for match in _DOUBLED.finditer(text):
        word = match.group(1)
        if word.lower() in _LEGIT_DOUBLES or word.isdigit():
            continue
        issues.append(TextIssue("doubled word", match.group(0), match.start(), match.end()))
    return tuple(issues)
