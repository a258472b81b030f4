"""The SSRF guard: which network addresses the fetcher may connect to.

A host name is resolved once (``getaddrinfo``); every address it resolves to must be public, or
the whole host is refused (a name that answers with one public and one private address is how
a rebinding attack hides). The fetcher then connects to an address that passed, never looking
the name up again. Refused: loopback, private (RFC 1918, fc00::/7), link-local (169.254.0.0/16
with the cloud metadata address, fe80::/10), multicast, unspecified, reserved, shared address
space (100.64.0.0/10, carrier-grade NAT) and anything else not globally routable, in IPv4 and
IPv6 alike (an IPv4 address carried in IPv6 — ``::ffff:127.0.0.1``, 6to4, Teredo, NAT64 — is
judged as the IPv4 one; site-local fec0::/10 is refused). A failed lookup is a retryable
FetchError, not a refusal.
``allow_private`` opens every address; ``allow_hosts`` opens trusted host names or CIDR ranges.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_SITE_LOCAL = ipaddress.ip_network("fec0::/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(Exception):
    """A URL could not be fetched; the message says why. ``retryable``: worth trying again later
    (a timeout, a 5xx answer); ``status``: the HTTP status when the server answered."""

    def __init__(self, reason: str, *, retryable: bool = False, status: int | None = None):
        super().__init__(reason)
        self.retryable = retryable
        self.status = status


class FetchRefused(FetchError):
    """The guard refused a URL or an address; the message says why and how to allow it."""


def address_refusal(address: str) -> str | None:
    """Why ``address`` may not be connected to by default (None when it is public). An IPv6
    address that carries an IPv4 one (``::ffff:a.b.c.d``, 6to4 ``2002::/16``, Teredo
    ``2001::/32``, NAT64 ``64:ff9b::/96``) is judged by the IPv4 address it reaches."""
    ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _SITE_LOCAL:  # deprecated, but still routed inside some networks
            return "site-local (fec0::/10, a private range)"
        embedded = _embedded_ipv4(ip)
        if embedded:
            reasons = [_refusal(inner) for inner in embedded]
            return next((reason for reason in reasons if reason is not None), None)
    return _refusal(ip)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses a packet to ``ip`` ends up at (none for a plain IPv6 address). For
    Teredo both the server and the client are judged: the packet passes through both."""
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(ip.teredo)
    if ip in _NAT64:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    return []


def _refusal(ip: IPAddress) -> str | None:
    checks: list[tuple[bool, str]] = [
        (ip.is_unspecified, "unspecified (0.0.0.0 or ::)"),
        (ip.is_loopback, "loopback"),
        (ip.is_link_local, "link-local (169.254.0.0/16, fe80::/10; cloud metadata lives here)"),
        (ip.is_multicast, "multicast"),
        (ip in _CGNAT, "shared address space (100.64.0.0/10, carrier-grade NAT)"),
        (ip.is_reserved, "reserved"),
        (ip.is_private, "private (RFC 1918, fc00::/7 and other local ranges)"),
        (not ip.is_global, "not globally routable"),
    ]
    return next((reason for refused, reason in checks if refused), None)


def trusted_entry(text: str) -> str:
    """An ``--allow-host`` value in its canonical form (a CIDR range, or a lower-case host
    name); ValueError saying what is expected."""
    value = text.strip().strip("[]")
    try:
        return str(ipaddress.ip_network(value, strict=False))
    except ValueError:
        pass
    name = value.lower().rstrip(".")
    if not _HOST_NAME.fullmatch(name):
        raise ValueError(
            f"{text!r} is neither a host name (news.example) nor an address or CIDR range "
            "(10.0.0.0/8, fd00::/8)"
        )
    return name


_NO_SUCH_NAME = {
    getattr(socket, name) for name in ("EAI_NONAME", "EAI_NODATA") if hasattr(socket, name)
}

_HOST_NAME = re.compile(r"(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_-]{1,63})*")


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the order the system gives them (no repeats)."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in found))


@dataclass(frozen=True)
class AddressPolicy:
    """What the fetcher may connect to. ``allow_hosts``: host names (exact, any case) or
    addresses and CIDR ranges (``10.0.0.0/8``, ``::1``) trusted although not public."""

    allow_private: bool = False
    allow_hosts: tuple[str, ...] = ()

    def host_trusted(self, host: str) -> bool:
        name = host.lower().rstrip(".")
        return any(entry.lower().rstrip(".") == name for entry in self.allow_hosts)

    def address_trusted(self, address: str) -> bool:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        return any(ip in network for network in _networks(self.allow_hosts))

    def checked_addresses(
        self, host: str, port: int, resolve: Resolver = system_resolver
    ) -> list[str]:
        """The addresses of ``host`` to connect to, resolved once; FetchRefused naming the
        address and its class when any of them is not allowed."""
        try:
            addresses = resolve(host, port)
        except OSError as error:
            # A lookup that failed may work later (EAI_AGAIN, a resolver down); only a name
            # the DNS says does not exist is not worth asking again.
            missing = getattr(error, "errno", None) in _NO_SUCH_NAME
            raise FetchError(f"cannot resolve {host!r}: {error}", retryable=not missing) from None
        if not addresses:
            raise FetchRefused(f"{host!r} resolves to no address")
        if self.allow_private or self.host_trusted(host):
            return addresses
        for address in addresses:
            reason = address_refusal(address)
            if reason is not None and not self.address_trusted(address):
                raise FetchRefused(
                    f"refused to connect to {host} ({address}): the address is {reason}; "
                    "allow private addresses (--allow-private; allow_private in the API) or "
                    "trust this host or range (--allow-host, crosswire feeds trust)"
                )
        return addresses


def _networks(entries: Sequence[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
        except ValueError:
            continue  # a host name, matched by name
    return networks
