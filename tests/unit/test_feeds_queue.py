"""The fetch queue's claims: each counts an attempt and leases its rows, so two watchers never
take the same page, a page that kills its watcher waits behind the rest, and one that keeps
doing it is given up with the reason recorded."""

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from crosswire.feeds.state import FeedEntry, FeedState
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


def test_a_claim_counts_the_attempt_and_a_second_watcher_takes_other_rows(tmp_path):
    db = str(tmp_path / "w.db")
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


def test_a_page_that_kills_its_watcher_goes_to_the_back_and_is_given_up(tmp_path):
    db = str(tmp_path / "w.db")
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
    with sqlite3.connect(db) as connection:
        row = connection.execute(
            "SELECT state, attempts, last_error FROM fetch_queue WHERE url LIKE '%poison'"
        ).fetchone()
    assert row[:2] == ("failed", 3) and row[2].startswith("given up after 3 attempts")
