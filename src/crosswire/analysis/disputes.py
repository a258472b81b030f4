"""Claims and the disputes of them on real phrasing, beyond a plain negation of the same words.

Three ways a statement from one origin disputes what another origin reports:

- **by reference**: "The military disputed the claim." names no content of its own; what it
  disputes is the sentence before it in the same article ("Wagner said it had taken the town.").
  The claim from another origin must say what that sentence says.
- **by continuation**: "Fighting continues in the town" answers "the town has been captured": a
  report that a fight goes on, or a denial that the place fell ("denied that the town had
  fallen"), disputes a claim that it is over (taken, captured, fallen). Both must name the same
  place, with a capitalised name the two share.
- **by stance**: the trained stance model (``crosswire.analysis.stance``) reads the disputing
  article as a report about the other origin's claim; a confident "disagree", with the disputing
  sentence among the sentences that decided it, makes the pair.

In every case the disputing statement carries a denial or dispute of its own (a denial verb,
"false", "untrue", "continues" …), comes from another origin than the claim and from another
speaker than the claim's holder, and is not published before the claim.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from crosswire.analysis.polarity import find_cues
from crosswire.analysis.stance import (
    ReportAnalysis,
    analyse_report,
    claim_texts,
    stance_of_report,
)
from crosswire.analysis.stance_model import StanceModel, default_model
from crosswire.records import Article, Statement
from crosswire.text.stems import stem
from crosswire.text.stopwords import CLAIM_STOPWORDS
from crosswire.text.tokens import ascii_words

#: A denial whose object is a reference to something said before ("disputed the claim",
#: "rejected the reports", "denied it").
_BY_REFERENCE = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|disput(?:e|es|ed|ing)|reject(?:s|ed|ing)?|refut(?:e|es|ed|ing)"
    r"|dismiss(?:es|ed|ing)?|rebut(?:s|ted|ting)?|contradict(?:s|ed|ing)?)\s+"
    r"(?:(?:the|this|that|these|those|such|their|his|her|its)\s+(?:\w+\s+)?"
    r"(?:claims?|reports?|assertions?|announcements?|accounts?|statements?|allegations?)"
    r"|it|this|that)\b",
    re.IGNORECASE,
)
#: A fight that goes on ("fighting continues", "the battle is ongoing", "clashes raged on").
_CONTINUES = re.compile(
    r"\b(?:fighting|battles?|clashes|combat|resistance|fights?|defen[cs]es?|war)\b"
    r"[^.;]{0,40}?\b(?:continu(?:es|ed|ing|e)|ongoing|rag(?:es|ed|ing)|goes\s+on|went\s+on)\b"
    r"|\b(?:continu(?:es|ed|ing|e)|still)\s+(?:to\s+)?(?:fight(?:ing)?|hold(?:ing)?|defend(?:ing)?)",
    re.IGNORECASE,
)
#: A place or service said to stay open or running ("the terminal remained open", "sailings
#: continue on schedule"): it answers only a claim that the place was shut (``_CLOSED``), and
#: alone it disputes nothing ("several points were still open" is an open question).
_STAYS_OPEN = re.compile(
    r"\b(?:is|was|are|were|remains?|remained|stays?|stayed)\s+(?:still\s+)?open\b"
    r"|\bcontinu(?:es|ed|e)\s+(?:on\s+schedule|as\s+planned|as\s+normal)",
    re.IGNORECASE,
)
#: A claim that a place was shut.
_CLOSED = re.compile(
    r"(?<!\bthe )\b(?:shut(?:\s+down)?|closed|clos(?:e|es|ing)\s+(?:down\s+)?the)\b",
    re.IGNORECASE,
)
#: A claim that a place or a fight is over: it was taken, captured, seized, has fallen, or a
#: place was shut.
#: Not "the captured city" (an attribute, not the claim) and not "took a photo": "take" is
#: left out, "taken" kept ("has taken the town").
_COMPLETED = re.compile(
    r"(?<!\bthe )(?<!\ba )(?<!\ban )"
    r"\b(?:captur(?:e|es|ed|ing)|taken|seiz(?:e|es|ed|ing)|fallen|fell|overr[au]n|"
    r"conquer(?:ed|s)?|liberat(?:e|es|ed|ing|ion)|(?:full|total|complete)\s+control|"
    r"shut(?:\s+down)?|closed|clos(?:e|es|ing)\s+(?:down\s+)?the)\b",
    re.IGNORECASE,
)
#: A completion left open: "accounts of whether the port had been shut" reports a question.
_UNDECIDED = re.compile(r"\b(?:whether|if)\b[^.;]{0,50}?" + _COMPLETED.pattern, re.IGNORECASE)
#: A denial or negation with a completion word in its reach: "denied that the town had fallen",
#: "has not been captured", "rejected claims it was seized".
_DENIED_COMPLETION = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|disput(?:e|es|ed|ing)|refut(?:e|es|ed|ing)"
    r"|not|n't|never)\b[^.;]{0,50}?" + _COMPLETED.pattern,
    re.IGNORECASE,
)


#: A report of a claim as such: its holder claimed, announced, boasted of or congratulated
#: someone on it.
_CLAIMED = re.compile(
    r"\b(?:claim(?:s|ed|ing)|announc(?:es|ed|ing)|boast(?:s|ed|ing)|congratulat(?:es|ed|ing))\b",
    re.IGNORECASE,
)
#: A name (capitalised words, "and"/"of" between them) right before a claim verb, with an
#: optional day ("Brennan congratulated", "The Harbour and Ferry Workers' Union claimed on
#: Thursday"): who holds the claim when no quote attribution says.
_HOLDER = re.compile(
    r"(?:^|(?<=[—–,;:] )|(?<=\bThe ))((?:[A-Z][\w'’.&-]*\s+(?:(?:and|of|for|the|&)\s+)*)*"
    r"[A-Z][\w'’.&-]*)\s+(?:(?:on|last)\s+[A-Z]\w+\s+)?" + _CLAIMED.pattern
)


def claim_holder(statement: Statement) -> str | None:
    """Who holds the claim a statement reports: its speaker, else the name that claims,
    announces or congratulates in it; None when neither is written."""
    if statement.attributed_to:
        return statement.attributed_to
    found = _HOLDER.search(statement.text)
    if not found:
        return None
    name = found.group(1).removeprefix("The ")
    return None if name in ("The", "It", "He", "She", "They", "We") else name


#: A claim its own writer doubts ("this alleged monster", "the purported video"): the
#: writer's doubt, not a report someone holds, so the stance path does not take it as a claim.
_DOUBTED = re.compile(
    r"\b(?:alleged(?:ly)?|purported(?:ly)?|so-called|supposed(?:ly)?|rumou?red)\b", re.IGNORECASE
)
#: Disputing as a verb ("disputed the claim"); the noun ("the dispute is an awkward start")
#: names a quarrel, not a denial.
_DISPUTED = re.compile(r"\bdisput(?:es|ed|ing)\b", re.IGNORECASE)


def disputes(statement: Statement) -> bool:
    """Whether a statement denies or disputes something: a denial verb (the statement's own
    ``denies`` stance), "disputed", a falsity word, or a fight said to go on."""
    return (
        statement.stance == "denies"
        or bool(_DISPUTED.search(statement.text))
        or bool(find_cues(statement.text, ("falsity",)))
        or bool(_CONTINUES.search(statement.text))
    )


def _names(text: str) -> set[str]:
    """Capitalised words after a sentence's first word: a cheap proxy for the names it holds."""
    return {w.lower() for w in re.findall(r"(?<=\W)([A-Z][a-zA-Z]{2,})", text[1:])}


