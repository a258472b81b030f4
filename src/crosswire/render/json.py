"""The JSON export: the contract with every other tool. Versioned, documented by
``crosswire/schema/briefing.schema.json``, and deterministic (same input, same bytes)."""

from __future__ import annotations

import json
from typing import Any

from crosswire.model import Article, Briefing

SCHEMA_VERSION = "1.0"


def article_record(article: Article, sources: tuple[str, ...]) -> dict[str, Any]:
    return {
        "id": article.id,
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


def briefing_record(briefing: Briefing) -> dict[str, Any]:
    """The briefing as plain data, in the shape the JSON Schema describes."""
    sources = dict(briefing.sources)
    return {
        "schema_version": SCHEMA_VERSION,
        "articles": [article_record(a, sources.get(a.id, ())) for a in briefing.articles],
        "duplicates": [
            {"id": g.id, "kind": g.kind, "article_ids": list(g.article_ids),
             "similarity": g.similarity, "sources": list(g.sources)}
            for g in briefing.duplicates],
        "passages": [
            {"id": p.id, "text": p.text,
             "occurrences": [{"article_id": a, "start": s, "end": e} for a, s, e in p.occurrences]}
            for p in briefing.passages],
        "origins": [{"id": o.id, "article_ids": list(o.article_ids)} for o in briefing.origins],
        "entities": [
            {"id": e.id, "name": e.name, "type": e.type, "article_ids": list(e.article_ids),
             "mentions": e.mention_count}
            for e in briefing.entities],
        "problems": [p.to_dict() for p in briefing.problems],
    }


def render_json(briefing: Briefing) -> str:
    return json.dumps(briefing_record(briefing), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
