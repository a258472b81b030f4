"""Near-duplicates at scale: synthetic documents with planted near-duplicate groups, made from
the Multi-News sample, and the recall of ``stories.minhash`` on them.

The documents. The sample's articles are cut into sentences and a vocabulary. Logical document
``L`` belongs to block ``L // 10``; each block plants one group of 2, 3 or 4 documents (an
original and copies) and fills the rest with unrelated documents:

- an unrelated document is 8–30 sentences drawn from the pool, with 3% of its words dropped or
  replaced by words of the vocabulary;
- a copy is its original edited the way syndicated copies are: up to 3% of the words dropped or
  replaced, two neighbouring sentences swapped (half the copies), the last sentence cut (30%),
  a sentence added at the top (30%).

Every document is a pure function of (seed, N, position), so each partition can generate its
own texts and any pair can be regenerated to check it. A fixed permutation
``L = position · 1,000,003 mod N`` scatters each group over the partitions, so planted pairs
must be combined across partitions.

Nothing is tuned on these documents: bands and rows come from the S-curve (``stories.minhash``),
the threshold from the dedup stage, and the edits were fixed before the first run. Recall is
still reported on two halves of the groups (``half_of``, by a hash of the block) to show that it
does not hang on which groups are counted.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
from dataclasses import dataclass
from pathlib import Path

from crosswire.evaluation.multinews import load_clusters
from crosswire.stories.minhash import MinHashConfig, find_pairs, shingle_hashes

__all__ = ["NEAR", "Pool", "Score", "evaluate", "half_of", "logical_text", "read_pool"]

BLOCK = 10
GROUP_SIZES = (2, 3, 4)
#: The dedup stage's near-duplicate threshold (``DedupConfig.near_jaccard``).
NEAR = 0.7
#: A prime: the multiplier of the permutation that scatters groups over the partitions.
SCATTER = 1_000_003
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])|\s*\n\s*")


@dataclass(frozen=True)
class Pool:
    sentences: list[str]
    vocabulary: list[str]


def read_pool(path: Path) -> Pool:
    """The sample's sentences (6–60 words) and its distinct words, in a fixed order."""
    sentences: dict[str, None] = {}
    for cluster in load_clusters(path):
        for article in cluster.documents:
            for piece in _SENTENCE_END.split(article):
                piece = " ".join(piece.split())
                if 6 <= len(piece.split()) <= 60:
                    sentences[piece] = None
    pool = list(sentences)
    vocabulary = sorted({w for s in pool for w in s.split() if w.isalpha()})
    return Pool(pool, vocabulary)


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random(":".join(map(str, (seed, *parts))))


def _substituted(sentences: list[str], rng: random.Random, rate: float, pool: Pool) -> str:
    found = " ".join(sentences).split()
    for position in sorted(rng.sample(range(len(found)), int(len(found) * rate)), reverse=True):
        if rng.random() < 0.5:
            del found[position]
        else:
            found[position] = rng.choice(pool.vocabulary)
    return " ".join(found)


def _unrelated(seed: int, key: object, pool: Pool) -> str:
    rng = _rng(seed, "doc", key)
    chosen = rng.choices(pool.sentences, k=rng.randint(8, 30))
    return _substituted(chosen, rng, 0.03, pool)


def _copy(original: str, rng: random.Random, pool: Pool) -> str:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", original) if s]
    if len(sentences) > 2 and rng.random() < 0.5:
        at = rng.randrange(len(sentences) - 1)
        sentences[at], sentences[at + 1] = sentences[at + 1], sentences[at]
    if len(sentences) > 2 and rng.random() < 0.3:
        sentences.pop()
    if rng.random() < 0.3:
        sentences.insert(0, rng.choice(pool.sentences))
    return _substituted(sentences, rng, rng.uniform(0, 0.03), pool)


def group_size(seed: int, block: int) -> int:
    return _rng(seed, "group", block).choice(GROUP_SIZES)


def logical_text(seed: int, logical: int, pool: Pool) -> str:
    """The text of logical document ``logical``."""
    block, slot = divmod(logical, BLOCK)
    if slot >= group_size(seed, block):
        return _unrelated(seed, logical, pool)
    original = _unrelated(seed, ("original", block), pool)
    if slot == 0:
        return original
    return _copy(original, _rng(seed, "copy", block, slot), pool)


