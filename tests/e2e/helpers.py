"""Running crosswire commands as a user would: in this process through the Typer app (``cli``,
the default: models stay loaded between runs), or as a real ``crosswire`` process (``crosswire``)
where a fresh process is the point: the entry point's own help and exit codes, no network, a
kill -9, output compared across processes (hash seeds differ)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from crosswire.cli import app, output

CROSSWIRE = [sys.executable, "-m", "crosswire"]


@dataclass(frozen=True)
class Ran:
    """What a command did, shaped like ``subprocess.CompletedProcess`` (bytes out and err)."""

    returncode: int
    stdout: bytes
    stderr: bytes


def cli(*args: str, stdin: bytes | None = None, columns: int = 200) -> Ran:
    """Run one crosswire command in this process. An exception the command did not turn into a
    message and an exit code fails the test with its traceback, as it would show in a terminal."""
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("CROSSWIRE_")}
    env["COLUMNS"] = str(columns)
    # The CLI's consoles were made at import time, so COLUMNS alone does not reach them: give
    # them the terminal width a subprocess would have had (long paths then wrap as they would).
    widths = [(console, console.width) for console in (output.out, output.err)]
    for console, _ in widths:
        console.width = columns
    try:
        result = CliRunner().invoke(app, list(args), input=stdin, env=env)
    finally:
        for console, width in widths:
            console.width = width
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(result.exit_code, result.stdout_bytes, result.stderr_bytes)


def crosswire(
    *args: str,
    cwd: Path | None = None,
    timeout: int = 600,
    prefix: tuple[str, ...] = (),
    stdin: bytes | None = None,
    columns: int = 200,
) -> subprocess.CompletedProcess:
    """Run the real ``crosswire`` command in a fresh process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CROSSWIRE_")}
    env["COLUMNS"] = str(columns)
    return subprocess.run(
        [*prefix, *CROSSWIRE, *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        timeout=timeout,
    )


def brief_json(inputs: list[str], out: Path, db: Path, *extra: str) -> tuple[dict, Ran]:
    """``crosswire brief`` in this process; the briefing read back when it is JSON."""
    result = cli("brief", *inputs, "-o", str(out), "--db", str(db), *extra)
    data = (
        json.loads(out.read_text(encoding="utf-8"))
        if out.exists() and out.suffix == ".json"
        else {}
    )
    return data, result


def copy_workspace(db: Path, into: Path) -> Path:
    """A copy of a workspace database (committed state, WAL included) for a test that writes."""
    source, target = sqlite3.connect(db), sqlite3.connect(into)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return into


def article_from(data: dict, name: str) -> dict:
    """The one article of a JSON briefing read from an input whose path ends with ``name``."""
    [article] = [a for a in data["articles"] if any(s.endswith(name) for s in a["sources"])]
    return article


def workspace_sql(db: str | Path, statement: str, parameters: tuple = ()) -> list[tuple]:
    """One statement on a workspace's own tables (feeds, alerts …), committed, on either
    backend; the rows a SELECT gives."""
    from crosswire.store.common import Tables
    from crosswire.workspace import Workspace

    with Workspace(str(db)) as workspace, workspace.store.transaction():
        cursor = Tables(workspace.store, "test").execute(statement, parameters)
        return [tuple(row) for row in cursor.fetchall()] if statement.startswith("SELECT") else []
