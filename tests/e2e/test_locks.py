"""A busy workspace: a command waits (saying who holds it) up to --busy-timeout, then exits 2
naming the holder; two processes creating one new workspace at once both succeed; "broken" is
said only when SQLite's integrity check fails. Every holder and rival is a real process."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.conftest import DEMO
from tests.e2e.helpers import crosswire

from crosswire.errors import StoreBusy, StoreError
from crosswire.store import open_store
from crosswire.store.sqlite import _unusable

pytestmark = [pytest.mark.integration]

HOLD = """
import sys, time
from crosswire.store import open_store
store = open_store(sys.argv[1])
store.db.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
store.db.execute("COMMIT")
store.close()
"""

CREATE = """
import sys, time
from crosswire.store import open_store
path, me, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
while time.time() < start:
    pass
store = open_store(path, busy_timeout=60)
with store.transaction():
    store.record_input("input-" + me, "hash-" + me, None)
store.close()
print("ok", flush=True)
"""


def _hold(path: Path, seconds: float) -> subprocess.Popen:
    """A real process holding the workspace's write lock for ``seconds``."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    return holder


def test_a_busy_workspace_exits_2_after_the_timeout_naming_the_holder(tmp_path):
    db = tmp_path / "ws.db"
    holder = _hold(db, 120)
    try:
        started = time.monotonic()
        result = crosswire(
            "add", str(DEMO / "pasted-live-briefing-denial.txt"), "--db", str(db),
            "--busy-timeout", "3",
        )  # fmt: skip
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    stderr = " ".join(result.stderr.decode().split())
    assert result.returncode == 2, stderr
    assert "Traceback" not in stderr and "broken" not in stderr and "damaged" not in stderr
    assert f"pid {holder.pid} on " in stderr and "is busy" in stderr
    assert "waiting:" in stderr, "the wait is announced while it lasts"
    assert "--busy-timeout" in stderr
    assert waited < 60


def test_a_writer_waits_for_the_holder_and_is_told_who_it_is(tmp_path):
    db = tmp_path / "ws.db"
    holder = _hold(db, 2.5)
    told: list[str] = []
    try:
        started = time.monotonic()
        store = open_store(str(db), busy_timeout=60, on_busy=told.append)
        waited = time.monotonic() - started
        with store.transaction():
            store.record_input("after", "h", None)
        store.close()
    finally:
        holder.wait(timeout=30)
    assert waited >= 1.5 and told
    assert all(f"pid {holder.pid}" in message for message in told)


def test_the_timeout_is_a_store_busy_user_error_naming_the_workspace(tmp_path):
    db = tmp_path / "ws.db"
    holder = _hold(db, 120)
    try:
        with pytest.raises(StoreBusy, match=r"ws\.db.*pid \d+"):
            open_store(str(db), busy_timeout=0.5)
    finally:
        holder.kill()
        holder.wait()


def test_processes_creating_one_new_workspace_at_once_all_succeed(tmp_path):
    for attempt in range(4):
        path = tmp_path / f"new-{attempt}" / "ws.db"
        start = time.time() + 1.5
        rivals = [
            subprocess.Popen(
                [sys.executable, "-c", CREATE, str(path), str(me), str(start)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for me in range(4)
        ]
        outcomes = [rival.communicate(timeout=120) for rival in rivals]
        assert [rival.returncode for rival in rivals] == [0] * 4, outcomes
        db = sqlite3.connect(path)
        versions = [row[0] for row in db.execute("SELECT version FROM migrations")]
        inputs = sorted(row[0] for row in db.execute("SELECT source FROM inputs"))
        db.close()
        assert len(versions) == len(set(versions)) >= 5
        assert inputs == [f"input-{me}" for me in range(4)]


@pytest.mark.slow
def test_two_real_adds_on_one_new_workspace_both_succeed(tmp_path):
    db = tmp_path / "fresh" / "ws.db"
    names = ["pasted-live-briefing-denial.txt", "pasted-radio-brief-authority-announces.txt"]
    for name in names:
        shutil.copy(DEMO / name, tmp_path / name)
    command = [sys.executable, "-m", "crosswire", "add", "--quiet", "--db", str(db)]
    runs = [
        subprocess.Popen([*command, str(tmp_path / name)], stderr=subprocess.PIPE) for name in names
    ]
    errors = [run.communicate(timeout=600)[1].decode() for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errors
    db_ = sqlite3.connect(db)
    assert db_.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2
    db_.close()


def test_a_healthy_file_that_sqlite_refuses_is_not_called_broken(tmp_path):
    path = tmp_path / "ok.db"
    open_store(str(path)).close()
    message = str(_unusable(str(path), sqlite3.OperationalError("disk I/O error")))
    assert "broken" not in message and "passes SQLite's integrity check" in message


def test_a_damaged_file_is_called_broken_after_the_integrity_check(tmp_path):
    path = tmp_path / "damaged.db"
    store = open_store(str(path))
    with store.transaction():
        for n in range(300):
            store.record_input(f"input-{n:04d}", "x" * 200, None)
    store.close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\x07" * (4096 - 100)  # the schema's page, past the file header
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="move the broken file away") as error:
        open_store(str(path))
    assert "integrity check says it is damaged" in " ".join(str(error.value).split())
