"""The fetcher: GET a URL through the SSRF guard, politely and within bounds.

Every request goes through ``GuardedTransport`` (the guard checks each connection's address).
Redirects are followed here, one hop at a time, at most ``max_redirects``: each new URL is
checked again (scheme, robots.txt, address). Bodies are streamed and dropped past ``max_bytes``
or ``body_seconds``;
timeouts, connection failures, 429 and 5xx answers are retried with doubling waits; requests to
one host are spaced ``host_interval`` seconds apart; robots.txt is read once per host (through
the same guard) and obeyed. A feed's ``ETag``/``Last-Modified`` go back as ``If-None-Match``/
``If-Modified-Since``, and a 304 answer comes back as ``Fetched.not_modified``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from crosswire.fetch.guard import (
    AddressPolicy,
    FetchError,
    FetchRefused,
    Resolver,
    system_resolver,
)
from crosswire.fetch.transport import GuardedTransport

USER_AGENT = "crosswire/0.1 (news briefing tool; honours robots.txt)"
#: The name robots.txt rules are matched against.
ROBOTS_AGENT = "crosswire"
_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True)
class FetchConfig:
    """Bounds and manners of the fetcher; the defaults are the command line's."""

    policy: AddressPolicy = field(default_factory=AddressPolicy)
    #: Seconds any one step (connect, a read) may take, and the whole body at most.
    timeout: float = 15.0
    body_seconds: float = 60.0
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
                headers={"User-Agent": USER_AGENT},
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
            _check_scheme(current)
            if robots and not self._robots_allow(current):
                raise FetchError(
                    f"robots.txt of {urlsplit(current).netloc} disallows {current}; not fetched"
                )
            answer = self._get(current, headers)
            if isinstance(answer, Fetched):
                return answer
            current = answer
        raise FetchError(
            f"more than {self.config.max_redirects} redirects from {url}; stopped at {current}"
        )

    def _get(self, url: str, headers: dict[str, str]) -> Fetched | str:
        """One request: the answer, or the URL a redirect points to."""
        self._wait_for_host(url)
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                return self._answer(url, response)
        except httpx.TimeoutException:
            raise FetchError(f"timed out fetching {url}", retryable=True) from None
        except httpx.HTTPError as error:
            raise FetchError(f"could not fetch {url}: {error}", retryable=True) from None

    def _answer(self, url: str, response: httpx.Response) -> Fetched | str:
        status = response.status_code
        if status in _REDIRECTS and "location" in response.headers:
            return urljoin(url, response.headers["location"])
        if status == 304:
            return Fetched(url, 304)
        if status != 200:
            retry = status == 429 or status >= 500
            raise FetchError(f"HTTP {status} from {url}", retryable=retry, status=status)
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
        """The body, read until it passes ``max_bytes`` (then refused: the rest is not read)."""
        limit = self.config.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"{url} is too large ({int(declared):,} bytes; limit {limit:,})")
        chunks, size = [], 0
        deadline = self._clock() + self.config.body_seconds
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"{url} is too large (over {limit:,} bytes); stopped reading")
            if self._clock() > deadline:  # a server dripping bytes never trips a read timeout
                raise FetchError(
                    f"{url} took over {self.config.body_seconds:g} s to send; stopped reading",
                    retryable=True,
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        last = self._last_request.get(host)
        if last is not None:
            wait = last + self.config.host_interval - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc.lower()}"
        if key not in self._robots:
            self._robots[key] = self._read_robots(key)
        rules = self._robots[key]
        return rules is None or rules.can_fetch(ROBOTS_AGENT, url)

    def _read_robots(self, origin: str) -> RobotFileParser | None:
        """The host's rules (None: no robots.txt, everything allowed). As RFC 9309 says, a 4xx
        answer means no rules; a server error or no answer means wait (FetchError, retryable)."""
        try:
            answer = self._follow(f"{origin}/robots.txt", {}, robots=False)
        except FetchRefused:
            raise
        except FetchError as error:
            if error.status is not None and 400 <= error.status < 500:
                return None
            raise FetchError(
                f"robots.txt of {origin} could not be read ({error}), so nothing there is "
                "fetched for now",
                retryable=error.retryable,
            ) from None
        rules = RobotFileParser()
        rules.parse(answer.body.decode("utf-8", "replace").splitlines())
        return rules


def _check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"only http and https URLs with a host are fetched, not {url!r}")
