"""Extraction benchmark: crosswire against plain trafilatura, in one run, on the same pages.

Systems, each scored with the protocol of ``../shared/evaldata/README.md`` (4-word shingles of
``\\w+`` tokens, precision and recall averaged over pages, F1 from the averages) by the scorer in
``crosswire.evaluation.extraction``:

    trafilatura            ``trafilatura.extract(html, url=url)``, library defaults
    trafilatura precision  the same with ``favor_precision=True``
    crosswire              ``crosswire_extract``: the pipeline's own path (extract_html, then
                           clean_text)

Pages are read and decompressed before timing, so pages/s measures extraction only. The pages
where crosswire loses most F1 against the better trafilatura configuration are listed, to show
where the next improvement is.

    .venv/bin/python bench/extraction.py [--dump DIR]
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from _common import evaldata_path, markdown_table, text_table, write_result

BENCHMARK = "article-extraction-benchmark"
WORST_PAGES = 10


@dataclass
class SystemRun:
    """One system's predictions, per-page scores and timing over the benchmark pages."""

    name: str
    predictions: dict[str, str]
    page_scores: dict[str, tuple[float, float]]
    seconds: float

    @property
    def precision(self) -> float:
        return sum(p for p, _ in self.page_scores.values()) / len(self.page_scores)

    @property
    def recall(self) -> float:
        return sum(r for _, r in self.page_scores.values()) / len(self.page_scores)

    @property
    def f1(self) -> float:
        return harmonic(self.precision, self.recall)

    @property
    def pages_per_second(self) -> float:
        return len(self.page_scores) / self.seconds if self.seconds else float("inf")


def harmonic(precision: float, recall: float) -> float:
    """F1 of one precision/recall pair (0 when both are 0)."""
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def trafilatura_default(html: str, url: str | None) -> str:
    """Plain trafilatura with its defaults: the baseline the issue asks us to beat."""
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def trafilatura_precision(html: str, url: str | None) -> str:
    """trafilatura in precision mode, the stronger of its two presets on this benchmark."""
    import trafilatura

    return trafilatura.extract(html, url=url, favor_precision=True) or ""


def run_system(
    name: str,
    extractor: Callable[[str, str | None], str],
    pages: dict[str, tuple[str, str | None, str]],
) -> SystemRun:
    """Extract every page (timed), then score each prediction against its gold text (untimed)."""
    from crosswire.evaluation.extraction import page_scores

    predictions: dict[str, str] = {}
    started = time.perf_counter()
    for page_id, (html, url, _) in pages.items():
        predictions[page_id] = extractor(html, url)
    seconds = time.perf_counter() - started
    scores = {
        page_id: page_scores(predictions[page_id], gold) for page_id, (_, _, gold) in pages.items()
    }
    return SystemRun(name, predictions, scores, seconds)


def load_pages(directory: Path) -> dict[str, tuple[str, str | None, str]]:
    """page id → (html, url, gold article body), all read before any timing starts."""
    from crosswire.evaluation.extraction import load_benchmark, read_page

    truth = load_benchmark(directory)
    return {
        page_id: (
            read_page(directory, page_id),
            truth[page_id].get("url"),
            truth[page_id].get("articleBody") or "",
        )
        for page_id in sorted(truth)
    }


def worst_pages(ours: SystemRun, reference: SystemRun, count: int) -> list[tuple]:
    """The ``count`` pages where ``ours`` does worst against ``reference`` (lowest per-page F1
    difference, then lowest own F1; when no page loses, these are where it gains least)."""
    rows = []
    for page_id, (p, r) in ours.page_scores.items():
        ref_p, ref_r = reference.page_scores[page_id]
        rows.append((harmonic(p, r) - harmonic(ref_p, ref_r), page_id, p, r, ref_p, ref_r))
    # Ties (often Δ = 0, the same text) go to the pages where ours scores lowest.
    rows.sort(key=lambda row: (round(row[0], 6), harmonic(row[2], row[3])))
    return rows[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dump", type=Path, help="write each system's predictions as JSON here")
    args = parser.parse_args()

    directory = evaldata_path(BENCHMARK)
    import trafilatura

    from crosswire.evaluation.extraction import crosswire_extract

    warnings.filterwarnings("ignore")
    pages = load_pages(directory)
    # One untimed call each, so imports and lazily built caches are not charged to the first page.
    first_html, first_url, _ = next(iter(pages.values()))
    for extractor in (trafilatura_default, trafilatura_precision, crosswire_extract):
        extractor(first_html, first_url)

    runs = [
        run_system("trafilatura (defaults)", trafilatura_default, pages),
        run_system("trafilatura favor_precision", trafilatura_precision, pages),
        run_system("crosswire", crosswire_extract, pages),
    ]
    default, precision, ours = runs
    better = max(default, precision, key=lambda run: run.f1)

    header = ["system", "precision", "recall", "F1", "pages/s", "F1 Δ crosswire vs this"]
    rows = [
        [
            run.name,
            f"{run.precision:.4f}",
            f"{run.recall:.4f}",
            f"{run.f1:.4f}",
            f"{run.pages_per_second:.1f}",
            "—" if run is ours else f"{ours.f1 - run.f1:+.4f}",
        ]
        for run in runs
    ]
    worst = worst_pages(ours, better, WORST_PAGES)
    worst_header = [
        "page id",
        "crosswire P",
        "crosswire R",
        f"{better.name} P",
        f"{better.name} R",
        "F1 Δ",
    ]
    worst_rows = [
        [page_id, f"{p:.3f}", f"{r:.3f}", f"{bp:.3f}", f"{br:.3f}", f"{delta:+.3f}"]
        for delta, page_id, p, r, bp, br in worst
    ]

    print(
        f"{len(pages)} pages of ../shared/evaldata/{BENCHMARK}, "
        f"trafilatura {trafilatura.__version__}\n"
    )
    print(text_table(header, rows))
    print(
        f"\nThe {WORST_PAGES} pages where crosswire loses most F1 vs {better.name} "
        f"(Δ ≥ 0: no loss):"
    )
    print(text_table(worst_header, worst_rows) if worst_rows else "(none)")

    floor = int(ours.f1 * 1000) / 1000
    body = (
        f"{len(pages)} pages of `../shared/evaldata/{BENCHMARK}`; trafilatura "
        f"{trafilatura.__version__}. Scoring: 4-word shingles of `\\w+` tokens, precision and "
        "recall averaged over pages, F1 from the averages "
        "(`crosswire.evaluation.extraction`). pages/s counts extraction only (HTML already "
        "read); crosswire also extracts metadata (title, date, author) on every page.\n\n"
        + markdown_table(header, rows)
        + f"\n\ncrosswire F1 rounded down to 3 decimals (a floor to pin): **{floor:.3f}**\n\n"
        f"## The {WORST_PAGES} pages where crosswire loses most F1 vs {better.name}\n\n"
        "Per-page F1 difference, lowest first; Δ ≥ 0 means crosswire does not lose there.\n\n"
        + (markdown_table(worst_header, worst_rows) if worst_rows else "(none)")
        + "\n"
    )
    path = write_result("extraction", "Extraction benchmark", body)
    print(f"\nwrote {path}")

    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
        for run in runs:
            name = run.name.split()[0] + ("-precision" if "precision" in run.name else "")
            (args.dump / f"{name}.json").write_text(
                json.dumps(run.predictions, ensure_ascii=False, indent=1), encoding="utf-8"
            )


if __name__ == "__main__":
    main()
