"""What a POST does on the writer thread: run the documents through the normal pipeline
(ingest, extract, analyse, cluster), then tell the event stream what changed.

``add`` returns as soon as the articles are stored and clustered; ``announce`` (queued on the
same thread right after, so the next write sees its result) analyses the stories that changed,
refreshes their cached briefings and publishes ``story.created``, ``story.updated`` and
``conflict.found``. A conflict counts as found when its id is new to the stories the changed
story's articles were in before."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crosswire.alerts import AlertState, Dispatcher
from crosswire.errors import StoreError
from crosswire.records import InputProblem, RawDocument
from crosswire.server.events import EventHub
from crosswire.server.stories import StoryCache, StoryEntry
from crosswire.workspace import Workspace


@dataclass
class Posted:
    """The outcome of one POST: the articles it gave, and what changed for the events."""

    articles: list[dict[str, Any]]
    problems: list[InputProblem]
    before: dict[str, str] = field(repr=False)
    after: dict[str, str] = field(repr=False)
    known: dict[str, StoryEntry] = field(repr=False)

    def changed_stories(self) -> list[str]:
        """Stories whose members differ from before, in id order."""
        members_before: dict[str, set[str]] = {}
        for article, story in self.before.items():
            members_before.setdefault(story, set()).add(article)
        members_after: dict[str, set[str]] = {}
        for article, story in self.after.items():
            members_after.setdefault(story, set()).add(article)
        return sorted(s for s, m in members_after.items() if members_before.get(s) != m)


def add(
    workspace: Workspace,
    documents: list[RawDocument],
    problems: list[InputProblem],
    cache: StoryCache,
    max_bytes: int,
) -> Posted:
    """Store and cluster the documents; the articles they gave, each with its story."""
    known = {entry.id: entry for entry in cache.entries(workspace)}
    before = workspace.store.story_assignment()
    briefing = workspace.add(documents, max_bytes=max_bytes, until="cluster")
    after = workspace.store.story_assignment()
    articles = [
        {
            "id": a.id,
            "story_id": after.get(a.id),
            "title": a.title,
            "created": a.id not in before,
        }
        for a in briefing.articles
    ]
    return Posted(articles, [*problems, *briefing.problems], before, after, known)


def announce(
    workspace: Workspace,
    posted: Posted,
    cache: StoryCache,
    hub: EventHub,
    alerts: Dispatcher | None = None,
) -> None:
    """Analyse each changed story, cache its briefing, and publish what changed: to the event
    stream, and (stored first, then sent off this thread by ``alerts``) to matching alerts."""
    events: list[tuple[str, dict[str, Any]]] = []
    for story_id in posted.changed_stories():
        entry = cache.entry(workspace, story_id)
        if entry is None:
            continue
        added = sorted(
            a for a in entry.members if posted.before.get(a) != story_id and a in posted.after
        )
        created = story_id not in set(posted.before.values())
        data = {"story_id": story_id, "title": entry.row["title"], "articles": len(entry.members)}
        events.append(("story.created" if created else "story.updated", {**data, "added": added}))
        earlier = {posted.before[a] for a in entry.members if a in posted.before}
        seen = {c[0] for s in earlier if s in posted.known for c in posted.known[s].conflicts}
        for conflict_id, kind, about in entry.conflicts:
            if conflict_id not in seen:
                found = {"story_id": story_id, "conflict_id": conflict_id, "type": kind}
                events.append(("conflict.found", {**found, "about": about}))
    for kind, event in events:
        hub.publish_threadsafe(kind, event)
    if alerts is None or not events:
        return
    try:
        state = AlertState(workspace.store)
    except StoreError:
        return  # not a SQLite workspace: it keeps no alerts
    titles = {e["story_id"]: e["title"] for _, e in events if "title" in e}
    with workspace.store.transaction():
        matched = sum(
            state.record_event(kind, {"title": titles.get(e["story_id"]), **e})
            for kind, e in events
        )
    if matched:
        alerts.kick()
