"""The Python API the CLI is a thin layer over.

>>> import crosswire
>>> briefing = crosswire.brief(["examples/demo-corpus"], db="demo.db")
>>> crosswire.write(briefing, "briefing.html")
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from crosswire import pipeline, render
from crosswire.entities import aliases
from crosswire.errors import AliasFileError, ModelMissing, StoreError, UserError
from crosswire.records import Briefing, Story, StoryChange
from crosswire.store import open_store

FORMATS = ("html", "markdown", "json")
format_for_path = render.format_for_path


def run(
    inputs: Iterable[str],
    *,
    db: str,
    max_bytes: int | None = None,
    summary_words: int | None = None,
    models: pipeline.Models | None = None,
    reporter: pipeline.Reporter | None = None,
    stdin=None,
) -> Briefing:
    """Run the whole pipeline over ``inputs`` with the workspace at ``db``; return the briefing."""
    options = pipeline.RunOptions(aliases=workspace_aliases(db))
    if max_bytes is not None:
        options.max_bytes = max_bytes
    if summary_words is not None:
        options.analysis = dataclasses.replace(options.analysis, summary_words=summary_words)
    store = _open(db)
    try:
        return pipeline.run(
            list(inputs), store, models=models, options=options, reporter=reporter, stdin=stdin
        )
    except ModelMissing as error:
        raise UserError(str(error)) from error
    finally:
        store.close()


brief = run


def workspace_aliases(db: str) -> dict[str, str]:
    """The workspace's alias table (empty when it has none)."""
    try:
        return aliases.load_aliases(aliases.alias_path(db))
    except AliasFileError as error:
        raise UserError(str(error)) from error


def set_alias(name: str, canonical: str | None, *, db: str) -> Path:
    """Add (or, with ``canonical=None``, remove) one alias; returns the table's path."""
    path = aliases.alias_path(db)
    table = workspace_aliases(db)
    if canonical is None:
        if name not in table:
            raise UserError(
                f"{name!r} is not in the alias table {path}; `crosswire aliases list` shows what is"
            )
        del table[name]
    else:
        table[name] = canonical
    aliases.save_aliases(path, table)
    return path


def _open(db: str):
    try:
        return open_store(db)
    except (StoreError, ValueError) as error:
        raise UserError(str(error)) from error


def stories(*, db: str) -> list[Story]:
    """Every story in the workspace, largest first (titles and events from stored articles)."""
    store = _open(db)
    try:
        ids = list(store.story_assignment())
        options = pipeline.RunOptions(aliases=workspace_aliases(db))
        return list(pipeline.analyse(ids, store, options=options).stories) if ids else []
    finally:
        store.close()


def story_briefing(story_id: str, *, db: str) -> Briefing:
    """The briefing of one story of the workspace (a unique id prefix is enough)."""
    store = _open(db)
    try:
        assignment = store.story_assignment()
        matches = sorted({s for s in assignment.values() if s.startswith(story_id)})
        if len(matches) != 1:
            known = "no story has that id" if not matches else f"{len(matches)} stories match"
            raise UserError(f"{known}: {story_id!r}; `crosswire stories` lists the ids")
        members = sorted(a for a, s in assignment.items() if s == matches[0])
        return pipeline.analyse(
            members, store, options=pipeline.RunOptions(aliases=workspace_aliases(db))
        )
    finally:
        store.close()


def recluster(*, db: str) -> list[StoryChange]:
    """Cluster the whole workspace again from scratch, keep surviving ids, record what changed."""
    store = _open(db)
    try:
        return pipeline.recluster(store)
    finally:
        store.close()


def write(briefing: Briefing, path: str | Path, fmt: str | None = None) -> None:
    """Render ``briefing`` to ``path`` in ``fmt`` (default: from the file suffix)."""
    chosen = fmt or render.format_for_path(str(path)) or "html"
    text = render.render(briefing, chosen)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(text, encoding="utf-8")


def search(query: str, *, db: str, limit: int = 20) -> list[tuple[str, str, str]]:
    store = _open(db)
    try:
        return store.search(query, limit)
    finally:
        store.close()
