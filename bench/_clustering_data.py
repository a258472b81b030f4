"""Data and comparisons for the clustering benchmark: the Multi-News validation sample analysed
once by the real pipeline into a cached workspace, the real article profiles read back from it
with their gold stories, and synthetic stories grown from those profiles to reach workspace sizes
the sample cannot, with the probe articles held out of them and the clustering state they make;
and the measures that compare two clusterings of the same articles.

The workspace lives under /tmp (``WORKSPACE``) and is reused by later runs: the pipeline skips
inputs it has already extracted, analysed and embedded, so only the first run pays for spaCy and
the encoder.
"""

from __future__ import annotations

import ast
import csv
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from crosswire.records import Article, stable_id
from crosswire.stories.clustering import Clustering, StoryState
from crosswire.stories.profiles import (
    ArticleProfile,
    ClusterConfig,
    article_profiles,
    canonical_order,
)

WORKSPACE = Path("/tmp/crosswire-clbench")
SAMPLE = "multinews-sample/sample_validation.csv"


@dataclass(frozen=True)
class RealCorpus:
    """The comparable Multi-News articles: their profiles, gold story (cluster index) per article
    id, and what was left out and why."""

    profiles: tuple[ArticleProfile, ...]
    gold: dict[str, int]
    documents: int
    ambiguous: int
    without_profile: int


def load_clusters(path: Path) -> list[list[str]]:
    """The documents of each Multi-News cluster (the ``documents`` column is a Python list
    literal)."""
    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            [d for d in ast.literal_eval(row["documents"]) if d.strip()]
            for row in csv.DictReader(handle)
        ]


def write_jsonl(clusters: list[list[str]], path: Path) -> dict[int, int]:
    """One ``{"text": ...}`` record per document; returns line number → cluster index."""
    line_cluster: dict[int, int] = {}
    with open(path, "w", encoding="utf-8") as handle:
        for cluster_index, documents in enumerate(clusters):
            for document in documents:
                handle.write(json.dumps({"text": document}) + "\n")
                line_cluster[len(line_cluster) + 1] = cluster_index
    return line_cluster


def ensure_workspace(
    clusters: list[list[str]], folder: Path = WORKSPACE
) -> tuple[Path, dict[int, int]]:
    """The analysed workspace of the sample (built by the real pipeline if missing or
    incomplete; a complete one is reused untouched). Returns its path and line → cluster."""
    from crosswire import api
    from crosswire.store import open_store

    folder.mkdir(parents=True, exist_ok=True)
    jsonl, db = folder / "multinews.jsonl", folder / "multinews.db"
    line_cluster = write_jsonl(clusters, jsonl)
    if db.exists():
        store = open_store(str(db))
        try:
            recorded = store.counts()["inputs"]
        finally:
            store.close()
        if recorded == len(line_cluster):
            return db, line_cluster
    print(
        f"analysing {len(line_cluster)} Multi-News articles into {db} (once; later runs reuse it)",
        flush=True,
    )
    api.run([str(jsonl)], db=str(db))
    return db, line_cluster


def real_corpus(
    db: Path, line_cluster: dict[int, int], config: ClusterConfig = ClusterConfig()
) -> RealCorpus:
    """Profiles built exactly as the pipeline builds them, from the store's sentences,
    embeddings and mentions. A text that occurs in two clusters is one article with no single
    gold story: it is left out, as are articles with no embedded sentence."""
    from crosswire.nlp.encoder import OnnxMiniLM
    from crosswire.store import open_store

    store = open_store(str(db))
    try:
        clusters_of: dict[str, set[int]] = defaultdict(set)
        for source, article_id in store.db.execute(
            "SELECT source, article_id FROM inputs WHERE article_id IS NOT NULL"
        ):
            clusters_of[article_id].add(line_cluster[int(source.rsplit(":", 1)[1])])
        ids = sorted(clusters_of)
        articles = store.articles(ids)
        sentences: dict[str, list] = defaultdict(list)
        for sentence in store.sentences(ids):
            sentences[sentence.article_id].append(sentence)
        vectors = store.embeddings(
            OnnxMiniLM.name, [s.text_hash for g in sentences.values() for s in g]
        )
        mentions: dict[str, list] = defaultdict(list)
        for mention in store.mentions(ids):
            mentions[mention.article_id].append(mention)
    finally:
        store.close()
    profiles = article_profiles(articles, sentences, vectors, mentions, config)
    ambiguous = {a for a, found in clusters_of.items() if len(found) > 1}
    kept = tuple(p for p in profiles if p.article_id not in ambiguous)
    gold = {p.article_id: next(iter(clusters_of[p.article_id])) for p in kept}
    return RealCorpus(kept, gold, len(ids), len(ambiguous), len(ids) - len(ambiguous) - len(kept))


def perturbed_copy(
    profile: ArticleProfile, copy: int, rng: np.random.Generator, noise: float
) -> ArticleProfile:
    """A synthetic article derived from a real one: id and every entity suffixed with ``#copy``
    (copy number k shares no entity with the real articles or other copy numbers; within copy k,
    articles share entities as their sources do), vector plus Gaussian noise of standard
    deviation ``noise`` per dimension, then re-normalised; date and title kept."""
    vector = profile.vector + rng.normal(0.0, noise, profile.vector.shape).astype(np.float32)
    vector /= max(float(np.linalg.norm(vector)), 1e-12)
    return ArticleProfile(
        f"{profile.article_id}#{copy}",
        vector.astype(np.float32),
        frozenset(f"{e} #{copy}" for e in profile.entities),
        profile.published,
        profile.title,
    )


