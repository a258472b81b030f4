"""Listing every story of a workspace without holding the workspace: the stories as a run's
cluster stage lists them (titles, events, dates), built from the store a few whole stories at a
time (``crosswire stories``, ``Workspace.stories``)."""

from __future__ import annotations

from collections import defaultdict

from crosswire.nlp.models import Models, default_models
from crosswire.pipeline import _analysed_part
from crosswire.records import Mention, Sentence, Story
from crosswire.stages import RunOptions
from crosswire.store import Store
from crosswire.stories.clustering import members_by_story
from crosswire.stories.events import story_order, story_records
from crosswire.stories.profiles import article_profiles
from crosswire.stories.titles import LEAD_SCAN, BoilerplateLines

#: Articles read from the store at a time when every story is listed (``stored_stories``):
#: what the listing holds at once is one chunk's articles, sentences and vectors, not the
#: workspace's (on 100,000 articles those are some 3 million sentence vectors, 4.6 GB).
STORY_CHUNK_ARTICLES = 2000


def stored_stories(
    store: Store,
    *,
    models: Models | None = None,
    options: RunOptions | None = None,
    chunk_articles: int = STORY_CHUNK_ARTICLES,
) -> tuple[Story, ...]:
    """Every story of the workspace (as ``analyse`` through the cluster stage lists them, largest
    first), read from the store a few whole stories at a time. Two passes: the first finds the
    opening lines shared by several stories (``titles.BoilerplateLines``, which titles pass
    over), the second builds each chunk's stories from its articles' profiles. Only an
    article's leading sentences are read: titles and profiles look no further."""
    options, models = options or RunOptions(), models or default_models()
    # What titles and profiles read of an article: its leading sentences and their vectors.
    leading = max(LEAD_SCAN, options.cluster.lead_sentences)
    assignment = store.story_assignment()
    chunks = _story_chunks(assignment, chunk_articles)
    shared = BoilerplateLines()
    for ids in chunks:
        # Only English articles have sentences (the nlp stage takes no other), as in a run.
        shared.add(_leading_sentences(store, ids, leading), assignment)
    boilerplate = shared.lines()
    found: list[Story] = []
    for ids in chunks:
        articles = [_analysed_part(article) for article in store.articles(ids)]
        english = [a.id for a in articles if a.language == "en"]
        sentences = _leading_sentences(store, english, leading)
        vectors = store.embeddings(
            models.encoder.name, [s.text_hash for found in sentences.values() for s in found]
        )
        mentions: dict[str, list[Mention]] = defaultdict(list)
        for mention in store.mentions(english):
            mentions[mention.article_id].append(mention)
        profiles = article_profiles(articles, sentences, vectors, mentions, options.cluster)
        found.extend(
            story_records(
                articles,
                assignment,
                {p.article_id: p for p in profiles},
                options.cluster,
                sentences,
                vectors,
                boilerplate=boilerplate,
            )
        )
    return tuple(sorted(found, key=story_order))


def _leading_sentences(store: Store, ids: list[str], count: int) -> dict[str, list[Sentence]]:
    """The first ``count`` sentences of each of these articles that has any."""
    grouped: dict[str, list[Sentence]] = defaultdict(list)
    for sentence in store.sentences(ids):
        if len(grouped[sentence.article_id]) < count:
            grouped[sentence.article_id].append(sentence)
    return dict(grouped)


def _story_chunks(assignment: dict[str, str], size: int) -> list[list[str]]:
    """The clustered articles in lists of whole stories, each list of about ``size`` articles
    (a larger story is a list of its own), in a fixed order."""
    members = members_by_story(assignment)
    chunks: list[list[str]] = [[]]
    for story_id in sorted(members):
        if chunks[-1] and len(chunks[-1]) + len(members[story_id]) > size:
            chunks.append([])
        chunks[-1].extend(members[story_id])
    return [chunk for chunk in chunks if chunk]
