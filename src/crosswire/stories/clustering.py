"""Stories and events: online clustering of articles with stable ids.

Each article joins the story it is most similar to, or founds a new one, as it arrives. Similarity
combines what the article is about (its embedding against the story's centroid) with who and
where it is about (named entities shared with the story) and when (a story may run for months,
but a gap of many months weakens the link; only dates given by the input count fully, since a
date crosswire inferred from the text can be decades off). A story's id is derived from its
founding article and never changes while articles join it; when an article links two stories
strongly, they merge into the older one and the change is recorded.

Articles of one run are clustered in a canonical order — by publication date, then id — so the
result does not depend on the order the files were listed in.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from crosswire.records import StoryChange, StoryRow, stable_id
from crosswire.stories.profiles import ArticleProfile, ClusterConfig, canonical_order


def members_by_story(assignment: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """Story id → its article ids, sorted, from an article id → story id map."""
    grouped: dict[str, list[str]] = {}
    for article, story in assignment.items():
        grouped.setdefault(story, []).append(article)
    return {story: tuple(sorted(articles)) for story, articles in grouped.items()}


@dataclass
class StoryState:
    """A story while clustering: running sums, so joining is O(1) and order-free within a story."""

    id: str
    seq: int
    vector_sum: np.ndarray
    entity_counts: Counter = field(default_factory=Counter)
    members: list[str] = field(default_factory=list)
    #: The range of the members' given dates (metadata, html): the one a store keeps.
    first: date | None = None
    last: date | None = None
    #: The range of all the members' dates, inferred ones too (for the capped weak penalty;
    #: kept for this run only: a saved story comes back with its given range here).
    dated_first: date | None = None
    dated_last: date | None = None
    #: Caches, cleared whenever an article joins (adding to 10k stories stays fast).
    _centroid: np.ndarray | None = field(default=None, repr=False, compare=False)
    _top: tuple[int, list[str]] | None = field(default=None, repr=False, compare=False)

    @property
    def centroid(self) -> np.ndarray:
        if self._centroid is None:
            norm = float(np.linalg.norm(self.vector_sum))
            self._centroid = self.vector_sum / norm if norm else self.vector_sum
        return self._centroid

    def top_entities(self, count: int) -> list[str]:
        """The story's most-mentioned entities (ties by name, so the choice is deterministic)."""
        if self._top is None or self._top[0] != count:
            self._top = (
                count,
                [
                    e
                    for e, _ in heapq.nsmallest(
                        count, self.entity_counts.items(), key=lambda kv: (-kv[1], kv[0])
                    )
                ],
            )
        return self._top[1]

    def add(self, profile: ArticleProfile) -> None:
        self._centroid = self._top = None
        self.vector_sum = self.vector_sum + profile.vector
        self.entity_counts.update(profile.entities)
        self.members.append(profile.article_id)
        if profile.published is None:
            return
        self.dated_first = min(filter(None, [self.dated_first, profile.published]))
        self.dated_last = max(filter(None, [self.dated_last, profile.published]))
        if not profile.date_inferred:
            self.first = min(filter(None, [self.first, profile.published]))
            self.last = max(filter(None, [self.last, profile.published]))

    def remove(self, profile: ArticleProfile) -> None:
        """Take an article out again (refinement). The date range is left as it was: the other
        members' dates are not at hand, and a range that stays wide only softens the time
        penalty."""
        self._centroid = self._top = None
        self.vector_sum = self.vector_sum - profile.vector
        self.entity_counts.subtract(profile.entities)
        self.entity_counts = +self.entity_counts
        self.members.remove(profile.article_id)

    def absorb(self, other: StoryState) -> None:
        self._centroid = self._top = None
        self.vector_sum = self.vector_sum + other.vector_sum
        self.entity_counts.update(other.entity_counts)
        self.members.extend(other.members)
        self.first, self.last = _span(self.first, self.last, other.first, other.last)
        self.dated_first, self.dated_last = _span(
            self.dated_first, self.dated_last, other.dated_first, other.dated_last
        )


