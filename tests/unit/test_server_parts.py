"""The server's parts on their own: token hashing, the bind rule, cursor paging and filters, the
event hub, Atom escaping and POST body checks. The running server is tested in
tests/e2e/test_server.py."""

from __future__ import annotations

import asyncio
import re
from xml.etree import ElementTree as ET

import pytest

from crosswire.errors import UserError
from crosswire.server import atom, listing
from crosswire.server.auth import (
    TokenCheck,
    bearer,
    check_bind,
    hash_token,
    is_loopback,
    verify_token,
)
from crosswire.server.events import EventHub
from crosswire.server.posts import ApiError, PageToFetch, file_documents, json_document

pytestmark = pytest.mark.unit


# -- tokens


def test_a_token_hash_verifies_only_its_token_and_never_holds_it():
    token = "correct horse battery staple"
    stored = hash_token(token)
    assert token not in stored and stored.startswith("scrypt$")
    assert verify_token(token, stored)
    assert not verify_token(token + "x", stored)
    assert not verify_token("", stored)
    assert hash_token(token) != stored  # a fresh salt each time
    assert hash_token(token, salt=b"s" * 16) == hash_token(token, salt=b"s" * 16)


@pytest.mark.parametrize("stored", ["", "sha1$x", "scrypt$16384$8$1$zz$00", "scrypt$a$b$c$d$e"])
def test_a_malformed_stored_hash_verifies_nothing(stored):
    assert not verify_token("anything", stored)


def test_token_check_against_the_env_token_or_the_stored_hash():
    plain = TokenCheck(plain="s3cret")
    assert plain.check("s3cret") and not plain.check("s3cret ") and not plain.check("")
    stored = TokenCheck(stored=hash_token("s3cret"))
    assert stored.check("s3cret") and stored.check("s3cret")  # the second from memory
    assert not stored.check("S3cret")
    with pytest.raises(ValueError):
        TokenCheck()


def test_bearer_header_parsing():
    assert bearer("Bearer abc") == "abc"
    assert bearer("bearer  abc ") == "abc"
    assert bearer("Basic abc") is None
    assert bearer("Bearer ") is None
    assert bearer(None) is None


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.1", "localhost", "::1", "[::1]"])
def test_loopback_hosts_bind_without_a_token(host):
    assert is_loopback(host)
    check_bind(host, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "example.org"])
def test_a_wide_bind_needs_the_env_token(host):
    assert not is_loopback(host)
    with pytest.raises(UserError, match="CROSSWIRE_TOKEN"):
        check_bind(host, None)
    check_bind(host, "a-token")


# -- the story list


def row(story_id: str, last_date: str | None, outlets=("A",)) -> dict:
    return {"id": story_id, "last_date": last_date, "outlets": list(outlets)}


ROWS = [
    row("s1", "2026-05-18"),
    row("s2", None),
    row("s3", "2026-05-20"),
    row("s4", "2026-05-18"),
    row("s5", "2026-05"),
    row("s0", None),
]


def test_the_list_order_is_latest_first_undated_last_then_id():
    shown, following = listing.page(ROWS, 10)
    assert [r["id"] for r in shown] == ["s3", "s1", "s4", "s5", "s0", "s2"]
    assert following is None


def test_paging_shows_every_row_once_and_keeps_its_place_when_rows_are_added():
    seen, cursor = [], None
    while True:
        shown, cursor = listing.page(ROWS, 2, cursor)
        seen += [r["id"] for r in shown]
        if cursor is None:
            break
    assert seen == ["s3", "s1", "s4", "s5", "s0", "s2"]
    first, cursor = listing.page(ROWS, 2)
    grown = [*ROWS, row("s9", "2026-06-01"), row("s05", "2026-05-18"), row("s10", "2026-05-18")]
    rest, _ = listing.page(grown, 10, cursor)
    # Rows added before the cursor (s9, s05) are not on later pages; one after it (s10) is, and no
    # row is shown twice.
    assert [r["id"] for r in first] == ["s3", "s1"]
    assert [r["id"] for r in rest] == ["s10", "s4", "s5", "s0", "s2"]


@pytest.mark.parametrize("cursor", ["", "!!!", "bm90IGpzb24", "WzEsMl0"])
def test_a_cursor_this_server_did_not_make_is_refused(cursor):
    with pytest.raises(listing.BadCursor):
        listing.page(ROWS, 2, cursor)


