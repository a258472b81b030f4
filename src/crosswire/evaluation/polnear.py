"""Quotes and attributions scored on PolNeAR (brat standoff: Source, Cue, Content spans).

Protocol (../shared/evaldata/README.md, our reading of it):

- Gold items are the ``Attribution`` and ``Attribution-no-source`` events with a content span;
  discontinuous spans (``a b;c d`` and ``Content2``) are kept as several pieces of one item.
- A gold item is ``direct`` when at least ``DIRECT_SHARE`` (0.8) of its content's non-space
  characters lie inside quotation marks, ``partial`` when some do, ``indirect`` when none do.
- A prediction matches a gold item when their character overlap is at least half the shorter of
  the two (gold length = the sum of its pieces). Recall of a gold kind counts items matched by a
  prediction of any kind; direct precision counts predicted ``direct`` items that match any gold
  item (a quote the annotators did not mark as attributed content counts as wrong).
- Speaker accuracy is measured on matched gold items that have a source: the matching prediction
  with the largest overlap is right when its source span overlaps the gold source.
- Several annotators: the 18 train+dev articles annotated by several people (agreement checks)
  are scored against one of them, the first annotator id in sorted order, so every article
  counts once.

Held-out discipline: the attribution rules are tuned on the ``train`` split only (the tuning
part, 840 articles); ``dev`` (84 articles) is the check part, scored but never read for errors.
The report gives both parts apart (``PARTS``), beside the total.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from crosswire.attribution.marks import find_quoted_spans
from crosswire.attribution.quotes import DIRECT_SHARE, Attribution, find_attributions
from crosswire.nlp.models import spacy_parser_pipeline

Span = tuple[int, int]
KINDS = ("direct", "partial", "indirect")
#: The part each split plays: rules are tuned on ``train`` and checked on ``dev``.
PARTS = {"train": "tuning part", "dev": "check part, never tuned on"}


class CorpusMissing(FileNotFoundError):
    """The PolNeAR folder is missing or holds no annotated articles for the asked splits."""


@dataclass(frozen=True)
class GoldItem:
    kind: str
    content: tuple[Span, ...]
    source: tuple[Span, ...]
    cue: tuple[Span, ...]


@dataclass(frozen=True)
class GoldDocument:
    name: str
    split: str
    annotator: str
    text: str
    items: tuple[GoldItem, ...]


@dataclass(frozen=True)
class Score:
    documents: int
    gold: dict[str, int]
    matched: dict[str, int]
    predicted: dict[str, int]
    correct: dict[str, int]
    speaker_checked: dict[str, int]
    speaker_right: dict[str, int]
    seconds: float = 0.0
    #: The same counts for each split scored (train, dev), when more than one was.
    parts: dict[str, Score] = field(default_factory=dict)

    def recall(self, kind: str) -> float:
        return self.matched[kind] / self.gold[kind] if self.gold[kind] else 0.0

    def precision(self, kind: str) -> float:
        return self.correct[kind] / self.predicted[kind] if self.predicted[kind] else 0.0

    def speaker_accuracy(self, kind: str = "direct") -> float:
        checked = (
            sum(self.speaker_checked.values()) if kind == "all" else self.speaker_checked[kind]
        )
        right = sum(self.speaker_right.values()) if kind == "all" else self.speaker_right[kind]
        return right / checked if checked else 0.0

    @property
    def articles_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


def _spans(field_text: str) -> list[Span]:
    return [tuple(int(n) for n in part.split()) for part in field_text.split(";")]  # type: ignore[misc]


def parse_standoff(annotation: str) -> list[dict[str, list[Span]]]:
    """Attribution events of one ``.ann`` file as {"Source"|"Cue"|"Content": spans}."""
    textbounds: dict[str, list[Span]] = {}
    events = []
    for line in annotation.splitlines():
        bound = re.match(r"^(T\d+)\t(\S+) ([\d ;]+)\t", line)
        if bound:
            textbounds[bound.group(1)] = _spans(bound.group(3))
            continue
        event = re.match(r"^E\d+\t(Attribution(?:-no-source)?):\S+(.*)$", line)
        if event:
            events.append(event.group(2).split())
    items = []
    for arguments in events:
        roles: dict[str, list[Span]] = {"Source": [], "Cue": [], "Content": []}
        for argument in arguments:
            role, _, ref = argument.partition(":")
            role = re.sub(r"\d+$", "", role)
            if role in roles and ref in textbounds:
                roles[role].extend(textbounds[ref])
        if roles["Content"]:
            items.append({role: sorted(spans) for role, spans in roles.items()})
    return items


def quoted_mask(text: str, quoted: Sequence[Span]) -> bytearray:
    """1 for every character strictly inside quotation marks (the marks themselves excluded)."""
    mask = bytearray(len(text))
    for start, end in quoted:
        mask[start + 1 : max(start + 1, end - 1)] = b"\x01" * max(0, end - start - 2)
    return mask


def gold_kind(text: str, content: Sequence[Span], mask: bytearray) -> str:
    """direct / partial / indirect by the share of the content's characters inside quotes."""
    total = inside = 0
    for start, end in content:
        for position in range(start, min(end, len(text))):
            if not text[position].isspace():
                total += 1
                inside += mask[position]
    if not total or not inside:
        return "indirect"
    return "direct" if inside / total >= DIRECT_SHARE else "partial"


