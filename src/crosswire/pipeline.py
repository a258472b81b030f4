"""The orchestrator: runs the stages in order over a set of inputs and a workspace store.

``run`` reads and stores the inputs, then ``analyse`` runs ``STAGES`` over the stored articles:

    ingest+extract  inputs (paths, directories, globs, stdin) → raw documents → cleaned articles
                    (metadata, furniture audit, language), stored; or the reason an input was
                    skipped                                        crosswire.ingest, .extract
    nlp             English articles → one dependency parse each → sentences, entity mentions,
                    quotes and attributions, stored together under the parser's name and a
                    fingerprint of the rules                crosswire.nlp, .attribution
    embed           distinct sentence texts → vectors, cached by text hash  crosswire.nlp.encoder
    dedup           exact / near-duplicate / rewrite groups, shared passages, origin groups
                                                                       crosswire.stories.dedup
    cluster         new articles join stories online, then a refinement (stable ids, merges
                    recorded); events per story                             crosswire.stories
    anchor          undated articles borrow a date from a dated article of their story that
                    reports the same event                        crosswire.analysis.anchoring
    entities        mentions → canonical entities per story (variants, exonyms, titles,
                    aliases)                                                crosswire.entities
    cross-source    per story: statements, facts, quote ledger, conflicts, timeline, coverage,
                    summary                                                 crosswire.analysis

Each analysis stage runs through ``_run_stage``, which times it, reports its progress and feeds it
its work in batches; ingest+extract streams its inputs and is timed, reported and batched in ``run``
itself (its work is not known until the inputs are read). Every write happens inside a transaction,
one batch at a time, so a run killed at any point leaves a consistent store and the next run carries
on where it stopped: unchanged inputs are not extracted again, analysed articles are not analysed
again, embedded sentences are not embedded again. With ``RunOptions.executor`` (``--dask``,
``crosswire.distributed``) extraction and the nlp and embed steps are computed on Dask
workers; their writes are still made here, batch by batch, in the order a local run makes them.
"""

from __future__ import annotations

import hashlib
import time
import traceback
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from functools import partial
from typing import Any, Protocol

from crosswire.errors import RunFailed, UserError
from crosswire.extract.article import to_article
from crosswire.ingest.inputs import read_inputs
from crosswire.nlp.models import Models, default_models
from crosswire.records import (
    Article,
    Briefing,
    InputProblem,
    RawDocument,
    StageTiming,
    StoryChange,
)
from crosswire.stages import STAGES, RunOptions, RunState, Stage, failure_note
from crosswire.store import Store
from crosswire.stories.dedup import DedupResult
from crosswire.stories.profiles import ClusterConfig, article_profiles
from crosswire.stories.recluster import recluster as recluster_profiles
from crosswire.text.paragraphs import analysed_end, analysis_notes


class Advance(Protocol):
    """Moves a progress display on by ``step`` items (one when called bare)."""

    def __call__(self, step: int = 1, /) -> None: ...


class Reporter(Protocol):
    """Progress display: the CLI shows bars; the library default shows nothing."""

    def stage(self, name: str, total: int | None) -> AbstractContextManager[Advance]: ...


class SilentReporter:
    @contextmanager
    def stage(self, name: str, total: int | None) -> Iterator[Advance]:
        yield _ignore_progress


def _ignore_progress(step: int = 1, /) -> None:
    """Progress nobody is shown."""


