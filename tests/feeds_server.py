"""A local HTTP server for the fetch and feed tests (loopback only, a thread of this process):
routes set per test, every request counted, conditional GET answered from ETags. The pages and
feeds are our own short news items about an invented story."""

from __future__ import annotations

import contextlib
import socket
import ssl
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    #: Sent without Content-Length, in chunks of this many bytes (a stream of unknown size).
    chunked: int | None = None
    #: Seconds to wait before each chunk (a slow server).
    delay: float = 0.0
    #: Seconds between every byte of the whole answer, status line and headers included (a
    #: server pacing itself to stay under every read timeout).
    trickle: float | None = None


@dataclass
class LocalServer:
    host: str
    port: int
    routes: dict[str, Route | Callable[[], Route]] = field(default_factory=dict)
    hits: Counter = field(default_factory=Counter)
    host_headers: list[str] = field(default_factory=list)

    def url(self, path: str, host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}{path}"


def _handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the tests read the counts."""

        def do_GET(self) -> None:
            server.hits[self.path] += 1
            server.host_headers.append(self.headers.get("Host", ""))
            found = server.routes.get(self.path)
            if found is None:
                route = Route(b"not here", 404, "text/plain")
            else:
                route = found() if callable(found) else found
            etag = route.headers.get("ETag")
            modified = route.headers.get("Last-Modified")
            if (etag and self.headers.get("If-None-Match") == etag) or (
                modified and self.headers.get("If-Modified-Since") == modified
            ):
                self.send_response(304)
                if etag:
                    self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.trickle is not None:
                self._trickle(route)
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.chunked:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for start in range(0, len(route.body), route.chunked):
                    piece = route.body[start : start + route.chunked]
                    time.sleep(route.delay)
                    self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
                return
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

        def _trickle(self, route: Route) -> None:
            head = [f"HTTP/1.1 {route.status} OK", f"Content-Type: {route.content_type}"]
            head += [f"{name}: {value}" for name, value in route.headers.items()]
            head.append(f"Content-Length: {len(route.body)}")
            answer = ("\r\n".join(head) + "\r\n\r\n").encode() + route.body
            for at in range(len(answer)):
                time.sleep(route.trickle or 0.0)
                self.wfile.write(answer[at : at + 1])
                self.wfile.flush()

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up mid-answer (the fetcher cutting a body off, a refused TLS
        handshake) is what several tests do on purpose: not worth a traceback. Anything
        else is printed as usual."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, ssl.SSLError, TimeoutError)):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serving(tls: ssl.SSLContext | None = None) -> Iterator[LocalServer]:
    """A server on 127.0.0.1 at a free port, for the length of the block (HTTPS with ``tls``,
    a server-side context)."""
    state = LocalServer("127.0.0.1", 0)
    httpd = _Server(("127.0.0.1", 0), _handler(state))
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


#: Taken when this module is imported (at collection, before any test's network guard).
_REAL_CONNECT = socket.socket.connect


def allow_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let sockets connect to loopback (127.0.0.0/8, ::1) and nowhere else: the tests' own
    server is reachable, the rest of the network still fails the test."""
    original = _REAL_CONNECT

    def connect(self, address, *args, **kwargs):
        if self.family == socket.AF_UNIX or (
            isinstance(address, tuple) and (address[0].startswith("127.") or address[0] == "::1")
        ):
            return original(self, address, *args, **kwargs)
        raise AssertionError(f"test tried to open a network connection to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", connect)


PAGES = {
    "/news/ferry-1": (
        "Harbour ferry service halted after engine fire",
        "2026-03-02",
        "PORT ALDER — The harbour ferry between Port Alder and Gull Island was halted on "
        "Monday after a fire broke out in the engine room of the vessel Kestrel during its "
        "morning crossing. All 84 passengers were brought ashore by lifeboat crews, the "
        "harbour authority said. Nobody was hurt. The authority said the service would stay "
        "suspended while inspectors examine the ship, and that a replacement boat could not "
        "be found before the end of the week.",
    ),
    "/news/ferry-2": (
        "Inspectors board fire-hit Gull Island ferry",
        "2026-03-03",
        "PORT ALDER — Marine inspectors boarded the ferry Kestrel on Tuesday, a day after an "
        "engine-room fire forced the evacuation of its passengers. The harbour authority said "
        "84 people had been on board. Island councillor Mara Quill said residents who work on "
        "the mainland had been left stranded and called for a temporary service to start "
        "within two days. The operator said it was looking for a boat to charter.",
    ),
    "/news/ferry-3": (
        "Charter boat to restore Gull Island crossing",
        "2026-03-04",
        "PORT ALDER — A chartered boat will restore the crossing to Gull Island from Thursday, "
        "the ferry operator said on Wednesday, two days after the fire on the Kestrel. The "
        "operator said the charter would run four return trips a day instead of the usual "
        "six. Councillor Mara Quill welcomed the news but said islanders still needed to know "
        "when the Kestrel itself would return to service.",
    ),
}


def page_html(title: str, published: str | None, text: str) -> bytes:
    """An article page: a headline, an optional date, the text in paragraphs."""
    date = f'<meta property="article:published_time" content="{published}">' if published else ""
    paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in text.rstrip(".").split(". "))
    return (
        f"<html><head><title>{title}</title>{date}</head><body><article><h1>{title}</h1>"
        f"{paragraphs}</article></body></html>"
    ).encode()


def _title(path: str) -> str:
    return PAGES[path][0] if path in PAGES else "Untitled"


def rss(server: LocalServer, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{PAGES[p][0]}</title><link>{server.url(p)}</link>"
        "<pubDate>Mon, 02 Mar 2026 09:00:00 GMT</pubDate></item>"
        for p in paths
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour News</title>'
        f"<link>{server.url('/')}</link><description>Local news</description>{items}"
        "</channel></rss>"
    ).encode()


def atom(server: LocalServer, paths: list[str]) -> bytes:
    entries = "".join(
        f"<entry><title>{_title(p)}</title><link href='{server.url(p)}'/>"
        f"<id>{server.url(p)}</id><updated>2026-03-03T10:00:00Z</updated>"
        "<author><name>Desk Reporter</name></author></entry>"
        for p in paths
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Island Gazette</title><id>{server.url('/atom')}</id>"
        f"<updated>2026-03-03T10:00:00Z</updated>{entries}</feed>"
    ).encode()


def json_feed(server: LocalServer, paths: list[str]) -> bytes:
    import json

    items = [
        {
            "id": p,
            "url": server.url(p),
            "title": PAGES[p][0],
            "date_published": f"{PAGES[p][1]}T08:00:00Z",
            "authors": [{"name": "Coast Desk"}],
        }
        for p in paths
    ]
    return json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": "Coast Wire", "items": items}
    ).encode()
