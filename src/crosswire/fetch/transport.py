"""An httpx transport that connects only to addresses the guard passed.

httpx hands the connection pool a host name; our network backend resolves it once through the
guard and opens the socket to the checked address itself. The request keeps the name: the Host
header and the TLS server name (SNI, and the certificate check) are the URL's host, so HTTPS
works as usual, and no second lookup happens between the check and the connect.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterable

import certifi
import httpcore
import httpx

from crosswire.fetch.guard import AddressPolicy, Resolver, system_resolver


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
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout, socket.gaierror) as error:
                last = error
        assert last is not None
        raise last


class GuardedTransport(httpx.HTTPTransport):
    """``httpx.HTTPTransport`` whose connections go through ``GuardedBackend`` (no proxy: a
    proxy would make the connection on our behalf, past the guard)."""

    def __init__(self, policy: AddressPolicy, resolve: Resolver = system_resolver):
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl.create_default_context(cafile=certifi.where()),
            max_connections=10,
            max_keepalive_connections=5,
            keepalive_expiry=5.0,
            network_backend=GuardedBackend(policy, resolve),
        )
