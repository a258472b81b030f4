"""Quality gate for same-statement matching on MRPC: the shipped model on the check part of the
train pairs (40% by a hash of the pair ids, never used to train it or choose its threshold),
vectors computed afresh, must not fall below the floors in quality-floors.toml [mrpc]."""

import json
import tomllib

import pytest
from tests.conftest import REPO, evaldata

pytestmark = [pytest.mark.eval, pytest.mark.slow]


def floors() -> dict:
    return tomllib.loads((REPO / "quality-floors.toml").read_text())["mrpc"]


@pytest.fixture(scope="module")
def check_part():
    from crosswire.evaluation import mrpc

    return mrpc.evaluate(evaldata("mrpc"), cache_dir=None, only=("check",))["check"]


def test_the_model_on_never_tuned_pairs_is_at_or_above_its_floors(check_part):
    floor = floors()
    assert check_part.pairs == floor["gate_pairs"]
    assert check_part.model.precision >= floor["check_precision"]
    assert check_part.model.recall >= floor["check_recall"]
    assert check_part.model_precision_at_recall >= floor["check_precision_at_recall_0_6"]


def test_the_model_is_more_precise_than_cosine_at_the_recall_of_cosine_0_92(check_part):
    """The reason the model exists: at least the precision of cosine 0.92 with far more recall."""
    strict = check_part.baselines[0.92]
    assert check_part.model.precision >= strict.precision - 0.01
    assert check_part.model.recall >= strict.recall + 0.15
    assert check_part.model_precision_at_recall > check_part.cosine_precision_at_recall + 0.04


def test_eval_mrpc_command_scores_a_test_file_and_writes_predictions(tmp_path):
    """With a test file in the folder (here: a few train lines under a header, in a temporary
    folder), it is scored and predicted too, one line per pair in file order."""
    from typer.testing import CliRunner

    from crosswire.cli.main import app

    source = evaldata("mrpc", "msr_paraphrase_train.txt")
    lines = source.read_text(encoding="utf-8-sig").splitlines()
    folder = tmp_path / "mrpc"
    folder.mkdir()
    (folder / "msr_paraphrase_train.txt").write_text("\n".join(lines[:30]) + "\n")
    header = "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String"
    (folder / "msr_paraphrase_test.txt").write_text("\n".join([header, *lines[30:40]]) + "\n")
    predictions = tmp_path / "same.jsonl"
    result = CliRunner().invoke(
        app, ["eval", "mrpc", str(folder), "--predictions", str(predictions), "--no-cache"]
    )
    assert result.exit_code == 0, result.output
    assert "check" in result.output and "test" in result.output
    assert "cosine >= 0.92" in result.output
    rows = [json.loads(line) for line in predictions.read_text().splitlines()]
    assert len(rows) == 40
    assert set(rows[0]) == {"id1", "id2", "same"}
    assert [(r["id1"], r["id2"]) for r in rows[:2]] == [
        tuple(line.split("\t")[1:3]) for line in lines[:2]
    ]