def _span(*dates: date | None) -> tuple[date | None, date | None]:
    known = [d for d in dates if d is not None]
    return (min(known), max(known)) if known else (None, None)


def entity_overlap(profile: ArticleProfile, story: StoryState, top: int) -> float:
    """How far the article and the story name the same things, both ways: the share of the
    article's entities the story mentions, and the share of the story's ``top`` most-mentioned
    entities the article mentions. The second half is what separates two events of the same
    kind (two earthquakes share "quake" and "magnitude", not their towns and people)."""
    if not profile.entities:
        return 0.0
    forward = sum(1 for e in profile.entities if story.entity_counts[e]) / len(profile.entities)
    leading = story.top_entities(top)
    backward = sum(1 for e in leading if e in profile.entities) / len(leading) if leading else 0.0
    return (forward + backward) / 2


def time_factor(profile: ArticleProfile, story: StoryState, config: ClusterConfig) -> float:
    """The score lost for the time between the article and the story: in full between a given
    date and the story's given dates; at most ``inferred_penalty_max`` where either side's date
    was inferred from the text (weak evidence that can be decades off; ``ClusterConfig``
    gives the figures)."""
    if profile.published is None:
        return 0.0
    penalty = 0.0
    if not profile.date_inferred and story.first is not None and story.last is not None:
        penalty = _gap_penalty(profile.published, story.first, story.last, config)
    if story.dated_first is not None and story.dated_last is not None:
        weak = _gap_penalty(profile.published, story.dated_first, story.dated_last, config)
        penalty = max(penalty, min(config.inferred_penalty_max, weak))
    return penalty


def _gap_penalty(day: date, first: date, last: date, config: ClusterConfig) -> float:
    gap = max((first - day).days, (day - last).days, 0)
    months_over = max(0, gap - config.time_grace_days) / 30
    return months_over * config.time_penalty_per_month


def link_scores(
    profile: ArticleProfile,
    stories: Sequence[StoryState],
    config: ClusterConfig,
    centroids: np.ndarray | None = None,
) -> np.ndarray:
    """The link score of ``profile`` to every story: cosine plus weighted entity overlap, less a
    penalty for a long time gap, scaled back to about the cosine's range. ``centroids`` (the
    stories' centroids as rows) may be passed in when the caller keeps them."""
    if not stories:
        return np.zeros(0)
    if centroids is None:
        centroids = np.vstack([s.centroid for s in stories])
    cosine = centroids @ profile.vector
    # Only stories that could reach the join threshold are compared by entity (exactly the same
    # scores where it matters, and fast at 10k stories): with no shared entity the overlap is 0,
    # so the cosine alone must reach it; with a shared one, at most full overlap can help.
    full = config.join_threshold * (1 + config.entity_weight)
    reachable = cosine >= full - config.entity_weight
    overlap = np.zeros(len(stories))
    penalty = np.zeros(len(stories))
    for index in np.nonzero(reachable)[0]:
        story = stories[index]
        if cosine[index] < full and not any(story.entity_counts[e] for e in profile.entities):
            continue
        overlap[index] = entity_overlap(profile, story, config.story_top_entities)
        penalty[index] = time_factor(profile, story, config)
    return (cosine + config.entity_weight * overlap) / (1 + config.entity_weight) - penalty


