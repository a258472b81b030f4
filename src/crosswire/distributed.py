"""Running the per-article stages on a Dask cluster (``--dask ADDRESS`` or ``--dask local:N``).

What goes to the workers is the work each article (or sentence) needs alone: extraction
(``pipeline.extract_batch``), and the steps of the stages named in ``SHIPPED`` (nlp and
embed), each partition of a stage's work one task. A task runs the stage's own ``step`` on the
worker against a stand-in store (``_WorkerStore``) that serves the partition's articles and
records the writes instead of making them. The result comes back to the client, which makes those
writes in one transaction, partition after partition in the canonical order: the store never
holds half an article, and everything after (dedup, clustering, the per-story analysis) runs on
the client as in a local run, so the briefing is the same bytes.

Tasks have no side effects, so a worker that dies takes nothing with it: the scheduler runs its
tasks again elsewhere. Each worker process builds its models once (``_models_here``; the loaders
in ``nlp.models`` are cached per process too) and keeps them for every later task.

``dask`` and ``distributed`` come from crosswire's ``dask`` extra; without it ``--dask`` says so.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from crosswire.errors import ExtraMissing, UserError
from crosswire.nlp.models import Models

if TYPE_CHECKING:
    from crosswire.records import Article, InputProblem
    from crosswire.stages import RunOptions, RunState, Stage
    from crosswire.store import Store

R = TypeVar("R", covariant=True)

#: How long connecting to a scheduler may take before ``--dask`` reports it unreachable.
CONNECT_SECONDS = 10


class Pending(Protocol[R]):
    """A result being computed somewhere (a ``distributed.Future``, or one already done)."""

    def done(self) -> bool: ...

    def result(self) -> R: ...


class Executor(Protocol):
    """Where per-article work runs. ``RunOptions.executor`` None means here, in this process,
    one batch after another (the local run); ``DaskExecutor`` sends it to a cluster."""

    #: How many batches may be computing ahead of the one being written.
    ahead: int

    def submit(self, function: Callable[..., Any], *args: Any) -> Pending[Any]: ...

    def steps(
        self, stage: Stage, state: RunState, chunks: Sequence[Sequence[Any]]
    ) -> Iterator[int] | None:
        """The stage's steps over ``chunks``, each written before the next is yielded (the
        count its step returned); None when the stage runs in the client."""
        ...


@dataclass(frozen=True)
class _Shipped:
    """What one step needs on a worker: its chunk, the articles it reads from the store, and
    the ``RunState`` properties it reads, filled in as the client has them."""

    chunk: list[Any]
    articles: list[Article]
    known: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _StepDone:
    """One step's outcome on a worker: its count, the store writes it asked for (in order), and
    the problems and notes it added to the run state."""

    items: int
    writes: list[tuple[str, tuple, dict]]
    problems: list[InputProblem]
    notes: list[InputProblem]


@dataclass(frozen=True)
class _Source:
    """Stands in for an article where a step only names it in a problem (its ``source``)."""

    source: str


class _WorkerStore:
    """The store as a step sees it on a worker: the shipped articles to read, and every
    ``save_*`` call recorded for the client to make. Anything else is refused by name, so a stage
    that starts reading something new fails loudly here rather than differing from a local run."""

    def __init__(self, articles: list[Article]):
        self._articles = articles
        self.writes: list[tuple[str, tuple, dict]] = []

    def articles(self, ids: list[str] | None = None) -> list[Article]:
        wanted = None if ids is None else set(ids)
        return [a for a in self._articles if wanted is None or a.id in wanted]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        yield  # the client writes the recorded calls inside one transaction of its own

    def __getattr__(self, name: str) -> Callable[..., None]:
        if not name.startswith("save_"):
            raise AttributeError(
                f"a stage step running on a Dask worker asked its store for {name!r}; only "
                "articles() and save_* writes are served there (crosswire.distributed.SHIPPED "
                "says what each stage is sent)"
            )

        def record(*args: Any, **kwargs: Any) -> None:
            self.writes.append((name, args, kwargs))

        return record


def _ship_articles(state: RunState) -> Callable[[Sequence[Any]], _Shipped]:
    """For a stage whose work is article ids and whose step reads them with ``store.articles``."""

    def ship(chunk: Sequence[Any]) -> _Shipped:
        ids = list(chunk)
        return _Shipped(ids, state.store.articles(ids))

    return ship


def _ship_sentences(state: RunState) -> Callable[[Sequence[Any]], _Shipped]:
    """For the embed stage: its work is sentence text hashes, read through ``texts_by_hash``; a
    sentence that fails is reported under its first article's source (``sentences`` and
    ``articles_by_id`` hold just that)."""
    first: dict[str, Any] = {}
    for sentence in state.sentences:
        first.setdefault(sentence.text_hash, sentence)
    texts = state.texts_by_hash

    def ship(chunk: Sequence[Any]) -> _Shipped:
        firsts = [first[h] for h in chunk if h in first]
        named = {}
        for sentence in firsts:
            article = state.articles_by_id.get(sentence.article_id)
            named[sentence.article_id] = _Source(
                article.source if article is not None else sentence.article_id
            )
        known = {
            "texts_by_hash": {h: texts[h] for h in chunk},
            "sentences": firsts,
            "articles_by_id": named,
        }
        return _Shipped(list(chunk), [], known)

    return ship


#: The stages whose steps run on the workers, each with what a step is sent. A stage not named
#: here runs in the client (a renamed or merged stage simply stays local until added).
SHIPPED: dict[str, Callable[[RunState], Callable[[Sequence[Any]], _Shipped]]] = {
    "nlp": _ship_articles,
    "embed": _ship_sentences,
}


@dataclass(frozen=True)
class _ModelSpec:
    """The client's model loaders (not the models): each worker builds its own from them."""

    nlp_loader: Callable[[], object]
    encoder_loader: Callable[[], Any]
    nlp_name: str


