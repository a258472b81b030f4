"""An inferred date is weak evidence: it never splits a story alone, and within a story a lone
inferred date far from the others does not found an event or stretch the story's dates."""

from datetime import date

import numpy as np
import pytest

from crosswire.records import Article, DateSource
from crosswire.stories.clustering import Clustering, cluster_stories
from crosswire.stories.events import split_events, story_records
from crosswire.stories.profiles import ArticleProfile, ClusterConfig

pytestmark = pytest.mark.unit

AWARD = frozenset({"hollywood walk of fame", "dana vale", "los angeles"})


def _profile(
    article_id: str, day: date | None, inferred: bool, turn: float = 0.0
) -> ArticleProfile:
    """Profiles of one story: vectors a few degrees apart (cosine > 0.99), the same entities."""
    angle = np.radians(turn)
    vector = np.array([np.cos(angle), np.sin(angle), 0.0], dtype=np.float32)
    return ArticleProfile(article_id, vector, AWARD, day, article_id, inferred)


def _stories(profiles, config=ClusterConfig()) -> set[frozenset[str]]:
    clustering = cluster_stories(profiles, config)
    groups: dict[str, set[str]] = {}
    for article, story in clustering.assignment.items():
        groups.setdefault(story, set()).add(article)
    return {frozenset(g) for g in groups.values()}


def test_an_inferred_date_years_off_does_not_split_a_story():
    profiles = [
        _profile("right", date(2018, 11, 19), inferred=False),
        _profile("wrong", date(1993, 5, 4), inferred=True, turn=3),
    ]
    assert _stories(profiles) == {frozenset({"right", "wrong"})}
    # The rule it replaces, an inferred date weighed like a given one, split them: the test can
    # fail.
    assert len(_stories(profiles, ClusterConfig(inferred_penalty_max=99.0))) == 2


def test_two_inferred_dates_decades_apart_do_not_split_a_story():
    profiles = [
        _profile("a", date(2018, 11, 19), inferred=True),
        _profile("b", date(1998, 1, 2), inferred=True, turn=2),
        _profile("c", None, inferred=False, turn=4),
    ]
    assert _stories(profiles) == {frozenset({"a", "b", "c"})}


def test_given_dates_far_apart_still_split_the_same_content():
    profiles = [
        _profile("then", date(2015, 3, 1), inferred=False),
        _profile("now", date(2018, 11, 19), inferred=False, turn=3),
    ]
    assert _stories(profiles) == {frozenset({"then"}), frozenset({"now"})}


def test_a_story_keeps_only_given_dates_between_runs():
    clustering = Clustering()
    clustering.add(_profile("wrong", date(1993, 5, 4), inferred=True))
    [row] = clustering.rows(clustering.stories)
    assert (row.first_date, row.last_date) == (None, None)
    clustering.add(_profile("right", date(2018, 11, 19), inferred=False, turn=2))
    [row] = clustering.rows(clustering.stories)
    assert (row.first_date, row.last_date) == ("2018-11-19", "2018-11-19")


def _article(article_id: str, published: str | None, source: DateSource) -> Article:
    text = f"Report {article_id}: the actor received a star on the boulevard on Monday."
    return Article(
        id=article_id,
        source=f"{article_id}.txt",
        title=f"Report {article_id}",
        text=text,
        original_text=text,
        title_source="metadata",
        published=published,
        published_source=source,
    )


def test_a_lone_inferred_date_far_from_the_others_founds_no_event():
    articles = [
        _article("a", "2018-11-19", "metadata"),
        _article("b", "2018-11-20", "text"),
        _article("c", "1993-05-04", "text"),
    ]
    profiles = {
        a.id: _profile(a.id, a.published_day, a.date_inferred, turn=i)
        for i, a in enumerate(articles)
    }
    assert [len(e) for e in split_events(list(profiles.values()))] == [3]
    [story] = story_records(articles, {a.id: "s" for a in articles}, profiles)
    assert len(story.events) == 1
    assert (story.first_date, story.last_date) == ("2018-11-19", "2018-11-20")
    assert (story.events[0].first_date, story.events[0].last_date) == ("2018-11-19", "2018-11-20")


def test_inferred_dates_that_agree_still_make_events():
    # Two reports of a developing story a month apart, each dated from its text, and a
    # follow-up: the inferred dates corroborate each other, so the events stand.
    articles = [
        _article("a", "2018-10-01", "text"),
        _article("b", "2018-10-02", "dateline"),
        _article("c", "2018-10-30", "text"),
    ]
    profiles = {
        a.id: _profile(a.id, a.published_day, a.date_inferred, turn=i)
        for i, a in enumerate(articles)
    }
    [story] = story_records(articles, {a.id: "s" for a in articles}, profiles)
    assert [e.article_ids for e in story.events] == [("a", "b"), ("c",)]
    assert (story.first_date, story.last_date) == ("2018-10-01", "2018-10-30")


def test_a_single_inferred_date_is_kept_when_nothing_contradicts_it():
    articles = [_article("a", "2018-10-01", "text"), _article("b", None, "none")]
    profiles = {
        a.id: _profile(a.id, a.published_day, a.date_inferred, turn=i)
        for i, a in enumerate(articles)
    }
    [story] = story_records(articles, {a.id: "s" for a in articles}, profiles)
    assert story.first_date == "2018-10-01"