def test_filters_by_date_outlet_and_story_set():
    r = row("s1", "2026-05-18", ("Harbour Tribune",))
    assert listing.matches(r, since="2026-05-18") and not listing.matches(r, since="2026-05-19")
    assert not listing.matches(row("s2", None), since="2000-01-01")
    assert listing.matches(r, outlet="harbour tribune") and not listing.matches(r, outlet="Harbour")
    assert listing.matches(r, story_ids={"s1"}) and not listing.matches(r, story_ids=set())


# -- events


def test_the_hub_streams_events_then_heartbeats_and_forgets_a_closed_stream():
    async def scenario() -> list[str]:
        hub = EventHub(heartbeat=0.05)
        hub.bind(asyncio.get_running_loop())
        stream = hub.stream()
        got = [await anext(stream)]  # the retry line; now subscribed
        assert hub.subscribers == 1
        hub.publish("story.created", {"story_id": "s1", "title": "A & B"})
        got.append(await anext(stream))
        got.append(await anext(stream))  # nothing more: a heartbeat
        await stream.aclose()
        assert hub.subscribers == 0
        replay = hub.stream("0")
        got.append(await anext(replay))
        got.append(await anext(replay))  # missed since id 0: the event again
        await replay.aclose()
        return got

    got = asyncio.run(scenario())
    assert got[0].startswith("retry:")
    first_id, rest = got[1].split("\n", 1)
    assert re.fullmatch(r"id: \d{13}\.1", first_id)  # BOOT.N: the first since this start
    assert rest == 'event: story.created\ndata: {"story_id": "s1", "title": "A & B"}\n\n'
    assert got[2] == ": heartbeat\n\n"
    assert got[4] == got[1]


def test_a_subscriber_that_falls_behind_is_dropped_with_a_reset(monkeypatch):
    monkeypatch.setattr("crosswire.server.events.QUEUE_SIZE", 2)

    async def scenario() -> list[str]:
        hub = EventHub(heartbeat=5)
        stream = hub.stream()
        await anext(stream)
        for number in range(3):
            hub.publish("story.updated", {"n": number})
        assert hub.subscribers == 0
        return [chunk async for chunk in stream]

    chunks = asyncio.run(scenario())
    assert len(chunks) == 3 and chunks[-1].startswith("event: reset")


# -- Atom


def test_atom_text_is_escaped_and_xml_illegal_characters_dropped():
    title = '<script>alert("x")</script> & Sons\x07\x00 \ud800ok'
    rows = [
        {
            "id": "s1",
            "title": title,
            "last_date": "2026-05-18",
            "outlets": ["A"],
            "articles": 2,
            "independent_origins": 1,
            "conflicts": 0,
        }
    ]
    body = atom.stories_feed("http://127.0.0.1:1", rows, {"s1": "Lead <b>"})
    assert b"<script>" not in body and b"&lt;script&gt;" in body
    feed = ET.fromstring(body)
    ns = {"a": atom.ATOM}
    assert feed.find("a:entry/a:title", ns).text == '<script>alert("x")</script> & Sons ok'
    assert feed.find("a:entry/a:id", ns).text == "urn:crosswire:story:s1"
    assert feed.find("a:entry/a:updated", ns).text == "2026-05-18T00:00:00Z"
    assert atom.atom_time(None) == atom.atom_time("May 2026") == "1970-01-01T00:00:00Z"


# -- POST bodies


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"{", "body"),
        (b"\xff\xfe", "body"),
        (b"[1]", "body"),
        (b'{"text": 3}', "text"),
        (b'{"text": "a", "colour": "red"}', "colour"),
        (b'{"url": "https://example.org/' + b"a" * 2000 + b'"}', "url"),  # past 2000 chars
        (b'{"url": 7}', "url"),
        (b'{"text": "a", "html": "<p>a</p>"}', "html"),
        (b'{"title": "only a title"}', "text"),
        (b'{"text": "   "}', "text"),
        (b"[" * 5000, "body"),
    ],
)
def test_a_bad_json_post_names_the_field(body, field):
    with pytest.raises(ApiError) as raised:
        json_document(body, 5_000_000)
    assert raised.value.status == 422 and raised.value.field == field


