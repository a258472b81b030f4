"""The analysis stages ``crosswire.pipeline`` runs, in order (``STAGES``), the options of a
run, and the state the stages share. Each stage reads what earlier ones left in ``RunState`` and
the store, does one batch of its work per call, and writes inside a transaction of its own."""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from crosswire.analysis.anchoring import anchor_story_dates
from crosswire.analysis.story import AnalysisConfig, StoryAnalysis, analyse_story
from crosswire.attribution.quotes import Attribution, find_attributions, rules_fingerprint
from crosswire.entities.resolve import alias_table, resolve_entities
from crosswire.errors import StoreError, UserError
from crosswire.ingest.limits import DEFAULT_MAX_BYTES
from crosswire.nlp.models import Models
from crosswire.nlp.sentences import ArticleParse, mentions_of, parse_articles, sentences_of
from crosswire.nlp.vectors import CachedEncoder, WorkspaceVectors
from crosswire.records import (
    Article,
    Entity,
    InputProblem,
    Mention,
    Sentence,
    Story,
    StoryChange,
)
from crosswire.store import Store
from crosswire.stories.clustering import Clustering, cluster_stories
from crosswire.stories.dedup import DedupConfig, DedupResult, find_duplicates
from crosswire.stories.events import story_records
from crosswire.stories.profiles import ArticleProfile, ClusterConfig, article_profiles

if TYPE_CHECKING:
    from crosswire.distributed import Executor

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class RunOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    #: Articles extracted (and stored) per transaction.
    extract_batch: int = 25
    #: Articles parsed by spaCy per transaction.
    nlp_batch: int = 16
    #: Distinct sentences embedded per transaction.
    embed_batch: int = 256
    dedup: DedupConfig = field(default_factory=DedupConfig)
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    #: The workspace alias table (name → canonical name), overriding automatic entity merging.
    aliases: dict[str, str] = field(default_factory=dict)
    analysis: AnalysisConfig = field(default_factory=AnalysisConfig)
    #: Seconds one article's parse may take (checked between chunks of
    #: ``nlp.sentences.PARSE_CHUNK_CHARS``); past them the article is kept with what was found
    #: so far and a note (None: no cap). The length bounds of ``text.paragraphs`` keep a normal
    #: machine far below it.
    article_seconds: float | None = 60.0
    #: The clock the cap is read from (tests pass a fake one).
    clock: Callable[[], float] = time.monotonic
    #: Reads an ``http(s)://`` input (``crosswire.fetch.pages.page_reader``); None: URLs are
    #: skipped with a reason.
    read_url: Callable[[str], Iterator[Any]] | None = None
    #: Where the per-article work runs (``crosswire.distributed``); None: here, batch by batch.
    executor: Executor | None = None


@dataclass
class RunState:
    """What the stages of one analysis share: the stored articles they work on, and what each
    stage found for the later ones. Data read back from the store is loaded on first use."""

    store: Store
    models: Models
    options: RunOptions
    articles: list[Article]
    sources: dict[str, list[str]]
    found: DedupResult | None = None
    profiles: dict[str, ArticleProfile] = field(default_factory=dict)
    stories: tuple[Story, ...] = ()
    changes: list[StoryChange] = field(default_factory=list)
    entities: tuple[Entity, ...] = ()
    results: list[StoryAnalysis] = field(default_factory=list)
    #: The run's problems so far; a stage adds one for each article or story it had to skip.
    problems: list[InputProblem] = field(default_factory=list)

    def skip(self, source: str, doing: str, error: BaseException, after: str) -> None:
        """Record that ``doing`` failed on one article or story; ``after`` says what that left
        out. The stage goes on with the others."""
        self.problems.append(
            InputProblem(source, f"{failure_note(doing, error)}; {after}", "failed")
        )

    #: Warnings about articles found while analysing them (an analysis cut short by the cap).
    notes: list[InputProblem] = field(default_factory=list)

    @cached_property
    def english(self) -> list[str]:
        return [a.id for a in self.articles if a.language == "en"]

    @cached_property
    def sentences(self) -> list[Sentence]:
        return self.store.sentences(self.english)

    @cached_property
    def sentences_by_article(self) -> dict[str, list[Sentence]]:
        grouped: dict[str, list[Sentence]] = defaultdict(list)
        for sentence in self.sentences:
            grouped[sentence.article_id].append(sentence)
        return grouped

    @cached_property
    def vectors(self) -> dict[str, np.ndarray]:
        """Every sentence's vector (read after the embed stage has stored the missing ones)."""
        return self.store.embeddings(
            self.models.encoder.name, [s.text_hash for s in self.sentences]
        )

    @cached_property
    def texts_by_hash(self) -> dict[str, str]:
        return {s.text_hash: s.text for s in self.sentences}

    @cached_property
    def articles_by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    def replace_articles(self, updated: dict[str, Article]) -> None:
        """Use these versions of some articles from here on (the stored ones are unchanged)."""
        self.articles = [updated.get(a.id, a) for a in self.articles]
        self.__dict__.pop("articles_by_id", None)

    @cached_property
    def attributions(self) -> dict[str, list[Attribution]]:
        """Each English article's stored quotes and attributions (after the nlp stage)."""
        return {
            article_id: [Attribution.from_dict(item) for item in items]
            for article_id, items in self.store.attributions(self.english).items()
        }

    @cached_property
    def origin_of(self) -> dict[str, str]:
        """Each article's origin group (after the dedup stage)."""
        assert self.found is not None, "the dedup stage runs before origins are asked for"
        return {a: o.id for o in self.found.origins for a in o.article_ids}

    @cached_property
    def analysis_vectors(self) -> WorkspaceVectors:
        """The run's sentence vectors, then the workspace's stored ones; what the analysis
        embeds besides waits to be saved (``_cross_source_step``)."""
        return WorkspaceVectors(self.store, self.models.encoder.name, self.vectors)

    @cached_property
    def analysis_encoder(self) -> CachedEncoder:
        """The encoder behind every vector already stored, shared by all stories."""
        return CachedEncoder(self.models.encoder, self.analysis_vectors)

    @cached_property
    def mentions_by_article(self) -> dict[str, list[Mention]]:
        grouped: dict[str, list[Mention]] = defaultdict(list)
        for mention in self.store.mentions(self.english):
            grouped[mention.article_id].append(mention)
        return grouped


