"""Killing a real run at any point leaves a consistent store; the next run finishes the work
without losing or duplicating anything, and writes the same briefing a clean run writes.

The killed runs are real ``crosswire`` processes (SIGKILL); the clean run and the resuming run
go through the same command in this process."""

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from tests.conftest import DEMO
from tests.e2e.helpers import brief_json

pytestmark = [pytest.mark.integration, pytest.mark.slow]

TABLES = ("articles", "inputs", "sentences", "mentions", "nlp_done", "attributions", "embeddings")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """48 distinct articles stitched from demo-corpus sentences (deterministic), about 720
    distinct sentences: two extract batches, three nlp batches and three embed batches, so each
    kill point below leaves work for the resumed run."""
    sentences = []
    for path in sorted(DEMO.glob("*.txt")):
        body = path.read_text().split("\n\n", 1)[-1]
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", body) if len(s.split()) > 6]
    folder = tmp_path_factory.mktemp("corpus")
    with open(folder / "articles.jsonl", "w") as handle:
        for number in range(48):
            rng = random.Random(number)
            # A per-article clause keeps every sentence distinct, so embedding takes several
            # batches.
            text = "\n\n".join(
                " ".join(
                    f"In update {number}-{k}-{j}, {s[0].lower()}{s[1:]}"
                    for j, s in enumerate(rng.sample(sentences, 3))
                )
                for k in range(5)
            )
            handle.write(
                json.dumps(
                    {
                        "title": f"Report {number}",
                        "text": text,
                        "outlet": f"Outlet {number % 7}",
                        "published": "2026-05-20",
                    }
                )
                + "\n"
            )
    return folder


@pytest.fixture(scope="module")
def clean_run(corpus, tmp_path_factory):
    work = tmp_path_factory.mktemp("clean")
    data, result = brief_json([str(corpus)], work / "out.json", work / "clean.db")
    assert result.returncode == 0, result.stderr.decode()
    return data, counts(work / "clean.db")


def counts(db_path):
    db = sqlite3.connect(db_path)
    try:
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        db.close()


def sqlite_counts(db_path):
    """The counts, or None while the workspace or its tables do not exist yet."""
    if not db_path.exists():
        return None
    try:
        return counts(db_path)
    except sqlite3.OperationalError:
        return None  # tables not created yet


def postgres_counts(url):
    """The counts in a PostgreSQL workspace, or None while its tables do not exist yet."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        if not db.execute("SELECT to_regclass('nlp_done') IS NOT NULL").fetchone()[0]:
            return None
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def start_and_kill(corpus, db, out, ready, count=None) -> None:
    """Start `crosswire brief`, wait until ``ready(counts)`` holds, then SIGKILL it. ``count``
    reads the workspace's counts (None before it has tables); a SQLite file's by default."""
    count = count or (lambda: sqlite_counts(db))
    errors = open(out.with_suffix(".stderr"), "wb")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crosswire",
            "brief",
            str(corpus),
            "-o",
            str(out),
            "--db",
            str(db),
            "--quiet",
        ],
        stdout=subprocess.DEVNULL,
        stderr=errors,
        start_new_session=True,
    )
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                said = out.with_suffix(".stderr").read_bytes().decode(errors="replace")
                pytest.fail(
                    f"the run ended (exit {process.returncode}) before it could be killed; "
                    f"make the corpus bigger if it succeeded. It said: {said[-2000:]}"
                )
            found = count()
            if found is not None and ready(found):
                break
            time.sleep(0.02)
        else:
            pytest.fail("the run never reached the point where it should be killed")
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        errors.close()


@pytest.mark.parametrize(
    "stage,ready",
    [
        ("extract", lambda c: c["articles"] >= 20),
        ("nlp", lambda c: c["nlp_done"] >= 16),
        ("embed", lambda c: c["embeddings"] >= 1),
    ],
)
def test_kill_then_resume_matches_a_clean_run(corpus, clean_run, tmp_path, stage, ready):
    expected, expected_counts = clean_run
    db = tmp_path / "killed.db"
    start_and_kill(corpus, db, tmp_path / "never.json", ready)
    partial = counts(db)
    assert (
        partial["articles"] < expected_counts["articles"]
        or partial["embeddings"] < expected_counts["embeddings"]
    )
    # Consistency of what was committed: every analysed article has its sentences.
    check = sqlite3.connect(db)
    orphans = check.execute(
        "SELECT COUNT(*) FROM nlp_done n WHERE NOT EXISTS "
        "(SELECT 1 FROM sentences s WHERE s.article_id = n.article_id)"
    ).fetchone()[0]
    assert orphans == 0
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()

    data, result = brief_json([str(corpus)], tmp_path / "resumed.json", db)
    assert result.returncode == 0, result.stderr.decode()
    assert data == expected
    assert counts(db) == expected_counts


def test_kill_then_resume_on_postgresql_matches_a_clean_run(
    corpus, clean_run, postgres_url, tmp_path
):
    """The same on a PostgreSQL workspace: the killed client's transaction is rolled back and its
    writer lock let go with its session, so the resumed run neither waits nor finds half an
    analysis, and its briefing is the clean SQLite run's."""
    import psycopg

    expected, expected_counts = clean_run
    start_and_kill(
        corpus,
        postgres_url,
        tmp_path / "never.json",
        lambda c: c["nlp_done"] >= 16,
        count=lambda: postgres_counts(postgres_url),
    )
    partial = postgres_counts(postgres_url)
    assert partial is not None and partial["embeddings"] < expected_counts["embeddings"]
    with psycopg.connect(postgres_url) as check:
        (orphans,) = check.execute(
            "SELECT COUNT(*) FROM nlp_done n WHERE NOT EXISTS "
            "(SELECT 1 FROM sentences s WHERE s.article_id = n.article_id)"
        ).fetchone()
    assert orphans == 0

    started = time.monotonic()
    data, result = brief_json([str(corpus)], tmp_path / "resumed.json", postgres_url)
    assert result.returncode == 0, result.stderr.decode()
    assert data == expected
    assert postgres_counts(postgres_url) == expected_counts
    assert time.monotonic() - started < 240
