"""The write token: every POST and DELETE needs ``Authorization: Bearer TOKEN``.

The token comes from ``CROSSWIRE_TOKEN``, or is generated on the first start, shown once and kept
only as a salted scrypt hash in the workspace (``server_tokens``). Comparisons are constant-time.
A server that listens beyond loopback must have ``CROSSWIRE_TOKEN`` set (``check_bind``).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import threading

from crosswire.errors import UserError
from crosswire.store import Store

TOKEN_ENV = "CROSSWIRE_TOKEN"
#: The name the generated token's hash is kept under in the workspace.
TOKEN_NAME = "write"
#: scrypt cost: 2^14 rounds, 16 MB, about 50 ms here: cheap once per token, dear per guess.
_N, _R, _P = 2**14, 8, 1


def hash_token(token: str, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` (hex): what the workspace keeps instead of the token."""
    salt = secrets.token_bytes(16) if salt is None else salt
    digest = hashlib.scrypt(token.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_token(token: str, stored: str) -> bool:
    """Whether ``token`` is the one ``stored`` was made from (False for a malformed hash)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        found = hashlib.scrypt(
            token.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except ValueError:
        return False
    return hmac.compare_digest(found.hex(), digest)


class TokenCheck:
    """Checks a presented bearer token against the env token or the stored hash. A token that
    passed once is remembered by its SHA-256, so scrypt runs once per token, not per request."""

    def __init__(self, *, plain: str | None = None, stored: str | None = None):
        if (plain is None) == (stored is None):
            raise ValueError("give exactly one of plain= (the env token) or stored= (its hash)")
        self._plain = hashlib.sha256(plain.encode()).digest() if plain is not None else None
        self._stored = stored
        self._passed: set[bytes] = set()
        self._lock = threading.Lock()

    def check(self, presented: str) -> bool:
        key = hashlib.sha256(presented.encode()).digest()
        if self._plain is not None:
            return hmac.compare_digest(key, self._plain)
        with self._lock:
            if any(hmac.compare_digest(key, known) for known in self._passed):
                return True
        if self._stored is not None and verify_token(presented, self._stored):
            with self._lock:
                self._passed.add(key)
            return True
        return False


def bearer(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer TOKEN`` header, if it is one."""
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def workspace_token(
    store: Store, env_token: str | None, *, renew: bool = False
) -> tuple[TokenCheck, str | None]:
    """The check for this server, and the token to show once if one was generated now (on the
    first start, or when ``renew`` asks for a new one)."""
    if env_token:
        return TokenCheck(plain=env_token), None
    stored = None if renew else store.token_hash(TOKEN_NAME)
    if stored is not None:
        return TokenCheck(stored=stored), None
    token = secrets.token_urlsafe(32)
    stored = hash_token(token)
    with store.transaction():
        store.save_token_hash(TOKEN_NAME, stored)
    return TokenCheck(stored=stored), token


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine (``localhost``, 127.0.0.0/8, ``::1``)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name that may resolve anywhere: treated as wide


def check_bind(host: str, env_token: str | None) -> None:
    """Refuse a non-loopback bind without ``CROSSWIRE_TOKEN`` (a UserError saying so)."""
    if not is_loopback(host) and not env_token:
        raise UserError(
            f"refusing to listen on {host!r} without a token: set {TOKEN_ENV} to a secret "
            "before serving beyond this machine (or use --host 127.0.0.1)"
        )