def run(
    inputs: Iterable[str | RawDocument],
    store: Store,
    *,
    models: Models | None = None,
    options: RunOptions | None = None,
    reporter: Reporter | None = None,
    stdin=None,
    stages: Sequence[Stage] = STAGES,
) -> Briefing:
    """Run every stage over ``inputs`` (paths, globs, ``-``, or documents already read, such as
    an API post) and return the briefing of the articles they contain (``stages`` may stop
    early: ``stages.through("cluster")`` when only the stories matter)."""
    options = options or RunOptions()
    shown = reporter or SilentReporter()
    problems: list[InputProblem] = []
    sources: dict[str, list[str]] = defaultdict(list)
    started = time.perf_counter()
    failed: tuple[BaseException, str] | None = None
    try:
        with shown.stage("ingest + extract", None) as advance:
            _ingest_and_extract(inputs, store, options, problems, sources, advance, stdin)
    except UserError:
        raise
    except Exception as error:  # a bug, not an input: the stored articles are still briefed
        failed = (error, traceback.format_exc())
    timing = StageTiming("ingest+extract", time.perf_counter() - started, len(sources))
    try:
        briefing = analyse(
            list(sources),
            store,
            models=models,
            options=options,
            reporter=shown,
            sources=dict(sources),
            problems=problems,
            timings=[timing],
            stages=stages,
        )
    except RunFailed as later:
        if failed is None:
            raise
        briefing = later.briefing
    if failed is not None:
        raise RunFailed("ingest+extract", failed[0], failed[1], briefing)
    return briefing


def _run_stage(stage: Stage, state: RunState, reporter: Reporter) -> StageTiming:
    """Run one stage: time it, report its progress, feed it its work in batches."""
    started = time.perf_counter()
    work = stage.work(state)
    items = 0
    with reporter.stage(stage.name, len(work) if stage.show_total else None) as advance:
        if stage.batch is None:
            items = stage.step(state, work)
            advance(len(work))
        else:
            size = stage.batch(state.options)
            chunks = [work[begin : begin + size] for begin in range(0, len(work), size)]
            executor = state.options.executor
            shipped = executor.steps(stage, state, chunks) if executor is not None else None
            steps = shipped or (stage.step(state, chunk) for chunk in chunks)
            for chunk, done in zip(chunks, steps, strict=True):
                items += done
                advance(len(chunk))
    return StageTiming(stage.name, time.perf_counter() - started, items)


def analyse(
    article_ids: list[str],
    store: Store,
    *,
    models: Models | None = None,
    options: RunOptions | None = None,
    reporter: Reporter | None = None,
    sources: dict[str, list[str]] | None = None,
    problems: list[InputProblem] | None = None,
    timings: list[StageTiming] | None = None,
    stages: Sequence[Stage] = STAGES,
) -> Briefing:
    """``stages`` (all of ``STAGES`` unless told) over stored articles: the briefing of
    ``article_ids``."""
    stored = store.articles(article_ids)
    state = RunState(
        store=store,
        models=models or default_models(),
        options=options or RunOptions(),
        articles=[_analysed_part(article) for article in stored],
        sources=sources if sources is not None else {i: store.sources_of(i) for i in article_ids},
    )
    state.problems = list(problems or [])
    state.notes.extend(_length_notes(stored))
    shown = reporter or SilentReporter()
    timings = list(timings or [])
    for stage in stages:
        try:
            timings.append(_run_stage(stage, state, shown))
        except UserError:
            raise
        except Exception as error:
            # Not one input's fault (those are caught per article inside the stages): later
            # stages build on this one, so they do not run; the briefing holds what was found.
            trace = traceback.format_exc()
            raise RunFailed(
                stage.name, error, trace, _briefing(state, state.problems, timings)
            ) from error
    return _briefing(state, state.problems, timings)


def _briefing(
    state: RunState, problems: list[InputProblem], timings: list[StageTiming]
) -> Briefing:
    found, results = state.found or DedupResult((), (), ()), state.results
    return Briefing(
        articles=tuple(sorted(state.articles, key=_reading_order)),
        duplicates=found.duplicates,
        passages=found.passages,
        origins=found.origins,
        entities=state.entities,
        stories=state.stories,
        story_changes=tuple(state.changes),
        statements=tuple(x for r in results for x in r.statements),
        facts=tuple(x for r in results for x in r.facts),
        conflicts=tuple(x for r in results for x in r.conflicts),
        timeline=tuple(x for r in results for x in r.timeline),
        quotes=tuple(x for r in results for x in r.quotes),
        coverage=tuple(r.coverage for r in results if r.coverage is not None),
        summary=tuple(x for r in results for x in r.summary),
        problems=(*problems, *state.notes),
        sources=tuple(sorted((k, tuple(v)) for k, v in state.sources.items() if len(v) > 1)),
        timings=tuple(timings),
    )


