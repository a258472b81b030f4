"""Story clustering on scraped text: every Multi-News validation document in one pile of bare
text (no titles, no dates, furniture and all), clustered by the real pipeline with no event given,
scored by BCubed against the events (one CSV row = one event).

The 250 events are split once into a tuning half and a check half by a hash of the event's first
document (``half_of``): thresholds are tuned on the tuning half only, and the check half is the
figure that counts. Both halves are clustered together, as one pile, and a document's BCubed
precision counts every article of its predicted story, whichever half it came from.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from crosswire.evaluation.ecbplus import BCubed, cluster_texts
from crosswire.evaluation.multinews import SampleMissing, load_clusters

__all__ = [
    "HALVES",
    "PileDocument",
    "PileScore",
    "SampleMissing",
    "evaluate",
    "half_of",
    "load_pile",
]

HALVES = ("tune", "check")


def half_of(first_document: str) -> str:
    """``tune`` or ``check`` for an event, from a hash of its first document's text (fixed, and
    independent of the row order of the file)."""
    return HALVES[hashlib.sha256(first_document.encode("utf-8")).digest()[0] % 2]


@dataclass(frozen=True)
class PileDocument:
    event: int  # the CSV row
    number: int  # the document's place in its event's list
    half: str
    text: str

    @property
    def name(self) -> str:
        return f"{self.event}-{self.number}"


def load_pile(path: Path, every: int = 1) -> list[PileDocument]:
    """Every non-empty document of every ``every``-th event (by row) of the Multi-News CSV."""
    documents: list[PileDocument] = []
    for cluster in load_clusters(path):
        if cluster.index % every or not cluster.documents:
            continue
        half = half_of(cluster.documents[0])
        documents.extend(
            PileDocument(cluster.index, number, half, text)
            for number, text in enumerate(cluster.documents)
        )
    return documents


def bcubed_over(
    predicted: Mapping[str, str], gold: Mapping[str, str], items: Iterable[str]
) -> BCubed:
    """BCubed precision and recall averaged over ``items`` only, with whole clusters: an item's
    predicted cluster counts all its members, from whichever part of the data."""
    by_predicted: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item, label in predicted.items():
        by_predicted[label].add(item)
    for item, label in gold.items():
        by_gold[label].add(item)
    chosen = list(items)
    precision = recall = 0.0
    for item in chosen:
        ours, theirs = by_predicted[predicted[item]], by_gold[gold[item]]
        shared = len(ours & theirs)
        precision += shared / len(ours)
        recall += shared / len(theirs)
    count = max(len(chosen), 1)
    return BCubed(precision / count, recall / count)


@dataclass(frozen=True)
class PileScore:
    """BCubed on each half (the check half counts), on the whole pile, and the sizes."""

    halves: dict[str, BCubed]
    whole: BCubed
    documents: dict[str, int]
    events: dict[str, int]
    stories: int


def score(documents: list[PileDocument], predicted: Mapping[str, str]) -> PileScore:
    """BCubed of a placement (document name → story) against the events, per half and whole."""
    gold = {d.name: str(d.event) for d in documents}
    halves = {
        half: bcubed_over(predicted, gold, [d.name for d in documents if d.half == half])
        for half in HALVES
    }
    return PileScore(
        halves=halves,
        whole=bcubed_over(predicted, gold, gold),
        documents={h: sum(d.half == h for d in documents) for h in HALVES},
        events={h: len({d.event for d in documents if d.half == h}) for h in HALVES},
        stories=len(set(predicted.values())),
    )


def evaluate(
    path: Path, predictions_path: Path | None = None, db: str | None = None, every: int = 1
) -> PileScore:
    """Cluster the pile (every ``every``-th event) and score it; ``predictions_path`` gets one
    JSON Lines record per document: event, document number, half, article id and story id."""
    documents = load_pile(path, every)
    texts = [d.text for d in documents]
    if db is None:
        with tempfile.TemporaryDirectory() as folder:
            placements = cluster_texts(texts, str(Path(folder) / "pile.db"))
    else:
        placements = cluster_texts(texts, db)
    # A text the pipeline could not use is a story of its own.
    predicted = {
        d.name: p.story_id or f"unclustered:{number}"
        for number, (d, p) in enumerate(zip(documents, placements), start=1)
    }
    if predictions_path is not None:
        with open(predictions_path, "w", encoding="utf-8") as handle:
            for document, placement in zip(documents, placements):
                record = {
                    "event": document.event,
                    "doc": document.number,
                    "half": document.half,
                    "article": placement.article_id,
                    "story": predicted[document.name],
                }
                handle.write(json.dumps(record) + "\n")
    return score(documents, predicted)