def grow_stories(
    stories: list[list[ArticleProfile]], size: int, seed: int, noise: float
) -> list[list[ArticleProfile]]:
    """Stories holding ``size`` articles in all: the given real stories first, then whole
    perturbed copies of them (copy 1 of every story, then copy 2, …; the same story keeps one
    noise draw per article so a copy's articles stay as close to each other as the original's),
    the last copy cut to hit ``size`` exactly."""
    rng = np.random.default_rng(seed)
    grown = [list(s) for s in stories]
    total = sum(len(s) for s in grown)
    copy = 0
    while total < size:
        copy += 1
        for story in stories:
            if total >= size:
                break
            members = [perturbed_copy(p, copy, rng, noise) for p in story[: size - total]]
            grown.append(members)
            total += len(members)
    return grown


def story_states(stories: list[list[ArticleProfile]]) -> list[StoryState]:
    """The clustering state of a workspace whose stories are exactly these groups (founded in
    list order), as ``Clustering.add`` would have left it had each story been found intact."""
    states = []
    for seq, members in enumerate(stories):
        state = StoryState(
            stable_id("s", members[0].article_id), seq, np.zeros_like(members[0].vector)
        )
        for profile in members:
            state.add(profile)
        states.append(state)
    return states


def pick_probes(corpus: RealCorpus, count: int, seed: int) -> list[ArticleProfile]:
    """The last article (canonical order) of ``count`` clusters that have another comparable
    article, so each probe has a real story to join; clusters chosen by a seeded draw."""
    by_cluster: dict[int, list[ArticleProfile]] = defaultdict(list)
    for profile in canonical_order(corpus.profiles):
        by_cluster[corpus.gold[profile.article_id]].append(profile)
    eligible = sorted(c for c, members in by_cluster.items() if len(members) >= 2)
    chosen = np.random.default_rng(seed).permutation(eligible)[:count]
    return [by_cluster[int(c)][-1] for c in chosen]


def base_stories(corpus: RealCorpus, held_out: set[str]) -> list[list[ArticleProfile]]:
    """The real gold stories (cluster order, members in canonical order) without the probes."""
    by_cluster: dict[int, list[ArticleProfile]] = defaultdict(list)
    for profile in canonical_order(corpus.profiles):
        if profile.article_id not in held_out:
            by_cluster[corpus.gold[profile.article_id]].append(profile)
    return [by_cluster[c] for c in sorted(by_cluster)]


def clustering_of(stories: list[list[ArticleProfile]], config: ClusterConfig) -> Clustering:
    """A Clustering holding exactly these stories."""
    clustering = Clustering(config)
    for state in story_states(stories):
        clustering.stories[state.id] = state
        for member in state.members:
            clustering.assignment[member] = state.id
    clustering.next_seq = len(stories)
    return clustering


def placeholder(article_id: str) -> Article:
    """A minimal article row: story_members references articles(id)."""
    return Article(id=article_id, source="synthetic", title=article_id, text="", original_text="")


# -- comparing clusterings ---------------------------------------------------------------


def rand_agreement(first: dict[str, str], second: dict[str, str]) -> tuple[float, float]:
    """Over all article pairs: the share both clusterings treat alike (Rand index), and among
    pairs put together by either, the share put together by both (co-clustered Jaccard)."""
    items = sorted(first)
    together = []
    for assignment in (first, second):
        labels = np.unique([assignment[i] for i in items], return_inverse=True)[1]
        together.append((labels[:, None] == labels[None, :])[np.triu_indices(len(items), 1)])
    x, y = together
    either = int((x | y).sum())
    return float((x == y).mean()), float((x & y).sum() / either) if either else 1.0


def same_story_share(first: dict[str, str], second: dict[str, str]) -> float:
    """The share of articles whose story has exactly the same members in both clusterings."""

    def groups(assignment):
        members: dict[str, set[str]] = defaultdict(set)
        for article, story in assignment.items():
            members[story].add(article)
        return {article: frozenset(members[story]) for article, story in assignment.items()}

    a, b = groups(first), groups(second)
    return sum(a[i] == b[i] for i in a) / len(a)


def in_arrival_order(profiles, config: ClusterConfig) -> Clustering:
    """Each article added as it comes, no canonical sorting (what a live feed does)."""
    clustering = Clustering(config)
    for profile in profiles:
        clustering.add(profile)
    return clustering


def agglomerative(profiles, thresholds) -> dict[float, dict[str, str]]:
    """scipy average-linkage on the article vectors (cosine distance), cut at each threshold."""
    from scipy.cluster.hierarchy import fcluster, linkage

    vectors = np.vstack([p.vector for p in profiles]).astype(np.float64)
    tree = linkage(vectors, method="average", metric="cosine")
    return {
        t: {
            p.article_id: str(label)
            for p, label in zip(profiles, fcluster(tree, t=t, criterion="distance"))
        }
        for t in thresholds
    }
