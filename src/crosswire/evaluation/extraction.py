"""Main-text extraction on the article-extraction-benchmark format.

Score per page: precision and recall of 4-word shingles of ``\\w+`` tokens (multiset overlap,
case kept); precision and recall averaged over pages; F1 from the two averages.

The 120 pages are split once, by a hash of the page id, into a tuning half (69 pages) and a check
half (51 pages). Rules and thresholds of the extraction are tuned on the tuning half only; the
check half is the figure that says whether they generalise. Published extractors' outputs shipped
with the benchmark (``output/<name>.json``) are scored on the same pages beside ours.
"""

from __future__ import annotations

import gzip
import hashlib
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


#: Published outputs scored beside ours: plain trafilatura (Python) and its Go port.
REFERENCE_SYSTEMS = ("trafilatura", "go_trafilatura")
PARTS = ("all", "tuning", "check")


def page_part(page_id: str) -> str:
    """The fixed half a benchmark page belongs to: "tuning" when the SHA-256 of its id is even,
    "check" otherwise (stable across runs, machines and Python versions)."""
    return "tuning" if int(hashlib.sha256(page_id.encode()).hexdigest(), 16) % 2 == 0 else "check"


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


def average(per_page: dict[str, tuple[float, float]], page_ids: list[str]) -> Score:
    """Precision and recall averaged over ``page_ids``."""
    count = len(page_ids)
    if not count:
        return Score(0, 0.0, 0.0)
    precision = sum(per_page[page_id][0] for page_id in page_ids) / count
    recall = sum(per_page[page_id][1] for page_id in page_ids) / count
    return Score(count, precision, recall)


def part_scores(per_page: dict[str, tuple[float, float]]) -> dict[str, Score]:
    """Scores on all pages and on each fixed half."""
    ordered = sorted(per_page)
    return {
        part: average(per_page, [p for p in ordered if part == "all" or page_part(p) == part])
        for part in PARTS
    }


def score_bodies(truth: dict[str, dict], bodies: dict[str, str]) -> dict[str, tuple[float, float]]:
    """(precision, recall) per page of predicted bodies; a page with no prediction scores as
    empty."""
    return {
        page_id: page_scores(bodies.get(page_id) or "", truth[page_id].get("articleBody") or "")
        for page_id in sorted(truth)
    }


def score(
    directory: Path, extractor: Callable[[str, str | None], str]
) -> tuple[Score, dict[str, dict]]:
    truth = load_benchmark(directory)
    bodies = {
        page_id: extractor(read_page(directory, page_id), truth[page_id].get("url"))
        for page_id in sorted(truth)
    }
    predictions: dict[str, dict] = {
        page_id: {"articleBody": body, "url": truth[page_id].get("url")}
        for page_id, body in bodies.items()
    }
    per_page = score_bodies(truth, bodies)
    return average(per_page, sorted(per_page)), predictions


def reference_bodies(directory: Path, name: str) -> dict[str, str] | None:
    """A published extractor's output shipped with the benchmark (``output/<name>.json``, bare or
    wrapped as ``{"version", "output"}``), as page id → body; None when the file is absent."""
    path = directory / "output" / f"{name}.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and set(data) == {"version", "output"}:
        data = data["output"]
    return {page_id: (item or {}).get("articleBody") or "" for page_id, item in data.items()}


def compare(directory: Path, predictions_path: Path | None = None) -> dict[str, dict[str, Score]]:
    """Ours and the published reference outputs on the same pages: system → part → Score, with
    parts "all", "tuning" and "check". A reference whose output file is absent is left out."""
    directory = Path(directory)
    truth = load_benchmark(directory)
    _, predictions = score(directory, crosswire_extract)
    if predictions_path is not None:
        predictions_path.write_text(
            json.dumps(predictions, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
        )
    bodies = {"crosswire": {p: v["articleBody"] for p, v in predictions.items()}}
    for name in REFERENCE_SYSTEMS:
        found = reference_bodies(directory, name)
        if found is not None:
            bodies[name] = found
    return {name: part_scores(score_bodies(truth, found)) for name, found in bodies.items()}


def evaluate(directory: Path, predictions_path: Path | None = None) -> Score:
    """Our score on all pages (the figure the quality floor pins)."""
    result, predictions = score(Path(directory), crosswire_extract)
    if predictions_path is not None:
        predictions_path.write_text(
            json.dumps(predictions, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
        )
    return result
