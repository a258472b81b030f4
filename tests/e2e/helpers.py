"""Running the real ``crosswire`` command in a subprocess, as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CROSSWIRE = [sys.executable, "-m", "crosswire"]


def crosswire(
    *args: str,
    cwd: Path | None = None,
    timeout: int = 600,
    prefix: tuple[str, ...] = (),
    stdin: bytes | None = None,
    columns: int = 200,
) -> subprocess.CompletedProcess:
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


def brief_json(
    inputs: list[str], out: Path, db: Path, *extra: str
) -> tuple[dict, subprocess.CompletedProcess]:
    result = crosswire("brief", *inputs, "-o", str(out), "--db", str(db), *extra)
    data = (
        json.loads(out.read_text(encoding="utf-8"))
        if out.exists() and out.suffix == ".json"
        else {}
    )
    return data, result


def article_from(data: dict, name: str) -> dict:
    """The one article of a JSON briefing read from an input whose path ends with ``name``."""
    [article] = [a for a in data["articles"] if any(s.endswith(name) for s in a["sources"])]
    return article
