"""The web UI in a real browser: Debian's ``chromium`` driven by Playwright (no downloaded
browser) against a real uvicorn on 127.0.0.1 over a copy of the demo workspace.

Without chromium or Playwright the module skips on a developer's machine and fails in CI, where
``.ci/run`` installs chromium (it sets ``CROSSWIRE_REQUIRE_BROWSER=1``; ``CI`` or
``CROSSWIRE_REQUIRE_EVALDATA=1`` count too)."""

from __future__ import annotations

import html
import os
import re
import shutil
import time
from collections.abc import Iterator
from typing import Any

import pytest
from tests.conftest import evaldata_required
from tests.e2e.helpers import copy_workspace
from tests.e2e.served import AUTH, Served, loopback_only

pytestmark = [pytest.mark.integration]

HOSTILE_SCRIPT = "<script>window.__pwned=1</script>"
HOSTILE_IMG = '<img src=x onerror="window.__pwned=1">'
HOSTILE_LINK = "javascript:window.__pwned=1"
CHENNAI = "Chennai port authority signs"
REQUIRE_BROWSER = "CROSSWIRE_REQUIRE_BROWSER"


def _chromium() -> str:
    """The system chromium's path; skip (locally) or fail (in CI) without it or Playwright."""
    path = shutil.which("chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        path, missing = None, "the playwright package (pip install -e '.[dev]')"
    else:
        missing = "Debian's chromium (apt-get install chromium)"
    if path is not None:
        return path
    if evaldata_required() or os.environ.get("CI") or os.environ.get(REQUIRE_BROWSER) == "1":
        pytest.fail(f"{missing} is not installed; CI must run the browser tests", pytrace=False)
    pytest.skip(f"{missing} is not installed: the web UI's browser tests need it")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Loopback only (overrides the suite's guard)."""
    loopback_only(monkeypatch)


@pytest.fixture(scope="module")
def served(demo_run, tmp_path_factory) -> Iterator[Served]:
    server = Served(copy_workspace(demo_run.db, tmp_path_factory.mktemp("ui") / "ws.db"))
    # The first list after a start analyses every story; do it here, with the HTTP client's
    # generous timeout, so no browser step waits on it (on two busy cores it can pass 30 s).
    assert server.client.get("/api/stories").status_code == 200
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, served) -> Iterator[Any]:
    """A fresh page; on teardown, no console message may report a CSP violation or an error."""
    context = browser.new_context(base_url=served.url)
    opened = context.new_page()
    messages: list[str] = []
    opened.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    opened.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
    opened.set_default_timeout(60_000)
    yield opened
    context.close()
    bad = [m for m in messages if "Content Security Policy" in m or m.startswith("pageerror")]
    assert not bad, bad


def post(served: Served, article: dict) -> dict:
    response = served.client.post("/api/articles", json=article, headers=AUTH)
    assert response.status_code == 201, response.text
    [made] = response.json()["articles"]
    return made


def story_rows(page) -> list[str]:
    return page.locator("table.stories tbody tr .story-link").all_inner_texts()


def test_list_to_story_shows_a_conflict_with_both_sides(page, served):
    response = page.goto("/")
    headers = response.headers
    csp = headers["content-security-policy"]
    for rule in ("default-src 'self'", "script-src 'self'", "object-src 'none'"):
        assert rule in csp
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    api = served.client.get("/api/stories", params={"limit": 500}).json()["stories"]
    assert story_rows(page) == [s["title"] for s in api]

    page.get_by_role("link", name=CHENNAI).click()
    page.wait_for_url("**/stories/*")
    assert CHENNAI in page.locator("h1").inner_text()
    denial = page.locator(".conflict", has_text="claim denial").first
    sides = denial.locator(".side")
    assert sides.count() == 2
    for i in range(2):  # each side says what it claims, who reports it, and who holds it
        assert sides.nth(i).locator("blockquote").inner_text().strip()
        assert sides.nth(i).locator(".side-outlets").inner_text().strip()
        assert sides.nth(i).locator(".side-holders").inner_text().strip()
    holders = denial.locator(".side-holders").all_inner_texts()
    assert "Veldhaven Terminals" in " ".join(holders)
    # a citation in the summary leads to its article on the page, opened at its text
    cite = page.locator("#summary .cite a").first
    target = cite.get_attribute("href")
    cite.click()
    assert page.locator(f"details.article{target}").get_attribute("open") is not None


def test_search_outlet_and_date_filter_the_list(page, served):
    page.goto("/")
    everything = story_rows(page)
    page.fill("#q", "Glanmor")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/?q=Glanmor**")
    assert story_rows(page) == ["Severn Rovers edge Taff Vale to lift the Glanmor Cup"]

    page.goto("/")
    page.select_option("#outlet", "Munster Business Post")
    page.click("form.filters button[type=submit]")
    [cork] = story_rows(page)
    assert cork.startswith("Kestrel Line Ferries")
    page.get_by_role("link", name=cork).click()
    assert page.locator(".conflict", has_text="claim denial").count() >= 1
    assert "Kestrel Line Ferries" in page.locator("#conflicts").inner_text()

    since = "2026-05-24"
    page.goto(f"/?since={since}")
    api = served.client.get("/api/stories", params={"since": since}).json()["stories"]
    assert story_rows(page) == [s["title"] for s in api]
    assert 0 < len(api) < len(everything)
    assert page.goto("/?since=not-a-date").status == 422
    assert "not a date" in page.locator(".error").inner_text()


def test_a_posted_article_shows_the_live_notice(page, served):
    page.goto("/")
    notice = page.locator("#live-notice")
    assert notice.is_hidden()
    deadline = time.monotonic() + 30
    while served.hub.subscribers < 1:  # the page's EventSource is connected
        assert time.monotonic() < deadline, "the list page never opened /api/events"
        time.sleep(0.05)
    made = post(
        served,
        {
            "title": "Lighthouse keepers in Varnholm vote to keep the lamp lit",
            "outlet": "The Varnholm Gazette",
            "published": "2026-05-27",
            "text": "Lighthouse keepers in Varnholm voted on Tuesday to keep the old lamp lit "
            "through the winter, their association said.\n\nThe vote was 41 to 3, according "
            "to the association's secretary, Liv Aasen, who called it a clear result.",
        },
    )
    notice.wait_for(state="visible", timeout=60_000)
    assert "arrived" in notice.inner_text()
    page.click("#live-reload")
    page.wait_for_selector(f'tr[data-story="{made["story_id"]}"]')


def test_hostile_article_text_is_shown_as_text_and_never_runs(page, served):
    made = post(
        served,
        {
            "title": f"Bakery fire in Tolvik {HOSTILE_SCRIPT} {HOSTILE_IMG}",
            "outlet": "The Tolvik Courier",
            "published": "2026-05-26",
            "url": HOSTILE_LINK,
            "text": "A fire broke out at the Hansen bakery in Tolvik on Monday night, the town's "
            f"fire service said. {HOSTILE_SCRIPT}\n\nNo one was hurt, according to fire chief "
            f"Marit Olsen, who said the blaze started in an oven. {HOSTILE_IMG}\n\n"
            f"Read more: [the bakery's statement]({HOSTILE_LINK}). The bakery will stay "
            "closed for two weeks while repairs are made.",
        },
    )
    page.goto("/")
    row = page.locator(f'tr[data-story="{made["story_id"]}"] .story-link')
    assert HOSTILE_SCRIPT in row.inner_text()
    row.click()
    page.wait_for_url(f"**/stories/{made['story_id']}")
    article = page.locator(f"details#{made['id']}")
    article.locator("summary").click()
    shown = article.inner_text()
    assert HOSTILE_SCRIPT in shown and HOSTILE_IMG in shown and HOSTILE_LINK in shown
    assert HOSTILE_SCRIPT in page.locator("h1").inner_text()
    assert article.locator(".source").inner_text() == HOSTILE_LINK  # shown, not linked
    assert page.locator('a[href^="javascript:" i]').count() == 0
    assert page.locator("main img, main script").count() == 0
    scripts = page.eval_on_selector_all("script", "s => s.map(e => e.getAttribute('src'))")
    assert scripts == ["/static/ui.js"]
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_the_list_pages_in_the_api_order_and_every_ui_response_is_guarded(served, monkeypatch):
    """Over plain HTTP (no browser): paging by "More stories" links, the 404 page, static files."""
    from crosswire.server import ui

    monkeypatch.setattr(ui, "PAGE_SIZE", 2)  # the demo's stories over three pages
    titles, url, pages = [], "/", 0
    while url:
        response = served.client.get(url)
        assert response.status_code == 200
        assert response.headers["content-security-policy"] == ui.CSP
        found = re.findall(r'class="story-link" href="/stories/[^"]+">([^<]+)<', response.text)
        titles += [html.unescape(title) for title in found]
        more = re.search(r'id="next-page" href="([^"]+)"', response.text)
        url, pages = (more.group(1).replace("&amp;", "&") if more else ""), pages + 1
    api = served.client.get("/api/stories", params={"limit": 500}).json()["stories"]
    assert titles == [s["title"] for s in api]
    assert pages == -(-len(api) // 2) > 1
    missing = served.client.get("/stories/s0000000000000000")
    assert missing.status_code == 404 and missing.headers["x-content-type-options"] == "nosniff"
    assert "No such story" in missing.text
    script = served.client.get("/static/ui.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert script.headers["x-content-type-options"] == "nosniff"
    assert served.client.get("/static/app.py").status_code == 404  # only the UI's own files
