"""The same-statement model's features and the MRPC scoring helpers."""

import numpy as np
import pytest

from crosswire.analysis.same_statement import FEATURE_NAMES, default_model, pair_features
from crosswire.evaluation import mrpc

pytestmark = pytest.mark.unit

A = "Veldhaven signed a $375 million concession with the port authority on Monday."
B = "On Tuesday, Veldhaven denied it had signed a $400 million concession with the authority."


def features(a: str, b: str, cosine: float = 0.9) -> dict[str, float]:
    return dict(zip(FEATURE_NAMES, pair_features([(a, b)], [cosine])[0]))


def test_features_do_not_depend_on_the_order_of_the_pair():
    assert np.array_equal(pair_features([(A, B)], [0.9]), pair_features([(B, A)], [0.9]))


def test_differing_numbers_dates_and_denials_are_features():
    found = features(A, B)
    assert found["numbers_unmatched"] == 2  # 375 and 400
    assert found["quantity_conflict"] == 1
    assert found["date_conflict"] == 1  # Monday, Tuesday
    assert found["denial_mismatch"] == 1
    same = features(A, A)
    assert same["content_cover_min"] == 1 and same["numbers_unmatched"] == 0


def test_the_shipped_model_separates_a_reworded_statement_from_a_changed_one():
    model = default_model()
    reworded = "On Monday, Veldhaven signed a $375 million concession with the port authority."
    assert model.same(pair_features([(A, reworded)], [0.97]))[0]
    assert not model.same(pair_features([(A, B)], [0.9]))[0]


def test_the_threshold_is_the_lowest_cut_that_reaches_the_target_precision():
    gold = [True, True, False, True, False, False]
    scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]
    assert mrpc.choose_threshold(gold, scores, target=1.0) == 0.8
    assert mrpc.choose_threshold(gold, scores, target=0.75) == 0.6
    assert mrpc.choose_threshold([False], [0.3], target=0.5) == 1.0


def test_precision_at_recall_takes_the_best_scored_pairs_that_reach_the_recall():
    gold = [True, False, True, True, False]
    scores = [0.9, 0.8, 0.7, 0.2, 0.1]
    assert mrpc.precision_at_recall(gold, scores, 0.6) == pytest.approx(2 / 3)
    assert mrpc.precision_at_recall(gold, scores, 0.3) == 1.0


def test_the_split_of_a_pair_is_fixed_by_its_ids():
    pair = mrpc.MrpcPair(True, "702876", "702977", "x", "y")
    assert mrpc.part_of(pair) == mrpc.part_of(mrpc.MrpcPair(False, "702876", "702977", "", ""))
    parts = {mrpc.part_of(mrpc.MrpcPair(True, str(i), str(i + 1), "", "")) for i in range(50)}
    assert parts == {"tuning", "check"}