def _data_root(directory: Path) -> Path:
    directory = Path(directory)
    return directory / "data" if (directory / "data").is_dir() else directory


def load_documents(
    directory: Path,
    splits: Iterable[str] = ("train", "dev"),
    limit: int | None = None,
    every: int = 1,
) -> list[GoldDocument]:
    """Annotated articles of ``splits`` in name order; every ``every``-th one, at most ``limit``."""
    root = _data_root(directory)
    documents = []
    for split in splits:
        folder = root / split
        chosen: dict[str, Path] = {}
        for path in sorted((folder / "attributions").glob("*.ann")):
            name, _, _annotator = path.stem.rpartition("_")
            chosen.setdefault(name, path)
        for name, path in sorted(chosen.items()):
            text_path = folder / "text" / f"{name}.txt"
            if not text_path.exists():
                continue
            text = text_path.read_text(encoding="utf-8")
            mask = quoted_mask(text, [(q.start, q.end) for q in find_quoted_spans(text)])
            items = tuple(
                GoldItem(
                    gold_kind(text, item["Content"], mask),
                    tuple(item["Content"]),
                    tuple(item["Source"]),
                    tuple(item["Cue"]),
                )
                for item in parse_standoff(path.read_text(encoding="utf-8"))
            )
            documents.append(GoldDocument(name, split, path.stem.rpartition("_")[2], text, items))
    documents = documents[:: max(1, every)]
    if limit is not None:
        documents = documents[:limit]
    if not documents:
        raise CorpusMissing(
            f"no PolNeAR articles for splits {list(splits)} under {root} "
            "(expected data/<split>/text/*.txt and attributions/*.ann); see "
            "../shared/evaldata/README.md"
        )
    return documents


def overlap(first: Sequence[Span], second: Sequence[Span]) -> int:
    return sum(max(0, min(b, d) - max(a, c)) for a, b in first for c, d in second)


def matches(predicted: Span, gold: Sequence[Span]) -> bool:
    """Overlap of at least half the shorter span (the gold length is the sum of its pieces)."""
    shorter = min(predicted[1] - predicted[0], sum(end - start for start, end in gold))
    return shorter > 0 and overlap([predicted], gold) * 2 >= shorter


def score_document(document: GoldDocument, predictions: Sequence[Attribution]) -> dict:
    """Counts for one article (summed over articles by ``score``)."""
    counts = {
        name: dict.fromkeys(KINDS, 0)
        for name in ("gold", "matched", "predicted", "correct", "speaker_checked", "speaker_right")
    }
    for item in document.items:
        counts["gold"][item.kind] += 1
        hits = [p for p in predictions if matches((p.content_start, p.content_end), item.content)]
        if not hits:
            continue
        counts["matched"][item.kind] += 1
        if not item.source:
            continue
        best = max(hits, key=lambda p: overlap([(p.content_start, p.content_end)], item.content))
        counts["speaker_checked"][item.kind] += 1
        if (
            best.source_start is not None
            and best.source_end is not None
            and overlap([(best.source_start, best.source_end)], item.source) > 0
        ):
            counts["speaker_right"][item.kind] += 1
    for prediction in predictions:
        counts["predicted"][prediction.kind] += 1
        span = (prediction.content_start, prediction.content_end)
        if any(matches(span, item.content) for item in document.items):
            counts["correct"][prediction.kind] += 1
    return counts


