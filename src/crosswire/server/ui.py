"""The web UI: the story list at ``/`` and a story's briefing at ``/stories/{id}``, rendered on
the server from the same rows and briefings as the API; ``/feeds`` and ``/alerts`` to manage
feeds and webhook alerts; and two static files of our own (the stylesheet and ``ui.js``, which
opens a linked article, listens to ``/api/events``, and sends the management forms to the API
with the write token the user pasted, kept in ``sessionStorage`` only).

Article text is untrusted. Jinja2 escapes every value; a link to an article is made only for an
http(s) address; and every UI response carries a Content-Security-Policy that allows scripts and
styles from this server alone (no inline code, no plugins, no framing, no ``<base>``), so even a
missed escape could not run injected code."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from crosswire.alerts import ON_EVENTS
from crosswire.render.view import (
    article_segments,
    date_label,
    outlet_name,
    provenance_notes,
    story_views,
    timeline_svg,
)
from crosswire.server.alert_routes import alert_state
from crosswire.server.app import state_of
from crosswire.server.feed_routes import feeds_listing
from crosswire.server.posts import ApiError
from crosswire.server.routes import StoryId, story_list
from crosswire.workspace import Workspace

router = APIRouter(include_in_schema=False)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
#: Sent with every UI page and static file.
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
#: Stories per page of the list.
PAGE_SIZE = 25
#: Delivery attempts shown under each alert, latest first.
RECENT_DELIVERIES = 5
_STATIC = {"ui.js": "text/javascript", "ui.css": "text/css"}


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("crosswire.server", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["web_link"] = web_link
    return env


@lru_cache(maxsize=len(_STATIC))
def _static(name: str) -> bytes:
    return resources.files("crosswire.server").joinpath("static", name).read_bytes()


def web_link(url: str | None) -> str | None:
    """``url`` if it is an http(s) address with a host, else None (shown as text, not linked):
    ``javascript:``, ``data:`` and relative addresses never become links."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    body = _environment().get_template(template).render(**context)
    return HTMLResponse(body, status_code=status, headers=SECURITY_HEADERS)


def _day(value: str | None) -> dt.date | None:
    """A form's date field: empty means no filter; anything but YYYY-MM-DD is an ApiError."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApiError(422, f"since: {value!r} is not a date like 2026-05-18", "since") from None


@router.get("/", response_class=HTMLResponse)
async def story_list_page(
    request: Request,
    q: Annotated[str | None, Query(max_length=500)] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[str | None, Query(max_length=20)] = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> HTMLResponse:
    """The stories, latest first: search, outlet and date filters, and paging."""
    state = state_of(request)
    filters = {"q": q or "", "outlet": outlet or "", "since": since or ""}
    every = await state.access.read(state.cache.entries)
    outlets = sorted({o for e in every for o in e.row["outlets"]}, key=str.casefold)
    try:
        rows, following = await story_list(
            state, _day(since), outlet or None, q or None, PAGE_SIZE, cursor or None
        )
    except ApiError as error:
        return _page(
            "list.html", 422, rows=[], filters=filters, outlets=outlets, error=error, more=None
        )
    more = urlencode({**{k: v for k, v in filters.items() if v}, "cursor": following})
    return _page(
        "list.html",
        rows=rows,
        filters=filters,
        outlets=outlets,
        error=None,
        more=more if following else None,
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story_page(request: Request, story_id: StoryId) -> HTMLResponse:
    """One story's briefing as a page."""
    state = state_of(request)
    entry = await state.access.read(lambda w: state.cache.entry(w, story_id))
    if entry is None or entry.briefing is None:
        return _page("missing.html", 404, story_id=story_id)
    briefing = entry.briefing
    [view] = [v for v in story_views(briefing) if v.story.id == story_id]
    return _page(
        "story.html",
        view=view,
        articles={a.id: a for a in briefing.articles},
        statement_article={s.id: s.article_id for s in briefing.statements},
        segments=article_segments(briefing),
        timeline=timeline_svg(view.timeline),
        origin_of={i: o.id for o in briefing.origins for i in o.article_ids},
        outlet_name=outlet_name,
        date_label=date_label,
        provenance_notes=provenance_notes,
    )


def alerts_listing(workspace: Workspace) -> dict[str, Any]:
    """The alerts (never their secrets), each with its waiting deliveries and its latest
    delivery attempts."""
    state = alert_state(workspace)
    waiting = state.pending_by_alert()
    alerts = [
        {
            **alert.public(),
            "pending": waiting.get(alert.id, 0),
            "recent": state.deliveries(alert.id)[-RECENT_DELIVERIES:][::-1],
        }
        for alert in state.alerts()
    ]
    return {"alerts": alerts, "pending": state.pending()}


@router.get("/feeds", response_class=HTMLResponse)
async def feeds_page(request: Request) -> HTMLResponse:
    """The followed feeds, with forms (run by ``ui.js`` with the pasted token) to add and
    remove them."""
    try:
        listing = await state_of(request).access.read(feeds_listing)
    except ApiError as error:
        return _page("feeds.html", error.status, listing=None, error=error)
    return _page("feeds.html", listing=listing, error=None)


@router.get("/alerts", response_class=HTMLResponse)
async def alerts_page(request: Request) -> HTMLResponse:
    """The webhook alerts and their deliveries, with forms to add and remove them."""
    events = list(ON_EVENTS)
    try:
        listing = await state_of(request).access.read(alerts_listing)
    except ApiError as error:
        return _page("alerts.html", error.status, listing=None, error=error, events=events)
    return _page("alerts.html", listing=listing, error=None, events=events)


@router.get("/static/{name}")
async def static_file(name: str) -> Response:
    """The UI's own stylesheet and script (nothing is loaded from elsewhere)."""
    if name not in _STATIC:
        raise ApiError(404, f"no static file {name!r}", "name")
    headers = {**SECURITY_HEADERS, "Cache-Control": "no-cache"}
    return Response(_static(name), media_type=_STATIC[name], headers=headers)
