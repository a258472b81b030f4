"""Per-text state the resolver needs: the publication date, sentence starts and the dates
mentioned so far (anchors for "a year earlier", "the quarter", "that year", "the following day").

One ``Discourse`` lives for one call of ``find_temporal_expressions``; nothing is kept between
calls.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from crosswire.temporal.calendar import granularity_of
from crosswire.temporal.tense import Tense, is_sentence_period, tense_near

# How far back an anaphoric "a year earlier" looks for the date it is counted from: its own
# sentence and the two before (tuned on TimeBank; a wider window picked up unrelated dates).
ANCHOR_SENTENCES = 2
_SENTENCE_END = re.compile(r"[!?]|\n\s*\n|\.(?=['\"`’”]*\s)")


@dataclass(frozen=True)
class Reading:
    """What one matched expression means: its value and how sure the resolver is."""

    value: str
    kind: str
    ambiguous: bool = False
    candidates: tuple[str, ...] = ()
    note: str = ""
    granularity: str | None = None
    anchorable: bool = True


@dataclass(frozen=True)
class Anchor:
    """A date already resolved in the text, which later anaphoric expressions may count from."""

    start: int
    text: str
    value: str

    @property
    def granularity(self) -> str:
        return granularity_of(self.value)


def sentence_starts(text: str) -> list[int]:
    starts = [0]
    for match in _SENTENCE_END.finditer(text):
        if match.group() == "." and not is_sentence_period(text, match.start()):
            continue
        starts.append(match.end())
    return starts


@dataclass
class Discourse:
    """The text being read, its publication date and the anchors met so far."""

    text: str
    published: dt.date | None
    published_inferred: bool = False
    anchors: list[Anchor] = field(default_factory=list)
    #: Offsets where sentences start; found from the text unless given (``fresh`` shares them).
    #: Never empty once found: the first sentence starts at 0.
    starts: list[int] = field(default_factory=list)
    tenses: dict[tuple[int, int], Tense] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.starts:
            self.starts = sentence_starts(self.text)

    def fresh(self) -> Discourse:
        """The same text with no anchors yet; shares the sentence starts and tenses found."""
        return dataclasses.replace(self, anchors=[])

    def sentence_index(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def tense(self, start: int, end: int) -> Tense:
        key = (start, end)
        if key not in self.tenses:
            self.tenses[key] = tense_near(self.text, start, end)
        return self.tenses[key]

    def remember(self, start: int, text: str, reading: Reading) -> None:
        if reading.anchorable and reading.value[:4].isdigit() and "X" not in reading.value:
            self.anchors.append(Anchor(start, text, reading.value))

    def near_anchor(
        self, offset: int, granularities: tuple[str, ...], sentences: int = ANCHOR_SENTENCES
    ) -> Anchor | None:
        """The latest anchor of one of these granularities in this or the previous sentences."""
        first_sentence = self.sentence_index(offset) - sentences
        for anchor in reversed(self.anchors):
            if anchor.start >= offset:
                continue
            if self.sentence_index(anchor.start) < first_sentence:
                return None
            if anchor.granularity in granularities:
                return anchor
        return None

    def latest_anchor(self, offset: int, granularities: tuple[str, ...]) -> Anchor | None:
        """The latest anchor of one of these granularities anywhere before ``offset``."""
        for anchor in reversed(self.anchors):
            if anchor.start < offset and anchor.granularity in granularities:
                return anchor
        return None

    def anchor_year(self, offset: int) -> tuple[int, str]:
        """The year of the latest date named before ``offset``, else the publication year."""
        for anchor in reversed(self.anchors):
            if anchor.start < offset:
                return int(anchor.value[:4]), f"counted from '{anchor.text}'"
        if self.published is None:
            raise ValueError("no publication date and no earlier date in the text to count from")
        return self.published.year, "no earlier date in the text: counted from publication"
