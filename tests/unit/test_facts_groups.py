"""Fact grouping merges two groups only when every member of one is compatible with every member
of the other; ``facts._Group`` decides that from a summary of each group, and must agree with
the pairwise check it replaced (issue #11: the pairwise check was quadratic in group size)."""

from __future__ import annotations

import random

import pytest

from crosswire.analysis.facts import _Group, compatible
from crosswire.records import DateValue, QuantityValue, Statement

pytestmark = pytest.mark.unit

AMOUNTS = (0.0, 100.0, 100.3, 100.6, 101.0, -100.0, 375e6, 375.5e6)
DAYS = ("2026-05-18", "2026-05-19")


def statement(rng: random.Random, index: int) -> Statement:
    quantities = tuple(
        QuantityValue("money", rng.choice(AMOUNTS), "USD", "x", rng.choice(("deal", "", "fee")))
        for _ in range(rng.randint(0, 2))
    )
    dates = tuple(
        DateValue("d", rng.choice(DAYS), "day", rng.random() < 0.2)
        for _ in range(rng.randint(0, 2))
    )
    return Statement(
        f"t{index}",
        "a",
        index,
        0,
        1,
        "text",
        quantities=quantities,
        dates=dates,
        polarity="negative" if rng.random() < 0.1 else "positive",
        stance="denies" if rng.random() < 0.1 else "reports",
    )


def grown(members: list[Statement]) -> _Group | None:
    """The summary of ``members`` merged one by one, or None if they are not all compatible."""
    group = _Group.of(members[0])
    for member in members[1:]:
        other = _Group.of(member)
        if not group.compatible(other):
            return None
        group.absorb(other)
    return group


def test_group_summaries_agree_with_the_pairwise_check():
    rng = random.Random(11)
    checked = agreed_yes = 0
    while checked < 3_000:
        a = [statement(rng, i) for i in range(rng.randint(1, 4))]
        b = [statement(rng, i) for i in range(rng.randint(1, 4))]
        group_a, group_b = grown(a), grown(b)
        if group_a is None or group_b is None:
            continue
        pairwise = all(compatible(x, y) for x in a for y in b)
        assert group_a.compatible(group_b) == pairwise, (a, b)
        checked += 1
        agreed_yes += pairwise
    assert 300 < agreed_yes < 2_700  # both answers were exercised