@dataclass(frozen=True)
class Stage:
    """One step of the analysis. ``work`` lists what it will do (the progress total); ``step``
    does one batch of it and returns how many items to record in the stage's timing. A stage
    without ``batch`` gets all its work in one step, even when there is none."""

    name: str
    work: Callable[[RunState], Sequence[Any]]
    step: Callable[[RunState, Sequence[Any]], int]
    #: How many items one step takes (a stage that writes does so once per step).
    batch: Callable[[RunOptions], int] | None = None
    #: Whether ``len(work)`` is shown as the progress total (not when it is a poor guide).
    show_total: bool = True


def failure_note(doing: str, error: BaseException) -> str:
    """One line naming an unforeseen failure: what was being done and the error, briefly (the
    message is cut, so a failure on a huge input cannot flood the report)."""
    message = " ".join(str(error).split())
    if len(message) > 160:
        message = message[:159] + "…"
    return f"{doing} failed ({type(error).__name__}: {message or 'no message'})"


def _each(
    items: Sequence[T],
    batch: Callable[[Sequence[T]], list[R]],
    failed: Callable[[T, Exception], None],
) -> list[tuple[T, R]]:
    """``batch(items)`` paired with the items; if it raises, ``batch`` on each item alone, and
    ``failed`` for each item that still raises, so one article cannot cost the others theirs."""
    if len(items) > 1:
        try:
            return list(zip(items, batch(items), strict=True))
        except UserError:
            raise
        except Exception:
            pass  # found again below, item by item
    done: list[tuple[T, R]] = []
    for item in items:
        try:
            done.extend(zip([item], batch([item]), strict=True))
        except UserError:
            raise
        except Exception as error:
            failed(item, error)
    return done


@dataclass(frozen=True)
class ArticleAnalysis:
    """What one parse of an article gives."""

    sentences: list[Sentence]
    mentions: list[Mention]
    quotes: list[Attribution]


def analysis_key(models: Models) -> str:
    """What an article's stored sentences, mentions and attributions were made by: the spaCy
    pipeline that parsed it (``Models.nlp_name``) and the fingerprint of the rules that read
    the parse (``attribution.quotes.rules_fingerprint``: the model's version and the code of
    ``attribution/``, ``nlp/`` and ``text/``). All three come from one parse and are stored
    under this one key, as ``nlp_done.model`` and ``attributions.rules``."""
    return f"{models.nlp_name} {rules_fingerprint()}"


def _nlp_work(state: RunState) -> list[str]:
    """The English articles whose sentences, mentions or attributions are missing, or were
    made under another key: an article analysed by an earlier version (sentences from spaCy's
    sentence splitter, attributions from a second parse) is parsed afresh, and all three are
    replaced by what one parse gives."""
    key = analysis_key(state.models)
    stale = set(state.store.articles_needing_nlp(key, state.english))
    stale.update(state.store.articles_needing_attributions(key, state.english))
    return [article_id for article_id in state.english if article_id in stale]


