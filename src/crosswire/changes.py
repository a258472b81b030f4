"""What adding articles changed, as events: ``story.created``, ``story.updated`` and
``conflict.found``.

One rule serves every producer — the server after a POST or a watch batch, and the CLI's
``add``, ``brief`` and ``watch`` — so an alert fires the same whichever way an article came in:

- a story is *changed* when its member articles differ from before the add;
- it is *created* when no article was in it before (its id is new), else *updated*;
- a conflict is *found* when no conflict of its type about the same thing was among those
  the changed story's articles had, story by story, before the add (compared by type and
  subject, not by id: a conflict's id holds its story's id, which a merge changes).

``record_changes`` is the CLI's way in: it analyses only the stories that changed and that an
alert could match (a workspace without alerts pays nothing).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from crosswire.errors import RunFailed, StoreError
from crosswire.workspace import Workspace

log = logging.getLogger("crosswire.changes")

Event = tuple[str, dict[str, Any]]


def changed_stories(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    """Stories (article id → story id maps before and after) whose members differ, in id
    order."""
    members_before: dict[str, set[str]] = {}
    for article, story in before.items():
        members_before.setdefault(story, set()).add(article)
    members_after: dict[str, set[str]] = {}
    for article, story in after.items():
        members_after.setdefault(story, set()).add(article)
    return sorted(s for s, m in members_after.items() if members_before.get(s) != m)


@dataclass(frozen=True)
class StoryNow:
    """A changed story as it is after the add."""

    id: str
    title: str
    members: tuple[str, ...]
    #: (id, type, about) of each of its conflicts.
    conflicts: tuple[tuple[str, str, str], ...]


def conflict_key(kind: str, about: str) -> tuple[str, str]:
    """What makes a conflict the same one before and after an add: its type and what it is
    about (its id also holds its story's id, which a merge changes)."""
    return kind, about


def story_events(
    story: StoryNow,
    before: Mapping[str, str],
    after: Mapping[str, str],
    prior: set[tuple[str, str]],
) -> list[Event]:
    """The events of one changed story; ``prior`` holds the ``conflict_key`` of each conflict
    its articles had before the add."""
    added = sorted(a for a in story.members if before.get(a) != story.id and a in after)
    created = story.id not in set(before.values())
    data = {"story_id": story.id, "title": story.title, "articles": len(story.members)}
    events: list[Event] = [
        ("story.created" if created else "story.updated", {**data, "added": added})
    ]
    for conflict_id, kind, about in story.conflicts:
        if conflict_key(kind, about) not in prior:
            found = {"story_id": story.id, "conflict_id": conflict_id, "type": kind}
            events.append(("conflict.found", {**found, "about": about}))
    return events


def record_events(workspace: Workspace, events: Iterable[Event]) -> int:
    """Store the events for the alerts they match (one transaction); how many deliveries
    were queued. A workspace that keeps no alerts (not SQLite) records nothing."""
    from crosswire.alerts import AlertState  # deferred: httpx, only when alerts are kept

    events = list(events)
    if not events:
        return 0
    try:
        state = AlertState(workspace.store)
    except StoreError:
        return 0
    titles = {e["story_id"]: e["title"] for _, e in events if "title" in e}
    with workspace.store.transaction():
        return sum(
            state.record_event(kind, {"title": titles.get(e["story_id"]), **e})
            for kind, e in events
        )


def record_changes(workspace: Workspace, before: Mapping[str, str]) -> int:
    """After an add that started from the story assignment ``before``: find what changed and
    queue it for the workspace's matching alerts; how many deliveries were queued.

    Only what an alert could match is analysed: nothing when the workspace has no alert, no
    story an alert names only other stories of, and the stories only up to clustering (their
    titles) unless a conflict alert could match them. A failure here is the alerts' alone: it
    is logged and the add it follows stands."""
    from crosswire.alerts import ON_EVENTS, AlertState

    try:
        alerts = AlertState(workspace.store).alerts()
    except StoreError:
        return 0  # not a SQLite workspace: it keeps no alerts
    if not alerts:
        return 0
    try:
        return record_events(workspace, _changes(workspace, before, alerts, ON_EVENTS))
    except (RunFailed, StoreError) as error:
        log.warning("the alerts of this run could not be worked out: %s", error)
        return 0


def _changes(
    workspace: Workspace, before: Mapping[str, str], alerts: list[Any], on_events: dict[str, str]
) -> list[Event]:
    after = workspace.store.story_assignment()
    events: list[Event] = []
    for story_id in changed_stories(before, after):
        wanted = {on_events[a.on] for a in alerts if a.story_id in (None, story_id)}
        if not wanted:
            continue
        members = tuple(sorted(a for a, s in after.items() if s == story_id))
        conflicts_wanted = "conflict.found" in wanted
        briefing = workspace.analyse(members, until=None if conflicts_wanted else "cluster")
        story = next((s for s in briefing.stories if s.id == story_id), None)
        if story is None:
            continue
        conflicts = tuple(
            (c.id, c.type, c.about) for c in briefing.conflicts if c.story_id == story_id
        )
        prior: set[tuple[str, str]] = set()
        if conflicts:  # what the articles held before, story by story as they were then
            earlier: dict[str, list[str]] = {}
            for article in members:
                if article in before:
                    earlier.setdefault(before[article], []).append(article)
            for group in earlier.values():
                found = workspace.analyse(group).conflicts
                prior |= {conflict_key(c.type, c.about) for c in found}
        now = StoryNow(story_id, story.title, members, conflicts)
        events.extend(story_events(now, before, after, prior))
    return events
