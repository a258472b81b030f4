"""Quality gate for stance on FNC-1: cross-validated scores on a deterministic subset (30% of
bodies by hash, ~3,100 pairs, features computed afresh) must not fall below the floors pinned in
quality-floors.toml [fnc]. The shipped model's in-sample score on the same subset is gated too,
so a change to the features that the model was not retrained for fails here."""

import json
import tomllib

import pytest
from tests.conftest import REPO, evaldata

pytestmark = [pytest.mark.eval, pytest.mark.slow]


def floors() -> dict:
    return tomllib.loads((REPO / "quality-floors.toml").read_text())["fnc"]


@pytest.fixture(scope="module")
def gate():
    from crosswire.evaluation.fnc import gate_scores

    return gate_scores(evaldata("fnc1-test"))


@pytest.mark.parametrize("estimate", ["cv_headline", "cv_topic", "shipped_in_sample"])
def test_fnc_stance_scores_are_at_or_above_their_floors(gate, estimate):
    result, floor = gate[estimate], floors()
    assert result.pairs == floor["gate_pairs"]
    assert result.macro_f1 >= floor[f"{estimate}_macro_f1"], (
        f"{estimate} macro-F1 {result.macro_f1:.4f} fell below the floor"
    )
    assert result.fnc_fraction >= floor[f"{estimate}_fnc"], (
        f"{estimate} FNC score {result.fnc_fraction:.4f} fell below the floor"
    )


def test_eval_fnc_command_reports_in_sample_and_writes_predictions(tmp_path):
    from typer.testing import CliRunner

    from crosswire.cli.main import app

    predictions = tmp_path / "stance.jsonl"
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "fnc",
            str(evaldata("fnc1-test")),
            "--limit",
            "40",
            "--predictions",
            str(predictions),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.output and "IN-SAMPLE" in result.output
    assert "grouped by topic" in result.output
    rows = [json.loads(line) for line in predictions.read_text().splitlines()]
    assert len(rows) == 40
    assert set(rows[0]) == {"headline", "body_id", "stance"}
