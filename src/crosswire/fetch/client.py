"""The fetcher: GET a URL through the SSRF guard, politely and within bounds.

Every request goes through ``GuardedTransport`` (the guard checks each connection's address).
Redirects are followed here, one hop at a time, at most ``max_redirects``: each new URL is
checked again (scheme, robots.txt, address). Bodies are streamed, decompressed here a bounded
piece at a time (gzip and deflate; other encodings are refused), and dropped once the decoded
bytes pass ``max_bytes``; each request (headers and body) must be over in ``request_seconds``.
Timeouts, connection failures, 429 and 5xx answers are retried with doubling waits; requests to
one host are spaced ``host_interval`` seconds apart; robots.txt is read once per host (through
the same guard) and obeyed. A feed's ``ETag``/``Last-Modified`` go back as ``If-None-Match``/
``If-Modified-Since``, and a 304 answer comes back as ``Fetched.not_modified``. A URL that
cannot be parsed is a FetchError, and no reason ever shows a URL's user name or password.
"""

from __future__ import annotations

import ssl
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpx

from crosswire.fetch.guard import (
    AddressPolicy,
    FetchError,
    FetchRefused,
    Resolver,
    system_resolver,
)
from crosswire.fetch.transport import GuardedTransport, request_deadline

USER_AGENT = "crosswire/0.1 (news briefing tool; honours robots.txt)"
#: The name robots.txt rules are matched against.
ROBOTS_AGENT = "crosswire"
_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True)
class FetchConfig:
    """Bounds and manners of the fetcher; the defaults are the command line's."""

    policy: AddressPolicy = field(default_factory=AddressPolicy)
    #: Seconds any one step (connect, a read) may take, and one whole request at most (from
    #: connecting to the body's last byte, however the server paces it).
    timeout: float = 15.0
    request_seconds: float = 60.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 2
    #: Seconds before the first retry; doubled for each one after.
    backoff: float = 1.0
    #: Seconds between two requests to one host (one request per second by default).
    host_interval: float = 1.0
    robots: bool = True


@dataclass(frozen=True)
class Fetched:
    """A successful answer: the final URL (after redirects) and its body, or ``not_modified``."""

    url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """One fetcher per run (it keeps the per-host clock and robots.txt cache, nothing global).
    Use it in a ``with`` block, or call ``close()``."""

    def __init__(
        self,
        config: FetchConfig | None = None,
        *,
        resolve: Resolver = system_resolver,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config or FetchConfig()
        self._resolve = resolve
        self._clock = clock
        self._sleep = sleep
        self._client: httpx.Client | None = None
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | None] = {}

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                transport=GuardedTransport(self.config.policy, self._resolve),
                timeout=self.config.timeout,
                follow_redirects=False,
                trust_env=False,
                # Only the encodings decoded here, where the decoded size is bounded.
                headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        """GET ``url``; FetchError (or FetchRefused) with the reason when it cannot be had."""
        check_url(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._with_retries(lambda: self._follow(url, headers, robots=self.config.robots))

    def _with_retries(self, attempt: Callable[[], Fetched]) -> Fetched:
        for number in range(self.config.retries + 1):
            try:
                return attempt()
            except FetchError as error:
                if not error.retryable or number == self.config.retries:
                    raise
            self._sleep(self.config.backoff * 2**number)
        raise AssertionError("unreachable")

    def _follow(self, url: str, headers: dict[str, str], *, robots: bool) -> Fetched:
        current = url
        for _ in range(self.config.max_redirects + 1):
            check_url(current)
            if robots and not self._robots_allow(current):
                raise FetchError(
                    f"robots.txt of {_host(current)} disallows {redact(current)}; not fetched"
                )
            answer = self._get(current, headers)
            if isinstance(answer, Fetched):
                return answer
            current = answer
        raise FetchError(
            f"more than {self.config.max_redirects} redirects from {redact(url)}; stopped at "
            f"{redact(current)}"
        )

    def _get(self, url: str, headers: dict[str, str]) -> Fetched | str:
        """One request: the answer, or the URL a redirect points to."""
        self._wait_for_host(url)
        shown, seconds = redact(url), self.config.request_seconds
        started = time.monotonic()
        try:
            with (
                request_deadline(seconds),
                self.client.stream("GET", url, headers=headers) as response,
            ):
                return self._answer(url, response)
        except httpx.TimeoutException:
            if time.monotonic() - started >= seconds:  # a server pacing its bytes to stay open
                raise FetchError(
                    f"{shown} took over {seconds:g} s to send; stopped reading", retryable=True
                ) from None
            raise FetchError(f"timed out fetching {shown}", retryable=True) from None
        except httpx.InvalidURL as error:
            raise FetchError(f"{shown} is not a valid URL: {error}") from None
        except httpx.HTTPError as error:
            if _certificate_failure(error):
                raise FetchError(
                    f"could not fetch {shown}: its TLS certificate failed verification "
                    f"({_certificate_failure(error)})"
                ) from None
            raise FetchError(f"could not fetch {shown}: {error}", retryable=True) from None

    def _answer(self, url: str, response: httpx.Response) -> Fetched | str:
        status = response.status_code
        if status in _REDIRECTS and "location" in response.headers:
            try:
                return urljoin(url, response.headers["location"])
            except ValueError as error:
                raise FetchError(
                    f"{redact(url)} redirects to an address that is no URL: {error}"
                ) from None
        if status == 304:
            return Fetched(url, 304)
        if status != 200:
            retry = status == 429 or status >= 500
            raise FetchError(f"HTTP {status} from {redact(url)}", retryable=retry, status=status)
        body = self._read_capped(url, response)
        return Fetched(
            url=url,
            status=200,
            body=body,
            content_type=response.headers.get("content-type", ""),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )

    def _read_capped(self, url: str, response: httpx.Response) -> bytes:
        """The body, decoded, read until it passes ``max_bytes`` (then refused: the rest is not
        read, and never more than ``max_bytes`` + 1 decoded bytes are held)."""
        limit, shown = self.config.max_bytes, redact(url)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"{shown} is too large ({int(declared):,} bytes; limit {limit:,})")
        decoder = _decoder(response.headers.get("content-encoding", ""), shown)
        chunks, size = [], 0
        for raw in response.iter_raw():
            pending = raw
            while pending:  # a decoder gives at most ``room`` bytes a turn, keeping the rest
                room = limit - size + 1
                if decoder is None:
                    piece, pending = pending[:room], pending[room:]
                else:
                    piece, pending = decoder.feed(pending, room)
                size += len(piece)
                if size > limit:
                    raise FetchError(
                        f"{shown} is too large (over {limit:,} bytes); stopped reading"
                    )
                chunks.append(piece)
        return b"".join(chunks)

    def _wait_for_host(self, url: str) -> None:
        host = _host(url)
        last = self._last_request.get(host)
        if last is not None:
            wait = last + self.config.host_interval - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()

    def _robots_allow(self, url: str) -> bool:
        # robots.txt belongs to an origin (scheme, host, port: RFC 9309), never to a user.
        parts = urlsplit(url)
        port = f":{parts.port}" if parts.port is not None else ""
        key = f"{parts.scheme}://{_bracketed(_host(url))}{port}"
        if key not in self._robots:
            self._robots[key] = self._read_robots(key)
        rules = self._robots[key]
        return rules is None or rules.can_fetch(ROBOTS_AGENT, url)

    def _read_robots(self, origin: str) -> RobotFileParser | None:
        """The host's rules (None: no robots.txt, everything allowed). As RFC 9309 says, a 4xx
        answer means no rules; a server error or no answer means wait (FetchError: a server
        error is reported as robots.txt's, no answer as the host's own failure)."""
        try:
            answer = self._follow(f"{origin}/robots.txt", {}, robots=False)
        except FetchRefused:
            raise
        except FetchError as error:
            if error.status is not None and 400 <= error.status < 500:
                return None
            if error.status is None:
                raise  # no answer at all (a name that does not resolve, a refused connection):
                # the host is what failed, and the reason says so in its own words
            raise FetchError(
                f"robots.txt of {origin} could not be read ({error}), so nothing there is "
                "fetched for now",
                retryable=error.retryable,
            ) from None
        rules = RobotFileParser()
        rules.parse(answer.body.decode("utf-8", "replace").splitlines())
        return rules


