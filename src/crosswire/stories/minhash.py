"""Near-duplicate candidates at scale: MinHash signatures, LSH banding, buckets → pairs.

The work is split so that it runs partition by partition, in one process or on Dask:

1. ``signatures`` (per partition, independent): each text's word shingles (``shingle_words``
   consecutive lower-cased words of ``crosswire.text.tokens.words``, the shingles the dedup
   stage compares) are hashed to 64 bits, and ``num_perm`` seeded hash functions
   ``h_i(x) = (a_i·x + b_i) mod 2⁶⁴``, top 32 bits, keep each function's minimum: a signature of
   ``num_perm`` uint32 values. Two signatures agree at a position with probability equal to the
   Jaccard similarity of the two shingle sets.
2. ``band_keys`` (per partition): the signature is cut into ``bands`` bands of ``rows`` values,
   and each band is hashed to one 64-bit key that also encodes the band's number. Keys mean the
   same thing in every partition, so buckets combine across partitions by key alone.
3. ``split_by_range`` (per partition) and ``bucket_pairs`` (per key range): keys are routed to
   ``key_ranges`` ranges by their top bits (a shuffle); each range's buckets — texts with equal
   keys — give the candidate pairs.
4. ``estimate`` (per pair of partitions): the share of agreeing signature positions, an unbiased
   estimate of the Jaccard similarity; ``min_estimate`` keeps the verified pairs.

Choosing bands and rows (the S-curve). A pair with Jaccard ``s`` shares one given band with
probability ``s^r`` and becomes a candidate with probability ``P(s) = 1 - (1 - s^r)^b``. The
dedup stage calls two texts near-duplicates at shingle Jaccard 0.7 (``DedupConfig.near_jaccard``)
and verifies candidates exactly, so a missed candidate is a missed near-duplicate while a false
candidate costs one Jaccard computation. ``b = 32, r = 4`` (128 values, the signature length the
stage used before) puts the curve's midpoint at ``(1/b)^(1/r) ≈ 0.42`` and gives P(0.9) = 1 - 1e-27,
P(0.8) = 1 - 3e-9, P(0.7) = 0.99985 (one near-duplicate pair in 6,700 at exactly the threshold
is missed), P(0.5) = 0.87, P(0.3) = 0.23, P(0.1) = 0.003, and P(0.02) = 5e-6 for two unrelated
news reports (whose 5-shingle Jaccard is near zero). The alternatives with 128 values are worse
at the threshold: ``b = 16, r = 8`` gives P(0.7) = 0.61, ``b = 64, r = 2`` gives P(0.1) = 0.48
(half of all loosely related pairs become candidates). ``b = 20, r = 5`` (100 values) gives
P(0.7) = 0.975.

Output is deterministic: hash functions come from ``seed``, word hashes from BLAKE2b, and pairs
are returned sorted. Partitioning changes nothing but where the work runs: a text is named by
``(partition, row)`` and the pairs found are the same for any split of the same texts, in one
process or on Dask (``find_pairs(..., dask=True)``; ``dask`` is the optional ``dask`` extra).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from crosswire.text.tokens import words

_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
#: Odd 64-bit multiplier that combines consecutive word hashes into a shingle hash.
_SHINGLE_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
#: A partition's text is named by ``partition << _ROW_BITS | row`` (2³² rows per partition).
_ROW_BITS = 32
#: Shingles hashed per block of the signature computation: block × num_perm × 8 bytes = 2 MB,
#: which stays in a core's cache (16,384 was 4× slower, bound by memory bandwidth).
_BLOCK_SHINGLES = 2_048
#: Texts shingled at a time within a partition (their shingle hashes take ~5 MB for news).
_TEXTS_AT_ONCE = 1_024


@dataclass(frozen=True)
class MinHashConfig:
    shingle_words: int = 5
    bands: int = 32
    rows: int = 4
    seed: int = 1
    #: Key ranges the band keys are shuffled into (a power of two; the tasks of the reduction).
    key_ranges: int = 16
    #: Candidates whose estimated Jaccard is below this are dropped (0 keeps every candidate,
    #: for a caller that verifies exactly, as the dedup stage does).
    min_estimate: float = 0.0

    @property
    def num_perm(self) -> int:
        return self.bands * self.rows


@dataclass(frozen=True)
class Partition:
    """One partition's signatures: row ``i`` is the ``i``-th text; ``empty`` marks texts with no
    word at all (they have no shingles, take no part in banding and are never candidates)."""

    index: int
    signatures: np.ndarray
    empty: np.ndarray


def shingle_hashes(text: str, size: int, cache: dict[str, int] | None = None) -> np.ndarray:
    """The 64-bit hashes of ``text``'s word ``size``-shingles (with repeats, in text order); a
    text shorter than ``size`` words is one shingle of all its words, and no words gives none.

    ``cache`` maps a word to its hash and is filled as words are met (one per partition: a
    word is hashed by BLAKE2b once)."""
    cache = {} if cache is None else cache
    found = words(text)
    if not found:
        return np.zeros(0, dtype=np.uint64)
    values = [cache.get(word) for word in found]
    if None in values:
        for position, word in enumerate(found):
            if values[position] is None:
                values[position] = cache.setdefault(word, _word_hash(word))
    ids = np.array(values, dtype=np.int64).view(np.uint64)
    width = min(size, len(ids))
    count = len(ids) - width + 1
    combined = ids[:count].copy()
    for offset in range(1, width):
        combined = combined * _SHINGLE_MULTIPLIER + ids[offset : offset + count]
    return _mix(combined ^ np.uint64(width))


def _word_hash(word: str) -> int:
    """A word's 64-bit BLAKE2b hash, as a signed integer (numpy takes those fastest)."""
    digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, signed=True)


