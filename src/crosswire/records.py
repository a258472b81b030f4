"""The records that pass between stages: frozen dataclasses with ``to_dict``/``from_dict``.

Every derived record keeps its provenance (article ids, character spans). Ids are stable: an
article's id is a hash of its normalised text, so re-ingesting the same text is a no-op.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

#: How an article's publication date was found. Anything but ``metadata``/``html`` is inferred.
DateSource = Literal["metadata", "html", "dateline", "text", "none"]
DuplicateKind = Literal["exact", "near", "rewrite"]


class _Record:
    """Shared ``to_dict``/``from_dict`` for the frozen dataclasses below."""

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        kwargs = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name not in data:
                continue
            kwargs[f.name] = _revive(f.type, data[f.name])
        return cls(**kwargs)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


_NESTED: dict[str, type] = {}


def _revive(type_name: Any, value: Any) -> Any:
    """Rebuild nested records from plain values; the field types are strings (PEP 563)."""
    name = str(type_name)
    for record_name, record_cls in _NESTED.items():
        if f"tuple[{record_name}, ...]" in name:
            return tuple(record_cls.from_dict(v) for v in value)
        if name == record_name or name == f"{record_name} | None":
            return None if value is None else record_cls.from_dict(value)
    if name.startswith("tuple[") and isinstance(value, list):
        return tuple(tuple(v) if isinstance(v, list) else v for v in value)
    return value


def normalise_text(text: str) -> str:
    """Unicode NFC, unified quotes and dashes, collapsed whitespace: the text an id is made from."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def stable_id(prefix: str, *parts: str, length: int = 16) -> str:
    """A short, deterministic id: ``prefix`` + hex of sha256 over the parts."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:length]}"


def text_hash(text: str) -> str:
    """The key a sentence's embedding is cached under: a hash of its normalised text."""
    return stable_id("", normalise_text(text), length=32)


def article_id_for(text: str) -> str:
    """An article's id: a hash of its normalised text, so the same text always has the same id."""
    return stable_id("a", normalise_text(text))


@dataclass(frozen=True)
class RawDocument(_Record):
    """One input as it arrived: where it came from, its format, and its content."""

    source: str
    format: Literal["text", "html", "record"]
    content: str
    #: Fields given explicitly by the input (headers of a text file, keys of a JSON record).
    fields: tuple[tuple[str, str], ...] = ()

    def field(self, name: str) -> str | None:
        for key, value in self.fields:
            if key == name:
                return value
        return None


@dataclass(frozen=True)
class InputProblem(_Record):
    """An input that was skipped or failed, with a reason that says what to do."""

    source: str
    reason: str
    severity: Literal["skipped", "failed", "warning"] = "skipped"


@dataclass(frozen=True)
class RemovedLine(_Record):
    """A line taken out of an article's text, and the rule that took it out."""

    text: str
    reason: str


@dataclass(frozen=True)
class TextIssue(_Record):
    """Something noticed in the text but left in place (a doubled word, a repeated paragraph)."""

    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Article(_Record):
    """A cleaned article with its metadata and the audit of what cleaning did."""

    id: str
    source: str
    title: str
    text: str
    original_text: str
    outlet: str | None = None
    outlet_source: str = "none"
    url: str | None = None
    author: str | None = None
    published: str | None = None
    published_source: DateSource = "none"
    #: The words the date was read from, when it was inferred (a dateline, a caption).
    published_evidence: str | None = None
    language: str = "en"
    language_note: str | None = None
    removed: tuple[RemovedLine, ...] = ()
    issues: tuple[TextIssue, ...] = ()

    @property
    def date_inferred(self) -> bool:
        return self.published_source in ("dateline", "text")


@dataclass(frozen=True)
class Sentence(_Record):
    """One sentence of one article, with its character span in the article's cleaned text."""

    article_id: str
    index: int
    start: int
    end: int
    text: str

    @property
    def text_hash(self) -> str:
        return text_hash(self.text)


@dataclass(frozen=True)
class Mention(_Record):
    """A named-entity mention found by spaCy, with its span in the article text."""

    article_id: str
    start: int
    end: int
    text: str
    label: str


@dataclass(frozen=True)
class DuplicateGroup(_Record):
    """Articles (or sources of one article) that are copies, near-copies or rewrites of each other."""

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


