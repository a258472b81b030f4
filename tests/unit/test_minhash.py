import random

import numpy as np
import pytest
from tests.feeds_server import allow_loopback

from crosswire.stories.minhash import (
    MinHashConfig,
    band_keys,
    find_pairs,
    shingle_hashes,
    signatures,
    split_by_range,
)

pytestmark = pytest.mark.unit

SENTENCE = "The port authority said on Sunday it had signed a deal."


def vocabulary_text(rng: random.Random, length: int = 300) -> str:
    return " ".join(f"w{rng.randrange(20_000)}" for _ in range(length))


def jaccard(a: str, b: str) -> float:
    x, y = set(shingle_hashes(a, 5).tolist()), set(shingle_hashes(b, 5).tolist())
    return len(x & y) / len(x | y)


def edited(text: str, rng: random.Random, changes: int) -> str:
    """``text`` with ``changes`` words, spread evenly, replaced by new ones."""
    found = text.split()
    step = len(found) // changes
    for k in range(changes):
        found[k * step + rng.randrange(step)] = f"new{rng.randrange(10**9)}"
    return " ".join(found)


def corpus(seed: int = 7) -> tuple[list[str], set[tuple[int, int]]]:
    """60 unrelated texts, then 20 light edits of the first 20 (Jaccard 0.8–0.9) and an exact
    copy of text 5; also an empty text and a one-word one."""
    rng = random.Random(seed)
    texts = [vocabulary_text(rng) for _ in range(60)]
    planted = set()
    for i in range(20):
        texts.append(edited(texts[i], rng, 4))
        planted.add((i, len(texts) - 1))
    texts.append(texts[5])
    planted |= {(5, len(texts) - 1), (65, len(texts) - 1)}  # 65 is also an edit of 5
    texts += ["", "Hello"]
    return texts, planted


def indices(pairs, sizes):
    offsets = np.cumsum([0, *sizes[:-1]]).tolist()
    return pairs.as_indices(offsets)


def test_signatures_are_deterministic_and_pinned():
    first = signatures([SENTENCE, "Other words entirely here today."]).signatures
    again = signatures([SENTENCE]).signatures
    assert first.dtype == np.uint32 and first.shape == (2, 128)
    assert (first[0] == again[0]).all()
    # Pinned: a change of shingling, word hash or hash functions changes every stored estimate.
    assert first[0][:4].tolist() == [340737406, 490965368, 598715649, 57591819]
    assert (signatures([SENTENCE], MinHashConfig(seed=2)).signatures[0] != first[0]).any()


def test_shingles_match_the_words_of_the_text_up_to_case_and_punctuation():
    assert (shingle_hashes(SENTENCE, 5) == shingle_hashes(SENTENCE.upper() + "!!", 5)).all()
    assert len(shingle_hashes(SENTENCE, 5)) == len(SENTENCE.split()) - 4
    assert len(shingle_hashes("two words", 5)) == 1
    assert len(shingle_hashes(" ... ", 5)) == 0


def test_identical_texts_are_always_candidates_with_estimate_one():
    rng = random.Random(1)
    texts = [vocabulary_text(rng, 50) for _ in range(30)]
    texts += texts[:30]
    found = find_pairs([texts[:25], texts[25:]])
    pairs = {(a, b): s for a, b, s in indices(found, [25, 35])}
    for i in range(30):
        assert pairs[(i, i + 30)] == 1.0


def test_planted_near_duplicate_at_jaccard_0_9_is_found_and_estimated_closely():
    rng = random.Random(2)
    original = vocabulary_text(rng, 400)
    copy = edited(original, rng, 5)
    true = jaccard(original, copy)
    assert 0.85 <= true <= 0.95
    [(a, b, estimate)] = find_pairs([[original, copy, vocabulary_text(rng)]]).as_indices([0])
    assert (a, b) == (0, 1)
    assert abs(estimate - true) < 0.1


def test_dissimilar_texts_are_not_candidates():
    rng = random.Random(3)
    texts = [vocabulary_text(rng) for _ in range(200)]
    assert find_pairs([texts]).pairs == ()


