"""`crosswire serve` for real: uvicorn on 127.0.0.1 (a free port), talked to over HTTP with
httpx. Reads run against a copy of the session's demo workspace; writes against a second copy.
The network guard is narrowed to loopback for this module: anything else still fails."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import httpx
import pytest
from tests.conftest import DEMO
from tests.e2e.helpers import CROSSWIRE, cli, copy_workspace
from tests.e2e.served import AUTH, TOKEN, Served, loopback_only

from crosswire.server.atom import ATOM

pytestmark = [pytest.mark.integration]

NS = {"a": ATOM}


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Loopback only (overrides the suite's guard)."""
    loopback_only(monkeypatch)


@pytest.fixture(scope="module")
def reads(demo_run, tmp_path_factory) -> Iterator[Served]:
    served = Served(copy_workspace(demo_run.db, tmp_path_factory.mktemp("reads") / "ws.db"))
    yield served
    served.stop()


@pytest.fixture(scope="module")
def writes(demo_run, tmp_path_factory) -> Iterator[Served]:
    served = Served(copy_workspace(demo_run.db, tmp_path_factory.mktemp("writes") / "ws.db"))
    yield served
    served.stop()


def all_stories(served: Served, **params) -> list[dict]:
    found, cursor = [], None
    while True:
        page = served.client.get(
            "/api/stories", params={**params, "cursor": cursor} if cursor else params
        )
        assert page.status_code == 200, page.text
        found += page.json()["stories"]
        cursor = page.json()["next"]
        if cursor is None:
            return found


def error_field(response: httpx.Response) -> str:
    assert response.headers["content-type"].startswith("application/json"), response.text
    return response.json()["error"]["field"]


# -- reads


def test_health_openapi_and_docs(reads):
    assert reads.client.get("/healthz").json() == {"status": "ok"}
    paths = reads.client.get("/openapi.json").json()["paths"]
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/articles", "/api/events"):
        assert path in paths
    assert "multipart/form-data" in paths["/api/articles"]["post"]["requestBody"]["content"]
    assert "swagger" in reads.client.get("/docs").text.lower()


def test_the_story_list_pages_through_every_story_in_one_order(reads, demo_run):
    expected = {s["id"]: s for s in demo_run.data()["stories"]}
    one_by_one = all_stories(reads, limit=1)
    assert sorted(s["id"] for s in one_by_one) == sorted(expected)
    assert one_by_one == all_stories(reads, limit=500) == all_stories(reads, limit=2)
    dates = [s["last_date"] for s in one_by_one]
    assert dates == sorted(dates, reverse=True)  # the demo's stories are all dated
    port = next(s for s in one_by_one if s["articles"] > 1)
    assert port["title"] == expected[port["id"]]["title"]
    assert port["outlets"] == expected[port["id"]]["outlets"]
    assert port["articles"] == len(expected[port["id"]]["article_ids"])
    assert port["conflicts"] >= 1 and 1 < port["independent_origins"] < port["articles"]


def test_the_story_list_filters(reads):
    everything = all_stories(reads)
    rugby = [s for s in everything if "Valleys Sport Daily" in s["outlets"]]
    assert all_stories(reads, outlet="valleys sport daily") == rugby and len(rugby) == 1
    latest = everything[0]["last_date"]
    assert all_stories(reads, since=latest) == [s for s in everything if s["last_date"] >= latest]
    asteroid = all_stories(reads, q="asteroid")
    assert len(asteroid) == 1 and "asteroid" in asteroid[0]["title"].lower()
    assert all_stories(reads, q="Veldhaven", outlet="Valleys Sport Daily") == []
    for params, field in (
        ({"limit": 0}, "limit"),
        ({"since": "yesterday"}, "since"),
        ({"cursor": "not-ours"}, "cursor"),
        ({"q": '"unclosed'}, "q"),
    ):
        response = reads.client.get("/api/stories", params=params)
        assert response.status_code == 422 and error_field(response) == field


def test_a_story_is_the_briefing_brief_writes_for_it(reads, demo_run, tmp_path):
    db = copy_workspace(demo_run.db, tmp_path / "ws.db")
    whole = cli("brief", "--db", str(db), "-o", str(tmp_path / "all.json"), "--quiet")
    assert whole.returncode == 0, whole.stderr
    missing = cli("brief", "--db", str(tmp_path / "none.db"), "-o", str(tmp_path / "n.json"))
    assert missing.returncode == 2 and b"no workspace" in missing.stderr
    listed = all_stories(reads)
    data = json.loads((tmp_path / "all.json").read_text())
    assert sorted(s["id"] for s in data["stories"]) == sorted(s["id"] for s in listed)
    for story in listed[:2]:
        out = tmp_path / f"{story['id']}.json"
        assert cli("brief", "--db", str(db), "--story", story["id"], "-o", str(out)).returncode == 0
        served = reads.client.get(f"/api/stories/{story['id']}")
        assert served.status_code == 200 and served.headers["content-type"] == "application/json"
        assert served.content == out.read_bytes()


