"""Records across articles: duplicate groups, shared passages, origins, entities, stories,
events and the changes recorded when stories merge or split."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from crosswire.records.base import _Record

DuplicateKind = Literal["exact", "near", "rewrite"]


@dataclass(frozen=True)
class DuplicateGroup(_Record):
    """Articles (or one article's sources) that copy, nearly copy or rewrite each other."""

    id: str
    kind: DuplicateKind
    article_ids: tuple[str, ...]
    similarity: float
    #: For ``exact``: every input the identical text came from.
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class SharedPassage(_Record):
    """A passage (sentence) that appears, verbatim or nearly, in several articles."""

    id: str
    text: str
    occurrences: tuple[tuple[str, int, int], ...]  # (article_id, start, end)
    similarity: float


@dataclass(frozen=True)
class OriginGroup(_Record):
    """Articles that go back to one original report: copies and rewrites count once."""

    id: str
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class EntityMention(_Record):
    """Where an entity is named: the article, the span in its cleaned text, and the words."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity(_Record):
    """A canonical entity of a story: every spelling, short form and title that names it."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    article_ids: tuple[str, ...]
    mentions: tuple[EntityMention, ...]
    #: Entities are resolved within a story; the same person in two stories is two records.
    story_id: str = ""


@dataclass(frozen=True)
class Event(_Record):
    """What happened at one time within a story: its articles and their date range."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    first_date: str | None
    last_date: str | None


@dataclass(frozen=True)
class Story(_Record):
    """Articles about one developing story, split into events. The id never changes while
    articles join; it is derived from the article that founded the story."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    events: tuple[Event, ...]
    first_date: str | None
    last_date: str | None
    outlets: tuple[str, ...]
    #: Why an article is a story of its own without being compared (e.g. its language).
    note: str | None = None


@dataclass(frozen=True)
class StoryChange(_Record):
    """A merge or split of stories: ``from_ids`` became ``into_ids``, triggered by an article
    (merge) or by re-clustering the workspace (split)."""

    kind: Literal["merge", "split"]
    from_ids: tuple[str, ...]
    into_ids: tuple[str, ...]
    article_id: str | None
    score: float | None = None


@dataclass(frozen=True, eq=False)
class StoryRow:
    """A story's clustering state as a store keeps it between runs: the running sums that let
    the next run's articles join it without reading its members again. Not part of a briefing.

    Compared by identity: the vector sum is an array, which has no single truth value.
    """

    id: str
    #: Founding order across the workspace (older stories win ties and keep their id in a merge).
    seq: int
    #: Sum of the members' article vectors; empty for a standalone story of one article that
    #: could not be compared (no embeddings: a language the encoder does not support).
    vector_sum: np.ndarray
    #: Entity key → how many members mention it.
    entity_counts: Mapping[str, int]
    #: Earliest and latest member publication dates (ISO), if any member is dated.
    first_date: str | None
    last_date: str | None
    #: Member article ids in the order they joined.
    article_ids: tuple[str, ...]

    @property
    def comparable(self) -> bool:
        """Whether articles can join it (it has a vector), unlike a standalone story."""
        return self.vector_sum.size > 0
