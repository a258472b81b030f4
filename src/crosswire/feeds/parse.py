"""Feed documents → entry links: RSS and Atom through feedparser, JSON Feed (1.0/1.1) with the
json module. Only http(s) links are kept, resolved against the feed's own URL; dates become
ISO 8601 (UTC) so extraction reads them as metadata."""

from __future__ import annotations

import calendar
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import feedparser

from crosswire.feeds.state import FeedEntry


class FeedUnreadable(ValueError):
    """The document is no feed crosswire reads; the message says what it looked like."""


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    entries: list[FeedEntry]


def parse_feed(body: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """The entries of an RSS, Atom or JSON Feed document fetched from ``url``."""
    head = body.lstrip()[:1]
    if head == b"{" or "json" in content_type.lower():
        return _json_feed(body, url)
    parsed = feedparser.parse(body, response_headers={"content-location": url})
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({type(problem).__name__}: {problem})" if problem else ""
        raise FeedUnreadable(f"{url} is not an RSS, Atom or JSON feed{detail}")
    entries = [
        FeedEntry(
            url=link,
            title=_text(item.get("title")),
            published=_iso(item.get("published_parsed") or item.get("updated_parsed")),
            author=_text(item.get("author")),
        )
        for item in parsed.entries
        if (link := _link(url, item.get("link")))
    ]
    return ParsedFeed(_text(parsed.feed.get("title")), _unique(entries))


def _json_feed(body: bytes, url: str) -> ParsedFeed:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise FeedUnreadable(f"{url} is not valid JSON ({error})") from None
    if not isinstance(data, dict) or "jsonfeed.org" not in str(data.get("version", "")):
        raise FeedUnreadable(f"{url} is JSON but not a JSON Feed (no jsonfeed.org version)")
    items = data.get("items")
    entries = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        link = _link(url, item.get("url") or item.get("external_url"))
        if link is None:
            continue
        authors = item.get("authors") or ([item["author"]] if "author" in item else [])
        names = [a.get("name") for a in authors if isinstance(a, dict)]
        entries.append(
            FeedEntry(
                url=link,
                title=_text(item.get("title")),
                published=_json_date(item.get("date_published")),
                author=_text(", ".join(n for n in names if isinstance(n, str))),
            )
        )
    return ParsedFeed(_text(data.get("title")), _unique(entries))


def _link(base: str, value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    link = urljoin(base, value.strip())
    return link if urlsplit(link).scheme in ("http", "https") else None


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _iso(parsed: time.struct_time | None) -> str | None:
    """feedparser's parsed date (UTC) → ISO 8601."""
    if parsed is None:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()


def _json_date(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None


def _unique(entries: list[FeedEntry]) -> list[FeedEntry]:
    """One entry per link, first kept (feeds repeat an item when they update it)."""
    seen: dict[str, FeedEntry] = {}
    for entry in entries:
        seen.setdefault(entry.url, entry)
    return list(seen.values())
