"""Story clustering on scraped text must not fall below its pinned BCubed F1: every 5th
Multi-News validation event (50 events, rows 0, 5, …, 245) as one pile of bare text through the
real pipeline, about 65 s on 2 cores (the whole 250-event pile takes 12 minutes; `crosswire eval
pile` runs it)."""

import tomllib

import pytest
from tests.conftest import REPO, evaldata

pytestmark = [pytest.mark.eval, pytest.mark.slow]

EVENTS = 50


def test_pile_bcubed_f1_is_at_or_above_its_floor(tmp_path):
    from crosswire.evaluation.pile import evaluate

    floors = tomllib.loads((REPO / "quality-floors.toml").read_text())["pile"]
    sample = evaldata("multinews-sample", "sample_validation.csv")
    score = evaluate(sample, tmp_path / "pred.jsonl", every=floors["every"])
    assert sum(score.events.values()) == EVENTS
    assert score.whole.f1 >= floors["sample_bcubed_f1"], (
        f"pile BCubed F1 {score.whole.f1:.4f} on every {floors['every']}th event fell below "
        f"the floor {floors['sample_bcubed_f1']}"
    )
