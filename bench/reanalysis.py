"""Re-analysis benchmark: what analysing stories again costs (an article joined them, or the
server dropped a cached briefing), with the analysis vectors kept in the workspace against the
same workspace without them.

The cross-source analysis embeds texts that are not sentences (quote fragments, summary units,
claim frames). Since issue #13 a run keeps them in the workspace's embedding table; before, each
analysis embedded them again. One workspace is made by the real pipeline over the first
``--limit`` articles of the Multi-News sample (which keeps them); a copy has every vector that is
not a sentence's deleted, as a workspace made before they were kept. Then every story of more
than one article is analysed (``Workspace.briefing``) in each copy, side by side in one process
with the models loaded once; the briefings must be byte-identical.

    .venv/bin/python bench/reanalysis.py [--limit 150]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from _common import evaldata_path, markdown_table, text_table, write_result
from throughput import SAMPLE, as_record, read_articles


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def copy_database(source: Path, target: Path) -> None:
    """A copy through SQLite's backup API (the write-ahead log included)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=150, help="sample articles (default 150)")
    args = parser.parse_args()

    from crosswire import pipeline
    from crosswire.render.json import render_json
    from crosswire.store import open_store
    from crosswire.workspace import Workspace

    load_before = os.getloadavg()[0]
    articles, _ = read_articles(evaldata_path(SAMPLE))
    folder = Path(tempfile.mkdtemp(prefix="cw-reanalysis-"))
    try:
        inputs = folder / "sample.jsonl"
        inputs.write_text(
            "".join(json.dumps(as_record(t)) + "\n" for t in articles[: args.limit]),
            encoding="utf-8",
        )
        models = pipeline.default_models()
        made = folder / "made.db"
        store = open_store(str(made))
        pipeline.run([str(inputs)], store, models=models)
        store.close()
        kept, dropped = folder / "kept.db", folder / "dropped.db"
        copy_database(made, kept)
        copy_database(made, dropped)
        with sqlite3.connect(dropped) as connection:
            gone = connection.execute(
                "DELETE FROM embeddings WHERE text_hash NOT IN (SELECT text_hash FROM sentences)"
            ).rowcount
        with sqlite3.connect(made) as connection:
            assignment = dict(connection.execute("SELECT article_id, story_id FROM story_members"))
        stories = sorted(s for s, n in Counter(assignment.values()).items() if n > 1)

        figures, briefings = {}, {}
        for name, db in (("without kept vectors", dropped), ("with kept vectors", kept)):
            with Workspace(str(db), models=models) as workspace:
                started, cpu = time.perf_counter(), cpu_seconds()
                briefings[name] = [render_json(workspace.briefing(s)) for s in stories]
                figures[name] = (time.perf_counter() - started, cpu_seconds() - cpu)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if briefings["with kept vectors"] != briefings["without kept vectors"]:
        raise SystemExit("the briefings differ: kept vectors must read the same")

    base_cpu = figures["without kept vectors"][1]
    header = ["workspace", "wall s", "CPU s", "CPU × the one without"]
    rows = [
        [name, f"{wall:.1f}", f"{cpu:.1f}", f"{cpu / base_cpu:.2f}"]
        for name, (wall, cpu) in figures.items()
    ]
    print(text_table(header, rows))
    body = (
        f"Every story of more than one article ({len(stories)} stories, from the first "
        f"{args.limit} articles of the Multi-News sample) analysed again with "
        "`Workspace.briefing`, in a workspace that keeps the analysis's own vectors and in a "
        f"copy without them ({gone} vectors deleted: those that are not a sentence's), one "
        "after the other with the models the run loaded. The briefings are byte-identical. "
        "Load average (1 min) before / after: "
        f"{load_before:.2f} / {os.getloadavg()[0]:.2f}.\n\n" + markdown_table(header, rows)
    )
    print(f"\nwrote {write_result('reanalysis', 'Re-analysis benchmark', body)}")


if __name__ == "__main__":
    sys.exit(main())
