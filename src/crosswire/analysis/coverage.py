"""Coverage: which outlet reported which fact of a story, what only it reported, and what it
left out that at least two other independent origins reported.

"Only in OUTLET" are the statements no fact holds (no other independent origin states the same
thing): a report's own claims, which a reader should weigh as one source's word. A wire copy
printed by two outlets is in both outlets' lists, each naming the other: copies are one
origin's word, however many outlets print them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from crosswire.records import Article, Coverage, CoverageRow, Fact, OnlyStatement, Statement
from crosswire.text.normalise import normalise_text

#: A fact counts as "left out" by an outlet when at least this many other origins reported it.
LEFT_OUT_MIN_ORIGINS = 2


def build_coverage(
    facts: Sequence[Fact],
    articles: Mapping[str, Article],
    origin_of: Mapping[str, str],
    story_id: str,
    statements: Sequence[Statement] = (),
) -> Coverage:
    outlets = sorted({a.outlet or "unknown outlet" for a in articles.values()}, key=str.lower)
    only_in = only_in_outlet(statements, facts, articles)
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
                only_in.get(outlet, ()),
            )
        )
    matrix = tuple(f.id for f in facts if f.independent_origins >= 2)
    return Coverage(story_id, matrix, tuple(rows))


def only_in_outlet(
    statements: Sequence[Statement], facts: Sequence[Fact], articles: Mapping[str, Article]
) -> dict[str, tuple[OnlyStatement, ...]]:
    """For each outlet, the statements of its articles that no fact holds (see the module
    docstring), in article and sentence order, one per distinct text, each with the other
    outlets that print the same words (copies of one report: still one origin's word)."""
    in_fact = {sid for f in facts if f.quantity is None for sid in f.statement_ids}
    outlet_of = {a: (article.outlet or "unknown outlet") for a, article in articles.items()}
    printed_by: dict[str, set[str]] = {}
    for statement in statements:
        key = normalise_text(statement.text).lower()
        printed_by.setdefault(key, set()).add(outlet_of.get(statement.article_id, ""))
    position = {a: n for n, a in enumerate(articles)}
    ordered = sorted(statements, key=lambda s: (position.get(s.article_id, -1), s.sentence_index))
    found: dict[str, list[OnlyStatement]] = {}
    seen: set[tuple[str, str]] = set()
    for statement in ordered:
        key = normalise_text(statement.text).lower()
        outlet = outlet_of.get(statement.article_id)
        if outlet is None or statement.id in in_fact or (outlet, key) in seen:
            continue
        seen.add((outlet, key))
        others = tuple(sorted(printed_by[key] - {outlet, ""}, key=str.lower))
        found.setdefault(outlet, []).append(OnlyStatement(statement.id, others))
    return {outlet: tuple(items) for outlet, items in found.items()}
