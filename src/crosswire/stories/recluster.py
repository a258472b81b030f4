"""Re-clustering a whole workspace from scratch while keeping the ids of the stories that
survive, with the merges and splits it implies recorded."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from crosswire.records import StoryChange
from crosswire.stories.clustering import Clustering, cluster_stories
from crosswire.stories.profiles import ArticleProfile, ClusterConfig


def recluster(
    profiles: Iterable[ArticleProfile],
    previous: Mapping[str, str],
    previous_seq: Mapping[str, int],
    config: ClusterConfig = ClusterConfig(),
) -> tuple[Clustering, list[StoryChange]]:
    """Cluster every article again from scratch, keeping the old story ids where the stories
    survive. Each old id goes to the new story holding most of its articles (ties: the new story
    founded first); a new story that inherits no id takes its founding article's id. Old stories
    spread over several new ones are recorded as splits, old stories absorbed into another's id
    as merges."""
    fresh = cluster_stories(profiles, config)
    fresh.changes = []
    new_stories = sorted(fresh.stories.values(), key=lambda s: s.seq)
    overlap: dict[str, Counter] = defaultdict(Counter)
    for story in new_stories:
        for member in story.members:
            if member in previous:
                overlap[previous[member]][story.id] += 1
    heir: dict[str, str] = {}
    for old_id in sorted(overlap, key=lambda o: (previous_seq.get(o, 0), o)):
        taken = set(heir.values())
        ranked = sorted(overlap[old_id].items(), key=lambda kv: (-kv[1], fresh.stories[kv[0]].seq))
        for new_id, _ in ranked:
            if new_id not in taken:
                heir[old_id] = new_id
                break
    renamed = {new_id: old_id for old_id, new_id in heir.items()}
    result = Clustering(config, next_seq=max(previous_seq.values(), default=-1) + 1)
    for story in new_stories:
        story.id = renamed.get(story.id, story.id)
        story.seq = previous_seq.get(story.id, result.next_seq)
        if story.id not in previous_seq:
            result.next_seq += 1
        result.stories[story.id] = story
        result.touched.add(story.id)
        for member in story.members:
            result.assignment[member] = story.id
    changes = []
    for old_id in sorted(overlap, key=lambda o: (previous_seq.get(o, 0), o)):
        targets = sorted(
            {
                result.assignment[m]
                for m, o in previous.items()
                if o == old_id and m in result.assignment
            }
        )
        if len(targets) > 1:
            changes.append(StoryChange("split", (old_id,), tuple(targets), None))
        elif targets and targets[0] != old_id:
            changes.append(StoryChange("merge", (old_id, targets[0]), (targets[0],), None))
    result.removed = sorted(set(previous_seq) - set(result.stories))
    return result, changes
