"""The shared store: one PostgreSQL database per workspace (``postgresql://…`` locations), for a
team whose ``crosswire serve`` and batch runs share one server. Same tables and meaning as the
SQLite store (migrations in ``migrations_pg/``); full-text search is a stored ``tsvector`` under
a GIN index; vectors are little-endian float32 bytes in ``bytea`` columns.

Writers take turns as with SQLite's ``BEGIN IMMEDIATE``: every ``transaction()`` first takes one
transaction-scoped advisory lock of the database, so a run's read-modify-write of the stories
never interleaves with another's. Reads need no lock. Methods never commit; ``transaction()`` is
the only place a transaction begins or ends. Needs psycopg 3 (``pip install crosswire[postgres]``).
"""

from __future__ import annotations

import json
import os
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import numpy as np
import psycopg
from psycopg import errors, sql
from psycopg.pq import TransactionStatus

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
    register_dialect,
    shown_location,
    sql_statements,
)
from crosswire.store.search_query import to_tsquery_sql

# The workspace tables beyond the protocol (``common.Tables``) get %s placeholders, and order text
# by code point under the "C" collation (the database's own may be a language's).
register_dialect("psycopg", psycopg.paramstyle, '"C"')

#: How long a command waits for a workspace another process is writing to, by default (the
#: SQLite store's default, so ``--busy-timeout`` means the same on both).
DEFAULT_BUSY_TIMEOUT = 300.0
#: How often a waiting command says it is still waiting, in seconds.
_TELL_EVERY = 5.0
#: How long one attempt at the writer lock waits before we look again (and tell, when it is time).
_SLICE = 1.0
#: The writer lock's first key ("crsw" read as a big-endian int32, so other programs' advisory
#: locks are unlikely to clash); the second is made from the schema name (see ``_lock_keys``).
_LOCK_SPACE = 0x63727377
#: Vectors are stored as little-endian float32 whatever the machine, so any client reads them.
_VECTOR = np.dtype("<f4")
#: What ``search`` asks ``ts_headline`` for: about the twelve words FTS5's snippet gives.
_HEADLINE = "StartSel=[, StopSel=], MaxWords=12, MinWords=6, ShortWord=0, HighlightAll=false"