def _stems(text: str) -> set[str]:
    return {stem(w) for w in ascii_words(text) if w not in CLAIM_STOPWORDS and len(w) > 3}


def may_answer(
    claim: Statement, denial: Statement, articles: Mapping[str, Article], origin_of
) -> bool:
    """The pairing rules every dispute obeys: another origin, another speaker, and a claim not
    published after a dated denial (an undated claim cannot be shown to come first)."""
    if claim.stance == "denies" or disputes(claim):
        return False
    # A claim reported as one ("claimed to have shut the terminal, saying no ship had left")
    # is a claim whatever the polarity of what it claims; otherwise a negation is no claim.
    if claim.polarity != "positive" and not _CLAIMED.search(claim.text):
        return False
    if origin_of.get(claim.article_id) == origin_of.get(denial.article_id):
        return False
    if denial.attributed_entity_id and denial.attributed_entity_id == claim.attributed_entity_id:
        return False
    if denial.attributed_to and denial.attributed_to == claim.attributed_to:
        return False
    claim_day = articles[claim.article_id].published_day
    denial_day = articles[denial.article_id].published_day
    return denial_day is None or (claim_day is not None and claim_day <= denial_day)


def rule_disputes(
    statements: Sequence[Statement],
    similarity,
    articles: Mapping[str, Article],
    origin_of: Mapping[str, str],
    cosine: float,
) -> list[tuple[int, int]]:
    """(claim, denial) index pairs found by reference and by continuation (module docstring)."""
    previous: dict[int, int] = {}
    last_of: dict[str, int] = {}
    for index, statement in enumerate(statements):
        if statement.article_id in last_of:
            previous[index] = last_of[statement.article_id]
        last_of[statement.article_id] = index
    pairs = []
    for d, denial in enumerate(statements):
        by_reference = bool(_BY_REFERENCE.search(denial.text)) and d in previous
        # A fight said to go on disputes a capture only in someone's words ("officials say the
        # fighting continues"), not as the outlet's description of a battle.
        named = bool(denial.attributed_to or denial.stance == "denies")
        stays_open = named and bool(_STAYS_OPEN.search(denial.text))
        continues = named and bool(
            _CONTINUES.search(denial.text) or _DENIED_COMPLETION.search(denial.text)
        )
        # Open or running answers a closure only: the claim must say the place was shut.
        completed = _CLOSED if stays_open and not continues else _COMPLETED
        continues = continues or stays_open
        if not by_reference and not continues:
            continue
        topic = previous[d] if by_reference else d
        for c, claim in enumerate(statements):
            if c == d or not may_answer(claim, denial, articles, origin_of):
                continue
            if by_reference:
                said = statements[topic]
                if said.polarity != "positive" or disputes(said):
                    continue
                if similarity[topic, c] >= cosine and _stems(said.text) & _stems(claim.text):
                    pairs.append((c, d))
            elif (
                completed.search(claim.text)
                and not _DENIED_COMPLETION.search(claim.text)
                and not _UNDECIDED.search(claim.text)
                and _names(claim.text) & _names(denial.text)
            ):
                pairs.append((c, d))
    return pairs


