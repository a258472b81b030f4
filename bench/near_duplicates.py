"""Near-duplicates at scale: MinHash LSH (``crosswire.stories.minhash``) over up to 1,000,000
synthetic documents made from the Multi-News sample, with planted near-duplicate groups.

The documents. The sample's articles are cut into sentences (a pool of ~16k) and a vocabulary.
Logical document ``L`` belongs to block ``L // 10``; each block plants one group of 2, 3 or 4
documents (an original and copies) and fills the rest with unrelated documents:

- an unrelated document is 8–30 sentences drawn from the pool, with 3% of its words replaced
  by words of the vocabulary;
- a copy is its original edited the way syndicated copies are: up to 3% of the words dropped
  or replaced, two neighbouring sentences swapped (half the copies), the last sentence cut
  (30%), a sentence added at the top (30%).

Every document is a pure function of (seed, N, position), so each partition generates its own
texts (they never pass through the parent) and any pair can be regenerated to check it. A fixed
permutation ``position = L · A⁻¹ mod N`` scatters each group over the partitions, so planted
pairs must be combined across partitions.

What is measured, for each size N in its own child process: the LSH's wall and CPU time (the
time spent generating texts inside the partitions is measured and subtracted), its peak memory
(``ru_maxrss``, and its rise over the process before the LSH started), and against the planted
pairs:

- candidate recall: planted pairs whose exact shingle Jaccard is at least 0.7 (the dedup
  stage's near-duplicate threshold) that the LSH makes candidates, and verified recall: those
  whose estimated Jaccard is also at least 0.7 (the dedup stage verifies exactly instead);
- precision of the verified pairs: the share whose exact Jaccard (regenerated texts) is ≥ 0.7.

Nothing here is tuned on these documents: bands and rows come from the S-curve (see the
module's docstring), the threshold from the dedup stage, and the edits were fixed before the
first run. Recall is still reported on two halves of the groups (by a hash of the block) to
show that it does not hang on which groups are counted.

    .venv/bin/python bench/near_duplicates.py [--max N] [--step 100000] [--sizes N,N,...]
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import json
import math
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from _common import evaldata_path, markdown_table, write_result

SAMPLE = "multinews-sample/sample_validation.csv"
BLOCK = 10
GROUP_SIZES = (2, 3, 4)
NEAR = 0.7
PARTITION = 50_000
#: A prime: the multiplier of the permutation that scatters groups over the partitions.
SCATTER = 1_000_003
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])|\s*\n\s*")


@dataclass(frozen=True)
class Pool:
    sentences: list[str]
    vocabulary: list[str]


def read_pool() -> Pool:
    """The sample's sentences (6–60 words) and its distinct words, in a fixed order."""
    csv.field_size_limit(sys.maxsize)
    path = evaldata_path(SAMPLE)
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    sentences: dict[str, None] = {}
    for row in rows:
        for article in ast.literal_eval(row["documents"]):
            for piece in SENTENCE_END.split(article):
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


def jaccard(x: set[int], y: set[int]) -> float:
    return len(x & y) / max(1, len(x | y))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(size: int, seed: int, partition: int, out: Path) -> None:
    """Run the LSH over ``size`` generated documents and write the figures to ``out``."""
    from crosswire.stories.minhash import MinHashConfig, find_pairs, shingle_hashes

    pool = read_pool()
    generating = [0.0, 0.0]  # wall, CPU seconds spent making texts inside the partitions

    def load(span: tuple[int, int]) -> list[str]:
        started, cpu_started = time.perf_counter(), cpu_seconds()
        texts = [logical_text(seed, logical_of(p, size), pool) for p in range(*span)]
        generating[0] += time.perf_counter() - started
        generating[1] += cpu_seconds() - cpu_started
        return texts

    spans = [(start, min(size, start + partition)) for start in range(0, size, partition)]
    config = MinHashConfig()  # every candidate, so that the LSH's own recall is measured
    baseline = peak_rss_mb()
    started, cpu_started = time.perf_counter(), cpu_seconds()
    found = find_pairs(spans, config, load=load)
    wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    peak = peak_rss_mb()

    candidates = {(a, b): s for a, b, s in found.as_indices([s for s, _ in spans])}
    shingles: dict[int, set[int]] = {}

    def shingle_set(position: int) -> set[int]:
        if position not in shingles:
            text = logical_text(seed, logical_of(position, size), pool)
            shingles[position] = set(shingle_hashes(text, 5).tolist())
        return shingles[position]

    planted, block_now = [], -1
    for block, a, b in planted_pairs(seed, size):
        if block != block_now:  # a group's members are regenerated once
            shingles.clear()
            block_now = block
        true = jaccard(shingle_set(a), shingle_set(b))
        planted.append([half_of(block), true, candidates.get((a, b), -1.0)])
    planted_set = {(a, b) for _, a, b in planted_pairs(seed, size)}
    others = [
        jaccard(shingle_set(a), shingle_set(b))
        for (a, b), s in sorted(candidates.items())
        if s >= NEAR and (a, b) not in planted_set
    ]
    figures = {
        "size": size,
        "lsh_wall": wall - generating[0],
        "lsh_cpu": cpu - generating[1],
        "generate_wall": generating[0],
        "generate_cpu": generating[1],
        "baseline_mb": baseline,
        "peak_mb": peak,
        "candidates": len(candidates),
        "planted": planted,
        "others_verified_exact": others,
    }
    out.write_text(json.dumps(figures), encoding="utf-8")


