"""Extractive summaries on the Multi-News validation sample, next to baselines run on the same
sentences.

Protocol (../shared/evaldata/README.md): at most 250 whitespace words per cluster; ROUGE-1,
ROUGE-2 and ROUGE-Lsum F1 from ``rouge-score`` with the Porter stemmer, summary sentences on
separate lines for Lsum, averaged over clusters. The reference is split into sentences by the same
splitter as the articles. Each article is its own origin unless its text repeats another's.

The clusters are split once into a tuning part and a check part (``part_of``) by a hash of the
cluster's first document, the same rule as the pile eval's halves (so a cluster is on the same side
in both evals, and the split does not depend on the file's row order): summary settings are chosen
on the tuning part only, and the check part is the figure that counts. Every system is scored on
both parts and on all clusters together.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import json
import math
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from crosswire.analysis.summary import (
    SummaryConfig,
    SummaryInput,
    candidates,
    summarize,
    word_count,
)
from crosswire.errors import ExtraMissing
from crosswire.records import article_id_for
from crosswire.text.paragraphs import paragraphs
from crosswire.text.tokens import ascii_words

MAX_WORDS = 250
METRICS = ("rouge1", "rouge2", "rougeLsum")
#: The fixed parts of the sample: settings are tuned on "tune" and reported on "check".
PARTS = ("tune", "check")


class SampleMissing(FileNotFoundError):
    """The Multi-News CSV is missing or not in the expected shape."""


@dataclass(frozen=True)
class Cluster:
    """One Multi-News cluster: its articles' texts and the human reference summary."""

    index: int
    documents: tuple[str, ...]
    reference: str


def part_of(cluster: Cluster) -> str:
    """``tune`` or ``check``: the first byte of the SHA-256 of the cluster's first document, even
    or odd (the pile eval's ``half_of`` rule; a cluster with no document counts as "")."""
    first = cluster.documents[0] if cluster.documents else ""
    return PARTS[hashlib.sha256(first.encode("utf-8")).digest()[0] % 2]


@dataclass(frozen=True)
class Scores:
    """Mean ROUGE F1 (in %) of one system over the clusters."""

    system: str
    clusters: int
    rouge1: float
    rouge2: float
    rougeLsum: float


def load_clusters(path: Path, limit: int | None = None, start: int = 0) -> list[Cluster]:
    """Clusters ``start`` … ``start + limit - 1`` of a Multi-News CSV."""
    path = Path(path)
    if not path.is_file():
        raise SampleMissing(
            f"{path} not found; expected ../shared/evaldata/multinews-sample/"
            "sample_validation.csv (see ../shared/evaldata/README.md)"
        )
    csv.field_size_limit(sys.maxsize)
    clusters: list[Cluster] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if not {"documents", "summary"} <= set(reader.fieldnames or ()):
            raise SampleMissing(
                f"{path} has columns {reader.fieldnames}; expected 'documents' "
                "and 'summary' (the Multi-News CSV layout)"
            )
        for index, row in enumerate(reader):
            if index < start:
                continue
            if limit is not None and len(clusters) >= limit:
                break
            documents = ast.literal_eval(row["documents"])
            texts = tuple(d for d in documents if d.strip())
            clusters.append(Cluster(index, texts, row["summary"]))
    return clusters


def sentence_splitter(nlp) -> Callable[[str], list[str]]:
    """Split a text into sentences with spaCy's statistical splitter, paragraph by paragraph (only
    the ``senter`` pipe runs: same sentences, ~15× faster than the full pipeline)."""

    def split(text: str) -> list[str]:
        with nlp.select_pipes(enable=["senter"]):
            docs = nlp.pipe(paragraphs(text), batch_size=64)
            return [s.text.strip() for doc in docs for s in doc.sents if s.text.strip()]

    return split


def summary_inputs(cluster: Cluster, split: Callable[[str], list[str]]) -> list[SummaryInput]:
    """The cluster's articles as summarizer input; identical texts share an origin."""
    return [
        SummaryInput(
            article_id=f"{cluster.index}-{n}",
            sentences=tuple(split(text)),
            origin_id=article_id_for(text),
        )
        for n, text in enumerate(cluster.documents)
    ]


