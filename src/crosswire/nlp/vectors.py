"""Sentence vectors kept so that no text is embedded twice.

``CachedEncoder`` puts an encoder behind a cache keyed by ``records.text_hash`` (a hash of the
normalised text, the key the workspace store keeps vectors under). The cache is held in memory
(``MemoryVectors``, seeded with the vectors a run already has) or in a file that outlives the run
(``VectorFile``, for evaluation runs over gold data; keep it out of git).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from crosswire.nlp.encoder import Encoder
from crosswire.records import text_hash

#: SQLite limits bound parameters per statement; lookups are chunked below it.
_CHUNK = 500


class VectorCache(Protocol):
    """Where a ``CachedEncoder`` keeps vectors, by text hash."""

    def lookup(self, hashes: Sequence[str]) -> dict[str, np.ndarray]: ...

    def keep(self, vectors: Mapping[str, np.ndarray]) -> None: ...


class MemoryVectors:
    """Vectors in a dict, for one run."""

    def __init__(self, vectors: Mapping[str, np.ndarray] | None = None):
        self.vectors = dict(vectors or {})

    def lookup(self, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        return {h: self.vectors[h] for h in hashes if h in self.vectors}

    def keep(self, vectors: Mapping[str, np.ndarray]) -> None:
        self.vectors.update(vectors)


class StoredEmbeddings(Protocol):
    """The part of a workspace ``Store`` that ``WorkspaceVectors`` reads."""

    def embeddings(self, model: str, hashes: list[str]) -> dict[str, np.ndarray]: ...


class WorkspaceVectors(MemoryVectors):
    """Vectors of one run backed by the workspace's embedding table: a lookup reads memory,
    then the store; what the encoder makes is held in memory and waits in ``pending`` for the
    caller to save in its own transaction (``take_pending``). The analysis stages embed texts
    that are not sentences (quote fragments, summary units, claim frames); kept in the
    workspace, a story analysed again after an article joins it embeds only the new ones. (The
    encoder gives a text the same vector whatever else is in its batch, so a stored vector is
    the one a fresh run would make.)"""

    def __init__(
        self,
        store: StoredEmbeddings,
        model: str,
        vectors: Mapping[str, np.ndarray] | None = None,
    ):
        super().__init__(vectors)
        self.store = store
        self.model = model
        self.pending: dict[str, np.ndarray] = {}

    def lookup(self, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        missing = [h for h in hashes if h not in self.vectors]
        if missing:
            self.vectors.update(self.store.embeddings(self.model, missing))
        return super().lookup(hashes)

    def keep(self, vectors: Mapping[str, np.ndarray]) -> None:
        super().keep(vectors)
        self.pending.update(vectors)

    def take_pending(self) -> dict[str, np.ndarray]:
        """The vectors made since the last call (for the caller to save), forgotten here."""
        pending, self.pending = self.pending, {}
        return pending


class VectorFile:
    """Vectors in an SQLite file, under the encoder's name, reused by later runs."""

    def __init__(self, path: str | Path, model: str):
        self.model = model
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(str(path))
        self.connection.execute(
            "CREATE TABLE IF NOT EXISTS sentence_vectors (model TEXT NOT NULL, hash TEXT NOT NULL, "
            "vector BLOB NOT NULL, PRIMARY KEY (model, hash))"
        )

    def lookup(self, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for begin in range(0, len(hashes), _CHUNK):
            chunk = list(hashes[begin : begin + _CHUNK])
            rows = self.connection.execute(
                "SELECT hash, vector FROM sentence_vectors WHERE model = ? AND hash IN "
                f"({','.join('?' * len(chunk))})",
                [self.model, *chunk],
            )
            found.update((h, np.frombuffer(v, dtype=np.float32)) for h, v in rows)
        return found

    def keep(self, vectors: Mapping[str, np.ndarray]) -> None:
        with self.connection:
            self.connection.executemany(
                "INSERT OR REPLACE INTO sentence_vectors VALUES (?, ?, ?)",
                [(self.model, h, np.asarray(v, np.float32).tobytes()) for h, v in vectors.items()],
            )

    def close(self) -> None:
        self.connection.close()


class CachedEncoder:
    """An ``Encoder`` that embeds only the texts its cache does not hold, each distinct text once
    (texts that normalise alike share a vector), and keeps what it embeds."""

    def __init__(
        self, encoder: Encoder, cache: VectorCache | Mapping[str, np.ndarray] | None = None
    ):
        self.encoder = encoder
        self.name = encoder.name
        self.dimension = encoder.dimension
        self.cache: VectorCache = (
            MemoryVectors(cache) if cache is None or isinstance(cache, Mapping) else cache
        )

    def vectors(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The vector of each distinct text."""
        keys = {text: text_hash(text) for text in dict.fromkeys(texts)}
        found = self.cache.lookup(sorted(set(keys.values())))
        # One text per missing key: of texts that normalise alike, the last in sorted order.
        todo = {keys[text]: text for text in sorted(keys) if keys[text] not in found}
        if todo:
            texts_to_embed = sorted(todo.values())
            new = dict(zip((keys[t] for t in texts_to_embed), self.encoder.encode(texts_to_embed)))
            self.cache.keep(new)
            found.update(new)
        return {text: found[key] for text, key in keys.items()}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        by_text = self.vectors(texts)
        return np.vstack([by_text[text] for text in texts])
