"""Alerts out (issue #12): webhooks told when a story is created, a story is updated or a
conflict is found.

``AlertState`` keeps the alerts, the events that matched them and the delivery queue in the
workspace (migration 0008), on SQLite or PostgreSQL alike; its methods never commit (the caller owns
the transaction). ``record_event`` is what a producer calls (through
``crosswire.changes.record_events``, after the server's posts and watch batches and the CLI's
``add``, ``brief`` and ``watch``): the event and one queue row per matching alert are stored before
anything is sent, so a killed process loses nothing. ``deliver_due`` sends what is due: a JSON POST
signed with HMAC-SHA256 over ``timestamp + "." + body``, through the fetcher's guarded transport
(the SSRF guard re-checks the address at every delivery, and a redirect is not followed: it counts
as a failed attempt). A failure is retried with doubling backoff up to ``max_attempts``; every
attempt is one row of the delivery log.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from crosswire.errors import UserError
from crosswire.feeds.state import trusted_hosts
from crosswire.fetch.client import check_url, redact
from crosswire.fetch.guard import AddressPolicy, FetchError, system_resolver
from crosswire.fetch.transport import GuardedTransport
from crosswire.store import Store
from crosswire.store.common import Tables

#: What ``--on`` takes, and the server event each one follows.
ON_EVENTS = {
    "new-story": "story.created",
    "story-update": "story.updated",
    "conflict": "conflict.found",
}
_ON_OF = {kind: on for on, kind in ON_EVENTS.items()}
SIGNATURE_HEADER = "X-Crosswire-Signature"
TIMESTAMP_HEADER = "X-Crosswire-Timestamp"
#: The event's id: delivery is at least once (a process killed mid-POST sends it again), so a
#: receiver drops an id it has seen.
EVENT_HEADER = "X-Crosswire-Event-Id"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value: ``sha256=`` and the hex HMAC-SHA256 of
    ``timestamp + "." + body`` under ``secret``."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


@dataclass(frozen=True)
class Alert:
    id: int
    webhook: str
    on: str
    story_id: str | None
    query: str | None
    allow_private: bool
    created: str

    def public(self) -> dict[str, Any]:
        """The alert as the API and the CLI show it (never its secret)."""
        return {
            "id": self.id,
            "webhook": redact(self.webhook),
            "on": self.on,
            "story_id": self.story_id,
            "query": self.query,
            "allow_private": self.allow_private,
            "created": self.created,
        }

    def matches(self, kind: str, data: dict[str, Any]) -> bool:
        """Whether an event is for this alert: its kind, its story when one is named, and every
        word of the query in the story's title (case-insensitive) when a query is given."""
        if ON_EVENTS[self.on] != kind:
            return False
        if self.story_id is not None and data.get("story_id") != self.story_id:
            return False
        if self.query:
            title = str(data.get("title") or "").casefold()
            return all(word in title for word in self.query.casefold().split())
        return True


def check_webhook(url: str, policy: AddressPolicy, resolve=system_resolver) -> None:
    """FetchError (FetchRefused for a guarded address) when ``url`` is no webhook we may POST
    to: not http(s), or a host resolving to an address the guard refuses."""
    check_url(url)
    parsed = httpx.URL(url)
    policy.checked_addresses(
        parsed.host, parsed.port or (443 if parsed.scheme == "https" else 80), resolve
    )


_COLUMNS = "id, webhook, on_event, story_id, query, allow_private, created"
#: The largest row id an alert can have (a signed 64-bit integer, on either backend).
_LARGEST_ID = 2**63 - 1


def _alert(row: tuple[Any, ...]) -> Alert:
    return Alert(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6])