def test_estimates_are_unbiased():
    texts, planted = corpus()
    found = {(a, b): s for a, b, s in find_pairs([texts]).as_indices([0])}
    errors = [found[p] - jaccard(texts[p[0]], texts[p[1]]) for p in sorted(planted)]
    assert abs(float(np.mean(errors))) < 0.02
    assert float(np.std(errors)) < 0.06


def test_planted_pairs_are_found_and_empty_texts_never_are():
    texts, planted = corpus()
    found = find_pairs([texts], MinHashConfig(min_estimate=0.5)).as_indices([0])
    assert {(a, b) for a, b, _ in found} == planted


def test_partitioned_equals_single_pass():
    texts, _ = corpus()
    single = indices(find_pairs([texts]), [len(texts)])
    for sizes in ([10, 30, 23, 20], [1] * len(texts), [len(texts) - 1, 1]):
        parts, start = [], 0
        for size in sizes:
            parts.append(texts[start : start + size])
            start += size
        assert indices(find_pairs(parts), sizes) == single
    one_range = find_pairs([texts], MinHashConfig(key_ranges=1))
    assert indices(one_range, [len(texts)]) == single


def test_texts_can_be_loaded_inside_each_partition():
    texts, _ = corpus()
    spans = [(0, 40), (40, len(texts))]
    loaded = find_pairs(spans, load=lambda span: texts[span[0] : span[1]])
    assert indices(loaded, [40, len(texts) - 40]) == indices(find_pairs([texts]), [len(texts)])


def test_band_keys_depend_on_the_band_and_key_ranges_must_be_powers_of_two():
    same_bands = signatures([SENTENCE])
    same_bands.signatures[0] = np.tile(same_bands.signatures[0][:4], 32)
    keys = band_keys(same_bands)
    assert len(set(keys[0].tolist())) == 32
    with pytest.raises(ValueError, match="power of two"):
        split_by_range(same_bands, keys, MinHashConfig(key_ranges=12))


def test_default_bands_catch_pairs_at_the_dedup_threshold():
    """The S-curve of the docstring: candidates at the dedup stage's 0.7 are (almost) never
    missed, unrelated texts (Jaccard 0.02) are (almost) never candidates."""
    from crosswire.stories.dedup import DedupConfig

    config = MinHashConfig()

    def chance(s: float) -> float:
        return 1 - (1 - s**config.rows) ** config.bands

    assert chance(DedupConfig().near_jaccard) > 0.9998
    assert chance(0.02) < 1e-5


@pytest.mark.parametrize("scheduler", ["sync", "threads"])
def test_dask_gives_the_same_pairs(scheduler):
    pytest.importorskip("dask")
    texts, _ = corpus()
    sizes = [30, 30, len(texts) - 60]
    parts = [texts[:30], texts[30:60], texts[60:]]
    on_dask = find_pairs(parts, dask=True, scheduler=scheduler)
    assert indices(on_dask, sizes) == indices(find_pairs(parts), sizes)


@pytest.mark.slow
def test_a_local_cluster_of_processes_gives_the_same_pairs(monkeypatch):
    """The tasks and partitions survive pickling to worker processes (on loopback only), and
    texts loaded inside the workers give the pairs of texts passed in."""
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    allow_loopback(monkeypatch)
    texts, _ = corpus()
    sizes = [30, 30, len(texts) - 60]
    spans = [(0, 30), (30, 60), (60, len(texts))]
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
        ) as cluster,
        Client(cluster) as client,
    ):
        on_cluster = find_pairs(
            spans, dask=True, scheduler=client, load=lambda span: texts[span[0] : span[1]]
        )
    parts = [texts[a:b] for a, b in spans]
    assert indices(on_cluster, sizes) == indices(find_pairs(parts), sizes)


def test_a_partition_larger_than_one_chunk_signs_each_text_alone():
    rng = random.Random(4)
    texts = [vocabulary_text(rng, rng.randrange(0, 12)) for _ in range(2_100)]
    together = signatures(texts)
    alone = np.vstack([signatures([t]).signatures for t in texts])
    assert (together.signatures == alone).all()
    assert together.empty.tolist() == [not t for t in texts]
