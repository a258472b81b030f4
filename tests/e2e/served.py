"""A real uvicorn serving the app over a workspace, on a free loopback port, for the server's
and the web UI's end-to-end tests."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from crosswire.server.app import create_app
from crosswire.server.auth import TokenCheck

TOKEN = "test-token-1234"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let connections reach loopback only (a module's ``_no_network`` override calls this: the
    server under test is on 127.0.0.1); anything else still fails the test."""

    def connect(self, address, *args, **kwargs):
        if self.family == socket.AF_UNIX or address[0] in ("127.0.0.1", "::1", "localhost"):
            return original(self, address, *args, **kwargs)
        raise AssertionError(f"test tried to open a network connection to {address!r}")

    original = socket.socket.connect
    monkeypatch.setattr(socket.socket, "connect", connect)


class Served:
    """A real uvicorn serving ``create_app`` in a thread, on a free loopback port."""

    def __init__(self, db: Path | str, heartbeat: float = 0.3, **options: Any):
        self.db = db
        self.app = create_app(
            str(db), token=TokenCheck(plain=TOKEN), heartbeat=heartbeat, **options
        )
        listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        config = uvicorn.Config(self.app, log_level="warning", timeout_graceful_shutdown=1)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [listener]}, daemon=True
        )
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        self.client = httpx.Client(base_url=self.url, timeout=120)

    @property
    def hub(self):
        return self.app.state.crosswire.hub

    def stop(self) -> None:
        self.client.close()
        self.hub.close_threadsafe()
        self.server.should_exit = True
        self.thread.join(30)
        assert not self.thread.is_alive()
