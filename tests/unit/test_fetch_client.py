"""The fetcher against a real HTTP server on loopback: the guard on the first hop and on every
redirect, the redirect limit, robots.txt, the size cap, retries, conditional GET, politeness,
and pages read as inputs."""

import pytest
from tests.feeds_server import PAGES, Route, allow_loopback, page_html, serving

from crosswire.fetch.client import FetchConfig, Fetcher
from crosswire.fetch.guard import AddressPolicy, FetchError, FetchRefused
from crosswire.fetch.pages import read_page
from crosswire.records import InputProblem, RawDocument

pytestmark = pytest.mark.unit

OPEN = FetchConfig(policy=AddressPolicy(allow_private=True), host_interval=0, backoff=0)


@pytest.fixture
def server(monkeypatch):
    allow_loopback(monkeypatch)
    with serving() as running:
        yield running


def test_loopback_is_refused_by_default_and_nothing_is_sent(server):
    server.routes["/a"] = Route(b"hello")
    with (
        Fetcher(FetchConfig(host_interval=0)) as fetcher,
        pytest.raises(FetchRefused, match=r"127\.0\.0\.1.*loopback"),
    ):
        fetcher.fetch(server.url("/a"))
    assert sum(server.hits.values()) == 0


def test_a_redirect_from_a_trusted_host_into_a_private_address_is_refused(server):
    """The first hop passes (its address is allowed by --allow-host); the redirect points at
    another private address, which the guard checks again and refuses before connecting."""
    server.routes["/robots.txt"] = Route(b"", 404)
    server.routes["/go"] = Route(
        status=302, headers={"Location": f"http://127.0.0.2:{server.port}/x"}
    )
    server.routes["/metadata"] = Route(
        status=301, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    config = FetchConfig(policy=AddressPolicy(allow_hosts=("127.0.0.1",)), host_interval=0)
    with Fetcher(config) as fetcher:
        with pytest.raises(FetchRefused, match=r"127\.0\.0\.2.*loopback"):
            fetcher.fetch(server.url("/go"))
        with pytest.raises(FetchRefused, match=r"169\.254\.169\.254.*link-local"):
            fetcher.fetch(server.url("/metadata"))
    assert server.hits["/go"] == 1 and server.hits["/metadata"] == 1
    assert "/x" not in server.hits


def test_the_connection_goes_to_the_checked_address_with_the_name_kept(server):
    """One lookup, through our resolver; the socket goes to its answer, the Host header keeps
    the name (so a second lookup, where DNS rebinding would strike, never happens)."""
    asked = []

    def resolve(host, port):
        asked.append(host)
        return ["127.0.0.1"]

    server.routes["/robots.txt"] = Route(b"", 404)
    server.routes["/a"] = Route(b"hello", content_type="text/plain")
    config = FetchConfig(policy=AddressPolicy(allow_hosts=("127.0.0.0/8",)), host_interval=0)
    with Fetcher(config, resolve=resolve) as fetcher:
        answer = fetcher.fetch(server.url("/a", host="news.example"))
    assert answer.body == b"hello"
    # One lookup per connection opened (robots.txt, then the page), never a second one for it.
    assert set(asked) == {"news.example"} and len(asked) <= sum(server.hits.values())
    assert server.host_headers[-1] == f"news.example:{server.port}"


def test_five_redirects_are_followed_and_a_sixth_is_refused(server):
    for hop in range(6):
        server.routes[f"/r{hop}"] = Route(status=302, headers={"Location": f"/r{hop + 1}"})
    server.routes["/r6"] = Route(b"arrived", content_type="text/plain")
    with Fetcher(OPEN) as fetcher:
        assert fetcher.fetch(server.url("/r1")).body == b"arrived"  # r1 → … → r6: 5 redirects
        with pytest.raises(FetchError, match="more than 5 redirects"):
            fetcher.fetch(server.url("/r0"))
    assert server.hits["/r6"] == 1


def test_robots_txt_disallow_is_honoured_and_read_once_per_host(server):
    server.routes["/robots.txt"] = Route(
        b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    server.routes["/private/page"] = Route(b"secret")
    server.routes["/public/page"] = Route(b"fine")
    with Fetcher(OPEN) as fetcher:
        with pytest.raises(FetchError, match=r"robots\.txt .* disallows"):
            fetcher.fetch(server.url("/private/page"))
        assert fetcher.fetch(server.url("/public/page")).body == b"fine"
    assert server.hits["/private/page"] == 0
    assert server.hits["/robots.txt"] == 1


def test_the_size_cap_stops_a_stream_and_refuses_a_declared_length(server):
    server.routes["/robots.txt"] = Route(b"", 404)
    server.routes["/stream"] = Route(b"x" * 50_000, chunked=1000)
    server.routes["/declared"] = Route(b"y" * 50_000)
    small = FetchConfig(policy=OPEN.policy, host_interval=0, max_bytes=10_000)
    with Fetcher(small) as fetcher:
        with pytest.raises(FetchError, match=r"too large \(over 10,000 bytes\); stopped reading"):
            fetcher.fetch(server.url("/stream"))
        with pytest.raises(FetchError, match=r"too large \(50,000 bytes; limit 10,000"):
            fetcher.fetch(server.url("/declared"))


def test_a_server_dripping_its_body_is_cut_off(server):
    server.routes["/robots.txt"] = Route(b"", 404)
    server.routes["/drip"] = Route(b"z" * 10, chunked=1, delay=0.1)
    slow = FetchConfig(policy=OPEN.policy, host_interval=0, retries=0, body_seconds=0.35)
    with Fetcher(slow) as fetcher, pytest.raises(FetchError, match=r"took over 0\.35 s"):
        fetcher.fetch(server.url("/drip"))


def test_server_errors_are_retried_with_backoff_and_client_errors_are_not(server):
    answers = iter([Route(b"", 503), Route(b"", 502), Route(b"ok", content_type="text/plain")])
    server.routes["/robots.txt"] = Route(b"", 404)
    server.routes["/flaky"] = lambda: next(answers)
    server.routes["/gone"] = Route(b"", 410)
    waits = []
    config = FetchConfig(policy=OPEN.policy, host_interval=0, retries=2, backoff=0.5)
    with Fetcher(config, sleep=waits.append) as fetcher:
        assert fetcher.fetch(server.url("/flaky")).body == b"ok"
        with pytest.raises(FetchError, match="HTTP 410"):
            fetcher.fetch(server.url("/gone"))
    assert waits == [0.5, 1.0]
    assert server.hits["/flaky"] == 3 and server.hits["/gone"] == 1


def test_conditional_get_gives_not_modified(server):
    server.routes["/robots.txt"] = Route(b"", 404)
    server.routes["/feed"] = Route(b"<rss/>", headers={"ETag": '"v1"'})
    with Fetcher(OPEN) as fetcher:
        first = fetcher.fetch(server.url("/feed"))
        again = fetcher.fetch(server.url("/feed"), etag=first.etag)
    assert first.etag == '"v1"' and not first.not_modified
    assert again.not_modified and again.body == b""


def test_conditional_get_by_last_modified(server):
    stamp = "Tue, 03 Mar 2026 10:00:00 GMT"
    server.routes["/robots.txt"] = Route(b"", 404)
    server.routes["/feed"] = Route(b"<rss/>", headers={"Last-Modified": stamp})
    with Fetcher(OPEN) as fetcher:
        first = fetcher.fetch(server.url("/feed"))
        again = fetcher.fetch(server.url("/feed"), last_modified=first.last_modified)
    assert first.last_modified == stamp and first.body == b"<rss/>"
    assert again.not_modified


def test_requests_to_one_host_are_spaced(server):
    server.routes["/robots.txt"] = Route(b"", 404)
    server.routes["/a"] = Route(b"a")
    now = [100.0]
    waits = []

    def sleep(seconds):
        waits.append(round(seconds, 3))
        now[0] += seconds

    config = FetchConfig(policy=OPEN.policy, host_interval=1.0)
    with Fetcher(config, clock=lambda: now[0], sleep=sleep) as fetcher:
        fetcher.fetch(server.url("/a"))  # robots.txt, then the page one second later
        now[0] += 0.25
        fetcher.fetch(server.url("/a"))
    assert waits == [1.0, 0.75]


def test_a_page_becomes_a_raw_document_with_its_url_and_the_feed_fields(server):
    title, _, text = PAGES["/news/ferry-1"]
    server.routes["/robots.txt"] = Route(b"", 404)
    server.routes["/old"] = Route(status=301, headers={"Location": "/news/ferry-1"})
    server.routes["/news/ferry-1"] = Route(page_html(title, None, text))
    server.routes["/pic"] = Route(b"\x89PNG", content_type="image/png")
    with Fetcher(OPEN) as fetcher:
        [doc] = read_page(fetcher, server.url("/old"), [("feed_title", "T")], max_bytes=10**6)
        [refused] = read_page(fetcher, server.url("/pic"), max_bytes=10**6)
    assert isinstance(doc, RawDocument) and doc.format == "html"
    assert doc.source == server.url("/old")
    assert doc.field("url") == server.url("/news/ferry-1")
    assert doc.field("feed_title") == "T"
    assert isinstance(refused, InputProblem) and "image/png" in refused.reason


def test_only_http_and_https_are_fetched():
    with Fetcher(OPEN) as fetcher, pytest.raises(FetchError, match="only http and https"):
        fetcher.fetch("file:///etc/passwd")
