"""POST /api/articles with only a page's url: the server fetches it through the SSRF guard (as
`crosswire brief URL` does), before the writer thread, with a real uvicorn and a local page
server on loopback (the server under test is started with private addresses allowed)."""

from __future__ import annotations

import pytest
from tests.e2e.served import AUTH, Served
from tests.feeds_server import PAGES, Route, allow_loopback, page_html, serving

from crosswire.fetch.client import FetchConfig
from crosswire.fetch.guard import AddressPolicy

pytestmark = [pytest.mark.integration]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    allow_loopback(monkeypatch)


def test_a_posted_url_is_fetched_analysed_and_kept_once(tmp_path):
    with serving() as pages:
        title, published, text = PAGES["/news/ferry-1"]
        pages.routes["/news/ferry-1"] = Route(page_html(title, published, text))
        pages.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", 200)
        pages.routes["/private/page"] = Route(page_html("Hidden", None, text))
        pages.routes["/feed.pdf"] = Route(b"%PDF-1.4", content_type="application/pdf")
        pages.routes["/broken"] = Route(b"down", 503, "text/plain")
        pages.routes["/login"] = Route(
            b"<html><head><title>Sign in</title></head><body><form><input name=u>"
            b"<button>Sign in</button></form></body></html>"
        )
        fetch = FetchConfig(policy=AddressPolicy(allow_private=True), host_interval=0)
        served = Served(tmp_path / "ws.db", fetch=fetch)
        try:
            url = pages.url("/news/ferry-1")
            body = {"url": url, "outlet": "Harbour News"}
            first = served.client.post("/api/articles", json=body, headers=AUTH)
            assert first.status_code == 201, first.text
            [article] = first.json()["articles"]
            assert article["title"] == title and article["story_id"]
            stored = served.client.get(f"/api/articles/{article['id']}").json()
            assert stored["url"] == url and stored["outlet"] == "Harbour News"
            assert stored["published"] == published

            again = served.client.post("/api/articles", json=body, headers=AUTH)
            assert again.status_code == 200  # the same page: one article
            assert again.json()["articles"][0]["id"] == article["id"]

            for path, status in (
                ("/private/page", 422),  # robots.txt disallows it
                ("/missing", 422),  # a 404: the URL is wrong
                ("/feed.pdf", 422),  # not an article page
                ("/login", 422),  # a page with no article on it
                ("/broken", 502),  # the site failed (after the fetcher's retries)
            ):
                failed = served.client.post(
                    "/api/articles", json={"url": pages.url(path)}, headers=AUTH
                )
                assert failed.status_code == status, (path, failed.text)
                assert failed.json()["error"]["field"] == "url"
            assert len(served.client.get("/api/stories").json()["stories"]) == 1
        finally:
            served.stop()


def test_the_default_server_refuses_a_private_url(tmp_path):
    served = Served(tmp_path / "ws.db")
    try:
        refused = served.client.post(
            "/api/articles", json={"url": "http://127.0.0.1:9/x"}, headers=AUTH
        )
        assert refused.status_code == 422
        assert refused.json()["error"]["field"] == "url"
        assert "loopback" in refused.json()["error"]["message"]
    finally:
        served.stop()
