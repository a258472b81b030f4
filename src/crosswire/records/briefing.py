"""The briefing: everything one run knows about a set of articles, ready to render."""

from __future__ import annotations

from dataclasses import dataclass, field

from crosswire.records.analysis import (
    Conflict,
    Coverage,
    Fact,
    QuoteEntry,
    Statement,
    SummaryItem,
    TimelineEntry,
)
from crosswire.records.articles import Article, InputProblem
from crosswire.records.base import _Record
from crosswire.records.stories import (
    DuplicateGroup,
    Entity,
    OriginGroup,
    SharedPassage,
    Story,
    StoryChange,
)


@dataclass(frozen=True)
class StageTiming(_Record):
    stage: str
    seconds: float
    items: int


@dataclass(frozen=True)
class Briefing(_Record):
    """Everything one run knows about a set of articles, ready to render."""

    articles: tuple[Article, ...]
    duplicates: tuple[DuplicateGroup, ...] = ()
    passages: tuple[SharedPassage, ...] = ()
    origins: tuple[OriginGroup, ...] = ()
    entities: tuple[Entity, ...] = ()
    stories: tuple[Story, ...] = ()
    story_changes: tuple[StoryChange, ...] = ()
    statements: tuple[Statement, ...] = ()
    facts: tuple[Fact, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    quotes: tuple[QuoteEntry, ...] = ()
    coverage: tuple[Coverage, ...] = ()
    summary: tuple[SummaryItem, ...] = ()
    problems: tuple[InputProblem, ...] = ()
    #: Extra inputs whose text was identical to a stored article: article id -> sources.
    sources: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())
    timings: tuple[StageTiming, ...] = ()
