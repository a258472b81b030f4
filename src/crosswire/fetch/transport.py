"""An httpx transport that connects only to addresses the guard passed.

``GuardedTransport`` is an ``httpx.BaseTransport`` (the public extension point) that drives its
own ``httpcore.ConnectionPool``; the pool's network backend resolves each host name once
through the guard and opens the socket to the checked address itself. The request keeps the
name: the Host header and the TLS server name (SNI, and the certificate check, against the
system's trust store, ``SSL_CERT_FILE``, or certifi's roots) are the
URL's host, so HTTPS works as usual, and no second lookup happens between check and connect.

Every socket operation is also bounded by the deadline of the request under way
(``request_deadline``): a server that trickles its headers or body a byte at a time, each
within the read timeout, is still cut off when the whole request's time is up.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import socket
import ssl
import time
from collections.abc import Iterable, Iterator

import certifi
import httpcore
import httpx

from crosswire.fetch.guard import AddressPolicy, Resolver, system_resolver

#: The monotonic time by which the request under way must be over (None: no deadline).
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "crosswire_fetch_deadline", default=None
)


@contextlib.contextmanager
def request_deadline(seconds: float) -> Iterator[None]:
    """Bound every connect, write and read made inside the block to end within ``seconds``
    of its start (an ``httpx.TimeoutException`` when the time is up)."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _bounded(timeout: float | None, timeout_type: type[Exception]) -> float | None:
    """``timeout`` shortened to what is left before the deadline (raises when none is)."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise timeout_type("the request's deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every operation ends by the request's deadline."""

    def __init__(self, inner: httpcore.NetworkStream):
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self.inner.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> object:
        return self.inner.get_extra_info(info)


class GuardedBackend(httpcore.SyncBackend):
    """``connect_tcp`` to the checked addresses of a host, in order, until one answers."""

    def __init__(self, policy: AddressPolicy, resolve: Resolver = system_resolver):
        self.policy = policy
        self.resolve = resolve

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.policy.checked_addresses(host, port, self.resolve)
        last: Exception | None = None
        for address in addresses:
            bounded = _bounded(timeout, httpcore.ConnectTimeout)
            try:
                stream = super().connect_tcp(address, port, bounded, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout, socket.gaierror) as error:
                last = error
                continue
            return _DeadlineStream(stream)
        assert last is not None
        raise last


#: httpcore's exceptions and the httpx ones they become (subclasses before their bases).
_EXCEPTIONS: list[tuple[type[Exception], type[httpx.RequestError]]] = [
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
]


@contextlib.contextmanager
def _httpx_errors(request: httpx.Request) -> Iterator[None]:
    """httpcore's exceptions raised as httpx's (the cause kept, for the TLS failure in it)."""
    try:
        yield
    except httpcore.ProxyError as error:  # no proxy is configured; listed for completeness
        raise httpx.ProxyError(str(error), request=request) from error
    except Exception as error:
        for source, target in _EXCEPTIONS:
            if isinstance(error, source):
                raise target(str(error), request=request) from error
        raise


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, response: httpcore.Response, request: httpx.Request):
        self.response = response
        self.request = request

    def __iter__(self) -> Iterator[bytes]:
        with _httpx_errors(self.request):
            stream = self.response.stream
            assert isinstance(stream, Iterable)
            yield from stream

    def close(self) -> None:
        with _httpx_errors(self.request):
            self.response.close()


def _trusting_context() -> ssl.SSLContext:
    """Certificates and host names verified against the system's trust store (or
    ``SSL_CERT_FILE``/``SSL_CERT_DIR`` when set), plus certifi's roots when no file is named,
    as before: a machine without a system store still verifies."""
    context = ssl.create_default_context()
    if not os.environ.get("SSL_CERT_FILE"):
        context.load_verify_locations(cafile=certifi.where())
    return context


class GuardedTransport(httpx.BaseTransport):
    """Requests over a connection pool whose connections go through ``GuardedBackend`` (no
    proxy: a proxy would make the connection on our behalf, past the guard)."""

    def __init__(self, policy: AddressPolicy, resolve: Resolver = system_resolver):
        self.pool = httpcore.ConnectionPool(
            ssl_context=_trusting_context(),
            max_connections=10,
            max_keepalive_connections=5,
            keepalive_expiry=5.0,
            network_backend=GuardedBackend(policy, resolve),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, Iterable)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _httpx_errors(request):
            response = self.pool.handle_request(core_request)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response, request),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self.pool.close()