def run_child(size: int, seed: int, partition: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    try:
        command = [sys.executable, __file__, "--child", str(size), str(seed), str(partition)]
        subprocess.run([*command, str(out)], check=True)
        return json.loads(out.read_text(encoding="utf-8"))
    finally:
        out.unlink(missing_ok=True)


def _recall(planted: list, half: str | None, low: float = NEAR, high: float = 1.01) -> str:
    chosen = [p for p in planted if (half is None or p[0] == half) and low <= p[1] < high]
    if not chosen:
        return "–"
    candidates = sum(1 for p in chosen if p[2] >= 0)
    verified = sum(1 for p in chosen if p[2] >= NEAR)
    return f"{candidates / len(chosen):.4f} / {verified / len(chosen):.4f} ({len(chosen):,})"


def report(runs: list[dict], partition: int) -> str:
    rows, quality = [], []
    for run in runs:
        per = 100_000 / run["size"]
        rise = run["peak_mb"] - run["baseline_mb"]
        rows.append(
            [
                f"{run['size']:,}",
                f"{run['lsh_wall']:.1f}",
                f"{run['lsh_wall'] * per:.1f}",
                f"{run['lsh_cpu'] * per:.1f}",
                f"{run['peak_mb']:.0f}",
                f"{rise:.0f}",
                f"{rise * per:.0f}",
                f"{run['candidates']:,}",
            ]
        )
        planted = run["planted"]
        verified_planted = sum(1 for p in planted if p[2] >= NEAR)
        verified_true = sum(1 for p in planted if p[2] >= NEAR and p[1] >= NEAR)
        others = run["others_verified_exact"]
        verified_true += sum(1 for j in others if j >= NEAR)
        verified = verified_planted + len(others)
        below = sum(1 for p in planted if p[1] < NEAR)
        quality.append(
            [
                f"{run['size']:,}",
                f"{len(planted):,} ({below:,} below 0.7)",
                _recall(planted, "tune"),
                _recall(planted, "check"),
                _recall(planted, None, 0.7, 0.8),
                _recall(planted, None, 0.8, 1.01),
                f"{verified_true / max(1, verified):.4f} ({verified:,})",
                f"{len(others):,}",
            ]
        )
    speed = markdown_table(
        [
            "documents",
            "LSH wall s",
            "wall s per 100k",
            "CPU s per 100k",
            "peak RSS MB",
            "RSS rise MB",
            "rise MB per 100k",
            "candidate pairs",
        ],
        rows,
    )
    recall = markdown_table(
        [
            "documents",
            "planted pairs",
            "recall, tuning half: candidate / verified (pairs)",
            "recall, check half",
            "recall at J 0.7–0.8",
            "recall at J ≥ 0.8",
            "precision of verified (pairs)",
            "verified pairs not planted",
        ],
        quality,
    )
    return (
        f"Partitions of {partition:,} documents, processed one after another in one process "
        "(`find_pairs` without Dask); each size in its own child process. Generating the texts "
        "inside the partitions is timed and subtracted.\n\n"
        f"## Time and memory\n\n{speed}\n\n"
        "## Recall and precision\n\n"
        "Recall counts planted pairs whose exact 5-shingle Jaccard is ≥ 0.7 (the dedup stage's "
        "near-duplicate threshold). *Candidate*: the LSH put the pair in a bucket; *verified*: "
        "its estimated Jaccard is also ≥ 0.7 (the dedup stage verifies by the exact Jaccard "
        "instead, so its recall is the candidate recall). Precision: verified pairs whose exact "
        "Jaccard is ≥ 0.7, planted or not.\n\n"
        f"{recall}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max", type=int, default=1_000_000, help="largest size")
    parser.add_argument("--step", type=int, default=100_000, help="sizes step, from step to max")
    parser.add_argument("--sizes", help="comma-separated sizes instead of --step/--max")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--partition", type=int, default=PARTITION)
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        size, seed, partition, out = args.child
        child(int(size), int(seed), int(partition), Path(out))
        return
    evaldata_path(SAMPLE)
    if args.sizes:
        sizes = [int(s) for s in args.sizes.split(",")]
    else:
        sizes = list(range(args.step, args.max + 1, args.step))
    runs = []
    for size in sizes:
        started = time.perf_counter()
        runs.append(run_child(size, args.seed, args.partition))
        run = runs[-1]
        print(
            f"{size:,}: LSH {run['lsh_wall']:.1f} s, peak {run['peak_mb']:.0f} MB, "
            f"{run['candidates']:,} candidates (whole child {time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    body = report(runs, args.partition)
    print(body)
    if not args.no_write:
        path = write_result("near_duplicates", "Near-duplicates at scale (MinHash LSH)", body)
        print(f"written: {path}")


if __name__ == "__main__":
    main()
