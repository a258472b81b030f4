"""`crosswire brief` on the demo corpus: the phenomena of examples/DEMO-CORPUS.md, end to end."""

import json
import sqlite3
from importlib import resources

import jsonschema
import pytest
from tests.conftest import DEMO
from tests.e2e.helpers import article_from, brief_json, cli, copy_workspace, crosswire

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture
def demo(demo_run):
    """The session's demo briefing and the folder holding briefing.json and ws.db."""
    return demo_run.data(), demo_run.folder


by_file = article_from


def test_every_input_is_read_and_the_exact_duplicate_is_collapsed(demo):
    data, _ = demo
    assert len(data["articles"]) == 24  # 25 articles in 23 files, one an exact copy
    assert data["problems"] == []
    denial = by_file(data, "rotterdam-observer-veldhaven-denies-signing.txt")
    assert len(denial["sources"]) == 2 and any(
        s.endswith("northstar.jsonl:2") for s in denial["sources"]
    )
    [exact] = [g for g in data["duplicates"] if g["kind"] == "exact"]
    assert exact["article_ids"] == [denial["id"]] and len(exact["sources"]) == 2


def test_the_wire_and_its_two_rewrites_are_one_origin(demo):
    data, _ = demo
    family = {
        by_file(data, name)["id"]
        for name in (
            "2026-05-18-meridian-press-wire.txt",
            "harbour-tribune-veldhaven-wins-chennai-concession.html",
            "2026-05-18-coastal-ledger-ennore-terminal-deal.txt",
        )
    }
    rewrites = [set(g["article_ids"]) for g in data["duplicates"] if g["kind"] == "rewrite"]
    assert family in rewrites
    [origin] = [o for o in data["origins"] if family & set(o["article_ids"])]
    assert set(origin["article_ids"]) == family
    # The pasted live-blog copy rewrites the wire's denial: one origin of two.
    denial = {
        by_file(data, name)["id"]
        for name in (
            "veldhaven-says-contract-not-yet-signed.txt",
            "pasted-live-briefing-denial.txt",
        )
    }
    assert sorted(rewrites, key=len) == [denial, family]
    # Everything else is its own origin: 24 articles, one origin of three, one of two.
    assert len(data["origins"]) == 21


def test_the_repeated_lead_is_a_shared_passage(demo):
    data, _ = demo
    lead = [
        p
        for p in data["passages"]
        if p["text"].startswith("The Coromandel Port Authority said on Sunday")
    ]
    assert len(lead) == 1 and len(lead[0]["occurrences"]) == 3


def test_furniture_is_removed_and_audited_with_reasons(demo):
    data, _ = demo
    article = by_file(data, "harbour-tribune-veldhaven-wins-chennai-concession.html")
    removed = {r["text"]: r["reason"] for r in article["removed"]}
    assert removed == {
        "(Photo: Lena Ortiz / Harbour Tribune)": "photo credit",
        "WATCH: Drone footage of the Ennore reclamation site": "promo: WATCH/LISTEN link",
        "Your browser doesn't support HTML5 video.": "media placeholder",
        "READ MORE: Why Chennai keeps losing cargo to its rivals": "promo: read more",
        "IN PHOTOS: Life on Chennai's northern waterfront": "promo: photo gallery",
        "Click here to subscribe to our newsletter": "share/subscribe prompt",
        "LIVE UPDATES: Follow our live coverage here": "promo: live coverage",
        "Share this article on Facebook / Twitter": "share/subscribe prompt",
    }
    for line in removed:
        assert line not in article["text"]
        assert line in article["original_text"]
    # The caption that dates another article is text, not furniture.
    anchorline = by_file(data, "anchorline-ennore-site-work-continues.html")
    assert "Workers at the terminal site in Ennore on May 21, 2026." in anchorline["text"]


def test_inferred_dates_say_how_they_were_found(demo):
    data, _ = demo
    anchorline = by_file(data, "anchorline-ennore-site-work-continues.html")
    # A photo caption dates the photo; the report runs that day or within the week after, so
    # the month is what is known.
    assert (anchorline["published"], anchorline["published_source"]) == ("2026-05", "caption")
    assert anchorline["published_inferred"] is True
    assert (
        "Workers at the terminal site in Ennore on May 21, 2026" in anchorline["published_evidence"]
    )
    denial = by_file(data, "veldhaven-says-contract-not-yet-signed.txt")
    assert (denial["published"], denial["published_source"]) == ("2026-05-19", "dateline")
    wire = by_file(data, "2026-05-18-meridian-press-wire.txt")
    assert (wire["published"], wire["published_source"], wire["published_inferred"]) == (
        "2026-05-18",
        "metadata",
        False,
    )
    html = by_file(data, "coromandel-chronicle-ennore-deal-signed-at-last.html")
    assert (html["published"], html["published_source"]) == ("2026-05-26", "html")


