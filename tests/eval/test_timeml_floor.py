"""Quality gate: temporal expression values must not fall below the floors pinned in
quality-floors.toml under [timeml]: on all of TimeBank (183 documents, a few seconds), on its
check part (a fixed third by a hash of the document name, never used to tune a rule since the
split was made) and on the SemEval-2015 Task 4 Wikinews documents (never used for tuning; their
TimeML has no in-text TIMEX3, so the gate is the timeline-anchor proxy; about a second)."""

import tomllib

import pytest
from tests.conftest import REPO, evaldata

pytestmark = [pytest.mark.eval, pytest.mark.slow]


def floors() -> dict:
    return tomllib.loads((REPO / "quality-floors.toml").read_text())["timeml"]


def test_timeml_value_accuracy_and_detection_recall_are_at_or_above_their_floors():
    from crosswire.evaluation.timeml import evaluate

    report = evaluate(evaldata("tbaq", "TimeBank"))
    score, check = report.all, report.parts["check"]
    assert score.documents == 183 and score.gold == 1016
    assert check.documents == 67 and check.gold == 375
    assert score.accuracy >= floors()["value_accuracy"], (
        f"TimeML value accuracy {score.accuracy:.4f} fell below the floor"
    )
    assert score.recall >= floors()["detection_recall"], (
        f"TimeML detection recall {score.recall:.4f} fell below the floor"
    )
    assert check.lenient_accuracy >= floors()["check_lenient_value_accuracy"], (
        f"TimeML lenient value accuracy on the check part {check.lenient_accuracy:.4f} fell "
        "below the floor"
    )


def test_semeval_timeline_anchor_agreement_is_at_or_above_its_floor():
    from crosswire.evaluation.timeml import evaluate

    report = evaluate(evaldata("semeval2015-task4-timeline"))
    assert report.all.documents == 60 and report.all.gold == 0
    assert report.anchors is not None and report.anchors.anchors == 151
    assert report.anchors.agreement >= floors()["semeval_anchor_agreement"], (
        f"SemEval timeline-anchor agreement {report.anchors.agreement:.4f} fell below the floor"
    )
