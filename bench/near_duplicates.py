"""Near-duplicates at scale: MinHash LSH (``crosswire.stories.minhash``) over up to 1,000,000
synthetic documents made from the Multi-News sample, with planted near-duplicate groups (the
generator, the planted pairs and their scoring are ``crosswire.evaluation.near_duplicates``;
every document is a pure function of its position, so each partition generates its own texts
and planted groups are scattered over the partitions).

What is measured, for each size N in its own child process: the LSH's wall and CPU time (the
time spent generating texts inside the partitions is measured and subtracted), its peak memory
(``ru_maxrss``, and its rise over the process before the LSH started), and against the planted
pairs:

- candidate recall: planted pairs whose exact shingle Jaccard is at least 0.7 (the dedup
  stage's near-duplicate threshold) that the LSH makes candidates, and verified recall: those
  whose estimated Jaccard is also at least 0.7 (the dedup stage verifies exactly instead);
- precision of the verified pairs: the share whose exact Jaccard (regenerated texts) is ≥ 0.7.

Nothing is tuned on these documents (see the generator's docstring); recall is reported on the
two halves of the groups all the same.

    .venv/bin/python bench/near_duplicates.py [--max N] [--step 100000] [--sizes N,N,...]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import evaldata_path, markdown_table, write_result

SAMPLE = "multinews-sample/sample_validation.csv"
NEAR = 0.7
PARTITION = 50_000


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(size: int, seed: int, partition: int, out: Path) -> None:
    """Run the LSH over ``size`` generated documents and write the figures to ``out``."""
    from crosswire.evaluation.near_duplicates import read_pool, score, text_at
    from crosswire.stories.minhash import MinHashConfig, find_pairs

    pool = read_pool(evaldata_path(SAMPLE))
    generating = [0.0, 0.0]  # wall, CPU seconds spent making texts inside the partitions

    def load(span: tuple[int, int]) -> list[str]:
        started, cpu_started = time.perf_counter(), cpu_seconds()
        texts = [text_at(seed, p, size, pool) for p in range(*span)]
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
    scored = score(seed, size, pool, candidates)
    figures = {
        "size": size,
        "lsh_wall": wall - generating[0],
        "lsh_cpu": cpu - generating[1],
        "generate_wall": generating[0],
        "generate_cpu": generating[1],
        "baseline_mb": baseline,
        "peak_mb": peak,
        "candidates": len(candidates),
        "planted": [list(p) for p in scored.planted],
        "others_verified_exact": list(scored.others),
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
