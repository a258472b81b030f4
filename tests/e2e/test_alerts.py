"""Alerts out, with real parts on loopback: a stdlib HTTP receiver in a thread records the
webhook POSTs; deliveries go through the guarded transport; the server's event after a real
POST of an article reaches the receiver."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from tests.e2e.helpers import cli, copy_workspace
from tests.e2e.served import AUTH, Served, loopback_only

from crosswire.alerts import AlertState, DeliveryConfig, Dispatcher, check_webhook, deliver_due
from crosswire.fetch.guard import AddressPolicy, FetchRefused
from crosswire.workspace import Workspace

pytestmark = [pytest.mark.integration]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Loopback only (overrides the suite's guard)."""
    loopback_only(monkeypatch)


class Receiver:
    """An HTTP server on 127.0.0.1 that records each POST and answers the next status of
    ``answers`` (200 once they run out)."""

    def __init__(self, answers: list[int] | None = None):
        self.posts: list[tuple[dict[str, str], bytes]] = []
        self.answers = list(answers or [])
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.posts.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                if status in (301, 302, 307, 308):
                    self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, count: int, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while len(self.posts) < count:
            assert time.monotonic() < deadline, f"{len(self.posts)} posts, not {count}"
            time.sleep(0.05)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    yield found
    found.stop()


def verified(secret: str, headers: dict[str, str], body: bytes) -> bool:
    timestamp = headers["x-crosswire-timestamp"]
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest(headers["x-crosswire-signature"], "sha256=" + mac.hexdigest())


NOW = DeliveryConfig(max_attempts=3, backoff=0.0, timeout=10)


def test_a_failed_delivery_is_retried_signed_and_logged(tmp_path: Path, receiver: Receiver):
    receiver.answers = [500]
    with Workspace(str(tmp_path / "ws.db")) as workspace:
        state = AlertState(workspace.store)
        with workspace.store.transaction():
            alert, secret = state.add(receiver.url, "new-story", allow_private=True)
            other, _ = state.add(receiver.url, "conflict", allow_private=True)
            data = {"story_id": "s1", "title": "Port deal signed", "articles": 2}
            assert state.record_event("story.created", data) == 1  # not the conflict alert
        assert deliver_due(workspace.store, NOW) == 1  # the 500
        assert deliver_due(workspace.store, NOW) == 1  # the retry, due at once (no backoff)
        assert deliver_due(workspace.store, NOW) == 0  # delivered: nothing left
        log = state.deliveries(alert.id)
        assert state.deliveries(other.id) == []
    assert [(d["attempt"], d["status"], d["error"]) for d in log] == [
        (1, 500, "HTTP 500"),
        (2, 200, None),
    ]
    assert len(receiver.posts) == 2
    assert [h["x-crosswire-event-id"] for h, _ in receiver.posts] == ["1", "1"]  # one event
    for headers, body in receiver.posts:
        assert verified(secret, headers, body)
        assert not verified("another secret", headers, body)
    payload = json.loads(receiver.posts[-1][1])
    assert payload["event"] == "new-story" and payload["story_id"] == "s1"
    assert payload["title"] == "Port deal signed" and payload["at"].endswith("Z")


def test_attempts_are_bounded_and_redirects_are_not_followed(tmp_path: Path, receiver: Receiver):
    receiver.answers = [302, 503, 503, 503]
    with Workspace(str(tmp_path / "ws.db")) as workspace:
        state = AlertState(workspace.store)
        with workspace.store.transaction():
            alert, _ = state.add(
                receiver.url, "story-update", query="port DEAL", allow_private=True
            )
            assert state.record_event("story.updated", {"story_id": "s", "title": "Farm"}) == 0
            assert state.record_event("story.updated", {"story_id": "s", "title": "Port deal"})
        for _ in range(5):
            deliver_due(workspace.store, NOW)
        log = state.deliveries(alert.id)
        assert state.pending() == 0
    assert [d["status"] for d in log] == [302, 503, 503]  # max_attempts=3, then given up
    assert "redirect not followed" in log[0]["error"]
    assert len(receiver.posts) == 3  # nothing went to the redirect's Location


def test_a_private_webhook_is_refused_without_allow_private(tmp_path: Path, receiver: Receiver):
    with pytest.raises(FetchRefused, match="loopback"):
        check_webhook(receiver.url, AddressPolicy())
    check_webhook(receiver.url, AddressPolicy(allow_private=True))
    db = str(tmp_path / "ws.db")
    refused = cli("alerts", "add", "--webhook", receiver.url, "--on", "conflict", "--db", db)
    assert refused.returncode != 0 and b"loopback" in refused.stderr
    # An alert stored with --allow-private but now checked without it (as if the row were made
    # by hand) is refused at delivery too: the guard runs at every delivery.
    with Workspace(db) as workspace:
        state = AlertState(workspace.store)
        with workspace.store.transaction():
            alert, _ = state.add(receiver.url, "conflict")
            state.record_event("conflict.found", {"story_id": "s", "title": "t"})
        deliver_due(workspace.store, NOW)
        log = state.deliveries(alert.id)
    assert receiver.posts == [] and "loopback" in log[0]["error"] and log[0]["status"] is None