def _analysed_part(article: Article) -> Article:
    """The article with its text cut where its analysis ends (``text.paragraphs``), so every
    stage after the parse reads no more than the parse did; the store keeps the whole text."""
    end = analysed_end(article.text)
    return article if end == len(article.text) else replace(article, text=article.text[:end])


def _length_notes(articles: list[Article]) -> list[InputProblem]:
    """A warning for each article whose text was analysed only in part or in pieces (the
    bounds of ``text.paragraphs``): derived from the text, so every run's briefing says it."""
    return [
        InputProblem(article.source, note, "warning")
        for article in articles
        for note in analysis_notes(article.text)
    ]


def recluster(
    store: Store, *, models: Models | None = None, config: ClusterConfig | None = None
) -> list[StoryChange]:
    """Cluster every comparable article of the workspace from scratch (see
    ``crosswire.stories.recluster``), save the result and record the merges and splits it
    implies."""
    config = config or ClusterConfig()
    comparable = [row for row in store.load_stories() if row.comparable]
    previous = {member: row.id for row in comparable for member in row.article_ids}
    previous_seq = {row.id: row.seq for row in comparable}
    # The stored sentences, vectors and mentions of those articles, read as a run reads them.
    state = RunState(
        store=store,
        models=models or default_models(),
        options=RunOptions(cluster=config),
        articles=store.articles(sorted(previous)),
        sources={},
    )
    profiles = article_profiles(
        state.articles,
        state.sentences_by_article,
        state.vectors,
        state.mentions_by_article,
        config,
    )
    result, changes = recluster_profiles(profiles, previous, previous_seq, config)
    with store.transaction():
        store.save_stories(result.rows(result.stories), result.removed)
        for change in changes:
            store.record_story_change(change)
    return changes


def _reading_order(article: Article) -> tuple:
    return (
        article.published is None,
        article.published or "",
        article.outlet or "",
        article.title,
        article.id,
    )


