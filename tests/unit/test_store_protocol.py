"""The ``Store`` protocol is the whole contract: a backend written against it alone must serve
the pipeline, the Workspace and the CLI."""

import inspect
import os
import re
import subprocess
import sys
import time

import numpy as np
import pytest
from tests.conftest import REPO
from tests.pg import unavailable

from crosswire.errors import StoreError, UserError
from crosswire.records import Article, StoryRow
from crosswire.store import Store, open_store
from crosswire.store.common import HOST, shown_location
from crosswire.store.sqlite import SQLiteStore

pytestmark = pytest.mark.unit

SOURCE = REPO / "src" / "crosswire"
#: The modules that hold a store and call it.
CALLERS = ["pipeline.py", "stages.py", "api.py", "workspace.py", "cli", "server"]


def protocol_members() -> set[str]:
    return {name for name, value in vars(Store).items() if callable(value) and name[0] != "_"}


def called_store_methods() -> dict[str, set[str]]:
    """Method name → the files that call ``store.<name>(`` (or ``self.store.<name>(``)."""
    found: dict[str, set[str]] = {}
    for entry in CALLERS:
        path = SOURCE / entry
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            if not file.exists():
                continue
            for name in re.findall(r"\bstore\.(\w+)\(", file.read_text(encoding="utf-8")):
                found.setdefault(name, set()).add(file.name)
    return found


def test_every_store_method_the_code_calls_is_in_the_protocol():
    called = called_store_methods()
    assert {"load_stories", "save_stories", "story_assignment", "search"} <= set(called)
    missing = {name: files for name, files in called.items() if name not in protocol_members()}
    assert not missing, f"called on a Store but not declared in the protocol: {missing}"


def backend_class(name: str) -> type:
    if name == "sqlite":
        return SQLiteStore
    try:
        from crosswire.store.postgres import PostgresStore
    except ImportError:
        unavailable("psycopg is not installed (pip install 'crosswire[postgres]')")
        raise
    return PostgresStore


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_each_backend_implements_the_protocol_with_the_same_signatures(backend):
    implementation = backend_class(backend)
    public = {name for name, _ in inspect.getmembers(implementation, inspect.isfunction)}
    public = {name for name in public if name[0] != "_"}
    assert public == protocol_members()
    for name in protocol_members():
        declared = inspect.signature(getattr(Store, name))
        implemented = inspect.signature(getattr(implementation, name))
        assert list(declared.parameters) == list(implemented.parameters), name


def test_an_unknown_store_type_is_a_user_error_naming_the_location():
    with pytest.raises(StoreError, match="mongodb://x") as raised:
        open_store("mongodb://x/y")
    assert isinstance(raised.value, UserError)


def article(number: int) -> Article:
    text = f"Article number {number} about the port."
    return Article(
        id=f"a{number:016x}",
        source=f"{number}.txt",
        title=str(number),
        text=text,
        original_text=text,
    )


def test_story_rows_round_trip_through_the_store(store_location):
    store = open_store(store_location)
    rows = [
        StoryRow(
            id="s1",
            seq=0,
            vector_sum=np.array([0.5, -1.25, 2.0], np.float32),
            entity_counts={"veldhaven": 2, "ennore": 1},
            first_date="2026-05-18",
            last_date="2026-05-25",
            article_ids=(article(2).id, article(1).id),
        ),
        StoryRow(
            id="s2",
            seq=1,
            vector_sum=np.zeros(0, np.float32),
            entity_counts={},
            first_date=None,
            last_date=None,
            article_ids=(article(3).id,),
        ),
    ]
    try:
        with store.transaction():
            for number in (1, 2, 3):
                store.add_article(article(number))
            store.save_stories(rows, [])
        loaded = store.load_stories()
        assert [(r.id, r.seq, r.article_ids, r.first_date, r.last_date) for r in loaded] == [
            (r.id, r.seq, r.article_ids, r.first_date, r.last_date) for r in rows
        ]
        assert [dict(r.entity_counts) for r in loaded] == [dict(r.entity_counts) for r in rows]
        assert np.array_equal(loaded[0].vector_sum, rows[0].vector_sum)
        assert [r.comparable for r in loaded] == [True, False]
        assert store.story_assignment() == {
            article(1).id: "s1",
            article(2).id: "s1",
            article(3).id: "s2",
        }
        with store.transaction():
            store.save_stories([], ["s2"])
        assert [r.id for r in store.load_stories()] == ["s1"]
    finally:
        store.close()


