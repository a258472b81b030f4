"""One article as the attribution rules read it: its parse, quotes, datelines, mentions and
paragraphs (built once), and the speaker behind a cue's subject token."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from crosswire.attribution.marks import QuotedSpan, find_quoted_spans
from crosswire.attribution.speakers import (
    FEMALE_TITLES,
    INDEFINITE_PRONOUNS,
    MALE_TITLES,
    PERSON_TITLES,
    RELATIVE_PRONOUNS,
    UNRESOLVABLE_PRONOUNS,
    SpanIndex,
    described_name,
    infer_genders,
    inside,
    person_keys,
    resolve_speaker,
    speaker_kind,
)
from crosswire.records import Mention
from crosswire.text.datelines import find_datelines
from crosswire.text.paragraphs import paragraph_spans

if TYPE_CHECKING:  # spaCy is imported where a parse exists, not with this module
    from spacy.tokens import Span

Span_ = tuple[int, int]

#: Entity labels that may be a speaker when they are the cue's subject. A country or city as
#: the subject ("Russia denied ...") stands for its government and stays; measured on PolNeAR
#: train, dropping it costs 0.007 direct speaker accuracy.
SPEAKER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
#: Pronouns that may be a source as written even when no named speaker stands behind them.
PERSONAL_PRONOUNS = frozenset({"i", "we", "you", "he", "she", "it", "they"})
#: Entity labels that are never a speaker.
PLACE_LABELS = frozenset({"LOC", "FAC"})


@dataclass(frozen=True)
class Speaker:
    """Who a cue belongs to: ``source`` as written at the cue, ``name`` and ``name_span`` the
    named speaker it stands for (the source itself, or the antecedent of a pronoun or title)."""

    source: Span_ | None = None
    name: str | None = None
    name_span: Span_ | None = None


NOBODY = Speaker()


@dataclass(frozen=True)
class ArticleContext:
    """What one article's attributions are read against."""

    text: str
    doc: Any
    quotes: tuple[QuotedSpan, ...]
    quote_spans: tuple[Span_, ...]
    datelines: tuple[Span_, ...]
    mentions: tuple[Mention, ...]
    genders: dict[str, str]
    sentences: tuple[Span_, ...]
    subjects: frozenset[int]  # start offsets of mentions that are a clause's subject
    paragraph_starts: tuple[int, ...]

    def paragraph_of(self, position: int) -> int:
        """Index of the paragraph a character offset falls in."""
        return bisect_right(self.paragraph_starts, position) - 1

    @cached_property
    def blocked(self) -> SpanIndex:
        """Where no antecedent may be taken from: inside quotes and datelines."""
        return SpanIndex(self.quote_spans + self.datelines)

    @cached_property
    def quoted(self) -> SpanIndex:
        """The quotes' spans, for asking whether a position is quoted."""
        return SpanIndex(self.quote_spans)

    @cached_property
    def dated(self) -> SpanIndex:
        """The datelines' spans, likewise."""
        return SpanIndex(self.datelines)

    @cached_property
    def people(self) -> dict[int, str]:
        """``person_keys`` of the mentions, worked out once for every pronoun resolved."""
        return person_keys(self.mentions)

    @cached_property
    def mention_starts(self) -> list[int] | None:
        """The mentions' start offsets when in text order (as a parse gives them), else None."""
        starts = [m.start for m in self.mentions]
        return starts if all(a <= b for a, b in pairwise(starts)) else None


def build_context(text: str, doc) -> ArticleContext:
    quotes = tuple(find_quoted_spans(text))
    quote_spans = tuple((q.start, q.end) for q in quotes)
    datelines = tuple(find_datelines(text))
    entities = list(doc.ents)
    mentions = tuple(
        Mention("", ent.start_char, ent.end_char, ent.text, _label(text, ent))
        for ent in entities
        if not inside(ent.start_char, datelines)
    )
    sentences = tuple((sent.start_char, sent.end_char) for sent in doc.sents)
    genders = infer_genders(text, mentions, sentences, quote_spans)
    subjects = frozenset(ent.start_char for ent in entities if any(_is_subject(t) for t in ent))
    paragraph_starts = tuple(start for start, _ in paragraph_spans(text)) or (0,)
    return ArticleContext(
        text,
        doc,
        quotes,
        quote_spans,
        datelines,
        mentions,
        genders,
        sentences,
        subjects,
        paragraph_starts,
    )


#: A title right before a name makes it a person's, whatever the tagger said ("Taff Vale
#: captain Rhodri Evans" tagged ORG).
_TITLE_BEFORE = re.compile(r"\b([a-z]+)\s+$")
_ANY_PERSON_TITLE = PERSON_TITLES | MALE_TITLES | FEMALE_TITLES


def _label(text: str, entity) -> str:
    if entity.label_ == "ORG":
        title = _TITLE_BEFORE.search(text[max(0, entity.start_char - 30) : entity.start_char])
        if title and title.group(1) in _ANY_PERSON_TITLE:
            return "PERSON"
    return entity.label_


def _is_subject(token) -> bool:
    """A clause's subject, or the name in apposition to one ("The authority's secretary, Arun
    Pillai, ... was")."""
    if token.dep_ in ("nsubj", "nsubjpass"):
        return True
    return token.dep_ == "appos" and token.head.dep_ in ("nsubj", "nsubjpass")


def entity_at(doc, token) -> Span | None:
    """The named entity a token is part of, read from its IOB tags (``doc.ents`` is rebuilt
    on every access)."""
    if not token.ent_type_:
        return None
    start = token.i
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    from spacy.tokens import Span  # deferred: spaCy is loaded by the time a parse exists

    return Span(doc, start, end, label=token.ent_type_)