class AlertState:
    """Alerts, their events, queue and delivery log in one workspace store."""

    def __init__(self, store: Store):
        self.store = store
        self.db = Tables(store, "alerts")

    def add(
        self,
        webhook: str,
        on: str,
        *,
        story_id: str | None = None,
        query: str | None = None,
        allow_private: bool = False,
        now: datetime | None = None,
    ) -> tuple[Alert, str]:
        """A new alert and its secret (write; the secret is shown to the caller once)."""
        if on not in ON_EVENTS:
            raise UserError(f"--on must be one of {', '.join(ON_EVENTS)}, not {on!r}")
        secret = secrets.token_hex(32)
        alert_id = self.db.insert_id(
            "INSERT INTO alerts (webhook, on_event, story_id, query, secret, allow_private, "
            "created) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                webhook,
                on,
                story_id,
                query or None,
                secret,
                int(allow_private),
                _stamp(now or datetime.now(UTC))[:19],
            ),
        )
        found = self.alert(alert_id)
        assert found is not None
        return found, secret

    def alerts(self) -> list[Alert]:
        return [_alert(r) for r in self.db.execute(f"SELECT {_COLUMNS} FROM alerts ORDER BY id")]

    def alert(self, alert_id: int) -> Alert | None:
        if not 0 <= alert_id <= _LARGEST_ID:
            return None  # no row has it (and PostgreSQL's bigint could not take it)
        row = self.db.execute(f"SELECT {_COLUMNS} FROM alerts WHERE id = ?", (alert_id,)).fetchone()
        return _alert(row) if row else None

    def remove(self, alert_id: int) -> Alert:
        """Drop an alert and its pending deliveries (write); the delivery log is kept."""
        found = self.alert(alert_id)
        if found is None:
            raise UserError(f"no alert {alert_id} in the workspace; `crosswire alerts list`")
        self.db.execute("DELETE FROM alert_queue WHERE alert_id = ?", (alert_id,))
        self.db.execute("DELETE FROM alerts WHERE id = ?", (alert_id,))
        return found

    def record_event(self, kind: str, data: dict[str, Any], now: datetime | None = None) -> int:
        """Store an event and queue it for every alert it matches (write); how many matched."""
        matching = [a for a in self.alerts() if a.matches(kind, data)]
        if not matching:
            return 0
        at = _stamp(now or datetime.now(UTC))
        payload = {"event": _ON_OF.get(kind, kind), "kind": kind, "at": at[:19] + "Z", **data}
        event_id = self.db.insert_id(
            "INSERT INTO alert_events (kind, payload, at) VALUES (?, ?, ?) RETURNING id",
            (kind, json.dumps(payload, ensure_ascii=False, sort_keys=True), at),
        )
        self.db.execute_each(
            "INSERT INTO alert_queue (alert_id, event_id, next_try) VALUES (?, ?, ?)",
            [(a.id, event_id, at) for a in matching],
        )
        return len(matching)

    def deliveries(self, alert_id: int | None = None) -> list[dict[str, Any]]:
        """The delivery log, oldest first."""
        rows = self.db.execute(
            "SELECT alert_id, event_id, attempt, status, error, at FROM alert_deliveries "
            + ("WHERE alert_id = ? " if alert_id is not None else "")
            + "ORDER BY id",
            (alert_id,) if alert_id is not None else (),
        )
        keys = ("alert_id", "event_id", "attempt", "status", "error", "at")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def trusted_hosts(self) -> list[str]:
        """The hosts and ranges ``feeds trust`` opened for every fetch of the workspace."""
        return trusted_hosts(self.store)

    def pending(self) -> int:
        row = self.db.execute("SELECT COUNT(*) FROM alert_queue WHERE state = 'pending'")
        return int(row.fetchone()[0])

    def pending_by_alert(self) -> dict[int, int]:
        """``pending`` for each alert id that has deliveries waiting."""
        rows = self.db.execute(
            "SELECT alert_id, COUNT(*) FROM alert_queue WHERE state = 'pending' GROUP BY alert_id"
        )
        return {alert_id: count for alert_id, count in rows}

    def next_due(self) -> datetime | None:
        row = self.db.execute("SELECT MIN(next_try) FROM alert_queue WHERE state = 'pending'")
        value = row.fetchone()[0]
        return (
            datetime.strptime(value, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=UTC) if value else None
        )

    def _due(self, now: datetime) -> list[tuple[int, int, int, str, str, bool, str]]:
        rows: list[tuple[int, int, int, str, str, bool, str]] = self.db.execute(
            "SELECT q.alert_id, q.event_id, q.attempts, a.webhook, a.secret, a.allow_private, "
            "e.payload FROM alert_queue q JOIN alerts a ON a.id = q.alert_id "
            "JOIN alert_events e ON e.id = q.event_id "
            "WHERE q.state = 'pending' AND q.next_try <= ? ORDER BY q.next_try, q.event_id",
            (_stamp(now),),
        ).fetchall()
        return rows

    def _claim(
        self, alert_id: int, event_id: int, attempts: int, now: datetime, seconds: float
    ) -> bool:
        """Take a due delivery for one attempt (write): it is not due again for ``seconds``,
        so a second process does not send it meanwhile, and a process that dies mid-POST
        leaves it due again after them. False when another process took it first.

        One conditional UPDATE is the claim: it changes the row only while it is still as
        ``_due`` read it (pending, this attempt count, due). Besides the stores' one-writer
        rule, that holds on PostgreSQL under READ COMMITTED on its own: a second UPDATE of the
        row waits for the first to commit, then finds ``next_try`` moved and changes nothing."""
        cursor = self.db.execute(
            "UPDATE alert_queue SET next_try = ? WHERE alert_id = ? AND event_id = ? "
            "AND state = 'pending' AND attempts = ? AND next_try <= ?",
            (
                _stamp(now + timedelta(seconds=seconds)),
                alert_id,
                event_id,
                attempts,
                _stamp(now),
            ),
        )
        return cursor.rowcount == 1

    def _attempted(
        self,
        alert_id: int,
        event_id: int,
        attempt: int,
        status: int | None,
        error: str | None,
        next_try: datetime | None,
        now: datetime,
    ) -> None:
        self.db.execute(
            "INSERT INTO alert_deliveries (alert_id, event_id, attempt, status, error, at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (alert_id, event_id, attempt, status, error, _stamp(now)),
        )
        state = "done" if error is None else ("pending" if next_try is not None else "failed")
        self.db.execute(
            "UPDATE alert_queue SET state = ?, attempts = ?, next_try = ?, last_error = ? "
            "WHERE alert_id = ? AND event_id = ? AND state = 'pending' AND attempts = ?",
            (state, attempt, _stamp(next_try or now), error, alert_id, event_id, attempt - 1),
        )


