"""What every command shares: the consoles, the ``--db`` option, progress bars, how a user
error is shown, and the run summary printed after ``brief`` and ``add``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
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

DbOption = Annotated[str, typer.Option("--db", help="Workspace database (SQLite file).")]
DEFAULT_DB = DEFAULT_LOCATION


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
    """Print ``message`` as an error; returns the exit to raise."""
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def plain(text: str | None) -> Text:
    """Untrusted text (a file name, a title) for the terminal: no escape sequences or control
    characters, and never read as Rich markup."""
    return Text(without_controls(text or ""))


def require_workspace(db: str) -> None:
    """Commands that read a workspace refuse to create an empty one by mistake."""
    if not Path(db).exists():
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
    return 1 if any(p.severity != "warning" for p in briefing.problems) else 0