@dataclass
class Clustering:
    """The stories of a workspace while articles are added.

    ``stories`` are the ones articles can join; ``standalone`` are stories of one article that
    could not be compared (no embeddings: a language the encoder does not support).
    """

    config: ClusterConfig = field(default_factory=ClusterConfig)
    stories: dict[str, StoryState] = field(default_factory=dict)
    #: story id → (its one article, founding seq)
    standalone: dict[str, tuple[str, int]] = field(default_factory=dict)
    assignment: dict[str, str] = field(default_factory=dict)
    changes: list[StoryChange] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)
    removed: list[str] = field(default_factory=list)
    next_seq: int = 0
    _order: list[StoryState] | None = field(default=None, repr=False)
    _rows: dict[str, int] = field(default_factory=dict, repr=False)
    _centroids: np.ndarray | None = field(default=None, repr=False)

    @classmethod
    def from_rows(
        cls, rows: Iterable[StoryRow], config: ClusterConfig = ClusterConfig()
    ) -> Clustering:
        """Rebuild the clustering state saved in a store."""
        clustering = cls(config)
        for row in rows:
            clustering.next_seq = max(clustering.next_seq, row.seq + 1)
            for member in row.article_ids:
                clustering.assignment[member] = row.id
            if not row.comparable:
                clustering.standalone[row.id] = (row.article_ids[0], row.seq)
                continue
            clustering.stories[row.id] = StoryState(
                row.id,
                row.seq,
                row.vector_sum,
                Counter(row.entity_counts),
                list(row.article_ids),
                date.fromisoformat(row.first_date) if row.first_date else None,
                date.fromisoformat(row.last_date) if row.last_date else None,
            )
            story = clustering.stories[row.id]
            story.dated_first, story.dated_last = story.first, story.last
        return clustering

    def rows(self, story_ids: Iterable[str]) -> list[StoryRow]:
        """The saveable state of the given stories (those still present)."""
        out: list[StoryRow] = []
        for story_id in sorted(story_ids):
            if story_id in self.stories:
                s = self.stories[story_id]
                out.append(
                    StoryRow(
                        id=s.id,
                        seq=s.seq,
                        vector_sum=s.vector_sum,
                        entity_counts=dict(s.entity_counts),
                        first_date=s.first.isoformat() if s.first else None,
                        last_date=s.last.isoformat() if s.last else None,
                        article_ids=tuple(s.members),
                    )
                )
        return out

    def standalone_rows(self, article_ids: Iterable[str]) -> list[StoryRow]:
        """Saveable rows (an empty vector marks them) of these articles' standalone stories."""
        wanted = set(article_ids)
        return [
            StoryRow(
                id=story_id,
                seq=seq,
                vector_sum=np.zeros(0, np.float32),
                entity_counts={},
                first_date=None,
                last_date=None,
                article_ids=(article_id,),
            )
            for story_id, (article_id, seq) in sorted(self.standalone.items())
            if article_id in wanted
        ]

    def add_standalone(self, article_id: str) -> str:
        """A story of its own for an article that cannot be compared with others."""
        if article_id in self.assignment:
            return self.assignment[article_id]
        story_id = stable_id("s", article_id)
        self.standalone[story_id] = (article_id, self.next_seq)
        self.next_seq += 1
        self.assignment[article_id] = story_id
        return story_id

    def add(self, profile: ArticleProfile) -> str:
        """Assign one article; returns its story id."""
        if profile.article_id in self.assignment:
            return self.assignment[profile.article_id]
        ordered, centroids = self._ordered()
        scores = link_scores(profile, ordered, self.config, centroids)
        if len(ordered) and scores.max() >= self.config.join_threshold:
            ranked = sorted(range(len(ordered)), key=lambda i: (-scores[i], ordered[i].seq))
            story = ordered[ranked[0]]
            story.add(profile)
            for other_index in ranked[1:]:
                if scores[other_index] < self.config.merge_threshold:
                    break
                story = self._merge(
                    story, ordered[other_index], profile.article_id, float(scores[other_index])
                )
        else:
            story = StoryState(
                stable_id("s", profile.article_id), self.next_seq, np.zeros_like(profile.vector)
            )
            self.next_seq += 1
            story.add(profile)
            self.stories[story.id] = story
        for member in story.members:
            self.assignment[member] = story.id
        self.touched.add(story.id)
        self._refresh(story)
        return story.id

    def refine(self, profiles: Sequence[ArticleProfile], rounds: int | None = None) -> int:
        """Reassign the given articles (those of this run) until none moves: each, in canonical
        order, is taken out of its story and goes to the story it now links to best, if that
        reaches the join threshold and is another story. An online pass sees only the stories
        that existed when an article arrived; this lets early articles follow the stories that
        formed after them (`crosswire eval ecbplus`, topics 1–35: BCubed F1 0.915 online, 0.941
        refined). Articles of earlier runs never move, so stories that were saved keep their
        members and ids; a story founded in this run that loses all its articles is dropped.
        Merges made by the online pass stand, even when the article that caused one moves
        later. Returns the moves."""
        rounds = self.config.refine_rounds if rounds is None else rounds
        ordered_profiles = canonical_order(profiles)
        moves = 0
        for _ in range(rounds):
            moved = 0
            for profile in ordered_profiles:
                moved += self._reassign(profile)
            moves += moved
            if not moved:
                break
        return moves

    def _reassign(self, profile: ArticleProfile) -> int:
        own = self.stories[self.assignment[profile.article_id]]
        own.remove(profile)
        alone = not own.members
        ordered, centroids = self._ordered()
        row = self._rows[own.id]
        centroids[row] = own.centroid  # type: ignore[index]
        scores = link_scores(profile, ordered, self.config, centroids)
        if alone:
            scores[row] = -np.inf
        best = int(np.argmax(scores))  # stories are in founding order: ties go to the oldest
        target = ordered[best]
        if scores[best] < self.config.join_threshold or target is own:
            own.add(profile)
            centroids[row] = own.centroid  # type: ignore[index]
            return 0
        target.add(profile)
        self.assignment[profile.article_id] = target.id
        self.touched.add(target.id)
        self._refresh(target)
        if alone:
            del self.stories[own.id]
            self.touched.discard(own.id)
            self.changes = [c for c in self.changes if own.id not in c.into_ids]
            self._order = None
        else:
            self._refresh(own)
        return 1

    def _ordered(self) -> tuple[list[StoryState], np.ndarray | None]:
        """Stories by founding order and their centroids as a matrix, kept between adds."""
        if self._order is None:
            self._order = sorted(self.stories.values(), key=lambda s: s.seq)
            self._rows = {s.id: i for i, s in enumerate(self._order)}
            self._centroids = np.vstack([s.centroid for s in self._order]) if self._order else None
        return self._order, self._centroids

    def _refresh(self, story: StoryState) -> None:
        """Update the cached row of a story that changed (or append a new story)."""
        if self._order is None:
            return
        if story.id in self._rows:
            self._centroids[self._rows[story.id]] = story.centroid  # type: ignore[index]
        elif self._order and story.seq > self._order[-1].seq:
            self._rows[story.id] = len(self._order)
            self._order.append(story)
            assert self._centroids is not None and story.centroid is not None
            self._centroids = np.vstack([self._centroids, story.centroid[None, :]])
        else:
            self._order = None

    def _merge(
        self, joined: StoryState, other: StoryState, article_id: str, score: float
    ) -> StoryState:
        """The older story (founded first) keeps its id and absorbs the other; returns it."""
        keep, gone = (joined, other) if joined.seq < other.seq else (other, joined)
        keep.absorb(gone)
        del self.stories[gone.id]
        self._order = None  # rebuilt on the next add
        self.removed.append(gone.id)
        self.touched.discard(gone.id)
        self.touched.add(keep.id)
        for member in gone.members:
            self.assignment[member] = keep.id
        self.changes.append(
            StoryChange("merge", (gone.id, keep.id), (keep.id,), article_id, round(score, 4))
        )
        return keep


def cluster_stories(
    profiles: Iterable[ArticleProfile],
    config: ClusterConfig = ClusterConfig(),
    clustering: Clustering | None = None,
) -> Clustering:
    """Add articles in canonical order to ``clustering`` (a new one if None), then refine the
    assignment of these articles (never of those already in it)."""
    clustering = clustering or Clustering(config)
    added = [p for p in canonical_order(profiles) if p.article_id not in clustering.assignment]
    for profile in added:
        clustering.add(profile)
    clustering.refine(added)
    return clustering
