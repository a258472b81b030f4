"""Timeline entries: what happened when, merged across outlets, each citing its sentences.

Every statement that carries a calendar date (resolved against its own article's date by
``crosswire.temporal.expressions``) puts its fact on the timeline at that date. Statements of one
fact at one date are one entry, citing every article; an ambiguous date is flagged with its
candidates, and an entry from an article whose own date was inferred says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from crosswire.analysis.statements import CALENDAR_VALUE
from crosswire.records import Article, DateValue, Fact, Statement, TimelineEntry, stable_id

#: Statements naming the same date are one entry when this close in meaning (looser than a
#: fact: "toured the site in March" and "visited the site in March" are one visit).
SAME_EVENT_COSINE = 0.6


def build_timeline(
    statements: Sequence[Statement],
    facts: Sequence[Fact],
    articles: Mapping[str, Article],
    story_id: str,
    matrix: np.ndarray | None = None,
) -> tuple[TimelineEntry, ...]:
    """Entries from every calendar-dated statement: statements of one fact, or close in meaning,
    naming the same date are merged into one entry."""
    fact_of = {sid: fact.id for fact in facts for sid in fact.statement_ids}
    by_date: dict[str, list[tuple[int, DateValue]]] = defaultdict(list)
    for index, statement in enumerate(statements):
        for date in statement.dates:
            if CALENDAR_VALUE.match(date.value):
                by_date[date.value].append((index, date))
    entries = []
    for value, items in by_date.items():
        for group in _same_event_groups(items, statements, fact_of, matrix):
            entries.append(_entry(value, group, statements, articles, story_id))
    entries.sort(key=lambda e: (e.date, -len(e.article_ids), e.id))
    return tuple(entries)


def _same_event_groups(items, statements, fact_of, matrix) -> list[list[tuple[int, DateValue]]]:
    groups: list[list[tuple[int, DateValue]]] = []
    for index, date in sorted(
        items, key=lambda item: (statements[item[0]].article_id, statements[item[0]].start)
    ):
        for group in groups:
            head = group[0][0]
            same_fact = fact_of.get(statements[head].id) == fact_of.get(statements[index].id)
            close = matrix is not None and float(matrix[head] @ matrix[index]) >= SAME_EVENT_COSINE
            if same_fact or close:
                group.append((index, date))
                break
        else:
            groups.append([(index, date)])
    return groups


def _entry(value: str, group, statements, articles, story_id: str) -> TimelineEntry:
    members = [statements[i] for i, _ in group]
    dates = [d for _, d in group]
    # The sentence shown: the earliest article's (it names this date; a fact's other wordings
    # may not).
    shown = min(
        members, key=lambda s: (articles[s.article_id].published or "9999", s.article_id, s.start)
    )
    article_ids = tuple(
        dict.fromkeys(s.article_id for s in sorted(members, key=lambda s: (s.article_id, s.start)))
    )
    return TimelineEntry(
        id=stable_id("l", story_id, value, shown.id),
        story_id=story_id,
        date=value,
        granularity=dates[0].granularity,
        text=shown.text,
        article_ids=article_ids,
        statement_ids=tuple(dict.fromkeys(s.id for s in members)),
        expressions=tuple(sorted({d.text for d in dates})),
        ambiguous=any(d.ambiguous for d in dates),
        candidates=tuple(sorted({c for d in dates for c in d.candidates})),
        date_inferred=any(articles[a].date_inferred for a in article_ids),
    )
