"""What the human-readable renderers (HTML, Markdown) show, computed once for both."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from crosswire.model import Article, Briefing


@dataclass(frozen=True)
class OutletRow:
    outlet: str
    articles: tuple[Article, ...]


def outlet_name(article: Article) -> str:
    return article.outlet or "unknown outlet"


def date_label(article: Article) -> str:
    """"2026-05-18", "2026-05-21 (inferred from dateline)" or "no date"."""
    if not article.published:
        return "no date"
    if article.date_inferred:
        return f"{article.published} (inferred from {article.published_source})"
    return article.published


def by_outlet(briefing: Briefing) -> tuple[OutletRow, ...]:
    """Articles grouped by outlet (alphabetical), each group in date order."""
    groups: dict[str, list[Article]] = defaultdict(list)
    for article in briefing.articles:
        groups[outlet_name(article)].append(article)
    return tuple(OutletRow(name, tuple(groups[name])) for name in sorted(groups, key=str.lower))


def summary_counts(briefing: Briefing) -> dict[str, int]:
    return {
        "articles": len(briefing.articles),
        "outlets": len({outlet_name(a) for a in briefing.articles}),
        "independent origins": len(briefing.origins),
        "duplicate groups": len(briefing.duplicates),
        "shared passages": len(briefing.passages),
        "inputs not used": sum(1 for p in briefing.problems if p.severity != "warning"),
    }


def article_index(briefing: Briefing) -> dict[str, Article]:
    return {a.id: a for a in briefing.articles}