@dataclass(frozen=True)
class QuantityValue(_Record):
    """A normalised quantity in a statement (see ``crosswire.analysis.quantities``)."""

    kind: str
    value: float
    unit: str
    text: str
    about: str
    approximate: bool = False
    relative: bool = False


@dataclass(frozen=True)
class DateValue(_Record):
    """A temporal expression of a statement, resolved against its article's date."""

    text: str
    value: str
    granularity: str
    ambiguous: bool
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Statement(_Record):
    """What one sentence says: its entities, quantities, dates, polarity and who asserts it.

    ``stance`` is how it is put: ``reports`` (the outlet's own voice), ``asserts`` (a source
    says it), ``claims`` (a source claims it, hedged), ``denies`` (a source or the text says it
    is false or has not happened)."""

    id: str
    article_id: str
    sentence_index: int
    start: int
    end: int
    text: str
    entity_ids: tuple[str, ...] = ()
    quantities: tuple[QuantityValue, ...] = ()
    dates: tuple[DateValue, ...] = ()
    polarity: Literal["positive", "negative"] = "positive"
    stance: Literal["reports", "asserts", "claims", "denies"] = "reports"
    attributed_to: str | None = None
    attributed_entity_id: str | None = None


@dataclass(frozen=True)
class Fact(_Record):
    """Statements that say the same thing across articles; support counted by origins."""

    id: str
    story_id: str
    text: str
    statement_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...]
    origin_ids: tuple[str, ...]
    #: For a figure reported across articles ("$375m" = "$375 million"): the normalised amount,
    #: e.g. "money 375000000 USD"; None for a fact grouped by meaning.
    quantity: str | None = None

    @property
    def independent_origins(self) -> int:
        return len(self.origin_ids)


@dataclass(frozen=True)
class ConflictSide(_Record):
    text: str
    statement_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...]
    attributed_to: tuple[str, ...]
    value: str | None = None


@dataclass(frozen=True)
class Conflict(_Record):
    """Statements that disagree: ``numeric``, ``date``, ``claim_denial``, ``attribution``, or
    ``estimate`` (differing figures credited to different sources: shown, not a contradiction)."""

    id: str
    story_id: str
    type: Literal["numeric", "date", "claim_denial", "attribution", "estimate"]
    about: str
    sides: tuple[ConflictSide, ...]


@dataclass(frozen=True)
class TimelineEntry(_Record):
    """Something that happened at a resolved date, merged across outlets, citing its sentences."""

    id: str
    story_id: str
    date: str
    granularity: str
    text: str
    article_ids: tuple[str, ...]
    statement_ids: tuple[str, ...]
    expressions: tuple[str, ...]
    ambiguous: bool
    candidates: tuple[str, ...] = ()
    #: Some article's own date was inferred (dateline, text), so this date is less certain.
    date_inferred: bool = False


@dataclass(frozen=True)
class QuoteVariant(_Record):
    article_id: str
    text: str
    match: Literal["exact", "partial", "paraphrase"]
    kind: str
    cue: str
    start: int
    end: int
    speaker_text: str | None = None


@dataclass(frozen=True)
class QuoteEntry(_Record):
    """One quote or attribution in the ledger, with each outlet's wording as a variant."""

    id: str
    story_id: str
    speaker_entity_id: str | None
    speaker: str | None
    text: str
    cue: str
    kind: Literal["direct", "partial", "indirect"]
    variants: tuple[QuoteVariant, ...]


@dataclass(frozen=True)
class CoverageRow(_Record):
    """One outlet's coverage of a story: what it reported, alone or with others, and what it left
    out that at least two other independent origins reported."""

    outlet: str
    fact_ids: tuple[str, ...]
    only_here: tuple[str, ...]
    left_out: tuple[str, ...]


@dataclass(frozen=True)
class Coverage(_Record):
    story_id: str
    #: The facts in the outlet × fact matrix: those reported by two or more independent origins.
    matrix_fact_ids: tuple[str, ...]
    rows: tuple[CoverageRow, ...]


@dataclass(frozen=True)
class SummaryItem(_Record):
    """A summary sentence and the articles that carry it (or a close paraphrase)."""

    story_id: str
    text: str
    article_ids: tuple[str, ...]
    independent_origins: int


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


for _cls in (
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
    _NESTED[_cls.__name__] = _cls
