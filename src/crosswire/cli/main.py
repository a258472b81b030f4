"""The command line: a thin layer over ``crosswire.Workspace``. Each command parses options,
calls one Workspace method, prints. Exit codes: 0 every input used, 1 some inputs skipped or
failed (each listed), 2 usage error (or a workspace that is busy past ``--busy-timeout`` or
damaged), 3 internal error (the briefing of what was stored is still written; the traceback goes
to a file beside the workspace, its path printed, never to the terminal). The ``eval`` and
``aliases`` groups live in their own modules.
"""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text

from crosswire import render
from crosswire.changes import finish, recover, track
from crosswire.cli.alerts import alerts_app, send_due
from crosswire.cli.aliases import aliases_app
from crosswire.cli.eval import eval_app
from crosswire.cli.feeds import feeds_app, fetch_config, watch_command
from crosswire.cli.output import (
    DEFAULT_DB,
    EXIT_CODES_HELP,
    EXIT_INTERNAL,
    AllowHostOption,
    AllowPrivateOption,
    BusyOption,
    DbOption,
    RichReporter,
    err,
    exit_code,
    fail,
    out,
    plain,
    print_summary,
    report_internal_error,
    require_workspace,
    user_errors,
    waiting_message,
)
from crosswire.cli.serve import serve
from crosswire.distributed import Executor
from crosswire.errors import RunFailed, UserError
from crosswire.records import Briefing
from crosswire.render.markdown import story_markdown
from crosswire.render.view import story_views
from crosswire.store.sqlite import DEFAULT_BUSY_TIMEOUT
from crosswire.workspace import FORMATS, Workspace

