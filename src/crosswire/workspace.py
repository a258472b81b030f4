"""The workspace: one object for everything done with a crosswire database — add articles, list
stories, brief one or all, search, re-cluster, edit the alias table. The CLI, scripts and the
free functions in ``crosswire.api`` all go through it.

>>> import crosswire
>>> with crosswire.Workspace("demo.db") as workspace:
...     briefing = workspace.add(["examples/demo-corpus"])
...     workspace.write(briefing, "briefing.html")
...     [story.title for story in workspace.stories()]

Opening is light: the store is opened on first use (once; the alias table needs none) and the
models are loaded on first need, then shared by every call on the workspace.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING

from crosswire import listing, pipeline, render, stages
from crosswire.entities import aliases as alias_file
from crosswire.errors import StoreError, UserError
from crosswire.fetch.client import FetchConfig, Fetcher
from crosswire.fetch.pages import PageReader, page_reader
from crosswire.records import Briefing, RawDocument, SearchHit, Story, StoryChange
from crosswire.store import Store, open_store
from crosswire.store.sqlite import DEFAULT_BUSY_TIMEOUT

if TYPE_CHECKING:
    from crosswire.distributed import Executor

#: Where the CLI keeps its workspace unless told (``--db``).
DEFAULT_LOCATION = ".crosswire/crosswire.db"
#: The formats ``write`` renders.
FORMATS = ("html", "markdown", "json")


def write(briefing: Briefing, path: str | Path, fmt: str | None = None) -> None:
    """Render ``briefing`` to ``path`` in ``fmt`` (default: from the file suffix, else HTML),
    creating the parent folders."""
    chosen = fmt or render.format_for_path(str(path)) or "html"
    text = render.render(briefing, chosen)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    # A file name that is not UTF-8 reaches the text as lone surrogates: written as \udcXX
    # (in JSON, the escape that reads back as the same name) rather than failing the write.
    Path(path).write_text(text, encoding="utf-8", errors="backslashreplace")


class Aliases(Mapping[str, str]):
    """The workspace alias table: names → canonical names, overriding automatic entity merging.
    A SQLite workspace keeps it in ``aliases.toml`` beside the database (``path``), a workspace
    on a server in its database (``path`` None); ``where`` says which. Read afresh on every
    access, so edits made by hand or by another process count; ``set`` and ``remove`` write at
    once."""

    def __init__(self, kept: alias_file.AliasFile | alias_file.AliasTable):
        self._kept = kept
        self.path: Path | None = kept.path
        self.where = kept.where

    def table(self) -> dict[str, str]:
        """The whole table (empty when there is none yet); AliasFileError if the file cannot
        be read."""
        return self._kept.table()

    def __getitem__(self, name: str) -> str:
        return self.table()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.table())

    def __len__(self) -> int:
        return len(self.table())

    def set(self, name: str, canonical: str) -> None:
        """Map ``name`` to ``canonical`` (the name itself keeps it apart from every entity)."""
        self._kept.set(name, canonical)

    def remove(self, name: str) -> None:
        self._kept.remove(name)


class Workspace:
    """A crosswire database and its alias table, like ``sqlite_utils.Database``: use it in a
    ``with`` block (or call ``close()``).

    ``location`` is a path or ``scheme://…`` (see ``crosswire.store.open_store``); ``models``
    replaces the default spaCy pipelines and encoder (tests, evaluation runs).
    ``busy_timeout`` is how many seconds to wait while another process writes to the workspace
    (then StoreBusy, a UserError naming the holder); ``on_busy`` is told, every few seconds,
    what is awaited. ``executor`` runs the per-article stages elsewhere: a
    ``crosswire.distributed.DaskExecutor`` on a Dask cluster (the result is the same).

    A run that fails on a bug rather than an input raises ``crosswire.errors.RunFailed``; its
    ``briefing`` holds what the run had stored, its ``trace`` the traceback."""

    write = staticmethod(write)

    def __init__(
        self,
        location: str = DEFAULT_LOCATION,
        *,
        models: pipeline.Models | None = None,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        on_busy: Callable[[str], None] | None = None,
        executor: Executor | None = None,
    ) -> None:
        self.location = location
        self.executor = executor
        path = alias_file.alias_path(location)
        self.aliases = Aliases(
            alias_file.AliasFile(path)
            if path is not None
            else alias_file.AliasTable(lambda: self.store, location)
        )
        self.busy_timeout = busy_timeout
        self.on_busy = on_busy
        self._models = models
        self._store: Store | None = None
        self._closed = False

    # -- lifetime

    @property
    def store(self) -> Store:
        """The store, opened (and created if need be) on first use; StoreError if it cannot."""
        if self._closed:
            raise StoreError(f"the workspace {self.location!r} is closed; open a new Workspace")
        if self._store is None:
            self._store = open_store(
                self.location, busy_timeout=self.busy_timeout, on_busy=self.on_busy
            )
        return self._store

    @property
    def models(self) -> pipeline.Models:
        """The models every call shares, each loaded on first need."""
        if self._models is None:
            self._models = pipeline.default_models()
        return self._models

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        self._closed = True

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Workspace({self.location!r})"

    # -- adding articles

    def add(
        self,
        inputs: Iterable[str | RawDocument],
        *,
        max_bytes: int | None = None,
        summary_words: int | None = None,
        reporter: pipeline.Reporter | None = None,
        stdin: IO[bytes] | None = None,
        until: str | None = None,
        fetch: FetchConfig | None = None,
        read_url: PageReader | None = None,
    ) -> Briefing:
        """Read ``inputs`` (files, folders, globs, ``-`` for ``stdin``, ``http(s)://`` pages, or
        ``RawDocument``s already read), store and analyse what is new, and return the briefing
        of the articles they hold. ``until`` names the last stage to run (``"cluster"`` when only
        the stories matter); by default all of them run. Pages are fetched through the SSRF
        guard as ``fetch`` says (default: public addresses only), or read by ``read_url`` when
        given."""
        options = self._options()
        if max_bytes is not None:
            options.max_bytes = max_bytes
        if summary_words is not None:
            options.analysis = dataclasses.replace(options.analysis, summary_words=summary_words)
        with Fetcher(fetch or FetchConfig(max_bytes=options.max_bytes)) as fetcher:
            options.read_url = read_url or page_reader(fetcher, options.max_bytes)
            return pipeline.run(
                list(inputs),
                self.store,
                models=self.models,
                options=options,
                reporter=reporter,
                stdin=stdin,
                stages=stages.STAGES if until is None else stages.through(until),
            )

    # -- reading

    def stories(self) -> list[Story]:
        """Every story in the workspace, largest first (titles and events from stored articles,
        as a run's cluster stage makes them), read from the store a few stories at a time so a
        large workspace is never held whole (``listing.stored_stories``)."""
        return list(listing.stored_stories(self.store, models=self.models, options=self._options()))

    def briefing_all(self) -> Briefing:
        """The briefing of every story in the workspace (empty, loading no model, if none)."""
        return self._analyse_all(stages.STAGES)

    def _analyse_all(self, run: Sequence[stages.Stage]) -> Briefing:
        ids = list(self.store.story_assignment())
        if not ids:
            return Briefing(articles=())
        return pipeline.analyse(
            ids, self.store, models=self.models, options=self._options(), stages=run
        )

    def briefing(self, story_id: str) -> Briefing:
        """The briefing of one story (a unique prefix of its id is enough)."""
        assignment = self.store.story_assignment()
        matches = sorted({s for s in assignment.values() if s.startswith(story_id)})
        if len(matches) != 1:
            known = "no story has that id" if not matches else f"{len(matches)} stories match"
            raise UserError(f"{known}: {story_id!r}; `crosswire stories` lists the ids")
        return self.analyse(sorted(a for a, s in assignment.items() if s == matches[0]))

    def analyse(self, article_ids: Sequence[str], until: str | None = None) -> Briefing:
        """The briefing of these stored articles (each in the story the workspace holds it in):
        the analysis stages (up to ``until`` when given), none of the reading."""
        return pipeline.analyse(
            list(article_ids),
            self.store,
            models=self.models,
            options=self._options(),
            stages=stages.STAGES if until is None else stages.through(until),
        )

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """The articles matching a full-text (FTS5) query, best first; ValueError saying why when
        the query cannot be understood."""
        return self.store.search(query, limit)

    # -- changing stories

    def recluster(self) -> list[StoryChange]:
        """Cluster the whole workspace again from scratch, keep the ids of stories that survive,
        and record (and return) every merge and split."""
        return pipeline.recluster(self.store, models=self.models)

    def _options(self) -> pipeline.RunOptions:
        return pipeline.RunOptions(aliases=self.aliases.table(), executor=self.executor)