#: This process's models, by the pickled spec they were built from (on a worker: one entry,
#: built by the first task and used by every later one).
_MODELS_HERE: dict[bytes, Models] = {}
_MODELS_LOCK = threading.Lock()


def _models_here(spec: bytes) -> Models:
    """The models of this worker process for ``spec``, built on the first task that needs them."""
    import cloudpickle  # a dependency of distributed: present wherever tasks run

    with _MODELS_LOCK:
        models = _MODELS_HERE.get(spec)
        if models is None:
            threads = _worker_threads()
            if threads is not None:
                # The encoder runs on as many threads as the worker was given (one for local:N).
                os.environ.setdefault("CROSSWIRE_ENCODER_THREADS", str(threads))
            loaders = cloudpickle.loads(spec)
            models = Models(loaders.nlp_loader, loaders.encoder_loader, loaders.nlp_name)
            _MODELS_HERE[spec] = models
        return models


def _worker_threads() -> int | None:
    """The thread count of the Dask worker this runs in (None outside a worker)."""
    from distributed import get_worker  # deferred: only reached inside a task

    try:
        return int(get_worker().state.nthreads)
    except ValueError:  # not in a worker: a task run in the client (tests)
        return None


def models_built_here() -> int:
    """How many model sets this process has built (one per worker: the tests check it)."""
    return len(_MODELS_HERE)


def _run_step(step: Callable, spec: bytes, options: RunOptions, shipped: _Shipped) -> _StepDone:
    """One stage step on a worker, against the stand-in store; nothing leaves the process but
    the returned record."""
    from crosswire.stages import RunState  # deferred: stages imports this module's types

    store = _WorkerStore(shipped.articles)
    state = RunState(
        store=cast("Store", store),
        models=_models_here(spec),
        options=options,
        articles=list(shipped.articles),
        sources={},
    )
    state.__dict__.update(shipped.known)  # the cached properties the client filled in
    items = step(state, shipped.chunk)
    return _StepDone(items, store.writes, state.problems, state.notes)