def test_the_story_version_moves_with_each_committed_story_change_seen_by_others(
    store_location,
):
    """serve's event stream polls the version and reads the whole assignment only when it has
    moved: every committed change to the stories must move it, for other connections too."""
    store, other = open_store(store_location), open_store(store_location)
    row = StoryRow("s1", 0, np.zeros(0, np.float32), {}, None, None, (article(1).id,))
    try:
        start = other.story_version()
        with store.transaction():
            store.add_article(article(1))
        assert other.story_version() == start  # an article alone is no story change
        with store.transaction():
            store.save_stories([row], [])
        moved = other.story_version()
        assert moved != start
        with pytest.raises(RuntimeError), store.transaction():
            store.save_stories([], ["s1"])
            raise RuntimeError("rolled back")
        assert other.story_version() == moved and other.story_assignment() == {article(1).id: "s1"}
        with store.transaction():
            store.save_stories([], ["s1"])
        assert other.story_version() not in (start, moved)
    finally:
        store.close()
        other.close()


def test_an_owner_tag_is_alive_while_its_holder_runs_and_dead_after(store_location):
    """A run's note names its holder (``owner_tag``) so that another process can finish the
    note of one that died (``changes.recover``). On PostgreSQL the tag is the session, which
    every host can check; on SQLite the host and pid, which only this host can."""
    store, other = open_store(store_location), open_store(store_location)
    try:
        assert store.owner_alive(store.owner_tag()) and store.owner_alive(other.owner_tag())
        ended = subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpid())"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if isinstance(store, SQLiteStore):
            gone = f"{HOST}:{ended}"
        else:
            tag = other.owner_tag()
            session = tag.split(":")[:3]
            assert session[0] == "pg" and tag.endswith(f":{HOST}:{os.getpid()}")
            gone = ":".join([*session, "elsewhere.example", "1"])  # as another host wrote it
            assert store.owner_alive(gone)  # its session is connected
            other.close()
            # On the tag's own host the process decides (a live one may have reconnected).
            assert store.owner_alive(tag)
            assert not store.owner_alive(":".join([*session, HOST, ended]))
        deadline = time.monotonic() + 10  # a closed session leaves pg_stat_activity soon after
        while store.owner_alive(gone) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not store.owner_alive(gone)
        assert store.owner_alive("elsewhere.example:1")  # another host's pid: cannot be told
    finally:
        store.close()
        other.close()


@pytest.mark.parametrize(
    ("location", "shown"),
    [
        ("postgresql://ann:pw@db.example/ws", "postgresql://ann:***@db.example/ws"),
        (
            "postgresql://ann@db/ws?password=pw&sslmode=require",
            "postgresql://ann@db/ws?password=***&sslmode=require",
        ),
        ("postgresql:///ws?host=/run/pg", "postgresql:///ws?host=/run/pg"),
        ("story.db", "story.db"),
    ],
)
def test_a_location_is_shown_without_its_password(location, shown):
    assert shown_location(location) == shown


def test_workspace_tables_take_one_sql_on_both_backends_and_no_unknown_driver(store_location):
    """``Tables`` runs the same statement (``?`` placeholders, a literal % kept) on either
    store's connection, and names the store it cannot serve rather than guess its SQL."""
    from crosswire.store.common import Tables

    store = open_store(store_location)
    try:
        tables = Tables(store, "feeds")
        with store.transaction():
            assert (
                tables.execute_each(
                    "INSERT INTO trusted_hosts (entry, added) VALUES (?, ?) "
                    "ON CONFLICT (entry) DO NOTHING",
                    [("b%.example", "t"), ("a?.example", "t"), ("b%.example", "t")],
                )
                == 2
            )
        rows = tables.execute(
            f"SELECT entry FROM trusted_hosts WHERE entry LIKE '%.example' AND added = ? "
            f"ORDER BY entry COLLATE {tables.binary}",
            ("t",),
        ).fetchall()
        assert [row[0] for row in rows] == ["a?.example", "b%.example"]
    finally:
        store.close()

    class Elsewhere:
        db = object()  # a connection of no registered driver

    with pytest.raises(StoreError, match=r"feeds are kept in SQLite and PostgreSQL.*Elsewhere"):
        Tables(Elsewhere(), "feeds")
