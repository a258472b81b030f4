"""Events within a story (articles split where the dates jump), and the ``Story`` records
built from a clustering's assignment."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np

from crosswire.records import Article, Event, Story, stable_id
from crosswire.stories.profiles import ArticleProfile, ClusterConfig


def split_events(
    profiles: Sequence[ArticleProfile], config: ClusterConfig = ClusterConfig()
) -> list[list[ArticleProfile]]:
    """A story's articles grouped into events: dated articles in date order, a new event after a
    gap of more than ``event_gap_days``; an undated article joins the event it is closest to."""
    dated = sorted((p for p in profiles if p.published), key=lambda p: (p.published, p.article_id))
    events: list[list[ArticleProfile]] = []
    for profile in dated:
        assert profile.published is not None
        previous = events[-1][-1].published if events else None
        if previous is not None and (profile.published - previous).days <= config.event_gap_days:
            events[-1].append(profile)
        else:
            events.append([profile])
    undated = sorted((p for p in profiles if not p.published), key=lambda p: p.article_id)
    if not events:
        return [undated] if undated else []
    for profile in undated:
        centroids = [np.mean([p.vector for p in event], axis=0) for event in events]
        best = max(range(len(events)), key=lambda i: (float(centroids[i] @ profile.vector), -i))
        events[best].append(profile)
    return events


def representative(profiles: Sequence[ArticleProfile]) -> ArticleProfile:
    """The article closest to the group's centroid (ties: the earliest, then by id)."""
    centroid = np.mean([p.vector for p in profiles], axis=0)
    return max(
        profiles,
        key=lambda p: (
            round(float(p.vector @ centroid), 6),
            -(p.published or date.max).toordinal(),
            p.article_id,
        ),
    )


def story_records(
    articles: Sequence[Article],
    assignment: Mapping[str, str],
    profiles: Mapping[str, ArticleProfile],
    config: ClusterConfig = ClusterConfig(),
) -> tuple[Story, ...]:
    """The stories the given articles belong to, each with its events; only these articles are
    listed. Largest story first, then oldest, then by id."""
    by_story: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_story[assignment[article.id]].append(article)
    stories = []
    for story_id, members in by_story.items():
        members.sort(key=_date_then_id)
        compared = [profiles[a.id] for a in members if a.id in profiles]
        if compared:
            groups = [[a.article_id for a in event] for event in split_events(compared, config)]
            title = representative(compared).title
            note = None
        else:
            groups = [[a.id for a in members]]
            title = members[0].title
            note = (
                f"not compared with other articles: {members[0].language_note}"
                if members[0].language_note
                else "not compared with other articles"
            )
        by_id = {a.id: a for a in members}
        events = tuple(
            _event(
                sorted((by_id[i] for i in group), key=_date_then_id),
                [profiles[i] for i in group if i in profiles],
            )
            for group in groups
        )
        # A story's dates are days: a partial date (YYYY-MM, YYYY) is not a first or last day.
        dates = [a.published for a in members if a.published and a.published_day]
        stories.append(
            Story(
                id=story_id,
                title=title,
                article_ids=tuple(a.id for a in members),
                events=events,
                first_date=min(dates) if dates else None,
                last_date=max(dates) if dates else None,
                outlets=tuple(sorted({a.outlet for a in members if a.outlet}, key=str.lower)),
                note=note,
            )
        )
    stories.sort(key=lambda s: (-len(s.article_ids), s.first_date or "9999", s.id))
    return tuple(stories)


def _date_then_id(article: Article) -> tuple:
    return (article.published is None, article.published or "", article.id)


def _event(members: list[Article], compared: list[ArticleProfile]) -> Event:
    dates = [a.published for a in members if a.published and a.published_day]
    title = representative(compared).title if compared else members[0].title
    return Event(
        id=stable_id("v", members[0].id),
        title=title,
        article_ids=tuple(a.id for a in members),
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
    )
