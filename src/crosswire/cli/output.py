"""What every command shares: the consoles, the ``--db`` option, progress bars, how a user
error is shown, and the run summary printed after ``brief`` and ``add``."""

from __future__ import annotations

import os
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from crosswire.errors import UserError
from crosswire.pipeline import Advance, SilentReporter
from crosswire.records import Briefing
from crosswire.render.safe import without_controls
from crosswire.workspace import DEFAULT_LOCATION

err = Console(stderr=True)
out = Console()

#: Exit codes, as ``--help`` and the README list them.
EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_CODES_HELP = (
    "Exit codes: 0 every input was used; 1 some inputs were skipped (each is listed with its "
    "reason); 2 a usage error or a workspace that cannot be used (busy past --busy-timeout, "
    "damaged), nothing done; 3 an internal error: what was stored is still briefed, and the "
    "traceback is saved to a file whose path is printed."
)

#: The workspace the running command uses: a traceback is saved beside it.
_workspace: list[str] = []


def _remember_workspace(db: str) -> str:
    _workspace[:] = [db]
    return db


DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        help="Workspace database: a SQLite file, or postgresql://user@host/dbname.",
        callback=_remember_workspace,
    ),
]
DEFAULT_DB = DEFAULT_LOCATION
AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Also fetch from loopback, private, link-local and other non-public addresses "
        "(refused by default: the SSRF guard).",
    ),
]
AllowHostOption = Annotated[
    list[str] | None,
    typer.Option(
        "--allow-host",
        help="A trusted host name or address range (CIDR) to fetch from although not public; "
        "repeatable.",
    ),
]
BusyOption = Annotated[
    float,
    typer.Option(
        "--busy-timeout",
        help="Seconds to wait while another process writes to the workspace (saying so every "
        "few seconds) before giving up with exit code 2.",
        min=0,
    ),
]


class RichReporter:
    """Progress bars per stage on standard error; silent when quiet or not a terminal."""

    def __init__(self, enabled: bool):
        self.enabled = enabled

    @contextmanager
    def stage(self, name: str, total: int | None) -> Iterator[Advance]:
        if not self.enabled:
            with SilentReporter().stage(name, total) as advance_silently:
                yield advance_silently
            return
        columns = [
            SpinnerColumn(),
            TextColumn("{task.description:<18}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        ]
        with Progress(*columns, console=err, transient=False) as progress:
            task = progress.add_task(name, total=total)

            def advance(step: int = 1, /) -> None:
                progress.advance(task, step)

            yield advance
            progress.update(
                task,
                total=progress.tasks[0].completed or total or 1,
                completed=progress.tasks[0].completed or total or 1,
            )


@contextmanager
def user_errors() -> Iterator[None]:
    """A problem the user can fix is one clear line on standard error and exit code 2."""
    try:
        yield
    except UserError as error:
        raise fail(str(error)) from None


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``message`` (plain text, never read as markup: a file name, a URL or an install
    hint may hold [brackets]) as an error; returns the exit to raise."""
    err.print(Text.assemble(("error:", "bold red"), f" {message}"), highlight=False)
    return typer.Exit(code)


def waiting_message(quiet: bool):
    """What a busy workspace tells the user while the command waits (nothing when quiet)."""

    def tell(message: str) -> None:
        if not quiet:
            err.print(f"waiting: {message}", highlight=False, markup=False)

    return tell


def save_traceback(trace: str) -> Path | None:
    """Write ``trace`` to ``crosswire-traceback-<UTC time>-<pid>.txt`` beside the workspace (or
    in the temporary folder when that cannot be written); the path, or None if neither can."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"crosswire-traceback-{stamp}-{os.getpid()}.txt"
    location = _workspace[0] if _workspace else DEFAULT_LOCATION
    scheme, separator, rest = location.partition("://")
    # A workspace on a server (postgresql://) has no folder here: the temporary folder it is.
    beside = [Path(rest or location).parent] if not separator or scheme == "sqlite" else []
    for place in (*beside, Path(tempfile.gettempdir())):
        try:
            path = place / name
            path.write_text(trace, encoding="utf-8", errors="backslashreplace")
            return path.resolve()
        except OSError:
            continue
    return None


def report_internal_error(error: BaseException, trace: str | None = None) -> None:
    """One line on standard error: what failed and where its traceback was saved."""
    saved = save_traceback(trace or "".join(traceback.format_exception(error)))
    where = f"the traceback is saved in {saved}" if saved else "the traceback could not be saved"
    message = " ".join(str(error).split())[:300]
    err.print(
        f"[bold red]internal error:[/] {escape(message or type(error).__name__)}; "
        f"{escape(where)} "
        "(please report it with that file)",
        highlight=False,
    )


def plain(text: str | None) -> Text:
    """Untrusted text (a file name, a title) for the terminal: no escape sequences or control
    characters, and never read as Rich markup."""
    return Text(without_controls(text or ""))


def require_workspace(db: str) -> None:
    """Commands that read a workspace refuse to create an empty one by mistake. A server's
    workspace (``postgresql://…``) is a database someone made on purpose: opening it says if not."""
    scheme, separator, rest = db.partition("://")
    if separator and scheme != "sqlite":
        return
    if not Path(rest if separator else db).exists():
        raise fail(f"no workspace at {db!r}; add articles first (crosswire add …) or pass --db")


def print_summary(briefing: Briefing, quiet: bool, verbose: bool) -> None:
    """The run's figures (unless quiet) and the inputs it could not use (warnings if verbose)."""
    problems = [p for p in briefing.problems if p.severity != "warning"]
    warnings = [p for p in briefing.problems if p.severity == "warning"]
    if not quiet:
        table = Table(title="crosswire run", show_header=False, box=None)
        table.add_row("articles", str(len(briefing.articles)))
        table.add_row("inputs skipped or failed", str(len(problems)))
        table.add_row("warnings", str(len(warnings)))
        table.add_row(
            "duplicate groups",
            ", ".join(
                f"{sum(1 for g in briefing.duplicates if g.kind == k)} {k}"
                for k in ("exact", "near", "rewrite")
            ),
        )
        table.add_row("independent origins", str(len(briefing.origins)))
        for timing in briefing.timings:
            table.add_row(f"time: {timing.stage}", f"{timing.seconds:.2f}s ({timing.items} items)")
        err.print(table)
    shown = briefing.problems if verbose else problems
    if shown:
        err.print(
            f"[bold]{len(problems)} input(s) not used[/]"
            + (f", {len(warnings)} warning(s)" if warnings else "")
            + ("" if verbose or not warnings else " (--verbose lists warnings)")
            + ":"
        )
        for problem in shown:
            err.print(
                Text("  ").append(plain(problem.source)).append(": ").append(plain(problem.reason))
            )


def exit_code(briefing: Briefing) -> int:
    """1 when some input was skipped or failed (warnings do not count), else 0."""
    return EXIT_SKIPPED if any(p.severity != "warning" for p in briefing.problems) else EXIT_OK
