"""What adding articles changed, as events: ``story.created``, ``story.updated`` and
``conflict.found``.

One rule serves every producer — the server after a POST or a watch batch, and the CLI's
``add``, ``brief`` and ``watch`` — so an alert fires the same whichever way an article came in:

- a story is *changed* when its member articles differ from before the add;
- it is *created* when no article was in it before (its id is new), else *updated*;
- a conflict is *found* when no conflict of its type about the same thing was among those
  the changed story's articles had, story by story, before the add (compared by type and
  subject, not by id: a conflict's id holds its story's id, which a merge changes).

The CLI's way in is ``track`` before an add and ``finish`` after it: ``track`` writes down the
story assignment the add starts from (only when the workspace has an alert: otherwise nothing
is written or analysed), and ``finish`` records the events and drops that note in one
transaction, so a process killed in between loses nothing — ``recover`` finishes its note in
the next run. Only the changed stories an alert could match are analysed.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from crosswire.errors import RunFailed, StoreError
from crosswire.stories.clustering import members_by_story
from crosswire.workspace import Workspace

log = logging.getLogger("crosswire.changes")

Event = tuple[str, dict[str, Any]]


def changed_stories(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    """Stories (article id → story id maps before and after) whose members differ, in id
    order."""
    members_before = members_by_story(before)
    return sorted(s for s, m in members_by_story(after).items() if members_before.get(s) != m)


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


def record_events(
    workspace: Workspace, events: Iterable[Event], settles: Tracking | None = None
) -> int:
    """Store the events for the alerts they match, and drop the ``settles`` record of the add
    they came from, in one transaction; how many deliveries were queued. When that record is
    gone already, another process finished the same add (two ``recover``s at once): its events
    are recorded, so these are not. A workspace that keeps no alerts records nothing."""
    from crosswire.alerts import AlertState  # deferred: httpx, only when alerts are kept

    events = list(events)
    if not events and settles is None:
        return 0
    try:
        state = AlertState(workspace.store)
    except StoreError:
        return 0
    titles = {e["story_id"]: e["title"] for _, e in events if "title" in e}
    with workspace.store.transaction():
        if settles is not None:
            dropped = state.db.execute("DELETE FROM pending_changes WHERE id = ?", (settles.id,))
            if dropped.rowcount == 0:
                return 0
        return sum(
            state.record_event(kind, {"title": titles.get(e["story_id"]), **e})
            for kind, e in events
        )


@dataclass(frozen=True)
class Tracking:
    """An add under way, written down before it (``pending_changes``): its id, and the story
    assignment it started from."""

    id: int
    before: dict[str, str]


def track(workspace: Workspace) -> Tracking | None:
    """Before an add, when the workspace has an alert: write down (committed) the story
    assignment it starts from, so its events are not lost if this process dies before
    ``finish``. None when there is no alert (nothing is written)."""
    from crosswire.alerts import AlertState

    if not _alerts(workspace):
        return None
    with workspace.store.transaction():
        before = workspace.store.story_assignment()
        blob = zlib.compress(json.dumps(before, sort_keys=True).encode())
        row_id = AlertState(workspace.store).db.insert_id(
            "INSERT INTO pending_changes (owner, before, at) VALUES (?, ?, ?) RETURNING id",
            (
                workspace.store.owner_tag(),
                blob,
                datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
            ),
        )
    return Tracking(row_id, before)


def finish(workspace: Workspace, tracking: Tracking | None) -> int:
    """After the add ``track`` wrote down: its events recorded for the alerts and its record
    dropped, together; how many deliveries were queued. A failure is logged (the add stands,
    and the record stays for ``recover``)."""
    if tracking is None:
        return 0
    try:
        events = _changes(workspace, tracking.before, _alerts(workspace))
        return record_events(workspace, events, settles=tracking)
    except (RunFailed, StoreError) as error:
        log.warning("the alerts of this run could not be worked out: %s", error)
        return 0


def recover(workspace: Workspace) -> int:
    """Finish the adds whose process died between storing articles and recording their
    events (a record whose owner the store knows to be gone: a process on this host that no
    longer runs, or on PostgreSQL a session that ended, from any host); how many deliveries
    that queued. A record of this process is never taken: under ``serve --watch`` the
    watcher's cycle runs this while the writer thread may be between ``track`` and
    ``finish`` on one of its own."""
    from crosswire.alerts import AlertState

    try:
        rows = (
            AlertState(workspace.store)
            .db.execute("SELECT id, owner, before FROM pending_changes ORDER BY id")
            .fetchall()
        )
    except StoreError:
        return 0  # a store with no tables beyond the Store protocol: it keeps no alerts
    queued = 0
    for row_id, owner, blob in rows:
        if workspace.store.owner_alive(owner):
            continue
        before = json.loads(zlib.decompress(blob))
        queued += finish(workspace, Tracking(row_id, before))
    return queued


def _alerts(workspace: Workspace) -> list[Any]:
    from crosswire.alerts import AlertState  # deferred: httpx, only when alerts are kept

    try:
        return AlertState(workspace.store).alerts()
    except StoreError:
        return []  # a store with no tables beyond the Store protocol: it keeps no alerts


def _changes(workspace: Workspace, before: Mapping[str, str], alerts: list[Any]) -> list[Event]:
    """The events of the stories changed since ``before`` that an alert could match.

    Only what an alert could match is analysed: nothing without alerts, no story that alerts
    name only other stories of, and the stories only up to clustering (their titles) unless a
    conflict alert could match them."""
    from crosswire.alerts import ON_EVENTS

    if not alerts:
        return []
    after = workspace.store.story_assignment()
    members_after = members_by_story(after)
    events: list[Event] = []
    for story_id in changed_stories(before, after):
        wanted = {ON_EVENTS[a.on] for a in alerts if a.story_id in (None, story_id)}
        if not wanted:
            continue
        members = members_after[story_id]
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
