"""The parts of `--dask` that need no cluster: the errors a user sees, the stand-in store a
worker's step writes to, and the ingest order when extraction batches come back late."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest
from tests.conftest import require_dask
from tests.e2e.helpers import cli
from tests.e2e.served import loopback_only

from crosswire import distributed, pipeline, render
from crosswire.stages import RunOptions
from crosswire.store import open_store

pytestmark = pytest.mark.unit


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Loopback only (the unreachable scheduler is a closed port on 127.0.0.1)."""
    loopback_only(monkeypatch)


def _article_file(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nSome words about a port deal in Chennai.\n", encoding="utf-8")
    return path


def _add_with_dask(tmp_path: Path, address: str):
    return cli(
        "add", str(_article_file(tmp_path)), "--db", str(tmp_path / "ws.db"), "--dask", address
    )


def test_without_the_extra_dask_names_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed → ImportError
    result = _add_with_dask(tmp_path, "local:2")
    stderr = result.stderr.decode()
    assert result.returncode == 2
    assert "`dask` extra" in stderr and "pip install -e '.[dask]'" in stderr
    assert "Traceback" not in stderr
    assert not (tmp_path / "ws.db").exists()


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("localhost", "neither local:N"),
        ("local:two", "neither local:N"),
        ("local:0", "must be 1 to 256"),
    ],
)
def test_a_malformed_address_is_a_usage_error(tmp_path, address, said):
    result = _add_with_dask(tmp_path, address)
    assert result.returncode == 2
    assert said in result.stderr.decode()


def test_an_unreachable_scheduler_is_a_usage_error(tmp_path, monkeypatch):
    require_dask()
    monkeypatch.setattr(distributed, "CONNECT_SECONDS", 1)
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = _add_with_dask(tmp_path, f"tcp://127.0.0.1:{port}")
    stderr = result.stderr.decode()
    assert result.returncode == 2
    assert f"cannot reach the Dask scheduler at 'tcp://127.0.0.1:{port}'" in stderr
    assert "Traceback" not in stderr


def test_the_worker_store_serves_articles_records_writes_and_refuses_the_rest():
    store = distributed._WorkerStore([])
    with store.transaction():
        store.save_nlp("a1", "model", [], [])
    assert store.writes == [("save_nlp", ("a1", "model", [], []), {})]
    assert store.articles(["a1"]) == []
    with pytest.raises(AttributeError, match="'sentences'"):
        _ = store.sentences


class _Late:
    """A batch that is computed only when its result is asked for: never done before."""

    def __init__(self, function, args):
        self.function, self.args = function, args

    def done(self) -> bool:
        return False

    def result(self):
        return self.function(*self.args)


class _LateExecutor:
    """Extraction batches that come back only when waited for, two allowed ahead."""

    ahead = 2

    def __init__(self):
        self.submitted = 0

    def submit(self, function, *args):
        self.submitted += 1
        return _Late(function, args)

    def steps(self, stage, state, chunks):
        return None


def test_late_extraction_batches_leave_the_order_of_a_local_run(tmp_path):
    """Problems, sources and stored order are those of a local run when the batches come back
    after later inputs were read (unreadable inputs and known ones among them)."""
    folder = tmp_path / "in"
    folder.mkdir()
    inputs = []
    for n in range(9):
        path = folder / f"{n}.txt"
        more = (
            f" about the new terminal, and {n + 2} members said the concession would be "
            "signed next week after the final review of the contract"
        )
        # Every third report too short to keep: a problem found by extraction, in its batch.
        path.write_text(f"Report {n}\n\nThe harbour board met on day {n}{more * (n % 3 > 0)}.\n")
        inputs.append(str(path))
        if n % 3 == 1:
            inputs.append(str(folder / f"missing-{n}.txt"))
    (folder / "copy.txt").write_text((folder / "4.txt").read_text())
    inputs.insert(6, str(folder / "copy.txt"))
    known = [inputs[0], inputs[4]]

    def run(db: Path, executor) -> tuple[str, list]:
        store = open_store(str(db))
        try:
            options = RunOptions(extract_batch=2)
            pipeline.run(known, store, options=options, stages=())
            options.executor = executor
            briefing = pipeline.run(inputs, store, options=options, stages=())
            stored = [(a.id, a.source) for a in store.articles()]
        finally:
            store.close()
        return render.render(briefing, "json"), stored

    late = _LateExecutor()
    here = run(tmp_path / "local.db", None)
    there = run(tmp_path / "late.db", late)
    assert late.submitted >= 4
    assert there == here
    assert here[0].count("missing-") == 3 and here[0].count("too little text") == 3
    assert len(here[1]) == 6
