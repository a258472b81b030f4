"""Records across articles: duplicate groups, shared passages, origins, entities, stories,
events and the changes recorded when stories merge or split."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
