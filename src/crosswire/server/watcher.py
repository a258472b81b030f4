"""``serve --watch``: the feed watcher in the server's process.

A daemon thread runs ``crosswire.feeds.watch`` cycles: it reads the feeds and fetches the
queued pages itself (keeping the queue with its own workspace connection), then hands each
batch of fetched pages to the server's writer thread, which stores and clusters them
(``writes.add``) and announces what changed (``writes.announce``: cached briefings refreshed,
events on ``/api/events``, matching alerts queued) — so a page from a feed and an article
POSTed show up alike, and articles and stories have one writer.

A cycle that fails is logged and the next one starts on schedule. Stopping ends the wait
between cycles at once; a cycle under way is left to the queue's leases (a page claimed and
not finished is due again when its lease ends, 30 minutes by default, and what was stored is
found unchanged by its content hash), so stopping the server at any moment loses nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from crosswire.feeds.watch import CycleReport, WatchConfig, watch
from crosswire.fetch.client import FetchConfig
from crosswire.fetch.pages import PageReader
from crosswire.records import Briefing
from crosswire.workspace import Workspace

log = logging.getLogger("crosswire.watch")


class _Stopped(Exception):
    """Raised after a cycle when the watcher has been stopped meanwhile."""


class Watcher:
    """The watch loop on a daemon thread; ``add`` puts a batch of pages into the workspace."""

    def __init__(
        self,
        open_workspace: Callable[[], Workspace],
        fetch: FetchConfig,
        config: WatchConfig,
        add: Callable[[Workspace, list[str], PageReader], Briefing],
    ):
        self._stop = threading.Event()
        self.cycles = 0
        self._thread = threading.Thread(
            target=self._run,
            args=(open_workspace, fetch, config, add),
            name="crosswire-watch",
            daemon=True,
        )
        self._thread.start()

    def _cycle_done(self, report: CycleReport) -> None:
        self.cycles += 1
        failed = [read for read in report.feeds if read.error]
        log.info(
            "watch cycle %d: %d feeds read (%d failed), %d pages added, %d failed, %d to retry",
            self.cycles,
            len(report.feeds),
            len(failed),
            report.fetched,
            len(report.failed),
            len(report.retrying),
        )
        for read in failed:
            log.warning("feed failed: %s: %s", read.url, read.error)
        if self._stop.is_set():
            raise _Stopped

    def _run(
        self,
        open_workspace: Callable[[], Workspace],
        fetch: FetchConfig,
        config: WatchConfig,
        add: Callable[[Workspace, list[str], PageReader], Briefing],
    ) -> None:
        while not self._stop.is_set():
            try:
                with open_workspace() as workspace:
                    watch(workspace, fetch, config, once=True, on_cycle=self._cycle_done, add=add)
            except _Stopped:
                return
            except Exception:  # one bad cycle (or a busy workspace) must not end watching
                log.exception("a watch cycle failed; the next one starts on schedule")
            if self._stop.wait(config.interval):
                return

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)
