"""The routes: health, stories, articles, search, posting articles, events and Atom feeds.
Each handler checks its input, hands the workspace work to a reader (or the writer) thread, and
shapes the answer; the JSON of a story is the briefing JSON ``brief`` writes."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from crosswire.records import InputProblem, RawDocument
from crosswire.render.json import article_record
from crosswire.server import atom, listing, writes
from crosswire.server.app import ServerState, log_failure, state_of
from crosswire.server.posts import (
    METADATA,
    ApiError,
    ArticleIn,
    PageToFetch,
    fetch_documents,
    file_documents,
    json_document,
)
from crosswire.workspace import Workspace

router = APIRouter()
#: Matches found per search before the story list is filtered by them.
_SEARCH_DEPTH = 10_000
StoryId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$", description="A story id.")]


@router.get("/healthz", tags=["meta"])
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/api/stories", tags=["stories"])
async def stories(
    request: Request,
    since: Annotated[date | None, Query(description="Stories active on or after this day.")] = None,
    outlet: Annotated[
        str | None, Query(max_length=200, description="Covered by this outlet.")
    ] = None,
    q: Annotated[str | None, Query(max_length=500, description="Full-text search (FTS5).")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[
        str | None, Query(max_length=500, description="`next` of the page before.")
    ] = None,
) -> dict[str, Any]:
    """Stories, latest activity first: id, title, dates, outlets and counts."""
    shown, following = await story_list(state_of(request), since, outlet, q, limit, cursor)
    return {"stories": shown, "next": following}


async def story_list(
    state: ServerState,
    since: date | None,
    outlet: str | None,
    q: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of the story list's rows and the next page's cursor (the API's and the web
    UI's list); a bad query or cursor is an ``ApiError`` naming it."""

    def work(workspace: Workspace) -> tuple[list[dict[str, Any]], set[str] | None]:
        found = None
        if q is not None:
            hits = _search(workspace, q, _SEARCH_DEPTH)
            found = set(workspace.store.story_assignment([h.article_id for h in hits]).values())
        return [e.row for e in state.cache.entries(workspace)], found

    rows, found = await state.access.read(work)
    chosen = [
        r
        for r in rows
        if listing.matches(
            r, since=since.isoformat() if since else None, outlet=outlet, story_ids=found
        )
    ]
    try:
        return listing.page(chosen, limit, cursor)
    except listing.BadCursor as error:
        raise ApiError(422, str(error), "cursor") from None


@router.get("/api/stories/{story_id}", tags=["stories"])
async def story(request: Request, story_id: StoryId) -> Response:
    """The story's briefing: the JSON `crosswire brief --db … --story ID -o x.json` writes."""
    state = state_of(request)
    entry = await state.access.read(lambda w: state.cache.entry(w, story_id))
    if entry is None:
        raise ApiError(
            404, f"no story has the id {story_id!r}; GET /api/stories lists them", "story_id"
        )
    return Response(entry.json, media_type="application/json")


@router.get("/api/articles/{article_id}", tags=["articles"])
async def article(
    request: Request, article_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
) -> dict[str, Any]:
    """One stored article as the briefing JSON records it (its whole stored text)."""

    def work(workspace: Workspace) -> dict[str, Any] | None:
        store = workspace.store
        found = store.articles([article_id])
        if not found:
            return None
        story_id = store.story_assignment([article_id]).get(article_id)
        return article_record(found[0], tuple(store.sources_of(article_id)), story_id)

    record = await state_of(request).access.read(work)
    if record is None:
        raise ApiError(404, f"no article has the id {article_id!r}", "article_id")
    return record


@router.get("/api/search", tags=["articles"])
async def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words or an FTS5 query.")],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, Any]:
    """Articles matching a full-text query, best first, each with its story."""

    def work(workspace: Workspace) -> list[dict[str, Any]]:
        hits = _search(workspace, q, limit)
        story_of = workspace.store.story_assignment([h.article_id for h in hits])
        return [
            {
                "article_id": h.article_id,
                "title": h.title,
                "snippet": h.snippet,
                "story_id": story_of.get(h.article_id),
            }
            for h in hits
        ]

    return {"results": await state_of(request).access.read(work)}


def _search(workspace: Workspace, query: str, limit: int):
    try:
        return workspace.search(query, limit)
    except ValueError as error:
        raise ApiError(422, str(error), "q") from None


