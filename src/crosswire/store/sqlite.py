"""The embedded store: one SQLite file per workspace (WAL, FTS5, migrations recorded in the
database). Methods never commit; ``transaction()`` is the only place a transaction begins or ends.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import numpy as np

from crosswire.errors import StoreBusy, StoreError
from crosswire.records import (
    Article,
    KnownInput,
    Mention,
    SearchHit,
    Sentence,
    StoryChange,
    StoryRow,
)
from crosswire.store.common import (
    ARTICLE_COLUMNS,
    HOST,
    article_from_row,
    article_row,
    duration,
    host_owner_alive,
    process_command,
    process_running,
    register_dialect,
    sql_statements,
)

# The workspace tables beyond the protocol (``common.Tables``) take ? and order text by code point
# under BINARY, SQLite's default collation.
register_dialect("sqlite3", sqlite3.paramstyle, "BINARY")

#: SQLite limits bound parameters per statement; we chunk IN (...) lists below it.
_CHUNK = 500


#: How long a command waits for a workspace another process is writing to, by default.
DEFAULT_BUSY_TIMEOUT = 300.0
#: How often a waiting command says it is still waiting, in seconds.
_TELL_EVERY = 5.0
#: How long SQLite waits on its own before we look again (and tell, when it is time).
_SLICE = 1.0


class SQLiteStore:
    """``busy_timeout``: how long to wait, in seconds, when another process holds the write lock
    (then StoreBusy, naming the holder); ``on_busy`` is told what is awaited while waiting."""

    def __init__(
        self,
        path: str,
        *,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        on_busy: Callable[[str], None] | None = None,
    ):
        self.path = path
        self.busy_timeout = max(0.0, busy_timeout)
        self.on_busy = on_busy
        self._registered = False
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            # isolation_level=None: the sqlite3 module never opens transactions on its own.
            self.db = sqlite3.connect(path, isolation_level=None, timeout=self.busy_timeout)
            # Turning WAL on takes the whole file: a second process creating the same new
            # workspace finds it busy (SQLite may say so at once, without waiting).
            self._waiting(lambda: self.db.execute("PRAGMA journal_mode=WAL"))
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except StoreError:
            raise
        except sqlite3.DatabaseError as error:
            raise _unusable(path, error) from error

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK if the block raises. Waits (up to
        ``busy_timeout``) while another process writes."""
        self._waiting(lambda: self.db.execute("BEGIN IMMEDIATE"))
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        if self._registered:
            try:  # a process that cannot say goodbye now is dropped by the next opener
                self.db.execute(f"PRAGMA busy_timeout = {int(_SLICE * 1000)}")
                self.db.execute(
                    "DELETE FROM writers WHERE host = ? AND pid = ?", (HOST, os.getpid())
                )
            except sqlite3.Error:
                pass
        self.db.close()

    def _waiting(self, act: Callable[[], object]) -> None:
        """``act`` (which takes a lock), tried again while another process holds the lock, for
        up to ``busy_timeout`` seconds, telling ``on_busy`` now and then; StoreBusy after."""
        started = time.monotonic()
        told: float | None = None
        self.db.execute(f"PRAGMA busy_timeout = {int(min(_SLICE, self.busy_timeout) * 1000)}")
        try:
            while True:
                try:
                    act()
                    return
                except sqlite3.OperationalError as error:
                    if not _is_busy(error):
                        raise
                waited = time.monotonic() - started
                if waited >= self.busy_timeout:
                    raise StoreBusy(
                        f"the workspace {self.path!r} is busy: {self._holders()}; it was still "
                        f"busy after {duration(self.busy_timeout)}. Run again when that "
                        "process has finished, or wait longer with --busy-timeout SECONDS"
                    )
                if self.on_busy is not None and (told is None or waited - told >= _TELL_EVERY):
                    told = waited
                    self.on_busy(
                        f"the workspace {self.path!r} is busy ({self._holders()}); waiting "
                        f"up to {duration(self.busy_timeout)}, {duration(waited)} so far"
                    )
                time.sleep(0.05)  # SQLite can answer "busy" at once: do not spin
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")

    def _holders(self) -> str:
        """Who has the workspace open, as recorded in it (read without waiting for the lock)."""
        try:
            rows = self.db.execute(
                "SELECT host, pid, command, started FROM writers ORDER BY started"
            ).fetchall()
        except sqlite3.Error:
            rows = []
        alive = [
            f"pid {pid} on {host} ({command}, since {started})"
            for host, pid, command, started in rows
            if (host, pid) != (HOST, os.getpid()) and (host != HOST or process_running(pid))
        ]
        if not alive:
            return "another program holds it (no running crosswire process is recorded in it)"
        return "held by crosswire " + "; ".join(alive)

    def _writing(self) -> None:
        """Writes belong to the caller's transaction; outside one they would commit on their own."""
        if not self.db.in_transaction:
            raise StoreError(
                "a store write was called outside store.transaction(); the caller "
                "owns the transaction (this is a bug in the calling code)"
            )

    def _migrate(self) -> None:
        """Bring the schema up to date and record this process as one that has the workspace
        open. One transaction (BEGIN IMMEDIATE): two processes opening a new workspace at once
        take turns, and the second finds the migrations applied."""
        with self.transaction():
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, "
                "name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT "
                "CURRENT_TIMESTAMP)"
            )
            applied = {row[0] for row in self.db.execute("SELECT version FROM migrations")}
            folder = resources.files("crosswire.store").joinpath("migrations")
            for entry in sorted(folder.iterdir(), key=lambda e: e.name):
                if not entry.name.endswith(".sql"):
                    continue
                version = int(entry.name.split("_", 1)[0])
                if version in applied:
                    continue
                for statement in sql_statements(entry.read_text(encoding="utf-8")):
                    self.db.execute(statement)
                self.db.execute(
                    "INSERT INTO migrations (version, name) VALUES (?, ?)", (version, entry.name)
                )
            gone = [
                pid
                for (pid,) in self.db.execute("SELECT pid FROM writers WHERE host = ?", (HOST,))
                if not process_running(pid)
            ]
            self.db.executemany(
                "DELETE FROM writers WHERE host = ? AND pid = ?", [(HOST, pid) for pid in gone]
            )
            self.db.execute(
                "INSERT OR REPLACE INTO writers (host, pid, command, started) VALUES (?, ?, ?, ?)",
                (
                    HOST,
                    os.getpid(),
                    process_command(),
                    datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
                ),
            )
        self._registered = True

    # -- inputs and articles ------------------------------------------------------------------

    def input_hash(self, source: str) -> KnownInput | None:
        row = self.db.execute(
            "SELECT content_hash, article_id FROM inputs WHERE source = ?", (source,)
        ).fetchone()
        return KnownInput(row[0], row[1]) if row else None

    def record_input(self, source: str, content_hash: str, article_id: str | None) -> None:
        self._writing()
        self.db.execute(
            "INSERT INTO inputs (source, content_hash, article_id) VALUES (?, ?, ?) "
            "ON CONFLICT(source) DO UPDATE SET content_hash = excluded.content_hash, "
            "article_id = excluded.article_id",
            (source, content_hash, article_id),
        )

    def add_article(self, article: Article) -> bool:
        """Insert the article unless one with the same id (same text) exists; True if inserted."""
        self._writing()
        if self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
            return False
        seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM articles").fetchone()[0]
        row = article_row(article)
        self.db.execute(
            f"INSERT INTO articles (seq, {', '.join(row)}) VALUES (?, {', '.join('?' * len(row))})",
            (seq, *row.values()),
        )
        self.db.execute(
            "INSERT INTO articles_fts (article_id, title, text) VALUES (?, ?, ?)",
            (article.id, article.title, article.text),
        )
        return True

    def articles(self, ids: list[str] | None = None) -> list[Article]:
        columns = ", ".join(ARTICLE_COLUMNS)
        if ids is None:
            rows = list(self.db.execute(f"SELECT {columns} FROM articles ORDER BY seq"))
        else:
            rows = self._select_in(f"SELECT {columns} FROM articles WHERE id IN ({{}})", ids)
        return [article_from_row(row) for row in rows]

    def sources_of(self, article_id: str) -> list[str]:
        return [
            row[0]
            for row in self.db.execute(
                "SELECT source FROM inputs WHERE article_id = ? ORDER BY source", (article_id,)
            )
        ]

    # -- NLP results ---------------------------------------------------------------------------

    def articles_needing_nlp(self, model: str, ids: list[str]) -> list[str]:
        """The articles whose sentences and mentions were made by another model, or are
        missing."""
        done = {
            row[0]
            for row in self._select_in(
                "SELECT article_id FROM nlp_done WHERE model = ? AND article_id IN ({})",
                ids,
                prefix=(model,),
            )
        }
        return [i for i in ids if i not in done]

    def save_nlp(
        self, article_id: str, model: str, sentences: list[Sentence], mentions: list[Mention]
    ) -> None:
        self._writing()
        self.db.execute("DELETE FROM sentences WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
        self.db.executemany(
            'INSERT INTO sentences (article_id, idx, start, "end", text, text_hash) '
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(s.article_id, s.index, s.start, s.end, s.text, s.text_hash) for s in sentences],
        )
        self.db.executemany(
            'INSERT OR IGNORE INTO mentions (article_id, start, "end", text, label) '
            "VALUES (?, ?, ?, ?, ?)",
            [(m.article_id, m.start, m.end, m.text, m.label) for m in mentions],
        )
        self.db.execute(
            "INSERT OR REPLACE INTO nlp_done (article_id, model) VALUES (?, ?)", (article_id, model)
        )

    def sentences(self, article_ids: list[str]) -> list[Sentence]:
        rows = self._select_in(
            'SELECT article_id, idx, start, "end", text FROM sentences WHERE article_id IN ({})',
            article_ids,
        )
        return sorted((Sentence(*row) for row in rows), key=lambda s: (s.article_id, s.index))

    def articles_needing_attributions(self, rules: str, ids: list[str]) -> list[str]:
        """The articles whose stored attributions were found by other rules, or are missing."""
        done = {
            row[0]
            for row in self._select_in(
                "SELECT article_id FROM attributions WHERE rules = ? AND article_id IN ({})",
                ids,
                prefix=(rules,),
            )
        }
        return [i for i in ids if i not in done]

    def save_attributions(self, article_id: str, rules: str, found: list[dict]) -> None:
        self._writing()
        self.db.execute(
            "INSERT OR REPLACE INTO attributions (article_id, rules, attributions_json) "
            "VALUES (?, ?, ?)",
            (article_id, rules, json.dumps(found, sort_keys=True)),
        )

    def attributions(self, article_ids: list[str]) -> dict[str, list[dict]]:
        """Stored attributions (as dicts) of the articles that have them."""
        return {
            article_id: json.loads(found)
            for article_id, found in self._select_in(
                "SELECT article_id, attributions_json FROM attributions WHERE article_id IN ({})",
                article_ids,
            )
        }

    def mentions(self, article_ids: list[str]) -> list[Mention]:
        rows = self._select_in(
            'SELECT article_id, start, "end", text, label FROM mentions WHERE article_id IN ({})',
            article_ids,
        )
        return sorted((Mention(*row) for row in rows), key=lambda m: (m.article_id, m.start, m.end))

    # -- embeddings ----------------------------------------------------------------------------

    def missing_embeddings(self, model: str, hashes: list[str]) -> list[str]:
        present = {
            row[0]
            for row in self._select_in(
                "SELECT text_hash FROM embeddings WHERE model = ? AND text_hash IN ({})",
                hashes,
                prefix=(model,),
            )
        }
        return [h for h in dict.fromkeys(hashes) if h not in present]

    def save_embeddings(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        self._writing()
        self.db.executemany(
            "INSERT OR REPLACE INTO embeddings (text_hash, model, vector) VALUES (?, ?, ?)",
            [(h, model, np.asarray(v, dtype=np.float32).tobytes()) for h, v in vectors.items()],
        )

    def embeddings(self, model: str, hashes: list[str]) -> dict[str, np.ndarray]:
        rows = self._select_in(
            "SELECT text_hash, vector FROM embeddings WHERE model = ? AND text_hash IN ({})",
            list(dict.fromkeys(hashes)),
            prefix=(model,),
        )
        return {h: np.frombuffer(blob, dtype=np.float32) for h, blob in rows}

    # -- search and counts ---------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """The articles matching an FTS5 query, best first."""
        try:
            return list(
                SearchHit(*row)
                for row in self.db.execute(
                    "SELECT article_id, title, snippet(articles_fts, 2, '[', ']', '…', 12) "
                    "FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
                    (query, limit),
                )
            )
        except sqlite3.OperationalError as error:
            raise ValueError(
                f'cannot search for {query!r}: {error}. Quote phrases with "…" '
                "and avoid stray punctuation"
            ) from error

    # -- stories -------------------------------------------------------------------------------

    def load_stories(self) -> list[StoryRow]:
        """Every story's clustering state, oldest story first."""
        members: dict[str, list[str]] = {}
        for article_id, story_id in self.db.execute(
            "SELECT article_id, story_id FROM story_members ORDER BY story_id, seq"
        ):
            members.setdefault(story_id, []).append(article_id)
        return [
            StoryRow(
                id=id_,
                seq=seq,
                vector_sum=np.frombuffer(blob, dtype=np.float32).copy(),
                entity_counts=json.loads(counts),
                first_date=first,
                last_date=last,
                article_ids=tuple(members.get(id_, ())),
            )
            for id_, seq, blob, counts, first, last in self.db.execute(
                "SELECT id, seq, vector_sum, entity_counts_json, first_date, last_date "
                "FROM stories ORDER BY seq"
            )
        ]

    def save_stories(self, stories: list[StoryRow], removed_ids: list[str]) -> None:
        """Write the state of the given stories (replacing it) and delete merged-away ones."""
        self._writing()
        if stories or removed_ids:
            self.db.execute("UPDATE story_version SET version = version + 1")
        for story_id in removed_ids:
            self.db.execute("DELETE FROM stories WHERE id = ?", (story_id,))
        for story in stories:
            self.db.execute(
                "INSERT OR REPLACE INTO stories (id, seq, vector_sum, entity_counts_json, "
                "first_date, last_date) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    story.id,
                    story.seq,
                    np.asarray(story.vector_sum, dtype=np.float32).tobytes(),
                    json.dumps(dict(story.entity_counts), sort_keys=True),
                    story.first_date,
                    story.last_date,
                ),
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO story_members (article_id, story_id, seq) VALUES (?, ?, ?)",
                [
                    (article_id, story.id, index)
                    for index, article_id in enumerate(story.article_ids)
                ],
            )

    def owner_tag(self) -> str:
        """``<host>:<pid>``: a SQLite workspace is a file on this host's disk."""
        return f"{HOST}:{os.getpid()}"

    def owner_alive(self, owner: str) -> bool:
        return host_owner_alive(owner)

    def story_version(self) -> int:
        return int(self.db.execute("SELECT version FROM story_version").fetchone()[0])

    def record_story_change(self, change: StoryChange) -> None:
        self._writing()
        self.db.execute(
            "INSERT INTO story_changes (kind, from_ids_json, into_ids_json, article_id, "
            "score) VALUES (?, ?, ?, ?, ?)",
            (
                change.kind,
                json.dumps(list(change.from_ids)),
                json.dumps(list(change.into_ids)),
                change.article_id,
                change.score,
            ),
        )

    def story_changes(self) -> list[StoryChange]:
        return [
            StoryChange(kind, tuple(json.loads(f)), tuple(json.loads(i)), article_id, score)
            for kind, f, i, article_id, score in self.db.execute(
                "SELECT kind, from_ids_json, into_ids_json, article_id, score "
                "FROM story_changes ORDER BY seq"
            )
        ]

    def story_assignment(self, article_ids: list[str] | None = None) -> dict[str, str]:
        """Article id → story id (for the given articles, or all)."""
        if article_ids is None:
            return dict(self.db.execute("SELECT article_id, story_id FROM story_members"))
        return dict(
            self._select_in(
                "SELECT article_id, story_id FROM story_members WHERE article_id IN ({})",
                article_ids,
            )
        )

    # -- the server's write token -------------------------------------------------------------

    def token_hash(self, name: str) -> str | None:
        row = self.db.execute("SELECT hash FROM server_tokens WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def save_token_hash(self, name: str, token_hash: str) -> None:
        self._writing()
        self.db.execute(
            "INSERT OR REPLACE INTO server_tokens (name, hash, created) VALUES (?, ?, ?)",
            (name, token_hash, datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")),
        )

    def counts(self) -> dict[str, int]:
        tables = (
            "articles",
            "inputs",
            "sentences",
            "mentions",
            "nlp_done",
            "embeddings",
            "stories",
            "story_members",
        )
        return {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}

    # -- helpers -------------------------------------------------------------------------------

    def _select_in(self, sql: str, values: list[str], prefix: tuple = ()) -> list[tuple]:
        rows: list[tuple] = []
        for begin in range(0, len(values), _CHUNK):
            chunk = values[begin : begin + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            rows.extend(self.db.execute(sql.format(marks), (*prefix, *chunk)))
        return rows


def _is_busy(error: sqlite3.OperationalError) -> bool:
    """SQLite's "database is locked" / "database is busy": another process has the lock."""
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _unusable(path: str, error: sqlite3.DatabaseError) -> StoreError:
    """The error for a database SQLite refused: "broken" only when its integrity check fails."""
    found = _integrity_problem(path)
    if found is not None:
        return StoreError(
            f"cannot open the workspace database {path!r} ({error}); SQLite's integrity check "
            f"says it is damaged ({found}): pass another --db path or move the broken file away"
        )
    return StoreError(
        f"cannot use the workspace database {path!r} ({error}); it passes SQLite's integrity "
        "check, so the file is not damaged: check its permissions and the free disk space, and "
        "try again"
    )


def _integrity_problem(path: str) -> str | None:
    """What ``PRAGMA quick_check`` finds wrong with the file (None when it says ok)."""
    if path == ":memory:":
        return None
    try:
        check = sqlite3.connect(path, timeout=_SLICE)
        try:
            rows = [row[0] for row in check.execute("PRAGMA quick_check").fetchall()]
        finally:
            check.close()
    except sqlite3.OperationalError as error:
        if _is_busy(error):
            return None
        return str(error)
    except sqlite3.DatabaseError as error:
        return str(error)
    return None if rows == ["ok"] else "; ".join(rows[:3])
