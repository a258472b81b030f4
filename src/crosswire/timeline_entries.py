"""Timeline entries: what happened when, merged across outlets, each citing its sentences.

Every statement that carries a calendar date (resolved against its own article's date by
``crosswire.timeline``) puts its fact on the timeline at that date. Statements of one fact at one
date are one entry, citing every article; an ambiguous date is flagged with its candidates, and an
entry from an article whose own date was inferred says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from crosswire.model import Article, Fact, Statement, TimelineEntry, stable_id
from crosswire.statements import CALENDAR_VALUE


def build_timeline(statements: Sequence[Statement], facts: Sequence[Fact],
                   articles: Mapping[str, Article], story_id: str) -> tuple[TimelineEntry, ...]:
    fact_of = {sid: fact for fact in facts for sid in fact.statement_ids}
    by_key: dict[tuple[str, str], list[tuple[Statement, object]]] = defaultdict(list)
    for statement in statements:
        fact = fact_of.get(statement.id)
        for date in statement.dates:
            if CALENDAR_VALUE.match(date.value):
                by_key[(date.value, fact.id if fact else statement.id)].append((statement, date))
    entries = []
    for (value, key), items in by_key.items():
        members = [s for s, _ in items]
        fact = fact_of.get(members[0].id)
        article_ids = tuple(dict.fromkeys(s.article_id for s in sorted(members, key=lambda s: (s.article_id, s.start))))
        dates = [d for _, d in items]
        entries.append(TimelineEntry(
            id=stable_id("l", story_id, value, key), story_id=story_id, date=value,
            granularity=dates[0].granularity,
            # The sentence that names the date (the earliest article's), not the fact's wording:
            # another member of the fact may not carry this date at all.
            text=min(members, key=lambda s: (articles[s.article_id].published or "9999",
                                             s.article_id, s.start)).text,
            article_ids=article_ids,
            statement_ids=tuple(dict.fromkeys(s.id for s in members)),
            expressions=tuple(sorted({d.text for d in dates})),
            ambiguous=any(d.ambiguous for d in dates),
            candidates=tuple(sorted({c for d in dates for c in d.candidates})),
            date_inferred=any(articles[a].date_inferred for a in article_ids)))
    entries.sort(key=lambda e: (e.date, -len(e.article_ids), e.id))
    return tuple(entries)
