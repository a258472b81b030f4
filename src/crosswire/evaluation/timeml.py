"""Temporal expressions on TimeBank (TimeML): the system finds and resolves expressions itself.

Protocol (../shared/evaldata/README.md): a document's text is its TEXT element with all tags
removed (``"".join(text.itertext())``), offsets index that string, and its DCT is the
publication date. A gold TIMEX3 of type DATE is correct when a predicted expression overlaps its
span and has the same value string. Reported overall, by kind of gold value, and as detection
precision and recall against the gold DATE spans.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from crosswire.temporal.expressions import TemporalExpression, find_temporal_expressions

KINDS = (
    "calendar day",
    "month",
    "year",
    "week",
    "season/quarter",
    "PRESENT/PAST/FUTURE_REF",
    "underspecified",
    "other",
)


class TimeBankMissing(FileNotFoundError):
    """The TimeBank folder is missing or holds no .tml files."""


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    published: dt.date
    timexes: tuple[GoldTimex, ...]

    @property
    def dates(self) -> tuple[GoldTimex, ...]:
        return tuple(t for t in self.timexes if t.type == "DATE")


@dataclass(frozen=True)
class KindScore:
    kind: str
    gold: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.gold if self.gold else 0.0


@dataclass(frozen=True)
class Score:
    """Value accuracy on gold DATE expressions and detection precision/recall."""

    documents: int
    gold: int
    correct: int
    detected: int
    predicted: int
    predicted_on_date: int
    predicted_on_timex: int
    by_kind: tuple[KindScore, ...] = field(default=())

    @property
    def accuracy(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def recall(self) -> float:
        return self.detected / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.predicted_on_date / self.predicted if self.predicted else 0.0

    @property
    def precision_any_timex(self) -> float:
        return self.predicted_on_timex / self.predicted if self.predicted else 0.0


def gold_kind(value: str) -> str:
    """The kind of a gold value, read off its shape."""
    if value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
        return "PRESENT/PAST/FUTURE_REF"
    if "X" in value:
        return "underspecified"
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return "calendar day"
    if re.fullmatch(r"\d{4}-\d\d", value):
        return "month"
    if re.fullmatch(r"\d{4}", value):
        return "year"
    if re.fullmatch(r"\d{4}-W\d\d(-WE)?", value):
        return "week"
    if re.fullmatch(r"\d{4}-(SP|SU|FA|WI|Q\d|H\d)", value):
        return "season/quarter"
    return "other"


def _timexes(text_element: ET.Element) -> tuple[str, list[GoldTimex]]:
    """The element's plain text and its TIMEX3 spans as offsets into it."""
    pieces: list[str] = []
    found: list[GoldTimex] = []

    def walk(element: ET.Element) -> None:
        if element.text:
            pieces.append(element.text)
        for child in element:
            start = sum(map(len, pieces))
            walk(child)
            if child.tag == "TIMEX3":
                end = sum(map(len, pieces))
                found.append(
                    GoldTimex(
                        start,
                        end,
                        "".join(child.itertext()),
                        child.get("type", ""),
                        child.get("value", ""),
                    )
                )
            if child.tail:
                pieces.append(child.tail)

    walk(text_element)
    text = "".join(pieces)
    assert text == "".join(text_element.itertext())
    return text, found


def load_document(path: Path) -> Document:
    root = ET.parse(path).getroot()
    dct = root.find("DCT/TIMEX3")
    text_element = root.find("TEXT")
    if dct is None or text_element is None:
        raise ValueError(f"{path}: no DCT or TEXT element; is this a TimeML file?")
    text, timexes = _timexes(text_element)
    return Document(
        path.stem, text, dt.date.fromisoformat(dct.get("value", "")[:10]), tuple(timexes)
    )


def load_corpus(directory: Path, limit: int | None = None) -> list[Document]:
    paths = sorted(Path(directory).glob("*.tml"))
    if not paths:
        raise TimeBankMissing(
            f"{directory} holds no .tml files; expected a TimeBank folder such "
            "as ../shared/evaldata/tbaq/TimeBank (see "
            "../shared/evaldata/README.md)"
        )
    return [load_document(p) for p in paths[:limit]]


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def score_document(
    doc: Document, predicted: list[TemporalExpression]
) -> tuple[Counter, Counter, dict[str, int]]:
    """Per-kind gold and correct counts and the detection counts for one document."""
    gold_by_kind: Counter[str] = Counter()
    correct_by_kind: Counter[str] = Counter()
    counts = {"detected": 0, "on_date": 0, "on_timex": 0}
    for gold in doc.dates:
        overlapping = [p for p in predicted if _overlaps(p.start, p.end, gold.start, gold.end)]
        kind = gold_kind(gold.value)
        gold_by_kind[kind] += 1
        counts["detected"] += bool(overlapping)
        correct_by_kind[kind] += any(p.value == gold.value for p in overlapping)
    for p in predicted:
        counts["on_date"] += any(_overlaps(p.start, p.end, g.start, g.end) for g in doc.dates)
        counts["on_timex"] += any(_overlaps(p.start, p.end, g.start, g.end) for g in doc.timexes)
    return gold_by_kind, correct_by_kind, counts


Resolver = Callable[[str, dt.date], list[TemporalExpression]]


def crosswire_resolver(text: str, published: dt.date) -> list[TemporalExpression]:
    return find_temporal_expressions(text, published)


def score(
    documents: list[Document], resolver: Resolver = crosswire_resolver
) -> tuple[Score, list[dict]]:
    gold_by_kind: Counter[str] = Counter()
    correct_by_kind: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    rows: list[dict] = []
    for doc in documents:
        predicted = resolver(doc.text, doc.published)
        gold, correct, counts = score_document(doc, predicted)
        gold_by_kind.update(gold)
        correct_by_kind.update(correct)
        totals.update(counts)
        totals["predicted"] += len(predicted)
        rows.extend(
            {
                "doc": doc.name,
                "start": p.start,
                "end": p.end,
                "text": p.text,
                "value": p.value,
                "granularity": p.granularity,
                "ambiguous": p.ambiguous,
            }
            for p in predicted
        )
    by_kind = tuple(
        KindScore(k, gold_by_kind[k], correct_by_kind[k]) for k in KINDS if gold_by_kind[k]
    )
    result = Score(
        len(documents),
        sum(gold_by_kind.values()),
        sum(correct_by_kind.values()),
        totals["detected"],
        totals["predicted"],
        totals["on_date"],
        totals["on_timex"],
        by_kind,
    )
    return result, rows


def evaluate(
    directory: Path, predictions_path: Path | None = None, limit: int | None = None
) -> Score:
    """Score crosswire on a TimeBank folder; optionally write predictions as JSONL."""
    result, rows = score(load_corpus(Path(directory), limit))
    if predictions_path is not None:
        with open(predictions_path, "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    return result
