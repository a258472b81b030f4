"""Cross-source analysis on the demo corpus: each phenomenon of examples/DEMO-CORPUS.md, checked
concretely in the JSON briefing."""

import re

import pytest
from tests.conftest import DEMO
from tests.e2e.helpers import article_from

pytestmark = [pytest.mark.integration, pytest.mark.slow]

WIRE_FAMILY = [
    "2026-05-18-meridian-press-wire.txt",
    "harbour-tribune-veldhaven-wins-chennai-concession.html",
    "2026-05-18-coastal-ledger-ennore-terminal-deal.txt",
]


@pytest.fixture
def demo(demo_run):
    """The session's demo briefing."""
    return demo_run.data()


def article_id(data, name):
    return article_from(data, name)["id"]


def texts(data):
    return {a["id"]: a["text"] for a in data["articles"]}


def test_the_rewritten_wire_report_counts_once_for_its_facts(demo):
    family = {article_id(demo, n) for n in WIRE_FAMILY}
    origin_of = {a: o["id"] for o in demo["origins"] for a in o["article_ids"]}
    assert len({origin_of[a] for a in family}) == 1
    [money] = [f for f in demo["facts"] if f["quantity"] == "money 375000000 USD"]
    cited = {s["article_id"] for s in money["statements"]}
    assert family <= cited
    assert money["independent_origins"] == len({origin_of[a] for a in cited}) < len(cited)


def test_the_wire_lead_is_one_origins_word_only_in_the_outlets_that_print_it(demo):
    """The wire lead (the signing, with its fourteen months of negotiations) is printed word
    for word by three outlets, all one origin, and no other origin states all of it: no fact,
    but "only in" each of the three, each naming the other two as copies."""
    lead = "The Coromandel Port Authority said on Sunday it had signed"
    assert not [f for f in demo["facts"] if f["quantity"] is None and f["text"].startswith(lead)]
    [main] = [c for c in demo["coverage"] if c["story_id"] == demo["stories"][0]["id"]]
    printing = {
        row["outlet"]: item["copied_by"]
        for row in main["outlets"]
        for item in row["only_in_outlet"]
        if item["text"].startswith(lead)
    }
    family = {article_from(demo, n)["outlet"] for n in WIRE_FAMILY}
    assert set(printing) == family
    assert all(set(copies) == family - {outlet} for outlet, copies in printing.items())


def test_the_two_spellings_of_one_sum_are_one_fact(demo):
    [money] = [f for f in demo["facts"] if f["quantity"] == "money 375000000 USD"]
    spellings = {
        q["text"] for s in money["statements"] for q in s["quantities"] if q["kind"] == "money"
    }
    assert {"$375m", "$375 million"} <= spellings
    assert "Quayside Business Journal" in money["outlets"] and money["independent_origins"] >= 5


def test_the_disagreeing_numbers_are_numeric_conflicts(demo):
    numeric = {c["about"]: c for c in demo["conflicts"] if c["type"] == "numeric"}
    months = numeric["negotiation (duration, month)"]
    assert [s["value"] for s in months["sides"]] == ["fourteen months", "15-month-long"]
    assert months["sides"][1]["outlets"] == ["Quayside Business Journal"]
    berths = numeric["berth (count)"]
    assert [s["value"] for s in berths["sides"]] == ["four berths", "five berths"]
    assert berths["sides"][1]["outlets"] == ["Anchorline"]


def test_the_claim_and_its_denial_are_a_claim_denial_conflict_with_the_right_sides(demo):
    [port] = [s["id"] for s in demo["stories"] if s["title"].startswith("Chennai port")]
    denials = [
        c for c in demo["conflicts"] if c["type"] == "claim_denial" and c["story_id"] == port
    ]
    assert denials
    for conflict in denials:
        claim, denial = conflict["sides"]
        assert re.search(r"\bsigned\b", claim["text"]) and "Veldhaven" not in " ".join(
            claim["attributed_to"]
        )
        assert re.search(
            r"not signed|no agreement ha[sd] been signed|denied", denial["text"], re.IGNORECASE
        )
    quoted = [c for c in denials if "Arun Pillai" in c["sides"][0]["attributed_to"]]
    assert quoted and "Ingrid Baas" in quoted[0]["sides"][1]["attributed_to"]
    assert set(quoted[0]["sides"][1]["outlets"]) >= {"Rotterdam Observer", "Meridian Press"}


def test_on_sunday_resolves_to_may_17_in_every_article(demo):
    all_texts = texts(demo)
    seen = set()
    for fact in demo["facts"]:
        for statement in fact["statements"]:
            for date in statement["dates"]:
                if (
                    date["text"].lower() in ("sunday", "on sunday")
                    and "domingo" not in statement["sentence"]
                ):
                    assert date["value"] == "2026-05-17", statement["sentence"]
                    seen.add(statement["article_id"])
    published = {a["id"]: a["published"] for a in demo["articles"]}
    assert len(seen) >= 6 and len({published[a] for a in seen}) >= 3
    [entry] = [t for t in demo["timeline"] if t["date"] == "2026-05-17"]
    assert (
        len(entry["article_ids"]) >= 6 and entry["date_inferred"] is True
    )  # #8's date is inferred
    for article in seen:
        assert article in all_texts