def test_unknown_ids_are_404_json_and_articles_are_served(reads, demo_run):
    for path, field in (
        ("/api/stories/s0000000000000000", "story_id"),
        ("/api/articles/a0000000000000000", "article_id"),
        ("/feeds/stories/s0000000000000000.atom", "story_id"),
    ):
        response = reads.client.get(path)
        assert response.status_code == 404 and error_field(response) == field
    assert reads.client.get("/api/stories/..%2Fetc").status_code in (404, 422)
    known = demo_run.data()["articles"][0]
    served = reads.client.get(f"/api/articles/{known['id']}").json()
    assert served["title"] == known["title"] and served["story_id"] == known["story_id"]


def test_search_returns_articles_with_their_stories(reads):
    results = reads.client.get("/api/search", params={"q": "Veldhaven AND concession"}).json()
    assert results["results"] and all(r["story_id"] for r in results["results"])
    bad = reads.client.get("/api/search", params={"q": "AND"})
    assert bad.status_code == 422 and error_field(bad) == "q"
    assert error_field(reads.client.get("/api/search")) == "q"


def test_atom_feeds_are_valid_with_stable_ids(reads):
    body = reads.client.get("/feeds/stories.atom")
    assert body.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(body.content)
    ids = [e.findtext("a:id", namespaces=NS) for e in feed.findall("a:entry", NS)]
    assert ids == [f"urn:crosswire:story:{s['id']}" for s in all_stories(reads)]
    assert reads.client.get("/feeds/stories.atom").content == body.content
    story_id = ids[0].rsplit(":", 1)[1]
    one = ET.fromstring(reads.client.get(f"/feeds/stories/{story_id}.atom").content)
    kinds = {e.findtext("a:id", namespaces=NS).split(":")[2] for e in one.findall("a:entry", NS)}
    assert kinds == {"article", "conflict"}
    # A feed reader opens the story's page, and the counts read as English.
    first = feed.find("a:entry", NS)
    link = first.find("a:link", NS).get("href")
    assert link.endswith(f"/stories/{story_id}") and "/api/" not in link
    assert reads.client.get(link.removeprefix(reads.url)).status_code == 200
    assert " 1 conflicts" not in body.text and " 1 outlets" not in body.text


# -- writes


def post(served: Served, payload: dict, headers=AUTH) -> httpx.Response:
    return served.client.post("/api/articles", json=payload, headers=headers)


def story_count(served: Served) -> tuple[int, int]:
    found = all_stories(served)
    return len(found), sum(s["articles"] for s in found)


def test_writes_need_the_token(writes):
    before = story_count(writes)
    article = {"text": "A new report about the port.", "title": "Port"}
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        refused = post(writes, article, headers)
        assert refused.status_code == 401 and error_field(refused) == "Authorization"
        assert refused.headers["www-authenticate"] == "Bearer"
    assert story_count(writes) == before


def test_bad_posts_name_the_field_and_lose_nothing(writes):
    before = story_count(writes)
    bad = writes.client.post(
        "/api/articles", content=b'{"text": ', headers={**AUTH, "Content-Type": "application/json"}
    )
    assert bad.status_code == 422 and error_field(bad) == "body"
    for payload, field in (
        ({"text": 3}, "text"),
        ({"text": "x", "colour": "red"}, "colour"),
        ({"url": "ftp://example.org/story"}, "url"),
        ({"url": "http://127.0.0.1:9/story"}, "url"),  # loopback: the guard refuses it
        ({"url": "http://169.254.169.254/latest/meta-data/"}, "url"),  # cloud metadata
    ):
        response = post(writes, payload)
        assert response.status_code == 422 and error_field(response) == field
    plain = writes.client.post("/api/articles", content=b"hello", headers=AUTH)
    assert plain.status_code == 415
    pdf = writes.client.post("/api/articles", files={"file": ("a.pdf", b"%PDF")}, headers=AUTH)
    assert pdf.status_code == 422 and error_field(pdf) == "file"
    assert story_count(writes) == before


