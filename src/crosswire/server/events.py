"""Server-Sent Events: what changed in the workspace after a write — ``story.created``,
``story.updated``, ``conflict.found`` — to every open ``GET /api/events`` stream.

Event ids are ``BOOT.N`` (the server's start in milliseconds, then a count), so a client that
reconnects with ``Last-Event-ID`` gets what it missed from this server, or, when its id is from
an earlier start, every event kept since this one began. Each subscriber has a bounded queue;
one that falls too far behind is dropped (its stream ends with a ``reset`` event, and the
browser's EventSource reconnects). A quiet stream gets a comment line every ``heartbeat``
seconds so proxies keep it open. When the client goes away the stream's task is cancelled and
its ``finally`` unsubscribes: no task or queue outlives the connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

#: Events kept for a client that reconnects with ``Last-Event-ID``.
BACKLOG = 200
#: Events a subscriber may have waiting before it is dropped.
QUEUE_SIZE = 1000


@dataclass(frozen=True)
class Event:
    #: ``BOOT.N``: this server's start time in milliseconds, and the event's number since, so
    #: ids never repeat across restarts.
    id: str
    kind: str
    data: dict[str, Any]

    def wire(self) -> str:
        """The event as SSE lines (``data`` is one line of JSON)."""
        payload = json.dumps(self.data, ensure_ascii=False, sort_keys=True)
        return f"id: {self.id}\nevent: {self.kind}\ndata: {payload}\n\n"


#: Put in a queue to wake its stream when the hub closes.
_WAKE = Event("", "", {})


@dataclass(eq=False)
class _Subscriber:
    queue: asyncio.Queue[Event] = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))
    dropped: bool = False
    closing: bool = False


class EventHub:
    """Fans events out to the open streams. ``publish`` runs on the event loop;
    ``publish_threadsafe`` is for the writer thread."""

    def __init__(self, heartbeat: float = 15.0) -> None:
        self.heartbeat = heartbeat
        self._subscribers: set[_Subscriber] = set()
        self._backlog: deque[Event] = deque(maxlen=BACKLOG)
        self._next_id = 1
        self._boot = str(int(time.time() * 1000))
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def subscribers(self) -> int:
        return len(self._subscribers)

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def publish(self, kind: str, data: dict[str, Any]) -> Event:
        event = Event(f"{self._boot}.{self._next_id}", kind, data)
        self._next_id += 1
        self._backlog.append(event)
        for subscriber in list(self._subscribers):
            try:
                subscriber.queue.put_nowait(event)
            except asyncio.QueueFull:
                subscriber.dropped = True
                self._subscribers.discard(subscriber)
        return event

    def close(self) -> None:
        """End every open stream (the server is stopping: it waits for open responses)."""
        for subscriber in list(self._subscribers):
            subscriber.closing = True
            with contextlib.suppress(asyncio.QueueFull):
                subscriber.queue.put_nowait(_WAKE)
        self._subscribers.clear()

    def close_threadsafe(self) -> None:
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self.close)

    def publish_threadsafe(self, kind: str, data: dict[str, Any]) -> None:
        if self._loop is None or self._loop.is_closed():
            return  # no server loop (a test calling the writer directly): nobody listens
        self._loop.call_soon_threadsafe(self.publish, kind, data)

    async def stream(self, last_event_id: str | None = None) -> AsyncIterator[str]:
        """One client's stream: missed events after ``last_event_id``, then live ones."""
        subscriber = _Subscriber()
        self._subscribers.add(subscriber)
        try:
            yield "retry: 3000\n\n"
            for event in self._missed(last_event_id):
                yield event.wire()
            while not subscriber.dropped or not subscriber.queue.empty():
                try:
                    event = await asyncio.wait_for(subscriber.queue.get(), self.heartbeat)
                except TimeoutError:
                    yield ": heartbeat\n\n"
                    continue
                if subscriber.closing:
                    return
                yield event.wire()
            yield 'event: reset\ndata: {"reason": "this stream fell behind; reconnect"}\n\n'
        finally:
            self._subscribers.discard(subscriber)

    def _missed(self, last_event_id: str | None) -> list[Event]:
        """The kept events after ``last_event_id``. An id from an earlier start of the server
        means the client missed everything since: every event kept is sent."""
        if last_event_id is None:
            return []
        boot, dot, number = last_event_id.strip().partition(".")
        if boot.isdigit() and not dot:  # a bare count ("0"): from before ids named their start
            return list(self._backlog)
        if not (boot.isdigit() and number.isdigit()):
            return []
        if boot != self._boot:
            return list(self._backlog) if int(boot) < int(self._boot) else []
        after = int(number)
        return [e for e in self._backlog if int(e.id.partition(".")[2]) > after]
