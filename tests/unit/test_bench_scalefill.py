"""The scale benchmark's synthetic growth (bench/_scalefill.py): copies of a base workspace are
consistent articles (sentences and mentions are slices of the new text, vectors near the base
ones), the stories hold them as the clustering would, and growing in steps gives the same
workspace as growing at once."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.bench_modules import load_bench_module

from crosswire import listing, pipeline, stages
from crosswire.nlp.encoder import HashingEncoder
from crosswire.records import Article, Mention, Sentence, stable_id
from crosswire.store import open_store

_scalefill = load_bench_module("_scalefill")

pytestmark = pytest.mark.unit

TEXTS = [
    "The harbour board approved two hybrid ferries. The ferries carry four hundred people.",
    "Harbour officials said the hybrid ferries arrive in May. Each ferry cost $40 million.",
    "A strong earthquake shook the valley towns. Rescue teams searched collapsed homes.",
]


def models() -> pipeline.Models:
    def refuse():
        raise AssertionError("no spaCy model is needed")

    return pipeline.Models(nlp_loader=refuse, encoder_loader=lambda: HashingEncoder(64))


def base_store(path: Path):
    """Three articles with sentences, a mention each and vectors, clustered by the real stage."""
    store = open_store(str(path))
    encoder = HashingEncoder(64)
    ids = []
    with store.transaction():
        for number, text in enumerate(TEXTS):
            article_id = stable_id("a", text)
            cut = text.index(". ") + 1
            sentences = [
                Sentence(article_id, 0, 0, cut, text[:cut]),
                Sentence(article_id, 1, cut + 1, len(text), text[cut + 1 :]),
            ]
            word = text.split()[1]
            start = text.index(word)
            mentions = [Mention(article_id, start, start + len(word), word, "ORG")]
            store.add_article(
                Article(
                    id=article_id,
                    source=f"{number}.txt",
                    title=text[:20],
                    text=text,
                    original_text=text,
                )
            )
            store.record_input(f"{number}.txt", f"hash{number}", article_id)
            store.save_nlp(article_id, "test-nlp", sentences, mentions)
            vectors = encoder.encode([s.text for s in sentences])
            store.save_embeddings(
                encoder.name, {s.text_hash: v for s, v in zip(sentences, vectors)}
            )
            ids.append(article_id)
    pipeline.analyse(ids, store, models=models(), stages=stages.through("cluster")[-2:])
    return store


@pytest.fixture
def base(tmp_path):
    store = base_store(tmp_path / "base.db")
    yield _scalefill.read_base(store, "test-nlp", HashingEncoder.name)
    store.close()


def test_copies_are_consistent_articles_in_stories_like_their_base(base, tmp_path):
    store = open_store(str(tmp_path / "grown.db"))
    try:
        have = _scalefill.grow(store, base, 0, 9, lambda n: None)
        assert have == 9 == store.counts()["articles"]
        assignment = store.story_assignment()
        assert len(assignment) == 9
        copies = [a for a in store.articles() if a.source.startswith("synthetic/2/")]
        assert len(copies) == 3
        for article in copies:
            sentences = store.sentences([article.id])
            assert [s.text for s in sentences] == [article.text[s.start : s.end] for s in sentences]
            assert all(s.text.endswith(" [2]") for s in sentences)
            [mention] = store.mentions([article.id])
            assert article.text[mention.start : mention.end] == mention.text
            vectors = store.embeddings(HashingEncoder.name, [s.text_hash for s in sentences])
            assert len(vectors) == 2
        # Each copy's story has as many members as its base story, and copies of one base
        # story are different stories.
        sizes = sorted(len(r.article_ids) for r in store.load_stories())
        base_sizes = sorted(len(r.article_ids) for r in base.stories)
        assert sizes == sorted(base_sizes * 3)
        assert len(listing.stored_stories(store, models=models())) == 3 * len(base.stories)
    finally:
        store.close()


def test_a_copied_vector_is_near_its_base_vector_and_seeded(base, tmp_path):
    first = next(iter(base.sentences))
    found = _scalefill._copy_article(
        next(a for a in base.articles if a.id == first),
        base.sentences[first],
        base.mentions.get(first, []),
        1,
    )
    one = _scalefill._noisy(base, first, found[1], np.random.default_rng(1))
    again = _scalefill._noisy(base, first, found[1], np.random.default_rng(1))
    for old, new in zip(base.sentences[first], found[1], strict=True):
        vector = one[new.text_hash]
        assert np.array_equal(vector, again[new.text_hash])
        cosine = float(vector @ base.vectors[old.text_hash])
        assert 0.7 < cosine < 0.999


def test_growing_in_steps_gives_the_workspace_grown_at_once(base, tmp_path):
    stepped, whole = open_store(str(tmp_path / "a.db")), open_store(str(tmp_path / "b.db"))
    try:
        have = 0
        for target in (2, 4, 7):
            have = _scalefill.grow(stepped, base, have, target, lambda n: None)
        assert _scalefill.grow(whole, base, 0, 7, lambda n: None) == have
        assert stepped.story_assignment() == whole.story_assignment()
        assert [a.id for a in stepped.articles()] == [a.id for a in whole.articles()]
    finally:
        stepped.close()
        whole.close()
