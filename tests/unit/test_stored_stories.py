"""``listing.stored_stories``: the workspace's stories read a few at a time are the stories a
run's cluster stage lists over every article at once — titles, events and dates alike, and the
lines that open reports of several stories are passed over even when those stories are read in
different chunks."""

import pytest

from crosswire import listing, pipeline, stages
from crosswire.nlp.encoder import HashingEncoder
from crosswire.records import Article, Sentence, stable_id
from crosswire.store import open_store

pytestmark = pytest.mark.unit

BOILERPLATE = "Get breaking news alerts and special reports delivered to you."
TOPICS = {
    "ferry": [
        "The harbour board approved two hybrid ferries for the river crossing on Monday.",
        "The ferries will carry four hundred passengers each across the river.",
    ],
    "quake": [
        "A strong earthquake shook the northern valley towns early on Tuesday morning.",
        "Rescue teams searched collapsed buildings in the valley towns after the earthquake.",
    ],
    "budget": [
        "The city council passed its annual budget after a long debate about schools.",
        "The budget raises spending on schools and cuts the council's road programme.",
    ],
}


def no_parser():
    raise AssertionError("no spaCy model is needed to list stored stories")


def models() -> pipeline.Models:
    return pipeline.Models(nlp_loader=no_parser, encoder_loader=lambda: HashingEncoder(64))


def article_and_sentences(topic: str, number: int, opening: str | None) -> tuple:
    """A bare-text article (its title is its lead) on ``topic``, optionally opened by a line."""
    lines = ([opening] if opening else []) + [
        f"{line[:-1]} (report {number})." for line in TOPICS[topic]
    ]
    if number == 2:  # longer than the sentences titles and profiles read
        lines += [f"{TOPICS[topic][n % 2][:-1]} (detail {n})." for n in range(20)]
    text = " ".join(lines)
    article_id = stable_id("a", text)
    sentences, start = [], 0
    for index, line in enumerate(lines):
        sentences.append(Sentence(article_id, index, start, start + len(line), line))
        start += len(line) + 1
    article = Article(
        id=article_id,
        source=f"{topic}-{number}.txt",
        title=lines[0][:40],
        text=text,
        original_text=text,
        title_source="text",
        published=f"2026-05-{10 + number:02d}",
    )
    return article, sentences


@pytest.fixture
def workspace(tmp_path):
    """Nine articles in three stories; the boilerplate line opens every article of two."""
    store = open_store(str(tmp_path / "w.db"))
    encoder = HashingEncoder(64)
    ids = []
    with store.transaction():
        for topic in TOPICS:
            for number in range(3):
                opening = BOILERPLATE if topic != "budget" else None
                article, sentences = article_and_sentences(topic, number, opening)
                store.add_article(article)
                store.save_nlp(article.id, "test", sentences, [])
                vectors = encoder.encode([s.text for s in sentences])
                store.save_embeddings(
                    encoder.name, {s.text_hash: v for s, v in zip(sentences, vectors, strict=True)}
                )
                ids.append(article.id)
    # The stories as a run's cluster stage saves and lists them (every article at once).
    listed = pipeline.analyse(
        ids, store, models=models(), stages=stages.through("cluster")[-2:]
    ).stories
    yield store, listed
    store.close()


def test_stories_read_a_story_at_a_time_are_those_a_run_lists(workspace):
    store, listed = workspace
    assert len(listed) == 3
    for chunk in (1, 4, 1000):
        assert listing.stored_stories(store, models=models(), chunk_articles=chunk) == listed


def test_a_line_opening_two_stories_is_no_title_though_the_stories_are_read_apart(workspace):
    store, _ = workspace
    found = listing.stored_stories(store, models=models(), chunk_articles=1)
    titles = [s.title for s in found] + [e.title for s in found for e in s.events]
    assert titles and not any(title.startswith("Get breaking news") for title in titles)


def test_chunks_hold_whole_stories_in_a_fixed_order():
    assignment = {"a3": "s2", "a1": "s1", "a2": "s1", "a4": "s3"}
    assert listing._story_chunks(assignment, 2) == [["a1", "a2"], ["a3", "a4"]]
    assert listing._story_chunks(assignment, 1) == [["a1", "a2"], ["a3"], ["a4"]]
    assert listing._story_chunks({}, 5) == []