# --- baselines, run on the same summary-fit sentences as ours --------------------------------


def _tokens(text: str) -> list[str]:
    return ascii_words(text, digits=True)


def _fill(
    order: Sequence[int],
    texts: Sequence[str],
    max_words: int,
    keep: Callable[[int, list[int]], bool] = lambda i, chosen: True,
) -> list[str]:
    """Take sentences in ``order`` while they fit the budget and ``keep`` allows them."""
    chosen: list[int] = []
    used = 0
    for i in order:
        words = word_count(texts[i])
        if used + words <= max_words and keep(i, chosen):
            chosen.append(i)
            used += words
    return [texts[i] for i in chosen]


def lead_round_robin(documents: Sequence[SummaryInput], max_words: int = MAX_WORDS) -> list[str]:
    """First sentence of each article in turn, then the second of each, and so on."""
    found = candidates(documents, SummaryConfig())
    texts = [c.text for c in found]
    order = sorted(range(len(found)), key=lambda i: (found[i].position, found[i].document))
    unique = list(dict.fromkeys(texts[i] for i in order))
    return _fill(range(len(unique)), unique, max_words)


def _stationary(matrix: np.ndarray, damping: float, tolerance: float = 1e-6) -> np.ndarray:
    """PageRank by power iteration on a row-normalised weight matrix (dangling rows go uniform)."""
    count = len(matrix)
    sums = matrix.sum(axis=1, keepdims=True)
    transition = np.where(sums > 0, matrix / np.where(sums > 0, sums, 1.0), 1.0 / count)
    rank = np.full(count, 1.0 / count)
    for _ in range(200):
        updated = (1 - damping) / count + damping * rank @ transition
        if np.abs(updated - rank).sum() < tolerance:
            return updated
        rank = updated
    return rank


def _tfidf(token_lists: Sequence[list[str]]) -> np.ndarray:
    """L2-normalised TF-IDF rows, IDF over the cluster's sentences."""
    vocabulary = {w: i for i, w in enumerate(sorted({w for t in token_lists for w in t}))}
    frequency = Counter(w for t in token_lists for w in set(t))
    count = len(token_lists)
    matrix = np.zeros((count, len(vocabulary)))
    for row, tokens in enumerate(token_lists):
        for word, tf in Counter(tokens).items():
            matrix[row, vocabulary[word]] = tf * math.log(count / frequency[word])
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def lexrank(documents: Sequence[SummaryInput], max_words: int = MAX_WORDS) -> list[str]:
    """LexRank (Erkan & Radev 2004): TF-IDF cosine graph thresholded at 0.1, PageRank with
    damping 0.85, then sentences by score skipping any with cosine > 0.5 to one already taken."""
    texts = list(dict.fromkeys(c.text for c in candidates(documents, SummaryConfig())))
    if not texts:
        return []
    vectors = _tfidf([_tokens(t) for t in texts])
    similarity = vectors @ vectors.T
    graph = (similarity >= 0.1).astype(float)
    scores = _stationary(graph, damping=0.85)
    order = sorted(range(len(texts)), key=lambda i: -scores[i])
    return _fill(
        order,
        texts,
        max_words,
        keep=lambda i, chosen: not chosen or similarity[i, chosen].max() <= 0.5,
    )


def textrank(documents: Sequence[SummaryInput], max_words: int = MAX_WORDS) -> list[str]:
    """TextRank (Mihalcea & Tarau 2004): overlap / (log|a| + log|b|) graph, PageRank with damping
    0.85, then sentences by score."""
    texts = list(dict.fromkeys(c.text for c in candidates(documents, SummaryConfig())))
    if not texts:
        return []
    token_sets = [set(_tokens(t)) for t in texts]
    lengths = [max(len(_tokens(t)), 2) for t in texts]
    count = len(texts)
    graph = np.zeros((count, count))
    for a in range(count):
        for b in range(a + 1, count):
            overlap = len(token_sets[a] & token_sets[b])
            if overlap:
                graph[a, b] = graph[b, a] = overlap / (math.log(lengths[a]) + math.log(lengths[b]))
    scores = _stationary(graph, damping=0.85)
    order = sorted(range(count), key=lambda i: -scores[i])
    return _fill(order, texts, max_words)


