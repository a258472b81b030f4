"""Coverage: which outlet reported which fact of a story, what only it reported, and what it
left out that at least two other independent origins reported."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from crosswire.records import Article, Coverage, CoverageRow, Fact

#: A fact counts as "left out" by an outlet when at least this many other origins reported it.
LEFT_OUT_MIN_ORIGINS = 2


def build_coverage(
    facts: Sequence[Fact],
    articles: Mapping[str, Article],
    origin_of: Mapping[str, str],
    story_id: str,
) -> Coverage:
    outlets = sorted({a.outlet or "unknown outlet" for a in articles.values()}, key=str.lower)
    rows = []
    for outlet in outlets:
        own = {a.id for a in articles.values() if (a.outlet or "unknown outlet") == outlet}
        own_origins = {origin_of.get(a, a) for a in own}
        reported = [f for f in facts if own & set(f.article_ids)]
        only = [f for f in reported if set(f.article_ids) <= own]
        left_out = [
            f
            for f in facts
            if not own & set(f.article_ids)
            and len(set(f.origin_ids) - own_origins) >= LEFT_OUT_MIN_ORIGINS
        ]
        rows.append(
            CoverageRow(
                outlet,
                tuple(f.id for f in reported),
                tuple(f.id for f in only),
                tuple(f.id for f in left_out),
            )
        )
    matrix = tuple(f.id for f in facts if f.independent_origins >= 2)
    return Coverage(story_id, matrix, tuple(rows))
