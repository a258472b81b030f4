"""Alerts set off by every way articles come in, with real parts on loopback: `crosswire add`
and `crosswire watch --once` (real CLI processes), and `serve --watch` (a real uvicorn whose
watcher reads a local feed). Each sends a signed POST to a local receiver; a failed delivery
waits in the workspace for `crosswire alerts send`. The tests that take a ``store_location`` run
on SQLite and on PostgreSQL (``serve --watch`` over a PostgreSQL workspace among them)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

import pytest
from tests.conftest import DEMO
from tests.e2e.helpers import cli
from tests.e2e.helpers import workspace_sql as _sql
from tests.e2e.served import Served
from tests.feeds_server import PAGES, Route, allow_loopback, page_html, rss, serving
from tests.webhook_receiver import Receiver, verified

from crosswire.alerts import AlertState
from crosswire.changes import track
from crosswire.feeds.state import FeedState, utc_now
from crosswire.feeds.watch import WatchConfig
from crosswire.fetch.client import FetchConfig
from crosswire.fetch.guard import AddressPolicy
from crosswire.records import RawDocument
from crosswire.workspace import Workspace

pytestmark = [pytest.mark.integration, pytest.mark.slow]

FAST = ("--allow-private", "--host-interval", "0")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Loopback only (overrides the suite's guard): the receiver and the feed server."""
    allow_loopback(monkeypatch)


@pytest.fixture
def feed_server():
    with serving() as running:
        for path in ("/news/ferry-1", "/news/ferry-2"):
            title, published, text = PAGES[path]
            running.routes[path] = Route(page_html(title, published, text))
        running.routes["/rss"] = Route(
            rss(running, ["/news/ferry-1", "/news/ferry-2"]),
            content_type="application/rss+xml",
            headers={"ETag": '"rss-1"'},
        )
        yield running


def _workspace_with_alerts(db: str, receiver: Receiver, feed: str | None = None) -> str:
    """A workspace with an alert on new stories (its secret returned) and one whose query
    no story title matches; and the feed, if one is given."""
    with Workspace(db) as workspace, workspace.store.transaction():
        state = AlertState(workspace.store)
        _, secret = state.add(receiver.url, "new-story", allow_private=True)
        state.add(receiver.url, "new-story", query="volcano", allow_private=True)
        if feed is not None:
            FeedState(workspace.store).add_feed(feed, None, utc_now())
    return secret


def test_watch_once_sends_the_alerts_its_pages_set_off(feed_server, receiver, store_location):
    db = store_location
    secret = _workspace_with_alerts(db, receiver, feed_server.url("/rss"))

    first = cli("watch", "--db", db, "--once", *FAST)
    assert first.returncode == 0, first.stderr
    assert b"2 pages added" in first.stdout
    assert b"alerts: 1 sent, 0 failed" in first.stderr
    assert len(receiver.posts) == 1  # one new story; the 'volcano' alert matched nothing
    headers, body = receiver.posts[0]
    assert verified(secret, headers, body)
    payload = json.loads(body)
    with Workspace(db) as workspace:
        [story_id] = set(workspace.store.story_assignment().values())
    assert payload["event"] == "new-story" and payload["story_id"] == story_id
    assert "ferry" in payload["title"].lower() and len(payload["added"]) == 2

    second = cli("watch", "--db", db, "--once", *FAST)
    assert second.returncode == 0 and b"0 pages added" in second.stdout
    assert len(receiver.posts) == 1  # nothing new: nothing sent


def test_add_sends_alerts_and_a_failed_one_waits_for_alerts_send(
    receiver, tmp_path, store_location
):
    db = store_location
    secret = _workspace_with_alerts(db, receiver)
    receiver.answers = [500]
    article = tmp_path / "ferry.txt"
    title, published, text = PAGES["/news/ferry-1"]
    article.write_text(f"Title: {title}\nOutlet: Harbour News\nPublished: {published}\n\n{text}\n")

    added = cli("add", str(article), "--db", db)
    assert added.returncode == 0, added.stderr  # the article was added; the alert waits
    assert b"alerts: 0 sent, 1 failed; 1 waiting, next try due 20" in added.stderr
    assert len(receiver.posts) == 1

    not_yet = cli("alerts", "send", "--db", db)  # the retry is not due for 30 s
    assert not_yet.returncode == 0 and len(receiver.posts) == 1
    _sql(db, "UPDATE alert_queue SET next_try = '2000-01-01 00:00:00.000000'")  # time passes
    sent = cli("alerts", "send", "--db", db)
    assert sent.returncode == 0, sent.stderr
    assert b"alerts: 1 sent, 0 failed" in sent.stderr
    assert len(receiver.posts) == 2
    assert [json.loads(body)["event"] for _, body in receiver.posts] == ["new-story"] * 2
    assert verified(secret, *receiver.posts[1])

    listed = cli("alerts", "list", "--db", db, columns=250).stdout.decode()
    assert "attempt 2: HTTP 200" in listed  # each alert's last delivery, and what came of it

    again = cli("add", str(article), "--db", db)  # the same article: nothing changed
    assert again.returncode == 0 and b"alerts:" not in again.stderr
    assert len(receiver.posts) == 2


