"""Feeds in, end to end: the real CLI and pipeline against a local HTTP server on loopback
serving our own RSS, Atom and JSON feeds and article pages (the tests pass --allow-private).
The tests that take a ``store_location`` run on SQLite and on PostgreSQL."""

import json
import os
import signal
import subprocess
import time
from datetime import timedelta

import pytest
from tests.e2e.helpers import CROSSWIRE, cli, workspace_sql
from tests.feeds_server import (
    PAGES,
    Route,
    allow_loopback,
    atom,
    json_feed,
    page_html,
    rss,
    serving,
)

from crosswire.feeds.state import FeedEntry, FeedState, utc_now
from crosswire.workspace import Workspace

pytestmark = [pytest.mark.integration, pytest.mark.slow]

FAST = ("--allow-private", "--host-interval", "0")


@pytest.fixture
def server(monkeypatch):
    allow_loopback(monkeypatch)
    with serving() as running:
        running.routes["/robots.txt"] = Route(
            b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"
        )
        for path in ("/news/ferry-1", "/news/ferry-2"):
            title, published, text = PAGES[path]
            running.routes[path] = Route(page_html(title, published, text))
        # A page with neither title nor date: the feed entry lends its own.
        running.routes["/news/ferry-3"] = Route(
            f"<html><body><article><p>{PAGES['/news/ferry-3'][2]}</p></article></body></html>".encode()
        )
        yield running


def _serve_feeds(server):
    server.routes["/rss"] = Route(
        rss(server, ["/news/ferry-1", "/news/ferry-2"]),
        content_type="application/rss+xml",
        headers={"ETag": '"rss-1"'},
    )
    server.routes["/atom"] = Route(
        atom(server, ["/news/ferry-2", "/private/leak"]),
        content_type="application/atom+xml",
        headers={"ETag": '"atom-1"'},
    )
    server.routes["/feed.json"] = Route(
        json_feed(server, ["/news/ferry-3"]),
        content_type="application/feed+json",
        headers={"ETag": '"json-1"'},
    )
    server.routes["/broken"] = Route(b"<html><body>moved away</body></html>")


def _end_leases(db):
    """Time passes: the leases a killed watcher held run out (30 minutes in real use)."""
    workspace_sql(db, "UPDATE fetch_queue SET next_try = '2000-01-01 00:00:00'")


def _feeds_table(db):
    rows = workspace_sql(db, "SELECT url, last_success, last_error FROM feeds")
    return {url.rsplit("/", 1)[1]: (success, error) for url, success, error in rows}


def test_feeds_add_list_remove(server, store_location):
    db = store_location
    _serve_feeds(server)
    refused = cli("feeds", "add", server.url("/rss"), "--db", db)
    assert refused.returncode == 2
    assert b"loopback" in refused.stderr and b"--allow-private" in refused.stderr
    added = cli("feeds", "add", server.url("/rss"), "--db", db, "--allow-private")
    assert added.returncode == 0, added.stderr
    assert b"following feed 1" in added.stdout and b"Harbour News" in added.stdout
    assert cli("feeds", "add", server.url("/rss"), "--db", db, "--allow-private").returncode == 2
    broken = cli("feeds", "add", server.url("/broken"), "--db", db, "--allow-private")
    assert broken.returncode == 0 and b"first read failed" in broken.stderr
    listed = cli("feeds", "list", "--db", db)
    assert listed.returncode == 0
    assert b"Harbour News" in listed.stdout and b"not an RSS, Atom or JSON feed" in listed.stdout
    assert cli("feeds", "remove", "1", "--db", db).returncode == 0
    assert cli("feeds", "remove", server.url("/broken"), "--db", db).returncode == 0
    assert cli("feeds", "remove", "7", "--db", db).returncode == 2
    assert cli("feeds", "list", "--db", db).returncode == 1


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://0177.0.0.1/", b"Invalid IPv4 address"),
        ("http://[::1/", b"Invalid IPv6 URL"),
        ("http://\u2024example.com/", b"Invalid IDNA hostname"),
    ],
)
def test_feeds_add_refuses_a_url_that_cannot_be_parsed_in_one_line(tmp_path, url, why):
    added = cli("feeds", "add", url, "--db", str(tmp_path / "w.db"))
    assert added.returncode == 2, added.stderr
    assert why in added.stderr and b"not a valid URL" in added.stderr
    assert len(added.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.glob("crosswire-traceback-*"))


def test_credentials_in_a_feed_url_never_reach_the_recorded_reason(server, store_location):
    db = store_location
    url = f"http://reader:s3cret@127.0.0.1:{server.port}/missing-feed"
    added = cli("feeds", "add", url, "--db", db, "--allow-private")
    assert added.returncode == 0, added.stderr
    assert b"HTTP 404" in added.stderr and b"s3cret" not in added.stdout + added.stderr
    listed = cli("feeds", "list", "--db", db)
    assert b"HTTP 404" in listed.stdout and b"s3cret" not in listed.stdout + listed.stderr
    [(reason,)] = workspace_sql(db, "SELECT last_error FROM feeds")
    assert "HTTP 404 from http://127.0.0.1:" in reason and "s3cret" not in reason


