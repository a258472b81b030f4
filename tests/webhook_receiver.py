"""A webhook receiver for the alert tests: a stdlib HTTP server on 127.0.0.1, in a thread,
that records each POST and answers with the statuses a test lines up; and the check of a
delivery's signature, written here from the documented scheme (not with crosswire's own code)."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


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