def logical_of(position: int, size: int) -> int:
    return position * SCATTER % size


def position_of(logical: int, size: int) -> int:
    return logical * pow(SCATTER, -1, size) % size


def text_at(seed: int, position: int, size: int, pool: Pool) -> str:
    """The text at ``position`` of a collection of ``size`` documents."""
    return logical_text(seed, logical_of(position, size), pool)


def planted_pairs(seed: int, size: int) -> list[tuple[int, int, int]]:
    """(block, position, position) for every pair of documents of one planted group."""
    pairs = []
    for block in range(math.ceil(size / BLOCK)):
        members = [block * BLOCK + s for s in range(group_size(seed, block))]
        members = [position_of(m, size) for m in members if m < size]
        pairs += [
            (block, min(a, b), max(a, b)) for i, a in enumerate(members) for b in members[i + 1 :]
        ]
    return pairs


def half_of(block: int) -> str:
    """'tune' or 'check', fixed by a hash of the group's block number."""
    digest = hashlib.blake2b(f"near-duplicates:{block}".encode(), digest_size=1).digest()
    return "tune" if digest[0] % 2 == 0 else "check"


@dataclass(frozen=True)
class Score:
    """Per planted pair: its half, exact Jaccard and estimate (-1 when not a candidate); and the
    exact Jaccard of every pair verified (estimate ≥ 0.7) that was not planted."""

    planted: tuple[tuple[str, float, float], ...]
    others: tuple[float, ...]
    candidates: int

    def recall(self, half: str | None = None, verified: bool = False) -> float:
        """Planted pairs with exact Jaccard ≥ 0.7 (of ``half``) that are candidates (and, with
        ``verified``, whose estimate is also ≥ 0.7)."""
        chosen = [p for p in self.planted if (half is None or p[0] == half) and p[1] >= NEAR]
        found = [p for p in chosen if p[2] >= (NEAR if verified else 0.0)]
        return len(found) / max(1, len(chosen))

    def precision(self) -> float:
        """Verified pairs (estimate ≥ 0.7) whose exact Jaccard is ≥ 0.7, planted or not."""
        verified = [p[1] for p in self.planted if p[2] >= NEAR] + list(self.others)
        return sum(1 for j in verified if j >= NEAR) / max(1, len(verified))


def score(seed: int, size: int, pool: Pool, found: dict[tuple[int, int], float]) -> Score:
    """The planted pairs' exact Jaccard against the candidates ``found`` (positions → estimate);
    a planted group's members are regenerated once."""
    shingles: dict[int, set[int]] = {}

    def shingle_set(position: int) -> set[int]:
        if position not in shingles:
            text = text_at(seed, position, size, pool)
            shingles[position] = set(shingle_hashes(text, 5).tolist())
        return shingles[position]

    planted, block_now = [], -1
    for block, a, b in planted_pairs(seed, size):
        if block != block_now:
            shingles.clear()
            block_now = block
        true = _jaccard(shingle_set(a), shingle_set(b))
        planted.append((half_of(block), true, found.get((a, b), -1.0)))
    planted_set = {(a, b) for _, a, b in planted_pairs(seed, size)}
    others = tuple(
        _jaccard(shingle_set(a), shingle_set(b))
        for (a, b), s in sorted(found.items())
        if s >= NEAR and (a, b) not in planted_set
    )
    return Score(tuple(planted), others, len(found))


def _jaccard(x: set[int], y: set[int]) -> float:
    return len(x & y) / max(1, len(x | y))


def evaluate(path: Path, size: int, seed: int = 13, partition: int = 50_000) -> Score:
    """``size`` documents generated from the Multi-News CSV at ``path``, in partitions of
    ``partition``, through ``find_pairs`` in this process; scored against the planted pairs."""
    pool = read_pool(path)
    spans = [(start, min(size, start + partition)) for start in range(0, size, partition)]

    def load(span: tuple[int, int]) -> list[str]:
        return [text_at(seed, p, size, pool) for p in range(*span)]

    found = find_pairs(spans, MinHashConfig(), load=load)
    pairs = {(a, b): s for a, b, s in found.as_indices([s for s, _ in spans])}
    return score(seed, size, pool, pairs)
