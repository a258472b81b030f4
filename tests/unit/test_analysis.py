"""The cross-source orchestration's own helpers."""

import numpy as np
import pytest

from crosswire.analysis.ledger import Found
from crosswire.analysis.story import _quote_vectors
from crosswire.nlp.encoder import HashingEncoder
from crosswire.nlp.vectors import CachedEncoder
from crosswire.records import Sentence

pytestmark = pytest.mark.unit

TEXT = (
    "“We will build four new berths by next spring,” the minister said. "
    "She added that the port would hire staff."
)


class CountingEncoder(HashingEncoder):
    def __init__(self):
        super().__init__(64)
        self.seen: list[str] = []

    def encode(self, texts):
        self.seen.extend(texts)
        return super().encode(texts)


def sentences():
    first = TEXT.index(" She") + 1
    return {
        "a": [
            Sentence("a", 0, 0, first - 1, TEXT[: first - 1]),
            Sentence("a", 1, first, len(TEXT), TEXT[first:]),
        ]
    }


def found(start: int, end: int) -> Found:
    return Found("a", "direct", TEXT[start:end], start, end, "said", None, None, None)


def test_a_quote_that_is_most_of_its_sentence_takes_the_sentence_vector_and_a_fragment_is_encoded():
    by_article = sentences()
    inner = HashingEncoder(64)
    cache = {s.text_hash: inner.encode([s.text])[0] for s in by_article["a"]}
    counting = CountingEncoder()
    encoder = CachedEncoder(counting, cache)
    whole = found(0, TEXT.index(" the minister"))  # most of the first sentence
    fragment = found(TEXT.index("the port"), TEXT.index(" would"))  # two words of the second
    vectors = _quote_vectors([whole, fragment], by_article, encoder)
    assert counting.seen == ["the port"]
    assert np.allclose(vectors[0], cache[by_article["a"][0].text_hash], atol=1e-6)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
