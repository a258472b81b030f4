"""Stores: where a workspace keeps its articles, analyses and cached embeddings.

Backends register themselves by URL scheme (``open_store("sqlite:///path")`` or a plain path).
Store methods never commit: the caller — a CLI command, an API request, a pipeline run — owns the
transaction through ``store.transaction()``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Protocol

import numpy as np

from crosswire.records import Article, Mention, Sentence


class Store(Protocol):
    def transaction(self) -> AbstractContextManager[None]: ...
    def close(self) -> None: ...
    def input_hash(self, source: str) -> tuple[str, str | None] | None: ...
    def record_input(self, source: str, content_hash: str, article_id: str | None) -> None: ...
    def add_article(self, article: Article) -> bool: ...
    def articles(self, ids: list[str] | None = None) -> list[Article]: ...
    def sources_of(self, article_id: str) -> list[str]: ...
    def articles_needing_nlp(self, model: str, ids: list[str]) -> list[str]: ...
    def save_nlp(
        self, article_id: str, model: str, sentences: list[Sentence], mentions: list[Mention]
    ) -> None: ...
    def sentences(self, article_ids: list[str]) -> list[Sentence]: ...
    def mentions(self, article_ids: list[str]) -> list[Mention]: ...
    def articles_needing_attributions(self, rules: str, ids: list[str]) -> list[str]: ...
    def save_attributions(self, article_id: str, rules: str, found: list[dict]) -> None: ...
    def attributions(self, article_ids: list[str]) -> dict[str, list[dict]]: ...
    def missing_embeddings(self, model: str, hashes: list[str]) -> list[str]: ...
    def save_embeddings(self, model: str, vectors: dict[str, np.ndarray]) -> None: ...
    def embeddings(self, model: str, hashes: list[str]) -> dict[str, np.ndarray]: ...
    def search(self, query: str, limit: int = 20) -> list[tuple[str, str, str]]: ...
    def counts(self) -> dict[str, int]: ...


BACKENDS: dict[str, Callable[[str], Store]] = {}


def register_backend(scheme: str, opener: Callable[[str], Store]) -> None:
    """Make ``open_store`` understand ``scheme://...`` locations."""
    BACKENDS[scheme] = opener


def open_store(location: str) -> Store:
    """Open (creating if needed) the store at ``location``: a path or ``scheme://...``."""
    scheme, sep, rest = location.partition("://")
    if not sep:
        scheme, rest = "sqlite", location
    if scheme not in BACKENDS:
        raise ValueError(
            f"unknown store type {scheme!r} in {location!r}; known: {', '.join(sorted(BACKENDS))}"
        )
    return BACKENDS[scheme](rest)


from crosswire.store import sqlite as _sqlite  # noqa: E402  (registers the default backend)

register_backend("sqlite", _sqlite.SQLiteStore)
