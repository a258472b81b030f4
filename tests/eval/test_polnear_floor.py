"""Quality gate for quotes and attributions on PolNeAR: scores on a fixed sample of train+dev
must not fall below the floors pinned in quality-floors.toml [polnear].

The sample is every 4th annotated article in name order (231 of 924), so the gate parses about
a quarter of the corpus and runs in a couple of minutes on two cores; the floors were measured
on the same sample."""

import tomllib

import pytest
from tests.conftest import REPO, evaldata

pytestmark = [pytest.mark.eval, pytest.mark.slow]


def floors() -> dict:
    return tomllib.loads((REPO / "quality-floors.toml").read_text())["polnear"]


def test_polnear_scores_are_at_or_above_their_floors():
    from crosswire.evaluation.polnear import evaluate

    pinned = floors()
    score = evaluate(evaldata("polnear"), ("train", "dev"), every=pinned["every"])
    assert score.documents == pinned["articles"]
    measured = {
        "direct_recall": score.recall("direct"),
        "direct_precision": score.precision("direct"),
        "indirect_recall": score.recall("indirect"),
        "partial_recall": score.recall("partial"),
        "speaker_accuracy_direct": score.speaker_accuracy("direct"),
        "speaker_accuracy_all": score.speaker_accuracy("all"),
    }
    fallen = {name: round(value, 4) for name, value in measured.items() if value < pinned[name]}
    assert not fallen, f"PolNeAR scores fell below their floors: {fallen} (floors: {pinned})"
