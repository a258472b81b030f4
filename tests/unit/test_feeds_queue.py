"""The fetch queue's claims: each counts an attempt and leases its rows, so two watchers never
take the same page, a page that kills its watcher waits behind the rest, and one that keeps
doing it is given up with the reason recorded. Each runs on SQLite and on PostgreSQL."""

import threading
from datetime import UTC, datetime, timedelta

import pytest

from crosswire.feeds.state import FeedEntry, FeedState
from crosswire.store.common import Tables
from crosswire.workspace import Workspace

pytestmark = pytest.mark.unit

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=30)


def _queue(db, urls, at=T0):
    with Workspace(db) as workspace, workspace.store.transaction():
        state = FeedState(workspace.store)
        feed = state.feed("http://feeds.example/rss") or state.add_feed(
            "http://feeds.example/rss", None, T0
        )
        state.enqueue(feed, [FeedEntry(url) for url in urls], at)


def _claim(db, now, limit):
    with Workspace(db) as workspace, workspace.store.transaction():
        return FeedState(workspace.store).claim_due(now, limit, LEASE)


def test_a_claim_counts_the_attempt_and_a_second_watcher_takes_other_rows(store_location):
    db = store_location
    _queue(db, ["http://n.example/1", "http://n.example/2", "http://n.example/3"])
    first = _claim(db, T0, 2)
    second = _claim(db, T0 + timedelta(seconds=5), 10)
    assert [q.entry.url for q in first] == ["http://n.example/1", "http://n.example/2"]
    assert [q.entry.url for q in second] == ["http://n.example/3"]
    assert [q.attempts for q in first + second] == [1, 1, 1]
    assert _claim(db, T0 + LEASE - timedelta(seconds=1), 10) == []  # all leased
    again = _claim(db, T0 + LEASE + timedelta(seconds=5), 10)  # the first watcher died
    assert [(q.entry.url, q.attempts) for q in again] == [
        ("http://n.example/1", 2),
        ("http://n.example/2", 2),
        ("http://n.example/3", 2),
    ]


def test_a_page_that_kills_its_watcher_goes_to_the_back_and_is_given_up(store_location):
    db = store_location
    _queue(db, ["http://n.example/poison"])
    [poison] = _claim(db, T0, 1)  # …and the watcher is killed while fetching it
    _queue(db, ["http://n.example/fresh"], at=T0 + timedelta(minutes=1))
    after_lease = T0 + LEASE + timedelta(minutes=1)
    [first] = _claim(db, after_lease, 1)
    assert (poison.entry.url, first.entry.url) == (
        "http://n.example/poison",
        "http://n.example/fresh",
    )

    now = after_lease
    for attempt in (2, 3):  # each try kills its watcher again
        [again] = _claim(db, now, 1)
        assert (again.entry.url, again.attempts) == ("http://n.example/poison", attempt)
        now += LEASE + timedelta(minutes=1)
    with Workspace(db) as workspace, workspace.store.transaction():
        given_up = FeedState(workspace.store).give_up_exhausted(now, 3)
    assert [url for url, _ in given_up] == ["http://n.example/poison"]
    assert "given up after 3 attempts" in given_up[0][1]
    assert [q.entry.url for q in _claim(db, now, 10)] == ["http://n.example/fresh"]
    with Workspace(db) as workspace:
        row = (
            Tables(workspace.store, "feeds")
            .execute("SELECT state, attempts, last_error FROM fetch_queue WHERE url LIKE '%poison'")
            .fetchone()
        )
    assert row[:2] == ("failed", 3) and row[2].startswith("given up after 3 attempts")


def test_watchers_claiming_at_once_never_take_one_row_twice(store_location):
    """Several watchers on one workspace, each with its own connection, claim at the same
    moment: every row goes to exactly one of them."""
    urls = [f"http://n.example/{n:02}" for n in range(12)]
    _queue(store_location, urls)
    taken: list[list[str]] = []
    start = threading.Barrier(4)

    def watcher() -> None:
        with Workspace(store_location) as workspace:
            workspace.store.articles([])  # opened (and migrated) before the race
            start.wait()
            mine: list[str] = []
            while True:
                with workspace.store.transaction():
                    claimed = FeedState(workspace.store).claim_due(T0, 2, LEASE)
                if not claimed:
                    break
                mine += [q.entry.url for q in claimed]
            taken.append(mine)

    threads = [threading.Thread(target=watcher) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(url for mine in taken for url in mine) == urls  # each once
    assert len(taken) == 4


def test_trusted_hosts_and_feeds_by_id_read_alike_on_both_backends(store_location):
    with Workspace(store_location) as workspace:
        state = FeedState(workspace.store)
        with workspace.store.transaction():
            assert state.trust("intranet.example", T0) is True
            assert state.trust("intranet.example", T0) is False  # trusted already
            assert state.trust("Zeta.example", T0) and state.trust("10.0.0.0/8", T0)
            feed = state.add_feed("http://feeds.example/rss", None, T0, allow_private=True)
            new = state.enqueue(feed, [FeedEntry("http://n.example/1")] * 2, T0)
        # Code-point order on both (PostgreSQL's own collation would put "Zeta" last).
        assert state.trusted_hosts() == ["10.0.0.0/8", "Zeta.example", "intranet.example"]
        assert new == 1
        assert state.feed(str(feed.id)) == feed and feed.allow_private is True
        assert state.feed(str(2**64)) is None  # beyond any row id: no feed, no error
        with workspace.store.transaction():
            state.untrust("Zeta.example")
        assert state.queue_counts() == {"pending": 1}
        assert state.queue_counts_by_feed() == {feed.id: {"pending": 1}}
