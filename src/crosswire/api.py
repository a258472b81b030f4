"""The Python API the CLI is a thin layer over.

    >>> import crosswire
    >>> briefing = crosswire.brief(["examples/demo-corpus"], db="demo.db")
    >>> crosswire.write(briefing, "briefing.html")
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from crosswire import pipeline, render
from crosswire.model import Briefing
from crosswire.models import ModelMissing
from crosswire.store import open_store
from crosswire.store.sqlite import StoreError

FORMATS = ("html", "markdown", "json")
format_for_path = render.format_for_path


class UserError(RuntimeError):
    """Something the user can fix (a missing model, an unusable database); no traceback."""


def run(inputs: Iterable[str], *, db: str, max_bytes: int | None = None,
        models: pipeline.Models | None = None, reporter: pipeline.Reporter | None = None,
        stdin=None) -> Briefing:
    """Run the whole pipeline over ``inputs`` with the workspace at ``db``; return the briefing."""
    options = pipeline.RunOptions()
    if max_bytes is not None:
        options.max_bytes = max_bytes
    try:
        store = open_store(db)
    except (StoreError, ValueError) as error:
        raise UserError(str(error)) from error
    try:
        return pipeline.run(list(inputs), store, models=models, options=options,
                            reporter=reporter, stdin=stdin)
    except ModelMissing as error:
        raise UserError(str(error)) from error
    finally:
        store.close()


brief = run


def write(briefing: Briefing, path: str | Path, fmt: str | None = None) -> None:
    """Render ``briefing`` to ``path`` in ``fmt`` (default: from the file suffix)."""
    chosen = fmt or render.format_for_path(str(path)) or "html"
    text = render.render(briefing, chosen)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(text, encoding="utf-8")


def search(query: str, *, db: str, limit: int = 20) -> list[tuple[str, str, str]]:
    store = open_store(db)
    try:
        return store.search(query, limit)
    finally:
        store.close()
