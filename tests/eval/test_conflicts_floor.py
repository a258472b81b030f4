"""Quality gate for claim vs denial on FNC-1 claims (crosswire.evaluation.fnc_conflicts): every
N-th claim's related bodies as one story through the real pipeline; the sample's claim_denial
precision and F1 must not fall below the floors in quality-floors.toml [conflicts]. The shipped
stance model is used (no refit, to keep the gate short), so its stance part is in-sample; the
held-out figures are in the floor file's comment."""

import json
import tomllib

import pytest
from tests.conftest import REPO, evaldata

pytestmark = [pytest.mark.eval, pytest.mark.slow]


def floors() -> dict:
    return tomllib.loads((REPO / "quality-floors.toml").read_text())["conflicts"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    from crosswire.evaluation.fnc_conflicts import evaluate

    predictions = tmp_path_factory.mktemp("conflicts") / "conflicts.jsonl"
    result = evaluate(evaldata("fnc1-test"), predictions, every=floors()["every"], refit=False)
    return result, predictions


def test_claim_denial_on_fnc_claims_is_at_or_above_its_floors(run):
    result, _ = run
    figures, floor = result.system["all"], floors()
    assert figures.precision >= floor["sample_precision"], figures
    assert figures.f1 >= floor["sample_f1"], figures


def test_predictions_are_one_line_per_claim_with_body_id_sides(run):
    result, predictions = run
    rows = [json.loads(line) for line in predictions.read_text().splitlines()]
    assert len(rows) == result.system["all"].claims
    assert all(set(row) == {"headline", "conflicts"} for row in rows)
    denials = [c for row in rows for c in row["conflicts"] if c["type"] == "claim_denial"]
    assert len(denials) >= result.system["all"].flagged
    assert all(len(c["sides"]) == 2 and all(c["sides"]) for c in denials)
