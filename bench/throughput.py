"""Throughput benchmark: the whole pipeline on the Multi-News validation sample, stage by stage,
against the sentence encoder alone on the same sentences.

The sample's articles (``documents`` is a Python list literal per cluster) are written as JSON
Lines records ``{"title", "text"}`` and run through ``crosswire.pipeline.run`` with the real
models and a fresh SQLite workspace. Then the encoder alone (``OnnxMiniLM().encode``) embeds
exactly the distinct sentences the pipeline embedded, read back from the store's ``sentences``
table. Each measurement runs in its own child process (this script re-invoked with ``--child``),
so peak memory (``ru_maxrss``) is that of one job with nothing left over from the other.

    .venv/bin/python bench/throughput.py [--limit N]
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import evaldata_path, markdown_table, text_table, write_result

SAMPLE = "multinews-sample/sample_validation.csv"
TITLE_CHARS = 80


#: The stages issue #3 added after the encoder's (their cost is reported against it). Its
#: quotes stage, which parsed each article a second time, is part of the nlp stage since issue
#: #13 (one parse gives the sentences, the mentions and the attributions).
CROSS_SOURCE_STAGES = ("entities", "cross-source")


def read_clusters(csv_path: Path) -> list[list[str]]:
    """Every cluster of the sample (its articles), in file order."""
    csv.field_size_limit(sys.maxsize)
    with open(csv_path, newline="", encoding="utf-8") as handle:
        return [list(ast.literal_eval(row["documents"])) for row in csv.DictReader(handle)]


def read_articles(csv_path: Path) -> tuple[list[str], int]:
    """Every article of the sample, in file order, and the number of clusters they came from."""
    clusters = read_clusters(csv_path)
    return [doc for documents in clusters for doc in documents], len(clusters)


def as_record(text: str) -> dict[str, str]:
    """A JSON Lines record: the first non-empty line as title, or its first 80 characters."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return {"title": first if len(first) <= TITLE_CHARS else first[:TITLE_CHARS], "text": text}


def cpu_seconds() -> float:
    """User + system CPU time of this process so far: unlike wall time, not inflated when other
    jobs share the machine's cores."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports ``ru_maxrss`` in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_pipeline(jsonl: Path, db: Path, out: Path) -> None:
    """Run the pipeline once over ``jsonl`` into the fresh workspace ``db``; write figures."""
    started = time.perf_counter()
    from crosswire import pipeline
    from crosswire.store import open_store

    imported = time.perf_counter() - started
    store = open_store(str(db))
    started, cpu_started = time.perf_counter(), cpu_seconds()
    briefing = pipeline.run([str(jsonl)], store)
    wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    store.close()
    figures = {
        "import_seconds": imported,
        "wall_seconds": wall,
        "cpu_seconds": cpu,
        "peak_rss_mb": peak_rss_mb(),
        "articles": len(briefing.articles),
        "problems": len(briefing.problems),
        "timings": [[t.stage, t.seconds, t.items] for t in briefing.timings],
    }
    out.write_text(json.dumps(figures), encoding="utf-8")


def embedded_sentences(db: Path) -> list[str]:
    """The distinct sentence texts of the workspace (one per text hash), as the pipeline embeds
    them: its embed stage encodes each distinct text hash of the analysed articles once."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT text_hash, text FROM sentences ORDER BY article_id, idx"
        ).fetchall()
    return list({text_hash: text for text_hash, text in rows}.values())


def child_encoder(db: Path, out: Path) -> None:
    """Encode the workspace's distinct sentences with the encoder alone; write figures."""
    from crosswire.nlp.encoder import OnnxMiniLM

    sentences = embedded_sentences(db)
    encoder = OnnxMiniLM()
    started = time.perf_counter()
    encoder.warm_up()
    loaded = time.perf_counter() - started
    started, cpu_started = time.perf_counter(), cpu_seconds()
    vectors = encoder.encode(sentences)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    out.write_text(
        json.dumps(
            {
                "load_seconds": loaded,
                "encode_seconds": seconds,
                "encode_cpu_seconds": cpu,
                "sentences": len(sentences),
                "shape": list(vectors.shape),
                "peak_rss_mb": peak_rss_mb(),
            }
        ),
        encoding="utf-8",
    )


