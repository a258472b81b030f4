"""Search means the same on every backend: FTS5's query language on SQLite, the same language
translated to a tsquery on PostgreSQL. Hits must match as sets (the backends rank differently:
BM25 against ts_rank), and the same queries must be refused."""

import re

import pytest

from crosswire.records import Article, article_id_for
from crosswire.store import open_store

pytestmark = pytest.mark.unit

TEXTS = {
    "signed": "The port authority signed the Ennore concession with Veldhaven on Sunday.",
    "denied": "Veldhaven denied signing anything; the authority's statement was premature.",
    "rugby": "The rugby cup final in Cardiff ended in a draw after extra time.",
    "fishers": "Fishing families in Ennore said the terminal concession threatens their catch.",
}

#: Query → the articles it must find (by their key in TEXTS).
QUERIES = {
    "concession": {"signed", "fishers"},
    "Ennore concession": {"signed", "fishers"},
    '"port authority"': {"signed"},
    '"authority signed"': {"signed"},
    # A phrase lies within one field: the title ("signed") does not run on into the text.
    '"signed the port"': set(),
    "signing": {"denied"},
    "fishers": {"fishers"},  # in the title only
    "concess*": {"signed", "fishers"},
    "VELDHAVEN": {"signed", "denied"},
    "veldhaven OR rugby": {"signed", "denied", "rugby"},
    "Ennore NOT fishing": {"signed"},
    "concession AND (veldhaven OR fishing)": {"signed", "fishers"},
    "cup AND final": {"rugby"},
    "nowhere": set(),
}

#: Queries FTS5 cannot read; both backends refuse them with ValueError.
REFUSED = ['"unclosed phrase', "U.S. deal", "port -deal", "NOT port", "(port", "port OR", ""]


def ids(found) -> set[str]:
    by_id = {article_id_for(text): key for key, text in TEXTS.items()}
    return {by_id[hit.article_id] for hit in found}


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def store(request, tmp_path_factory):
    """One workspace per backend for the module (the tests only read it)."""
    if request.param == "sqlite":
        location = str(tmp_path_factory.mktemp("search") / "w.db")
    else:
        location = request.getfixturevalue("postgres_server").database()
    store = open_store(location)
    with store.transaction():
        for key, text in TEXTS.items():
            store.add_article(
                Article(
                    id=article_id_for(text),
                    source=f"{key}.txt",
                    title=key,
                    text=text,
                    original_text=text,
                )
            )
    yield store
    store.close()


@pytest.mark.parametrize("query", list(QUERIES))
def test_a_query_finds_the_same_articles_on_every_backend(store, query):
    assert ids(store.search(query)) == QUERIES[query]


@pytest.mark.parametrize("query", REFUSED)
def test_a_query_fts5_cannot_read_is_refused_with_the_reason(store, query):
    with pytest.raises(ValueError, match="cannot search for"):
        store.search(query)


def test_a_hit_carries_its_title_and_a_snippet_marking_the_words(store):
    (hit,) = store.search('"port authority"')
    assert hit.title == "signed"
    # SQLite marks the phrase as one span, PostgreSQL each word.
    assert re.search(r"\[port(\] \[| )authority\]", hit.snippet, re.IGNORECASE)


def test_the_limit_bounds_the_hits(store):
    assert len(store.search("concession OR rugby OR veldhaven", limit=2)) == 2
