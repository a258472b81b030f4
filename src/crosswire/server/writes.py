"""What a write does on the server: run the documents (a POST's, or a watch batch's pages)
through the normal pipeline (ingest, extract, analyse, cluster), then tell the event stream and
the alerts what changed.

``add`` returns as soon as the articles are stored and clustered; ``announce`` (queued on the
same thread right after, so the next write sees its result) analyses the stories that changed,
refreshes their cached briefings and publishes ``story.created``, ``story.updated`` and
``conflict.found`` by the rule in ``crosswire.changes`` (a conflict is found when none of its
type and subject was in the stories the changed story's articles were in before)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from crosswire.alerts import Dispatcher
from crosswire.changes import (
    StoryNow,
    Tracking,
    changed_stories,
    conflict_key,
    record_events,
    story_events,
    track,
)
from crosswire.fetch.pages import PageReader
from crosswire.records import Briefing, InputProblem, RawDocument
from crosswire.server.events import EventHub
from crosswire.server.stories import StoryCache, StoryEntry, aliases_key
from crosswire.stories.clustering import members_by_story
from crosswire.workspace import Workspace


@dataclass
class Posted:
    """The outcome of one write: the articles it gave, and what changed for the events."""

    articles: list[dict[str, Any]]
    problems: list[InputProblem]
    before: dict[str, str] = field(repr=False)
    after: dict[str, str] = field(repr=False)
    #: The cache's entries when the write began (``announce`` analyses any story it needs
    #: beyond them, as it was then).
    known: dict[str, StoryEntry] = field(repr=False)
    briefing: Briefing | None = field(default=None, repr=False)
    tracking: Tracking | None = field(default=None, repr=False)

    def changed_stories(self) -> list[str]:
        """Stories whose members differ from before, in id order."""
        return changed_stories(self.before, self.after)


@dataclass
class Seen:
    """The story assignment the event stream has announced, and the store's ``story_version``
    when it was read (it moves when any process commits a change to the stories)."""

    assignment: dict[str, str] | None = None
    version: int | None = None


def add(
    workspace: Workspace,
    documents: Sequence[RawDocument | str],
    problems: list[InputProblem],
    cache: StoryCache,
    max_bytes: int,
    read_url: PageReader | None = None,
    seen: Seen | None = None,
) -> Posted:
    """Store and cluster the documents (page URLs are read by ``read_url``); the articles
    they gave, each with its story. ``seen`` takes the new assignment, so ``catch_up`` does
    not take this write for another process's."""
    known = cache.cached()  # what is cached now; ``announce`` analyses any other it needs
    tracking = track(workspace)  # written down, so a crash before ``announce`` loses nothing
    before = tracking.before if tracking is not None else workspace.store.story_assignment()
    briefing = workspace.add(documents, max_bytes=max_bytes, until="cluster", read_url=read_url)
    after = workspace.store.story_assignment()
    if seen is not None:
        seen.assignment = after
    articles = [
        {
            "id": a.id,
            "story_id": after.get(a.id),
            "title": a.title,
            "created": a.id not in before,
        }
        for a in briefing.articles
    ]
    return Posted(
        articles, [*problems, *briefing.problems], before, after, known, briefing, tracking
    )


def announce(
    workspace: Workspace,
    posted: Posted,
    cache: StoryCache,
    hub: EventHub,
    alerts: Dispatcher | None = None,
    record: bool = True,
) -> None:
    """Analyse each changed story, cache its briefing, and publish what changed: to the event
    stream, and (stored first, then sent off this thread by ``alerts``) to matching alerts
    (unless not ``record``: another process's change, whose alerts that process recorded)."""
    events: list[tuple[str, dict[str, Any]]] = []
    members_before = members_by_story(posted.before)
    aliases = aliases_key(workspace)
    for story_id in posted.changed_stories():
        entry = cache.entry(workspace, story_id)
        if entry is None:
            continue
        prior: set[tuple[str, str]] = set()
        if entry.conflicts:  # which are new: those of the stories its articles were in
            earlier = sorted({posted.before[a] for a in entry.members if a in posted.before})
            for s in earlier:
                prior |= _conflicts_before(
                    workspace, posted.known.get(s), members_before[s], aliases
                )
        now = StoryNow(story_id, entry.row["title"], entry.members, entry.conflicts)
        events.extend(story_events(now, posted.before, posted.after, prior))
    for kind, event in events:
        hub.publish_threadsafe(kind, event)
    if not record:
        return
    if record_events(workspace, events, settles=posted.tracking) and alerts is not None:
        alerts.kick()


def _conflicts_before(
    workspace: Workspace, cached: StoryEntry | None, members: tuple[str, ...], aliases: str
) -> set[tuple[str, str]]:
    """The ``conflict_key``s of a story as it was before a write (``members``, sorted): from
    the cache when it held that story then under this alias table, else from an analysis of
    those articles (only the stories a write changed are analysed, never the whole
    workspace). The analysis groups the articles by the story each is in now: after an add
    they are all in one; after another process's recluster split them, a conflict across the
    split is not seen as earlier (rare, and it errs towards telling of a conflict)."""
    if cached is not None and cached.members == members and cached.aliases == aliases:
        return {conflict_key(kind, about) for _, kind, about in cached.conflicts}
    return {conflict_key(c.type, c.about) for c in workspace.analyse(list(members)).conflicts}


def catch_up(workspace: Workspace, seen: Seen, cache: StoryCache, hub: EventHub) -> None:
    """Publish on the event stream what other processes changed (a `crosswire add`, a
    separate `watch`): polled on the writer thread, it compares the story assignment with
    the one last announced, when the store's ``story_version`` has moved since (one row read
    per poll, on either backend; the version is read first, so a commit between the two reads
    is seen again on the next poll, never missed). Their alerts are theirs to record: only the
    stream hears of them here."""
    version = workspace.store.story_version()
    if version == seen.version and seen.assignment is not None:
        return
    seen.version = version
    after = workspace.store.story_assignment()
    if seen.assignment is None or after == seen.assignment:
        seen.assignment = after
        return
    posted = Posted([], [], seen.assignment, after, cache.cached())
    seen.assignment = after
    announce(workspace, posted, cache, hub, record=False)
