"""Quality gates: scores on ../shared/evaldata must not fall below the floors pinned in
quality-floors.toml."""

import tomllib

import pytest
from tests.conftest import REPO, evaldata

pytestmark = [pytest.mark.eval, pytest.mark.slow]


def floors() -> dict:
    return tomllib.loads((REPO / "quality-floors.toml").read_text())


def test_extraction_f1_is_at_or_above_its_floor():
    from crosswire.evaluation.extraction import evaluate

    score = evaluate(evaldata("article-extraction-benchmark"))
    assert score.pages == 120
    assert score.f1 >= floors()["extraction"]["f1"], (
        f"extraction F1 {score.f1:.4f} fell below the floor"
    )