def score(
    documents: Sequence[GoldDocument],
    predictions: Sequence[Sequence[Attribution]],
    seconds: float = 0.0,
) -> Score:
    totals = {
        name: dict.fromkeys(KINDS, 0)
        for name in ("gold", "matched", "predicted", "correct", "speaker_checked", "speaker_right")
    }
    for document, predicted in zip(documents, predictions, strict=True):
        for name, by_kind in score_document(document, predicted).items():
            for kind, count in by_kind.items():
                totals[name][kind] += count
    splits = sorted({document.split for document in documents}, key=_split_order)
    parts: dict[str, Score] = {}
    if len(splits) > 1:
        for split in splits:
            chosen = [i for i, document in enumerate(documents) if document.split == split]
            parts[split] = score([documents[i] for i in chosen], [predictions[i] for i in chosen])
    return Score(len(documents), seconds=seconds, parts=parts, **totals)


def _split_order(split: str) -> tuple[int, str]:
    order = list(PARTS)
    return (order.index(split) if split in order else len(order), split)


def predict(
    documents: Sequence[GoldDocument], nlp=None, batch_size: int = 16
) -> tuple[list[list[Attribution]], float]:
    """Our attributions for every article, and the seconds spent (parsing included)."""
    if nlp is None:
        nlp = spacy_parser_pipeline()
    started = time.perf_counter()
    texts = (document.text for document in documents)
    found = [find_attributions(doc.text, doc) for doc in nlp.pipe(texts, batch_size=batch_size)]
    return found, time.perf_counter() - started


def write_predictions(
    path: Path, documents: Sequence[GoldDocument], predictions: Sequence[Sequence[Attribution]]
) -> None:
    """JSON Lines, one attribution per line: {doc, kind, content_start, content_end,
    source_start, source_end, cue_start, cue_end, cue, speaker_text}."""
    keys = (
        "kind",
        "content_start",
        "content_end",
        "source_start",
        "source_end",
        "cue_start",
        "cue_end",
        "cue",
        "speaker_text",
    )
    with Path(path).open("w", encoding="utf-8") as handle:
        for document, predicted in zip(documents, predictions, strict=True):
            for attribution in predicted:
                row = {"doc": document.name} | {k: getattr(attribution, k) for k in keys}
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def evaluate(
    directory: Path,
    splits: Iterable[str] = ("train", "dev"),
    limit: int | None = None,
    every: int = 1,
    predictions_path: Path | None = None,
) -> Score:
    """Load, predict, score; optionally write the predictions as JSON Lines."""
    documents = load_documents(directory, tuple(splits), limit, every)
    predictions, seconds = predict(documents)
    if predictions_path is not None:
        write_predictions(predictions_path, documents, predictions)
    return score(documents, predictions, seconds)


def report(score: Score) -> str:
    """The scores as the CLI prints them: a small table, then speakers overall and speed; then
    the same for each split apart (the tuning part and the check part), when several were
    scored."""
    lines = [
        f"articles {score.documents}  ({score.articles_per_second:.2f} articles/s, parsing "
        "included)",
        *_table(score),
    ]
    for split, part in score.parts.items():
        role = PARTS.get(split, "not a fixed part")
        lines += ["", f"{split} ({role}): articles {part.documents}", *_table(part)]
    return "\n".join(lines)


def _table(score: Score) -> list[str]:
    lines = ["kind        gold  recall  predicted  precision  speaker accuracy (items)"]
    for kind in KINDS:
        lines.append(
            f"{kind:<9} {score.gold[kind]:>6}  {score.recall(kind):.4f}  "
            f"{score.predicted[kind]:>9}  {score.precision(kind):>9.4f}  "
            f"{score.speaker_accuracy(kind):.4f} ({score.speaker_checked[kind]})"
        )
    lines.append(f"speaker accuracy over all matched items {score.speaker_accuracy('all'):.4f}")
    return lines
