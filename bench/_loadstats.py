"""Summaries of timed requests for the load benchmarks: percentiles and one row of figures per
measured run."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` (0–100) percentile of ``values``, interpolating linearly between the two
    nearest ranks (so the 50th of an even count is the mean of the middle two); NaN for none."""
    if not 0 <= share <= 100:
        raise ValueError(f"percentile share must be within 0..100, not {share}")
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * share / 100
    below = math.floor(rank)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (rank - below)


@dataclass(frozen=True)
class RunFigures:
    """One endpoint's run: successful requests per second over the run's wall time, latency
    percentiles of the successful requests (seconds), and the failed requests."""

    name: str
    requests: int
    errors: int
    seconds: float
    per_second: float
    p50: float
    p95: float
    p99: float

    def as_dict(self) -> dict[str, float | int | str]:
        return {
            "name": self.name,
            "requests": self.requests,
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
            "per_second": round(self.per_second, 2),
            "p50_ms": round(self.p50 * 1000, 2),
            "p95_ms": round(self.p95 * 1000, 2),
            "p99_ms": round(self.p99 * 1000, 2),
        }


def summarise(name: str, latencies: Sequence[float], errors: int, seconds: float) -> RunFigures:
    """Figures of a run that lasted ``seconds`` with these successful request ``latencies``."""
    return RunFigures(
        name=name,
        requests=len(latencies),
        errors=errors,
        seconds=seconds,
        per_second=len(latencies) / seconds if seconds > 0 else math.nan,
        p50=percentile(latencies, 50),
        p95=percentile(latencies, 95),
        p99=percentile(latencies, 99),
    )
