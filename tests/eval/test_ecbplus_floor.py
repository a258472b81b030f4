"""Story clustering on ECB+ must not fall below its pinned BCubed F1."""

import tomllib

import pytest
from tests.conftest import REPO, evaldata

pytestmark = [pytest.mark.eval, pytest.mark.slow]


def test_ecbplus_bcubed_f1_is_at_or_above_its_floor(tmp_path):
    from crosswire.evaluation.ecbplus import evaluate

    floor = tomllib.loads((REPO / "quality-floors.toml").read_text())["ecbplus"]["bcubed_f1"]
    score, count = evaluate(evaldata("ecbplus", "ECB+_LREC2014", "ECB+"), tmp_path / "pred.jsonl")
    assert count == 772
    assert score.f1 >= floor, f"ECB+ BCubed F1 {score.f1:.4f} fell below the floor {floor}"
    assert len((tmp_path / "pred.jsonl").read_text().splitlines()) == 772
