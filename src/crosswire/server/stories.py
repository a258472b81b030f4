"""Story briefings as the API serves them, cached per story under what they were made from.

A story's briefing is ``crosswire.render.json`` of ``Workspace.briefing(story_id)``: the same
JSON ``crosswire brief --db … --story ID -o x.json`` writes. It is cached under the story's member
articles and the alias table, so an article joining the story (from this server, ``crosswire
add`` or ``recluster``) or an alias edit makes the next read analyse the story again.

The list's row of every story is kept, but whole briefings (JSON and records) only for the
``keep_whole`` stories read last: a briefing is some hundreds of kB, and a workspace of 100,000
articles has tens of thousands of stories. A story read again after that is analysed again."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from crosswire.records import Briefing
from crosswire.render.json import render_json
from crosswire.stories.clustering import members_by_story
from crosswire.workspace import Workspace


@dataclass(frozen=True)
class StoryEntry:
    """One story's briefing JSON and the row the story list shows for it."""

    id: str
    #: The story's article ids, sorted: what the briefing was made from.
    members: tuple[str, ...]
    aliases: str
    json: str
    row: dict[str, Any]
    #: (id, type, about) of each conflict in the briefing.
    conflicts: tuple[tuple[str, str, str], ...]
    #: The first sentence of the story's summary ("" if it has none).
    lead: str = ""
    #: The briefing itself, for the web UI's pages (the JSON above is the API's).
    briefing: Briefing | None = None

    @property
    def whole(self) -> bool:
        """Whether the entry still holds its briefing (the cache drops it from all but the
        stories read last, keeping the row)."""
        return self.briefing is not None


#: Stories whose whole briefing the server keeps in memory (``StoryCache``).
KEEP_WHOLE = 256


def story_row(briefing: Briefing, story_id: str) -> dict[str, Any]:
    """The story list's row: id, title, dates, outlets, and counts of articles, independent
    origins (copies and rewrites count once) and conflicts."""
    [story] = [s for s in briefing.stories if s.id == story_id]
    members = set(story.article_ids)
    return {
        "id": story.id,
        "title": story.title,
        "first_date": story.first_date,
        "last_date": story.last_date,
        "outlets": list(story.outlets),
        "articles": len(story.article_ids),
        "independent_origins": sum(1 for o in briefing.origins if members & set(o.article_ids)),
        "conflicts": sum(1 for c in briefing.conflicts if c.story_id == story_id),
    }


def _members(workspace: Workspace) -> dict[str, tuple[str, ...]]:
    """Story id → its article ids, sorted."""
    return members_by_story(workspace.store.story_assignment())


def aliases_key(workspace: Workspace) -> str:
    """What an entry's ``aliases`` holds: a digest of the workspace alias table."""
    table = sorted(workspace.aliases.table().items())
    return hashlib.sha256(json.dumps(table).encode()).hexdigest()


class StoryCache:
    """Story id → ``StoryEntry``, shared by the server's threads; each thread passes its own
    workspace. A story is analysed by one thread at a time; the others wait and take its entry."""

    def __init__(self, keep_whole: int = KEEP_WHOLE) -> None:
        self.keep_whole = keep_whole
        self._entries: dict[str, StoryEntry] = {}
        #: The stories whose entries are whole, the one read last at the end.
        self._whole: OrderedDict[str, None] = OrderedDict()
        self._making: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def entry(self, workspace: Workspace, story_id: str) -> StoryEntry | None:
        """The story's whole entry (None if no story has that exact id)."""
        members = _members(workspace).get(story_id)
        if members is None:
            return None
        return self._entry(workspace, story_id, members, aliases_key(workspace), whole=True)

    def entries(self, workspace: Workspace) -> list[StoryEntry]:
        """Every story's entry, made where missing or stale; most hold only their row (see
        ``StoryEntry.whole``)."""
        by_story = _members(workspace)
        aliases = aliases_key(workspace)
        found = [
            self._entry(workspace, s, m, aliases, whole=False) for s, m in sorted(by_story.items())
        ]
        with self._lock:
            for gone in set(self._entries) - set(by_story):
                del self._entries[gone]
                self._whole.pop(gone, None)
                self._making.pop(gone, None)
        return [e for e in found if e is not None]

    def cached(self) -> dict[str, StoryEntry]:
        """The entries made so far, as they are (none is refreshed)."""
        with self._lock:
            return dict(self._entries)

    def _entry(
        self,
        workspace: Workspace,
        story_id: str,
        members: tuple[str, ...],
        aliases: str,
        *,
        whole: bool,
    ) -> StoryEntry | None:
        with self._lock:
            making = self._making.setdefault(story_id, threading.Lock())
        with making:  # one thread analyses a story; the others wait for its entry
            with self._lock:
                known = self._entries.get(story_id)
                current = (
                    known is not None
                    and known.members == members
                    and known.aliases == aliases
                    and (known.whole or not whole)
                )
                if current and whole:
                    self._whole.move_to_end(story_id)
            if current:
                return known
            return self._make(workspace, story_id, aliases, whole=whole)

    def _make(
        self, workspace: Workspace, story_id: str, aliases: str, *, whole: bool
    ) -> StoryEntry | None:
        """Analyse the story and cache its entry. Made for a read of the story (``whole``):
        kept whole as the one read last, the oldest whole entry beyond ``keep_whole`` losing
        its briefing. Made for the list: kept whole only while there is room, as the first to
        lose it, so a pass over every story neither holds every briefing nor pushes out the
        ones people read; the entry returned is the one kept."""
        briefing = workspace.briefing(story_id)
        if not any(s.id == story_id for s in briefing.stories):
            return None  # merged away between the two reads
        [story] = [s for s in briefing.stories if s.id == story_id]
        made = StoryEntry(
            id=story_id,
            members=tuple(sorted(story.article_ids)),
            aliases=aliases,
            json=render_json(briefing),
            row=story_row(briefing, story_id),
            conflicts=tuple((c.id, c.type, c.about) for c in briefing.conflicts),
            lead=next((x.text for x in briefing.summary if x.story_id == story_id), ""),
            briefing=briefing,
        )
        with self._lock:
            if whole:
                self._whole[story_id] = None
                self._whole.move_to_end(story_id)
                while len(self._whole) > self.keep_whole:
                    oldest, _ = self._whole.popitem(last=False)
                    if oldest in self._entries:
                        self._entries[oldest] = _light(self._entries[oldest])
                kept = made
            elif len(self._whole) < self.keep_whole or story_id in self._whole:
                self._whole[story_id] = None
                self._whole.move_to_end(story_id, last=False)
                kept = made
            else:
                kept = _light(made)
            self._entries[story_id] = kept
        return made if whole else kept


def _light(entry: StoryEntry) -> StoryEntry:
    """The entry without its briefing: what the list, the events and the alerts read."""
    return replace(entry, json="", briefing=None)
