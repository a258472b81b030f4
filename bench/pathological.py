"""Pathological article shapes: the time and peak memory of one article through the whole
pipeline, for shapes a hostile or broken input can take, against a normal article.

Each shape is written as one bare-text file and run through ``crosswire.pipeline.run`` with the
real models and a fresh SQLite workspace, in a child process of its own (this script re-invoked
with ``--child``), so the peak memory (``ru_maxrss``, models included) is that of the one
article. A child over ``--timeout`` seconds is killed and reported as such. The shapes:

- ``normal``: a demo-corpus article (the baseline, side by side);
- ``tiny-sentences``: 1 MB of ". " in one paragraph (500,000 one-character sentences);
- ``one-word-paragraphs``: 200,000 paragraphs of one word each;
- ``single-line``: a 5 MB line of distinct generated sentences, no newline.

Target (issue #11): under 30 s and under 1.5 GB each.

    .venv/bin/python bench/pathological.py [--timeout 600] [--shape NAME ...] [--write]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO_ROOT, markdown_table, text_table, write_result

NORMAL = REPO_ROOT / "examples" / "demo-corpus" / "veldhaven-says-contract-not-yet-signed.txt"
#: Under the default 5 MB input cap (``crosswire.ingest.limits.DEFAULT_MAX_BYTES``).
SINGLE_LINE_BYTES = 4_990_000
WORDS = (
    "council port minister budget harbour contract signed rose fell week said workers union "
    "terminal cargo ships crane delay report board vote city river bridge water price"
).split()


def tiny_sentences() -> str:
    return "Tiny sentences\n\n" + ". " * 500_000


def one_word_paragraphs() -> str:
    return "\n".join(WORDS[i % len(WORDS)] for i in range(200_000))


def single_line() -> str:
    """Distinct sentences of 8–15 words (a linear congruential sequence picks the words)."""
    parts: list[str] = []
    size, state = 0, 12345
    while size < SINGLE_LINE_BYTES:
        state = (state * 1103515245 + 12345) % 2**31
        length = 8 + state % 8
        words = []
        for _ in range(length):
            state = (state * 1103515245 + 12345) % 2**31
            words.append(WORDS[(state >> 8) % len(WORDS)])
        sentence = " ".join(words).capitalize() + ". "
        parts.append(sentence)
        size += len(sentence)
    return "".join(parts)[:SINGLE_LINE_BYTES].rstrip()


SHAPES = {
    "normal": lambda: NORMAL.read_text(encoding="utf-8"),
    "tiny-sentences": tiny_sentences,
    "one-word-paragraphs": one_word_paragraphs,
    "single-line": single_line,
}


def child(path: Path, db: Path, out: Path) -> None:
    """Run the pipeline once over the one article at ``path``; write the figures to ``out``."""
    from crosswire import pipeline
    from crosswire.store import open_store

    started = time.perf_counter()
    store = open_store(str(db))
    briefing = pipeline.run([str(path)], store)
    store.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    figures = {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "stages": [(t.stage, round(t.seconds, 2)) for t in briefing.timings],
        "articles": len(briefing.articles),
        "notes": [p.reason for p in briefing.problems],
    }
    out.write_text(json.dumps(figures), encoding="utf-8")


def measure(name: str, timeout: float) -> dict:
    """Write the shape to a file and run it in a child process; its figures, or a timeout."""
    with tempfile.TemporaryDirectory(prefix="crosswire-bench-") as folder:
        path = Path(folder) / f"{name}.txt"
        path.write_text(SHAPES[name](), encoding="utf-8")
        out = Path(folder) / "figures.json"
        command = [sys.executable, __file__, "--child", str(path), f"{folder}/ws.db", str(out)]
        started = time.perf_counter()
        try:
            done = subprocess.run(command, timeout=timeout, capture_output=True, text=True)
        except subprocess.TimeoutExpired:
            return {"seconds": None, "error": f"killed after {timeout:.0f} s"}
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["?"])[-1]
            return {"seconds": time.perf_counter() - started, "error": last[:120]}
        figures = json.loads(out.read_text(encoding="utf-8"))
        figures["bytes"] = path.stat().st_size
        return figures


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*map(Path, sys.argv[2:5]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per shape")
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="only these")
    parser.add_argument("--write", action="store_true", help="write bench/results/…md")
    args = parser.parse_args()
    header = ["shape", "bytes", "seconds", "CPU s", "peak MB", "slowest stages", "notes"]
    rows = []
    for name in args.shape or list(SHAPES):
        figures = measure(name, args.timeout)
        if "error" in figures:
            rows.append([name, "", "", "", "", figures["error"], ""])
        else:
            slowest = sorted(figures["stages"], key=lambda item: -item[1])[:3]
            rows.append(
                [
                    name,
                    f"{figures['bytes']:,}",
                    f"{figures['seconds']:.1f}",
                    f"{figures['cpu_seconds']:.1f}",
                    f"{figures['peak_mb']:.0f}",
                    ", ".join(f"{stage} {seconds:.1f}" for stage, seconds in slowest),
                    "; ".join(figures["notes"])[:160],
                ]
            )
        print(text_table(header, rows[-1:]), flush=True)
    print()
    print(text_table(header, rows))
    if args.write:
        body = (
            "One article per child process, real models, fresh workspace; seconds are wall "
            "time of the whole run (model loading included), peak MB is the child's maximum "
            "resident memory; CPU s is the child's user + system time, which other jobs on the "
            "machine do not inflate (load average when done: "
            f"{os.getloadavg()[0]:.1f}). Target: under 30 s and under 1.5 GB each.\n\n"
            + markdown_table(header, rows)
        )
        print(write_result("pathological", "Pathological article shapes", body))


if __name__ == "__main__":
    main()
