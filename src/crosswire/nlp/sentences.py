"""NLP: spaCy sentences and named-entity mentions for each English article.

Sentences never cross a paragraph boundary: each paragraph is run through spaCy on its own (a
headline-like paragraph without a full stop would otherwise swallow the next one).

Work per article is bounded (issue #11): only the part of the text within
``text.paragraphs.analysed_end`` is analysed, a paragraph longer than ``MAX_PIECE_CHARS`` goes to
spaCy in pieces cut at sentence ends, and a ``Deadline`` checked between paragraphs stops an
article's analysis when its time is up (what was found so far is kept, and the run notes it).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

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


class ArticleNlp(NamedTuple):
    article: Article
    sentences: list[Sentence]
    mentions: list[Mention]
    #: Whether the deadline stopped the analysis before the end of the analysed text.
    cut_short: bool = False


def sentence_pieces(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans spaCy sees for ``text``: its paragraphs within the analysed part,
    long ones in pieces."""
    end = analysed_end(text)
    return [p for start, stop in paragraph_spans(text[:end]) for p in pieces(text, start, stop)]


def sentences_and_mentions(
    articles: Iterable[Article],
    nlp,
    batch_size: int = 64,
    seconds: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[ArticleNlp]:
    """Yield each article with its sentences and mentions, spans in the article's text; an
    article's analysis stops after ``seconds`` (checked between paragraphs)."""
    for article in articles:
        deadline = Deadline(seconds, clock)
        spans = sentence_pieces(article.text)
        texts = (article.text[s:e] for s, e in spans)
        sentences: list[Sentence] = []
        mentions: list[Mention] = []
        for (offset, _), doc in zip(spans, nlp.pipe(texts, batch_size=batch_size)):
            for sent in doc.sents:
                text = sent.text.strip()
                if not text:
                    continue
                start = offset + sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
                sentences.append(
                    Sentence(article.id, len(sentences), start, start + len(text), text)
                )
            for ent in doc.ents:
                if ent.label_ in ENTITY_LABELS:
                    mentions.append(
                        Mention(
                            article.id,
                            offset + ent.start_char,
                            offset + ent.end_char,
                            ent.text,
                            ent.label_,
                        )
                    )
            if deadline.passed():
                break
        yield ArticleNlp(article, sentences, mentions, deadline.hit)


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
