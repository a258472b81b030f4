"""The JSON export: the contract with every other tool. Versioned, documented by
``crosswire/schema/briefing.schema.json``, and deterministic (same input, same bytes)."""

from __future__ import annotations

import json
from typing import Any

from crosswire.model import Article, Briefing, Story

SCHEMA_VERSION = "1.2"


def article_record(article: Article, sources: tuple[str, ...], story_id: str | None) -> dict[str, Any]:
    return {
        "id": article.id,
        "story_id": story_id,
        "source": article.source,
        "sources": list(sources) or [article.source],
        "outlet": article.outlet,
        "outlet_source": article.outlet_source,
        "title": article.title,
        "url": article.url,
        "author": article.author,
        "published": article.published,
        "published_source": article.published_source,
        "published_inferred": article.date_inferred,
        "published_evidence": article.published_evidence,
        "language": article.language,
        "language_note": article.language_note,
        "text": article.text,
        "original_text": article.original_text,
        "removed": [r.to_dict() for r in article.removed],
        "issues": [i.to_dict() for i in article.issues],
    }


def story_record(story: Story) -> dict[str, Any]:
    return {
        "id": story.id, "title": story.title, "article_ids": list(story.article_ids),
        "first_date": story.first_date, "last_date": story.last_date,
        "outlets": list(story.outlets), "note": story.note,
        "events": [{"id": e.id, "title": e.title, "article_ids": list(e.article_ids),
                    "first_date": e.first_date, "last_date": e.last_date} for e in story.events],
    }


def briefing_record(briefing: Briefing) -> dict[str, Any]:
    """The briefing as plain data, in the shape the JSON Schema describes."""
    sources = dict(briefing.sources)
    story_of = {a: s.id for s in briefing.stories for a in s.article_ids}

    def stories_of(article_ids) -> list[str]:
        return sorted({story_of[a] for a in article_ids if a in story_of})

    return {
        "schema_version": SCHEMA_VERSION,
        "stories": [story_record(s) for s in briefing.stories],
        "story_changes": [
            {"kind": c.kind, "from_ids": list(c.from_ids), "into_ids": list(c.into_ids),
             "article_id": c.article_id, "score": c.score} for c in briefing.story_changes],
        "articles": [article_record(a, sources.get(a.id, ()), story_of.get(a.id))
                     for a in briefing.articles],
        "duplicates": [
            {"id": g.id, "kind": g.kind, "article_ids": list(g.article_ids),
             "similarity": g.similarity, "sources": list(g.sources),
             "story_ids": stories_of(g.article_ids)}
            for g in briefing.duplicates],
        "passages": [
            {"id": p.id, "text": p.text,
             "occurrences": [{"article_id": a, "start": s, "end": e} for a, s, e in p.occurrences],
             "story_ids": stories_of(a for a, _, _ in p.occurrences)}
            for p in briefing.passages],
        "origins": [{"id": o.id, "article_ids": list(o.article_ids),
                     "story_ids": stories_of(o.article_ids)} for o in briefing.origins],
        "entities": [
            {"id": e.id, "story_id": e.story_id, "name": e.name, "type": e.type,
             "aliases": list(e.aliases), "article_ids": list(e.article_ids),
             "mentions": [m.to_dict() for m in e.mentions]}
            for e in briefing.entities],
        "problems": [p.to_dict() for p in briefing.problems],
    }


def render_json(briefing: Briefing) -> str:
    return json.dumps(briefing_record(briefing), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
