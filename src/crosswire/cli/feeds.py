"""``crosswire feeds`` (follow, list, drop, OPML in and out) and ``crosswire watch`` (read the
feeds and fetch their new pages into the workspace), over ``crosswire.feeds``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from crosswire.cli.alerts import send_due
from crosswire.cli.output import (
    DEFAULT_DB,
    AllowHostOption,
    AllowPrivateOption,
    DbOption,
    err,
    fail,
    out,
    plain,
    user_errors,
)
from crosswire.feeds.opml import OpmlUnreadable, Outline, read_opml, write_opml
from crosswire.feeds.parse import FeedUnreadable, parse_feed
from crosswire.feeds.state import FeedState, trusted_hosts, utc_now
from crosswire.feeds.watch import CycleReport, WatchConfig, watch
from crosswire.fetch.client import FetchConfig, Fetcher, check_url, redact
from crosswire.fetch.guard import AddressPolicy, FetchError, FetchRefused, trusted_entry
from crosswire.workspace import Workspace

feeds_app = typer.Typer(
    help="The feeds the workspace follows (RSS, Atom, JSON Feed); `crosswire watch` reads "
    "them.\n\nExample:\n\n    crosswire feeds add https://example.org/news.rss --db story.db",
    no_args_is_help=True,
)


def fetch_config(
    allow_private: bool,
    allow_hosts: list[str] | None,
    host_interval: float = 1.0,
    workspace: Workspace | None = None,
) -> FetchConfig:
    """The fetcher's settings from the command line's guard options and the hosts the
    workspace trusts (``feeds trust``)."""
    trusted = trusted_hosts(workspace.store) if workspace is not None else []
    try:
        hosts = tuple(trusted) + tuple(trusted_entry(h) for h in allow_hosts or ())
    except ValueError as error:
        raise fail(f"--allow-host: {error}") from None
    return FetchConfig(policy=AddressPolicy(allow_private, hosts), host_interval=host_interval)


def _check_url(url: str) -> None:
    try:
        check_url(url)
    except FetchError as error:
        raise fail(f"{error}; feeds are fetched over HTTP(S)") from None


def _fetchable(url: str) -> bool:
    try:
        check_url(url)
    except FetchError:
        return False
    return True


@feeds_app.command("add")
def feeds_add(
    url: Annotated[str, typer.Argument(help="The feed's URL (RSS, Atom or JSON Feed).")],
    db: DbOption = DEFAULT_DB,
    allow_private: AllowPrivateOption = False,
    allow_host: AllowHostOption = None,
) -> None:
    """Follow a feed. It is read once now (through the SSRF guard) for its title; a feed that
    cannot be read yet is still followed, with the reason recorded. With --allow-private the
    feed keeps that choice: watch reads it and its pages with private addresses allowed.

    Example:

        crosswire feeds add https://example.org/news.rss --db story.db
    """
    _check_url(url)
    title, problem = None, None
    with user_errors(), Workspace(db) as workspace:
        try:
            with Fetcher(fetch_config(allow_private, allow_host, workspace=workspace)) as fetcher:
                answer = fetcher.fetch(url)
                title = parse_feed(answer.body, answer.url, answer.content_type).title
        except FetchRefused as error:
            raise fail(f"not added: {error}") from None
        except (FetchError, FeedUnreadable) as error:
            problem = str(error)
        state = FeedState(workspace.store)
        with workspace.store.transaction():
            feed = state.add_feed(url, title, utc_now(), allow_private=allow_private)
            if problem is not None:
                state.record_failure(feed, problem, utc_now())
    out.print(
        f"following feed {feed.id}: {redact(url)}" + (f" ({title})" if title else ""), markup=False
    )
    if problem is not None:
        err.print(f"warning: its first read failed: {problem}", markup=False, highlight=False)


@feeds_app.command("list")
def feeds_list(db: DbOption = DEFAULT_DB) -> None:
    """List the followed feeds with their last success and last failure.

    Example:

        crosswire feeds list --db story.db
    """
    with user_errors(), Workspace(db) as workspace:
        state = FeedState(workspace.store)
        feeds, queue, trusted = state.feeds(), state.queue_counts(), state.trusted_hosts()
    if trusted:
        out.print(f"trusted hosts: {', '.join(trusted)}", markup=False, highlight=False)
    if not feeds:
        err.print("the workspace follows no feeds; add one with crosswire feeds add URL")
        raise typer.Exit(1)
    table = Table()
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("feed", overflow="fold")
    table.add_column("last success", no_wrap=True)
    table.add_column("last failure", overflow="fold")
    for feed in feeds:
        failure = f"{feed.last_error_at}: {feed.last_error}" if feed.last_error else ""
        name = f"{redact(feed.url)}\n{feed.title}" if feed.title else redact(feed.url)
        if feed.allow_private:
            name += "\n(private addresses allowed)"
        table.add_row(str(feed.id), plain(name), feed.last_success or "never", plain(failure))
    out.print(table)
    shown = ", ".join(f"{count} {state_name}" for state_name, count in sorted(queue.items()))
    out.print(f"pages: {shown or 'none queued yet'}", highlight=False)


@feeds_app.command("remove")
def feeds_remove(
    feed: Annotated[str, typer.Argument(help="The feed's URL or its id from `feeds list`.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Stop following a feed (pages already fetched stay in the workspace).

    Example:

        crosswire feeds remove 3 --db story.db
    """
    with user_errors(), Workspace(db) as workspace, workspace.store.transaction():
        removed = FeedState(workspace.store).remove_feed(feed)
    out.print(f"removed feed {removed.id}: {redact(removed.url)}", markup=False)