@dataclass(frozen=True)
class DeliveryConfig:
    """``max_attempts`` per event and alert; the n-th retry waits ``backoff * 2**(n-1)``
    seconds; ``timeout`` bounds each POST; ``trusted``: hosts trusted besides the workspace's
    own (``feeds trust``). Several processes may deliver from one workspace (serve, watch, add,
    ``alerts send``): each delivery is claimed before it is sent, so it goes out once."""

    max_attempts: int = 5
    backoff: float = 30.0
    timeout: float = 10.0
    trusted: tuple[str, ...] = ()
    #: Seconds a delivery being sent is the sender's (well beyond one POST's ``timeout``).
    claim_seconds: float = 120.0


#: The settings used when none are given.
DEFAULT_DELIVERY = DeliveryConfig()


@dataclass(frozen=True)
class Delivered:
    """What one ``deliver_due`` did: POSTs attempted, and how many of them failed (each
    failure is in the delivery log with its reason, and retried while attempts remain)."""

    attempted: int = 0
    failed: int = 0


def deliver_due(
    store: Store,
    config: DeliveryConfig = DEFAULT_DELIVERY,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    resolve=system_resolver,
    budget: float | None = None,
) -> Delivered:
    """Send the deliveries that are due (each attempt committed as it is made); with
    ``budget``, start none after that many seconds (the rest stay due)."""
    stop_at = None if budget is None else time.monotonic() + budget
    state = AlertState(store)
    with store.transaction():
        due = state._due(now())
        trusted = (*config.trusted, *state.trusted_hosts())
    failed = sent = 0
    for alert_id, event_id, attempts, webhook, secret, allow_private, payload in due:
        if stop_at is not None and time.monotonic() > stop_at:
            break
        attempt = attempts + 1
        with store.transaction():  # another process may be sending: the first claim wins
            if not state._claim(alert_id, event_id, attempts, now(), config.claim_seconds):
                continue
        sent += 1
        status, error = _post(
            event_id,
            webhook,
            secret,
            payload,
            config,
            AddressPolicy(bool(allow_private), trusted),
            resolve,
        )
        retry = None
        if error is not None and attempt < config.max_attempts:
            retry = now() + timedelta(seconds=config.backoff * 2 ** (attempt - 1))
        with store.transaction():
            state._attempted(alert_id, event_id, attempt, status, error, retry, now())
        failed += error is not None
    return Delivered(sent, failed)


def _post(
    event_id: int,
    webhook: str,
    secret: str,
    payload: str,
    config: DeliveryConfig,
    policy: AddressPolicy,
    resolve,
) -> tuple[int | None, str | None]:
    """One signed POST: the answer's status and, unless it was 2xx, why it failed."""
    body = payload.encode("utf-8")
    timestamp = str(int(datetime.now(UTC).timestamp()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "crosswire-alerts",
        TIMESTAMP_HEADER: timestamp,
        EVENT_HEADER: str(event_id),
        SIGNATURE_HEADER: sign(secret, timestamp, body),
    }
    try:
        with httpx.Client(
            transport=GuardedTransport(policy, resolve),
            follow_redirects=False,
            timeout=config.timeout,
        ) as client:
            response = client.post(webhook, content=body, headers=headers)
    except FetchError as error:
        return None, str(error)
    except httpx.HTTPError as error:
        cause = error.__cause__ if isinstance(error.__cause__, FetchError) else error
        return None, f"{type(cause).__name__}: {cause}"
    if 200 <= response.status_code < 300:
        return response.status_code, None
    if response.is_redirect:
        return response.status_code, "redirect not followed (webhooks must answer directly)"
    return response.status_code, f"HTTP {response.status_code}"


class Dispatcher:
    """A daemon thread that delivers due alerts off the request path: woken by ``kick`` after
    an event is recorded, and by the backoff clock; pending deliveries left by a killed process
    are sent when it starts."""

    def __init__(self, open_store: Callable[[], Any], config: DeliveryConfig = DEFAULT_DELIVERY):
        self.config = config
        self._open = open_store
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="crosswire-alerts", daemon=True)
        self._thread.start()

    def kick(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        import logging

        log = logging.getLogger("crosswire.alerts")
        with self._open() as workspace:
            while not self._stop.is_set():
                self._wake.clear()
                wait = 30.0
                try:
                    deliver_due(workspace.store, self.config)
                    due = AlertState(workspace.store).next_due()
                    if due is not None:
                        wait = max(0.0, min(wait, (due - datetime.now(UTC)).total_seconds()))
                except Exception:
                    log.exception("delivering alerts failed")
                self._wake.wait(wait)