def _nlp_step(state: RunState, article_ids: Sequence[str]) -> int:
    """Each article parsed once with the dependency parser; its sentences, entity mentions and
    quotes and attributions read from that parse and stored together, in one transaction."""
    batch = state.store.articles(list(article_ids))
    options = state.options

    def analyse(some: Sequence[Article]) -> list[tuple[ArticleParse, ArticleAnalysis]]:
        found = []
        parsed = parse_articles(
            some,
            state.models.nlp,
            batch_size=options.nlp_batch,
            seconds=options.article_seconds,
            clock=options.clock,
        )
        for item in parsed:
            article_id, text, doc = item.article.id, item.text, item.doc
            found.append(
                (
                    item,
                    ArticleAnalysis(
                        sentences_of(article_id, text, doc),
                        mentions_of(article_id, doc),
                        find_attributions(text, doc),
                    ),
                )
            )
        return found

    results = _each(
        batch,
        analyse,
        lambda article, error: state.skip(
            article.source,
            "analysing its sentences and quotes",
            error,
            "the article is kept but has no sentences, facts or quotes",
        ),
    )
    key = analysis_key(state.models)
    with state.store.transaction():
        for _, (parsed, found) in results:
            article = parsed.article
            state.store.save_nlp(article.id, key, found.sentences, found.mentions)
            state.store.save_attributions(article.id, key, [x.to_dict() for x in found.quotes])
            if parsed.cut_short:
                state.notes.append(_time_note(article, options))
    return len(batch)


def _time_note(article: Article, options: RunOptions) -> InputProblem:
    return InputProblem(
        article.source,
        f"sentence and quote analysis stopped after {options.article_seconds:g} s (the time "
        "one article may take); the article is kept with what was found before that",
        "warning",
    )


def _embed_work(state: RunState) -> list[str]:
    """The text hashes of the distinct sentences not yet embedded, shortest first: each batch
    then holds sentences of like length and the encoder pads little (a sentence's vector does
    not depend on its batch). On 690 Multi-News articles the stage went from 244 s to 164 s and
    the run's peak memory from 3.3 GB to 1.7 GB."""
    text_of = state.texts_by_hash
    missing = state.store.missing_embeddings(state.models.encoder.name, list(text_of))
    return sorted(missing, key=lambda text_hash: (len(text_of[text_hash]), text_hash))


def _embed_step(state: RunState, hashes: Sequence[str]) -> int:
    found = _each(
        hashes,
        lambda some: list(state.models.encoder.encode([state.texts_by_hash[h] for h in some])),
        lambda text_hash, error: state.skip(
            _source_of_sentence(state, text_hash),
            "embedding one of its sentences",
            error,
            "that sentence is left out of the comparisons",
        ),
    )
    with state.store.transaction():
        state.store.save_embeddings(state.models.encoder.name, dict(found))
    return len(hashes)


def _source_of_sentence(state: RunState, text_hash: str) -> str:
    article_ids = [s.article_id for s in state.sentences if s.text_hash == text_hash]
    return _source(state, article_ids[0]) if article_ids else f"sentence {text_hash[:12]}"


def _source(state: RunState, article_id: str) -> str:
    article = state.articles_by_id.get(article_id)
    return article.source if article is not None else article_id


def _story_source(state: RunState, story: Story) -> str:
    """A story's failure is reported under its first article's input (a path a user can find)."""
    return _source(state, story.article_ids[0]) if story.article_ids else story.id


def _articles(state: RunState) -> list[Article]:
    return state.articles


def _dedup_step(state: RunState, articles: Sequence[Article]) -> int:
    state.found = find_duplicates(
        list(articles),
        state.sentences_by_article,
        state.vectors,
        state.sources,
        state.options.dedup,
    )
    return len(articles)


def _cluster_step(state: RunState, articles: Sequence[Article]) -> int:
    config = state.options.cluster
    found = article_profiles(
        list(articles),
        state.sentences_by_article,
        state.vectors,
        state.mentions_by_article,
        config,
    )
    state.profiles = {p.article_id: p for p in found}
    assignment, state.changes = _cluster(list(articles), state.profiles, state.store, config)
    state.stories = story_records(
        list(articles),
        assignment,
        state.profiles,
        config,
        state.sentences_by_article,
        state.vectors,
    )
    return len(state.stories)


def _stories(state: RunState) -> tuple[Story, ...]:
    return state.stories


def _anchor_step(state: RunState, stories: Sequence[Story]) -> int:
    """Undated articles that report an event a dated article of their story puts on a day take
    their date from it (``analysis.anchoring``). Derived afresh each run, never stored: a story
    can gain or lose the article that lent the date."""
    anchored = anchor_story_dates(
        stories, state.articles_by_id, state.sentences_by_article, state.analysis_encoder
    )
    state.replace_articles(anchored)
    return sum(1 for article in anchored.values() if article.published is not None)