# --- scoring ----------------------------------------------------------------------------------


def rouge_scorer():
    """The protocol's scorer: ROUGE-1/2/Lsum with the Porter stemmer."""
    try:  # deferred: rouge_score (with nltk) takes 2.5 s to import and only scoring needs it
        from rouge_score import rouge_scorer as module
    except ImportError as error:
        raise ExtraMissing("rouge-score", "ROUGE scoring") from error

    return module.RougeScorer(list(METRICS), use_stemmer=True)


def cluster_rouge(scorer, summary: Sequence[str], reference: Sequence[str]) -> dict[str, float]:
    """ROUGE F1 (in %) of one summary against one reference, both given as sentence lists."""
    result = scorer.score("\n".join(reference), "\n".join(summary))
    return {m: 100.0 * result[m].fmeasure for m in METRICS}


def mean_scores(system: str, per_cluster: Sequence[dict[str, float]]) -> Scores:
    count = len(per_cluster)
    means = {m: sum(s[m] for s in per_cluster) / count if count else 0.0 for m in METRICS}
    return Scores(system, count, means["rouge1"], means["rouge2"], means["rougeLsum"])


def ours(
    encoder, config: SummaryConfig | None = None
) -> Callable[[Sequence[SummaryInput], int], list[str]]:
    """crosswire's summarizer as a baseline-shaped function (texts only)."""

    def run(documents: Sequence[SummaryInput], max_words: int = MAX_WORDS) -> list[str]:
        return [
            s.text
            for s in summarize(documents, encoder=encoder, max_words=max_words, config=config)
        ]

    return run


def evaluate(
    path: Path,
    *,
    encoder,
    nlp,
    limit: int | None = None,
    start: int = 0,
    predictions_path: Path | None = None,
    baselines: bool = True,
    config: SummaryConfig | None = None,
    progress: Callable[[], None] = lambda: None,
) -> dict[str, list[Scores]]:
    """Score crosswire (and, unless ``baselines`` is false, lead round-robin, LexRank and TextRank)
    on the clusters; optionally write our summaries as JSONL ``{index, part, summary}``. The
    scores come per part: "tune", "check" (see ``part_of``) and "all", each a list in system
    order (crosswire first); a part with no cluster in range is left out."""
    clusters = load_clusters(path, limit=limit, start=start)
    split = sentence_splitter(nlp)
    systems: dict[str, Callable] = {"crosswire": ours(encoder, config)}
    if baselines:
        systems.update(
            {"lead round-robin": lead_round_robin, "LexRank": lexrank, "TextRank": textrank}
        )
    scorer = rouge_scorer()
    per_part: dict[str, dict[str, list[dict[str, float]]]] = {
        part: {name: [] for name in systems} for part in (*PARTS, "all")
    }
    lines = []
    for cluster in clusters:
        part = part_of(cluster)
        documents = summary_inputs(cluster, split)
        reference = split(cluster.reference)
        for name, system in systems.items():
            summary = system(documents, MAX_WORDS)
            assert sum(word_count(s) for s in summary) <= MAX_WORDS, f"{name} over budget"
            scores = cluster_rouge(scorer, summary, reference)
            per_part[part][name].append(scores)
            per_part["all"][name].append(scores)
            if name == "crosswire":
                record = {"index": cluster.index, "part": part, "summary": "\n".join(summary)}
                lines.append(json.dumps(record, ensure_ascii=False))
        progress()
    if predictions_path is not None:
        Path(predictions_path).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return {
        part: [mean_scores(name, scores) for name, scores in systems_scores.items()]
        for part, systems_scores in per_part.items()
        if systems_scores["crosswire"]
    }