_POST_BODY = {
    "content": {
        "application/json": {"schema": ArticleIn.model_json_schema()},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    **{name: {"type": "string"} for name in METADATA},
                },
            }
        },
    },
    "required": True,
}


@router.post(
    "/api/articles", tags=["articles"], status_code=201, openapi_extra={"requestBody": _POST_BODY}
)
async def post_article(request: Request) -> JSONResponse:
    """Add an article (JSON) or a file of articles (multipart `file`): stored, analysed and
    clustered as `crosswire add` would. Answers each article's id and story id; posting the
    same text again gives the same article (200 instead of 201). Needs the bearer token."""
    state = state_of(request)
    documents, problems, at_fault = await _documents(request, state)
    posted = await state.access.write(
        lambda w: writes.add(w, documents, problems, state.cache, state.max_bytes, seen=state.seen)
    )
    if not posted.articles:
        reasons = "; ".join(p.reason for p in posted.problems) or "no article came out of it"
        raise ApiError(422, f"{at_fault}: nothing was stored: {reasons}", at_fault)
    announced = state.access.writer.submit(
        lambda w: writes.announce(w, posted, state.cache, state.hub, state.alerts)
    )
    announced.add_done_callback(log_failure("announcing a post's changes"))
    created = any(a["created"] for a in posted.articles)
    return JSONResponse(
        {"articles": posted.articles, "problems": [p.to_dict() for p in posted.problems]},
        status_code=201 if created else 200,
    )


async def _documents(
    request: Request, state: ServerState
) -> tuple[list[RawDocument], list[InputProblem], str]:
    """The posted documents, the problems met reading them, and the field to name should
    nothing come of them."""
    body = await _capped_body(request, state.max_body)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":  # parsing megabytes is work: off the event loop too
        found = await run_in_threadpool(json_document, body, state.max_bytes)
        if isinstance(found, PageToFetch):  # fetched here, so the writer never waits on a site
            fetched = await run_in_threadpool(fetch_documents, found, state.fetch, state.max_bytes)
            return *fetched, "url"
        return [found], [], "text" if found.format == "text" else "html"
    if kind == "multipart/form-data":
        replay = Request(request.scope, receive=_replaying(body))
        async with replay.form(max_files=1, max_fields=len(METADATA)) as form:
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                raise ApiError(422, "attach the article as a file field named 'file'", "file")
            metadata = {k: v for k in METADATA if isinstance(v := form.get(k), str)}
            data = await upload.read()
            name = upload.filename or "upload"
            read = await run_in_threadpool(file_documents, name, data, metadata, state.max_bytes)
            return *read, "file"
    raise ApiError(415, "send application/json or multipart/form-data", "Content-Type")


async def _capped_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, f"the body is larger than {limit:,} bytes", "body")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"the body is larger than {limit:,} bytes", "body")
        chunks.append(chunk)
    return b"".join(chunks)


def _replaying(body: bytes):
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


@router.get("/api/events", tags=["events"], response_class=StreamingResponse)
async def events(request: Request) -> StreamingResponse:
    """Server-Sent Events after each write: `story.created`, `story.updated`, `conflict.found`
    (data: JSON). A comment line every few seconds keeps the stream open; `Last-Event-ID`
    replays what a reconnecting client missed."""
    stream = state_of(request).hub.stream(request.headers.get("last-event-id"))
    return StreamingResponse(
        stream,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.get("/feeds/stories.atom", tags=["feeds"], response_class=Response)
async def stories_atom(request: Request) -> Response:
    """Every story as an Atom entry, latest first."""
    state = state_of(request)
    entries = await state.access.read(state.cache.entries)
    rows, _ = listing.page([e.row for e in entries], atom.FEED_STORIES)
    summaries = {entry.id: entry.lead for entry in entries}
    body = atom.stories_feed(_base(request), rows, summaries)
    return Response(body, media_type="application/atom+xml")


@router.get("/feeds/stories/{story_id}.atom", tags=["feeds"], response_class=Response)
async def story_atom(request: Request, story_id: StoryId) -> Response:
    """One story's articles and conflicts as Atom entries."""
    state = state_of(request)
    entry = await state.access.read(lambda w: state.cache.entry(w, story_id))
    if entry is None:
        raise ApiError(404, f"no story has the id {story_id!r}", "story_id")
    body = atom.story_feed(_base(request), json.loads(entry.json), story_id)
    return Response(body, media_type="application/atom+xml")


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")
