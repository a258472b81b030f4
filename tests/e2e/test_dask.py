"""`--dask`: the per-article stages on a local Dask cluster (``crosswire.distributed``) give the
briefing and the store of a local run, byte for byte; each worker builds its models once; a
worker killed in the middle of a run costs time, not results. One cluster of two worker
processes serves the module (the CLI test starts its own, as a user's run does)."""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from functools import partial
from pathlib import Path

import pytest
from tests.conftest import DEMO, require_dask
from tests.e2e.helpers import cli
from tests.e2e.served import loopback_only

from crosswire import pipeline, render
from crosswire.nlp.models import default_encoder, spacy_parser_pipeline
from crosswire.stages import STAGES, RunOptions, Stage
from crosswire.store import open_store

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Loopback only (the scheduler and workers listen on 127.0.0.1)."""
    loopback_only(monkeypatch)


@pytest.fixture(scope="module")
def executor():
    """A DaskExecutor on two single-threaded local worker processes, for the whole module."""
    require_dask()
    import cloudpickle

    from crosswire.distributed import dask_executor

    # The kill test's step is defined here: the workers get it by value, not by import.
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    with dask_executor("local:2") as running:
        yield running


def _small_batches(executor=None) -> RunOptions:
    """Partitions of one article (32 sentences to embed), so that many are in flight at once
    and come back out of order."""
    return RunOptions(extract_batch=1, nlp_batch=1, embed_batch=32, executor=executor)


def _tables(db: Path) -> dict[str, list[tuple]]:
    """Every table of a workspace, rows sorted; not the migration log's timestamps, the writer
    registry (who holds the workspace) or the full-text index (derived from the articles)."""
    connection = sqlite3.connect(db)
    try:
        names = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if row[0] not in ("migrations", "writers")
            and "fts" not in row[0]
            and not row[0].startswith("sqlite_")
        ]
        return {
            name: sorted(connection.execute(f"SELECT * FROM {name}"), key=repr) for name in names
        }
    finally:
        connection.close()


def _assert_same_tables(ours: dict, local: dict) -> None:
    assert set(ours) == set(local)
    assert ours["sentences"] and ours["embeddings"] and ours["attributions"]
    for name in local:
        assert ours[name] == local[name], f"table {name} differs from the local run's"


def test_brief_with_dask_writes_the_local_briefing_and_store(executor, demo_run, tmp_path):
    """The whole demo corpus through the CLI, connected to a running scheduler (the module's
    cluster): the same JSON bytes and the same workspace as the session's local run."""
    out, db = tmp_path / "briefing.json", tmp_path / "ws.db"
    address = executor.client.scheduler.address
    assert address.startswith("tcp://127.0.0.1:")
    result = cli("brief", str(DEMO), "-o", str(out), "--db", str(db), "--dask", address)
    assert result.returncode == 0, result.stderr.decode()
    assert out.read_bytes() == demo_run.briefing.read_bytes()
    _assert_same_tables(_tables(db), _tables(demo_run.db))


#: Part of the demo corpus (every format among them), for the runs in small partitions.
PART = sorted(str(path) for path in DEMO.iterdir())[::3]


def _brief(folder: Path, options: RunOptions, stages=STAGES) -> tuple[str, dict]:
    """``PART`` through the pipeline into a fresh workspace: the JSON briefing and the tables."""
    store = open_store(str(folder / "ws.db"))
    try:
        briefing = pipeline.run(PART, store, options=options, stages=stages)
    finally:
        store.close()
    return render.render(briefing, "json"), _tables(folder / "ws.db")


@pytest.fixture(scope="module")
def part_local(tmp_path_factory) -> tuple[str, dict]:
    return _brief(tmp_path_factory.mktemp("part-local"), _small_batches())


def _models_loaded() -> tuple[int, int, int]:
    """On a worker: model sets built, and loads of spaCy's pipeline and of the encoder."""
    from crosswire.distributed import models_built_here

    return (
        models_built_here(),
        spacy_parser_pipeline.cache_info().misses,
        default_encoder.cache_info().misses,
    )


def test_small_partitions_give_the_local_result_and_load_models_once(
    executor, part_local, tmp_path
):
    """One article a task: the same briefing and workspace as a local run, and each worker has
    built one set of models and loaded each model once, however many tasks it ran."""
    assert len(PART) >= 7
    assert _brief(tmp_path, _small_batches(executor)) == part_local
    loaded = executor.client.run(_models_loaded)
    assert len(loaded) == 2
    assert all(max(counts) <= 1 for counts in loaded.values()), loaded
    assert (1, 1, 1) in loaded.values(), loaded
    # Each single-threaded worker ran the encoder on one thread, not on every core.
    threads = executor.client.run(lambda: default_encoder().threads)
    assert set(threads.values()) == {1}, threads


def _die_once(flag: str, step, state, chunk):
    """A stage step that kills its own worker process the first time any worker runs it."""
    try:
        os.close(os.open(flag, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return step(state, chunk)
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable: the worker is gone")


def test_a_worker_killed_mid_run_loses_nothing(executor, part_local, tmp_path):
    flag = tmp_path / "killed-once"
    real = {stage.name: stage for stage in STAGES}["nlp"]
    killing = Stage("nlp", real.work, partial(_die_once, str(flag), real.step), real.batch)
    stages = tuple(killing if stage.name == "nlp" else stage for stage in STAGES)
    before = set(executor.client.run(os.getpid).values())
    found = _brief(tmp_path, _small_batches(executor), stages)
    assert flag.exists()
    executor.client.wait_for_workers(2, timeout=60)
    after = set(executor.client.run(os.getpid).values())
    assert before - after, "no worker process was killed"
    assert found == part_local