def test_opml_import_export_round_trip(tmp_path, store_location):
    """Exported from one workspace (either backend), imported into a SQLite one."""
    opml = tmp_path / "in.opml"
    opml.write_text(
        '<opml version="2.0"><body><outline text="News">'
        '<outline text="One &amp; Two" xmlUrl="https://one.example/rss"/>'
        '<outline text="Gopher" xmlUrl="gopher://old.example/"/></outline>'
        '<outline title="Three" xmlUrl="https://three.example/atom"/></body></opml>',
        encoding="utf-8",
    )
    db = store_location
    first = cli("feeds", "import", str(opml), "--db", db)
    assert first.returncode == 0, first.stderr
    assert b"2 feeds added, 0 already followed, 1 skipped" in first.stdout
    assert (
        b"0 feeds added, 2 already followed" in cli("feeds", "import", str(opml), "--db", db).stdout
    )
    out = tmp_path / "out.opml"
    assert cli("feeds", "export", "-o", str(out), "--db", db).returncode == 0
    db2 = str(tmp_path / "w2.db")
    assert cli("feeds", "import", str(out), "--db", db2).returncode == 0
    exported = cli("feeds", "export", "--db", db2).stdout
    assert exported == out.read_bytes()
    assert b'xmlUrl="https://one.example/rss"' in exported and b"One &amp; Two" in exported


def test_watch_once_reads_every_feed_then_a_second_once_fetches_nothing_new(server, store_location):
    db = store_location
    _serve_feeds(server)
    with Workspace(db) as workspace, workspace.store.transaction():
        state = FeedState(workspace.store)
        for path in ("/rss", "/broken", "/atom", "/feed.json"):
            state.add_feed(server.url(path), None, utc_now())

    first = cli("watch", "--db", db, "--once", *FAST)
    # The broken feed and the page robots.txt forbids are failures: exit 1, each named.
    assert first.returncode == 1, first.stderr
    assert b"feed failed: " + server.url("/broken").encode() in first.stderr
    assert b"disallows" in first.stderr
    assert b"3 pages added, 1 failed, 0 to retry; 1 of 4 feeds failed" in first.stdout
    assert server.hits["/private/leak"] == 0
    for path in ("/news/ferry-1", "/news/ferry-2", "/news/ferry-3"):
        assert server.hits[path] == 1, path  # ferry-2 is in two feeds: fetched once
    feeds = _feeds_table(db)
    assert feeds["broken"][0] is None and "not an RSS, Atom or JSON feed" in feeds["broken"][1]
    assert all(feeds[name][0] and feeds[name][1] is None for name in ("rss", "atom", "feed.json"))

    with Workspace(db) as workspace:
        articles = {a.url: a for a in workspace.store.articles()}
    assert len(articles) == 3
    lent = articles[server.url("/news/ferry-3")]
    assert lent.title == PAGES["/news/ferry-3"][0] and lent.title_source == "metadata"
    assert lent.published == "2026-03-04" and lent.author == "Coast Desk"
    assert articles[server.url("/news/ferry-1")].published == "2026-03-02"
    # The page's own date wins over the feed's (the RSS item says 2 March for every entry).
    assert articles[server.url("/news/ferry-2")].published == "2026-03-03"
    assert articles[server.url("/news/ferry-2")].title_source == "html"

    feed_hits = {path: server.hits[path] for path in ("/rss", "/atom", "/feed.json")}
    second = cli("watch", "--db", db, "--once", *FAST)
    assert b"0 pages added, 0 failed" in second.stdout
    assert second.stdout.count(b"not modified") == 3
    for path in ("/news/ferry-1", "/news/ferry-2", "/news/ferry-3"):
        assert server.hits[path] == 1, path
    assert {p: server.hits[p] for p in feed_hits} == {p: n + 1 for p, n in feed_hits.items()}


def test_a_queue_row_left_fetching_by_a_killed_watcher_is_taken_up(server, store_location):
    db = store_location
    url = server.url("/news/ferry-1")
    with Workspace(db) as workspace:
        state = FeedState(workspace.store)
        with workspace.store.transaction():
            feed = state.add_feed(server.url("/gone"), None, utc_now())
            state.enqueue(feed, [FeedEntry(url, "Ferry halted")], utc_now())
        with workspace.store.transaction():
            [claimed] = state.claim_due(utc_now(), 10, timedelta(minutes=30))
        assert claimed.entry.url == url
        # …and the watcher dies here, its row still 'fetching'.
    assert server.hits[url.split(str(server.port))[1]] == 0
    held = cli("watch", "--db", db, "--once", *FAST)
    assert b"0 pages added" in held.stdout, held.stdout  # leased: not taken before it ends
    _end_leases(db)

    resumed = cli("watch", "--db", db, "--once", *FAST)
    assert b"1 pages added" in resumed.stdout, resumed.stderr
    assert workspace_sql(db, "SELECT state FROM fetch_queue") == [("done",)]
    assert workspace_sql(db, "SELECT COUNT(*) FROM articles") == [(1,)]


