"""Records of the cross-source analysis of a story: statements with their quantities and
dates, facts, conflicts, the timeline, the quote ledger, coverage and the summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from crosswire.records.base import _Record

#: How a ledger variant's wording matches the entry's.
QuoteMatch = Literal["exact", "partial", "paraphrase"]
#: What kind of attribution a ledger entry is.
QuoteKind = Literal["direct", "partial", "indirect"]
#: The kinds of conflict the analysis reports.
ConflictKind = Literal["numeric", "date", "claim_denial", "attribution", "estimate"]


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
    type: ConflictKind
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
    match: QuoteMatch
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
    kind: QuoteKind
    variants: tuple[QuoteVariant, ...]


@dataclass(frozen=True)
class OnlyStatement(_Record):
    """A statement no other independent origin states: shown as "only in OUTLET". Outlets that
    print it word for word as copies of the same report are named in ``copied_by``."""

    statement_id: str
    copied_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class CoverageRow(_Record):
    """One outlet's coverage of a story: what it reported, alone or with others, and what it left
    out that at least two other independent origins reported."""

    outlet: str
    fact_ids: tuple[str, ...]
    only_here: tuple[str, ...]
    left_out: tuple[str, ...]
    #: Statements only this outlet printed and no other origin states (ids, in article order):
    #: the outlet's own claims, shown as "only in OUTLET".
    only_statements: tuple[OnlyStatement, ...] = ()


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
