"""Stories and events on the demo corpus, stable ids across runs and incremental adds, and the
story commands of the CLI."""

import json
import sqlite3

import pytest
from tests.conftest import DEMO
from tests.e2e.helpers import article_from, brief_json, cli, copy_workspace

pytestmark = [pytest.mark.integration, pytest.mark.slow]

MARCH = ["2026-03-11-coromandel-chronicle-veldhaven-delegation-visit.txt", "northstar.jsonl:1"]
UNRELATED = ["2026-05-24-valleys-sport-daily-rugby-cup-final.txt", "northstar.jsonl:3"]
SPANISH = "2026-05-21-noticias-del-muelle-terminal-chennai-es.txt"
#: The second story: the Cork ferry strike, three bare-text reports (DEMO-CORPUS.md, 3l).
STRIKE = [
    "pasted-cork-union-says-terminal-shut.txt",
    "pasted-cork-operator-disputes-strike-claim.txt",
    "pasted-cork-strike-agency-report.txt",
]


@pytest.fixture
def demo(demo_run):
    """The session's demo briefing and the folder holding briefing.json and ws.db."""
    return demo_run.data(), demo_run.folder


def article_id(data, name):
    return article_from(data, name)["id"]


def story_of(data, name):
    aid = article_id(data, name)
    [story] = [s for s in data["stories"] if aid in s["article_ids"]]
    return story


def test_the_developing_story_holds_its_earlier_event(demo):
    data, _ = demo
    main = story_of(data, "2026-05-18-meridian-press-wire.txt")
    english_main = [
        a
        for a in data["articles"]
        if a["language"] == "en"
        and not any(s.endswith(n) for n in UNRELATED + STRIKE for s in a["sources"])
    ]
    assert set(main["article_ids"]) == {a["id"] for a in english_main}
    assert len(main["article_ids"]) == 18
    march, may = main["events"]
    assert {article_id(data, n) for n in MARCH} == set(march["article_ids"])
    assert (march["first_date"], march["last_date"]) == ("2026-03-11", "2026-03-12")
    assert (may["first_date"], may["last_date"]) == ("2026-05-18", "2026-05-26")
    assert main["first_date"] == "2026-03-11" and "Meridian Press" in main["outlets"]


def test_each_unrelated_article_is_its_own_story(demo):
    data, _ = demo
    for name in UNRELATED:
        story = story_of(data, name)
        assert story["article_ids"] == [article_id(data, name)]
    strike = story_of(data, STRIKE[0])
    assert set(strike["article_ids"]) == {article_id(data, n) for n in STRIKE}
    assert len(data["stories"]) == 5


def test_an_article_the_encoder_cannot_read_is_a_story_of_its_own_with_a_note(demo):
    data, _ = demo
    story = story_of(data, SPANISH)
    assert len(story["article_ids"]) == 1 and "not compared" in story["note"]


def test_briefing_records_name_their_story(demo):
    data, _ = demo
    main = story_of(data, "2026-05-18-meridian-press-wire.txt")
    assert data["articles"] and all(a["story_id"] for a in data["articles"])
    rewrites = [g for g in data["duplicates"] if g["kind"] == "rewrite"]
    assert rewrites and all(g["story_ids"] == [main["id"]] for g in rewrites)


def test_story_ids_survive_incremental_adds(demo, tmp_path):
    files = sorted(p for p in DEMO.iterdir())
    db = tmp_path / "grow.db"
    first, _ = brief_json([str(p) for p in files[:8]], tmp_path / "first.json", db)
    before = {a["id"]: a["story_id"] for a in first["articles"]}
    assert before
    everything, result = brief_json([str(DEMO)], tmp_path / "all.json", db)
    assert result.returncode == 0
    after = {a["id"]: a["story_id"] for a in everything["articles"]}
    merged_away = {
        i for c in everything["story_changes"] for i in c["from_ids"] if i not in c["into_ids"]
    }
    for aid, story in before.items():
        assert after[aid] == story or story in merged_away
    one_shot, _ = demo  # everything briefed at once into a fresh workspace

    def partition(briefing):
        return {frozenset(s["article_ids"]) for s in briefing["stories"]}

    assert partition(everything) == partition(one_shot)


def test_cli_lists_shows_and_reclusters(demo, tmp_path):
    data, work = demo
    db = str(copy_workspace(work / "ws.db", tmp_path / "w.db"))  # recluster may write
    listed = cli("stories", "--db", db)
    assert listed.returncode == 0
    main = story_of(data, "2026-05-18-meridian-press-wire.txt")
    assert main["id"] in listed.stdout.decode()
    narrow = cli("stories", "--db", db, columns=80).stdout.decode()
    # ids are never wrapped
    assert data["stories"] and all(story["id"] in narrow for story in data["stories"])
    shown = cli("show", main["id"][:9], "--db", db)
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout.decode()
    assert "Events" in text and "Dutch terminal operator tours Ennore site" in text
    unknown = cli("show", "sffffffff", "--db", db)
    assert unknown.returncode == 2 and b"no story has that id" in unknown.stderr
    again = cli("recluster", "--db", db)
    assert again.returncode == 0 and b"no change" in again.stdout


def test_recluster_records_a_split(demo, tmp_path):
    data, work = demo
    db_path = copy_workspace(work / "ws.db", tmp_path / "split.db")
    main = story_of(data, "2026-05-18-meridian-press-wire.txt")
    rugby = story_of(data, UNRELATED[0])
    db = sqlite3.connect(db_path)
    with db:  # simulate an earlier wrong merge: the rugby report filed under the main story
        db.execute(
            "UPDATE story_members SET story_id = ? WHERE story_id = ?", (main["id"], rugby["id"])
        )
        db.execute("DELETE FROM stories WHERE id = ?", (rugby["id"],))
    db.close()
    result = cli("recluster", "--db", str(db_path))
    assert result.returncode == 0
    assert f"split: {main['id']} →".encode() in result.stdout
    changes = (
        sqlite3.connect(db_path).execute("SELECT kind, from_ids_json FROM story_changes").fetchall()
    )
    assert ("split", json.dumps([main["id"]])) in changes
