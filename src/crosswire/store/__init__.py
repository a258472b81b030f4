"""Stores: where a workspace keeps its articles, analyses and cached embeddings.

Backends register themselves by URL scheme: ``open_store("sqlite:///path")`` or a plain path for
SQLite, ``open_store("postgresql://user@host/db")`` for PostgreSQL (needs ``crosswire[postgres]``).
Store methods never commit: the caller — a CLI command, an API request, a pipeline run — owns the
transaction through ``store.transaction()``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Protocol

import numpy as np

from crosswire.errors import StoreError
from crosswire.records import (
    Article,
    KnownInput,
    Mention,
    SearchHit,
    Sentence,
    StoryChange,
    StoryRow,
)


class Store(Protocol):
    """Everything the pipeline, ``crosswire.Workspace`` and the CLI ask of a store; a backend
    (SQLite, PostgreSQL) implements these and nothing else.

    Every write raises unless it runs inside ``transaction()``: the caller owns the transaction.
    Reads may run in or out of one. Ids are the records' own stable ids.
    """

    # -- transactions and lifetime

    def transaction(self) -> AbstractContextManager[None]:
        """Begin; commit when the block ends, roll back if it raises."""
        ...

    def close(self) -> None: ...

    # -- inputs and articles

    def input_hash(self, source: str) -> KnownInput | None:
        """(content hash, article id or None if it gave no article) last recorded for an input."""
        ...

    def record_input(self, source: str, content_hash: str, article_id: str | None) -> None:
        """Remember what an input held and which article it gave (write)."""
        ...

    def add_article(self, article: Article) -> bool:
        """Store an article unless its id is stored already; True if it was new (write)."""
        ...

    def articles(self, ids: list[str] | None = None) -> list[Article]:
        """The stored articles with these ids (every article, oldest first, if None)."""
        ...

    def sources_of(self, article_id: str) -> list[str]:
        """Every input an article came from, sorted."""
        ...

    # -- per-article analysis, cached under the model or rules that made it

    def articles_needing_nlp(self, model: str, ids: list[str]) -> list[str]:
        """Those of ``ids`` whose sentences and mentions are missing or were made by another
        ``model``, in the given order."""
        ...

    def save_nlp(
        self, article_id: str, model: str, sentences: list[Sentence], mentions: list[Mention]
    ) -> None:
        """Replace an article's sentences and mentions (write)."""
        ...

    def sentences(self, article_ids: list[str]) -> list[Sentence]:
        """The articles' sentences, by article id then position."""
        ...

    def mentions(self, article_ids: list[str]) -> list[Mention]:
        """The articles' entity mentions, by article id then span."""
        ...

    def articles_needing_attributions(self, rules: str, ids: list[str]) -> list[str]:
        """Those of ``ids`` whose attributions are missing or were found by other ``rules``."""
        ...

    def save_attributions(self, article_id: str, rules: str, found: list[dict[str, Any]]) -> None:
        """Replace an article's attributions (as ``Attribution.to_dict()`` dicts) (write)."""
        ...

    def attributions(self, article_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Stored attributions of those articles that have them."""
        ...

    # -- sentence embeddings, keyed by model name and sentence text hash

    def missing_embeddings(self, model: str, hashes: list[str]) -> list[str]:
        """The distinct hashes with no stored vector, in first-seen order."""
        ...

    def save_embeddings(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        """Store float32 vectors by text hash (write)."""
        ...

    def embeddings(self, model: str, hashes: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those hashes that have one."""
        ...

    # -- stories

    def load_stories(self) -> list[StoryRow]:
        """Every story's clustering state, in founding order (``seq``)."""
        ...

    def save_stories(self, stories: list[StoryRow], removed_ids: list[str]) -> None:
        """Replace the state and members of ``stories``; delete ``removed_ids`` (write)."""
        ...

    def story_version(self) -> int:
        """A number that moves with every committed change to the stories or their members
        (``save_stories`` raises it): a reader compares it before reading the assignment."""
        ...

    def record_story_change(self, change: StoryChange) -> None:
        """Append a merge or split to the workspace's history (write)."""
        ...

    def story_changes(self) -> list[StoryChange]:
        """Every recorded merge and split, oldest first."""
        ...

    def story_assignment(self, article_ids: list[str] | None = None) -> dict[str, str]:
        """Article id → story id, for those articles (every clustered article if None)."""
        ...

    # -- the server's write token (only its salted hash is kept)

    def token_hash(self, name: str) -> str | None:
        """The stored hash of the token called ``name``, if one was saved."""
        ...

    def save_token_hash(self, name: str, token_hash: str) -> None:
        """Keep (or replace) the hash of the token called ``name`` (write)."""
        ...

    # -- search and counts

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """(article id, title, snippet) of matching articles, best first; ValueError with the
        reason when the query cannot be understood."""
        ...

    def counts(self) -> dict[str, int]:
        """Rows per kind of stored thing (articles, inputs, sentences, stories …)."""
        ...

    # -- who holds the workspace

    def owner_tag(self) -> str:
        """Names this process's hold on the workspace, for a record another process may have
        to finish if this one dies (``changes.track``)."""
        ...

    def owner_alive(self, owner: str) -> bool:
        """Whether the holder an ``owner_tag`` names may still run (True when it cannot be
        told: a record is never taken from a live process)."""
        ...


BACKENDS: dict[str, Callable[..., Store]] = {}


def register_backend(scheme: str, opener: Callable[..., Store]) -> None:
    """Make ``open_store`` understand ``scheme://...`` locations. ``opener`` takes the rest of
    the location and the keyword options ``open_store`` passes on."""
    BACKENDS[scheme] = opener


def open_store(
    location: str,
    *,
    busy_timeout: float | None = None,
    on_busy: Callable[[str], None] | None = None,
) -> Store:
    """Open (creating if needed) the store at ``location``: a path or ``scheme://...``.
    Raises StoreError (a UserError naming the location) when it cannot. ``busy_timeout``: how
    many seconds to wait while another process writes (default five minutes), then StoreBusy
    naming the holder; ``on_busy`` is told, now and then, what is awaited."""
    scheme, sep, rest = location.partition("://")
    if not sep:
        scheme, rest = "sqlite", location
    if scheme not in BACKENDS:
        raise StoreError(
            f"unknown store type {scheme!r} in {location!r}; known: {', '.join(sorted(BACKENDS))}"
        )
    options: dict[str, object] = {"on_busy": on_busy}
    if busy_timeout is not None:
        options["busy_timeout"] = busy_timeout
    return BACKENDS[scheme](rest, **options)


from crosswire.store import sqlite as _sqlite  # noqa: E402  (registers the default backend)

register_backend("sqlite", _sqlite.SQLiteStore)


def _open_postgres(rest: str, **options: Any) -> Store:
    """A PostgreSQL workspace; the backend is imported on first use, as psycopg is optional."""
    try:
        from crosswire.store.postgres import PostgresStore
    except ImportError as error:
        if not (error.name or "").startswith("psycopg"):
            raise
        raise StoreError(
            "PostgreSQL workspaces need psycopg 3, which is not installed: "
            "pip install 'crosswire[postgres]' (or pip install 'psycopg[binary]')"
        ) from error
    return PostgresStore(f"postgresql://{rest}", **options)


register_backend("postgresql", _open_postgres)
register_backend("postgres", _open_postgres)
