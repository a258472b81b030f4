"""Records of one article: the raw document read, the cleaned article with its provenance,
its sentences and entity mentions, and what was wrong with an input."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from crosswire.records.base import _Record, text_hash

#: How an article's publication date was found. Anything but ``metadata``/``html`` is inferred.
DateSource = Literal["metadata", "html", "dateline", "text", "none"]


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
