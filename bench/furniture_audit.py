"""Furniture audit: what each cleaning rule removes, and how often that was real article text.

Furniture rules must be conservative: a real news sentence must never go. This script runs the
pipeline's extraction path (``extract_html`` + ``clean_text``) on the extraction benchmark and
checks every removed line against the gold article body: a line is "gold text" when most of its
4-word shingles (or, for a line under four words, the line itself) occur in the gold body. It
also runs ``clean_text`` over the Multi-News sample articles (plain text, no gold) and lists what
each rule removed there, for a human to read.

    .venv/bin/python bench/furniture_audit.py [--show N]
"""

from __future__ import annotations

import argparse
import ast
import csv
import sys
import warnings
from collections import defaultdict

from _common import EVALDATA, markdown_table, text_table, write_result

MULTINEWS = "multinews-sample/sample_validation.csv"


def is_gold_text(line: str, gold: str, gold_shingles: set) -> bool:
    """Whether a removed line was part of the gold article body."""
    from crosswire.evaluation.extraction import shingles
    from crosswire.text.tokens import words

    ours = shingles(line)
    if ours:
        return sum(1 for s in ours if s in gold_shingles) / len(ours) > 0.5
    line_words = words(line, lower=False)
    gold_lines = {" ".join(words(g, lower=False)) for g in gold.split("\n")}
    return bool(line_words) and " ".join(line_words) in gold_lines


def audit_benchmark() -> dict[str, list[tuple[str, bool]]]:
    """rule → [(removed line, was gold text)] over the extraction benchmark."""
    from crosswire.evaluation.extraction import load_benchmark, read_page, shingles
    from crosswire.extract.article import extract_html
    from crosswire.extract.clean import clean_text

    directory = EVALDATA / "article-extraction-benchmark"
    truth = load_benchmark(directory)
    by_rule: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for page_id in sorted(truth):
        gold = truth[page_id].get("articleBody") or ""
        extracted = extract_html(read_page(directory, page_id), truth[page_id].get("url"))
        if extracted is None:
            continue
        _, removed, _ = clean_text(extracted.text)
        gold_shingles = set(shingles(gold))
        for line in removed:
            by_rule[line.reason].append((line.text, is_gold_text(line.text, gold, gold_shingles)))
    return by_rule


def multinews_articles() -> list[str]:
    """The sample's articles, one string each."""
    csv.field_size_limit(sys.maxsize)
    with open(EVALDATA / MULTINEWS, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [doc for row in rows for doc in ast.literal_eval(row["documents"])]


def audit_multinews() -> dict[str, list[str]]:
    """rule → removed lines over the Multi-News sample articles."""
    from crosswire.extract.clean import clean_text

    by_rule: dict[str, list[str]] = defaultdict(list)
    for article in multinews_articles():
        for line in clean_text(article)[1]:
            by_rule[line.reason].append(line.text)
    return by_rule


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=4, help="example lines shown per rule")
    args = parser.parse_args()
    if not (EVALDATA / "article-extraction-benchmark").exists():
        print("skipped: ../shared/evaldata/article-extraction-benchmark not found")
        return
    warnings.filterwarnings("ignore")
    bench = audit_benchmark()
    news = audit_multinews() if (EVALDATA / MULTINEWS).exists() else {}

    header = ["rule", "removed (benchmark)", "of which gold text", "removed (Multi-News)"]
    rows = [
        [
            rule,
            str(len(bench.get(rule, []))),
            str(sum(g for _, g in bench.get(rule, []))),
            str(len(news.get(rule, []))),
        ]
        for rule in sorted(set(bench) | set(news))
    ]
    print(text_table(header, rows))
    lines = ["\n## Removed lines that were gold text (benchmark)\n"]
    lines += [
        f"- {rule}: {text[:160]!r}"
        for rule, items in sorted(bench.items())
        for text, gold in items
        if gold
    ] or ["(none)"]
    lines.append("\n## Examples removed from Multi-News articles\n")
    for rule, items in sorted(news.items()):
        lines += [f"- {rule}: {text[:160]!r}" for text in items[: args.show]]
    print("\n".join(lines))
    body = (
        "Every line `clean_text` removed, by rule: on the 120 benchmark pages (after "
        "`extract_html`, checked against the gold body) and on the 690 Multi-News sample "
        "articles (no gold; examples listed for reading).\n\n"
        + markdown_table(header, rows)
        + "\n"
        + "\n".join(lines)
    )
    print(f"\nwrote {write_result('furniture_audit', 'Furniture audit', body)}")


if __name__ == "__main__":
    main()
