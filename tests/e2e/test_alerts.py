"""Alerts out, with real parts on loopback: a stdlib HTTP receiver in a thread records the
webhook POSTs; deliveries go through the guarded transport; the server's event after a real
POST of an article reaches the receiver. The tests that take a ``store_location`` run on SQLite
and on PostgreSQL."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from tests.e2e.helpers import cli, copy_workspace
from tests.e2e.served import AUTH, Served, loopback_only
from tests.webhook_receiver import Receiver, verified

from crosswire.alerts import (
    AlertState,
    Delivered,
    DeliveryConfig,
    Dispatcher,
    check_webhook,
    deliver_due,
)
from crosswire.fetch.guard import AddressPolicy, FetchRefused
from crosswire.workspace import Workspace

pytestmark = [pytest.mark.integration]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Loopback only (overrides the suite's guard)."""
    loopback_only(monkeypatch)


NOW = DeliveryConfig(max_attempts=3, backoff=0.0, timeout=10)


def test_a_failed_delivery_is_retried_signed_and_logged(store_location: str, receiver: Receiver):
    receiver.answers = [500]
    with Workspace(store_location) as workspace:
        state = AlertState(workspace.store)
        with workspace.store.transaction():
            alert, secret = state.add(receiver.url, "new-story", allow_private=True)
            other, _ = state.add(receiver.url, "conflict", allow_private=True)
            data = {"story_id": "s1", "title": "Port deal signed", "articles": 2}
            assert state.record_event("story.created", data) == 1  # not the conflict alert
        assert deliver_due(workspace.store, NOW) == Delivered(1, failed=1)  # the 500
        assert deliver_due(workspace.store, NOW) == Delivered(1, 0)  # the retry, due at once
        assert deliver_due(workspace.store, NOW) == Delivered(0, 0)  # delivered: nothing left
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


def test_attempts_are_bounded_and_redirects_are_not_followed(
    store_location: str, receiver: Receiver
):
    receiver.answers = [302, 503, 503, 503]
    with Workspace(store_location) as workspace:
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


def test_a_private_webhook_is_refused_without_allow_private(
    store_location: str, receiver: Receiver
):
    with pytest.raises(FetchRefused, match="loopback"):
        check_webhook(receiver.url, AddressPolicy())
    check_webhook(receiver.url, AddressPolicy(allow_private=True))
    db = store_location
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


def test_deliveries_left_pending_are_sent_when_a_dispatcher_starts(
    store_location: str, receiver: Receiver
):
    """The queue is in the workspace: events recorded by a process that died before sending
    them are delivered by the next one to start a dispatcher."""
    db = store_location
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


def test_alerts_add_list_remove_through_the_cli(store_location: str, receiver: Receiver):
    db = store_location
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


def test_a_host_the_workspace_trusts_opens_the_guard_for_webhooks(store_location: str, receiver):
    """`feeds trust` opens the guard for adding an alert, and for each delivery."""
    db = store_location
    hook = ("alerts", "add", "--webhook", receiver.url, "--on", "conflict", "--db", db)
    assert cli(*hook).returncode != 0  # loopback: refused
    assert cli("feeds", "trust", "127.0.0.1", "--db", db).returncode == 0
    assert cli(*hook).returncode == 0, "a trusted host is no longer refused"
    with Workspace(db) as workspace:
        state = AlertState(workspace.store)
        with workspace.store.transaction():
            state.record_event("conflict.found", {"story_id": "s", "title": "t"})
        assert deliver_due(workspace.store, NOW) == Delivered(1, 0)  # delivered: trusted
    assert len(receiver.posts) == 1


def test_two_senders_at_once_deliver_each_event_once(store_location: str, receiver: Receiver):
    """serve, watch, add and `alerts send` may all deliver from one workspace: a delivery is
    claimed before it is sent, so two senders racing over the same queue send it once."""
    import threading

    db = store_location
    with Workspace(db) as workspace:
        state = AlertState(workspace.store)
        with workspace.store.transaction():
            state.add(receiver.url, "conflict", allow_private=True)
            for number in range(6):
                state.record_event("conflict.found", {"story_id": f"s{number}", "title": "t"})
    results: list[Delivered] = []
    start = threading.Barrier(2)

    def send() -> None:
        with Workspace(db) as own:
            start.wait()
            results.append(deliver_due(own.store, NOW))

    senders = [threading.Thread(target=send) for _ in range(2)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join(60)
    assert sum(r.attempted for r in results) == 6
    ids = sorted(headers["x-crosswire-event-id"] for headers, _ in receiver.posts)
    assert ids == [str(n) for n in range(1, 7)]  # each event once
    with Workspace(db) as workspace:
        log = AlertState(workspace.store).deliveries()
    assert [d["attempt"] for d in log] == [1] * 6
