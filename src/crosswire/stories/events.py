"""Events within a story (articles split where the dates jump), and the ``Story`` records
built from a clustering's assignment."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from crosswire.records import Article, Event, Sentence, Story, stable_id
from crosswire.stories.profiles import ArticleProfile, ClusterConfig
from crosswire.stories.titles import boilerplate_lines, group_title


def disregarded_dates(
    profiles: Sequence[ArticleProfile], config: ClusterConfig = ClusterConfig()
) -> set[str]:
    """The articles whose date is not used to place them in time within their story: a date
    inferred from the text that no other member's date comes within ``time_grace_days`` of,
    when the story has other dates. A wrong inferred date (a release decades before the report)
    is usually alone like this; an inferred date near the others is kept. A story whose only
    date is one inferred date keeps it: nothing contradicts it."""
    dated = [p for p in profiles if p.published is not None]
    if len(dated) < 2:
        return set()
    out = set()
    for profile in dated:
        if not profile.date_inferred:
            continue
        assert profile.published is not None
        day = profile.published
        if not any(
            abs((other.published - day).days) <= config.time_grace_days
            for other in dated
            if other is not profile and other.published is not None
        ):
            out.add(profile.article_id)
    return out


def split_events(
    profiles: Sequence[ArticleProfile], config: ClusterConfig = ClusterConfig()
) -> list[list[ArticleProfile]]:
    """A story's articles grouped into events: dated articles in date order, a new event after a
    gap of more than ``event_gap_days``; an undated article, or one whose inferred date is
    disregarded (``disregarded_dates``), joins the event it is closest to."""
    weak = disregarded_dates(profiles, config)
    dated = sorted(
        (p for p in profiles if p.published and p.article_id not in weak),
        key=lambda p: (p.published, p.article_id),
    )
    events: list[list[ArticleProfile]] = []
    for profile in dated:
        assert profile.published is not None
        previous = events[-1][-1].published if events else None
        if previous is not None and (profile.published - previous).days <= config.event_gap_days:
            events[-1].append(profile)
        else:
            events.append([profile])
    undated = sorted(
        (p for p in profiles if not p.published or p.article_id in weak),
        key=lambda p: p.article_id,
    )
    if not events:
        return [undated] if undated else []
    for profile in undated:
        centroids = [np.mean([p.vector for p in event], axis=0) for event in events]
        best = max(range(len(events)), key=lambda i: (float(centroids[i] @ profile.vector), -i))
        events[best].append(profile)
    return events


def story_records(
    articles: Sequence[Article],
    assignment: Mapping[str, str],
    profiles: Mapping[str, ArticleProfile],
    config: ClusterConfig = ClusterConfig(),
    sentences: Mapping[str, Sequence[Sentence]] | None = None,
    vectors: Mapping[str, np.ndarray] | None = None,
    boilerplate: frozenset[str] | None = None,
) -> tuple[Story, ...]:
    """The stories the given articles belong to, each with its events; only these articles are
    listed. Titles come from ``group_title`` (given the articles' sentences and their vectors,
    a bare-text lead is chosen past furniture). A story's and an event's dates span its
    members' dates except those ``disregarded_dates`` sets aside. Largest story first, then
    oldest, then by id (``story_order``). ``boilerplate``: the lines ``boilerplate_lines`` found
    over more articles than these (when the stories are built a part at a time); by default
    it is found among these articles' sentences."""
    by_story: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_story[assignment[article.id]].append(article)
    if boilerplate is None:
        boilerplate = boilerplate_lines(sentences or {}, assignment)
    stories = []
    for story_id, members in by_story.items():
        members.sort(key=_date_then_id)
        compared = [profiles[a.id] for a in members if a.id in profiles]
        weak = disregarded_dates(compared, config)
        if compared:
            groups = [[a.article_id for a in event] for event in split_events(compared, config)]
            note = None
        else:
            groups = [[a.id for a in members]]
            note = (
                f"not compared with other articles: {members[0].language_note}"
                if members[0].language_note
                else "not compared with other articles"
            )
        title = group_title(members, profiles, sentences, vectors, boilerplate)
        by_id = {a.id: a for a in members}
        events = []
        for group in groups:
            group_members = sorted((by_id[i] for i in group), key=_date_then_id)
            first, last = _date_span(group_members, weak)
            events.append(
                Event(
                    id=stable_id("v", group_members[0].id),
                    title=group_title(group_members, profiles, sentences, vectors, boilerplate),
                    article_ids=tuple(a.id for a in group_members),
                    first_date=first,
                    last_date=last,
                )
            )
        first, last = _date_span(members, weak)
        stories.append(
            Story(
                id=story_id,
                title=title,
                article_ids=tuple(a.id for a in members),
                events=tuple(events),
                first_date=first,
                last_date=last,
                outlets=tuple(sorted({a.outlet for a in members if a.outlet}, key=str.lower)),
                note=note,
            )
        )
    stories.sort(key=story_order)
    return tuple(stories)


def story_order(story: Story) -> tuple:
    """Largest story first, then oldest (undated last), then by id."""
    return (-len(story.article_ids), story.first_date or "9999", story.id)


def _date_span(members: Sequence[Article], weak: set[str]) -> tuple[str | None, str | None]:
    """The earliest and latest days of the members, leaving out disregarded inferred dates. A
    partial date ("2026-05", "1993") is no first or last day."""
    dates = [a.published for a in members if a.published_day and a.id not in weak]
    return (min(d for d in dates if d), max(d for d in dates if d)) if dates else (None, None)


def _date_then_id(article: Article) -> tuple:
    return (article.published is None, article.published or "", article.id)