def test_brief_takes_page_urls_through_the_guard(server, tmp_path):
    url = server.url("/news/ferry-2")
    out = tmp_path / "b.json"
    refused = cli("brief", url, "-o", str(out), "--db", str(tmp_path / "a.db"))
    assert refused.returncode == 1 and b"loopback" in refused.stderr
    ran = cli("brief", url, "-o", str(out), "--db", str(tmp_path / "b.db"), "--allow-private")
    assert ran.returncode == 0, ran.stderr
    [article] = json.loads(out.read_text(encoding="utf-8"))["articles"]
    assert article["url"] == url
    assert article["title"] == PAGES["/news/ferry-2"][0]


def test_a_watcher_killed_mid_fetch_loses_nothing(server, store_location):
    """A real ``crosswire watch`` process, SIGKILLed while a slow page is arriving, leaves its
    queue in the workspace; the next watch takes it up and every page is read."""
    db = store_location
    _serve_feeds(server)
    title, published, text = PAGES["/news/ferry-2"]
    slow = page_html(title, published, text)
    server.routes["/news/ferry-2"] = Route(slow, chunked=max(1, len(slow) // 40), delay=0.5)
    with Workspace(str(db)) as workspace, workspace.store.transaction():
        for path in ("/rss", "/feed.json"):
            FeedState(workspace.store).add_feed(server.url(path), None, utc_now())
    process = subprocess.Popen(
        [*CROSSWIRE, "watch", "--db", str(db), "--once", *FAST],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while server.hits["/news/ferry-2"] == 0 and time.monotonic() < deadline:
            assert process.poll() is None, "the watcher ended before the slow page"
            time.sleep(0.05)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    states = dict(workspace_sql(db, "SELECT url, state FROM fetch_queue"))
    assert sorted(states.values()) == ["fetching"] * 3
    _end_leases(db)

    server.routes["/news/ferry-2"] = Route(slow)
    resumed = cli("watch", "--db", str(db), "--once", *FAST)
    assert resumed.returncode == 0, resumed.stderr
    assert b"3 pages added, 0 failed" in resumed.stdout
    assert workspace_sql(db, "SELECT DISTINCT state FROM fetch_queue") == [("done",)]
    assert workspace_sql(db, "SELECT COUNT(*) FROM articles") == [(3,)]


def test_hosts_trusted_in_the_workspace_open_the_guard_for_its_fetches(server, store_location):
    db = store_location
    _serve_feeds(server)
    assert cli("feeds", "trust", "not a host", "--db", db).returncode == 2
    assert cli("feeds", "trust", "127.0.0.1", "--db", db).stdout == b"trusting: 127.0.0.1/32\n"
    added = cli("feeds", "add", server.url("/feed.json"), "--db", db)  # no --allow-private
    assert added.returncode == 0, added.stderr
    assert b"trusted hosts: 127.0.0.1/32" in cli("feeds", "list", "--db", db).stdout
    ran = cli("watch", "--db", db, "--once", "--host-interval", "0")
    assert ran.returncode == 0 and b"1 pages added" in ran.stdout, ran.stderr
    assert cli("feeds", "untrust", "127.0.0.1", "--db", db).returncode == 0
    assert cli("feeds", "untrust", "127.0.0.1", "--db", db).returncode == 2
    refused = cli("watch", "--db", db, "--once", "--host-interval", "0")
    assert refused.returncode == 1 and b"loopback" in refused.stderr


def test_a_feed_added_with_allow_private_keeps_it_for_watch(server, store_location):
    """As an alert keeps its --allow-private, so does a feed: a watcher run without the flag
    still reads it and its pages; a feed added without it is still refused."""
    db = store_location
    _serve_feeds(server)
    added = cli("feeds", "add", server.url("/rss"), "--db", db, "--allow-private")
    assert added.returncode == 0, added.stderr
    with Workspace(db) as workspace, workspace.store.transaction():
        FeedState(workspace.store).add_feed(server.url("/feed.json"), None, utc_now())
    ran = cli("watch", "--db", db, "--once", "--host-interval", "0")
    assert b"2 pages added" in ran.stdout, ran.stdout
    assert b"feed failed: " + server.url("/feed.json").encode() in ran.stderr
    assert b"loopback" in ran.stderr
    assert server.hits["/news/ferry-3"] == 0  # the refused feed's page was never queued
    listed = cli("feeds", "list", "--db", db)
    assert listed.returncode == 0 and listed.stdout.count(b"private addresses allowed") == 1