class PostgresStore:
    """``location``: a libpq URL (``postgresql://user@host/db``, ``postgresql:///db?host=/run/x``
    for a Unix socket). The database must exist; its tables are created on first open.
    ``busy_timeout``: how long to wait, in seconds, while another process holds the writer lock
    (then StoreBusy, naming the holder); ``on_busy`` is told what is awaited while waiting."""

    def __init__(
        self,
        location: str,
        *,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        on_busy: Callable[[str], None] | None = None,
    ):
        self.location = location
        self.shown = shown_location(location)
        self.busy_timeout = max(0.0, busy_timeout)
        self.on_busy = on_busy
        self._db = self._connect()
        try:
            self._lock_keys = _lock_keys(self.db)
            self._migrate()
        except psycopg.Error as error:
            self._db.close()
            raise StoreError(
                f"cannot prepare the workspace tables in {self.shown!r}: {_first_line(error)}. "
                "Check that the user may create tables in the database (or the schema named by "
                "options=-csearch_path=…)"
            ) from error
        except BaseException:
            self._db.close()
            raise

    @property
    def db(self) -> psycopg.Connection[Any]:
        """The connection; a new one when the last was lost (the server restarted, the network
        dropped), so a long-lived store (``serve``) fails one call, not every call after."""
        if self._db.broken:
            self._db = self._connect()
        return self._db

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            # autocommit: psycopg never opens a transaction on its own; transaction() does.
            db = psycopg.connect(
                self.location,
                autocommit=True,
                application_name=f"{process_command()} (pid {os.getpid()} on {HOST})"[:63],
            )
            # Each statement sees what was committed before it (READ COMMITTED, whatever the
            # server's default): a writer reads the state its predecessor left once it holds the
            # writer lock, as SQLite's BEGIN IMMEDIATE gives.
            db.isolation_level = psycopg.IsolationLevel.READ_COMMITTED
        except psycopg.Error as error:
            raise StoreError(
                f"cannot open the PostgreSQL workspace {self.shown!r}: {_first_line(error)}. "
                "Check the URL, that the server runs and that the database exists "
                "(createdb NAME)"
            ) from error
        return db

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN, take the writer lock, … COMMIT, or ROLLBACK if the block raises. Waits (up to
        ``busy_timeout``) while another process writes."""
        if self.db.info.transaction_status != TransactionStatus.IDLE:
            raise StoreError(
                "store.transaction() was called inside another one; the caller owns one "
                "transaction at a time (this is a bug in the calling code)"
            )
        with self.db.transaction():
            self._take_writer_lock()
            yield

    def close(self) -> None:
        self._db.close()

    def _take_writer_lock(self) -> None:
        """The workspace's advisory lock for this transaction, tried in slices of ``_SLICE``
        seconds (each in a savepoint, so a timed-out try leaves the transaction usable) for up
        to ``busy_timeout`` seconds, telling ``on_busy`` now and then; StoreBusy after."""
        started = time.monotonic()
        told: float | None = None
        previous = self.db.execute("SELECT current_setting('lock_timeout')").fetchone()
        while True:
            remaining = self.busy_timeout - (time.monotonic() - started)
            wait_ms = max(1, int(min(_SLICE, remaining) * 1000))
            try:
                with self.db.transaction():
                    self.db.execute(
                        "SELECT set_config('lock_timeout', %s, true)", (f"{wait_ms}ms",)
                    )
                    self.db.execute(
                        "SELECT pg_advisory_xact_lock(%s::int4, %s::int4)", self._lock_keys
                    )
                break
            except errors.LockNotAvailable:
                pass
            waited = time.monotonic() - started
            if waited >= self.busy_timeout:
                raise StoreBusy(
                    f"the workspace {self.shown!r} is busy: {self._holders()}; it was still "
                    f"busy after {duration(self.busy_timeout)}. Run again when that "
                    "process has finished, or wait longer with --busy-timeout SECONDS"
                )
            if self.on_busy is not None and (told is None or waited - told >= _TELL_EVERY):
                told = waited
                self.on_busy(
                    f"the workspace {self.shown!r} is busy ({self._holders()}); waiting "
                    f"up to {duration(self.busy_timeout)}, {duration(waited)} so far"
                )
        # The savepoint's setting outlives it: give the rest of the transaction the usual one.
        self.db.execute(
            "SELECT set_config('lock_timeout', %s, true)", (previous[0] if previous else "0",)
        )

    def _holders(self) -> str:
        """Who holds the writer lock, as PostgreSQL knows the session (its application name is
        the crosswire command, pid and host)."""
        rows = self.db.execute(
            "SELECT a.application_name, a.xact_start FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s::int4::oid "
            "AND l.objid = %s::int4::oid "
            "AND l.objsubid = 2 AND l.database = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())",
            self._lock_keys,
        ).fetchall()
        if not rows:
            return "another session held it and has let go"
        holders = [
            f"{name or 'a session we may not see'}"
            + (f", since {since:%Y-%m-%d %H:%M:%S %Z}" if since else "")
            for name, since in rows
        ]
        return "held by " + "; ".join(holders)

    def _writing(self) -> None:
        """Writes belong to the caller's transaction; outside one they would commit on their own."""
        if self.db.info.transaction_status == TransactionStatus.IDLE:
            raise StoreError(
                "a store write was called outside store.transaction(); the caller "
                "owns the transaction (this is a bug in the calling code)"
            )

    def _migrate(self) -> None:
        """Bring the schema up to date in one transaction under the writer lock: two processes
        opening a new workspace at once take turns, and the second finds the migrations applied
        (PostgreSQL's DDL is transactional, so a failed migration leaves nothing half made). A
        workspace that is up to date is opened without the lock, so a reader (``search``, the
        server's readers) never waits for a long ``brief`` to finish."""
        migrations = _migration_files()
        if set(migrations) <= self._applied():
            return
        with self.transaction():
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, "
                "name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
            applied = self._applied()
            for version, (name, script) in sorted(migrations.items()):
                if version in applied:
                    continue
                for statement in sql_statements(script):
                    self.db.execute(statement)
                self.db.execute(
                    "INSERT INTO migrations (version, name) VALUES (%s, %s)", (version, name)
                )

    def _applied(self) -> set[int]:
        """The migration versions recorded in the workspace (none before the first open)."""
        found = self.db.execute("SELECT to_regclass('migrations') IS NOT NULL").fetchone()
        if not found or not found[0]:
            return set()
        return {row[0] for row in self.db.execute("SELECT version FROM migrations")}

    # -- inputs and articles ------------------------------------------------------------------

    def input_hash(self, source: str) -> KnownInput | None:
        row = self.db.execute(
            "SELECT content_hash, article_id FROM inputs WHERE source = %s", (source,)
        ).fetchone()
        return KnownInput(row[0], row[1]) if row else None

    def record_input(self, source: str, content_hash: str, article_id: str | None) -> None:
        self._writing()
        self.db.execute(
            "INSERT INTO inputs (source, content_hash, article_id) VALUES (%s, %s, %s) "
            "ON CONFLICT (source) DO UPDATE SET content_hash = excluded.content_hash, "
            "article_id = excluded.article_id",
            (_text(source, "input name"), content_hash, article_id),
        )

    def add_article(self, article: Article) -> bool:
        """Insert the article unless one with the same id (same text) exists; True if inserted."""
        self._writing()
        if self.db.execute("SELECT 1 FROM articles WHERE id = %s", (article.id,)).fetchone():
            return False
        found = self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM articles").fetchone()
        row = {
            column: _text(value, f"article {article.id} {column}")
            if isinstance(value, str)
            else value
            for column, value in article_row(article).items()
        }
        query = sql.SQL("INSERT INTO articles (seq, {}) VALUES (%s, {})").format(
            sql.SQL(", ").join(map(sql.Identifier, row)),
            sql.SQL(", ").join([sql.Placeholder()] * len(row)),
        )
        self.db.execute(query, (found[0] if found else 1, *row.values()))
        return True

    def articles(self, ids: list[str] | None = None) -> list[Article]:
        columns = sql.SQL(", ").join(map(sql.Identifier, ARTICLE_COLUMNS))
        if ids is None:
            query = sql.SQL("SELECT {} FROM articles ORDER BY seq").format(columns)
            rows = self.db.execute(query).fetchall()
        else:
            query = sql.SQL("SELECT {} FROM articles WHERE id = ANY(%s) ORDER BY seq").format(
                columns
            )
            rows = self.db.execute(query, (ids,)).fetchall()
        return [article_from_row(row) for row in rows]

    def sources_of(self, article_id: str) -> list[str]:
        return [
            row[0]
            for row in self.db.execute(
                'SELECT source FROM inputs WHERE article_id = %s ORDER BY source COLLATE "C"',
                (article_id,),
            )
        ]

    # -- NLP results ---------------------------------------------------------------------------

    def articles_needing_nlp(self, model: str, ids: list[str]) -> list[str]:
        """The articles whose sentences and mentions were made by another model, or are
        missing."""
        done = self._ids(
            "SELECT article_id FROM nlp_done WHERE model = %s AND article_id = ANY(%s)",
            ids,
            prefix=(model,),
        )
        return [i for i in ids if i not in done]

    def save_nlp(
        self, article_id: str, model: str, sentences: list[Sentence], mentions: list[Mention]
    ) -> None:
        self._writing()
        self.db.execute("DELETE FROM sentences WHERE article_id = %s", (article_id,))
        self.db.execute("DELETE FROM mentions WHERE article_id = %s", (article_id,))
        with self.db.cursor() as cursor:
            cursor.executemany(
                'INSERT INTO sentences (article_id, idx, start, "end", text, text_hash) '
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [(s.article_id, s.index, s.start, s.end, s.text, s.text_hash) for s in sentences],
            )
            cursor.executemany(
                'INSERT INTO mentions (article_id, start, "end", text, label) '
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                [(m.article_id, m.start, m.end, m.text, m.label) for m in mentions],
            )
        self.db.execute(
            "INSERT INTO nlp_done (article_id, model) VALUES (%s, %s) "
            "ON CONFLICT (article_id) DO UPDATE SET model = excluded.model",
            (article_id, model),
        )

    def sentences(self, article_ids: list[str]) -> list[Sentence]:
        rows = self.db.execute(
            'SELECT article_id, idx, start, "end", text FROM sentences WHERE article_id = ANY(%s)',
            (article_ids,),
        )
        return sorted((Sentence(*row) for row in rows), key=lambda s: (s.article_id, s.index))

    def mentions(self, article_ids: list[str]) -> list[Mention]:
        rows = self.db.execute(
            'SELECT article_id, start, "end", text, label FROM mentions WHERE article_id = ANY(%s)',
            (article_ids,),
        )
        return sorted((Mention(*row) for row in rows), key=lambda m: (m.article_id, m.start, m.end))

    def articles_needing_attributions(self, rules: str, ids: list[str]) -> list[str]:
        """The articles whose stored attributions were found by other rules, or are missing."""
        done = self._ids(
            "SELECT article_id FROM attributions WHERE rules = %s AND article_id = ANY(%s)",
            ids,
            prefix=(rules,),
        )
        return [i for i in ids if i not in done]

    def save_attributions(self, article_id: str, rules: str, found: list[dict[str, Any]]) -> None:
        self._writing()
        self.db.execute(
            "INSERT INTO attributions (article_id, rules, attributions_json) VALUES (%s, %s, %s) "
            "ON CONFLICT (article_id) DO UPDATE SET rules = excluded.rules, "
            "attributions_json = excluded.attributions_json",
            (article_id, rules, json.dumps(found, sort_keys=True)),
        )

    def attributions(self, article_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Stored attributions (as dicts) of the articles that have them."""
        return {
            article_id: json.loads(found)
            for article_id, found in self.db.execute(
                "SELECT article_id, attributions_json FROM attributions WHERE article_id = ANY(%s)",
                (article_ids,),
            )
        }

    # -- embeddings ----------------------------------------------------------------------------

    def missing_embeddings(self, model: str, hashes: list[str]) -> list[str]:
        present = self._ids(
            "SELECT text_hash FROM embeddings WHERE model = %s AND text_hash = ANY(%s)",
            hashes,
            prefix=(model,),
        )
        return [h for h in dict.fromkeys(hashes) if h not in present]

    def save_embeddings(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        self._writing()
        with self.db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO embeddings (text_hash, model, vector) VALUES (%s, %s, %s) "
                "ON CONFLICT (text_hash, model) DO UPDATE SET vector = excluded.vector",
                [(h, model, _vector_bytes(v)) for h, v in vectors.items()],
            )

    def embeddings(self, model: str, hashes: list[str]) -> dict[str, np.ndarray]:
        rows = self.db.execute(
            "SELECT text_hash, vector FROM embeddings WHERE model = %s AND text_hash = ANY(%s)",
            (model, list(dict.fromkeys(hashes))),
        )
        return {h: _vector(blob) for h, blob in rows}

    # -- search and counts ---------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """The articles matching a query, best first. The query language is FTS5's, as the
        SQLite store takes it (words, "phrases", prefix*, AND/OR/NOT, parentheses), translated
        to a tsquery; ties in rank go to the older article."""
        expression, parameters = to_tsquery_sql(query)
        statement = sql.SQL(
            "WITH q AS (SELECT {} AS q), "
            "hits AS (SELECT a.id, a.seq, ts_rank(a.search, q.q) AS rank FROM articles a, q "
            "WHERE a.search @@ q.q ORDER BY rank DESC, a.seq LIMIT %s) "
            "SELECT a.id, a.title, ts_headline('simple', a.text, q.q, %s) "
            "FROM hits JOIN articles a ON a.id = hits.id, q ORDER BY hits.rank DESC, hits.seq"
        ).format(expression)
        rows = self.db.execute(statement, (*parameters, limit, _HEADLINE))
        return [SearchHit(*row) for row in rows]

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
        counted: dict[str, int] = {}
        for table in tables:
            row = self.db.execute(
                sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()
            counted[table] = int(row[0]) if row else 0
        return counted

    # -- stories -------------------------------------------------------------------------------

    def load_stories(self) -> list[StoryRow]:
        """Every story's clustering state, oldest story first."""
        members: dict[str, list[str]] = {}
        for article_id, story_id in self.db.execute(
            'SELECT article_id, story_id FROM story_members ORDER BY story_id COLLATE "C", seq'
        ):
            members.setdefault(story_id, []).append(article_id)
        return [
            StoryRow(
                id=id_,
                seq=seq,
                vector_sum=_vector(blob).copy(),
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
        if removed_ids:
            self.db.execute("DELETE FROM stories WHERE id = ANY(%s)", (removed_ids,))
        with self.db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO stories (id, seq, vector_sum, entity_counts_json, first_date, "
                "last_date) VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET "
                "seq = excluded.seq, vector_sum = excluded.vector_sum, "
                "entity_counts_json = excluded.entity_counts_json, "
                "first_date = excluded.first_date, last_date = excluded.last_date",
                [
                    (
                        story.id,
                        story.seq,
                        _vector_bytes(story.vector_sum),
                        json.dumps(dict(story.entity_counts), sort_keys=True),
                        story.first_date,
                        story.last_date,
                    )
                    for story in stories
                ],
            )
            cursor.executemany(
                "INSERT INTO story_members (article_id, story_id, seq) VALUES (%s, %s, %s) "
                "ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, "
                "seq = excluded.seq",
                [
                    (article_id, story.id, index)
                    for story in stories
                    for index, article_id in enumerate(story.article_ids)
                ],
            )

    def owner_tag(self) -> str:
        """``pg:<backend pid>:<backend start, µs since 1970>:<host>:<pid>``: this connection's
        session, which any client of the server can look up, so a process that died on one
        host is known dead on every other; and the process, which its own host checks (the
        store reconnects after a lost connection, so a live process may have left the session
        its note names). The start is a number, not text a session's TimeZone would format."""
        row = self.db.execute(
            "SELECT pid, (extract(epoch FROM backend_start) * 1000000)::bigint "
            "FROM pg_stat_activity WHERE pid = pg_backend_pid()"
        ).fetchone()
        assert row is not None, "a session sees itself in pg_stat_activity"
        return f"pg:{row[0]}:{row[1]}:{HOST}:{os.getpid()}"

    def owner_alive(self, owner: str) -> bool:
        """On the tag's host, whether its process runs; elsewhere, whether its session is
        still connected (a reused backend pid has another start). A session of another role
        whose start this one may not read counts as alive; a tag of another form is read as
        ``<host>:<pid>``."""
        parts = owner.split(":")
        if len(parts) != 5 or parts[0] != "pg" or not all(p.isdigit() for p in parts[1:3]):
            return host_owner_alive(owner)
        _, backend, started, host, pid = parts
        if host == HOST and pid.isdigit():
            return host_owner_alive(f"{host}:{pid}")
        row = self.db.execute(
            "SELECT (extract(epoch FROM backend_start) * 1000000)::bigint "
            "FROM pg_stat_activity WHERE pid = %s",
            (int(backend),),
        ).fetchone()
        return row is not None and (row[0] is None or str(row[0]) == started)

    def story_version(self) -> int:
        row = self.db.execute("SELECT version FROM story_version").fetchone()
        assert row is not None, "migration 0011 inserts the one row"
        return int(row[0])

    def record_story_change(self, change: StoryChange) -> None:
        self._writing()
        self.db.execute(
            "INSERT INTO story_changes (kind, from_ids_json, into_ids_json, article_id, score) "
            "VALUES (%s, %s, %s, %s, %s)",
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
            rows = self.db.execute(
                'SELECT article_id, story_id FROM story_members ORDER BY story_id COLLATE "C", seq'
            )
        else:
            rows = self.db.execute(
                "SELECT article_id, story_id FROM story_members WHERE article_id = ANY(%s) "
                'ORDER BY story_id COLLATE "C", seq',
                (article_ids,),
            )
        return {article_id: story_id for article_id, story_id in rows}

    # -- the server's write token -------------------------------------------------------------

    def token_hash(self, name: str) -> str | None:
        row = self.db.execute("SELECT hash FROM server_tokens WHERE name = %s", (name,)).fetchone()
        return None if row is None else str(row[0])

    def save_token_hash(self, name: str, token_hash: str) -> None:
        self._writing()
        self.db.execute(
            "INSERT INTO server_tokens (name, hash, created) VALUES (%s, %s, %s) "
            "ON CONFLICT (name) DO UPDATE SET hash = excluded.hash, created = excluded.created",
            (name, token_hash, datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")),
        )

    # -- helpers -------------------------------------------------------------------------------

    def _ids(self, query: str, values: list[str], prefix: tuple[str, ...] = ()) -> set[str]:
        """The first column of ``query`` run with ``prefix`` and then ``values`` as one array."""
        return {row[0] for row in self.db.execute(query, (*prefix, values))}


def _migration_files() -> dict[int, tuple[str, str]]:
    """Version → (file name, SQL) of every PostgreSQL migration shipped."""
    folder = resources.files("crosswire.store").joinpath("migrations_pg")
    return {
        int(entry.name.split("_", 1)[0]): (entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".sql")
    }


def _lock_keys(db: psycopg.Connection[Any]) -> tuple[int, int]:
    """The writer lock of the workspace this connection works in: advisory locks are per
    database, so the second key is made from the schema the tables live in (the first of the
    search path), and workspaces in two schemas of one database do not wait for each other."""
    row = db.execute("SELECT current_schema()").fetchone()
    schema = (row[0] if row else None) or ""
    return _LOCK_SPACE, zlib.crc32(schema.encode("utf-8")) & 0x7FFFFFFF


def _vector_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=_VECTOR).tobytes()


def _vector(blob: bytes) -> np.ndarray:
    """A stored vector as native float32 (read-only, like the SQLite store's)."""
    return np.frombuffer(blob, dtype=_VECTOR).astype(np.float32, copy=False)


def _text(value: str, what: str) -> str:
    """PostgreSQL's text type cannot hold U+0000; say which field has one rather than let the
    driver fail with a bare encoding error."""
    if "\x00" in value:
        raise StoreError(
            f"the {what} holds a NUL character (U+0000), which PostgreSQL cannot store; "
            "remove it from the input or use a SQLite workspace"
        )
    return value


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
