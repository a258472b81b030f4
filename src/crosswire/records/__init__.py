"""The records that pass between stages: frozen dataclasses with ``to_dict``/``from_dict``.

Every derived record keeps its provenance (article ids, character spans). Ids are stable: an
article's id is a hash of its normalised text, so re-ingesting the same text is a no-op.
"""

from __future__ import annotations

from crosswire.records.analysis import (
    Conflict,
    ConflictSide,
    Coverage,
    CoverageRow,
    DateValue,
    Fact,
    QuantityValue,
    QuoteEntry,
    QuoteVariant,
    Statement,
    SummaryItem,
    TimelineEntry,
)
from crosswire.records.articles import (
    Article,
    DateSource,
    InputProblem,
    Mention,
    RawDocument,
    RemovedLine,
    Sentence,
    TextIssue,
)
from crosswire.records.base import (
    _NESTED,
    _Record,
    article_id_for,
    normalise_text,
    stable_id,
    text_hash,
)
from crosswire.records.briefing import Briefing, StageTiming
from crosswire.records.stories import (
    DuplicateGroup,
    DuplicateKind,
    Entity,
    EntityMention,
    Event,
    OriginGroup,
    SharedPassage,
    Story,
    StoryChange,
    StoryRow,
)

for _record_type in (
    RemovedLine,
    TextIssue,
    Article,
    Sentence,
    Mention,
    DuplicateGroup,
    SharedPassage,
    OriginGroup,
    EntityMention,
    Entity,
    Event,
    Story,
    StoryChange,
    QuantityValue,
    DateValue,
    Statement,
    Fact,
    ConflictSide,
    Conflict,
    TimelineEntry,
    QuoteVariant,
    QuoteEntry,
    CoverageRow,
    Coverage,
    SummaryItem,
    InputProblem,
    StageTiming,
):
    _NESTED[_record_type.__name__] = _record_type

__all__ = [
    "Article",
    "Briefing",
    "Conflict",
    "ConflictSide",
    "Coverage",
    "CoverageRow",
    "DateSource",
    "DateValue",
    "DuplicateGroup",
    "DuplicateKind",
    "Entity",
    "EntityMention",
    "Event",
    "Fact",
    "InputProblem",
    "Mention",
    "OriginGroup",
    "QuantityValue",
    "QuoteEntry",
    "QuoteVariant",
    "RawDocument",
    "RemovedLine",
    "Sentence",
    "SharedPassage",
    "StageTiming",
    "Statement",
    "Story",
    "StoryChange",
    "StoryRow",
    "SummaryItem",
    "TextIssue",
    "TimelineEntry",
    "_Record",
    "article_id_for",
    "normalise_text",
    "stable_id",
    "text_hash",
]