def test_outlets_from_text_cues(demo):
    data, _ = demo
    denial = by_file(data, "veldhaven-says-contract-not-yet-signed.txt")
    assert (denial["outlet"], denial["outlet_source"]) == ("Meridian Press", "dateline")
    fish = by_file(data, "ennore-fishworkers-demand-consultation.txt")
    assert (fish["outlet"], fish["outlet_source"]) == ("Northstar Wire", "text")


def test_doubled_word_and_repeated_paragraph(demo):
    data, _ = demo
    ledger = by_file(data, "2026-05-18-coastal-ledger-ennore-terminal-deal.txt")
    assert [(i["kind"], i["text"]) for i in ledger["issues"]] == [("doubled word", "the the")]
    fish = by_file(data, "ennore-fishworkers-demand-consultation.txt")
    repeated = [r for r in fish["removed"] if r["reason"].startswith("repeated paragraph")]
    assert len(repeated) == 1 and repeated[0]["text"].startswith("The union said catches")
    assert fish["text"].count("The union said catches") == 1


def test_spanish_article_is_flagged_and_skips_english_only_stages(demo):
    data, work = demo
    spanish = by_file(data, "noticias-del-muelle-terminal-chennai-es.txt")
    assert spanish["language"] == "es" and "English only" in spanish["language_note"]
    assert data["entities"] and all(spanish["id"] not in e["article_ids"] for e in data["entities"])
    db = sqlite3.connect(work / "ws.db")
    assert (
        db.execute(
            "SELECT COUNT(*) FROM sentences WHERE article_id = ?", (spanish["id"],)
        ).fetchone()[0]
        == 0
    )


def test_spelling_variants_exonyms_surnames_and_titles_are_one_entity(demo):
    data, _ = demo
    by_name = {e["name"]: e for e in data["entities"]}
    chief = by_name["Oleksandr Hrytsenko"]
    assert {"Oleksandr Grytsenko", "Alexander Gritsenko", "Hrytsenko", "Grytsenko"} <= set(
        chief["aliases"]
    )
    assert any(alias.lower() == "the veldhaven chief" for alias in chief["aliases"])
    assert by_name["Chennai"]["type"] == "GPE" and "Madras" in by_name["Chennai"]["aliases"]
    assert (
        by_name["Veldhaven Terminals"]["type"] == "ORG"
        and "Veldhaven" in by_name["Veldhaven Terminals"]["aliases"]
    )
    assert "Gdansk" in by_name["Gdańsk"]["aliases"]
    texts = {a["id"]: a["text"] for a in data["articles"]}
    assert chief["mentions"]
    for mention in chief["mentions"]:
        assert texts[mention["article_id"]][mention["start"] : mention["end"]] == mention["text"]


def test_output_matches_the_json_schema(demo):
    data, _ = demo
    schema = json.loads(
        resources.files("crosswire").joinpath("schema/briefing.schema.json").read_text()
    )
    jsonschema.validate(data, schema)
    assert data["schema_version"] == "2.2"


def test_same_input_gives_the_same_bytes_in_every_format(demo, tmp_path):
    """Each comparison is between two processes (the session's briefing was written in this
    one), so output that hangs on the hash seed or on set order fails here."""
    _, work = demo
    first = (work / "briefing.json").read_bytes()
    db = str(tmp_path / "fresh.db")
    result = crosswire("brief", str(DEMO), "-o", str(tmp_path / "again.json"), "--db", db)
    assert result.returncode == 0
    assert (tmp_path / "again.json").read_bytes() == first
    for suffix in ("html", "md"):
        outputs = []
        for name, run in (("x", cli), ("y", crosswire)):
            run("brief", str(DEMO), "-o", str(tmp_path / f"{name}.{suffix}"), "--db", db)
            outputs.append((tmp_path / f"{name}.{suffix}").read_bytes())
        assert outputs[0] == outputs[1]


def test_reingesting_the_same_inputs_changes_nothing(demo, tmp_path):
    data, work = demo
    workspace = copy_workspace(work / "ws.db", tmp_path / "ws.db")
    db = sqlite3.connect(workspace)
    tables = ("articles", "inputs", "sentences", "mentions", "embeddings")
    before = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
    again, result = brief_json([str(DEMO)], tmp_path / "again.json", workspace)
    after = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
    assert before == after and before["articles"] == 24
    assert again == data
    assert "0 items" in result.stderr.decode()  # nothing re-analysed or re-embedded


def test_html_report_is_readable_and_self_contained(demo, tmp_path):
    _, work = demo
    workspace = copy_workspace(work / "ws.db", tmp_path / "w.db")
    _, result = brief_json([str(DEMO)], tmp_path / "b.html", workspace)
    assert result.returncode == 0, result.stderr.decode()
    page = (tmp_path / "b.html").read_text()
    for heading in (
        "Articles by outlet and date",
        "Duplicates and origins",
        "Shared passages",
        "Entities",
        "Article texts",
    ):
        assert heading in page
    assert "inferred from caption" in page and "Anchorline" in page
    assert "<link " not in page and 'src="http' not in page
