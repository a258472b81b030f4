"""Event stream ids survive a server restart: ``BOOT.N``, and a client's ``Last-Event-ID``
from an earlier start gets every event the new server kept."""

import time

from crosswire.server.events import EventHub


def test_missed_events_after_an_id_of_this_start():
    hub = EventHub()
    ids = [hub.publish("story.updated", {"n": n}).id for n in range(3)]
    assert len(set(ids)) == 3 and all(i.split(".")[0] == ids[0].split(".")[0] for i in ids)
    assert [e.data["n"] for e in hub._missed(ids[0])] == [1, 2]
    assert hub._missed(ids[2]) == []
    assert hub._missed(None) == [] and hub._missed("garbage") == [] and hub._missed("x.1") == []
    assert len(hub._missed("0")) == 3  # a bare count, from before ids named their start: all


def test_an_id_from_an_earlier_start_gets_everything_kept_and_never_collides():
    before = EventHub()
    old = before.publish("story.created", {}).id
    time.sleep(0.01)
    after = EventHub()
    new = [after.publish("story.updated", {"n": n}).id for n in range(2)]
    assert old not in new  # a client dropping ids it has seen drops nothing new
    assert [e.data["n"] for e in after._missed(old)] == [0, 1]
    assert before._missed(new[0]) == []  # an id from a later start: nothing to replay