def test_serve_watch_reads_the_feeds_and_announces_the_new_story(
    feed_server, receiver, store_location
):
    db = store_location
    _workspace_with_alerts(db, receiver, feed_server.url("/rss"))
    fetch = FetchConfig(policy=AddressPolicy(allow_private=True), host_interval=0)
    served = Served(db, watch=(fetch, WatchConfig(interval=3600)))
    try:
        receiver.wait_for(1)
        payload = json.loads(receiver.posts[0][1])
        assert payload["event"] == "new-story"
        deadline = time.monotonic() + 60
        while not (stories := served.client.get("/api/stories").json()["stories"]):
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert [s["id"] for s in stories] == [payload["story_id"]]
        assert stories[0]["articles"] == 2
        assert feed_server.hits["/rss"] == 1  # one cycle; the next is an hour away
    finally:
        watcher = served.app.state.crosswire.watcher
        started = time.monotonic()
        served.stop()  # the watcher's wait ends at once
        assert not watcher._thread.is_alive() and time.monotonic() - started < 8
    with Workspace(db) as workspace:
        [feed] = FeedState(workspace.store).feeds()
    assert feed.last_success is not None


def test_add_finds_the_conflict_a_new_article_brings_and_only_once(receiver, tmp_path):
    """The Cork union's claim is in the workspace; the operator's denial arrives by `add`: a
    conflict alert hears of the new claim/denial conflict, and adding it again sends nothing.
    An alert on another story's id is never analysed for, nor sent."""
    db = str(tmp_path / "w.db")
    first = cli("add", str(DEMO / "pasted-cork-union-says-terminal-shut.txt"), "--db", db)
    assert first.returncode == 0, first.stderr
    with Workspace(db) as workspace, workspace.store.transaction():
        state = AlertState(workspace.store)
        state.add(receiver.url, "conflict", allow_private=True)
        state.add(receiver.url, "conflict", story_id="s-elsewhere", allow_private=True)
    denial = str(DEMO / "pasted-cork-operator-disputes-strike-claim.txt")
    added = cli("add", denial, "--db", db)
    assert added.returncode == 0, added.stderr
    payloads = [json.loads(body) for _, body in receiver.posts]
    assert payloads and {p["event"] for p in payloads} == {"conflict"}
    assert "claim_denial" in {p["type"] for p in payloads}
    with Workspace(db) as workspace:
        [story_id] = set(workspace.store.story_assignment().values())
    assert {p["story_id"] for p in payloads} == {story_id}
    assert len({p["conflict_id"] for p in payloads}) == len(payloads)
    sent = len(receiver.posts)
    assert cli("add", denial, "--db", db).returncode == 0
    assert len(receiver.posts) == sent  # nothing changed: nothing new


def test_the_events_of_a_run_killed_before_it_recorded_them_are_sent_by_the_next(
    receiver, store_location
):
    """A run writes down where it started before storing articles; killed before it records
    their events, its note stays, and the next run (here `alerts send`) finishes it."""
    db = store_location
    secret = _workspace_with_alerts(db, receiver)
    with Workspace(db) as workspace:
        tracking = track(workspace)
        assert tracking is not None and tracking.before == {}
        title, _, text = PAGES["/news/ferry-1"]
        workspace.add(
            [RawDocument("ferry.txt", "text", text, (("title", title), ("outlet", "Harbour")))],
            until="cluster",
        )
        # ... and the process dies here: its note is made to name one that no longer runs. On
        # PostgreSQL, as a process on another host wrote it: only its database session, which
        # ended as the workspace closed, tells that it is gone.
        gone = subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpid())"],
            capture_output=True,
            text=True,
            check=True,
        )
        owner = f"{socket.gethostname()}:{gone.stdout.strip()}"
    if db.startswith("postgresql"):
        [(tag,)] = _sql(db, "SELECT owner FROM pending_changes")
        owner = ":".join([*tag.split(":")[:3], "elsewhere.example", "1"])
    _sql(db, "UPDATE pending_changes SET owner = ?", (owner,))
    assert receiver.posts == []
    sent = cli("alerts", "send", "--db", db)
    assert sent.returncode == 0, sent.stderr
    [(headers, body)] = receiver.posts
    assert verified(secret, headers, body) and json.loads(body)["event"] == "new-story"
    assert _sql(db, "SELECT COUNT(*) FROM pending_changes") == [(0,)]
    assert cli("alerts", "send", "--db", db).returncode == 0
    assert len(receiver.posts) == 1  # finished once


def test_a_workspace_without_alerts_writes_no_note(store_location):
    with Workspace(store_location) as workspace:
        assert track(workspace) is None
    assert _sql(store_location, "SELECT COUNT(*) FROM pending_changes") == [(0,)]
