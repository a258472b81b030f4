"""Watching feeds: one cycle reads every followed feed (a conditional GET each), queues the
entries never seen, then fetches the queued pages through the guard and hands them to the
normal pipeline (``Workspace.add``), a batch at a time.

Every step is written to the workspace as it happens: a watcher killed at any moment loses
nothing, and the next one takes up the queue (rows left 'fetching' included). A feed that fails
records its reason and the others are read; a page that fails on something that may pass
(a timeout, a 5xx) is tried again later with a doubling wait, up to ``max_attempts``. Each
claim counts an attempt and leases the page (``lease``): a page that kills its watcher is tried
again after the lease, behind the rest of the queue, and given up after ``max_attempts``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from crosswire.changes import finish, recover, track
from crosswire.feeds.parse import FeedUnreadable, parse_feed
from crosswire.feeds.state import Feed, FeedState, QueuedEntry, utc_now
from crosswire.fetch.client import FetchConfig, Fetcher
from crosswire.fetch.guard import FetchError
from crosswire.fetch.pages import PageReader, read_page
from crosswire.ingest.formats import Item
from crosswire.records import Briefing, InputProblem
from crosswire.workspace import Workspace

#: How a batch of page URLs goes into the workspace: ``add(workspace, urls, read_url)``, which
#: reads each URL with ``read_url`` and runs the pipeline. ``add_pages`` is the CLI's; the
#: server's also refreshes its story cache and publishes events.
AddPages = Callable[[Workspace, list[str], PageReader], Briefing]


def add_pages(workspace: Workspace, urls: list[str], read_url: PageReader) -> Briefing:
    """``Workspace.add`` of the pages, then what changed queued for the workspace's alerts
    (sent by the caller: ``watch`` after each cycle)."""
    tracking = track(workspace)
    briefing = workspace.add(urls, read_url=read_url)
    finish(workspace, tracking)
    return briefing


@dataclass(frozen=True)
class WatchConfig:
    #: Seconds between two cycles.
    interval: float = 300.0
    #: Pages fetched and analysed per pipeline run (one transaction of queue updates each).
    batch: int = 20
    #: Tries of a page before it is given up (only failures that may pass are tried again).
    max_attempts: int = 5
    #: Seconds before a page's second try; doubled for each try after.
    retry_wait: float = 60.0
    #: Seconds a claimed page is the claiming watcher's: no other watcher takes it, and if
    #: the watcher dies it is due again after this (a batch of 20 pages, each within its
    #: 60 s request deadline, finishes well inside it).
    lease: float = 1800.0


@dataclass(frozen=True)
class FeedRead:
    url: str
    new_entries: int = 0
    not_modified: bool = False
    error: str | None = None


@dataclass
class CycleReport:
    feeds: list[FeedRead] = field(default_factory=list)
    fetched: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    retrying: list[tuple[str, str]] = field(default_factory=list)


class Fetchers:
    """The cycle's fetcher, and (made when a feed needs it) one that also reaches private
    addresses, for the feeds added with ``allow_private`` and their pages. Each keeps its own
    per-host spacing and robots.txt."""

    def __init__(self, config: FetchConfig):
        self.config = config
        self.public = Fetcher(config)
        self._private: Fetcher | None = None

    def for_feed(self, feed: Feed | None) -> Fetcher:
        if feed is None or not feed.allow_private or self.config.policy.allow_private:
            return self.public
        if self._private is None:
            policy = replace(self.config.policy, allow_private=True)
            self._private = Fetcher(replace(self.config, policy=policy))
        return self._private

    def close(self) -> None:
        self.public.close()
        if self._private is not None:
            self._private.close()


def poll_feeds(
    workspace: Workspace, fetchers: Fetchers, now: Callable[[], datetime] = utc_now
) -> list[FeedRead]:
    """Read every followed feed once; a failure is recorded on its feed, never raised."""
    state = FeedState(workspace.store)
    return [_poll(workspace, state, feed, fetchers.for_feed(feed), now) for feed in state.feeds()]


def _poll(
    workspace: Workspace,
    state: FeedState,
    feed: Feed,
    fetcher: Fetcher,
    now: Callable[[], datetime],
) -> FeedRead:
    try:
        answer = fetcher.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        if answer.not_modified:
            with workspace.store.transaction():
                state.record_success(feed, None, feed.etag, feed.last_modified, now())
            return FeedRead(feed.url, not_modified=True)
        parsed = parse_feed(answer.body, answer.url, answer.content_type)
    except (FetchError, FeedUnreadable) as error:
        reason = str(error)
    except Exception as error:  # one feed's surprise must not stop the others
        reason = f"unexpected {type(error).__name__}: {error}"
    else:
        with workspace.store.transaction():
            new = state.enqueue(feed, parsed.entries, now())
            state.record_success(feed, parsed.title, answer.etag, answer.last_modified, now())
        return FeedRead(feed.url, new_entries=new)
    with workspace.store.transaction():
        state.record_failure(feed, reason, now())
    return FeedRead(feed.url, error=reason)


def fetch_queued(
    workspace: Workspace,
    fetchers: Fetchers,
    config: WatchConfig,
    report: CycleReport,
    now: Callable[[], datetime] = utc_now,
    add: AddPages = add_pages,
) -> None:
    """Fetch and analyse every due entry of the queue, ``config.batch`` at a time."""
    state = FeedState(workspace.store)
    while True:
        with workspace.store.transaction():
            report.failed.extend(state.give_up_exhausted(now(), config.max_attempts))
            claimed = state.claim_due(now(), config.batch, timedelta(seconds=config.lease))
        if not claimed:
            return
        _fetch_batch(workspace, state, fetchers, claimed, config, report, now, add)


def _fetch_batch(
    workspace: Workspace,
    state: FeedState,
    fetchers: Fetchers,
    claimed: list[QueuedEntry],
    config: WatchConfig,
    report: CycleReport,
    now: Callable[[], datetime],
    add: AddPages,
) -> None:
    entries = {queued.entry.url: queued for queued in claimed}
    errors: dict[str, FetchError] = {}
    max_bytes = fetchers.config.max_bytes
    feeds = {feed.id: feed for feed in state.feeds()}

    def read(url: str) -> Iterator[Item]:
        entry = entries[url].entry
        lent = [
            ("feed_title", entry.title or ""),
            ("feed_published", entry.published or ""),
            ("feed_author", entry.author or ""),
        ]
        fetcher = fetchers.for_feed(feeds.get(entries[url].feed_id or -1))
        try:
            yield from read_page(fetcher, url, lent, max_bytes=max_bytes)
        except FetchError as error:
            errors[url] = error
            yield InputProblem(url, f"not fetched: {error}", "failed")

    # Should the run stop part-way (killed, or a bug), the claimed rows stay 'fetching' and
    # are due again: what was stored is found unchanged by content hash, nothing is lost.
    briefing = add(workspace, list(entries), read)
    problems: dict[str, str] = {}
    for problem in briefing.problems:
        if problem.severity != "warning":
            problems.setdefault(problem.source, problem.reason)
    with workspace.store.transaction():
        for url, queued in entries.items():
            _settle(state, url, queued, errors.get(url), problems, config, report, now())


def _settle(
    state: FeedState,
    url: str,
    queued: QueuedEntry,
    error: FetchError | None,
    problems: dict[str, str],
    config: WatchConfig,
    report: CycleReport,
    moment: datetime,
) -> None:
    """Write down what became of one queued page."""
    if error is not None and error.retryable and queued.attempts < config.max_attempts:
        wait = timedelta(seconds=config.retry_wait * 2 ** (queued.attempts - 1))
        state.retry_later(url, str(error), wait, moment)
        report.retrying.append((url, str(error)))
    elif error is not None or url in problems:
        reason = str(error) if error is not None else problems[url]
        state.finish(url, reason)
        report.failed.append((url, reason))
    else:
        state.finish(url, None)
        report.fetched += 1


def run_cycle(
    workspace: Workspace,
    fetch: FetchConfig,
    config: WatchConfig = WatchConfig(),
    add: AddPages = add_pages,
) -> CycleReport:
    """One watch cycle: read the feeds, then fetch what they queued (a fresh fetcher, so
    robots.txt is read again each cycle)."""
    report = CycleReport()
    recover(workspace)  # events a killed run left unrecorded
    fetchers = Fetchers(fetch)
    try:
        report.feeds = poll_feeds(workspace, fetchers)
        fetch_queued(workspace, fetchers, config, report, add=add)
    finally:
        fetchers.close()
    return report


def watch(
    workspace: Workspace,
    fetch: FetchConfig,
    config: WatchConfig = WatchConfig(),
    *,
    once: bool = False,
    on_cycle: Callable[[CycleReport], None] = lambda report: None,
    sleep: Callable[[float], None] = time.sleep,
    add: AddPages = add_pages,
) -> None:
    """Run cycles every ``config.interval`` seconds (one with ``once``) until interrupted;
    ``sleep`` may return early (or raise) to end the wait."""
    while True:
        on_cycle(run_cycle(workspace, fetch, config, add))
        if once:
            return
        sleep(config.interval)
