"""Atom feeds for readers that poll: every story (``/feeds/stories.atom``) and one story's
articles and conflicts (``/feeds/stories/{id}.atom``).

Ids are stable URNs built from the records' own ids (``urn:crosswire:story:…``), so a reader
sees an updated entry, not a new one. Text is escaped by the XML writer, and the characters XML
1.0 cannot carry at all (controls, lone surrogates) are dropped. ``updated`` comes from the
stories' and articles' dates (midnight UTC), never from the clock: the same workspace gives the
same feed."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
#: Feeds list at most this many stories, latest first.
FEED_STORIES = 50
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_EPOCH = "1970-01-01T00:00:00Z"


def xml_text(text: str | None) -> str:
    """``text`` with the characters XML 1.0 forbids removed (escaping is the writer's job)."""
    return _NOT_XML.sub("", text or "")


def atom_time(value: str | None) -> str:
    """An ISO date (or date-time) as an Atom timestamp at midnight UTC; the epoch if none."""
    try:
        day = date.fromisoformat((value or "")[:10])
    except ValueError:
        return _EPOCH
    return f"{day.isoformat()}T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = xml_text(text)
    return element


def _feed(feed_id: str, title: str, self_href: str, entries: list[dict[str, Any]]) -> bytes:
    """A feed whose entries are dicts of id, title, updated, link, summary."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", feed_id)
    _add(feed, "title", title)
    _add(feed, "updated", max((e["updated"] for e in entries), default=_EPOCH))
    _add(feed, "link", rel="self", href=self_href)
    _add(_add(feed, "author"), "name", "crosswire")
    _add(feed, "generator", "crosswire")
    for item in entries:
        entry = _add(feed, "entry")
        _add(entry, "id", item["id"])
        _add(entry, "title", item["title"])
        _add(entry, "updated", item["updated"])
        if item.get("link"):
            _add(entry, "link", rel="alternate", href=xml_text(item["link"]))
        _add(entry, "summary", item["summary"])
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def stories_feed(base: str, rows: list[dict[str, Any]], summaries: dict[str, str]) -> bytes:
    """Every story (latest first): title, counts, and the first line of its summary."""
    entries = []
    for row in rows[:FEED_STORIES]:
        counts = (
            f"{_count(row['articles'], 'article')} from "
            f"{_count(len(row['outlets']), 'outlet')}, "
            f"{_count(row['independent_origins'], 'independent origin')}, "
            f"{_count(row['conflicts'], 'conflict')}."
        )
        lead = summaries.get(row["id"], "")
        entries.append(
            {
                "id": f"urn:crosswire:story:{row['id']}",
                "title": row["title"] or row["id"],
                "updated": atom_time(row["last_date"]),
                "link": f"{base}/stories/{row['id']}",  # the story's page, for a reader
                "summary": f"{counts} {lead}".strip(),
            }
        )
    return _feed(
        "urn:crosswire:stories", "crosswire: stories", f"{base}/feeds/stories.atom", entries
    )


def story_feed(base: str, briefing: dict[str, Any], story_id: str) -> bytes:
    """One story's articles (latest first) and conflicts, from its briefing JSON."""
    [story] = [s for s in briefing["stories"] if s["id"] == story_id]
    articles = sorted(
        (a for a in briefing["articles"] if a["story_id"] == story_id),
        key=lambda a: (atom_time(a["published"]), a["id"]),
        reverse=True,
    )
    entries = [
        {
            "id": f"urn:crosswire:article:{a['id']}",
            "title": a["title"] or a["id"],
            "updated": atom_time(a["published"]),
            "link": a["url"] or f"{base}/api/articles/{a['id']}",
            "summary": f"{a['outlet'] or 'unknown outlet'}: {a['text'][:400]}",
        }
        for a in articles
    ]
    entries += [
        {
            "id": f"urn:crosswire:conflict:{c['id']}",
            "title": f"Conflict ({c['type']}): {c['about']}",
            "updated": atom_time(story["last_date"]),
            "link": f"{base}/stories/{story_id}",
            "summary": " | ".join(
                f"{', '.join(side['outlets']) or 'unattributed'}: {side['text']}"
                for side in c["sides"]
            ),
        }
        for c in briefing["conflicts"]
        if c["story_id"] == story_id
    ]
    return _feed(
        f"urn:crosswire:story:{story_id}",
        f"crosswire: {story['title']}",
        f"{base}/feeds/stories/{story_id}.atom",
        entries,
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