app = typer.Typer(
    name="crosswire",
    help="Turn many news reports about one developing story into a cited, cross-checked "
    "briefing.\n\nExample:\n\n    crosswire brief examples/demo-corpus -o briefing.html"
    f"\n\n{EXIT_CODES_HELP}",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
app.add_typer(eval_app, name="eval")
app.add_typer(aliases_app, name="aliases")
app.command()(serve)
app.add_typer(feeds_app, name="feeds")
app.add_typer(alerts_app, name="alerts")
app.command("watch")(watch_command)


DaskOption = Annotated[
    str | None,
    typer.Option(
        "--dask",
        help="Run the per-article stages on Dask: local:N starts N single-threaded worker "
        "processes here (loopback only), or give a scheduler's address (tcp://host:8786). Needs "
        "the `dask` extra. The briefing is the same as without.",
        metavar="ADDRESS",
    ),
]


def _executor(dask: str | None) -> AbstractContextManager[Executor | None]:
    """The Dask cluster ``--dask`` names, for the run's length; none without the option."""
    if dask is None:
        return nullcontext()
    from crosswire.distributed import dask_executor  # deferred: most runs never need it

    return dask_executor(dask)


def _add(
    inputs: list[str],
    db: str,
    max_bytes: int,
    quiet: bool,
    busy_timeout: float,
    summary_words: int | None = None,
    allow_private: bool = False,
    allow_hosts: list[str] | None = None,
    dask: str | None = None,
) -> tuple[Briefing, RunFailed | None]:
    """Run the inputs through the workspace: the briefing, and the failure that cut the run
    short (its briefing then holds what was stored), if one did."""
    with (
        user_errors(),
        _executor(dask) as executor,
        Workspace(
            db, busy_timeout=busy_timeout, on_busy=waiting_message(quiet), executor=executor
        ) as workspace,
    ):
        recover(workspace)  # events a killed run left unrecorded
        tracking = track(workspace)  # None, and nothing written, without alerts
        try:
            briefing = workspace.add(
                inputs,
                max_bytes=max_bytes,
                summary_words=summary_words,
                reporter=RichReporter(enabled=not quiet and err.is_terminal),
                fetch=replace(
                    fetch_config(allow_private, allow_hosts, workspace=workspace),
                    max_bytes=max_bytes,
                ),
            )
        except RunFailed as failure:
            return failure.briefing, failure
        finish(workspace, tracking)
        send_due(workspace, quiet)
        return briefing, None


def _stored(
    db: str, story: str | None, busy_timeout: float, quiet: bool
) -> tuple[Briefing, RunFailed | None]:
    """The briefing of what the workspace holds: one story, or every story."""
    with (
        user_errors(),
        Workspace(db, busy_timeout=busy_timeout, on_busy=waiting_message(quiet)) as workspace,
    ):
        try:
            found = workspace.briefing(story) if story else workspace.briefing_all()
        except RunFailed as failure:
            return failure.briefing, failure
        return found, None


def _internal_error(failure: RunFailed) -> typer.Exit:
    report_internal_error(failure, failure.trace)
    return typer.Exit(EXIT_INTERNAL)


@app.command()
def brief(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Write the briefing here (.html, .md or .json).")
    ],
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, directories, globs, or - for stdin; none: brief the whole workspace."
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", help="html, markdown or json; default: from the output file's suffix."
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
    max_bytes: Annotated[
        int, typer.Option(help="Largest single article to read, in bytes.")
    ] = 5_000_000,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list warnings.")] = False,
    summary_words: Annotated[
        int, typer.Option(help="Length of each story's summary, in words.", min=0)
    ] = 150,
    story: Annotated[
        str | None,
        typer.Option(help="Write only this story's briefing (an id from `crosswire stories`)."),
    ] = None,
    busy_timeout: BusyOption = DEFAULT_BUSY_TIMEOUT,
    allow_private: AllowPrivateOption = False,
    allow_host: AllowHostOption = None,
    dask: DaskOption = None,
) -> None:
    """Read the inputs, analyse them, and write a briefing. With no inputs, brief what the
    workspace already holds: every story, or the one --story names. Page URLs are fetched
    through the SSRF guard (public addresses only, unless --allow-private or --allow-host).

    Example:

        crosswire brief examples/demo-corpus -o briefing.html

        crosswire brief --db story.db -o workspace.json

        crosswire brief https://example.org/news/port-deal -o briefing.html

        crosswire brief ~/crawl/*.jsonl --dask local:4 -o crawl.json

    Exit codes: 0 every input was used; 1 some inputs were skipped (each is listed with its
    reason); 2 a usage error, or a workspace busy past --busy-timeout or damaged; 3 an internal
    error (the briefing of what was stored is still written, and the path of the saved
    traceback is printed).
    """
    chosen = fmt or render.format_for_path(str(output))
    if chosen is None:
        raise fail(
            f"cannot tell the output format from {str(output)!r}; use a .html, .md or "
            ".json file name, or pass --format"
        )
    if chosen not in FORMATS:
        raise fail(f"unknown --format {chosen!r}; choose one of {', '.join(FORMATS)}")
    if inputs:
        briefing, failure = _add(
            inputs,
            db,
            max_bytes,
            quiet,
            busy_timeout,
            summary_words,
            allow_private,
            allow_host,
            dask,
        )
    else:
        require_workspace(db)
        briefing, failure = None, None
    if (story is not None or not inputs) and failure is None:
        briefing, failure = _stored(db, story, busy_timeout, quiet)
    assert briefing is not None
    if not briefing.articles:
        print_summary(briefing, quiet, verbose)
        if failure is not None:
            raise _internal_error(failure)
        where = "the inputs" if inputs else f"the workspace {db!r}"
        raise fail(f"no article could be read from {where}; nothing written", 1)
    try:
        Workspace.write(briefing, output, chosen)
    except OSError as error:
        if failure is not None:
            raise _internal_error(failure) from None
        raise fail(f"cannot write {str(output)!r}: {error.strerror or error}", 1) from None
    print_summary(briefing, quiet, verbose)
    if not quiet:
        done = "what was stored before the error" if failure is not None else chosen
        err.print(f"wrote {output} ({done})", highlight=False, markup=False)
    if failure is not None:
        raise _internal_error(failure)
    raise typer.Exit(exit_code(briefing))


