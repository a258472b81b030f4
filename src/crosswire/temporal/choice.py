"""What every resolver shares: choosing the occurrence before or after publication by the
tense of the clause, the X-value reading of a text without a publication date, the note of a
reading counted from an earlier date, and the normalised text of an optional group."""

from __future__ import annotations

import re

from crosswire.temporal.discourse import Anchor, Reading
from crosswire.temporal.tense import Tense

NO_DATE = "no publication date: left unresolved"
INFERRED = "counted from an inferred publication date"


def norm(text: str | None) -> str:
    """Lower-cased, single-spaced text of an optional group (modifiers come in any case)."""
    return re.sub(r"\s+", " ", (text or "").strip().lower())


def unresolved(placeholder: str, kind: str) -> Reading:
    """A relative expression in a text without a publication date: X-value, flagged."""
    return Reading(placeholder, kind, ambiguous=True, candidates=(), note=NO_DATE, anchorable=False)


def choose(
    past: str,
    future: str,
    tense: Tense,
    past_gap: int,
    future_gap: int,
    kind: str,
    what: str,
    *,
    unit: str = "days",
    horizon: int | None = None,
) -> Reading:
    """Pick the occurrence before or after publication by tense, else the nearer one.

    ``what`` names the expression in the note; gaps are in ``unit``. With ``horizon``, a past
    tense is overruled when the occurrence it picks is farther than ``horizon`` and more than
    twice as far as the other: the verb is often the reporting one ("declared a dividend,
    payable Dec. 7" in an October story). A future tense is not: "will open in January" in
    February means next January.
    """
    if past == future:
        return Reading(past, kind)
    said = f" ({tense.word!r})" if tense.word else ""
    by_tense = {
        "past": (past, past_gap, future, future_gap),
        "future": (future, future_gap, past, past_gap),
    }.get(tense.tense or "")
    if by_tense:
        picked, gap, other, other_gap = by_tense
        side = "before" if picked == past else "after"
        if horizon is None or tense.tense == "future" or gap <= horizon or gap <= 2 * other_gap:
            return Reading(
                picked, kind, note=f"{tense.tense} tense{said}: {what!r} {side} publication"
            )
        return Reading(
            other,
            kind,
            ambiguous=True,
            candidates=(other, picked),
            note=f"{tense.tense} tense{said} points to {what!r} {side} publication, "
            f"{gap} {unit} away, against {other_gap} {unit} for the other: the "
            "nearer taken",
        )
    reason = "present tense" + said if tense.tense == "present" else "no tense nearby"
    nearer = past if past_gap <= future_gap else future
    ambiguous = max(past_gap, future_gap) <= 2 * min(past_gap, future_gap)
    note = f"{reason}: the nearer {what!r}" + (", the other is as likely" if ambiguous else "")
    return Reading(
        nearer, kind, ambiguous=ambiguous, candidates=(past, future) if ambiguous else (), note=note
    )


def anchor_note(anchor: Anchor) -> str:
    """How a reading counted from an earlier date says so."""
    return f"counted from '{anchor.text}' ({anchor.value})"
