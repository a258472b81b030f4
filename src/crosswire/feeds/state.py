"""The feeds a workspace follows and its fetch queue, kept in the workspace (migration 0007), on
SQLite or PostgreSQL alike (one SQL through ``crosswire.store.common.Tables``).

Methods never commit: the caller (a CLI command, a watch cycle) owns the transaction through
``store.transaction()``. Times are UTC, ``YYYY-MM-DD HH:MM:SS``, so they sort as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from crosswire.errors import UserError
from crosswire.store import Store
from crosswire.store.common import Tables

_FEED_COLUMNS = (
    "id, url, title, etag, last_modified, last_checked, last_success, last_error, last_error_at, "
    "added, allow_private"
)


#: The largest row id a feed can have (a signed 64-bit integer, on either backend).
_LARGEST_ID = 2**63 - 1


def utc_now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def trusted_hosts(store: Store) -> list[str]:
    """The hosts and ranges the workspace trusts (``feeds trust``), sorted."""
    return FeedState(store).trusted_hosts()


@dataclass(frozen=True)
class Feed:
    """A followed feed and how its last reads went."""

    id: int
    url: str
    title: str | None
    etag: str | None
    last_modified: str | None
    last_checked: str | None
    last_success: str | None
    last_error: str | None
    last_error_at: str | None
    #: When the feed was first followed.
    added: str | None = None
    #: Added with --allow-private: read, and its pages fetched, with private addresses allowed.
    allow_private: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "allow_private", bool(self.allow_private))


@dataclass(frozen=True)
class FeedEntry:
    """An entry link found in a feed, with what the feed said of it."""

    url: str
    title: str | None = None
    published: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class QueuedEntry:
    """A claimed entry; ``attempts`` counts this one."""

    entry: FeedEntry
    feed_id: int | None
    attempts: int


class FeedState:
    """Feeds and the fetch queue of one workspace store.

    Every write runs in the caller's ``store.transaction()``, and both stores let one writer
    at a time into a workspace (SQLite's ``BEGIN IMMEDIATE``, PostgreSQL's advisory writer
    lock), so a claim's read and its update are never split by another watcher's claim."""

    def __init__(self, store: Store):
        self.store = store
        self.db = Tables(store, "feeds")

    # -- feeds

    def add_feed(
        self, url: str, title: str | None, now: datetime, allow_private: bool = False
    ) -> Feed:
        """Follow ``url`` (write); UserError if it is followed already. ``allow_private`` is
        kept: the watcher reads the feed and its pages with private addresses allowed."""
        if self.feed(url) is not None:
            raise UserError(f"the workspace already follows {url}; `crosswire feeds list`")
        self.db.execute(
            "INSERT INTO feeds (url, title, added, allow_private) VALUES (?, ?, ?, ?)",
            (url, title, stamp(now), int(allow_private)),
        )
        found = self.feed(url)
        assert found is not None
        return found

    def feeds(self) -> list[Feed]:
        rows = self.db.execute(f"SELECT {_FEED_COLUMNS} FROM feeds ORDER BY id").fetchall()
        return [Feed(*row) for row in rows]

    def feed(self, url_or_id: str) -> Feed | None:
        """The feed with this URL, or this id."""
        key: int | str
        if url_or_id.isdigit():
            if int(url_or_id) > _LARGEST_ID:
                return None  # no row has it (and PostgreSQL's bigint could not take it)
            column, key = "id", int(url_or_id)
        else:
            column, key = "url", url_or_id
        row = self.db.execute(
            f"SELECT {_FEED_COLUMNS} FROM feeds WHERE {column} = ?", (key,)
        ).fetchone()
        return Feed(*row) if row else None

    def remove_feed(self, url_or_id: str) -> Feed:
        """Stop following a feed (write): its unfetched entries leave the queue; the ones
        fetched stay as seen."""
        feed = self.feed(url_or_id)
        if feed is None:
            raise UserError(
                f"no feed {url_or_id!r} in the workspace; `crosswire feeds list` shows them"
            )
        self.db.execute(
            "DELETE FROM fetch_queue WHERE feed_id = ? AND state IN ('pending', 'fetching')",
            (feed.id,),
        )
        self.db.execute("DELETE FROM feeds WHERE id = ?", (feed.id,))
        return feed

    def record_success(
        self, feed: Feed, title: str | None, etag: str | None, modified: str | None, now: datetime
    ) -> None:
        """A read that worked (or a 304): keep the validators for the next conditional GET."""
        self.db.execute(
            "UPDATE feeds SET title = COALESCE(?, title), etag = ?, last_modified = ?, "
            "last_checked = ?, last_success = ? WHERE id = ?",
            (title, etag, modified, stamp(now), stamp(now), feed.id),
        )

    def record_failure(self, feed: Feed, reason: str, now: datetime) -> None:
        self.db.execute(
            "UPDATE feeds SET last_checked = ?, last_error = ?, last_error_at = ? WHERE id = ?",
            (stamp(now), reason, stamp(now), feed.id),
        )

    # -- trusted hosts (the workspace's --allow-host)

    def trusted_hosts(self) -> list[str]:
        order = f"SELECT entry FROM trusted_hosts ORDER BY entry COLLATE {self.db.binary}"
        return [row[0] for row in self.db.execute(order)]

    def trust(self, entry: str, now: datetime) -> bool:
        """Let the fetcher reach ``entry`` (a host name or CIDR range) (write); False if it
        was trusted already."""
        return (
            self.db.execute(
                "INSERT INTO trusted_hosts (entry, added) VALUES (?, ?) "
                "ON CONFLICT (entry) DO NOTHING",
                (entry, stamp(now)),
            ).rowcount
            > 0
        )

    def untrust(self, entry: str) -> None:
        if self.db.execute("DELETE FROM trusted_hosts WHERE entry = ?", (entry,)).rowcount == 0:
            raise UserError(
                f"{entry!r} is not trusted in this workspace; `crosswire feeds list` shows "
                "the trusted hosts"
            )

    # -- the fetch queue

    def enqueue(self, feed: Feed, entries: list[FeedEntry], now: datetime) -> int:
        """Queue the entries never seen before (write); how many were new."""
        return self.db.execute_each(
            "INSERT INTO fetch_queue (url, feed_id, title, published, author, "
            "next_try, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING",
            [
                (e.url, feed.id, e.title, e.published, e.author, stamp(now), stamp(now))
                for e in entries
            ],
        )

    def claim_due(self, now: datetime, limit: int, lease: timedelta) -> list[QueuedEntry]:
        """Take up to ``limit`` due entries (write), oldest first: each is marked 'fetching',
        its attempt counted, and leased until ``now + lease`` (not due again before, so a
        second watcher does not take it, and a page that kills its watcher goes to the back
        of the line). A row a killed watcher left 'fetching' is due once its lease ends."""
        rows = self.db.execute(
            "SELECT url, title, published, author, feed_id, attempts FROM fetch_queue "
            "WHERE state IN ('pending', 'fetching') AND next_try <= ? "
            f"ORDER BY next_try, first_seen, url COLLATE {self.db.binary} LIMIT ?",
            (stamp(now), limit),
        ).fetchall()
        self.db.execute_each(
            "UPDATE fetch_queue SET state = 'fetching', attempts = attempts + 1, next_try = ? "
            "WHERE url = ?",
            [(stamp(now + lease), r[0]) for r in rows],
        )
        return [QueuedEntry(FeedEntry(*row[:4]), row[4], row[5] + 1) for row in rows]

    def give_up_exhausted(self, now: datetime, max_attempts: int) -> list[tuple[str, str]]:
        """Mark 'failed' (write) the due entries already tried ``max_attempts`` times (a page
        whose every try ended with its watcher killed, or a lease that ran out); their URLs
        and the reason recorded."""
        rows = self.db.execute(
            "SELECT url, last_error FROM fetch_queue WHERE state IN ('pending', 'fetching') "
            f"AND next_try <= ? AND attempts >= ? ORDER BY url COLLATE {self.db.binary}",
            (stamp(now), max_attempts),
        ).fetchall()
        given_up = []
        for url, last_error in rows:
            why = last_error or "each try ended without an answer (the watcher stopped)"
            reason = f"given up after {max_attempts} attempts: {why}"
            self.db.execute(
                "UPDATE fetch_queue SET state = 'failed', last_error = ? WHERE url = ?",
                (reason, url),
            )
            given_up.append((url, reason))
        return given_up

    def finish(self, url: str, reason: str | None) -> None:
        """The entry is done (``reason`` None) or failed for good with ``reason`` (write)."""
        state = "done" if reason is None else "failed"
        self.db.execute(
            "UPDATE fetch_queue SET state = ?, last_error = ? WHERE url = ?", (state, reason, url)
        )

    def retry_later(self, url: str, reason: str, wait: timedelta, now: datetime) -> None:
        self.db.execute(
            "UPDATE fetch_queue SET state = 'pending', last_error = ?, next_try = ? WHERE url = ?",
            (reason, stamp(now + wait), url),
        )

    def queue_counts(self) -> dict[str, int]:
        rows = self.db.execute("SELECT state, COUNT(*) FROM fetch_queue GROUP BY state")
        return {state: count for state, count in rows}

    def queue_counts_by_feed(self) -> dict[int, dict[str, int]]:
        """``queue_counts`` for each feed id (entries of a removed feed are under none)."""
        counts: dict[int, dict[str, int]] = {}
        for feed_id, state, count in self.db.execute(
            "SELECT feed_id, state, COUNT(*) FROM fetch_queue WHERE feed_id IS NOT NULL "
            "GROUP BY feed_id, state ORDER BY feed_id, state"
        ):
            counts.setdefault(feed_id, {})[state] = count
        return counts
