"""Shared plumbing for the benchmark scripts: where the gold data lives, how a run is described
(command, date, machine) and how its Markdown result file is written.

Every benchmark runs from the repository root as ``.venv/bin/python bench/<name>.py`` and reads
gold data from ``../shared/evaldata``; when that folder is missing it says so and exits 0, so a
checkout without the data still runs its benchmarks cleanly.
"""

from __future__ import annotations

import datetime
import os
import platform
import shlex
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
EVALDATA = REPO_ROOT.parent / "shared" / "evaldata"
RESULTS = REPO_ROOT / "bench" / "results"


def evaldata_path(relative: str) -> Path:
    """The gold-data path ``../shared/evaldata/<relative>``; exits 0 with 'skipped' if absent."""
    path = EVALDATA / relative
    if not path.exists():
        print(
            f"skipped: ../shared/evaldata/{relative} not found (see ../shared/evaldata/README.md)"
        )
        raise SystemExit(0)
    return path


def command_line() -> str:
    """The command as typed from the repository root, for the result file."""
    script = Path(sys.argv[0]).resolve()
    try:
        script_text = str(script.relative_to(REPO_ROOT))
    except ValueError:
        script_text = str(script)
    return " ".join([".venv/bin/python", script_text, *map(shlex.quote, sys.argv[1:])])


def machine() -> str:
    """CPU count (what `nproc` reports), CPU model and Python version."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"nproc {cpus}, {model}, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}"
    )


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A GitHub-flavoured Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def text_table(header: list[str], rows: list[list[str]]) -> str:
    """A plain aligned table for the terminal."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join(
        [
            fmt.format(*header),
            fmt.format(*("-" * w for w in widths)),
            *(fmt.format(*row) for row in rows),
        ]
    )


def write_result(name: str, title: str, body: str) -> Path:
    """Write ``bench/results/<name>.md`` with the command, date and machine above ``body``."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.md"
    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    header = (
        f"# {title}\n\n"
        f"- command (from the repository root): `{command_line()}`\n"
        f"- date: {now}\n"
        f"- machine: {machine()}\n\n"
    )
    path.write_text(header + body.rstrip() + "\n", encoding="utf-8")
    return path
