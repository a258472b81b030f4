"""Quality gate for reading encodings: the extraction benchmark's gold bodies written in
Windows-1252, and in UTF-8 with a few stray bytes, must read back right at least as often as
quality-floors.toml [decoding] says. Takes about a second."""

import tomllib

import pytest
from tests.conftest import REPO, evaldata

pytestmark = [pytest.mark.eval, pytest.mark.slow]


def test_decoding_of_legacy_and_damaged_text_is_at_or_above_its_floors():
    from crosswire.evaluation.decoding import evaluate

    pinned = tomllib.loads((REPO / "quality-floors.toml").read_text())["decoding"]
    scores = evaluate(evaldata("article-extraction-benchmark"))
    measured = {
        "legacy_exact": scores["all"].legacy_exact,
        "check_legacy_exact": scores["check"].legacy_exact,
        "damaged_as_utf8": scores["all"].damaged_as_utf8,
        "check_damaged_as_utf8": scores["check"].damaged_as_utf8,
    }
    fallen = {name: round(value, 4) for name, value in measured.items() if value < pinned[name]}
    assert not fallen, f"decoding scores fell below their floors: {fallen} (floors: {pinned})"
