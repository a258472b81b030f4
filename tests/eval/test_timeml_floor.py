"""Quality gate: temporal expression values on TimeBank must not fall below the floors pinned in
quality-floors.toml under [timeml]. The full folder (183 documents) takes a few seconds."""

import tomllib

import pytest
from tests.conftest import REPO, evaldata

pytestmark = [pytest.mark.eval, pytest.mark.slow]


def floors() -> dict:
    return tomllib.loads((REPO / "quality-floors.toml").read_text())["timeml"]


def test_timeml_value_accuracy_and_detection_recall_are_at_or_above_their_floors():
    from crosswire.evaluation.timeml import evaluate

    score = evaluate(evaldata("tbaq", "TimeBank"))
    assert score.documents == 183 and score.gold == 1016
    assert score.accuracy >= floors()["value_accuracy"], (
        f"TimeML value accuracy {score.accuracy:.4f} fell below the floor"
    )
    assert score.recall >= floors()["detection_recall"], (
        f"TimeML detection recall {score.recall:.4f} fell below the floor"
    )