def _write(state: RunState, done: _StepDone) -> int:
    """The client's half of a shipped step: its writes in one transaction, its problems and
    notes added to the run in the order a local run adds them."""
    with state.store.transaction():
        for name, args, kwargs in done.writes:
            getattr(state.store, name)(*args, **kwargs)
    state.problems.extend(done.problems)
    state.notes.extend(done.notes)
    return done.items


class DaskExecutor:
    """Sends per-article work to the workers of a ``distributed.Client``."""

    def __init__(self, client: Any, ahead: int | None = None):
        self.client = client
        workers = len(client.scheduler_info(n_workers=-1).get("workers", {}))
        #: Batches in flight beyond the one being written: enough to keep every worker busy.
        self.ahead = ahead if ahead is not None else 2 * max(1, workers)
        self._specs: dict[int, tuple[Models, bytes]] = {}

    def submit(self, function: Callable[..., Any], *args: Any) -> Pending[Any]:
        return cast("Pending[Any]", self.client.submit(function, *args, pure=False))

    def _spec(self, models: Models) -> bytes:
        import cloudpickle

        known = self._specs.get(id(models))
        if known is None or known[0] is not models:
            spec = _ModelSpec(models.nlp_loader, models.encoder_loader, models.nlp_name)
            known = (models, cloudpickle.dumps(spec))
            self._specs[id(models)] = known
        return known[1]

    def steps(
        self, stage: Stage, state: RunState, chunks: Sequence[Sequence[Any]]
    ) -> Iterator[int] | None:
        shipper = SHIPPED.get(stage.name)
        if shipper is None:
            return None
        return self._steps(stage, state, chunks, shipper(state))

    def _steps(
        self,
        stage: Stage,
        state: RunState,
        chunks: Sequence[Sequence[Any]],
        ship: Callable[[Sequence[Any]], _Shipped],
    ) -> Iterator[int]:
        spec = self._spec(state.models)
        options = shippable(state.options)
        waiting: deque[Pending[_StepDone]] = deque()
        todo = iter(chunks)
        for chunk in todo:
            waiting.append(self.submit(_run_step, stage.step, spec, options, ship(chunk)))
            if len(waiting) > self.ahead:
                break
        while waiting:
            done = waiting.popleft().result()
            for chunk in todo:
                waiting.append(self.submit(_run_step, stage.step, spec, options, ship(chunk)))
                break
            yield _write(state, done)


def shippable(options: RunOptions) -> RunOptions:
    """The run's options as a worker gets them: without the URL reader (it holds this process's
    connections) or the executor."""
    return replace(options, read_url=None, executor=None)


_LOCAL = re.compile(r"local:(\d+)")


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError as error:
        raise ExtraMissing("dask and distributed", "--dask", extra="dask") from error
    return distributed


@contextmanager
def dask_executor(address: str) -> Iterator[DaskExecutor]:
    """A ``DaskExecutor`` for ``--dask ADDRESS``: ``local:N`` starts N single-threaded worker
    processes on loopback (no dashboard) and stops them at the end; anything else is the address
    of a running scheduler (``tcp://host:8786``), connected to and left running."""
    local = _LOCAL.fullmatch(address.strip())
    if local is None and "://" not in address:
        raise UserError(
            f"--dask {address!r} is neither local:N (N worker processes here) nor a scheduler "
            "address such as tcp://host:8786"
        )
    workers = int(local.group(1)) if local is not None else 0
    if local is not None and not 1 <= workers <= 256:
        raise UserError(f"--dask {address!r}: the number of local workers must be 1 to 256")
    distributed = _import_distributed()
    if local is not None:
        with (
            distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                # No dashboard; the scheduler's health endpoint on a free port, not 8787.
                scheduler_kwargs={"dashboard": False, "dashboard_address": ":0"},
                silence_logs=logging.ERROR,
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            yield DaskExecutor(client)
        return
    try:
        client = distributed.Client(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as error:
        raise UserError(
            f"cannot reach the Dask scheduler at {address!r} ({error}); start one (`dask "
            "scheduler`, and workers with `dask worker ADDRESS --nthreads 1`) or use --dask local:N"
        ) from None
    with client:
        yield DaskExecutor(client)
