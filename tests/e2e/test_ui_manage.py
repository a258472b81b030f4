"""The feeds and alerts pages in a real browser (Debian's chromium through Playwright, the
fixtures of ``test_ui``) over a fresh workspace: the forms call the API with the token pasted
into the page, and hostile text stored in the workspace is shown as text."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from tests.e2e import test_ui
from tests.e2e.served import TOKEN, Served, loopback_only
from tests.feeds_server import LocalServer, Route, rss, serving

from crosswire.alerts import AlertState
from crosswire.feeds.state import FeedState, utc_now
from crosswire.workspace import Workspace

pytestmark = [pytest.mark.integration]

# The browser and a guarded page, as in test_ui (the page checks no CSP violation was logged).
browser = test_ui.browser
page = test_ui.page
HOSTILE = test_ui.HOSTILE_IMG


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Loopback only (overrides the suite's guard)."""
    loopback_only(monkeypatch)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    server = Served(tmp_path_factory.mktemp("manage") / "ws.db")
    yield server
    server.stop()


@pytest.fixture
def feeds() -> Iterator[LocalServer]:
    with serving() as running:
        running.routes["/rss"] = Route(rss(running, []), content_type="application/rss+xml")
        yield running


def paste_token(page) -> None:
    page.fill("#token", TOKEN)
    page.click("#token-form button[type=submit]")
    assert page.locator("#token-state").inner_text() == "A write token is kept for this tab."
    assert page.input_value("#token") == ""  # not left in the page


def test_a_feed_is_added_and_removed_through_the_form(page, served, feeds):
    page.goto("/")
    page.get_by_role("link", name="Feeds").click()
    page.wait_for_url("**/feeds")
    message = page.locator("#manage-message")
    page.fill("#feed-url", feeds.url("/rss"))
    page.click("#feed-add button[type=submit]")
    assert "Paste the write token first" in message.inner_text()

    paste_token(page)
    assert page.context.cookies() == []
    page.click("#feed-add button[type=submit]")  # no "private" box: the guard refuses loopback
    page.wait_for_selector("#manage-message.error >> text=loopback")
    assert "not added" in message.inner_text()
    assert page.locator("tr[data-feed]").count() == 0

    page.check("#feed-allow-private")
    page.click("#feed-add button[type=submit]")
    row = page.locator("tr[data-feed]", has_text="Harbour News")
    row.wait_for()
    assert "Following feed" in message.inner_text()
    assert row.locator(".feed-url").inner_text() == feeds.url("/rss")
    assert served.client.get("/api/feeds").json()["feeds"][0]["title"] == "Harbour News"

    row.get_by_role("button", name="Remove").click()
    row.wait_for(state="detached")
    assert re.fullmatch(r"Removed feed \d+\.", message.inner_text())
    assert served.client.get("/api/feeds").json()["feeds"] == []


def test_an_alert_shows_its_secret_once_and_is_listed_then_removed(page, served):
    page.goto("/alerts")
    paste_token(page)
    page.fill("#alert-webhook", "ftp://hooks.example/x")
    page.click("#alert-add button[type=submit]")
    page.wait_for_selector("#manage-message.error >> text=webhook")
    assert page.locator("#alert-secret").is_hidden()

    webhook = "http://127.0.0.1:9/hook"  # checked, never called: no event happens here
    page.fill("#alert-webhook", webhook)
    page.select_option("#alert-on", "conflict")
    page.fill("#alert-query", "port deal")
    page.check("#alert-allow-private")
    page.click("#alert-add button[type=submit]")
    page.locator("#alert-secret").wait_for()
    secret = page.locator("#alert-secret-value").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", secret)
    row = page.locator("tr[data-alert]", has_text=webhook)
    row.wait_for()
    assert "conflict" in row.inner_text() and "port deal" in row.inner_text()

    page.reload()  # shown once: the page itself never holds it
    assert secret not in page.content()
    assert page.locator("#token-state").inner_text() == "A write token is kept for this tab."
    row.get_by_role("button", name="Remove").click()
    row.wait_for(state="detached")
    assert served.client.get("/api/alerts").json()["alerts"] == []


def test_hostile_text_in_the_workspace_is_shown_as_text_and_never_runs(page, served):
    with Workspace(str(served.db)) as workspace, workspace.store.transaction():
        feeds = FeedState(workspace.store)
        feed = feeds.add_feed("https://news.example/rss", f"Tolvik news {HOSTILE}", utc_now())
        feeds.record_failure(feed, f"not a feed: {test_ui.HOSTILE_SCRIPT}", utc_now())
        AlertState(workspace.store).add("https://hooks.example/x", "new-story", query=HOSTILE)
    try:
        page.goto("/feeds")
        row = page.locator(f'tr[data-feed="{feed.id}"]')
        assert row.locator(".feed-title").inner_text() == f"Tolvik news {HOSTILE}"
        assert test_ui.HOSTILE_SCRIPT in row.locator(".failure").inner_text()
        assert row.locator(".status").inner_text() == "failing"
        page.goto("/alerts")
        assert HOSTILE in page.locator("tr[data-alert]").inner_text()
        assert page.locator("main img, main script").count() == 0
        assert page.evaluate("typeof window.__pwned") == "undefined"
    finally:
        with Workspace(str(served.db)) as workspace, workspace.store.transaction():
            FeedState(workspace.store).remove_feed(str(feed.id))
            AlertState(workspace.store).remove(1)