@dataclass(frozen=True)
class StanceReading:
    """The stance model's reading of a disputing statement's article against one claim."""

    claim: int
    denial: int
    disagree: float
    #: Whether the disputing statement is among the sentences that decided the stance.
    decided_by_denial: bool
    #: Each other article of another origin than the denial's, with the agree probability the
    #: model gives it towards the claim and the statement that best says the claim in it (the
    #: claim's own article included: how firmly it puts its own claim).
    support: tuple[tuple[str, float, int], ...] = ()


def stance_readings(
    statements: Sequence[Statement],
    matrix: np.ndarray,
    similarity,
    articles: Mapping[str, Article],
    origin_of: Mapping[str, str],
    encoder,
    model: StanceModel | None,
    *,
    cosine: float,
    per_denial: int,
) -> list[StanceReading]:
    """For each disputing statement, the stance of its article towards each of the
    ``per_denial`` claims of other origins closest to it (cosine at least ``cosine``) that it
    may answer (``may_answer``)."""
    model = model or default_model()
    rows: dict[str, list[int]] = defaultdict(list)
    for index, statement in enumerate(statements):
        rows[statement.article_id].append(index)
    reports: dict[str, ReportAnalysis] = {}
    claim_vectors: dict[str, np.ndarray] = {}
    found = []

    def report(article_id: str) -> ReportAnalysis:
        if article_id not in reports:
            members = rows[article_id]
            reports[article_id] = analyse_report(
                [statements[i].text for i in members], matrix[members]
            )
        return reports[article_id]

    for d, denial in enumerate(statements):
        if not disputes(denial):
            continue
        candidates = sorted(
            (
                (similarity[d, c], c)
                for c, claim in enumerate(statements)
                if claim.article_id != denial.article_id
                and may_answer(claim, denial, articles, origin_of)
                and not _DOUBTED.search(claim.text)
            ),
            reverse=True,
        )
        for closeness, c in candidates[:per_denial]:
            if closeness < cosine:
                break
            text = statements[c].text
            if text not in claim_vectors:
                claim_vectors[text] = encoder.encode(claim_texts(text))
            result = stance_of_report(text, claim_vectors[text], report(denial.article_id), model)
            position = rows[denial.article_id].index(d)
            support = []
            for article_id in sorted(rows):
                if origin_of.get(article_id) == origin_of.get(denial.article_id):
                    continue
                read = stance_of_report(text, claim_vectors[text], report(article_id), model)
                best = (
                    rows[article_id][read.evidence[0].index]
                    if read.evidence
                    else rows[article_id][0]
                )
                if article_id == statements[c].article_id:
                    best = c
                support.append((article_id, read.score("agree"), best))
            found.append(
                StanceReading(
                    c,
                    d,
                    result.score("disagree"),
                    any(e.index == position for e in result.evidence),
                    tuple(support),
                )
            )
    return found
