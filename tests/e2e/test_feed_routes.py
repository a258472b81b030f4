"""``/api/feeds`` end to end: a real uvicorn over a fresh workspace, and our own RSS served by
a local HTTP server on loopback (so the SSRF guard refuses it unless told otherwise)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.e2e.served import AUTH, Served
from tests.feeds_server import LocalServer, Route, allow_loopback, rss, serving

from crosswire.feeds.state import FeedEntry, FeedState, utc_now
from crosswire.workspace import Workspace

pytestmark = [pytest.mark.integration]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Loopback only (overrides the suite's guard)."""
    allow_loopback(monkeypatch)


@pytest.fixture
def feeds() -> Iterator[LocalServer]:
    with serving() as running:
        running.routes["/rss"] = Route(rss(running, []), content_type="application/rss+xml")
        running.routes["/broken"] = Route(b"<html><body>moved away</body></html>")
        yield running


@pytest.fixture
def served(store_location: str) -> Iterator[Served]:
    """The server over a fresh workspace, on SQLite and on PostgreSQL in turn."""
    server = Served(store_location)
    yield server
    server.stop()


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    return response.json()["error"]


def _listed(served: Served) -> list[dict]:
    response = served.client.get("/api/feeds")
    assert response.status_code == 200
    return response.json()["feeds"]


def test_feeds_list_add_dup_remove_and_bad_requests_lose_nothing(served, feeds):
    client = served.client
    assert client.get("/api/feeds").json() == {"feeds": [], "queue": {}, "trusted_hosts": []}
    url = feeds.url("/rss")
    assert _error(client.post("/api/feeds", json={"url": url}), 401)["field"] == "Authorization"
    refused = _error(client.post("/api/feeds", json={"url": url}, headers=AUTH), 422)
    assert refused["field"] == "url" and "loopback" in refused["message"]
    assert _listed(served) == []

    added = client.post("/api/feeds", json={"url": url, "allow_private": True}, headers=AUTH)
    assert added.status_code == 201, added.text
    feed = added.json()
    assert (feed["id"], feed["url"], feed["title"]) == (1, url, "Harbour News")
    # As with `feeds add`, the first read is for the title: `watch` records the reads.
    assert feed["status"] == "unread" and feed["last_success"] is None
    assert feed["added"] and feed["last_failure"] is None
    again = client.post("/api/feeds", json={"url": url, "allow_private": True}, headers=AUTH)
    assert again.status_code == 200 and again.json()["id"] == 1  # one feed per URL
    assert feeds.hits["/rss"] == 1  # a feed already followed is not read again

    broken = client.post(
        "/api/feeds", json={"url": feeds.url("/broken"), "allow_private": True}, headers=AUTH
    )
    assert broken.status_code == 201  # followed, with why its first read failed
    assert broken.json()["status"] == "failing"
    assert "not an RSS, Atom or JSON feed" in broken.json()["last_failure"]["reason"]

    before = _listed(served)
    for body, field in [
        ({"url": "ftp://example.org/feed.xml"}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "http://[::1/"}, "url"),
        ({"url": 7}, "url"),
        ({}, "url"),
        ({"url": url, "allow_private": "perhaps"}, "allow_private"),
    ]:
        assert _error(client.post("/api/feeds", json=body, headers=AUTH), 422)["field"] == field
    assert _error(client.delete("/api/feeds/99", headers=AUTH), 404)["field"] == "feed_id"
    for wrong in ("x", "0", str(2**63)):
        assert _error(client.delete(f"/api/feeds/{wrong}", headers=AUTH), 422)["field"] == "feed_id"
    assert _error(client.delete("/api/feeds/1"), 401)["field"] == "Authorization"
    assert _listed(served) == before

    with Workspace(str(served.db)) as workspace, workspace.store.transaction():
        state = FeedState(workspace.store)
        stored = state.feed("1")
        assert stored is not None
        entries = [FeedEntry(feeds.url(f"/news/{n}")) for n in ("a", "b")]
        assert state.enqueue(stored, entries, utc_now()) == 2
    listing = client.get("/api/feeds").json()
    assert listing["queue"] == {"pending": 2}
    assert [f["queue"] for f in listing["feeds"]] == [{"pending": 2}, {}]

    removed = client.delete("/api/feeds/1", headers=AUTH)
    assert removed.status_code == 200 and removed.json()["removed"]["id"] == 1
    assert [f["id"] for f in _listed(served)] == [2]
    assert client.get("/api/feeds").json()["queue"] == {}  # its unfetched pages left the queue
    schema = client.get("/openapi.json").json()
    assert schema["paths"]["/api/feeds"]["post"]["tags"] == ["feeds"]
    assert schema["paths"]["/api/feeds/{feed_id}"]["delete"]["tags"] == ["feeds"]


def test_hosts_the_workspace_trusts_open_the_guard_and_credentials_stay_hidden(served, feeds):
    with Workspace(str(served.db)) as workspace, workspace.store.transaction():
        FeedState(workspace.store).trust("127.0.0.1/32", utc_now())
    url = feeds.url("/rss").replace("http://", "http://reader:hunter2@")
    added = served.client.post("/api/feeds", json={"url": url}, headers=AUTH)
    assert added.status_code == 201, added.text
    assert added.json()["title"] == "Harbour News"
    listing = served.client.get("/api/feeds")
    assert "hunter2" not in listing.text and listing.json()["trusted_hosts"] == ["127.0.0.1/32"]
    assert listing.json()["feeds"][0]["url"] == feeds.url("/rss")
    # An alert's webhook on a trusted host is taken without allow_private too.
    hook = {"webhook": feeds.url("/hook"), "on": "conflict"}
    assert served.client.post("/api/alerts", json=hook, headers=AUTH).status_code == 201
