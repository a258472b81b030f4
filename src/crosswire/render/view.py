"""What the human-readable renderers (HTML, Markdown, terminal) show, computed once for all."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from crosswire.model import (Article, Briefing, DuplicateGroup, Entity, SharedPassage,
                             Story)

#: Entities listed per story in the human-readable outputs (all of them are in the JSON).
ENTITIES_PER_STORY = 30


@dataclass(frozen=True)
class OutletRow:
    outlet: str
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class StoryView:
    """One story's own briefing: its articles and what was found among them."""

    story: Story
    articles: tuple[Article, ...]
    outlets: tuple[OutletRow, ...]
    duplicates: tuple[DuplicateGroup, ...]
    passages: tuple[SharedPassage, ...]
    entities: tuple[Entity, ...]
    origin_count: int

    @property
    def date_range(self) -> str:
        return date_range(self.story.first_date, self.story.last_date)


def outlet_name(article: Article) -> str:
    return article.outlet or "unknown outlet"


def date_label(article: Article) -> str:
    """"2026-05-18", "2026-05-21 (inferred from dateline)" or "no date"."""
    if not article.published:
        return "no date"
    if article.date_inferred:
        return f"{article.published} (inferred from {article.published_source})"
    return article.published


def date_range(first: str | None, last: str | None) -> str:
    if not first:
        return "no date"
    return first if first == last else f"{first} – {last}"


def by_outlet(articles: tuple[Article, ...] | list[Article]) -> tuple[OutletRow, ...]:
    """Articles grouped by outlet (alphabetical), each group in date order."""
    groups: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        groups[outlet_name(article)].append(article)
    return tuple(OutletRow(name, tuple(groups[name])) for name in sorted(groups, key=str.lower))


def story_views(briefing: Briefing) -> tuple[StoryView, ...]:
    views = []
    for story in briefing.stories:
        members = set(story.article_ids)
        articles = tuple(a for a in briefing.articles if a.id in members)
        views.append(StoryView(
            story=story, articles=articles, outlets=by_outlet(articles),
            duplicates=tuple(g for g in briefing.duplicates if members & set(g.article_ids)),
            passages=tuple(p for p in briefing.passages
                           if members & {a for a, _, _ in p.occurrences}),
            entities=tuple(e for e in briefing.entities if e.story_id == story.id)[:ENTITIES_PER_STORY],
            origin_count=sum(1 for o in briefing.origins if members & set(o.article_ids))))
    return tuple(views)


def summary_counts(briefing: Briefing) -> dict[str, int]:
    return {
        "stories": len(briefing.stories),
        "articles": len(briefing.articles),
        "outlets": len({outlet_name(a) for a in briefing.articles}),
        "independent origins": len(briefing.origins),
        "duplicate groups": len(briefing.duplicates),
        "inputs not used": sum(1 for p in briefing.problems if p.severity != "warning"),
    }


def article_index(briefing: Briefing) -> dict[str, Article]:
    return {a.id: a for a in briefing.articles}
