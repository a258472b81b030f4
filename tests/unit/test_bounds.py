"""Work per article is bounded (issue #11): the analysed part of a text, paragraphs in pieces
for spaCy, chunked parsing joined into one doc, a per-article time cap, and the notes a briefing
shows for each. The big shapes live in bench/pathological.py; these stay small."""

from __future__ import annotations

import itertools
import random

import pytest
import spacy

from crosswire import pipeline
from crosswire.attribution.speakers import SpanIndex
from crosswire.nlp import sentences as nlp_sentences
from crosswire.nlp.models import Models, spacy_parser_pipeline
from crosswire.nlp.sentences import Deadline, parse_articles, parse_bounded, sentences_of
from crosswire.records import Article
from crosswire.stages import RunOptions, through
from crosswire.store import open_store
from crosswire.text.paragraphs import (
    MAX_ANALYSED_CHARS,
    MAX_ANALYSED_TOKENS,
    MAX_PIECE_CHARS,
    analysed_end,
    analysis_notes,
    pieces,
)

pytestmark = pytest.mark.unit

SENTENCE = "The port board met on Monday and agreed the new budget. "


def article(text: str, source: str = "long.txt") -> Article:
    return Article(id="a" + "9" * 16, source=source, title="Long", text=text, original_text=text)