def _entities_step(state: RunState, stories: Sequence[Story]) -> int:
    """Canonical entities, resolved within each story (a surname is unambiguous there)."""
    table = alias_table(state.options.aliases)
    found: list[Entity] = []
    for story in stories:
        mentions = [m for a in story.article_ids for m in state.mentions_by_article.get(a, ())]
        members = {a: state.articles_by_id[a] for a in story.article_ids}
        try:
            found.extend(resolve_entities(mentions, members, story_id=story.id, aliases=table))
        except UserError:
            raise
        except Exception as error:
            state.skip(
                _story_source(state, story),
                f"resolving the entities of story {story.id} ({len(story.article_ids)} articles)",
                error,
                "the story is briefed without entities",
            )
    state.entities = tuple(found)
    return len(found)


def _cross_source_step(state: RunState, stories: Sequence[Story]) -> int:
    for story in stories:
        story_entities = [e for e in state.entities if e.story_id == story.id]
        try:
            result = analyse_story(
                story,
                state.articles_by_id,
                state.sentences_by_article,
                story_entities,
                state.origin_of,
                state.analysis_encoder,
                state.attributions,
                state.options.analysis,
            )
        except UserError:
            raise
        except Exception as error:
            state.skip(
                _story_source(state, story),
                f"the cross-source analysis of story {story.id} "
                f"({len(story.article_ids)} articles)",
                error,
                "its articles are kept, without facts, quotes, conflicts, timeline or summary",
            )
            continue
        state.results.append(result)
        _keep_analysis_vectors(state)
    return len(stories)


def _keep_analysis_vectors(state: RunState) -> None:
    """Save what the analysis embedded, best effort: they only spare a later analysis the
    encoder, so a workspace another process holds for longer than the busy timeout (a long
    ``add``, while the server reads a story) drops them rather than fail the briefing."""
    made = state.analysis_vectors.take_pending()
    if not made:
        return
    try:
        with state.store.transaction():
            state.store.save_embeddings(state.models.encoder.name, made)
    except StoreError as error:
        log.info("the analysis's %d new vectors were not kept: %s", len(made), error)


def _one(options: RunOptions) -> int:
    return 1


def _cluster(
    articles: list[Article], profiles: dict, store: Store, config: ClusterConfig
) -> tuple[dict[str, str], list[StoryChange]]:
    """Assign the articles not yet in a story (online, canonical order) and save the new state.
    Returns the assignment of ``articles`` and the recorded changes that concern them."""
    clustering = Clustering.from_rows(store.load_stories(), config)
    new = [a for a in articles if a.id not in clustering.assignment]
    cluster_stories([profiles[a.id] for a in new if a.id in profiles], config, clustering)
    standalone = sorted(a.id for a in new if a.id not in profiles)
    for article_id in standalone:
        clustering.add_standalone(article_id)
    if new:
        with store.transaction():
            store.save_stories(
                clustering.rows(clustering.touched) + clustering.standalone_rows(standalone),
                clustering.removed,
            )
            for change in clustering.changes:
                store.record_story_change(change)
    ids = {a.id for a in articles}
    story_ids = {clustering.assignment[i] for i in ids}
    relevant = [
        c
        for c in store.story_changes()
        if set(c.into_ids) & story_ids or set(c.from_ids) & story_ids
    ]
    return {i: clustering.assignment[i] for i in ids}, relevant


#: The analysis stages, in the order they run (ingest+extract runs first, in ``pipeline.run``).
STAGES: tuple[Stage, ...] = (
    Stage("nlp", _nlp_work, _nlp_step, batch=lambda options: options.nlp_batch),
    Stage(
        "embed",
        _embed_work,
        _embed_step,
        batch=lambda options: options.embed_batch,
        show_total=False,
    ),
    Stage("dedup", _articles, _dedup_step),
    Stage("cluster", _articles, _cluster_step),
    Stage("anchor", _stories, _anchor_step),
    Stage("entities", _stories, _entities_step),
    # One story a step, so the progress bar moves with the slowest stage.
    Stage("cross-source", _stories, _cross_source_step, batch=_one),
)


def through(name: str) -> tuple[Stage, ...]:
    """The stages up to and including ``name`` (e.g. ``"cluster"`` when only stories matter)."""
    names = [stage.name for stage in STAGES]
    if name not in names:
        raise ValueError(f"no stage named {name!r}; the stages are {', '.join(names)}")
    return STAGES[: names.index(name) + 1]
