"""The demo corpus on a PostgreSQL workspace gives the very briefing it gives on SQLite, the
reading commands work on it, and an alias added to its table changes a story's briefing as the
same alias does on SQLite. (Skipped where no PostgreSQL server can be started; see tests/pg.py.)
"""

from __future__ import annotations

import re

import pytest
from tests.conftest import DEMO
from tests.e2e.helpers import brief_json, cli, copy_workspace

from crosswire import render
from crosswire.workspace import Workspace

pytestmark = pytest.mark.integration


def article_ids(listing: bytes) -> set[str]:
    return set(re.findall(rb"^(a[0-9a-f]{16}) ", listing, re.MULTILINE))


def test_the_demo_briefing_on_postgresql_is_byte_identical_to_sqlite(
    demo_run, postgres_url, tmp_path
):
    first = tmp_path / "first.json"
    _, result = brief_json([str(DEMO)], first, postgres_url)
    assert result.returncode == 0, result.stderr.decode()
    assert first.read_bytes() == demo_run.briefing.read_bytes()
    # A second run finds every input and analysis stored and changes nothing.
    again = tmp_path / "again.json"
    _, result = brief_json([str(DEMO)], again, postgres_url)
    assert result.returncode == 0, result.stderr.decode()
    assert again.read_bytes() == demo_run.briefing.read_bytes()

    for query in ("Ennore concession", '"port authority"', "veldhaven NOT rugby"):
        on_postgres = cli("search", query, "--limit", "100", "--db", postgres_url)
        on_sqlite = cli("search", query, "--limit", "100", "--db", str(demo_run.db))
        assert on_postgres.returncode == on_sqlite.returncode == 0
        assert article_ids(on_postgres.stdout) == article_ids(on_sqlite.stdout) != set()

    stories = cli("stories", "--db", postgres_url)
    assert stories.returncode == 0
    assert stories.stdout == cli("stories", "--db", str(demo_run.db)).stdout

    # The alias table: in the database on PostgreSQL, in aliases.toml on SQLite; one effect.
    (tmp_path / "copy").mkdir()
    sqlite_copy = str(copy_workspace(demo_run.db, tmp_path / "copy" / "ws.db"))
    data = demo_run.data()
    story = next(e["story_id"] for e in data["entities"] if e["name"] == "Oleksandr Hrytsenko")
    briefings = {}
    for db in (postgres_url, sqlite_copy):
        added = cli("aliases", "add", "Grytsenko", "Grytsenko", "--db", db)
        assert added.returncode == 0, added.stderr
        assert cli("aliases", "list", "--db", db).stdout == "Grytsenko → Grytsenko\n".encode()
        with Workspace(db) as workspace:
            briefings[db] = render.render(workspace.briefing(story), "json")
    assert briefings[postgres_url] == briefings[sqlite_copy]
    assert '"name": "Grytsenko"' in briefings[postgres_url]  # kept apart by the alias
    assert (
        not (tmp_path / "aliases.toml").exists() and (tmp_path / "copy" / "aliases.toml").exists()
    )
