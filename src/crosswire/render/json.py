"""The JSON export: the contract with every other tool. Versioned, documented by
``crosswire/schema/briefing.schema.json``, and deterministic (same input, same bytes)."""

from __future__ import annotations

import json
from typing import Any

from crosswire.records import Article, Briefing, Fact, Statement, Story

SCHEMA_VERSION = "2.2"


def article_record(
    article: Article, sources: tuple[str, ...], story_id: str | None
) -> dict[str, Any]:
    return {
        "id": article.id,
        "story_id": story_id,
        "source": article.source,
        "sources": list(sources) or [article.source],
        "outlet": article.outlet,
        "outlet_source": article.outlet_source,
        "outlet_evidence": article.outlet_evidence,
        "credit": article.credit,
        "credit_source": article.credit_source,
        "credit_evidence": article.credit_evidence,
        "title": article.title,
        "title_source": article.title_source,
        "url": article.url,
        "author": article.author,
        "published": article.published,
        "published_source": article.published_source,
        "published_inferred": article.date_inferred,
        "published_evidence": article.published_evidence,
        "published_candidates": list(article.published_candidates),
        "language": article.language,
        "language_note": article.language_note,
        "text": article.text,
        "original_text": article.original_text,
        "removed": [r.to_dict() for r in article.removed],
        "issues": [i.to_dict() for i in article.issues],
    }


def story_record(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "title": story.title,
        "article_ids": list(story.article_ids),
        "first_date": story.first_date,
        "last_date": story.last_date,
        "outlets": list(story.outlets),
        "note": story.note,
        "events": [
            {
                "id": e.id,
                "title": e.title,
                "article_ids": list(e.article_ids),
                "first_date": e.first_date,
                "last_date": e.last_date,
            }
            for e in story.events
        ],
    }


