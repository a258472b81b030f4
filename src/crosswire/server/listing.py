"""The story list: filters and cursor paging over the story rows, in one deterministic order —
latest activity first (``last_date``, undated stories last), then story id.

A cursor names the last row a page showed (its date and id), so paging stays put when stories
are added meanwhile: a page never repeats a row, and rows that sort after the cursor still come.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable
from typing import Any


class BadCursor(ValueError):
    """A cursor this server did not make."""


def order_key(last_date: str | None, story_id: str) -> tuple:
    """Latest first, undated last, then id. Dates sort descending by negating each character
    (the 0 ends the string, so ``2026-05-18`` comes before ``2026-05``)."""
    if last_date is None:
        return (1, (), story_id)
    return (0, (*(-ord(c) for c in last_date), 0), story_id)


def encode_cursor(row: dict[str, Any]) -> str:
    raw = json.dumps([row["last_date"], row["id"]], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple:
    """The order key a cursor stands for; BadCursor if it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        last_date, story_id = json.loads(raw)
    except (binascii.Error, ValueError, TypeError) as error:
        raise BadCursor(f"not a cursor from this server ({type(error).__name__})") from None
    if not isinstance(story_id, str) or not isinstance(last_date, str | None):
        raise BadCursor("not a cursor from this server")
    return order_key(last_date, story_id)


def matches(
    row: dict[str, Any],
    *,
    since: str | None = None,
    outlet: str | None = None,
    story_ids: set[str] | None = None,
) -> bool:
    """Whether a story passes the filters: active on or after ``since`` (ISO date), covered by
    ``outlet`` (case-insensitive), among ``story_ids`` (a full-text search's stories)."""
    if since is not None and (row["last_date"] is None or row["last_date"][:10] < since):
        return False
    if outlet is not None and outlet.casefold() not in {o.casefold() for o in row["outlets"]}:
        return False
    return story_ids is None or row["id"] in story_ids


def page(
    rows: Iterable[dict[str, Any]], limit: int, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """Up to ``limit`` rows after ``cursor`` in the list's order, and the cursor of the next page
    (None on the last page)."""
    ordered = sorted(rows, key=lambda r: order_key(r["last_date"], r["id"]))
    if cursor is not None:
        after = decode_cursor(cursor)
        ordered = [r for r in ordered if order_key(r["last_date"], r["id"]) > after]
    shown = ordered[:limit]
    more = len(ordered) > limit
    return shown, encode_cursor(shown[-1]) if more and shown else None
