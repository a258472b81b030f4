"""The command line as a user meets it: help with examples, search, eval, offline runs.

Commands run in this process (``cli``) unless a fresh process is the point: the entry point's
own help, the installed script, and the run with the network unreachable."""

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import DEMO
from tests.e2e.helpers import brief_json, cli, crosswire

pytestmark = [pytest.mark.integration]

COMMANDS = [
    ("brief",),
    ("add",),
    ("search",),
    ("stories",),
    ("show",),
    ("recluster",),
    ("serve",),
    ("aliases",),
    ("aliases", "add"),
    ("aliases", "remove"),
    ("aliases", "list"),
    ("feeds",),
    ("feeds", "add"),
    ("feeds", "list"),
    ("feeds", "remove"),
    ("feeds", "trust"),
    ("feeds", "untrust"),
    ("feeds", "import"),
    ("feeds", "export"),
    ("watch",),
    ("eval",),
    ("eval", "extraction"),
    ("eval", "ecbplus"),
    ("eval", "pile"),
    ("eval", "timeml"),
    ("eval", "polnear"),
    ("eval", "provenance"),
    ("eval", "multinews"),
    ("eval", "fnc"),
]


def test_top_level_help_shows_an_example():
    """`python -m crosswire` in a fresh process: the entry point itself, not the Typer app."""
    result = crosswire("--help")
    assert (
        result.returncode == 0
        and b"crosswire brief examples/demo-corpus -o briefing.html" in result.stdout
    )


def test_the_installed_crosswire_command_runs():
    """The console script the package installs (beside this Python) starts and says what it is."""
    script = Path(sys.executable).parent / "crosswire"
    if not script.exists():
        pytest.skip(f"no installed crosswire script beside {sys.executable}")
    result = subprocess.run([str(script), "--help"], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    assert b"Example:" in result.stdout and b"crosswire brief" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = cli(*command, "--help")
    assert result.returncode == 0
    assert b"Example:" in result.stdout and b"crosswire " + command[0].encode() in result.stdout


def test_every_command_is_documented_in_the_readme():
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text()
    for command in COMMANDS:
        assert f"crosswire {' '.join(command)}" in readme


def test_add_then_search(tmp_path):
    db = str(tmp_path / "w.db")
    added = cli("add", str(DEMO / "2026-05-18-meridian-press-wire.txt"), "--db", db, "--quiet")
    assert added.returncode == 0
    found = cli("search", "Veldhaven AND concession", "--db", db)
    assert found.returncode == 0 and b"Chennai port authority signs" in found.stdout
    nothing = cli("search", "rugby", "--db", db)
    assert nothing.returncode == 1
    no_workspace = cli("search", "port", "--db", str(tmp_path / "none.db"))
    assert no_workspace.returncode == 2 and b"no workspace" in no_workspace.stderr
    (tmp_path / "notes.db").write_bytes(b"not a database at all, just some text " * 40)
    broken = cli("search", "port", "--db", str(tmp_path / "notes.db"))
    assert broken.returncode == 2 and b"notes.db" in broken.stderr


def test_alias_table_changes_the_next_briefing(tmp_path):
    db = str(tmp_path / "w.db")
    wire = str(DEMO / "2026-05-18-meridian-press-wire.txt")
    before, _ = brief_json([wire], tmp_path / "a.json", tmp_path / "w.db")
    assert (
        "Raghavan"
        in next(e for e in before["entities"] if e["name"] == "Meenakshi Raghavan")["aliases"]
    )
    assert cli("aliases", "add", "Raghavan", "Raghavan", "--db", db).returncode == 0
    assert b'"Raghavan" = "Raghavan"' in (tmp_path / "aliases.toml").read_bytes()
    assert cli("aliases", "add", "Gdansk", "Danzig", "--db", db).returncode == 0
    after, _ = brief_json([wire], tmp_path / "b.json", tmp_path / "w.db")
    by_name = {e["name"]: e for e in after["entities"]}
    assert "Raghavan" in by_name and by_name["Meenakshi Raghavan"]["aliases"] == []
    assert "Danzig" in by_name  # the workspace table wins over the shipped exonym list
    listed = cli("aliases", "list", "--db", db)
    assert b"Raghavan" in listed.stdout and b"Gdansk" in listed.stdout
    assert cli("aliases", "remove", "Raghavan", "--db", db).returncode == 0
    assert cli("aliases", "remove", "Raghavan", "--db", db).returncode == 2
    (tmp_path / "aliases.toml").write_text("[aliases\nbroken")
    broken = cli("brief", wire, "-o", str(tmp_path / "c.json"), "--db", db)
    assert broken.returncode == 2 and b"aliases.toml" in broken.stderr


def test_stdin_input(tmp_path):
    """`-` reads standard input as bytes (the runner's stand-in has the same buffer API as a
    pipe)."""
    record = json.dumps(
        {
            "title": "From a pipe",
            "outlet": "Pipe News",
            "text": (DEMO / "2026-05-18-meridian-press-wire.txt").read_text().split("\n\n", 1)[1],
        }
    )
    result = cli(
        "brief",
        "-",
        "-o",
        str(tmp_path / "o.json"),
        "--db",
        str(tmp_path / "w.db"),
        stdin=record.encode(),
    )
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "o.json").read_text())
    assert [a["title"] for a in data["articles"]] == ["From a pipe"]


