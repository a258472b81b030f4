"""``crosswire.Workspace``: one object over a database and its alias table. Opening, closing,
errors, aliases and an empty workspace without models (``unit``); adding demo articles and
reading them back with the real models (``integration``)."""

import sqlite3

import pytest
from tests.conftest import DEMO

import crosswire
from crosswire import pipeline
from crosswire.errors import UserError
from crosswire.records import Briefing
from crosswire.workspace import Workspace


def no_models() -> pipeline.Models:
    """Models that fail if anything tries to load them: these tests need none."""

    def refuse():
        raise AssertionError("a model was loaded")

    return pipeline.Models(nlp_loader=refuse, encoder_loader=refuse)


@pytest.mark.unit
def test_crosswire_exports_the_workspace():
    assert crosswire.Workspace is Workspace
    assert {"Workspace", "brief", "run", "search", "write"} <= set(crosswire.__all__)


@pytest.mark.unit
def test_the_with_block_closes_the_database(tmp_path):
    with Workspace(str(tmp_path / "w.db"), models=no_models()) as workspace:
        store = workspace.store
        assert workspace.store is store  # opened once
        assert workspace.stories() == []
    with pytest.raises(sqlite3.ProgrammingError):
        store.db.execute("SELECT 1")  # type: ignore[attr-defined]
    with pytest.raises(UserError, match="closed"):
        workspace.stories()
    workspace.close()  # closing twice is harmless


@pytest.mark.unit
def test_opening_is_light_and_the_alias_table_needs_no_database(tmp_path):
    path = tmp_path / "sub" / "w.db"
    with Workspace(str(path)) as workspace:
        workspace.aliases.set("Kiev", "Kyiv")
        assert dict(workspace.aliases) == {"Kiev": "Kyiv"}
    assert not path.exists()
    assert workspace.aliases.path == tmp_path / "sub" / "aliases.toml"


@pytest.mark.unit
def test_a_sqlite_url_keeps_its_alias_table_beside_the_database_file(tmp_path):
    with crosswire.Workspace(f"sqlite://{tmp_path}/ws/w.db") as workspace:
        workspace.aliases.set("Kiev", "Kyiv")
        assert workspace.aliases.path == tmp_path / "ws" / "aliases.toml"
        assert workspace.stories() == []
    assert (tmp_path / "ws" / "aliases.toml").exists() and (tmp_path / "ws" / "w.db").exists()


@pytest.mark.unit
def test_a_server_workspace_has_no_alias_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    workspace = Workspace("postgresql://user:pw@host/db?host=/tmp/x")
    assert workspace.aliases.path is None
    assert (
        workspace.aliases.where
        == "in the workspace database postgresql://user:***@host/db?host=/tmp/x"
    )
    workspace.close()
    assert list(tmp_path.iterdir()) == []  # no folder made from the URL


def test_a_postgresql_workspace_keeps_its_alias_table_in_the_database(postgres_url, tmp_path):
    """Every process that opens the workspace, on any host, sees one table; no file is made."""
    with Workspace(postgres_url) as workspace:
        assert dict(workspace.aliases) == {}
        workspace.aliases.set("Kiev", "Kyiv")
        workspace.aliases.set("Hunter Biden", "Hunter Biden")
        workspace.aliases.set("Kiev", "Kyïv")
    with Workspace(postgres_url) as again:
        assert again.aliases.table() == {"Kiev": "Kyïv", "Hunter Biden": "Hunter Biden"}
        assert again.aliases["Kiev"] == "Kyïv" and "Odesa" not in again.aliases
        again.aliases.remove("Kiev")
        assert dict(again.aliases) == {"Hunter Biden": "Hunter Biden"}
        with pytest.raises(UserError, match=r"'Kiev' is not in the alias table in the workspace"):
            again.aliases.remove("Kiev")
        assert again._options().aliases == {"Hunter Biden": "Hunter Biden"}  # what a run uses


def test_a_broken_database_is_a_user_error_naming_it(tmp_path):
    path = tmp_path / "broken.db"
    path.write_bytes(b"this is not a database" * 100)
    with Workspace(str(path)) as workspace, pytest.raises(UserError, match=r"broken\.db"):
        workspace.stories()


@pytest.mark.unit
def test_an_unknown_store_type_is_a_user_error_naming_the_location():
    with Workspace("nosuch://host/w") as workspace, pytest.raises(UserError, match="nosuch"):
        workspace.search("port")


@pytest.mark.unit
def test_aliases_set_list_and_remove_round_trip(tmp_path):
    with Workspace(str(tmp_path / "w.db")) as workspace:
        aliases = workspace.aliases
        assert dict(aliases) == {} and len(aliases) == 0
        aliases.set("Kiev", "Kyiv")
        aliases.set("Hunter Biden", "Hunter Biden")
        aliases.set("Kiev", "Kyïv")
        assert aliases.table() == {"Kiev": "Kyïv", "Hunter Biden": "Hunter Biden"}
        assert aliases["Kiev"] == "Kyïv" and aliases.get("Odesa") is None and "Kiev" in aliases
    with Workspace(str(tmp_path / "w.db")) as again:
        again.aliases.remove("Kiev")
        assert dict(again.aliases) == {"Hunter Biden": "Hunter Biden"}
        with pytest.raises(UserError, match=r"'Kiev' is not in the alias table .*aliases.toml"):
            again.aliases.remove("Kiev")


