"""What adding articles changed, as events: ``story.created``, ``story.updated`` and
``conflict.found``.

One rule serves every producer — the server after a POST or a watch batch, and the CLI's
``add``, ``brief`` and ``watch`` — so an alert fires the same whichever way an article came in:

- a story is *changed* when its member articles differ from before the add;
- it is *created* when no article was in it before (its id is new), else *updated*;
- a conflict is *found* when its id is not among the conflicts the changed story's articles
  had before the add (a conflict's id is a hash of its story, type and sides, so one that
  was already there keeps its id).

``record_changes`` is the CLI's way in: it analyses only the stories that changed, and only
when the workspace has an alert at all (a workspace without alerts pays nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from crosswire.errors import StoreError
from crosswire.workspace import Workspace

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


def story_events(
    story: StoryNow, before: Mapping[str, str], after: Mapping[str, str], prior: set[str]
) -> list[Event]:
    """The events of one changed story; ``prior`` holds the conflict ids its articles had
    before the add."""
    added = sorted(a for a in story.members if before.get(a) != story.id and a in after)
    created = story.id not in set(before.values())
    data = {"story_id": story.id, "title": story.title, "articles": len(story.members)}
    events: list[Event] = [
        ("story.created" if created else "story.updated", {**data, "added": added})
    ]
    for conflict_id, kind, about in story.conflicts:
        if conflict_id not in prior:
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


def has_alerts(workspace: Workspace) -> bool:
    from crosswire.alerts import AlertState

    try:
        return bool(AlertState(workspace.store).alerts())
    except StoreError:
        return False


def record_changes(workspace: Workspace, before: Mapping[str, str]) -> int:
    """After an add that started from the story assignment ``before``: find what changed and
    queue it for the workspace's matching alerts; how many deliveries were queued (0, and no
    analysis, when the workspace has no alert)."""
    if not has_alerts(workspace):
        return 0
    after = workspace.store.story_assignment()
    events: list[Event] = []
    for story_id in changed_stories(before, after):
        members = tuple(sorted(a for a, s in after.items() if s == story_id))
        briefing = workspace.analyse(members)
        story = next((s for s in briefing.stories if s.id == story_id), None)
        if story is None:
            continue
        conflicts = tuple(
            (c.id, c.type, c.about) for c in briefing.conflicts if c.story_id == story_id
        )
        old = [a for a in members if a in before]
        prior: set[str] = set()
        if old and conflicts:
            prior = {c.id for c in workspace.analyse(old).conflicts}
        events.extend(
            story_events(StoryNow(story_id, story.title, members, conflicts), before, after, prior)
        )
    return record_events(workspace, events)