def _mix(values: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser, elementwise: spreads structured 64-bit values over all bits."""
    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


def _permutations(config: MinHashConfig) -> tuple[np.ndarray, np.ndarray]:
    """The seeded hash functions' multipliers (odd) and addends."""
    generator = np.random.Generator(np.random.PCG64(config.seed))
    high = np.iinfo(np.uint64).max
    multipliers = generator.integers(1, high, size=config.num_perm, dtype=np.uint64, endpoint=True)
    addends = generator.integers(0, high, size=config.num_perm, dtype=np.uint64, endpoint=True)
    return multipliers | np.uint64(1), addends


def signatures(
    texts: Sequence[str], config: MinHashConfig = MinHashConfig(), index: int = 0
) -> Partition:
    """The MinHash signatures of one partition's texts (``index`` names the partition).

    Texts are shingled ``_TEXTS_AT_ONCE`` at a time, so a partition's shingle hashes (8 bytes a
    word, more than its texts take) are never all held at once."""
    cache: dict[str, int] = {}
    chunks = []
    for start in range(0, len(texts), _TEXTS_AT_ONCE):
        chunk = texts[start : start + _TEXTS_AT_ONCE]
        hashed = [shingle_hashes(text, config.shingle_words, cache) for text in chunk]
        chunks.append(signatures_of_shingles(hashed, config, index))
    if not chunks:
        return signatures_of_shingles([], config, index)
    return Partition(
        index,
        np.concatenate([c.signatures for c in chunks]),
        np.concatenate([c.empty for c in chunks]),
    )


def signatures_of_shingles(
    hashed: Sequence[np.ndarray], config: MinHashConfig = MinHashConfig(), index: int = 0
) -> Partition:
    """Signatures from shingle hashes already computed (see ``shingle_hashes``)."""
    multipliers, addends = _permutations(config)
    result = np.empty((len(hashed), config.num_perm), dtype=np.uint32)
    empty = np.array([len(h) == 0 for h in hashed], dtype=bool)
    result[empty] = np.iinfo(np.uint32).max
    rows = np.flatnonzero(~empty)
    longest = max((len(h) for h in hashed), default=0)
    buffer = np.empty((max(_BLOCK_SHINGLES, longest), config.num_perm), dtype=np.uint64)
    start = 0
    sizes = [len(hashed[r]) for r in rows]
    while start < len(rows):
        stop, total = start + 1, sizes[start]  # a block holds at least one text
        while stop < len(rows) and total + sizes[stop] <= _BLOCK_SHINGLES:
            total += sizes[stop]
            stop += 1
        block = rows[start:stop]
        values = np.concatenate([hashed[r] for r in block])
        permuted = buffer[: len(values)]
        np.multiply(values[:, None], multipliers[None, :], out=permuted)
        np.add(permuted, addends[None, :], out=permuted)
        offsets = np.cumsum([0] + [len(hashed[r]) for r in block[:-1]])
        # The top 32 bits of the minimum are the minimum of the top 32 bits.
        lowest = np.minimum.reduceat(permuted, offsets, axis=0)
        result[block] = (lowest >> np.uint64(32)).astype(np.uint32)
        start = stop
    return Partition(index, result, empty)


def band_keys(partition: Partition, config: MinHashConfig = MinHashConfig()) -> np.ndarray:
    """``(texts, bands)`` uint64 keys: band ``j`` of a signature hashed with ``j`` itself, so
    equal keys mean an equal band at the same place, whichever partition a text is in."""
    count = partition.signatures.shape[0]
    keys = np.empty((count, config.bands), dtype=np.uint64)
    for band in range(config.bands):
        start = ((band + 1) * int(_SHINGLE_MULTIPLIER)) & int(_MASK64)
        key = np.full(count, start, dtype=np.uint64)
        block = partition.signatures[:, band * config.rows : (band + 1) * config.rows]
        for column in range(config.rows):
            key = _mix(key ^ block[:, column].astype(np.uint64))
        keys[:, band] = key
    return keys


def split_by_range(
    partition: Partition, keys: np.ndarray, config: MinHashConfig = MinHashConfig()
) -> list[tuple[np.ndarray, np.ndarray]]:
    """One partition's (key, text code) rows routed to ``key_ranges`` ranges by the keys' top
    bits: range ``k`` of every partition goes to the same reduction task."""
    ranges = config.key_ranges
    if ranges < 1 or ranges & (ranges - 1):
        raise ValueError(f"key_ranges must be a power of two, not {ranges}")
    rows = np.nonzero(~partition.empty)[0]
    codes = (np.uint64(partition.index) << np.uint64(_ROW_BITS)) | rows.astype(np.uint64)
    flat_keys = keys[rows].reshape(-1)
    flat_codes = np.repeat(codes, keys.shape[1])
    shift = np.uint64(64 - max(1, ranges.bit_length() - 1))
    which = (flat_keys >> shift) if ranges > 1 else np.zeros(len(flat_keys), dtype=np.uint64)
    order = np.argsort(which, kind="stable")
    bounds = np.searchsorted(which[order], np.arange(ranges + 1, dtype=np.uint64))
    return [
        (flat_keys[order[bounds[k] : bounds[k + 1]]], flat_codes[order[bounds[k] : bounds[k + 1]]])
        for k in range(ranges)
    ]


def bucket_pairs(pieces: Iterable[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Candidate pairs of one key range: every two texts with an equal band key, as a sorted,
    unique ``(pairs, 2)`` array of text codes (smaller code first)."""
    parts = list(pieces)
    keys = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=np.uint64)
    codes = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, dtype=np.uint64)
    order = np.lexsort((codes, keys))
    keys, codes = keys[order], codes[order]
    if len(keys) < 2:
        return np.zeros((0, 2), dtype=np.uint64)
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    sizes = np.diff(np.append(starts, len(keys)))
    found = []
    twos = starts[sizes == 2]
    found.append(np.column_stack((codes[twos], codes[twos + 1])))
    for start, size in zip(starts[sizes > 2], sizes[sizes > 2]):
        members = codes[start : start + size]
        left, right = np.triu_indices(int(size), k=1)
        found.append(np.column_stack((members[left], members[right])))
    return _unique_pairs(found)


def _unique_pairs(found: Sequence[np.ndarray]) -> np.ndarray:
    pairs = [p for p in found if len(p)]
    if not pairs:
        return np.zeros((0, 2), dtype=np.uint64)
    merged = np.concatenate(pairs)
    merged = merged[merged[:, 0] != merged[:, 1]]  # one text twice in a bucket (never, in fact)
    merged.sort(axis=1)
    return np.unique(merged, axis=0)


def merge_pairs(found: Sequence[np.ndarray]) -> np.ndarray:
    """The candidate pairs of every key range, sorted and unique (a pair whose texts share
    several bands was found in several ranges)."""
    return _unique_pairs(found)


def estimate(left: Partition, right: Partition, pairs: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of each ``(code, code)`` pair, the first text in ``left``
    and the second in ``right``: the share of signature positions where they agree."""
    if not len(pairs):
        return np.zeros(0, dtype=np.float64)
    rows_mask = np.uint64((1 << _ROW_BITS) - 1)
    a = left.signatures[(pairs[:, 0] & rows_mask).astype(np.int64)]
    b = right.signatures[(pairs[:, 1] & rows_mask).astype(np.int64)]
    return (a == b).mean(axis=1)


def decode(code: int) -> tuple[int, int]:
    """A text code → ``(partition, row)``."""
    return code >> _ROW_BITS, code & ((1 << _ROW_BITS) - 1)


@dataclass(frozen=True)
class NearPairs:
    """Candidate pairs, each text named by ``(partition, row)``, with estimated Jaccard."""

    pairs: tuple[tuple[tuple[int, int], tuple[int, int], float], ...]

    def as_indices(self, offsets: Sequence[int]) -> list[tuple[int, int, float]]:
        """The pairs with texts as positions in the concatenation of the partitions, whose
        starting positions are ``offsets``."""
        return [(offsets[a[0]] + a[1], offsets[b[0]] + b[1], s) for a, b, s in self.pairs]


def _verified(
    partitions: Sequence[Partition], pairs: np.ndarray, config: MinHashConfig
) -> list[tuple[tuple[int, int], tuple[int, int], float]]:
    """Estimates for the pairs, by block of partition pairs, kept at ``min_estimate``."""
    out: list[tuple[tuple[int, int], tuple[int, int], float]] = []
    for (i, j), block in _by_partition_pair(pairs):
        out.extend(_kept(block, estimate(partitions[i], partitions[j], block), config))
    return sorted(out)


def _by_partition_pair(pairs: np.ndarray) -> list[tuple[tuple[int, int], np.ndarray]]:
    """The pairs split by the partitions of their two texts, in order of those partitions."""
    if not len(pairs):
        return []
    shift = np.uint64(_ROW_BITS)
    left, right = pairs[:, 0] >> shift, pairs[:, 1] >> shift
    order = np.lexsort((right, left))
    left, right, ordered = left[order], right[order], pairs[order]
    starts = np.flatnonzero(
        np.concatenate(([True], (left[1:] != left[:-1]) | (right[1:] != right[:-1])))
    )
    ends = np.append(starts[1:], len(ordered))
    return [
        ((int(left[a]), int(right[a])), ordered[a:b])
        for a, b in zip(starts.tolist(), ends.tolist())
    ]


def _kept(
    block: np.ndarray, estimates: np.ndarray, config: MinHashConfig
) -> list[tuple[tuple[int, int], tuple[int, int], float]]:
    keep = estimates >= config.min_estimate
    return [
        (decode(int(a)), decode(int(b)), float(s))
        for (a, b), s in zip(block[keep].tolist(), estimates[keep].tolist())
    ]


def find_pairs(
    partitions: Sequence[Any],
    config: MinHashConfig = MinHashConfig(),
    load: Callable[[Any], Sequence[str]] | None = None,
    dask: bool = False,
    scheduler: Any = None,
) -> NearPairs:
    """Near-duplicate candidate pairs among the texts of ``partitions``.

    Each partition is a sequence of texts, or anything ``load`` turns into one inside the
    partition's task (a file name, a generator's seed: the texts need never reach the caller).
    Without ``dask`` the partitions are processed one after another in this process; with it,
    as ``dask.delayed`` tasks on ``scheduler`` (``"sync"``, ``"threads"``, a
    ``distributed.Client``, or Dask's default when ``None``). The pairs are the same either way.
    """
    if dask:
        return _find_pairs_dask(partitions, config, load, scheduler)
    signed = [
        signatures(load(part) if load else part, config, index)
        for index, part in enumerate(partitions)
    ]
    routed = [split_by_range(p, band_keys(p, config), config) for p in signed]
    found = [bucket_pairs(r[k] for r in routed) for k in range(config.key_ranges)]
    return NearPairs(tuple(_verified(signed, merge_pairs(found), config)))


def _find_pairs_dask(
    partitions: Sequence[Any],
    config: MinHashConfig,
    load: Callable[[Any], Sequence[str]] | None,
    scheduler: Any,
) -> NearPairs:
    import dask  # the optional `dask` extra

    def signed(part: Any, index: int) -> Partition:
        return signatures(load(part) if load else part, config, index)

    def routed(partition: Partition) -> list[tuple[np.ndarray, np.ndarray]]:
        return split_by_range(partition, band_keys(partition, config), config)

    options = {} if scheduler is None else {"scheduler": scheduler}
    signed_tasks = [dask.delayed(signed)(part, i) for i, part in enumerate(partitions)]
    (signed_tasks,) = dask.persist(signed_tasks, **options)
    routed_tasks = [dask.delayed(routed)(p) for p in signed_tasks]
    # Range k of every partition, and nothing else, goes to range k's task (the shuffle).
    ranges = [
        dask.delayed(bucket_pairs)([r[k] for r in routed_tasks]) for k in range(config.key_ranges)
    ]
    (pairs,) = dask.compute(dask.delayed(merge_pairs)(ranges), **options)

    def verified(left: Partition, right: Partition, block: np.ndarray) -> list:
        return _kept(block, estimate(left, right, block), config)

    tasks = [
        dask.delayed(verified)(signed_tasks[i], signed_tasks[j], block)
        for (i, j), block in _by_partition_pair(pairs)
    ]
    (blocks,) = dask.compute(tasks, **options)
    return NearPairs(tuple(sorted(pair for block in blocks for pair in block)))
