"""Temporal expressions on TimeML documents: the system finds and resolves expressions itself.

Protocol (../shared/evaldata/README.md): a document's text is its TEXT element with all tags
removed (``"".join(text.itertext())``), offsets index that string, and its DCT is the
publication date. A gold TIMEX3 of type DATE is correct when a predicted expression overlaps its
span and has the same value string (strict), or the same value once both sides follow the same
annotation conventions (lenient: trailing ``-XX`` dropped, week numbers zero-padded, a
part-of-day suffix dropped). Reported overall, by kind of gold value, and as detection precision
and recall against the gold DATE spans.

Held-out discipline: every document belongs to a fixed part, ``tuning`` or ``check``, by a hash
of its name (``split_of``); rules are tuned on the tuning part only and the check part is read
only to classify errors. The SemEval-2015 Task 4 TimeML files (Wikinews) load with the same
protocol, except that their sentences are ``<s>`` elements with no whitespace between them, so a
newline is put after each one (otherwise "…2005</s><s>On…" reads as "2005On").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
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


PARTS = ("tuning", "check")
_CHECK_EVERY = 3  # one document in three (by hash) is in the check part: 67 of TimeBank's 183


class TimeBankMissing(FileNotFoundError):
    """The TimeBank folder is missing or holds no .tml files."""


def split_of(name: str) -> str:
    """The fixed part a document belongs to, from a hash of its name (never from its content)."""
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()
    return "check" if int(digest[:8], 16) % _CHECK_EVERY == 0 else "tuning"


_PART_OF_DAY = re.compile(r"T(MO|MI|AF|EV|NI|DT)$")
_WEEK = re.compile(r"-W(\d)(?=$|-)")


def lenient(value: str) -> str:
    """``value`` under the evaldata README's equalised conventions (both sides get this).

    "1968-XX" = "1968", "2000-W7" = "2000-W07", "2000-01-05TEV" = "2000-01-05".
    """
    value = _PART_OF_DAY.sub("", value)
    while value.endswith("-XX"):
        value = value[:-3]
    return _WEEK.sub(r"-W0\1", value)


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
    #: ``<s>`` sentence elements as (id, start, end) offsets into ``text`` (SemEval files only).
    sentences: tuple[tuple[str, int, int], ...] = ()

    @property
    def dates(self) -> tuple[GoldTimex, ...]:
        return tuple(t for t in self.timexes if t.type == "DATE")


@dataclass(frozen=True)
class KindScore:
    kind: str
    gold: int
    correct: int
    correct_lenient: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def lenient_accuracy(self) -> float:
        return self.correct_lenient / self.gold if self.gold else 0.0


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
    correct_lenient: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def lenient_accuracy(self) -> float:
        return self.correct_lenient / self.gold if self.gold else 0.0

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


def _timexes(
    text_element: ET.Element,
) -> tuple[str, list[GoldTimex], list[tuple[str, int, int]]]:
    """The element's plain text and its TIMEX3 spans as offsets into it.

    The text is ``itertext()`` joined, with a newline after each ``<s>`` sentence element (the
    SemEval files' sentences touch; TimeBank has none, so its text is exactly ``itertext()``).
    """
    pieces: list[str] = []
    found: list[GoldTimex] = []
    sentences: list[tuple[str, int, int]] = []

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
            if child.tag == "s":
                sentences.append((child.get("id", ""), start, sum(map(len, pieces))))
                pieces.append("\n")
            if child.tail:
                pieces.append(child.tail)

    walk(text_element)
    text = "".join(pieces)
    if text_element.find(".//s") is None:
        assert text == "".join(text_element.itertext())
    return text, found, sentences


def load_document(path: Path) -> Document:
    root = ET.parse(path).getroot()
    dct = root.find("DCT/TIMEX3")
    text_element = root.find("TEXT")
    if dct is None or text_element is None:
        raise ValueError(f"{path}: no DCT or TEXT element; is this a TimeML file?")
    text, timexes, sentences = _timexes(text_element)
    published = dt.date.fromisoformat(dct.get("value", "")[:10])
    return Document(path.stem, text, published, tuple(timexes), tuple(sentences))


def _document_key(path: Path) -> str:
    """The document a file holds: its leading Wikinews id if it has one, else its name."""
    number = re.match(r"\d+(?=[-_])", path.stem)
    return number.group() if number else path.stem


def _sentence_count(path: Path) -> int:
    return sum(1 for _ in ET.parse(path).getroot().iter("s"))


def corpus_paths(directory: Path) -> list[Path]:
    """The .tml files of a folder, or, if it holds none directly, of its subfolders.

    The SemEval-2015 Task 4 folder keeps the same document in several subfolders (trial and
    trial-with-timelines, track A and track B), once under two names, and the trial copies
    differ: the plain one drops the title sentence (all 30 of them). A document is loaded
    once, from the copy with the most sentences, the first in sorted order on a tie.
    """
    paths = sorted(Path(directory).glob("*.tml"))
    if paths:
        return paths
    chosen: dict[str, tuple[int, Path]] = {}
    for path in sorted(Path(directory).rglob("*.tml")):
        sentences = _sentence_count(path)
        key = _document_key(path)
        if key not in chosen or sentences > chosen[key][0]:
            chosen[key] = (sentences, path)
    return sorted(path for _, path in chosen.values())


def load_corpus(directory: Path, limit: int | None = None) -> list[Document]:
    paths = corpus_paths(Path(directory))
    if not paths:
        raise TimeBankMissing(
            f"{directory} holds no .tml files; expected a TimeBank folder such "
            "as ../shared/evaldata/tbaq/TimeBank or the SemEval-2015 Task 4 folder "
            "../shared/evaldata/semeval2015-task4-timeline (see "
            "../shared/evaldata/README.md)"
        )
    return [load_document(p) for p in paths[:limit]]


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


@dataclass
class _Tally:
    """Running counts for one part of a corpus."""

    documents: int = 0
    gold: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    lenient: Counter[str] = field(default_factory=Counter)
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, doc: Document, predicted: list[TemporalExpression]) -> None:
        self.documents += 1
        self.counts["predicted"] += len(predicted)
        for gold in doc.dates:
            overlapping = [p for p in predicted if _overlaps(p.start, p.end, gold.start, gold.end)]
            kind = gold_kind(gold.value)
            self.gold[kind] += 1
            self.counts["detected"] += bool(overlapping)
            self.correct[kind] += any(p.value == gold.value for p in overlapping)
            self.lenient[kind] += any(lenient(p.value) == lenient(gold.value) for p in overlapping)
        for p in predicted:
            self.counts["on_date"] += any(
                _overlaps(p.start, p.end, g.start, g.end) for g in doc.dates
            )
            self.counts["on_timex"] += any(
                _overlaps(p.start, p.end, g.start, g.end) for g in doc.timexes
            )

    def score(self) -> Score:
        by_kind = tuple(
            KindScore(k, self.gold[k], self.correct[k], self.lenient[k])
            for k in KINDS
            if self.gold[k]
        )
        return Score(
            self.documents,
            sum(self.gold.values()),
            sum(self.correct.values()),
            self.counts["detected"],
            self.counts["predicted"],
            self.counts["on_date"],
            self.counts["on_timex"],
            by_kind,
            sum(self.lenient.values()),
        )


@dataclass(frozen=True)
class AnchorScore:
    """Proxy on the SemEval-2015 Task 4 gold timelines, whose TimeML has no in-text TIMEX3.

    Each timeline entry dates an event mention (document, sentence, token). An anchor is a
    distinct (document, sentence, date) whose date is not the DCT; it is matched when an
    expression we find in that sentence has that date (lenient). The anchor often comes from
    another sentence or from reasoning, so a miss is not always our error: ``in_sentence``
    counts the anchors whose sentence holds any expression of ours.
    """

    anchors: int
    matched: int
    in_sentence: int

    @property
    def agreement(self) -> float:
        return self.matched / self.anchors if self.anchors else 0.0

    @property
    def agreement_in_sentence(self) -> float:
        return self.matched / self.in_sentence if self.in_sentence else 0.0


@dataclass(frozen=True)
class Report:
    """Scores on the whole corpus and on each fixed part (``tuning``, ``check``)."""

    all: Score
    parts: dict[str, Score]
    anchors: AnchorScore | None = None


_MENTION = re.compile(r"(\d+)-(\d+)-")


def timeline_anchors(directory: Path, documents: list[Document]) -> set[tuple[str, str, str]]:
    """(document, sentence id, lenient date) of every dated entry in the gold timelines found
    under ``directory`` (``TimeLines*/**/*.txt``: ordinal, date, then mentions
    ``docid-sentence-token``), for the documents given, leaving out dates equal to the DCT."""
    by_id = {m.group(): d for d in documents if (m := re.match(r"\d+", d.name))}
    anchors: set[tuple[str, str, str]] = set()
    for path in sorted(Path(directory).rglob("*.txt")):
        if not any(part.startswith("TimeLines") for part in path.parts):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) < 3 or not re.match(r"\d{4}", fields[1]):
                continue
            value = lenient(fields[1])
            for mention in fields[2:]:
                m = _MENTION.match(mention)
                doc = by_id.get(m.group(1)) if m else None
                if doc is not None and m and value != doc.published.isoformat():
                    anchors.add((doc.name, m.group(2), value))
    return anchors


def anchor_agreement(
    documents: list[Document], anchors: set[tuple[str, str, str]], rows: list[dict]
) -> AnchorScore:
    """How many timeline anchors an expression we found in the same sentence agrees with."""
    spans = {(d.name, sid): (start, end) for d in documents for sid, start, end in d.sentences}
    values: dict[tuple[str, str], set[str]] = {}
    for doc in documents:
        found = [r for r in rows if r["doc"] == doc.name]
        for sid, start, end in doc.sentences:
            values[(doc.name, sid)] = {
                lenient(r["value"]) for r in found if start <= r["start"] < end
            }
    matched = in_sentence = 0
    for name, sid, value in anchors:
        if (name, sid) not in spans:
            continue
        in_sentence += bool(values[(name, sid)])
        matched += value in values[(name, sid)]
    return AnchorScore(len(anchors), matched, in_sentence)


Resolver = Callable[[str, dt.date], list[TemporalExpression]]


def crosswire_resolver(text: str, published: dt.date) -> list[TemporalExpression]:
    return find_temporal_expressions(text, published)


def score(
    documents: list[Document], resolver: Resolver = crosswire_resolver
) -> tuple[Report, list[dict]]:
    whole = _Tally()
    parts = {part: _Tally() for part in PARTS}
    rows: list[dict] = []
    for doc in documents:
        predicted = resolver(doc.text, doc.published)
        whole.add(doc, predicted)
        parts[split_of(doc.name)].add(doc, predicted)
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
    return Report(whole.score(), {part: t.score() for part, t in parts.items()}), rows


def evaluate(
    directory: Path, predictions_path: Path | None = None, limit: int | None = None
) -> Report:
    """Score crosswire on a TimeML folder; optionally write predictions as JSONL."""
    documents = load_corpus(Path(directory), limit)
    report, rows = score(documents)
    anchors = timeline_anchors(Path(directory), documents)
    if anchors:
        report = dataclasses.replace(report, anchors=anchor_agreement(documents, anchors, rows))
    if predictions_path is not None:
        with open(predictions_path, "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    return report