def run_child(*args: str) -> dict:
    """Run this script as a child job and return the figures it wrote."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    try:
        subprocess.run([sys.executable, __file__, "--child", *args, str(out)], check=True)
        return json.loads(out.read_text(encoding="utf-8"))
    finally:
        out.unlink(missing_ok=True)


def report(
    pipeline_run: dict,
    encoder_run: dict,
    articles: int,
    clusters: int,
    embedded_by_pipeline: int,
    limit: int | None,
    load: tuple[float, float],
) -> None:
    """Print the tables and write bench/results/throughput.md."""
    wall = pipeline_run["wall_seconds"]
    stage_rows = [
        [
            stage,
            f"{seconds:.1f}",
            str(items),
            f"{100 * seconds / wall:.1f}%",
            f"{items / seconds:.1f}" if seconds > 0 else "—",
        ]
        for stage, seconds, items in pipeline_run["timings"]
    ]
    stage_rows.append(
        [
            "total (pipeline.run wall)",
            f"{wall:.1f}",
            str(pipeline_run["articles"]),
            "100%",
            f"{pipeline_run['articles'] / wall:.2f} articles/s",
        ]
    )
    stage_header = ["stage", "seconds", "items", "share of wall", "items/s"]
    encode = encoder_run["encode_seconds"]
    summary_header = ["measure", "value"]
    summary_rows = [
        ["articles in (clusters)", f"{articles} ({clusters})"],
        [
            "articles out / input problems",
            f"{pipeline_run['articles']} / {pipeline_run['problems']}",
        ],
        ["pipeline wall time", f"{wall:.1f} s ({pipeline_run['articles'] / wall:.2f} articles/s)"],
        ["pipeline peak memory (ru_maxrss)", f"{pipeline_run['peak_rss_mb']:.0f} MB"],
        [
            "distinct sentences embedded (pipeline / encoder alone)",
            f"{embedded_by_pipeline} / {encoder_run['sentences']}",
        ],
        [
            "encoder alone: load / encode",
            f"{encoder_run['load_seconds']:.1f} s / {encode:.1f} s "
            f"({encoder_run['sentences'] / encode:.0f} sentences/s)",
        ],
        ["encoder alone peak memory (ru_maxrss)", f"{encoder_run['peak_rss_mb']:.0f} MB"],
        ["pipeline wall / encoder-alone encode", f"{wall / encode:.2f}×"],
        [
            "pipeline wall / encoder-alone load+encode",
            f"{wall / (encode + encoder_run['load_seconds']):.2f}×",
        ],
        [
            "CPU time (user+sys): pipeline / encoder-alone encode",
            f"{pipeline_run['cpu_seconds']:.1f} s / {encoder_run['encode_cpu_seconds']:.1f} s "
            f"({pipeline_run['cpu_seconds'] / encoder_run['encode_cpu_seconds']:.2f}×)",
        ],
        ["load average (1 min) before / after", f"{load[0]:.2f} / {load[1]:.2f}"],
    ]
    per_article = pipeline_run["articles"]
    seconds_of = {stage: seconds for stage, seconds, _ in pipeline_run["timings"]}
    embed = seconds_of.get("embed", 0.0)
    added = [stage for stage in CROSS_SOURCE_STAGES if stage in seconds_of]
    added_rows = [
        [
            stage,
            f"{1e3 * seconds_of[stage] / per_article:.0f}",
            f"{seconds_of[stage] / embed:.2f}" if embed else "—",
            f"{seconds_of[stage] / encode:.2f}",
        ]
        for stage in added
    ]
    total = sum(seconds_of[stage] for stage in added)
    added_rows.append(
        [
            "all of them",
            f"{1e3 * total / per_article:.0f}",
            f"{total / embed:.2f}" if embed else "—",
            f"{total / encode:.2f}",
        ]
    )
    added_header = ["stage", "ms per article", "÷ embed stage, same run", "÷ encoder-alone encode"]
    print(
        text_table(stage_header, stage_rows)
        + "\n\n"
        + text_table(summary_header, summary_rows)
        + "\n\n"
        + text_table(added_header, added_rows)
    )
    scope = f"the first {limit} articles" if limit else "all articles"
    body = (
        f"`crosswire.pipeline.run` with the real models over {scope} of "
        f"`../shared/evaldata/{SAMPLE}` ({articles} articles from {clusters} clusters), as "
        "JSON Lines records `{title, text}`, into a fresh SQLite workspace; each job in its "
        "own child process. Stage seconds come from `Briefing.timings`; the embed stage "
        "includes loading the encoder. The encoder-alone job embeds exactly the distinct "
        "sentences of the workspace's `sentences` table. Wall times stretch when other jobs "
        "share the cores (see the load average); CPU times do not.\n\n"
        + markdown_table(stage_header, stage_rows)
        + "\n\n"
        + markdown_table(summary_header, summary_rows)
        + "\n\n"
        "The nlp stage parses each article once with the dependency parser and reads its "
        "sentences, entity mentions and quotes and attributions from that parse (before issue "
        "#13 a sentence-splitter pass and a second, parser pass for the quotes). The stages "
        "the cross-source analysis adds after it (canonical entities, and the per-story "
        "analysis: statements, facts, ledger, conflicts, timeline, coverage, summary), per "
        "article, against the encoder's time for the same articles: the embed stage of this "
        "run, and the encoder-alone job.\n\n" + markdown_table(added_header, added_rows) + "\n"
    )
    print(f"\nwrote {write_result('throughput', 'Throughput benchmark', body)}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, *paths = sys.argv[2:]
        if kind == "pipeline":
            child_pipeline(*map(Path, paths))
        else:
            child_encoder(*map(Path, paths))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N articles (a quick run)")
    args = parser.parse_args()

    articles, clusters = read_articles(evaldata_path(SAMPLE))
    if args.limit:
        articles = articles[: args.limit]
    print(f"{len(articles)} articles from {clusters} clusters of ../shared/evaldata/{SAMPLE}")
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="crosswire-throughput-") as tmp:
        jsonl, db = Path(tmp) / "articles.jsonl", Path(tmp) / "workspace.db"
        jsonl.write_text(
            "".join(json.dumps(as_record(a), ensure_ascii=False) + "\n" for a in articles),
            encoding="utf-8",
        )
        pipeline_run = run_child("pipeline", str(jsonl), str(db))
        embedded = dict((s, n) for s, _, n in pipeline_run["timings"]).get("embed", 0)
        encoder_run = run_child("encoder", str(db))
    report(
        pipeline_run,
        encoder_run,
        len(articles),
        clusters,
        embedded,
        args.limit,
        (load_before, os.getloadavg()[0]),
    )


if __name__ == "__main__":
    main()