class EventReader:
    """Reads ``/api/events`` in a thread, keeping every line."""

    def __init__(self, url: str):
        self.lines: list[str] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._read, args=(url,), daemon=True)
        self.thread.start()

    def _read(self, url: str) -> None:
        with httpx.Client(timeout=60) as client, client.stream("GET", url) as response:
            for line in response.iter_lines():
                self.lines.append(line)
                if self.stop.is_set():
                    return

    def wait_for(self, text: str, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while not any(text in line for line in self.lines):
            assert time.monotonic() < deadline, f"no {text!r} in {self.lines[-12:]}"
            time.sleep(0.05)


def test_a_posted_article_joins_its_story_and_is_streamed(writes):
    reader = EventReader(f"{writes.url}/api/events")
    reader.wait_for(": heartbeat")
    assert writes.hub.subscribers == 1
    text = (DEMO / "2026-05-18-meridian-press-wire.txt").read_text().split("\n\n", 1)[1]
    article = {
        "text": "Dock workers said on Tuesday that they welcomed the deal. " + text,
        "title": "Dock workers welcome the Ennore terminal deal",
        "outlet": "Test Harbour Post",
        "published": "2026-05-27",
    }
    first = post(writes, article)
    assert first.status_code == 201, first.text
    [made] = first.json()["articles"]
    assert made["created"] and made["story_id"]
    reader.wait_for("event: story.updated")
    reader.wait_for(made["id"])
    again = post(writes, {**article, "title": "Another title, the same text"})
    assert again.status_code == 200 and again.json()["articles"][0]["id"] == made["id"]
    assert again.json()["articles"][0]["created"] is False
    story = writes.client.get(f"/api/stories/{made['story_id']}").json()
    assert made["id"] in story["stories"][0]["article_ids"]
    reader.stop.set()
    reader.thread.join(10)
    deadline = time.monotonic() + 10
    while writes.hub.subscribers:  # the closed stream's task ended and unsubscribed
        assert time.monotonic() < deadline, "the event stream outlived its client"
        time.sleep(0.05)


def test_an_uploaded_file_makes_a_new_story_and_its_feed_escapes_the_title(writes):
    title = 'Harbour <script>alert("x")</script> & Sons open a "ferry" \x07'
    upload = (
        f"Title: {title}\nOutlet: Ferry Gazette\nPublished: 2026-05-28\n\n"
        "The island ferry service resumed on Thursday after a week of repairs to its two "
        "vessels, the operator said. Crossings will run every two hours until the summer "
        "timetable begins in June, and fares are unchanged."
    ).encode()
    response = writes.client.post(
        "/api/articles", files={"file": ("ferry.txt", upload, "text/plain")}, headers=AUTH
    )
    assert response.status_code == 201, response.text
    [made] = response.json()["articles"]
    feed = writes.client.get(f"/feeds/stories/{made['story_id']}.atom").content
    assert b"<script>" not in feed and b"&lt;script&gt;" in feed
    entries = ET.fromstring(feed).findall("a:entry", NS)
    assert [e.findtext("a:id", namespaces=NS) for e in entries] == [
        f"urn:crosswire:article:{made['id']}"
    ]
    assert entries[0].findtext("a:title", namespaces=NS) == title.replace("\x07", "")
    stories = ET.fromstring(writes.client.get("/feeds/stories.atom").content)
    assert f"urn:crosswire:story:{made['story_id']}" in [
        e.findtext("a:id", namespaces=NS) for e in stories.findall("a:entry", NS)
    ]


# -- the command


def serve(*args: str, env_token: str | None = None) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CROSSWIRE_")}
    if env_token:
        env["CROSSWIRE_TOKEN"] = env_token
    return subprocess.Popen(
        [*CROSSWIRE, "serve", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def test_a_wide_bind_without_a_token_refuses_to_start(tmp_path):
    db = tmp_path / "w.db"
    refused = serve("--db", str(db), "--host", "0.0.0.0", "--port", "0")
    out, err = refused.communicate(timeout=120)
    assert refused.returncode == 2 and out == b""
    assert err.decode().count("\n") == 1 and "CROSSWIRE_TOKEN" in err.decode()
    assert not db.exists()


def test_the_serve_command_prints_its_token_once_and_keeps_only_a_hash(tmp_path):
    db = tmp_path / "w.db"
    lines = []
    for _ in range(2):
        process = serve("--db", str(db), "--port", "0")
        try:
            assert process.stdout is not None
            printed = []
            while not printed or not printed[-1].startswith("serving"):
                line = process.stdout.readline().decode()
                assert line, process.stderr.read().decode() if process.poll() is not None else ""
                printed.append(line.strip())
            url = printed[-1].split(" at ")[1].split(" ")[0]
            assert httpx.get(f"{url}/healthz").json() == {"status": "ok"}
            lines.append(printed)
            first = printed[0].startswith("write token (shown once")
            token = (printed[0] if first else lines[0][0]).rsplit(" ", 1)[1]
            empty = httpx.post(
                f"{url}/api/articles",
                json={"text": " "},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert empty.status_code == 422  # the token was accepted; the body was not
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(30)
    # The token only on the first start; after, where it is and how to replace it.
    assert lines[0][0].startswith("write token (shown once")
    assert lines[1][0].startswith("write token: the one shown on the first start")
    assert "--new-token" in lines[1][0]
    token = lines[0][0].rsplit(" ", 1)[1]
    assert len(token) >= 40 and token.encode() not in db.read_bytes()


def assert_another_processs_add_is_streamed(
    location: str, article: Path, title: str, body: str, expect: str
) -> None:
    """A `crosswire add` of ``article`` in another process (its own connection) while a server
    serves ``location``: the server notices the commit and streams the new story (``expect``
    in its event)."""
    served = Served(location, outside_poll=0.2)
    try:
        reader = EventReader(f"{served.url}/api/events")
        reader.wait_for(": heartbeat")
        article.write_text(f"Title: {title}\n" + body)
        added = cli("add", str(article), "--db", location)
        assert added.returncode == 0, added.stderr
        reader.wait_for("event: story.created")
        reader.wait_for(expect)
        reader.stop.set()
    finally:
        served.stop()


def test_another_processs_add_reaches_the_event_stream(demo_run, tmp_path):
    """On a copy of the demo workspace, as the server streams its own posts."""
    assert_another_processs_add_is_streamed(
        str(copy_workspace(demo_run.db, tmp_path / "ws.db")),
        tmp_path / "lakeside.txt",
        "Lakeside library to be rebuilt",
        "Outlet: Lakeside Post\n\n"
        + "The Lakeside town council voted on Monday to rebuild the old library on Mill "
        "Street, the mayor, Ada Brennan, said. Construction starts in June. " * 3,
        "Lakeside",
    )


def test_another_processs_add_reaches_the_event_stream_on_either_backend(store_location, tmp_path):
    """The server follows other processes' commits through the store's story version, which
    both backends keep (PostgreSQL has no ``data_version``): on an empty workspace too."""
    assert_another_processs_add_is_streamed(
        store_location,
        tmp_path / "ferry.txt",
        "Island ferry gets a second boat",
        "Outlet: Harbour Times\n\n"
        + "The island council said on Tuesday that a second ferry will sail from Port "
        "Wenna in April, the harbour master, Tom Reyes, said. " * 3,
        "Island ferry",
    )


def test_a_post_analyses_only_the_stories_it_changes_and_finds_a_new_conflict(
    demo_run, tmp_path, monkeypatch
):
    """A server whose cache is cold (as on a large workspace whose start-up warming is still
    under way) on the demo workspace: the operator's denial of the Cork union's claim is posted.
    The write analyses the story the denial joined and that story as it was before (to tell
    the new conflict from old ones), never the whole workspace; and it streams the
    claim/denial conflict."""
    import traceback

    from crosswire.server.stories import StoryCache
    from crosswire.workspace import Workspace

    denial = DEMO / "pasted-cork-operator-disputes-strike-claim.txt"
    inputs = [p for p in sorted(DEMO.iterdir()) if p.is_file() and p != denial]
    db = tmp_path / "ws.db"
    assert cli("add", *map(str, inputs), "--db", str(db)).returncode in (0, 1)
    with Workspace(str(db)) as workspace:
        before = workspace.store.story_assignment()
    analysed: list[tuple[str, ...]] = []
    real_analyse = Workspace.analyse

    def counting(self, article_ids, until=None):
        # The server's own start-up warming (a reader thread) is left out: only the write's.
        if any(f.filename.endswith("server/writes.py") for f in traceback.extract_stack()):
            analysed.append(tuple(sorted(article_ids)))
        return real_analyse(self, article_ids, until)

    monkeypatch.setattr(Workspace, "analyse", counting)
    real_entries = StoryCache.entries

    def not_at_start(self, workspace):  # the start-up warming is skipped: a cold cache
        if threading.current_thread().name.startswith("crosswire-read"):
            return []  # (this test reads no list)
        return real_entries(self, workspace)

    monkeypatch.setattr(StoryCache, "entries", not_at_start)
    served = Served(db)
    try:
        reader = EventReader(f"{served.url}/api/events")
        reader.wait_for(": heartbeat")
        posted = post(served, {"text": denial.read_text(), "title": "Operator disputes strike"})
        assert posted.status_code == 201, posted.text
        [made] = posted.json()["articles"]
        reader.wait_for("event: conflict.found")
        reader.wait_for("claim_denial")
        reader.stop.set()
    finally:
        served.stop()
    with Workspace(str(db)) as workspace:
        after = workspace.store.story_assignment()
    story_now = tuple(sorted(a for a, s in after.items() if s == made["story_id"]))
    earlier = {before[a] for a in story_now if a in before}
    allowed = {story_now} | {tuple(sorted(a for a, s in before.items() if s == e)) for e in earlier}
    assert analysed and set(analysed) <= allowed, "a story the post did not change was analysed"
    assert len(set(after.values())) > len(allowed)  # there were others to leave alone
    assert sum(line == "event: conflict.found" for line in reader.lines) >= 1