def speaker_of(context: ArticleContext, token_index: int | None, avoid: Span_) -> Speaker:
    """The source span and named speaker for the subject token of a cue; ``NOBODY`` for a
    dateline, a place, a token inside quotes, or a pronoun that resolves to no one."""
    if token_index is None:
        return NOBODY
    doc = context.doc
    token = doc[token_index]
    if token.idx in context.dated:
        # The parser took the dateline for the subject ("CORK, Ireland — The Harbour and Ferry
        # Workers' Union claimed …"): the subject is what it hangs on a word of the dateline
        # as an apposition after the dateline's end.
        after = [
            child
            for child in token.subtree
            if child.dep_ == "appos"
            and child.idx not in context.dated
            and child.head.idx in context.dated
        ]
        return speaker_of(context, after[0].i, avoid) if after else NOBODY
    if token.idx in context.quoted:
        return NOBODY
    lower = token.lower_
    if lower in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        token = token.head.head  # "Lynch, who told Congress" -> Lynch
        lower = token.lower_
    if (
        token.pos_ == "PRON" or lower in UNRESOLVABLE_PRONOUNS
    ) and lower not in INDEFINITE_PRONOUNS:
        written = (token.idx, token.idx + len(token.text))
        if lower in UNRESOLVABLE_PRONOUNS or speaker_kind(lower) is None:
            # The writer ("I said") or a pronoun with no possible antecedent: the source as
            # written is kept, but no one is named, so the ledger credits nobody.
            return Speaker(written) if lower in PERSONAL_PRONOUNS else NOBODY
        antecedent = resolve_speaker(
            lower,
            token.idx,
            context.mentions,
            context.genders,
            context.blocked,
            subjects=context.subjects,
            keys=context.people,
            starts=context.mention_starts,
        )
        if antecedent is None:
            return Speaker(written)
        return Speaker(written, antecedent.text, (antecedent.start, antecedent.end))
    source = _phrase_span(context, token, avoid)
    entity = entity_at(doc, token) or _appositive_entity(doc, token)
    if entity is not None and entity.label_ in PLACE_LABELS:
        return NOBODY
    if entity is not None and entity.label_ in SPEAKER_LABELS:
        return Speaker(source, entity.text, (entity.start_char, entity.end_char))
    core = _core_phrase(doc, token)
    if speaker_kind(core) is not None:
        antecedent = resolve_speaker(
            core,
            token.idx,
            context.mentions,
            context.genders,
            context.blocked,
            subjects=context.subjects,
            keys=context.people,
            starts=context.mention_starts,
        )
        if antecedent is not None:
            return Speaker(source, antecedent.text, (antecedent.start, antecedent.end))
        named = described_name(core, context.text, token.idx)
        if named is not None:
            return Speaker(source, context.text[named[0] : named[1]], named)
    phrase = context.text[source[0] : source[1]]
    if " " in phrase and _NAME_PHRASE.fullmatch(phrase):
        # A name the tagger split ("The Harbour and Ferry Workers' Union" tagged as 'Harbour'):
        # the whole capitalised phrase is the speaker's name.
        skip = 4 if phrase.startswith("The ") else 0
        return Speaker(source, phrase[skip:], (source[0] + skip, source[1]))
    if core and _is_proper_name(doc, token):
        # A name the tagger missed ("Ana Ruiz, producer of the Walk of Fame"): the speaker is
        # the name, and what follows it in the source only describes them.
        return Speaker(source, core, _core_span(doc, token))
    return Speaker(source, core or context.text[source[0] : source[1]], source)


def _appositive_entity(doc, token) -> Span | None:
    """ "the spokesman, John Smith" / "campaign manager Robby Mook": the name hung on a noun;
    a person before an organisation ("White House spokesman, Josh Earnest" is Earnest)."""
    found = [
        entity
        for child in token.children
        if child.dep_ in ("appos", "compound")
        for entity in [entity_at(doc, child)]
        if entity is not None and entity.label_ in ("PERSON", "ORG")
    ]
    people = [entity for entity in found if entity.label_ == "PERSON"]
    chosen = people or found
    return chosen[0] if chosen else None


def _core_start(doc, token) -> int:
    left = [c for c in token.lefts if c.dep_ in ("det", "amod", "compound", "poss", "nummod")]
    return min([c.i for c in left] + [token.i])


#: A proper name of several words: capitalised words joined by "and", "of", "for", "the", "&".
_NAME_PHRASE = re.compile(
    r"(?:The\s+)?[A-Z][\w'’.&-]*(?:\s+(?:(?:and|of|for|the|&)\s+)*[A-Z][\w'’.&-]*)*"
)


def _core_phrase(doc, token) -> str:
    """The subject's determiner, modifiers and head ("the former senator"), no clauses."""
    return doc[_core_start(doc, token) : token.i + 1].text


def _core_span(doc, token) -> Span_:
    start = doc[_core_start(doc, token)]
    return start.idx, token.idx + len(token.text)


def _is_proper_name(doc, token) -> bool:
    """The subject's core is a run of capitalised proper nouns ("Ana Ruiz"), no title word."""
    core = doc[_core_start(doc, token) : token.i + 1]
    return all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in core)


def _phrase_span(context: ArticleContext, token, avoid: Span_) -> Span_:
    """The subject's subtree as a character span: the contiguous run around its head, cut
    short of quotes and of the content."""
    kept = {
        t.i
        for t in token.subtree
        if not t.is_space
        and t.idx not in context.quoted
        and not avoid[0] <= t.idx < avoid[1]
        and abs(t.i - token.i) <= 40
    }
    left = right = token.i
    while left - 1 in kept:
        left -= 1
    while right + 1 in kept:
        right += 1
    doc = context.doc
    while right > left and doc[right].is_punct:
        right -= 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)
