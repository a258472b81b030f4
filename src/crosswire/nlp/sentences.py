"""NLP: one spaCy parse of each English article, read for its sentences and its named-entity
mentions (``attribution.quotes.find_attributions`` reads the same parse for quotes).

Sentences never cross a paragraph boundary: the parser pipeline starts a sentence at every
paragraph (``nlp.paragraph_breaks``), and each sentence is also cut where a paragraph ends (a
headline-like paragraph without a full stop would otherwise swallow the next one).

Work per article is bounded (issue #11): only the part of the text within
``text.paragraphs.analysed_end`` is analysed; an analysed part longer than ``PARSE_CHUNK_CHARS``
goes to spaCy in chunks of whole paragraphs (an over-long paragraph in pieces cut at sentence
ends, ``MAX_PIECE_CHARS``), and a ``Deadline`` checked between chunks stops an article's parse
when its time is up (what was parsed so far is kept, and the run notes it).
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

from crosswire.nlp.sentence_starts import SENTENCES
from crosswire.records import Article, Mention, Sentence
from crosswire.text.paragraphs import analysed_end, paragraph_spans, pieces

#: spaCy labels kept as entity mentions; numbers, dates and amounts are handled by later stages.
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"}
)
#: Characters of consecutive paragraphs parsed as one spaCy doc by ``parse_bounded``; an
#: article this short is parsed whole, exactly as before the bound.
PARSE_CHUNK_CHARS = 20_000


class Deadline:
    """The time one article's analysis may take: ``seconds`` from when it is made (None: no
    cap), read from ``clock`` (tests pass a fake one)."""

    def __init__(self, seconds: float | None, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.at = None if seconds is None else clock() + seconds
        self.hit = False

    def passed(self) -> bool:
        """Whether the time is up (remembered in ``hit`` for the note)."""
        if self.at is not None and self.clock() >= self.at:
            self.hit = True
        return self.hit


class ArticleParse(NamedTuple):
    article: Article
    #: The part of the article's text that ``doc`` parses (the analysed part, or the part
    #: parsed before the deadline): every span read from ``doc`` is an offset into it and into
    #: the article's text alike.
    text: str
    doc: Any
    #: Whether the deadline stopped the parse before the end of the analysed text.
    cut_short: bool = False


def sentence_pieces(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of ``text``'s paragraphs within the analysed part, long ones in
    pieces: a parse never runs across the start of one (``_chunk_bounds`` cuts there)."""
    end = analysed_end(text)
    return [p for start, stop in paragraph_spans(text[:end]) for p in pieces(text, start, stop)]


def parse_articles(
    articles: Iterable[Article],
    nlp,
    batch_size: int = 16,
    seconds: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[ArticleParse]:
    """Each article's analysed part parsed once by ``nlp``, in the given order: the short ones
    (``PARSE_CHUNK_CHARS`` or less) whole and together, a longer one in chunks
    (``parse_bounded``) under a deadline of ``seconds`` checked between chunks."""
    articles = list(articles)
    ends = [analysed_end(a.text) for a in articles]
    pairs = list(zip(articles, ends, strict=True))
    short = [article.text[:end] for article, end in pairs if end <= PARSE_CHUNK_CHARS]
    docs = iter(list(nlp.pipe(short, batch_size=batch_size)))
    for article, end in pairs:
        if end <= PARSE_CHUNK_CHARS:
            yield ArticleParse(article, article.text[:end], next(docs))
            continue
        deadline = Deadline(seconds, clock)
        text, doc = parse_bounded(article.text, nlp, deadline)
        yield ArticleParse(article, text, doc, deadline.hit)


def sentences_of(article_id: str, text: str, doc) -> list[Sentence]:
    """The sentences of ``doc`` (a parse of ``text``), each cut where a paragraph ends and
    stripped of surrounding spaces; spans are offsets into ``text``. They are the ones the
    model's ``senter`` found in the same pass (``nlp.sentence_starts``), or the doc's own
    where a pipeline has no such component."""
    paragraphs = paragraph_spans(text)
    starts = [start for start, _ in paragraphs]
    found: list[Sentence] = []
    for sent in doc.spans.get(SENTENCES, doc.sents):
        start, end = sent.start_char, sent.end_char
        number = max(bisect_right(starts, start) - 1, 0)
        while number < len(paragraphs) and paragraphs[number][0] < end:
            left = max(start, paragraphs[number][0])
            right = min(end, paragraphs[number][1])
            piece = text[left:right]
            stripped = piece.strip()
            if stripped:
                at = left + len(piece) - len(piece.lstrip())
                found.append(Sentence(article_id, len(found), at, at + len(stripped), stripped))
            number += 1
    return found


def mentions_of(article_id: str, doc) -> list[Mention]:
    """The named-entity mentions of ``doc`` whose label is one of ``ENTITY_LABELS``, stripped of
    surrounding spaces. A mention that runs across a paragraph break is left out: a name does
    not (the recogniser sees a whole article at once and can take a line break into a name)."""
    found = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        text = ent.text.strip()
        if not text or "\n" in text:
            continue
        start = ent.start_char + len(ent.text) - len(ent.text.lstrip())
        found.append(Mention(article_id, start, start + len(text), text, ent.label_))
    return found


def parse_bounded(text: str, parser, deadline: Deadline | None = None) -> tuple[str, object]:
    """The analysed part of ``text`` and its parse by ``parser``, in chunks of whole paragraphs
    (a paragraph over the chunk size in pieces) joined into one doc; when ``deadline`` passes
    between chunks the parse stops there and the part returned is the part parsed."""
    from spacy.tokens import Doc  # deferred: spaCy is loaded by the caller's parser

    end = analysed_end(text)
    if end <= PARSE_CHUNK_CHARS:
        return text[:end], parser(text[:end])
    bounds = _chunk_bounds(text, end)
    docs = []
    reached = 0
    for (_, stop), doc in zip(bounds, parser.pipe(text[s:e] for s, e in bounds)):
        docs.append(doc)
        reached = stop
        if deadline is not None and deadline.passed():
            break
    return text[:reached], Doc.from_docs(docs, ensure_whitespace=False)


def _chunk_bounds(text: str, end: int) -> list[tuple[int, int]]:
    """Consecutive spans covering ``text[:end]`` exactly, each cut where a paragraph (or a
    piece of an over-long one) starts, and at most ``PARSE_CHUNK_CHARS`` long where the cuts
    allow it."""
    cuts = [start for start, _ in sentence_pieces(text[:end]) if start > 0] + [end]
    bounds = []
    start = last = 0
    for cut in cuts:
        if cut - start > PARSE_CHUNK_CHARS and last > start:
            bounds.append((start, last))
            start = last
        last = cut
    bounds.append((start, end))
    return bounds
