"""Dates borrowed within a story: an undated article that reports, with a relative day ("on
Sunday", "yesterday"), an event a dated article of the same story puts on a calendar day takes
its own date from that day, marked ``published_source = "story"`` with the sentence and the
article it came from.

What the relative day fixes, in news usage:

- "today", "tonight", "this morning" … : the article is from the event's day;
- "yesterday", "last night": from the day after;
- a weekday ("on Sunday", "said Sunday"): from the week that starts on the event's day (news
  names the weekday of events within the past week). That is not a day, so only the month is
  kept, and only when the whole week lies in one month; otherwise nothing.

The two sentences must say the same thing (sentence vectors at least ``SAME_EVENT_COSINE``
apart) and a weekday must be the event day's weekday. Only dates the input gave or the article
itself stated (metadata, page, stamp, dateline, caption) lend a date: a date crosswire inferred
lends nothing. When two borrowings disagree, no date is kept and both are listed as candidates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from crosswire.nlp.vectors import CachedEncoder
from crosswire.records import Article, Sentence, Story
from crosswire.temporal.expressions import find_temporal_expressions

#: Sources whose date may be lent to another article of the story.
LENDING_SOURCES = ("metadata", "html", "stamp", "dateline", "caption")
#: Two sentences of different outlets this close (MiniLM cosine) report the same event. Chosen
#: high on purpose: the README's MRPC figures put precision at 0.90 near a cosine of 0.9 and 0.80
#: at 0.80; a borrowed date must also pass the weekday check, which removes most chance matches.
SAME_EVENT_COSINE = 0.85

#: Sentences of one story about different events of it still score 0.85–0.90 against each other
#: (the demo's announcement and signing: 0.90), so a borrowing needs its event to be the clear
#: best match: any other date within this margin of it makes the sentence ambiguous.
CLEAR_MARGIN = 0.03

_CALENDAR_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE_DAY = re.compile(
    r"\b(?P<today>today|tonight|this (?:morning|afternoon|evening))\b"
    r"|\b(?P<yesterday>yesterday|last night)\b"
    r"|\b(?:on |late |early )?(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b(?! \w+ \d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Borrowing:
    value: str
    evidence: str


def anchor_story_dates(
    stories: Sequence[Story],
    articles: Mapping[str, Article],
    sentences: Mapping[str, Sequence[Sentence]],
    encoder: CachedEncoder,
) -> dict[str, Article]:
    """The undated articles that get a date from their story, with that date set."""
    anchored: dict[str, Article] = {}
    for story in stories:
        members = [articles[a] for a in story.article_ids if a in articles]
        lenders = [a for a in members if a.published_day and a.published_source in LENDING_SOURCES]
        borrowers = [a for a in members if a.published is None]
        if not lenders or not borrowers:
            continue
        events = _dated_events(lenders, sentences)
        if not events:
            continue
        event_matrix = encoder.encode([text for text, _, _ in events])
        for article in borrowers:
            updated = _anchor(article, sentences.get(article.id, ()), events, event_matrix, encoder)
            if updated is not None:
                anchored[article.id] = updated
    return anchored


def _dated_events(
    lenders: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]]
) -> list[tuple[str, dt.date, Article]]:
    """(sentence, the calendar day it puts its event on, the article) for each lender."""
    events = []
    for article in lenders:
        expressions = [
            e
            for e in find_temporal_expressions(article.text, article.published_day)
            if not e.ambiguous and _CALENDAR_DAY.fullmatch(e.value)
        ]
        for sentence in sentences.get(article.id, ()):
            days = {
                e.value for e in expressions if sentence.start <= e.start and e.end <= sentence.end
            }
            if len(days) == 1:
                events.append((sentence.text, dt.date.fromisoformat(days.pop()), article))
    return events


def _anchor(
    article: Article,
    own: Sequence[Sentence],
    events: list[tuple[str, dt.date, Article]],
    event_matrix: np.ndarray,
    encoder: CachedEncoder,
) -> Article | None:
    relative = [(s, m) for s in own if (m := _RELATIVE_DAY.search(s.text))]
    if not relative:
        return None
    matrix = encoder.encode([s.text for s, _ in relative])
    similarity = matrix @ event_matrix.T
    found: dict[str, _Borrowing] = {}
    for row, (sentence, match) in enumerate(relative):
        # The best similarity reached by each date this sentence could borrow.
        best: dict[str, tuple[float, _Borrowing]] = {}
        for column in np.flatnonzero(similarity[row] >= SAME_EVENT_COSINE):
            text, day, lender = events[int(column)]
            value = _publication(match, day)
            score = float(similarity[row, column])
            if value is None or (value in best and best[value][0] >= score):
                continue
            best[value] = (
                score,
                _Borrowing(
                    value,
                    f"“{sentence.text}” reports the event that {lender.outlet or 'an article'} "
                    f"({lender.id}) dates to {day.isoformat()}: “{text}”",
                ),
            )
        if not best:
            continue
        ranked = sorted(best.values(), key=lambda item: (-item[0], item[1].value))
        close = [b for score, b in ranked if score > ranked[0][0] - CLEAR_MARGIN]
        for borrowing in close:
            found.setdefault(borrowing.value, borrowing)
    # A month agrees with any day of it ("on Thursday" and "yesterday" naming one week).
    days = [value for value in found if len(value) == 10]
    for value in [v for v in found if len(v) == 7]:
        if any(day.startswith(value) for day in days):
            del found[value]
    if len(found) == 1:
        borrowing = next(iter(found.values()))
        return replace(
            article,
            published=borrowing.value,
            published_source="story",
            published_evidence=borrowing.evidence,
        )
    if len(found) > 1:
        candidates = sorted({*article.published_candidates, *found})
        return replace(article, published_candidates=tuple(candidates))
    return None


def _publication(match: re.Match[str], event: dt.date) -> str | None:
    """The publication date (or month) a relative day naming ``event`` implies, or None when
    it does not fit (a weekday other than the event's)."""
    if match["today"]:
        return event.isoformat()
    if match["yesterday"]:
        return (event + dt.timedelta(days=1)).isoformat()
    if _WEEKDAYS.index(match["weekday"].lower()) != event.weekday():
        return None
    week_end = event + dt.timedelta(days=6)
    if (week_end.year, week_end.month) != (event.year, event.month):
        return None
    return event.isoformat()[:7]