def _content_hash(raw: RawDocument) -> str:
    digest = hashlib.sha256(raw.format.encode())
    for key, value in raw.fields:
        # surrogatepass: a lone surrogate (an escape such as "\ud800" in JSON) still hashes.
        digest.update(f"\x1f{key}\x1e{value}".encode("utf-8", "surrogatepass"))
    digest.update(b"\x1d" + raw.content.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def extract_batch(raws: Sequence[RawDocument]) -> list[Extracted]:
    """The per-article part of ingest+extract (run here, or as a task on a Dask worker): each
    document's article and the problems found on the way, or the problem that made it unusable."""
    done: list[Extracted] = []
    for raw in raws:
        try:
            article, found = to_article(raw)
        except Exception as error:
            done.append(_failed(raw.source, "extracting its article", error))
            continue
        done.append((article, tuple(found)))
    return done


#: One document's extraction: its article (None: nothing to keep) and the problems found, or
#: the one problem that made it unusable.
Extracted = tuple[Article | None, tuple[InputProblem, ...]] | InputProblem


class _Done:
    """A batch extracted in this process (what ``Executor.submit`` gives back elsewhere)."""

    def __init__(self, value: list[Extracted]):
        self.value = value

    def done(self) -> bool:
        return True

    def result(self) -> list[Extracted]:
        return self.value


class _BatchLost(Exception):
    """The executor could not give a batch back (a cluster that lost it): not an input's fault."""


def _ingest_and_extract(
    inputs: Iterable[str | RawDocument],
    store: Store,
    options: RunOptions,
    problems: list[InputProblem],
    sources: dict[str, list[str]],
    advance,
    stdin,
) -> None:
    """Read every input; extract and store new ones in batches. Fills ``sources``: per article
    (first-seen order), the inputs it came from in this run, so what was stored before a failure
    is still known. One input that fails in a way its reader did not foresee is skipped with the
    reason (and the inputs after it are still read).

    With an executor, batches are extracted elsewhere while reading goes on; what reading finds
    (problems, known inputs) waits in ``effects`` behind the batches read before it, so the run
    records everything in the order a local run does."""
    executor = options.executor
    pending: list[tuple[RawDocument, str]] = []
    effects: deque[Callable[[], None] | tuple[list[tuple[RawDocument, str]], Any]] = deque()
    batches_out: deque[Any] = deque()  # the batches among the effects, not yet stored

    def store_batch(batch: list[tuple[RawDocument, str]], extracted: list[Extracted]) -> None:
        built = []
        for (raw, content_hash), result in zip(batch, extracted, strict=True):
            if isinstance(result, InputProblem):
                problems.append(result)
                continue
            article, found = result
            problems.extend(found)
            built.append((raw, content_hash, article))
        try:
            _store_inputs(store, built)
        except UserError:
            raise
        except Exception:
            # One record the store refuses spoils its batch: store them one by one instead.
            kept = []
            for one in built:
                try:
                    _store_inputs(store, [one])
                    kept.append(one)
                except UserError:
                    raise
                except Exception as error:
                    problems.append(_failed(one[0].source, "storing it", error))
            built = kept
        for raw, _, article in built:
            if article is not None:
                sources[article.id].append(raw.source)
            advance(1)

    def settle(everything: bool = False) -> None:
        """Apply the effects at the front whose batches are back (all of them if told, or
        while more batches are out than the executor may have ahead)."""
        ahead = executor.ahead if executor is not None else 0
        while effects:
            head = effects[0]
            if isinstance(head, tuple):
                if not (everything or head[1].done() or len(batches_out) > ahead + 1):
                    return
                effects.popleft()
                batches_out.popleft()
                try:
                    extracted = head[1].result()
                except Exception as error:
                    raise _BatchLost(
                        f"extracting a batch of {len(head[0])} inputs elsewhere failed "
                        f"({type(error).__name__}: {error})"
                    ) from error
                store_batch(head[0], extracted)
            else:
                effects.popleft()
                head()

    def then(effect: Callable[[], None]) -> None:
        effects.append(effect)
        settle()

    def flush() -> None:
        batch = list(pending)
        pending.clear()
        raws = [raw for raw, _ in batch]
        handle = executor.submit(extract_batch, raws) if executor else _Done(extract_batch(raws))
        effects.append((batch, handle))
        batches_out.append(handle)
        settle()

    seen: set[str] = set()
    for spec in inputs:
        try:
            items = (
                [spec]
                if isinstance(spec, RawDocument)
                else read_inputs(
                    [spec], max_bytes=options.max_bytes, stdin=stdin, read_url=options.read_url
                )
            )
            for item in items:
                if isinstance(item, InputProblem):
                    then(partial(problems.append, item))
                    continue
                if item.source in seen:  # the same file named twice
                    continue
                seen.add(item.source)
                try:
                    content_hash = _content_hash(item)
                    known = store.input_hash(item.source)
                except UserError:
                    raise
                except Exception as error:
                    then(partial(problems.append, _failed(item.source, "reading it", error)))
                    continue
                if (
                    known is not None
                    and known.content_hash == content_hash
                    and known.article_id is not None
                ):
                    then(partial(_known_input, sources, known.article_id, item.source, advance))
                    continue
                pending.append((item, content_hash))
                if len(pending) >= options.extract_batch:
                    flush()
        except (UserError, _BatchLost):
            raise
        except Exception as error:
            # The reader stopped inside this input: what it gave before is kept.
            name = spec.source if isinstance(spec, RawDocument) else spec
            then(
                partial(
                    problems.append,
                    _failed(name, "reading it (what it gave before is used)", error),
                )
            )
    if pending:
        flush()
    settle(everything=True)


def _known_input(
    sources: dict[str, list[str]], article_id: str, source: str, advance: Advance
) -> None:
    """An input read before with the same content: named as a source of its article."""
    sources[article_id].append(source)
    advance(1)


def _store_inputs(store: Store, built: list[tuple[RawDocument, str, Article | None]]) -> None:
    with store.transaction():
        for raw, content_hash, article in built:
            if article is not None:
                store.add_article(article)
            store.record_input(raw.source, content_hash, article.id if article else None)


def _failed(source: str, doing: str, error: BaseException) -> InputProblem:
    return InputProblem(source, f"not used: {failure_note(doing, error)}", "failed")