def check_url(url: str) -> None:
    """FetchError (not retryable) for a URL that is not http(s) with a host, or cannot be
    parsed at all (``http://[::1/``, a port out of range, a host IDNA refuses)."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # parsing the port is part of the check
        httpx.URL(url)
    except (ValueError, httpx.InvalidURL) as error:
        raise FetchError(f"{redact(url)!r} is not a valid URL: {error}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"only http and https URLs with a host are fetched, not {redact(url)!r}")


def redact(url: str) -> str:
    """``url`` without its user name and password (kept out of every message and reason)."""
    try:
        parts = urlsplit(url)
        if "@" not in parts.netloc:
            return url
        host = parts.netloc.rsplit("@", 1)[1]
        return urlunsplit(SplitResult(parts.scheme, host, parts.path, parts.query, parts.fragment))
    except ValueError:
        return url.split("@", 1)[1] if "@" in url else url


def _host(url: str) -> str:
    """The lower-case host name of ``url``: no credentials, no port."""
    return (urlsplit(url).hostname or "").lower()


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _certificate_failure(error: BaseException) -> str | None:
    """The verification error behind ``error`` when a TLS certificate was refused: that does
    not mend by trying again, unlike a dropped connection."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen.verify_message or str(seen)
        seen = seen.__cause__ or seen.__context__
    return None


class _Decoder:
    """A gzip or deflate body decoded a bounded piece at a time (``max_length``), so a small
    compressed body cannot blow up in memory before the size cap sees it."""

    def __init__(self, wbits: int, raw_fallback: bool):
        self.inner = zlib.decompressobj(wbits)
        self.raw_fallback = raw_fallback  # "deflate" sent raw, without the zlib header
        self.started = False

    def feed(self, data: bytes, room: int) -> tuple[bytes, bytes]:
        """Up to ``room`` decoded bytes from ``data``, and the input not yet decoded."""
        if self.inner.eof:
            return b"", b""
        try:
            piece = self.inner.decompress(data, room)
        except zlib.error:
            if self.started or not self.raw_fallback:
                raise FetchError("the body could not be decoded (corrupt compression)") from None
            self.inner, self.raw_fallback = zlib.decompressobj(-zlib.MAX_WBITS), False
            piece = self.inner.decompress(data, room)
        self.started = True
        return piece, self.inner.unconsumed_tail


def _decoder(encoding: str, shown: str) -> _Decoder | None:
    coding = encoding.strip().lower()
    if coding in ("", "identity"):
        return None
    if coding in ("gzip", "x-gzip"):
        return _Decoder(16 + zlib.MAX_WBITS, raw_fallback=False)
    if coding == "deflate":
        return _Decoder(zlib.MAX_WBITS, raw_fallback=True)
    raise FetchError(
        f"{shown} came in content encoding {encoding!r}, which crosswire does not decode "
        "(only gzip and deflate, whose decoded size it can bound)"
    )