@pytest.mark.unit
def test_an_unreadable_alias_table_is_a_user_error_naming_the_file(tmp_path):
    (tmp_path / "aliases.toml").write_text("[aliases\n", encoding="utf-8")
    with Workspace(str(tmp_path / "w.db")) as workspace, pytest.raises(UserError) as raised:
        workspace.aliases.table()
    assert "aliases.toml" in str(raised.value)


@pytest.mark.unit
def test_an_empty_workspace_has_no_stories_and_no_matches(tmp_path):
    with Workspace(str(tmp_path / "w.db"), models=no_models()) as workspace:
        assert workspace.stories() == []
        assert workspace.briefing_all() == Briefing(articles=())
        assert workspace.search("port") == []
        with pytest.raises(UserError, match="no story has that id: 's1'"):
            workspace.briefing("s1")
        with pytest.raises(ValueError, match="cannot search"):
            workspace.search('"unbalanced')
    assert crosswire.search("port", db=str(tmp_path / "w.db")) == []


@pytest.mark.unit
def test_write_picks_the_format_from_the_suffix_and_makes_folders(tmp_path):
    briefing = Briefing(articles=())
    target = tmp_path / "deep" / "er" / "b.json"
    Workspace.write(briefing, target)
    assert target.read_text(encoding="utf-8").lstrip().startswith("{")
    crosswire.write(briefing, tmp_path / "b.md")
    assert (tmp_path / "b.md").exists()


@pytest.mark.integration
def test_add_then_read_back_stories_briefings_and_search(tmp_path):
    first = DEMO / "2026-05-18-coastal-ledger-ennore-terminal-deal.txt"
    second = DEMO / "2026-05-25-meridian-press-concession-signed.txt"
    with Workspace(str(tmp_path / "w.db")) as workspace:
        added = workspace.add([str(first)])
        more = workspace.add([str(second)])
        assert len(added.articles) == len(more.articles) == 1
        stories = workspace.stories()
        assert sum(len(s.article_ids) for s in stories) == 2
        story = max(stories, key=lambda s: len(s.article_ids))
        one = workspace.briefing(story.id[:7])
        assert [s.id for s in one.stories] == [story.id]
        everything = workspace.briefing_all()
        assert {a.id for a in everything.articles} == {
            added.articles[0].id,
            more.articles[0].id,
        }
        hits = workspace.search("Ennore")
        assert hits and {h[0] for h in hits} <= {a.id for a in everything.articles}
        assert workspace.recluster() == []
        workspace.write(one, tmp_path / "out" / "story.html")
    assert "<html" in (tmp_path / "out" / "story.html").read_text(encoding="utf-8").lower()


@pytest.mark.unit
@pytest.mark.parametrize("fmt", ["json", "markdown", "html"])
def test_a_briefing_naming_a_non_utf8_file_is_written_whole(tmp_path, fmt):
    """A file name that is not UTF-8 is a str with lone surrogates; writing it must not fail
    half-way (JSON reads the name back exactly)."""
    import json

    from crosswire.records import InputProblem

    name = str(tmp_path / "caf\udce9.txt")
    briefing = Briefing(articles=(), problems=(InputProblem(name, "empty file"),))
    out = tmp_path / f"out.{fmt}"
    Workspace.write(briefing, out, fmt)
    text = out.read_text(encoding="utf-8")
    assert "caf\\udce9.txt" in text
    if fmt == "json":
        assert [p["source"] for p in json.loads(text)["problems"]] == [name]


@pytest.mark.unit
def test_the_cli_treats_a_server_location_as_no_folder(tmp_path, monkeypatch):
    from crosswire.cli import output

    here, temporary = tmp_path / "cwd", tmp_path / "tmp"
    here.mkdir()
    temporary.mkdir()
    monkeypatch.chdir(here)
    monkeypatch.setattr(output.tempfile, "gettempdir", lambda: str(temporary))
    monkeypatch.setattr(output, "_workspace", [])
    location = "postgresql://user@/ws?host=/tmp"
    # The folder a path-minded reading of the URL would give exists: still nothing goes there.
    misread = here / "user@" / "ws?host="
    misread.mkdir(parents=True)
    output.require_workspace(location)  # a database someone made: opening it says if not
    output._remember_workspace(location)
    saved = output.save_traceback("Traceback: boom")
    assert saved is not None and saved.parent == temporary.resolve()
    assert list(misread.iterdir()) == []


@pytest.mark.unit
def test_a_user_error_is_printed_as_written_brackets_and_all():
    import typer

    from crosswire.cli import output

    with output.err.capture() as captured, pytest.raises(typer.Exit), output.user_errors():
        raise UserError("pip install 'crosswire[postgres]' or read [bold]x[/bold].txt")
    assert "pip install 'crosswire[postgres]' or read [bold]x[/bold].txt" in captured.get()
