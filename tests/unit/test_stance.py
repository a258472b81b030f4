"""Stance: polarity cues, features, the tree model, FNC-1 scoring, and hand-written claim/report
pairs for each class (those load the real encoder, so they are marked integration)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from crosswire.analysis.polarity import cue_counts, find_cues, is_negated, negated_terms
from crosswire.analysis.stance import (
    analyse_report,
    claim_texts,
    content_terms,
    stance,
    stance_features,
)
from crosswire.analysis.stance_model import (
    FEATURE_NAMES,
    LABELS,
    MODEL_PATH,
    StanceModel,
    Tree,
    TreeEnsemble,
    load_model,
)
from crosswire.evaluation.fnc import StancePair, body_subset, score, topic_groups
from crosswire.nlp.encoder import HashingEncoder
from crosswire.text.stems import short_stem

CLAIM = "Veldhaven signs $375 million deal to build new port terminal"

AGREE = [
    "Veldhaven has signed a $375 million deal to build a new terminal at the port, the port "
    "authority confirmed on Sunday.",
    "The terminal will have four berths on reclaimed land north of the city.",
    "Construction is due to start within six months.",
    "Veldhaven was chosen over two rival bidders after a long tender.",
]
DENIAL = [
    "Veldhaven has denied reports that it signed a $375 million deal to build a new port terminal.",
    '"There is no deal, and the reports are false," a company spokeswoman said on Sunday.',
    "The port authority also dismissed the story, saying no contract had been awarded.",
    "The tender for the terminal is still open, officials said.",
]
REFUTED = [
    "Reports that Veldhaven signed a $375 million deal to build a new port terminal are false.",
    "No contract has been signed, and the tender for the terminal is still open.",
    "The story began with a fake press release that copied the port authority's logo.",
    "The port authority has asked social media sites to remove it.",
]
HEDGED = [
    "Veldhaven has reportedly signed a $375 million deal to build a new port terminal, "
    "according to local media.",
    "The claims could not be independently verified.",
    "Neither Veldhaven nor the port authority responded to requests for comment.",
    "It is not clear when construction would start, if the deal exists.",
]
OFF_TOPIC = [
    "The city council voted on Tuesday to extend the opening hours of public libraries.",
    "Libraries will now stay open until 9pm on weekdays.",
    "The change follows a petition signed by more than 4,000 residents.",
    "Funding for the extra hours will come from the culture budget.",
]

RESIGN_CLAIM = "Mayor Ana Torres resigns over corruption inquiry"
RESIGN = {
    "agree": [
        "Mayor Ana Torres resigned on Monday, days after prosecutors opened a corruption "
        "inquiry into city contracts.",
        "Torres handed her resignation letter to the council in the morning, the city's "
        "spokesman said.",
        "Her deputy will run the city until an election is held in the spring.",
        "Prosecutors are examining contracts worth 12 million euros.",
    ],
    "disagree": [
        "Mayor Ana Torres has not resigned, her office said on Monday, calling reports "
        "of her resignation over the corruption inquiry false.",
        '"The mayor is at her desk and has no intention of stepping down," a spokesman said.',
        "Torres denied any wrongdoing in the awarding of city contracts.",
        "Prosecutors declined to comment on the inquiry.",
    ],
    "discuss": [
        "Mayor Ana Torres may resign over the corruption inquiry, according to two "
        "council members who spoke on condition of anonymity.",
        "Torres has reportedly told allies that she is considering stepping down.",
        "Her office did not respond to questions, and it is unclear whether a decision "
        "has been made.",
        "Prosecutors are said to be examining contracts worth 12 million euros.",
    ],
    "unrelated": OFF_TOPIC,
}


# --- polarity cues -------------------------------------------------------------------------


@pytest.mark.unit
def test_cue_families_are_found_with_their_spans():
    text = "The ministry denied the report, calling the photos fake."
    cues = find_cues(text)
    assert [(c.family, c.text) for c in cues] == [("denial", "denied"), ("falsity", "fake")]
    assert all(text[c.start : c.end] == c.text for c in cues)


@pytest.mark.unit
@pytest.mark.parametrize(
    "text, family",
    [
        ("Officials said there was no evidence of a second attack.", "falsity"),
        ("Fact-checkers debunked the video within hours.", "falsity"),
        ("The story is not true, his lawyer said.", "falsity"),
        ("The star was reportedly seen leaving the hotel.", "hedge"),
        ("According to local media, the bridge collapsed.", "hedge"),
        ("It is not clear who fired first.", "hedge"),
        ("The company confirmed the layoffs on Friday.", "assertion"),
        ("The minister did not resign.", "negation"),
        ("The minister didn't resign.", "negation"),
    ],
)
def test_each_family_recognises_typical_wording(text, family):
    assert cue_counts(text)[family] >= 1


@pytest.mark.unit
def test_a_plain_factual_sentence_has_no_polarity_cues():
    counts = cue_counts("The terminal will have four berths on reclaimed land north of the city.")
    assert sum(counts.values()) == 0
    assert not is_negated("The terminal will have four berths.")


@pytest.mark.unit
def test_negated_terms_finds_the_claim_word_a_negator_cancels():
    assert negated_terms("The minister did not resign.", {"resign", "minister"}) == {"resign"}
    assert negated_terms("The minister resigned; nothing else changed.", {"resign"}) == set()


@pytest.mark.unit
def test_stems_match_inflected_forms():
    assert short_stem("threatened") == short_stem("threats")
    assert short_stem("protests") == short_stem("protest")
    assert content_terms("The police have arrested two men") == ["police", "arrest", "men"]


# --- features ------------------------------------------------------------------------------


def _features(claim: str, sentences: list[str], encoder=None) -> dict[str, float]:
    encoder = encoder or HashingEncoder()
    texts = claim_texts(claim)
    vectors = encoder.encode([*texts, *sentences])
    report = analyse_report(sentences, vectors[len(texts) :])
    values = stance_features(claim, vectors[: len(texts)], report)
    assert values.shape == (len(FEATURE_NAMES),)
    return dict(zip(FEATURE_NAMES, values.tolist()))


@pytest.mark.unit
def test_overlap_features_separate_a_related_report_from_an_unrelated_one():
    related, unrelated = _features(CLAIM, AGREE), _features(CLAIM, OFF_TOPIC)
    assert related["terms_cover"] > 0.7 > unrelated["terms_cover"]
    assert related["numbers_cover"] == 1.0 and unrelated["numbers_cover"] == 0.0
    assert related["cos_max"] > unrelated["cos_max"]


@pytest.mark.unit
def test_cue_features_see_denials_and_hedges_near_the_claim():
    denial, hedged = _features(CLAIM, DENIAL), _features(CLAIM, HEDGED)
    agree = _features(CLAIM, AGREE)
    assert denial["near_denial"] > 0 and denial["best_denial"] >= 1
    assert denial["near_falsity"] > 0 and agree["near_falsity"] == 0
    assert hedged["best_hedge"] >= 1 and agree["best_hedge"] == 0
    assert agree["best_assertion"] >= 1


@pytest.mark.unit
def test_an_empty_report_gives_zero_features():
    values = stance_features(
        CLAIM,
        np.ones((4, 384), dtype=np.float32) / np.sqrt(384),
        analyse_report([], np.zeros((0, 384), dtype=np.float32)),
    )
    assert not values.any()


# --- the tree model ------------------------------------------------------------------------


def _stump(feature: int, threshold: float, low: float, high: float) -> Tree:
    return Tree(
        np.array([feature, -1, -1]),
        np.array([threshold, 0.0, 0.0]),
        np.array([1, 0, 0]),
        np.array([2, 0, 0]),
        np.array([0.0, low, high]),
    )


@pytest.mark.unit
def test_a_tree_sends_rows_left_at_or_below_the_threshold():
    tree = _stump(1, 0.5, -1.0, 2.0)
    rows = np.array([[9.0, 0.5], [9.0, 0.6], [0.0, -3.0]])
    assert tree.predict(rows).tolist() == [-1.0, 2.0, -1.0]


@pytest.mark.unit
def test_an_ensemble_scores_as_its_trees_do_one_after_another():
    """The ensemble walks every tree at once; its sums must be those of the trees walked one by
    one, to the bit (a decision at a prior-corrected tie must not move)."""
    model = load_model(MODEL_PATH)
    rng = np.random.default_rng(7)
    rows = rng.normal(0.3, 0.4, (64, len(FEATURE_NAMES)))
    rows[::3] = np.round(rows[::3], 1)  # values on the thresholds' grid, too
    for ensemble in (model.related, model.disagree, model.agree):
        raw = np.full(len(rows), ensemble.baseline)
        for tree in ensemble.trees:
            raw += tree.predict(rows)
        expected = 1.0 / (1.0 + np.exp(-raw))
        assert ensemble.probability(rows).tobytes() == expected.tobytes()


@pytest.mark.unit
def test_model_probabilities_compose_the_three_stages_and_sum_to_one():
    n = len(FEATURE_NAMES)
    constant = lambda value: TreeEnsemble(value, ())  # noqa: E731
    model = StanceModel(
        related=constant(np.log(9)),
        disagree=constant(-np.log(3)),
        agree=TreeEnsemble(0.0, (_stump(0, 0.5, -5.0, 5.0),)),
        prior=np.full(4, 0.25),
        prior_power=0.5,
        training={},
    )
    rows = np.zeros((2, n))
    rows[1, 0] = 1.0
    p = model.probabilities(rows)
    assert np.allclose(p.sum(axis=1), 1.0)
    assert np.isclose(p[0, LABELS.index("unrelated")], 0.1)
    assert np.isclose(p[0, LABELS.index("disagree")], 0.9 * 0.25)
    assert model.decide(p) == ["discuss", "agree"]
    again = StanceModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert np.allclose(again.probabilities(rows), p)


@pytest.mark.unit
def test_a_model_file_of_another_kind_is_refused_with_a_hint():
    with pytest.raises(ValueError, match=r"bench/stance_train\.py"):
        StanceModel.from_dict({"format": "something-else"})


@pytest.mark.unit
def test_the_shipped_model_matches_the_features_this_version_computes():
    model = load_model(MODEL_PATH)
    assert model.labels == LABELS
    assert model.training["cross_validated"]["cv_headline"]["grouped_by"] == "headline"
    assert len(model.related.trees) > 0


@pytest.mark.unit
def test_stance_returns_scores_and_evidence_from_the_report():
    result = stance(CLAIM, DENIAL, encoder=HashingEncoder())
    assert result.label in LABELS
    assert abs(sum(p for _, p in result.scores) - 1.0) < 1e-3
    assert 1 <= len(result.evidence) <= 3
    assert all(e.text == DENIAL[e.index] for e in result.evidence)


# --- FNC-1 scoring -------------------------------------------------------------------------


@pytest.mark.unit
def test_fnc_score_weights_relatedness_and_exact_stance():
    gold = ["agree", "disagree", "discuss", "unrelated"]
    result = score(gold, ["agree", "discuss", "unrelated", "unrelated"])
    # max = 3 × 1.0 + 0.25; earned = 1.0 (agree) + 0.25 (related, wrong) + 0 + 0.25
    assert result.fnc_fraction == pytest.approx(1.5 / 3.25)
    assert dict(result.f1)["agree"] == 1.0 and dict(result.f1)["disagree"] == 0.0
    assert result.confusion[2] == (0, 0, 0, 1)
    assert result.macro_f1 == pytest.approx((1 + 0 + 0 + 2 / 3) / 4)


@pytest.mark.unit
def test_calling_every_related_pair_discuss_scores_high_fnc_but_low_macro_f1():
    gold = ["discuss"] * 6 + ["agree"] * 3 + ["disagree"] + ["unrelated"] * 30
    predicted = ["unrelated" if g == "unrelated" else "discuss" for g in gold]
    result = score(gold, predicted)
    assert result.fnc_fraction > 0.7 and result.macro_f1 < 0.5


@pytest.mark.unit
def test_topics_join_headlines_and_bodies_through_related_pairs():
    pairs = [
        StancePair("A", "1", "agree"),
        StancePair("B", "1", "discuss"),
        StancePair("C", "2", "disagree"),
        StancePair("C", "1", "unrelated"),
    ]
    topics = topic_groups(pairs)
    assert topics[0] == topics[1] != topics[2] == topics[3]


@pytest.mark.unit
def test_the_body_subset_is_deterministic_and_keeps_whole_bodies():
    pairs = [StancePair(f"h{i}", str(i % 50), "unrelated") for i in range(500)]
    subset = body_subset(pairs, 30)
    assert subset == body_subset(pairs, 30)
    chosen = {p.body_id for p in subset}
    assert 5 < len(chosen) < 30
    assert all(p in subset for p in pairs if p.body_id in chosen)


@pytest.mark.unit
def test_eval_fnc_help_shows_an_example():
    from crosswire.cli.main import app

    result = CliRunner().invoke(app, ["eval", "fnc", "--help"])
    assert result.exit_code == 0
    assert "crosswire eval fnc ../shared/evaldata/fnc1-test" in result.output


@pytest.mark.unit
def test_eval_fnc_names_the_folder_when_it_is_not_fnc1(tmp_path):
    from crosswire.cli.main import app

    result = CliRunner().invoke(app, ["eval", "fnc", str(tmp_path)])
    assert result.exit_code == 2
    assert "competition_test_stances.csv" in result.output


# --- hand-written pairs with the real encoder ----------------------------------------------


@pytest.fixture(scope="module")
def encoder():
    from crosswire.nlp.models import ModelMissing, default_encoder

    try:
        model = default_encoder()
        model.warm_up()
    except ModelMissing as error:
        pytest.skip(str(error))
    return model


@pytest.mark.integration
@pytest.mark.parametrize(
    "sentences, expected",
    [(AGREE, "agree"), (REFUTED, "disagree"), (HEDGED, "discuss"), (OFF_TOPIC, "unrelated")],
)
def test_port_deal_reports_get_their_stance(encoder, sentences, expected):
    assert stance(CLAIM, sentences, encoder=encoder).label == expected


@pytest.mark.integration
@pytest.mark.parametrize("expected", list(RESIGN))
def test_resignation_reports_get_their_stance(encoder, expected):
    result = stance(RESIGN_CLAIM, RESIGN[expected], encoder=encoder)
    assert result.label == expected, result.scores


@pytest.mark.integration
def test_a_refutation_is_explained_by_its_falsity_sentences(encoder):
    result = stance(CLAIM, REFUTED, encoder=encoder)
    assert result.label == "disagree"
    assert {c.family for c in result.evidence[0].cues} & {"denial", "falsity"}
    assert result.relatedness > 0.9


@pytest.mark.integration
def test_a_relayed_denial_raises_disagree_and_shows_the_denial(encoder):
    """A report that relays the subject's denial ("X denied reports that ...") is mostly labelled
    discuss in FNC-1 (61% of related pairs whose best-matching sentence holds a denial cue, 16%
    disagree), so the label is not asserted; the denial must still raise the disagree score
    well above a confirming report's and be shown as evidence."""
    denial = stance(CLAIM, DENIAL, encoder=encoder)
    confirming = stance(CLAIM, AGREE, encoder=encoder)
    assert denial.score("disagree") > 5 * confirming.score("disagree")
    assert any(c.family == "denial" for e in denial.evidence for c in e.cues)


@pytest.mark.integration
def test_a_hedged_report_is_explained_by_its_hedges(encoder):
    result = stance(CLAIM, HEDGED, encoder=encoder)
    assert result.label == "discuss"
    assert any(c.family == "hedge" for c in result.evidence[0].cues)
