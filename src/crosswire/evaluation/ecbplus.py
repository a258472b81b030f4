"""Story clustering on ECB+: documents clustered with no topic given, scored by BCubed against
gold stories (topic + half: each topic holds two different events of the same kind)."""

from __future__ import annotations

import json
import re
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


class CorpusMissing(FileNotFoundError):
    """The ECB+ folder is missing or holds no documents."""


@dataclass(frozen=True)
class EcbDocument:
    name: str  # e.g. 3_1ecbplus.xml
    topic: str
    half: str  # "ecb" or "ecbplus"
    text: str

    @property
    def gold_story(self) -> str:
        return f"{self.topic}_{self.half}"


def document_text(path: Path) -> str:
    """Tokens joined with spaces within a sentence; one sentence per line."""
    sentences: dict[int, list[str]] = defaultdict(list)
    for token in ET.parse(path).getroot().iter("token"):
        sentences[int(token.get("sentence", "0"))].append(token.text or "")
    return "\n".join(" ".join(words) for _, words in sorted(sentences.items()))


def load_corpus(directory: Path, topics: set[str] | None = None) -> list[EcbDocument]:
    """Every ``<topic>_<n>ecb[plus].xml`` below ``directory`` (optionally only some topics)."""
    directory = Path(directory)
    paths = sorted(directory.rglob("*.xml"))
    documents = []
    for path in paths:
        match = re.fullmatch(r"(\d+)_\d+(ecb|ecbplus)\.xml", path.name)
        if not match or (topics is not None and match.group(1) not in topics):
            continue
        documents.append(
            EcbDocument(path.name, match.group(1), match.group(2), document_text(path))
        )
    if not documents:
        raise CorpusMissing(
            f"no ECB+ documents (<topic>_<n>ecb.xml / ecbplus.xml) under {directory}; "
            "see ../shared/evaldata/README.md"
        )
    return documents


@dataclass(frozen=True)
class BCubed:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> BCubed:
    """BCubed precision and recall of a clustering (item → cluster label) against gold labels."""
    by_predicted: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item, label in predicted.items():
        by_predicted[label].add(item)
    for item, label in gold.items():
        by_gold[label].add(item)
    precision = recall = 0.0
    for item in gold:
        ours, theirs = by_predicted[predicted[item]], by_gold[gold[item]]
        shared = len(ours & theirs)
        precision += shared / len(ours)
        recall += shared / len(theirs)
    return BCubed(precision / len(gold), recall / len(gold))


@dataclass(frozen=True)
class Placement:
    """Where one text went: its article (None when the pipeline could not use it) and that
    article's story (None when it is in none)."""

    article_id: str | None
    story_id: str | None


def cluster_texts(texts: list[str], db: str) -> list[Placement]:
    """Run the real pipeline up to the stories over ``texts`` (bare text records, one JSON Lines
    record each, without titles or dates beyond what the text holds) in the workspace ``db``;
    one placement per text, in order."""
    # deferred: the workspace imports every stage (0.5 s); bench/clustering.py uses only bcubed
    from crosswire.workspace import Workspace

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "texts.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            for text in texts:
                handle.write(json.dumps({"text": text}) + "\n")
        # Only the stories are scored: the stages after clustering would not change them.
        with Workspace(db) as workspace:
            briefing = workspace.add([str(path)], until="cluster")
    story_of = {a: s.id for s in briefing.stories for a in s.article_ids}
    line_to_article = {
        source.rsplit(":", 1)[1]: article.id
        for article in briefing.articles
        for source in dict(briefing.sources).get(article.id, (article.source,))
    }
    placements = []
    for number in range(1, len(texts) + 1):
        article_id = line_to_article.get(str(number))
        placements.append(Placement(article_id, story_of.get(article_id) if article_id else None))
    return placements


def predict(documents: list[EcbDocument], db: str) -> dict[str, str]:
    """Doc name → story id through the real pipeline (``cluster_texts``). A document the
    pipeline cannot use (too short) is a story of its own."""
    placements = cluster_texts([d.text for d in documents], db)
    return {d.name: p.story_id or f"unclustered:{d.name}" for d, p in zip(documents, placements)}


def evaluate(
    directory: Path, predictions_path: Path | None = None, db: str | None = None
) -> tuple[BCubed, int]:
    documents = load_corpus(directory)
    if db is None:
        with tempfile.TemporaryDirectory() as folder:
            predicted = predict(documents, str(Path(folder) / "ecbplus.db"))
    else:
        predicted = predict(documents, db)
    gold = {d.name: d.gold_story for d in documents}
    if predictions_path is not None:
        with open(predictions_path, "w", encoding="utf-8") as handle:
            for document in documents:
                handle.write(
                    json.dumps({"doc": document.name, "story": predicted[document.name]}) + "\n"
                )
    return bcubed(predicted, gold), len(documents)
