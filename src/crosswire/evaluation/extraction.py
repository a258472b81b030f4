"""Main-text extraction on the article-extraction-benchmark format.

Score per page: precision and recall of 4-word shingles of ``\\w+`` tokens (multiset overlap,
case kept); precision and recall averaged over pages; F1 from the two averages.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from crosswire.extract.article import extract_html
from crosswire.extract.clean import clean_text
from crosswire.text.tokens import words


class BenchmarkMissing(FileNotFoundError):
    """The benchmark folder is missing or incomplete."""


@dataclass(frozen=True)
class Score:
    pages: int
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def shingles(text: str, size: int = 4) -> Counter:
    tokens = words(text, lower=False)
    return Counter(tuple(tokens[i : i + size]) for i in range(max(0, len(tokens) - size + 1)))


def page_scores(predicted: str, truth: str) -> tuple[float, float]:
    """(precision, recall) of one page. An empty prediction has precision 0 unless truth is
    empty."""
    ours, gold = shingles(predicted), shingles(truth)
    overlap = sum((ours & gold).values())
    precision = overlap / sum(ours.values()) if ours else (1.0 if not gold else 0.0)
    recall = overlap / sum(gold.values()) if gold else (1.0 if not ours else 0.0)
    return precision, recall


def load_benchmark(directory: Path) -> dict[str, dict]:
    truth_file = directory / "ground-truth.json"
    if not truth_file.exists() or not (directory / "html").is_dir():
        raise BenchmarkMissing(
            f"{directory} is not an article-extraction-benchmark folder "
            "(expected ground-truth.json and html/); see "
            "../shared/evaldata/README.md"
        )
    return json.loads(truth_file.read_text(encoding="utf-8"))


def read_page(directory: Path, page_id: str) -> str:
    with gzip.open(directory / "html" / f"{page_id}.html.gz", "rb") as handle:
        return handle.read().decode("utf-8", errors="replace")


def crosswire_extract(html: str, url: str | None) -> str:
    """Our extraction: trafilatura (precision mode) then our furniture cleaning."""
    extracted = extract_html(html, url)
    if extracted is None:
        return ""
    cleaned, _, _ = clean_text(extracted.text)
    return cleaned


def score(
    directory: Path, extractor: Callable[[str, str | None], str]
) -> tuple[Score, dict[str, dict]]:
    truth = load_benchmark(directory)
    predictions: dict[str, dict] = {}
    precisions, recalls = [], []
    for page_id in sorted(truth):
        expected = truth[page_id]
        body = extractor(read_page(directory, page_id), expected.get("url"))
        predictions[page_id] = {"articleBody": body, "url": expected.get("url")}
        precision, recall = page_scores(body, expected.get("articleBody") or "")
        precisions.append(precision)
        recalls.append(recall)
    count = len(precisions)
    return Score(count, sum(precisions) / count, sum(recalls) / count), predictions


def evaluate(directory: Path, predictions_path: Path | None = None) -> Score:
    result, predictions = score(Path(directory), crosswire_extract)
    if predictions_path is not None:
        predictions_path.write_text(
            json.dumps(predictions, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
        )
    return result
