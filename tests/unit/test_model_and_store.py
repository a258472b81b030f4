import sqlite3
from dataclasses import asdict

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosswire.records import Article, Mention, RemovedLine, Sentence, TextIssue, article_id_for
from crosswire.store import Store, open_store
from crosswire.store.sqlite import SQLiteStore, StoreError

pytestmark = pytest.mark.unit

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
optional = st.none() | text
articles = st.builds(
    Article,
    id=st.from_regex(r"a[0-9a-f]{16}", fullmatch=True),
    source=text,
    title=text,
    title_source=st.sampled_from(["metadata", "text", "html", "lead"]),
    text=text,
    original_text=text,
    outlet=optional,
    outlet_source=st.sampled_from(["metadata", "url", "none"]),
    outlet_evidence=optional,
    credit=optional,
    credit_source=st.sampled_from(["dateline", "text", "none"]),
    credit_evidence=optional,
    url=optional,
    author=optional,
    published=st.none() | st.dates().map(str) | st.dates().map(lambda d: str(d)[:7]),
    published_source=st.sampled_from(
        ["metadata", "html", "stamp", "dateline", "caption", "text", "story", "none"]
    ),
    published_evidence=optional,
    published_candidates=st.lists(st.dates().map(str), max_size=3).map(tuple),
    language=st.sampled_from(["en", "es"]),
    language_note=optional,
    removed=st.lists(st.builds(RemovedLine, text, text), max_size=3).map(tuple),
    issues=st.lists(
        st.builds(TextIssue, text, text, st.integers(0, 99), st.integers(0, 99)), max_size=2
    ).map(tuple),
)


def test_article_id_ignores_spacing_but_not_words():
    assert article_id_for("The deal  was\nsigned.") == article_id_for(" The deal was signed. ")
    assert article_id_for("The deal was signed.") != article_id_for("The deal was not signed.")


@given(articles)
def test_article_dict_round_trip(article):
    assert Article.from_dict(article.to_dict()) == article


def is_sqlite(store: Store) -> bool:
    return isinstance(store, SQLiteStore)


def committed_articles(location: str) -> int:
    """The articles another connection to the workspace sees (what has been committed)."""
    if "://" not in location:
        with sqlite3.connect(location) as other:
            return int(other.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    import psycopg

    with psycopg.connect(location) as other:
        row = other.execute("SELECT COUNT(*) FROM articles").fetchone()
        return int(row[0]) if row else -1


# No deadline: the first example also creates the workspace's tables (every migration, on a
# PostgreSQL server shared with the rest of the suite), which says nothing of a round trip.
@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40, deadline=None
)
@given(article=articles)
def test_store_write_read_round_trip(store_location, article):
    store = open_store(store_location)
    has_nul = any("\x00" in value for value in asdict(article).values() if isinstance(value, str))
    try:
        if has_nul and not is_sqlite(store):
            # PostgreSQL's text cannot hold U+0000: refused, naming the field, nothing stored.
            with pytest.raises(StoreError, match=r"NUL character"), store.transaction():
                store.add_article(article)
            assert store.articles([article.id]) == []
            return
        with store.transaction():
            store.add_article(article)
        assert store.articles([article.id]) == [article]
        with store.transaction():
            if is_sqlite(store):
                store.db.execute("DELETE FROM articles_fts")
            store.db.execute("DELETE FROM articles")
    finally:
        store.close()


def make_article(body="The port authority signed the deal on Sunday.") -> Article:
    return Article(
        id=article_id_for(body), source="x.txt", title="T", text=body, original_text=body
    )


