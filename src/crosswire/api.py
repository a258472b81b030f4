"""One-call shortcuts over ``crosswire.Workspace``, each opening the workspace for one call.

>>> import crosswire
>>> briefing = crosswire.brief(["examples/demo-corpus"], db="demo.db")
>>> crosswire.write(briefing, "briefing.html")

Several calls on one database read better, and load the models once, with the object itself:
``with crosswire.Workspace("demo.db") as workspace: ...``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from crosswire import pipeline
from crosswire.records import Briefing, SearchHit
from crosswire.workspace import Workspace, write

__all__ = ["brief", "run", "search", "write"]


def run(
    inputs: Iterable[str],
    *,
    db: str,
    max_bytes: int | None = None,
    summary_words: int | None = None,
    models: pipeline.Models | None = None,
    reporter: pipeline.Reporter | None = None,
    stdin: IO[bytes] | None = None,
) -> Briefing:
    """Run the whole pipeline over ``inputs`` with the workspace at ``db``; return the briefing."""
    with Workspace(db, models=models) as workspace:
        return workspace.add(
            inputs, max_bytes=max_bytes, summary_words=summary_words, reporter=reporter, stdin=stdin
        )


brief = run


def search(query: str, *, db: str, limit: int = 20) -> list[SearchHit]:
    """(article id, title, snippet) of the articles in ``db`` matching a full-text query."""
    with Workspace(db) as workspace:
        return workspace.search(query, limit)