def test_a_webhook_on_a_host_the_workspace_trusts_is_taken(tmp_path: Path, receiver: Receiver):
    """`feeds trust` opens the guard for adding an alert, as it does for each delivery."""
    db = str(tmp_path / "ws.db")
    add = ("alerts", "add", "--webhook", receiver.url, "--on", "conflict", "--db", db)
    assert cli(*add).returncode != 0
    assert cli("feeds", "trust", "127.0.0.1", "--db", db).returncode == 0
    added = cli(*add)
    assert added.returncode == 0, added.stderr


def test_deliveries_left_pending_are_sent_when_a_dispatcher_starts(
    tmp_path: Path, receiver: Receiver
):
    """The queue is in the workspace: events recorded by a process that died before sending
    them are delivered by the next one to start a dispatcher."""
    db = str(tmp_path / "ws.db")
    with Workspace(db) as workspace:
        state = AlertState(workspace.store)
        with workspace.store.transaction():
            state.add(receiver.url, "conflict", allow_private=True)
            state.record_event("conflict.found", {"story_id": "s", "title": "t"})
    dispatcher = Dispatcher(lambda: Workspace(db), NOW)
    try:
        receiver.wait_for(1, seconds=30)
    finally:
        dispatcher.stop()
    with Workspace(db) as workspace:
        assert AlertState(workspace.store).pending() == 0
    assert json.loads(receiver.posts[0][1])["event"] == "conflict"


def test_alerts_add_list_remove_through_the_cli(tmp_path: Path, receiver: Receiver):
    db = str(tmp_path / "ws.db")
    added = cli(
        "alerts",
        "add",
        "--webhook",
        receiver.url,
        "--on",
        "new-story",
        "--query",
        "port",
        "--db",
        db,
        "--allow-private",
    )
    assert added.returncode == 0, added.stderr
    secret = (
        added.stdout.decode().split("secret (shown once; it signs each delivery): ")[1].split()[0]
    )
    assert len(secret) == 64
    listed = cli("alerts", "list", "--db", db)
    assert (
        listed.returncode == 0
        and receiver.url in listed.stdout.decode()
        and secret not in listed.stdout.decode()
    )
    bad = cli("alerts", "add", "--webhook", receiver.url, "--on", "never", "--db", db)
    assert bad.returncode != 0 and b"--on" in bad.stderr
    assert cli("alerts", "remove", "1", "--db", db).returncode == 0
    assert cli("alerts", "list", "--db", db).returncode == 1
    assert cli("alerts", "remove", "1", "--db", db).returncode != 0


def test_a_served_post_reaches_the_webhook(demo_run, tmp_path: Path, receiver: Receiver):
    served = Served(copy_workspace(demo_run.db, tmp_path / "ws.db"))
    try:
        client = served.client
        refused = client.post("/api/alerts", json={"webhook": receiver.url, "on": "new-story"})
        assert refused.status_code == 401
        body = {"webhook": receiver.url, "on": "new-story"}
        private = client.post("/api/alerts", json=body, headers=AUTH)
        assert private.status_code == 422 and private.json()["error"]["field"] == "webhook"
        wrong = client.post("/api/alerts", json={**body, "on": "x"}, headers=AUTH)
        assert wrong.status_code == 422 and wrong.json()["error"]["field"] == "on"
        made = client.post("/api/alerts", json={**body, "allow_private": True}, headers=AUTH)
        assert made.status_code == 201, made.text
        secret = made.json()["secret"]
        listed = client.get("/api/alerts").json()
        assert [a["id"] for a in listed["alerts"]] == [made.json()["id"]]
        assert "secret" not in listed["alerts"][0]
        unrelated = (
            "The Lakeside town council voted on Monday to rebuild the old library on Mill "
            "Street, the mayor, Ada Brennan, said. Construction starts in June. " * 3
        )
        posted = client.post(
            "/api/articles",
            json={"text": unrelated, "title": "Lakeside library to be rebuilt", "outlet": "T"},
            headers=AUTH,
        )
        assert posted.status_code == 201, posted.text
        story_id = posted.json()["articles"][0]["story_id"]
        receiver.wait_for(1)
        headers, raw = receiver.posts[0]
        assert verified(secret, headers, raw)
        payload = json.loads(raw)
        assert payload["event"] == "new-story" and payload["story_id"] == story_id
        assert payload["title"]
        deadline = time.monotonic() + 30
        while not (log := _log(served.db)):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert log[0]["status"] == 200 and log[0]["attempt"] == 1
        gone = client.delete(f"/api/alerts/{made.json()['id']}", headers=AUTH)
        assert gone.status_code == 200
        missing = client.delete(f"/api/alerts/{made.json()['id']}", headers=AUTH)
        assert missing.status_code == 404 and missing.json()["error"]["field"] == "alert_id"
        too_big = client.delete(f"/api/alerts/{2**63}", headers=AUTH)  # no SQLite row id
        assert too_big.status_code == 422 and too_big.json()["error"]["field"] == "alert_id"
    finally:
        served.stop()


def _log(db: Path) -> list[dict]:
    with Workspace(str(db)) as workspace:
        return AlertState(workspace.store).deliveries()