def test_migrations_are_recorded_once(store_location):
    open_store(store_location).close()
    store = open_store(store_location)
    rows = store.db.execute("SELECT version, name FROM migrations ORDER BY version").fetchall()
    assert rows == [
        (1, "0001_initial.sql"),
        (2, "0002_stories.sql"),
        (3, "0003_attributions.sql"),
        (4, "0004_provenance.sql"),
        (5, "0005_writers.sql"),
        (6, "0006_server.sql"),
        (7, "0007_feeds.sql"),
        (8, "0008_alerts.sql"),
        (9, "0009_alerts_and_feeds.sql"),
        (10, "0010_aliases.sql"),
        (11, "0011_story_version.sql"),
        (12, "0012_article_seq_index.sql"),
    ]
    if is_sqlite(store):
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_writes_outside_a_transaction_are_refused(store_location):
    store = open_store(store_location)
    with pytest.raises(StoreError, match=r"outside store\.transaction"):
        store.add_article(make_article())
    store.close()


def test_store_never_commits_behind_the_caller(store_location):
    store = open_store(store_location)
    with store.transaction():
        store.add_article(make_article())
        store.record_input("x.txt", "hash", make_article().id)
        assert committed_articles(store_location) == 0
    assert committed_articles(store_location) == 1
    with pytest.raises(RuntimeError), store.transaction():
        store.add_article(make_article("Another text entirely, never committed."))
        raise RuntimeError("caller fails")
    assert committed_articles(store_location) == 1
    assert store.counts()["articles"] == 1
    store.close()


def test_same_text_is_stored_once(store_location):
    store = open_store(store_location)
    with store.transaction():
        assert store.add_article(make_article()) is True
        assert store.add_article(make_article()) is False
    assert store.counts()["articles"] == 1
    store.close()


def test_nlp_and_embeddings_round_trip(store_location):
    store = open_store(store_location)
    article = make_article()
    sentence = Sentence(article.id, 0, 0, len(article.text), article.text)
    vector = np.arange(4, dtype=np.float32)
    with store.transaction():
        store.add_article(article)
        store.save_nlp(article.id, "m", [sentence], [Mention(article.id, 4, 8, "port", "ORG")])
        store.save_embeddings("enc", {sentence.text_hash: vector})
    assert store.articles_needing_nlp("m", [article.id, "other"]) == ["other"]
    assert store.sentences([article.id]) == [sentence]
    # Made by another model: needed again, and saving replaces what the first one found.
    assert store.articles_needing_nlp("m2", [article.id, "other"]) == [article.id, "other"]
    shorter = Sentence(article.id, 0, 0, 4, article.text[:4])
    with store.transaction():
        store.save_nlp(article.id, "m2", [shorter], [])
    assert store.articles_needing_nlp("m2", [article.id]) == []
    assert store.articles_needing_nlp("m", [article.id]) == [article.id]
    assert store.sentences([article.id]) == [shorter] and store.mentions([article.id]) == []
    with store.transaction():
        store.save_nlp(article.id, "m", [sentence], [Mention(article.id, 4, 8, "port", "ORG")])
    assert store.missing_embeddings("enc", [sentence.text_hash, "h2"]) == ["h2"]
    assert np.array_equal(store.embeddings("enc", [sentence.text_hash])[sentence.text_hash], vector)
    assert store.search("authority")[0][0] == article.id
    with pytest.raises(ValueError, match="cannot search"):
        store.search('"unbalanced')
    store.close()


def test_broken_database_file_names_the_file(tmp_path):
    path = tmp_path / "broken.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=r"broken\.db"):
        open_store(str(path))


def test_stored_attributions_count_only_for_the_rules_that_found_them(store_location):
    store = open_store(store_location)
    article = make_article()
    found = [{"kind": "indirect", "content_start": 4, "content_end": 30, "cue": "said"}]
    with store.transaction():
        store.add_article(article)
        store.save_attributions(article.id, "rules-1", found)
    assert store.articles_needing_attributions("rules-1", [article.id]) == []
    assert store.articles_needing_attributions("rules-2", [article.id]) == [article.id]
    assert store.attributions([article.id]) == {article.id: found}
    with store.transaction():
        store.save_attributions(article.id, "rules-2", [])
    assert store.articles_needing_attributions("rules-2", [article.id]) == []
    assert store.attributions([article.id]) == {article.id: []}
    store.close()
