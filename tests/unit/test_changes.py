"""The one rule for what an add changed (``crosswire.changes``), shared by the server and the
CLI: which stories changed, created or updated, and which conflicts are new."""

from crosswire.changes import StoryNow, changed_stories, conflict_key, story_events


def test_a_story_changes_when_its_members_do_and_only_then():
    before = {"a1": "s1", "a2": "s1", "a3": "s2"}
    after = {"a1": "s1", "a2": "s1", "a3": "s2", "a4": "s2", "a5": "s3"}
    assert changed_stories(before, after) == ["s2", "s3"]
    assert changed_stories(before, dict(before)) == []
    # An article moving from one story to another changes both; the emptied one is gone.
    assert changed_stories(before, {"a1": "s1", "a2": "s2", "a3": "s2"}) == ["s1", "s2"]


def test_created_or_updated_and_the_articles_added():
    before = {"a1": "s1"}
    after = {"a1": "s1", "a2": "s1", "a3": "s9"}
    [updated] = story_events(StoryNow("s1", "Port deal", ("a1", "a2"), ()), before, after, set())
    assert updated == (
        "story.updated",
        {"story_id": "s1", "title": "Port deal", "articles": 2, "added": ["a2"]},
    )
    [created] = story_events(StoryNow("s9", "Fire", ("a3",), ()), before, after, set())
    assert created[0] == "story.created" and created[1]["added"] == ["a3"]


def test_a_conflict_is_found_only_when_its_id_was_not_there_before():
    before = {"a1": "s1", "a2": "s1"}
    after = {**before, "a3": "s1"}
    old = ("numeric", "passengers")
    conflicts = (("c-old", *old), ("c-new", "claim_denial", "the town"))
    story = StoryNow("s1", "Siege", ("a1", "a2", "a3"), conflicts)
    events = story_events(story, before, after, prior={("numeric", "passengers")})
    assert [kind for kind, _ in events] == ["story.updated", "conflict.found"]
    found = events[1][1]
    assert found == {
        "story_id": "s1",
        "conflict_id": "c-new",
        "type": "claim_denial",
        "about": "the town",
    }
    # With nothing known before, both are new.
    assert len(story_events(story, before, after, prior=set())) == 3
    # Compared by type and subject, not by id: a merge that changes the story's id (and so
    # the conflict's) finds nothing new.
    renamed = StoryNow("s2", "Siege", ("a1", "a2", "a3"), (("c-x", "numeric", "passengers"),))
    assert [k for k, _ in story_events(renamed, before, after, {conflict_key(*old)})] == [
        "story.created"
    ]


def test_an_add_settled_twice_queues_its_events_once(store_location):
    """Two processes may both find one dead add's note (``recover`` in each): the first to
    record its events drops the note, and the second, finding it gone, records nothing."""
    from crosswire.alerts import AlertState
    from crosswire.changes import record_events, track
    from crosswire.workspace import Workspace

    with Workspace(store_location) as workspace:
        with workspace.store.transaction():
            AlertState(workspace.store).add("https://hooks.example/a", "new-story")
        tracking = track(workspace)
        assert tracking is not None and tracking.before == {}
        events = [("story.created", {"story_id": "s1", "title": "Port deal", "added": ["a1"]})]
        assert record_events(workspace, events, settles=tracking) == 1
        assert record_events(workspace, events, settles=tracking) == 0
        assert AlertState(workspace.store).pending() == 1
