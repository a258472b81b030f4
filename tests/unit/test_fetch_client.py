"""The fetcher against a real HTTP server on loopback: the guard on the first hop and on every
redirect, the redirect limit, robots.txt, the size cap, retries, conditional GET, politeness,
and pages read as inputs."""

import ssl
import subprocess
import time
import tracemalloc
import zlib

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
    slow = FetchConfig(policy=OPEN.policy, host_interval=0, retries=0, request_seconds=0.35)
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


def _gzip_bomb(decoded: int) -> bytes:
    """``decoded`` zero bytes, gzipped (about a thousandth of the size), built a piece at a
    time so the test itself never holds the decoded body."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    piece = bytes(1_000_000)
    parts = [packer.compress(piece) for _ in range(decoded // len(piece))]
    return b"".join(parts) + packer.flush()


def test_a_gzip_bomb_is_refused_with_memory_bounded_by_the_cap(server):
    """200 KB of gzip that decodes to 200 MB: the decoded bytes are counted against the cap as
    they come, a bounded piece at a time, so the fetch never holds much more than the cap."""
    bomb = _gzip_bomb(200_000_000)
    assert len(bomb) < 300_000
    server.routes["/robots.txt"] = Route(b"", 404)
    server.routes["/bomb"] = Route(bomb, headers={"Content-Encoding": "gzip"})
    server.routes["/small"] = Route(
        zlib.compress(b"fine " * 1000), headers={"Content-Encoding": "deflate"}
    )
    cap = 1_000_000
    config = FetchConfig(policy=OPEN.policy, host_interval=0, max_bytes=cap)
    with Fetcher(config) as fetcher:
        assert fetcher.fetch(server.url("/small")).body == b"fine " * 1000
        tracemalloc.start()
        try:
            with pytest.raises(FetchError, match=r"too large \(over 1,000,000 bytes\)"):
                fetcher.fetch(server.url("/bomb"))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < 4 * cap, f"peak {peak:,} bytes"


def test_an_encoding_that_cannot_be_bounded_is_refused(server):
    server.routes["/robots.txt"] = Route(b"", 404)
    server.routes["/br"] = Route(b"\x1b\x00", headers={"Content-Encoding": "br"})
    with Fetcher(OPEN) as fetcher, pytest.raises(FetchError, match=r"encoding 'br'") as caught:
        fetcher.fetch(server.url("/br"))
    assert not caught.value.retryable


def test_a_server_trickling_its_headers_is_cut_off_at_the_request_deadline(server):
    """One byte every 0.1 s never trips the 1 s read timeout; the whole request's deadline
    (1.5 s, headers included) still ends it, where the answer would take about 10 s."""
    server.routes["/robots.txt"] = Route(b"", 404)
    server.routes["/ok"] = Route(b"ok")
    server.routes["/trickle"] = Route(b"x" * 40, trickle=0.1, headers={"X-Pad": "p" * 20})
    config = FetchConfig(
        policy=OPEN.policy, host_interval=0, retries=0, timeout=1.0, request_seconds=1.5
    )
    with Fetcher(config) as fetcher:
        fetcher.fetch(server.url("/ok"))  # robots.txt and a connection to reuse, off the clock
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"took over 1\.5 s") as caught:
            fetcher.fetch(server.url("/trickle"))
        elapsed = time.monotonic() - started
    assert caught.value.retryable
    assert 1.4 < elapsed < 2.5, elapsed


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://0177.0.0.1/", "Invalid IPv4 address"),
        ("http://[::1/", "Invalid IPv6 URL"),
        ("http://\u2024example.com/", "Invalid IDNA hostname"),
        ("http://news.example:99999/", "Port out of range"),
    ],
)
def test_a_url_that_cannot_be_parsed_is_a_fetch_error_not_a_crash(url, why):
    with Fetcher(OPEN) as fetcher, pytest.raises(FetchError, match="not a valid URL") as caught:
        fetcher.fetch(url)
    assert why in str(caught.value) and not caught.value.retryable


def test_credentials_never_appear_in_reasons_and_hosts_are_spaced_by_name(server):
    server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n")
    now, waits = [100.0], []

    def sleep(seconds):
        waits.append(round(seconds, 3))
        now[0] += seconds

    config = FetchConfig(policy=OPEN.policy, host_interval=1.0, retries=0)
    base = f"http://reader:s3cret@127.0.0.1:{server.port}"
    reasons = []
    with Fetcher(config, clock=lambda: now[0], sleep=sleep) as fetcher:
        for url in (
            f"{base}/missing",
            f"{base}/private/x",
            f"http://other:pw@127.0.0.1:{server.port}/x",
        ):
            with pytest.raises(FetchError) as caught:
                fetcher.fetch(url)
            reasons.append(str(caught.value))
    assert all("s3cret" not in r and "reader" not in r and "pw@" not in r for r in reasons)
    assert "HTTP 404 from http://127.0.0.1:" in reasons[0]
    assert "robots.txt of 127.0.0.1 disallows" in reasons[1]
    # One host whatever the credentials: robots.txt is read once, every request is spaced.
    assert server.hits["/robots.txt"] == 1
    assert waits == [1.0, 1.0]  # robots.txt, /missing, (/private/x not sent), /x


def test_a_certificate_that_fails_verification_is_not_retried(server, tmp_path, monkeypatch):
    """A self-signed certificate: verification fails, and trying again would not mend it; once
    SSL_CERT_FILE names it as trusted, the same server is fetched (verification stays on)."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    made = subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        capture_output=True,
    )
    if made.returncode != 0:
        pytest.skip(f"openssl could not make a certificate: {made.stderr[-200:]!r}")
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    from tests.feeds_server import serving as serve

    waits = []
    config = FetchConfig(policy=OPEN.policy, host_interval=0, retries=2, robots=False)
    with serve(tls) as secure, Fetcher(config, sleep=waits.append) as fetcher:
        secure.routes["/a"] = Route(b"hello")
        with pytest.raises(FetchError, match="certificate") as caught:
            fetcher.fetch(f"https://127.0.0.1:{secure.port}/a")
    assert not caught.value.retryable and waits == []
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    with serve(tls) as secure, Fetcher(config) as fetcher:
        secure.routes["/a"] = Route(b"hello")
        assert fetcher.fetch(f"https://127.0.0.1:{secure.port}/a").body == b"hello"


def test_a_host_that_gives_no_answer_is_named_not_its_robots_txt(server):
    """Before a page comes its robots.txt; when the host gives no answer at all (its name does
    not resolve), the reason is the host's, not robots.txt's. A robots.txt that answers 5xx is
    still reported as robots.txt's."""
    import socket

    def resolve(host, port):
        if host == "gone.example":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return ["127.0.0.1"]

    server.routes["/robots.txt"] = Route(b"down", 503, "text/plain")
    config = FetchConfig(
        policy=AddressPolicy(allow_hosts=("127.0.0.0/8",)), host_interval=0, retries=0
    )
    with Fetcher(config, resolve=resolve) as fetcher:
        with pytest.raises(FetchError) as gone:
            fetcher.fetch("http://gone.example/news/1")
        assert str(gone.value).startswith("cannot resolve 'gone.example'")
        assert "robots.txt" not in str(gone.value) and not gone.value.retryable
        with pytest.raises(FetchError, match=r"^robots\.txt of .* could not be read"):
            fetcher.fetch(server.url("/news/1", host="up.example"))