def test_the_repeated_quote_is_one_ledger_entry_with_variants(demo):
    raghavan = [
        q
        for q in demo["quotes"]
        if q["text"].startswith("This terminal will put Chennai back on the map")
    ]
    assert len(raghavan) == 1
    entry = raghavan[0]
    assert entry["speaker"]["name"] == "Meenakshi Raghavan" and entry["speaker"]["entity_id"]
    assert entry["kind"] == "direct"
    outlets = {a["id"]: a["outlet"] for a in demo["articles"]}
    assert len({outlets[v["article_id"]] for v in entry["variants"]}) >= 4
    assert {v["match"] for v in entry["variants"]} >= {"exact", "partial"}
    for variant in entry["variants"]:
        assert (
            texts(demo)[variant["article_id"]][variant["start"] : variant["end"]]
            .strip('"“” ')
            .startswith(variant["text"][:20].strip('"“” '))
        )


def test_no_quote_is_credited_to_a_place_or_a_pronoun(demo):
    places = {e["name"] for e in demo["entities"] if e["type"] in ("GPE", "LOC", "FAC")}
    assert places and demo["quotes"]
    for quote in demo["quotes"]:
        name = quote["speaker"]["name"]
        assert name not in places and (name or "").lower() not in {"he", "she", "they", "it"}


def test_every_summary_sentence_is_in_the_articles_it_cites(demo):
    all_texts = texts(demo)
    assert demo["summary"]
    squash = lambda t: " ".join(t.split())  # noqa: E731
    for item in demo["summary"]:
        assert item["article_ids"]
        for article in item["article_ids"]:
            words = set(re.findall(r"\w+", item["text"].lower()))
            found = set(re.findall(r"\w+", all_texts[article].lower()))
            assert len(words & found) / len(words) >= 0.6, (item["text"], article)
        assert any(squash(item["text"]) in squash(all_texts[a]) for a in item["article_ids"])


def test_coverage_lists_what_each_outlet_left_out(demo):
    [main] = [c for c in demo["coverage"] if len(c["outlets"]) >= 5]
    facts = {f["id"]: f for f in demo["facts"]}
    assert any(row["left_out"] for row in main["outlets"])
    assert any(row["only_here"] for row in main["outlets"])
    for row in main["outlets"]:
        for fact_id in row["left_out"]:
            assert row["outlet"] not in facts[fact_id]["outlets"]
            assert facts[fact_id]["independent_origins"] >= 2
        for fact_id in row["only_here"]:
            assert facts[fact_id]["outlets"] == [row["outlet"]]
    assert main["matrix_fact_ids"]
    assert all(facts[f]["independent_origins"] >= 2 for f in main["matrix_fact_ids"])


def test_attributions_are_found_once_and_found_again_when_the_rules_change(tmp_path, monkeypatch):
    """The nlp stage parses an article once and stores its sentences, mentions and attributions
    together; a later run reads them back without loading spaCy, and a change to the rules
    makes it parse afresh (all three: they come from one parse)."""
    from crosswire import pipeline, stages
    from crosswire.nlp.models import spacy_parser_pipeline
    from crosswire.store import open_store

    source = str(DEMO / "2026-05-18-meridian-press-wire.txt")
    store = open_store(str(tmp_path / "w.db"))
    try:
        first = pipeline.run([source], store)
        assert first.quotes
        [article_id] = [a.id for a in first.articles]
        sentences = store.sentences([article_id])

        def no_parser():
            raise AssertionError("spaCy was loaded although the analysis is stored")

        models = pipeline.default_models()
        models.nlp_loader = no_parser
        again = pipeline.run([source], store, models=models)
        assert [q.to_dict() for q in again.quotes] == [q.to_dict() for q in first.quotes]

        # The nlp stage names its rules by this fingerprint: another one means other rules.
        monkeypatch.setattr(stages, "rules_fingerprint", lambda: "other rules")
        loaded = []

        def counting_parser():
            loaded.append(True)
            return spacy_parser_pipeline()

        models = pipeline.default_models()
        models.nlp_loader = counting_parser
        with store.transaction():  # as the old rules would have left it: no sentences
            store.save_nlp(article_id, f"{models.nlp_name} other rules", [], [])
        third = pipeline.run([source], store, models=models)
        assert loaded and [q.to_dict() for q in third.quotes] == [q.to_dict() for q in first.quotes]
        assert store.sentences([article_id]) == sentences
    finally:
        store.close()


def test_quotes_after_a_named_speaker_go_to_that_speaker(demo):
    """'"...," he said.' after a sentence naming the speaker in apposition or after a title."""
    speaker_of = {q["text"].rstrip(",. "): (q["speaker"] or {}).get("name") for q in demo["quotes"]}
    assert speaker_of["A signature is a signature, but two are better"] == "Arun Pillai"
    assert (
        speaker_of["We had our chances and we didn't take them. Fair play to them"]
        == "Rhodri Evans"
    )


def test_a_figure_is_shown_with_a_sentence_that_agrees_with_most_reports(demo):
    """The 1.8 million TEU figure is not shown with the one sentence that says five berths."""
    [teu] = [f for f in demo["facts"] if f["quantity"] == "count 1800000 teu"]
    assert "five berths" not in teu["text"]
    [sum_] = [f for f in demo["facts"] if f["quantity"] == "money 375000000 USD"]
    assert "not signed" not in sum_["text"] and "denied" not in sum_["text"]


def test_no_quote_is_a_frame_of_another_attribution(demo):
    """A cue's own clause ("Officials at the ceremony said") is never what someone said."""
    texts = [q["text"] for q in demo["quotes"]]
    assert not [t for t in texts if re.fullmatch(r"[\w' ]+ [\w']+ (said|say|says)", t.strip())]
