"""Provenance from bare text, scored on PolNeAR (protocol in ../shared/evaldata/README.md).

The articles' texts are copied under neutral names (``doc000.txt`` …) into a temporary folder,
so neither date nor outlet can be read from a file name, and read through crosswire's own ingest
and extract path (``read_inputs`` → ``to_article``, as ``crosswire analyse`` reads ``.txt``
files). Each article is compared with ``data/metadata.tsv``:

- Date: right when the gold date starts with the predicted one (a partial ``YYYY-MM`` or
  ``YYYY`` counts when it is right as far as it goes). Precision = right / dated, coverage =
  dated / all, the number of wrong dates, and day-level coverage (full dates right / all).
- Wire: recall of the gold agency (AP, AFP, UPI, Reuters) among the article's ``outlet`` and
  ``credit`` fields, case-insensitive; false credits = articles whose gold has no wire (None,
  NA or empty) but whose outlet or credit names an agency.

Splits: ``train`` (840 articles) is the part rules are tuned on; ``dev`` (84) is only reported.
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from crosswire.extract.article import to_article
from crosswire.ingest.inputs import read_inputs
from crosswire.records import Article, InputProblem

SPLITS = ("train", "dev")
#: The agencies the gold ``wire`` column names, with the longer names an outlet field may use.
AGENCIES = {
    "ap": ("ap", "associated press", "the associated press"),
    "afp": ("afp", "agence france-presse", "agence france presse"),
    "upi": ("upi", "united press international"),
    "reuters": ("reuters", "thomson reuters"),
}
_NO_WIRE = {"", "none", "na"}


class CorpusMissing(FileNotFoundError):
    """The PolNeAR folder, its metadata.tsv or the texts of a split are missing."""


@dataclass(frozen=True)
class GoldArticle:
    name: str
    split: str
    text_path: Path
    date: str
    wire: str | None


@dataclass(frozen=True)
class Prediction:
    doc: str
    name: str
    split: str
    gold_date: str
    gold_wire: str | None
    published: str | None
    source: str
    evidence: str | None
    candidates: tuple[str, ...]
    outlet: str | None
    credit: str | None

    @property
    def date_right(self) -> bool:
        return self.published is not None and self.gold_date.startswith(self.published)

    @property
    def agencies(self) -> set[str]:
        return {agency for field in (self.outlet, self.credit) for agency in agencies_in(field)}


@dataclass(frozen=True)
class Score:
    predictions: tuple[Prediction, ...]

    @property
    def articles(self) -> int:
        return len(self.predictions)

    @property
    def dated(self) -> int:
        return sum(p.published is not None for p in self.predictions)

    @property
    def right(self) -> int:
        return sum(p.date_right for p in self.predictions)

    @property
    def wrong(self) -> int:
        return self.dated - self.right

    @property
    def right_days(self) -> int:
        return sum(p.date_right and len(p.published or "") == 10 for p in self.predictions)

    @property
    def date_precision(self) -> float:
        return self.right / self.dated if self.dated else 1.0

    @property
    def coverage(self) -> float:
        return self.dated / self.articles if self.articles else 0.0

    @property
    def day_coverage(self) -> float:
        return self.right_days / self.articles if self.articles else 0.0

    @property
    def one_minus_wrong_rate(self) -> float:
        """1 − wrong dates per article: a score that only goes up as wrong dates go down."""
        return 1 - self.wrong / self.articles if self.articles else 1.0

    @property
    def one_minus_false_credit_rate(self) -> float:
        """1 − false credits per article without a wire: only goes up as false credits go down."""
        unwired = self.articles - self.wired
        return 1 - self.false_credits / unwired if unwired else 1.0

    @property
    def wired(self) -> int:
        return sum(p.gold_wire is not None for p in self.predictions)

    @property
    def wire_found(self) -> int:
        return sum(p.gold_wire is not None and p.gold_wire in p.agencies for p in self.predictions)

    @property
    def wire_recall(self) -> float:
        return self.wire_found / self.wired if self.wired else 0.0

    @property
    def false_credits(self) -> int:
        return sum(p.gold_wire is None and bool(p.agencies) for p in self.predictions)


def agencies_in(field: str | None) -> set[str]:
    """The wire agencies a field names, as the gold column spells them (lower case)."""
    if not field:
        return set()
    value = field.casefold()
    return {
        agency
        for agency, names in AGENCIES.items()
        if any(re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", value) for name in names)
    }


def load_gold(directory: Path, splits: Iterable[str]) -> list[GoldArticle]:
    """The articles of ``splits`` that have a text file, in name order."""
    root = directory / "data" if (directory / "data").is_dir() else directory
    table = root / "metadata.tsv"
    if not table.is_file():
        raise CorpusMissing(
            f"{table} not found; pass the PolNeAR folder (holding data/metadata.tsv and "
            "data/<split>/text/), e.g. ../shared/evaldata/polnear"
        )
    wanted = tuple(splits)
    found = []
    with table.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            split = row.get("compartment", "")
            if split not in wanted:
                continue
            path = root / split / "text" / f"{row['filename']}.txt"
            if not path.is_file():
                continue
            wire = (row.get("wire") or "").strip()
            found.append(
                GoldArticle(
                    row["filename"],
                    split,
                    path,
                    row["publication_date"].strip(),
                    None if wire.casefold() in _NO_WIRE else wire.casefold(),
                )
            )
    if not found:
        raise CorpusMissing(
            f"no PolNeAR texts for splits {list(wanted)} under {root} "
            "(expected data/<split>/text/<filename>.txt for the rows of metadata.tsv)"
        )
    return sorted(found, key=lambda article: (article.split, article.name))


def read_articles(texts: Sequence[str]) -> list[Article | None]:
    """Each text read as a bare ``.txt`` file under a neutral name through ingest and extract."""
    by_doc: dict[str, Article | None] = {}
    with tempfile.TemporaryDirectory(prefix="crosswire-provenance-") as folder:
        names = [f"doc{index:03d}.txt" for index in range(len(texts))]
        for name, text in zip(names, texts):
            (Path(folder) / name).write_text(text, encoding="utf-8")
        for item in read_inputs([folder]):
            if isinstance(item, InputProblem):
                continue
            article, _ = to_article(item)
            by_doc[Path(item.source).name] = article
    return [by_doc.get(name) for name in names]


def evaluate(
    directory: Path, splits: Iterable[str] = ("dev",), predictions_path: Path | None = None
) -> Score:
    """Read the split's texts as bare text and score dates and wire credits."""
    gold = load_gold(Path(directory), splits)
    articles = read_articles([item.text_path.read_text(encoding="utf-8") for item in gold])
    predictions = []
    for index, (item, article) in enumerate(zip(gold, articles)):
        predictions.append(
            Prediction(
                doc=f"doc{index:03d}",
                name=item.name,
                split=item.split,
                gold_date=item.date,
                gold_wire=item.wire,
                published=article.published if article else None,
                source=article.published_source if article else "none",
                evidence=article.published_evidence if article else None,
                candidates=article.published_candidates if article else (),
                outlet=article.outlet if article else None,
                credit=article.credit if article else None,
            )
        )
    if predictions_path is not None:
        with predictions_path.open("w", encoding="utf-8") as handle:
            for prediction in predictions:
                row = {
                    "doc": prediction.doc,
                    "name": prediction.name,
                    "split": prediction.split,
                    "gold_date": prediction.gold_date,
                    "published": prediction.published,
                    "right": prediction.date_right if prediction.published else None,
                    "source": prediction.source,
                    "evidence": prediction.evidence,
                    "candidates": list(prediction.candidates),
                    "gold_wire": prediction.gold_wire,
                    "outlet": prediction.outlet,
                    "credit": prediction.credit,
                }
                handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    return Score(tuple(predictions))


def report(score: Score) -> str:
    """The figures as the CLI prints them, then the wrong dates with their evidence."""
    sources: dict[str, int] = {}
    for prediction in score.predictions:
        if prediction.published is not None:
            sources[prediction.source] = sources.get(prediction.source, 0) + 1
    lines = [
        f"articles {score.articles}",
        f"date precision {score.date_precision:.4f} ({score.right}/{score.dated} dated)  "
        f"coverage {score.coverage:.4f}  wrong dates {score.wrong}  "
        f"day-level coverage {score.day_coverage:.4f} ({score.right_days})",
        "dated by source: "
        + (", ".join(f"{name} {count}" for name, count in sorted(sources.items())) or "none"),
        f"abstained on disagreement: {sum(bool(p.candidates) for p in score.predictions)}",
        f"wire recall {score.wire_recall:.4f} ({score.wire_found}/{score.wired})  "
        f"false credits {score.false_credits}",
    ]
    for prediction in score.predictions:
        if prediction.published is not None and not prediction.date_right:
            lines.append(
                f"  wrong: {prediction.doc} {prediction.published} (gold {prediction.gold_date}, "
                f"{prediction.source}) {prediction.evidence or ''}"
            )
    return "\n".join(lines)
