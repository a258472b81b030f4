"""``GET/POST/DELETE /api/feeds``: the feeds the workspace follows, as ``crosswire feeds``
manages them (writes need the bearer token, as every write).

A new feed is read once, as ``feeds add`` does: through the SSRF guard (with ``allow_private``
and the workspace's trusted hosts), off the event loop and off the writer thread. A refused
address is a 422 naming ``url`` and nothing is stored; a read that fails otherwise (a timeout, a
page that is no feed) still adds the feed, with the reason as its last failure, since the
watcher reads it again. The same URL twice is one feed: the second POST answers 200 with the
feed already followed, unchanged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from crosswire.errors import UserError
from crosswire.feeds.parse import FeedUnreadable, parse_feed
from crosswire.feeds.state import Feed, FeedState, utc_now
from crosswire.fetch.client import FetchConfig, Fetcher, check_url, redact
from crosswire.fetch.guard import AddressPolicy, FetchError, FetchRefused
from crosswire.server.app import state_of
from crosswire.server.posts import ApiError
from crosswire.workspace import Workspace

router = APIRouter()


def first_read_config(policy: AddressPolicy) -> FetchConfig:
    """The first read of a new feed happens while the client waits: one try, bounded, and no
    pause between robots.txt and the feed (the watcher reads a feed whose first read failed
    again at its next cycle, with the usual manners)."""
    return FetchConfig(
        policy=policy, timeout=10.0, request_seconds=20.0, retries=0, host_interval=0.0
    )


class FeedIn(BaseModel):
    url: str = Field(max_length=2000, description="The feed's http(s) URL (RSS, Atom, JSON Feed).")
    allow_private: bool = Field(
        False, description="Let the feed be read from a loopback, private or other local address."
    )


def feed_state(workspace: Workspace) -> FeedState:
    return FeedState(workspace.store)


def public(feed: Feed, queue: dict[str, int] | None = None) -> dict[str, Any]:
    """A feed as the API and the pages show it (its URL without credentials)."""
    failure = {"at": feed.last_error_at, "reason": feed.last_error} if feed.last_error else None
    return {
        "id": feed.id,
        "url": redact(feed.url),
        "title": feed.title,
        "status": status(feed),
        "added": feed.added,
        "allow_private": feed.allow_private,
        "last_checked": feed.last_checked,
        "last_success": feed.last_success,
        "last_failure": failure,
        "queue": queue or {},
    }


def status(feed: Feed) -> str:
    """``ok`` (the watcher's last read worked), ``failing`` (the last read failed: see
    ``last_failure``) or ``unread`` (not read by the watcher yet: the first read when the feed
    is added is for its title, as ``feeds add``). Times are UTC text that sorts."""
    if feed.last_error and (
        feed.last_success is None or (feed.last_error_at or "") >= feed.last_success
    ):
        return "failing"
    return "ok" if feed.last_success else "unread"


def feeds_listing(workspace: Workspace) -> dict[str, Any]:
    """Every feed with its last success, last failure and its pages' queue counts; the whole
    queue's counts and the trusted hosts."""
    state = feed_state(workspace)
    by_feed = state.queue_counts_by_feed()
    return {
        "feeds": [public(feed, by_feed.get(feed.id)) for feed in state.feeds()],
        "queue": state.queue_counts(),
        "trusted_hosts": state.trusted_hosts(),
    }


@dataclass(frozen=True)
class _FirstRead:
    title: str | None
    problem: str | None


def _first_read(url: str, policy: AddressPolicy) -> _FirstRead:
    """Read the feed once for its title; FetchRefused when the guard refuses its address."""
    try:
        with Fetcher(first_read_config(policy)) as fetcher:
            answer = fetcher.fetch(url)
            return _FirstRead(parse_feed(answer.body, answer.url, answer.content_type).title, None)
    except FetchRefused:
        raise
    except (FetchError, FeedUnreadable) as error:
        return _FirstRead(None, str(error))


@router.get("/api/feeds", tags=["feeds"])
async def list_feeds(request: Request) -> dict[str, Any]:
    """The followed feeds: last success, last failure with its reason, and queue counts."""
    return await state_of(request).access.read(feeds_listing)


@router.post("/api/feeds", tags=["feeds"], status_code=201)
async def add_feed(request: Request, response: Response, feed: FeedIn) -> dict[str, Any]:
    """Follow a feed (201 with it), read once now for its title through the SSRF guard; a URL
    followed already answers 200 with that feed. Needs the token."""
    url = feed.url.strip()
    try:
        check_url(url)
    except FetchError as error:
        raise ApiError(422, f"url: {error}; feeds are read over HTTP(S)", "url") from None
    access = state_of(request).access

    def known(workspace: Workspace) -> tuple[Feed | None, list[str]]:
        state = feed_state(workspace)
        return state.feed(url), state.trusted_hosts()

    existing, trusted = await access.read(known)
    if existing is not None:
        response.status_code = 200
        return public(existing)
    policy = AddressPolicy(feed.allow_private, tuple(trusted))
    try:
        read = await run_in_threadpool(_first_read, url, policy)
    except FetchRefused as error:
        raise ApiError(422, f"url: not added: {error}", "url") from None

    def work(workspace: Workspace) -> tuple[Feed, bool]:
        state = feed_state(workspace)
        with workspace.store.transaction():
            found = state.feed(url)  # added by another writer while this one read it
            if found is not None:
                return found, False
            added = state.add_feed(url, read.title, utc_now(), allow_private=feed.allow_private)
            if read.problem is not None:
                state.record_failure(added, read.problem, utc_now())
            return state.feed(str(added.id)) or added, True

    stored, new = await access.write(work)
    if not new:
        response.status_code = 200
    return public(stored)


@router.delete("/api/feeds/{feed_id}", tags=["feeds"])
async def remove_feed(
    request: Request, feed_id: Annotated[int, Path(ge=1, le=2**63 - 1, description="A feed id.")]
) -> dict[str, Any]:
    """Stop following a feed: its unfetched pages leave the queue, the fetched ones stay in the
    workspace. Needs the token."""

    def work(workspace: Workspace) -> dict[str, Any]:
        state = feed_state(workspace)
        try:
            with workspace.store.transaction():
                return {"removed": public(state.remove_feed(str(feed_id)))}
        except UserError:
            raise ApiError(404, f"feed_id: no feed {feed_id} in the workspace", "feed_id") from None

    return await state_of(request).access.write(work)
