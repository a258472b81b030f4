"""The one embedding cache: each distinct text embedded once, kept in memory or in a file."""

import numpy as np
import pytest

from crosswire.nlp.encoder import HashingEncoder
from crosswire.nlp.vectors import CachedEncoder, MemoryVectors, VectorFile
from crosswire.records import text_hash

pytestmark = pytest.mark.unit


class Counting(HashingEncoder):
    def __init__(self):
        super().__init__()
        self.calls: list[list[str]] = []

    def encode(self, texts):
        self.calls.append(list(texts))
        return super().encode(texts)


def test_each_distinct_text_is_embedded_once_and_texts_that_normalise_alike_share_a_vector():
    inner = Counting()
    cached = CachedEncoder(inner)
    texts = ["one sentence here", "another sentence", "one  sentence here", "one sentence here"]
    vectors = cached.encode(texts)
    assert inner.calls == [["another sentence", "one sentence here"]]
    np.testing.assert_allclose(vectors[0], vectors[2])
    np.testing.assert_allclose(vectors[:2], HashingEncoder().encode(texts[:2]))
    cached.encode(texts[:2])
    assert len(inner.calls) == 1


def test_a_seeded_cache_is_used_instead_of_the_encoder():
    seed = {text_hash("known"): np.ones(HashingEncoder().dimension, dtype=np.float32)}
    inner = Counting()
    vectors = CachedEncoder(inner, seed).encode(["known", "new"])
    assert inner.calls == [["new"]]
    np.testing.assert_allclose(vectors[0], 1.0)


def test_an_empty_request_has_the_encoder_dimension():
    assert CachedEncoder(Counting()).encode([]).shape == (0, HashingEncoder().dimension)


def test_a_vector_file_outlives_the_run_and_keeps_encoders_apart(tmp_path):
    path = tmp_path / "vectors.sqlite"
    first = Counting()
    texts = ["one sentence here", "another sentence"]
    expected = CachedEncoder(first, VectorFile(path, first.name)).encode(texts)
    again = Counting()
    np.testing.assert_allclose(
        CachedEncoder(again, VectorFile(path, again.name)).encode(texts), expected
    )
    assert again.calls == []
    other = Counting()
    CachedEncoder(other, VectorFile(path, "another-model")).encode(texts)
    assert other.calls == [sorted(texts)]


def test_memory_vectors_look_up_only_what_they_hold():
    cache = MemoryVectors({"a": np.zeros(2)})
    cache.keep({"b": np.ones(2)})
    assert sorted(cache.lookup(["a", "b", "c"])) == ["a", "b"]
