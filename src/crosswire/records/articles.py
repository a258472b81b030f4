"""Records of one article: the raw document read, the cleaned article with its provenance,
its sentences and entity mentions, and what was wrong with an input."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, NamedTuple

from crosswire.records.base import _Record, text_hash

#: Where a publication date came from. Given: ``metadata`` (the input's own field) and ``html``
#: (the page's markup). Read from the text: ``stamp`` (the article dating itself: "Published
#: Monday, Nov. 19, 2018", "Updated …"), ``dateline``, ``caption`` (a photo caption's date),
#: ``text`` (inferred from the dates the text mentions); ``story`` (borrowed from a dated article
#: of the same story reporting the same event). ``none``: not known, or the evidence disagreed.
DateSource = Literal["metadata", "html", "stamp", "dateline", "caption", "text", "story", "none"]
#: Where an article's title came from: the input's field, the headline line of bare text, the
#: page's markup, or its first sentence compressed.
TitleSource = Literal["metadata", "text", "html", "lead"]
#: Date sources that are read from the input as given, not inferred by crosswire.
GIVEN_DATE_SOURCES = ("metadata", "html")


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
    title_source: TitleSource = "metadata"
    #: The publisher. ``outlet_source`` says where it was read: metadata, html, url, dateline,
    #: text (a promo, a signature, a copyright line) or none; ``outlet_evidence`` the words.
    outlet: str | None = None
    outlet_source: str = "none"
    outlet_evidence: str | None = None
    #: The wire agency credited with the report (AP, Reuters …), kept apart from the publisher
    #: that ran it; ``credit_source`` and ``credit_evidence`` as for the outlet.
    credit: str | None = None
    credit_source: str = "none"
    credit_evidence: str | None = None
    url: str | None = None
    author: str | None = None
    #: ``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` when only that much is known.
    published: str | None = None
    published_source: DateSource = "none"
    #: The words the date was read from, when it was inferred (a dateline, a caption).
    published_evidence: str | None = None
    #: The dates the evidence pointed to when it disagreed and no date was kept.
    published_candidates: tuple[str, ...] = ()
    language: str = "en"
    language_note: str | None = None
    removed: tuple[RemovedLine, ...] = ()
    issues: tuple[TextIssue, ...] = ()

    @property
    def date_inferred(self) -> bool:
        """Whether crosswire inferred the date rather than reading it from the input."""
        return self.published is not None and self.published_source not in GIVEN_DATE_SOURCES

    @property
    def published_day(self) -> dt.date | None:
        """The publication day, when the full date is known (None for a partial date)."""
        return day_of(self.published)


def day_of(value: str | None) -> dt.date | None:
    """A ``YYYY-MM-DD`` string as a date; None for None or a partial date (``YYYY-MM``)."""
    if value is None or len(value) != 10:
        return None
    return dt.date.fromisoformat(value)


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


class KnownInput(NamedTuple):
    """What the workspace remembers of an input it has read: the hash of its content and the
    article it gave (None when it gave none)."""

    content_hash: str
    article_id: str | None


class SearchHit(NamedTuple):
    """One article matching a full-text search, with the matching words bracketed."""

    article_id: str
    title: str
    snippet: str
