"""Quality gate for the date and wire credit read from bare text: PolNeAR's dev split (84
articles, never used for tuning) read under neutral file names must not fall below the floors in
quality-floors.toml [provenance]. Wrong dates and false credits are ceilings, kept as floors of
``1 - count / articles`` so that every value in the table only goes up. Takes a few seconds."""

import tomllib

import pytest
from tests.conftest import REPO, evaldata

pytestmark = [pytest.mark.eval, pytest.mark.slow]


def floors() -> dict:
    return tomllib.loads((REPO / "quality-floors.toml").read_text())["provenance"]


def test_provenance_from_bare_text_is_at_or_above_its_floors():
    from crosswire.evaluation.provenance import evaluate

    pinned = floors()
    score = evaluate(evaldata("polnear"), ("dev",))
    assert score.articles == pinned["articles"]
    measured = {
        "date_precision": score.date_precision,
        "one_minus_wrong_rate": score.one_minus_wrong_rate,
        "coverage": score.coverage,
        "day_coverage": score.day_coverage,
        "wire_recall": score.wire_recall,
        "one_minus_false_credit_rate": score.one_minus_false_credit_rate,
    }
    fallen = {name: round(value, 4) for name, value in measured.items() if value < pinned[name]}
    assert not fallen, (
        f"provenance scores fell below their floors: {fallen} (floors: {pinned}); "
        f"wrong dates {score.wrong}, false credits {score.false_credits}"
    )