def briefing_record(briefing: Briefing) -> dict[str, Any]:
    """The briefing as plain data, in the shape the JSON Schema describes."""
    sources = dict(briefing.sources)
    story_of = {a: s.id for s in briefing.stories for a in s.article_ids}
    statements = {s.id: s for s in briefing.statements}

    def stories_of(article_ids) -> list[str]:
        return sorted({story_of[a] for a in article_ids if a in story_of})

    return {
        "schema_version": SCHEMA_VERSION,
        "stories": [story_record(s) for s in briefing.stories],
        "story_changes": [
            {
                "kind": c.kind,
                "from_ids": list(c.from_ids),
                "into_ids": list(c.into_ids),
                "article_id": c.article_id,
                "score": c.score,
            }
            for c in briefing.story_changes
        ],
        "articles": [
            article_record(a, sources.get(a.id, ()), story_of.get(a.id)) for a in briefing.articles
        ],
        "duplicates": [
            {
                "id": g.id,
                "kind": g.kind,
                "article_ids": list(g.article_ids),
                "similarity": g.similarity,
                "sources": list(g.sources),
                "story_ids": stories_of(g.article_ids),
            }
            for g in briefing.duplicates
        ],
        "passages": [
            {
                "id": p.id,
                "text": p.text,
                "occurrences": [
                    {"article_id": a, "start": s, "end": e} for a, s, e in p.occurrences
                ],
                "story_ids": stories_of(a for a, _, _ in p.occurrences),
            }
            for p in briefing.passages
        ],
        "origins": [
            {"id": o.id, "article_ids": list(o.article_ids), "story_ids": stories_of(o.article_ids)}
            for o in briefing.origins
        ],
        "entities": [
            {
                "id": e.id,
                "story_id": e.story_id,
                "name": e.name,
                "type": e.type,
                "aliases": list(e.aliases),
                "article_ids": list(e.article_ids),
                "mentions": [m.to_dict() for m in e.mentions],
            }
            for e in briefing.entities
        ],
        "summary": [
            {
                "story_id": x.story_id,
                "text": x.text,
                "article_ids": list(x.article_ids),
                "independent_origins": x.independent_origins,
            }
            for x in briefing.summary
        ],
        "facts": [fact_record(f, statements) for f in briefing.facts],
        "conflicts": [
            {
                "id": c.id,
                "story_id": c.story_id,
                "type": c.type,
                "about": c.about,
                "sides": [
                    {
                        "text": side.text,
                        "value": side.value,
                        "article_ids": list(side.article_ids),
                        "statement_ids": list(side.statement_ids),
                        "outlets": list(side.outlets),
                        "attributed_to": list(side.attributed_to),
                    }
                    for side in c.sides
                ],
            }
            for c in briefing.conflicts
        ],
        "quotes": [
            {
                "id": q.id,
                "story_id": q.story_id,
                "speaker": {"entity_id": q.speaker_entity_id, "name": q.speaker},
                "text": q.text,
                "cue": q.cue,
                "kind": q.kind,
                "variants": [
                    {
                        "article_id": v.article_id,
                        "text": v.text,
                        "match": v.match,
                        "kind": v.kind,
                        "cue": v.cue,
                        "start": v.start,
                        "end": v.end,
                    }
                    for v in q.variants
                ],
            }
            for q in briefing.quotes
        ],
        "timeline": [
            {
                "id": t.id,
                "story_id": t.story_id,
                "date": t.date,
                "granularity": t.granularity,
                "text": t.text,
                "article_ids": list(t.article_ids),
                "statement_ids": list(t.statement_ids),
                "expressions": list(t.expressions),
                "ambiguous": t.ambiguous,
                "candidates": list(t.candidates),
                "date_inferred": t.date_inferred,
            }
            for t in briefing.timeline
        ],
        "coverage": [
            {
                "story_id": c.story_id,
                "matrix_fact_ids": list(c.matrix_fact_ids),
                "outlets": [
                    {
                        "outlet": r.outlet,
                        "fact_ids": list(r.fact_ids),
                        "only_here": list(r.only_here),
                        "left_out": list(r.left_out),
                        "only_in_outlet": [
                            {
                                "statement_id": o.statement_id,
                                "article_id": statements[o.statement_id].article_id,
                                "text": statements[o.statement_id].text,
                                "copied_by": list(o.copied_by),
                            }
                            for o in r.only_statements
                            if o.statement_id in statements
                        ],
                    }
                    for r in c.rows
                ],
            }
            for c in briefing.coverage
        ],
        "problems": [p.to_dict() for p in briefing.problems],
    }


def fact_record(fact: Fact, statements: dict[str, Statement]) -> dict[str, Any]:
    return {
        "id": fact.id,
        "story_id": fact.story_id,
        "text": fact.text,
        "statements": [statement_record(statements[i]) for i in fact.statement_ids],
        "outlets": list(fact.outlets),
        "origin_ids": list(fact.origin_ids),
        "independent_origins": fact.independent_origins,
        "quantity": fact.quantity,
    }


def statement_record(s: Statement) -> dict[str, Any]:
    return {
        "id": s.id,
        "article_id": s.article_id,
        "sentence": s.text,
        "start": s.start,
        "end": s.end,
        "polarity": s.polarity,
        "stance": s.stance,
        "attributed_to": s.attributed_to,
        "entity_ids": list(s.entity_ids),
        "quantities": [
            {
                "kind": q.kind,
                "value": q.value,
                "unit": q.unit,
                "text": q.text,
                "about": q.about,
                "approximate": q.approximate,
                "relative": q.relative,
            }
            for q in s.quantities
        ],
        "dates": [
            {
                "text": d.text,
                "value": d.value,
                "granularity": d.granularity,
                "ambiguous": d.ambiguous,
                "candidates": list(d.candidates),
            }
            for d in s.dates
        ],
    }


def render_json(briefing: Briefing) -> str:
    return (
        json.dumps(briefing_record(briefing), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    )
