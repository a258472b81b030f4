"""The load benchmarks' summary helpers (bench/_loadstats.py): percentiles between ranks and the
figures of one run. No timing here; the benchmarks measure, these check the arithmetic."""

from __future__ import annotations

import math

import pytest
from tests.bench_modules import load_bench_module

_loadstats = load_bench_module("_loadstats")
percentile, summarise = _loadstats.percentile, _loadstats.summarise

pytestmark = pytest.mark.unit


def test_percentile_interpolates_between_the_nearest_ranks():
    values = [4.0, 1.0, 3.0, 2.0]  # unsorted on purpose
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 4.0
    assert percentile(values, 50) == 2.5
    assert percentile(values, 95) == pytest.approx(3.85)
    assert percentile(list(range(1, 101)), 99) == pytest.approx(99.01)


def test_percentile_of_one_value_is_that_value_and_of_none_is_nan():
    assert percentile([0.25], 99) == 0.25
    assert math.isnan(percentile([], 50))


@pytest.mark.parametrize("share", [-1, 100.5])
def test_percentile_refuses_a_share_outside_0_to_100(share):
    with pytest.raises(ValueError, match=r"0\.\.100"):
        percentile([1.0], share)


def test_summarise_counts_successes_over_the_run_time():
    figures = summarise("GET /x", [0.01, 0.03, 0.02], errors=2, seconds=1.5)
    assert figures.requests == 3 and figures.errors == 2
    assert figures.per_second == pytest.approx(2.0)
    assert figures.p50 == pytest.approx(0.02)
    assert figures.as_dict()["p50_ms"] == 20.0
