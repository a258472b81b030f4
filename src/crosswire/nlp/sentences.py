"""NLP: spaCy sentences and named-entity mentions for each English article.

Sentences never cross a paragraph boundary: each paragraph is run through spaCy on its own (a
headline-like paragraph without a full stop would otherwise swallow the next one).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from crosswire.records import Article, Mention, Sentence
from crosswire.text.paragraphs import paragraph_spans

#: spaCy labels kept as entity mentions; numbers, dates and amounts are handled by later stages.
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"}
)


def sentences_and_mentions(
    articles: Iterable[Article], nlp, batch_size: int = 64
) -> Iterator[tuple[Article, list[Sentence], list[Mention]]]:
    """Yield each article with its sentences and mentions, spans in the article's text."""
    for article in articles:
        spans = paragraph_spans(article.text)
        texts = [article.text[s:e] for s, e in spans]
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
        yield article, sentences, mentions