@app.command()
def add(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, globs, or - for stdin.")],
    db: DbOption = DEFAULT_DB,
    max_bytes: Annotated[
        int, typer.Option(help="Largest single article to read, in bytes.")
    ] = 5_000_000,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
    busy_timeout: BusyOption = DEFAULT_BUSY_TIMEOUT,
    allow_private: AllowPrivateOption = False,
    allow_host: AllowHostOption = None,
    dask: DaskOption = None,
) -> None:
    """Add articles to the workspace (analysed and cached) without writing a briefing.

    Example:

        crosswire add ~/saved-pages/*.html --db story.db

        crosswire add ~/crawl/ --db crawl.db --dask tcp://scheduler:8786

    Exit codes as for brief: 0 every input used, 1 some skipped (listed), 2 usage error or an
    unusable workspace, 3 internal error (what was done is kept; the traceback's file is named).
    """
    briefing, failure = _add(
        inputs, db, max_bytes, quiet, busy_timeout, None, allow_private, allow_host, dask
    )
    print_summary(briefing, quiet, verbose)
    if failure is not None:
        raise _internal_error(failure)
    raise typer.Exit(exit_code(briefing))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words or an FTS5 query, e.g. 'port AND deal'.")],
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="How many results.")] = 20,
) -> None:
    """Full-text search over the articles in the workspace.

    Example:

        crosswire search "port deal" --db story.db
    """
    require_workspace(db)
    try:
        with Workspace(db, on_busy=waiting_message(False)) as workspace:
            results = workspace.search(query, limit)
    except (ValueError, UserError) as error:
        raise fail(str(error)) from None
    if not results:
        err.print("no matches")
        raise typer.Exit(1)
    for hit in results:
        out.print(Text(hit.article_id, style="bold").append("  ").append(plain(hit.title)))
        out.print(Text("    ").append(plain(hit.snippet)), highlight=False)


@app.command("stories")
def list_stories(db: DbOption = DEFAULT_DB) -> None:
    """List the stories in the workspace: id, dates, articles, outlets, title.

    Example:

        crosswire stories --db story.db
    """
    require_workspace(db)
    with user_errors(), Workspace(db, on_busy=waiting_message(False)) as workspace:
        found = workspace.stories()
    if not found:
        err.print("the workspace has no stories yet; add articles with crosswire add")
        raise typer.Exit(1)
    table = Table(show_lines=False)
    # Ids and dates are copied into other commands: never wrapped; the title folds instead.
    table.add_column("story", no_wrap=True, min_width=18)
    table.add_column("dates", no_wrap=True)
    for column in ("articles", "outlets"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("title", overflow="fold")
    for story in found:
        dates = story.first_date or "no date"
        if story.last_date and story.last_date != story.first_date:
            dates += f" – {story.last_date}"
        table.add_row(
            story.id,
            dates,
            str(len(story.article_ids)),
            str(len(story.outlets)),
            plain(story.title),
        )
    out.print(table)


@app.command()
def show(
    story: Annotated[
        str, typer.Argument(help="A story id from `crosswire stories` (a unique prefix is enough).")
    ],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Print one story's briefing in the terminal.

    Example:

        crosswire show s337a0d5e --db story.db
    """
    require_workspace(db)
    with user_errors(), Workspace(db, on_busy=waiting_message(False)) as workspace:
        briefing = workspace.briefing(story)
    [view] = story_views(briefing)
    out.print(Markdown("\n".join(story_markdown(view, briefing))))


@app.command("recluster")
def recluster_command(db: DbOption = DEFAULT_DB) -> None:
    """Cluster the whole workspace again from scratch; keep surviving story ids and record
    every merge and split.

    Example:

        crosswire recluster --db story.db
    """
    require_workspace(db)
    with user_errors(), Workspace(db, on_busy=waiting_message(False)) as workspace:
        changes = workspace.recluster()
    if not changes:
        out.print("no change: re-clustering from scratch gives the same stories")
    for change in changes:
        out.print(
            f"{change.kind}: {', '.join(change.from_ids)} → {', '.join(change.into_ids)}",
            highlight=False,
        )


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted; work committed so far is kept, run the command again to finish")
        sys.exit(130)
    except RunFailed as failure:  # a command other than brief or add, cut short by a bug
        report_internal_error(failure, failure.trace)
        sys.exit(EXIT_INTERNAL)
    except Exception as error:  # a bug: one line and the saved traceback, never the trace
        report_internal_error(error)
        sys.exit(EXIT_INTERNAL)
