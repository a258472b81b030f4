"""The demo's second story, pasted as bare text (#23-#25 in examples/DEMO-CORPUS.md, 3l): a
union's claim and the operator's denial in two outlets, a duration written two ways, two figures
in one sentence, similar-but-different plans, a quoted list and apposition speakers."""

import pytest
from tests.e2e.helpers import article_from

from crosswire.text.fragments import fragment_reason

pytestmark = [pytest.mark.integration, pytest.mark.slow]

UNION = "pasted-cork-union-says-terminal-shut.txt"
OPERATOR = "pasted-cork-operator-disputes-strike-claim.txt"
AGENCY = "pasted-cork-strike-agency-report.txt"


@pytest.fixture
def data(demo_run):
    return demo_run.data()


@pytest.fixture
def story(data):
    union = article_from(data, UNION)
    [found] = [s for s in data["stories"] if union["id"] in s["article_ids"]]
    return found


def _of_story(data, story, key):
    return [item for item in data[key] if item["story_id"] == story["id"]]


def test_the_strike_is_a_story_of_its_own_with_outlets_from_the_text(data, story):
    ids = {article_from(data, name)["id"] for name in (UNION, OPERATOR, AGENCY)}
    assert set(story["article_ids"]) == ids
    outlets = {name: article_from(data, name)["outlet"] for name in (UNION, OPERATOR, AGENCY)}
    assert outlets == {
        UNION: "The Lee Valley Echo",
        OPERATOR: "Munster Business Post",
        AGENCY: "Northstar Wire",
    }


def test_claim_and_denial_by_two_parties_in_two_outlets(data, story):
    union, operator = article_from(data, UNION)["id"], article_from(data, OPERATOR)["id"]
    found = [c for c in _of_story(data, story, "conflicts") if c["type"] == "claim_denial"]
    assert found, "the union's claim and the operator's denial are a claim_denial conflict"
    sides = [
        (claim, denial)
        for c in found
        for claim, denial in [c["sides"]]
        if union in claim["article_ids"] and operator in denial["article_ids"]
    ]
    assert sides, [c["sides"] for c in found]
    claim, denial = sides[0]
    assert operator not in claim["article_ids"] and union not in denial["article_ids"]
    assert any("Union" in name or "Brennan" in name for name in claim["attributed_to"])
    assert any("Kestrel" in name or "Ryan" in name for name in denial["attributed_to"])


def test_a_duration_written_two_ways_is_a_numeric_conflict(data, story):
    union, operator = article_from(data, UNION)["id"], article_from(data, OPERATOR)["id"]
    durations = [
        c
        for c in _of_story(data, story, "conflicts")
        if c["type"] in ("numeric", "estimate") and "dispute" in c["about"]
    ]
    assert len(durations) == 1, _of_story(data, story, "conflicts")
    by_article = {a: side["value"] for side in durations[0]["sides"] for a in side["article_ids"]}
    assert "fourteen months" in by_article[union]
    assert "15-month" in by_article[operator]


def test_an_offer_and_a_demand_in_one_sentence_are_no_conflict(data, story):
    for conflict in _of_story(data, story, "conflicts"):
        values = {side.get("value") or "" for side in conflict["sides"]}
        assert not any("4 percent" in v for v in values), conflict


def test_similar_but_different_plans_never_merge(data, story):
    for fact in _of_story(data, story, "facts"):
        sentences = " ".join(s["sentence"] for s in fact["statements"])
        assert not ("Rosslare route" in sentences and "deck officers" in sentences), fact


def test_facts_are_corroborated_and_never_fragments(data, story):
    facts = _of_story(data, story, "facts")
    assert facts
    for fact in data["facts"]:
        assert fact["independent_origins"] >= 2, fact
        assert fragment_reason(fact["text"]) is None, fact["text"]
    pay = [f for f in facts if "9 percent" in f["text"] and "4 percent" in f["text"]]
    assert pay and pay[0]["independent_origins"] == 3


def test_no_summary_line_or_fact_is_a_piece_of_the_quoted_list(data):
    for item in data["summary"] + data["facts"]:
        assert not item["text"].startswith('"The Tide Will Turn"'), item["text"]
        assert fragment_reason(item["text"]) is None, item["text"]


def test_apposition_speakers_are_the_people(data, story):
    speakers = {
        q["text"][:20]: (q["speaker"] or {}).get("name") for q in _of_story(data, story, "quotes")
    }
    assert speakers["Not one ship has mov"] == "Niamh Brennan"
    assert speakers["The terminal is open"] == "Declan Ryan"