@feeds_app.command("trust")
def feeds_trust(
    entry: Annotated[str, typer.Argument(help="A host name, address or CIDR range.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Let every fetch of this workspace (watch, feeds add, brief URLs, alert webhooks) reach a
    host or range although it is not public, as --allow-host does for one command.

    Example:

        crosswire feeds trust 10.20.0.0/16 --db story.db
    """
    try:
        canonical = trusted_entry(entry)
    except ValueError as error:
        raise fail(str(error)) from None
    with user_errors(), Workspace(db) as workspace, workspace.store.transaction():
        new = FeedState(workspace.store).trust(canonical, utc_now())
    out.print(f"{'trusting' if new else 'already trusted'}: {canonical}", markup=False)


@feeds_app.command("untrust")
def feeds_untrust(
    entry: Annotated[str, typer.Argument(help="An entry from `feeds list`'s trusted hosts.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Stop trusting a host or range (the SSRF guard refuses it again).

    Example:

        crosswire feeds untrust 10.20.0.0/16 --db story.db
    """
    try:
        canonical = trusted_entry(entry)
    except ValueError as error:
        raise fail(str(error)) from None
    with user_errors(), Workspace(db) as workspace, workspace.store.transaction():
        FeedState(workspace.store).untrust(canonical)
    out.print(f"no longer trusted: {canonical}", markup=False)


@feeds_app.command("import")
def feeds_import(
    path: Annotated[Path, typer.Argument(help="An OPML file (as feed readers export).")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Follow every feed listed in an OPML file (feeds already followed are left as they are).

    Example:

        crosswire feeds import subscriptions.opml --db story.db
    """
    try:
        outlines = read_opml(path.read_bytes(), str(path))
    except OSError as error:
        raise fail(f"cannot read {str(path)!r}: {error.strerror or error}") from None
    except OpmlUnreadable as error:
        raise fail(str(error)) from None
    usable = [o for o in outlines if _fetchable(o.url)]
    with user_errors(), Workspace(db) as workspace:
        state = FeedState(workspace.store)
        with workspace.store.transaction():
            new = [o for o in usable if state.feed(o.url) is None]
            for outline in new:
                state.add_feed(outline.url, outline.title, utc_now())
    skipped = len(outlines) - len(usable)
    out.print(
        f"{len(new)} feeds added, {len(usable) - len(new)} already followed"
        + (f", {skipped} skipped (not http/https)" if skipped else ""),
        highlight=False,
    )


@feeds_app.command("export")
def feeds_export(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here (default: standard output).")
    ] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write the followed feeds as OPML.

    Example:

        crosswire feeds export -o subscriptions.opml --db story.db
    """
    with user_errors(), Workspace(db) as workspace:
        feeds = FeedState(workspace.store).feeds()
    document = write_opml([Outline(feed.url, feed.title) for feed in feeds])
    if output is None:
        sys.stdout.buffer.write(document)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(document)
    except OSError as error:
        raise fail(f"cannot write {str(output)!r}: {error.strerror or error}") from None
    err.print(f"wrote {output} ({len(feeds)} feeds)", markup=False, highlight=False)


def watch_command(
    db: DbOption = DEFAULT_DB,
    interval: Annotated[
        float, typer.Option(help="Seconds between two reads of the feeds.", min=1)
    ] = 300.0,
    once: Annotated[bool, typer.Option("--once", help="One cycle, then stop.")] = False,
    allow_private: AllowPrivateOption = False,
    allow_host: AllowHostOption = None,
    host_interval: Annotated[
        float, typer.Option(help="Seconds between two requests to one host.", min=0)
    ] = 1.0,
) -> None:
    """Read the followed feeds and fetch their new pages into the workspace, every --interval
    seconds (stop with Ctrl-C: the queue is kept in the workspace and resumes next time).

    Example:

        crosswire watch --db story.db --interval 300
    """
    failures: list[int] = []

    def show(report: CycleReport) -> None:
        _print_cycle(report)
        failures.append(len(report.failed) + sum(1 for read in report.feeds if read.error))

    with user_errors(), Workspace(db) as workspace:
        fetch = fetch_config(allow_private, allow_host, host_interval, workspace)

        def cycle_done(report: CycleReport) -> None:
            show(report)
            send_due(workspace)  # what this cycle's pages set off (failures wait, said)

        watch(workspace, fetch, WatchConfig(interval=interval), once=once, on_cycle=cycle_done)
    # With --once, exit code 1 says a feed or a page failed (each was listed with its reason).
    raise typer.Exit(1 if failures and failures[-1] else 0)


def _print_cycle(report: CycleReport) -> None:
    for read in report.feeds:
        if read.error:
            err.print(
                f"feed failed: {redact(read.url)}: {read.error}", markup=False, highlight=False
            )
        elif read.not_modified:
            out.print(f"{redact(read.url)}: not modified", markup=False, highlight=False)
        else:
            out.print(f"{redact(read.url)}: {read.new_entries} new", markup=False, highlight=False)
    for url, reason in report.failed:
        err.print(f"page failed: {redact(url)}: {reason}", markup=False, highlight=False)
    for url, reason in report.retrying:
        err.print(
            f"page will be tried again: {redact(url)}: {reason}", markup=False, highlight=False
        )
    failed_feeds = sum(1 for read in report.feeds if read.error)
    out.print(
        f"{report.fetched} pages added, {len(report.failed)} failed, "
        f"{len(report.retrying)} to retry; {failed_feeds} of {len(report.feeds)} feeds failed",
        highlight=False,
    )
