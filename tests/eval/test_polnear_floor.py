"""Quality gate for quotes and attributions on PolNeAR: scores on a fixed sample of train+dev
must not fall below the floors pinned in quality-floors.toml [polnear].

The sample is every 4th annotated article in name order (231 of 924), so the gate parses about
a quarter of the corpus and runs in a couple of minutes on two cores; the floors were measured
on the same sample. The rules are tuned on train only: the sample's dev articles (the check
part, never tuned on) have floors of their own, the ``check_*`` keys, read from the same run."""

import tomllib

import pytest
from tests.conftest import REPO, evaldata

pytestmark = [pytest.mark.eval, pytest.mark.slow]


def floors() -> dict:
    return tomllib.loads((REPO / "quality-floors.toml").read_text())["polnear"]


def measured(score) -> dict[str, float]:
    return {
        "direct_recall": score.recall("direct"),
        "direct_precision": score.precision("direct"),
        "indirect_recall": score.recall("indirect"),
        "partial_recall": score.recall("partial"),
        "speaker_accuracy_direct": score.speaker_accuracy("direct"),
        "speaker_accuracy_all": score.speaker_accuracy("all"),
    }


def test_polnear_scores_are_at_or_above_their_floors():
    from crosswire.evaluation.polnear import evaluate

    pinned = floors()
    score = evaluate(evaldata("polnear"), ("train", "dev"), every=pinned["every"])
    assert score.documents == pinned["articles"]
    check = score.parts["dev"]
    assert check.documents > 0 and check.documents + score.parts["train"].documents == (
        score.documents
    )
    found = measured(score) | {f"check_{name}": value for name, value in measured(check).items()}
    fallen = {
        name: round(value, 4)
        for name, value in found.items()
        if name in pinned and value < pinned[name]
    }
    assert not fallen, f"PolNeAR scores fell below their floors: {fallen} (floors: {pinned})"
    missing = {name for name in pinned if name.startswith("check_")} - set(found)
    assert not missing, f"floors with no measured score: {sorted(missing)}"
