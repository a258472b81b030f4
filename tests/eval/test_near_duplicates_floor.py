"""Near-duplicates at scale must keep their recall: 4,000 documents generated from the
Multi-News sample with planted near-duplicate groups (crosswire.evaluation.near_duplicates),
through the MinHash LSH in 4 partitions; about 4 s of CPU (bench/near_duplicates.py runs the
same generator up to a million documents)."""

import tomllib

import pytest
from tests.conftest import REPO, evaldata

pytestmark = [pytest.mark.eval, pytest.mark.slow]


def test_planted_near_duplicates_are_found_at_or_above_the_floors():
    from crosswire.evaluation.near_duplicates import evaluate

    floors = tomllib.loads((REPO / "quality-floors.toml").read_text())["near_duplicates"]
    score = evaluate(evaldata("multinews-sample", "sample_validation.csv"), 4000, partition=1000)
    measured = {
        "candidate_recall": score.recall(),
        "check_candidate_recall": score.recall("check"),
        "check_verified_recall": score.recall("check", verified=True),
        "verified_precision": score.precision(),
    }
    assert len(score.planted) == 1261
    fallen = {name: round(value, 4) for name, value in measured.items() if value < floors[name]}
    assert not fallen, f"near-duplicate scores fell below their floors: {fallen} ({floors})"