def sentencizer():
    """spaCy's tokenizer and rule sentencizer: real docs, no model, fast on long text."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def test_a_text_within_the_budget_is_analysed_whole():
    text = "Headline\n\n" + SENTENCE * 100
    assert analysed_end(text) == len(text)
    assert analysis_notes(text) == []


def test_a_long_text_is_cut_at_a_paragraph_end_within_the_token_budget():
    paragraph = SENTENCE * 5 + "\n\n"
    text = paragraph * 2_000  # about 110,000 tokens
    end = analysed_end(text)
    assert 0 < end < len(text) and text[end] == "\n" and text[:end].rstrip().endswith(".")
    assert len(text[:end].split()) <= MAX_ANALYSED_TOKENS
    assert "only the first" in analysis_notes(text)[0]


def test_tiny_sentences_and_one_long_word_are_cut_too():
    dots = ". " * 100_000
    end = analysed_end(dots)
    assert MAX_ANALYSED_TOKENS <= end <= 2 * MAX_ANALYSED_TOKENS  # one mark and a space each
    word = "x" * (3 * MAX_ANALYSED_CHARS)
    assert analysed_end(word) == MAX_ANALYSED_CHARS


def test_pieces_cover_a_paragraph_exactly_and_cut_at_sentence_ends():
    text = SENTENCE * 1_000  # one paragraph of 56,000 characters
    found = pieces(text, 0, len(text))
    assert found[0][0] == 0 and found[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(found))
    assert all(MAX_PIECE_CHARS // 2 <= e - s <= MAX_PIECE_CHARS for s, e in found[:-1])
    assert all(text[e - 2 : e] == ". " for _, e in found[:-1])


def test_pieces_of_text_without_any_break_are_hard_cut_at_the_limit():
    found = pieces("x" * 45_000, 0, 45_000)
    assert found == [(0, 20_000), (20_000, 40_000), (40_000, 45_000)]


class _Recording:
    """A spaCy pipeline that remembers the longest text it was given."""

    def __init__(self):
        self.nlp = sentencizer()
        self.longest = 0

    def pipe(self, texts, batch_size=64):
        def seen():
            for text in texts:
                self.longest = max(self.longest, len(text))
                yield text

        return self.nlp.pipe(seen(), batch_size=batch_size)


def test_spacy_never_sees_an_over_long_paragraph_and_spans_still_point_into_the_text():
    text = "Headline\n\n" + SENTENCE * 800 + "\n\nLast paragraph here."
    nlp = _Recording()
    [parsed] = parse_articles([article(text)], nlp)
    found = sentences_of(parsed.article.id, parsed.text, parsed.doc)
    assert nlp.longest <= MAX_PIECE_CHARS and not parsed.cut_short
    assert len(found) == 802
    assert all(text[s.start : s.end] == s.text for s in found)
    assert "was split into pieces" in analysis_notes(text)[0]


def ticking(step: float = 1.0):
    """A clock that moves on ``step`` seconds each time it is read."""
    counter = itertools.count()
    return lambda: next(counter) * step


def test_the_time_cap_stops_an_article_between_chunks_and_keeps_what_was_found():
    text = "\n\n".join(f"Paragraph {i} is here. {SENTENCE * 10}" for i in range(60))
    [cut] = parse_articles([article(text)], sentencizer(), seconds=1, clock=ticking())
    found = sentences_of(cut.article.id, cut.text, cut.doc)
    assert cut.cut_short and text.startswith(cut.text) and 11 <= len(found) < 60 * 11
    [whole] = parse_articles([article(text)], sentencizer(), seconds=None)
    assert not whole.cut_short and whole.text == text
    assert len(sentences_of(whole.article.id, whole.text, whole.doc)) == 60 * 11


def test_a_short_article_is_parsed_whole_without_reading_the_clock():
    text = "\n\n".join(f"Paragraph {i} is here." for i in range(50))

    def clock():
        raise AssertionError("a short article's parse is not cut")

    [parsed] = parse_articles([article(text)], sentencizer(), seconds=3, clock=clock)
    assert parsed.text == text and not parsed.cut_short
    assert len(sentences_of(parsed.article.id, parsed.text, parsed.doc)) == 50


def test_a_long_text_is_parsed_in_chunks_joined_into_one_doc_of_exactly_its_text():
    text = "\n\n".join(SENTENCE * 10 for _ in range(60))  # 34,000 characters
    parsed_text, doc = parse_bounded(text, sentencizer())
    assert parsed_text == text and doc.text == text
    whole = sentencizer()(text)
    assert [s.text.strip() for s in doc.sents if s.text.strip()] == [
        s.text.strip() for s in whole.sents if s.text.strip()
    ]


def test_a_parse_cut_short_by_its_deadline_covers_a_prefix_of_whole_chunks():
    text = "\n\n".join(SENTENCE * 10 for _ in range(120))
    deadline = Deadline(0.5, ticking())
    parsed_text, doc = parse_bounded(text, sentencizer(), deadline)
    assert deadline.hit and doc.text == parsed_text
    assert 0 < len(parsed_text) <= nlp_sentences.PARSE_CHUNK_CHARS
    assert text.startswith(parsed_text) and parsed_text.endswith("\n\n")


def test_an_over_long_article_is_kept_with_notes_in_the_briefing(tmp_path):
    # Distinct paragraphs: cleaning drops a repeated one.
    long_text = "Headline\n\n" + "".join(f"In part {i}, {SENTENCE * 5}\n\n" for i in range(500))
    path = tmp_path / "long.txt"
    path.write_text(long_text, encoding="utf-8")
    # The real parser (the nlp stage reads quotes from its parse), cut after two chunks.
    models = Models(spacy_parser_pipeline, lambda: None, "parser")  # type: ignore[arg-type]
    options = RunOptions(article_seconds=2, clock=ticking())
    store = open_store(str(tmp_path / "ws.db"))
    briefing = pipeline.run(
        [str(path)], store, models=models, options=options, stages=through("nlp")
    )
    store.close()
    assert len(briefing.articles) == 1
    reasons = [p.reason for p in briefing.problems]
    assert [p.severity for p in briefing.problems] == ["warning", "warning"]
    assert reasons[0].startswith("only the first")
    assert reasons[1].startswith("sentence and quote analysis stopped after 2 s")
    # The briefing's article is the analysed part; the store keeps the whole text.
    assert len(briefing.articles[0].text) < len(long_text) - 1000


def test_span_index_answers_as_a_scan_of_every_span_does():
    rng = random.Random(7)
    for _ in range(300):
        spans = [(s, s + rng.randint(1, 30)) for s in rng.sample(range(200), rng.randint(0, 12))]
        index = SpanIndex(spans)
        for position in range(-2, 240):
            assert (position in index) == any(s <= position < e for s, e in spans)