def test_eval_extraction_scores_and_writes_predictions(tmp_path):
    bench = tmp_path / "bench"
    (bench / "html").mkdir(parents=True)
    (bench / "output").mkdir()
    body = (
        "The port authority said on Monday that the terminal would open in 2029. "
        "Dredging will begin within six months, and the first ships are expected soon after."
    )
    page = f"<html><body><nav>Home | News</nav><article><p>{body}</p></article></body></html>"
    # p1 hashes into the tuning half, p2 into the check half.
    truth = {}
    for page_id in ("p1", "p2"):
        with gzip.open(bench / "html" / f"{page_id}.html.gz", "wt") as handle:
            handle.write(page)
        truth[page_id] = {"articleBody": body, "url": f"https://x.example/{page_id}"}
    (bench / "ground-truth.json").write_text(json.dumps(truth))
    # A published output, wrapped the way some of the benchmark's files are: right on p1 only.
    wrapped = {"p1": {"articleBody": body}, "p2": {"articleBody": "Home News"}}
    (bench / "output" / "go_trafilatura.json").write_text(
        json.dumps({"version": "1.0", "output": wrapped})
    )
    result = cli("eval", "extraction", str(bench), "--predictions", str(tmp_path / "pred.json"))
    assert result.returncode == 0, result.stderr
    rows = [line.replace("│", " ").split() for line in result.stdout.decode().splitlines()]
    figures = [
        row[-4:] for row in rows if len(row) >= 4 and row[-4] in ("crosswire", "go_trafilatura")
    ]
    assert figures == [
        ["crosswire", "1.0000", "1.0000", "1.0000"],  # all (2)
        ["go_trafilatura", "0.5000", "0.5000", "0.5000"],
        ["crosswire", "1.0000", "1.0000", "1.0000"],  # tuning (1)
        ["go_trafilatura", "1.0000", "1.0000", "1.0000"],
        ["crosswire", "1.0000", "1.0000", "1.0000"],  # check (1)
        ["go_trafilatura", "0.0000", "0.0000", "0.0000"],
    ]
    assert b"tuning (1)" in result.stdout and b"check (1)" in result.stdout
    assert json.loads((tmp_path / "pred.json").read_text())["p1"]["articleBody"] == body
    missing = cli("eval", "extraction", str(tmp_path / "nowhere"))
    assert (
        missing.returncode == 2 and b"not an article-extraction-benchmark folder" in missing.stderr
    )


def test_eval_provenance_scores_dates_and_credits_of_bare_text(tmp_path):
    data = tmp_path / "polnear" / "data"
    (data / "dev" / "text").mkdir(parents=True)
    texts = {
        "a": "Harbour strike\n\nLISBON (Reuters) — Dock workers walked out on Monday, the union "
        "said, and ships queued offshore.\n\n(Published Tuesday, June 4, 2024)",
        "b": "Ferry back\n\nThe island ferry resumed its crossings on Sunday after a week of "
        "repairs, its operator said.\n\n(Published Friday, March 1, 2024)",
        "c": "Bridge vote\n\nThe council voted to close the old bridge for a year of repairs, "
        "its chair said on Monday.",
    }
    for name, text in texts.items():
        (data / "dev" / "text" / f"{name}.txt").write_text(text)
    rows = [
        ("a", "2024-06-04", "Reuters"),
        ("b", "2024-03-02", "None"),
        ("c", "2024-05-01", "NA"),
    ]
    (data / "metadata.tsv").write_text(
        "compartment\tfilename\tpublication_date\twire\n"
        + "".join(f"dev\t{name}\t{day}\t{wire}\n" for name, day, wire in rows)
    )
    result = cli("eval", "provenance", str(tmp_path / "polnear"), "--split", "dev")
    assert result.returncode == 0, result.stderr
    report = result.stdout.decode()
    assert "articles 3" in report
    assert "date precision 0.5000 (1/2 dated)" in report and "wrong dates 1" in report
    assert "wire recall 1.0000 (1/1)  false credits 0" in report
    assert "wrong: doc001 2024-03-01 (gold 2024-03-02, stamp)" in report
    wrong_split = cli("eval", "provenance", str(tmp_path / "polnear"), "--split", "test")
    assert (
        wrong_split.returncode == 2 and b"--split must be train, dev or all" in wrong_split.stderr
    )
    missing = cli("eval", "provenance", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and b"metadata.tsv" in missing.stderr


@pytest.mark.slow
def test_runs_with_the_network_unreachable(demo_run, tmp_path):
    """No model or data is fetched at run time: the demo briefing is identical without a network."""
    if (
        shutil.which("unshare") is None
        or subprocess.run(["unshare", "-rn", "true"]).returncode != 0
    ):
        pytest.skip("unshare -rn (a private network namespace) is not available here")
    offline = crosswire(
        "brief",
        str(DEMO),
        "-o",
        str(tmp_path / "offline.json"),
        "--db",
        str(tmp_path / "offline.db"),
        prefix=("unshare", "-rn"),
    )
    assert offline.returncode == 0, offline.stderr.decode()
    online = demo_run.data()  # the same inputs briefed into a fresh workspace in this process
    assert json.loads((tmp_path / "offline.json").read_text()) == online