def test_a_url_alone_is_a_page_to_fetch_with_the_fields_given():
    found = json_document(b'{"url": "https://example.org/a", "outlet": "Post"}', 5_000_000)
    assert found == PageToFetch("https://example.org/a", {"outlet": "Post"})


def test_a_json_post_is_a_record_document_with_a_stable_source():
    body = b'{"text": "The port opened.", "title": "Port", "url": "https://x.example/a"}'
    document = json_document(body, 5_000_000)
    assert document.format == "text" and document.content == "The port opened."
    assert document.field("title") == "Port" and document.field("url") == "https://x.example/a"
    assert document.source == json_document(body, 5_000_000).source
    assert document.source.startswith("api:json:")


def test_an_uploaded_file_is_read_by_its_suffix_with_the_form_fields_on_top():
    data = b"Title: From the file\nOutlet: File News\n\nThe port opened on Monday."
    [document], problems = file_documents("../../notes.txt", data, {"outlet": "Form News"}, 10**6)
    assert problems == [] and document.source.endswith("/notes.txt")
    assert document.field("title") == "From the file" and document.field("outlet") == "Form News"
    for name in ("report.pdf", "a.txt.gz"):
        with pytest.raises(ApiError) as raised:
            file_documents(name, data, {}, 10**6)
        assert raised.value.field == "file"
    with pytest.raises(ApiError, match="empty"):
        file_documents("blank.txt", b"  \n", {}, 10**6)


# -- the story cache


class _Aliases:
    def table(self) -> dict[str, str]:
        return {}


class _Store:
    def __init__(self, assignment: dict[str, str]):
        self.assignment = assignment

    def story_assignment(self) -> dict[str, str]:
        return dict(self.assignment)


class _Workspace:
    """What the story cache reads of a workspace: the assignment, the aliases, and a briefing
    per story (counted, so a test sees which reads analysed a story again)."""

    def __init__(self, assignment: dict[str, str]):
        self.store = _Store(assignment)
        self.aliases = _Aliases()
        self.analysed: list[str] = []

    def briefing(self, story_id: str):
        from crosswire.records import Briefing, Story

        self.analysed.append(story_id)
        members = tuple(sorted(a for a, s in self.store.assignment.items() if s == story_id))
        story = Story(story_id, f"About {story_id}", members, (), None, None, ())
        return Briefing(articles=(), stories=(story,))


def test_the_story_cache_keeps_every_row_but_only_the_last_read_briefings_whole():
    from crosswire.server.stories import StoryCache

    workspace = _Workspace({f"a{i}": f"s{i % 5}" for i in range(10)})
    cache = StoryCache(keep_whole=2)
    listed = cache.entries(workspace)  # type: ignore[arg-type]
    assert [e.row["title"] for e in listed] == [f"About s{i}" for i in range(5)]
    # A pass over every story keeps briefings only while there is room, and hands back
    # what it keeps: not every briefing at once.
    assert [e.whole for e in listed] == [True, True, False, False, False]
    first = workspace.analysed[:]
    cache.entries(workspace)  # type: ignore[arg-type]
    assert workspace.analysed == first  # the rows are kept: nothing is analysed again

    whole = cache.entry(workspace, "s3")  # type: ignore[arg-type]
    assert whole is not None and whole.whole and '"About s3"' in whole.json
    assert workspace.analysed[len(first) :] == ["s3"]  # held as a row only: analysed again
    # A story read goes to the recent end; the list's briefings are the first to go.
    assert sorted(s for s, e in cache.cached().items() if e.whole) == ["s0", "s3"]
    cache.entry(workspace, "s0")  # type: ignore[arg-type]
    cache.entry(workspace, "s3")  # type: ignore[arg-type]
    assert workspace.analysed[len(first) :] == ["s3"]  # both whole: served from the cache
    cache.entries(workspace)  # type: ignore[arg-type]
    assert sorted(s for s, e in cache.cached().items() if e.whole) == ["s0", "s3"]

    workspace.store.assignment["a10"] = "s1"  # a new member: the row is stale
    cache.entries(workspace)  # type: ignore[arg-type]
    assert workspace.analysed[len(first) :] == ["s3", "s1"]
    assert sorted(s for s, e in cache.cached().items() if e.whole) == ["s0", "s3"]
