"""Stance on FNC-1: each (headline, article body) pair is labelled agree, disagree, discuss or
unrelated; scored by per-class F1, macro-F1 over the four classes, the FNC-1 weighted score as a
fraction of its maximum, and the confusion matrix.

FNC-1 weighted score: 0.25 for telling related (agree/disagree/discuss) from unrelated, plus
0.75 for the exact label of a related pair; the maximum is what the gold labels would earn.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from crosswire.analysis.stance import (
    ReportAnalysis,
    analyse_report,
    claim_texts,
    stance_features,
)
from crosswire.analysis.stance_model import (
    FEATURE_NAMES,
    LABELS,
    StanceModel,
    Tree,
    TreeEnsemble,
    load_model,
)
from crosswire.errors import ExtraMissing
from crosswire.nlp import models
from crosswire.nlp.vectors import CachedEncoder, VectorFile
from crosswire.text.paragraphs import paragraphs

STANCES_FILE = "competition_test_stances.csv"
BODIES_FILE = "competition_test_bodies.csv"


class DatasetMissing(FileNotFoundError):
    """The FNC-1 folder is missing or incomplete."""


@dataclass(frozen=True)
class StancePair:
    """One gold pair: a headline (the claim), the body it is paired with, the gold stance."""

    headline: str
    body_id: str
    stance: str


@dataclass(frozen=True)
class FncData:
    """Gold pairs and the bodies they point to (body id → text)."""

    pairs: tuple[StancePair, ...]
    bodies: dict[str, str]


@dataclass(frozen=True)
class FncScore:
    """Scores of one set of predictions against gold pairs."""

    pairs: int
    f1: tuple[tuple[str, float], ...]
    macro_f1: float
    fnc_fraction: float
    accuracy: float
    confusion: tuple[tuple[int, ...], ...]  # rows gold, columns predicted, in LABELS order

    def to_dict(self) -> dict:
        return {
            "pairs": self.pairs,
            "f1": dict(self.f1),
            "macro_f1": self.macro_f1,
            "fnc_fraction": self.fnc_fraction,
            "accuracy": self.accuracy,
            "confusion": [list(row) for row in self.confusion],
            "labels": list(LABELS),
        }


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_fnc(directory: Path) -> FncData:
    """Read the stances and bodies CSVs of an FNC-1 folder."""
    directory = Path(directory)
    stances, bodies = directory / STANCES_FILE, directory / BODIES_FILE
    if not stances.exists() or not bodies.exists():
        raise DatasetMissing(
            f"{directory} is not an FNC-1 folder (expected {STANCES_FILE} and "
            f"{BODIES_FILE}); see ../shared/evaldata/README.md"
        )
    body_text = {row["Body ID"]: row["articleBody"] for row in _read_csv(bodies)}
    pairs = []
    for line, row in enumerate(_read_csv(stances), start=2):
        if row["Body ID"] not in body_text:
            raise DatasetMissing(
                f"{stances}:{line}: body id {row['Body ID']!r} is not in {BODIES_FILE}"
            )
        pairs.append(StancePair(row["Headline"], row["Body ID"], row["Stance"].strip().lower()))
    return FncData(tuple(pairs), body_text)


def score(gold: Sequence[str], predicted: Sequence[str]) -> FncScore:
    """Per-class F1, macro-F1, FNC-1 weighted score (fraction of max) and confusion matrix."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    index = {label: i for i, label in enumerate(LABELS)}
    confusion = np.zeros((len(LABELS), len(LABELS)), dtype=np.int64)
    earned = best = 0.0
    for g, p in zip(gold, predicted):
        confusion[index[g], index[p]] += 1
        g_related, p_related = g != "unrelated", p != "unrelated"
        best += 1.0 if g_related else 0.25
        earned += 0.25 * (g_related == p_related) + 0.75 * (g_related and g == p)
    f1 = []
    for i, label in enumerate(LABELS):
        tp = confusion[i, i]
        denominator = confusion[i, :].sum() + confusion[:, i].sum()
        f1.append((label, float(2 * tp / denominator) if denominator else 0.0))
    total = int(confusion.sum())
    return FncScore(
        total,
        tuple(f1),
        float(np.mean([v for _, v in f1])),
        earned / best if best else 0.0,
        float(np.trace(confusion) / total) if total else 0.0,
        tuple(tuple(int(v) for v in row) for row in confusion),
    )


def split_sentences(texts: Iterable[str], nlp) -> list[list[str]]:
    """Sentences of each text, paragraph by paragraph, with spaCy's sentence splitter only."""
    texts = list(texts)
    pieces: list[str] = []
    owner: list[int] = []
    for number, text in enumerate(texts):
        for paragraph in paragraphs(text):
            pieces.append(paragraph)
            owner.append(number)
    result: list[list[str]] = [[] for _ in texts]
    with nlp.select_pipes(enable=["senter"]):
        for number, doc in zip(owner, nlp.pipe(pieces, batch_size=128)):
            result[number].extend(s.text.strip() for s in doc.sents if s.text.strip())
    return result


def embed_cached(texts: Sequence[str], encoder, cache_dir: Path | None) -> dict[str, np.ndarray]:
    """Vectors of the distinct ``texts``; with ``cache_dir``, reused across runs."""
    if cache_dir is None:
        return CachedEncoder(encoder).vectors(texts)
    cache = VectorFile(Path(cache_dir) / "vectors.sqlite", encoder.name)
    try:
        return CachedEncoder(encoder, cache).vectors(texts)
    finally:
        cache.close()


def analyse_bodies(
    data: FncData, body_ids: Iterable[str], encoder, nlp, cache_dir: Path | None = None
) -> dict[str, ReportAnalysis]:
    """Split, embed and analyse each named body once."""
    body_ids = sorted(set(body_ids))
    sentences = split_sentences((data.bodies[b] for b in body_ids), nlp)
    vectors = embed_cached([s for ss in sentences for s in ss], encoder, cache_dir)
    dimension = encoder.dimension
    return {
        b: analyse_report(
            ss, np.array([vectors[s] for s in ss], dtype=np.float32).reshape(len(ss), dimension)
        )
        for b, ss in zip(body_ids, sentences)
    }


#: Gradient boosting settings per stage, chosen by 5-fold CV on this set grouped by headline and
#: by topic (shallow trees and large leaves generalise better to unseen topics than the defaults).
TRAINING_RECIPE = {
    "max_iter": 100,
    "learning_rate": 0.1,
    "max_leaf_nodes": 8,
    "min_samples_leaf": 50,
    "early_stopping": False,
    "random_state": 0,
}
#: Class-prior correction (see ``StanceModel``), swept 0 → 1 by 0.25 on out-of-fold FNC-1
#: probabilities: 0.5 gives macro-F1 / FNC 0.7547 / 0.8790 grouped by headline and 0.6246 /
#: 0.8241 grouped by topic (0: 0.7500 / 0.8796 and 0.5986 / 0.8290); 0.25 is best by headline,
#: 0.75 by topic, 0.5 sits between (bench/results/stance.md).
PRIOR_POWER = 0.5
FOLDS = 5
_RELATEDNESS = ("cos_", "terms_cover", "bigram_cover", "names_cover", "numbers_cover", "match_max")


def monotonic_constraints(stage: str) -> list[int]:
    """Per feature: +1 may only raise the stage's "yes", -1 only lower it, 0 free.

    related: similarity and overlap; disagree: denial and falsity cues in the report (sooner is
    stronger), negated claim words, closeness to the claim recast as false; agree: assertion
    cues and closeness to the confirmed claim up, hedges and closeness to the hedged claim
    down. Cues in the claim itself stay free: "X is a hoax" agrees with a report calling X a
    hoax.
    """
    signs = []
    for name in FEATURE_NAMES:
        kind, _, family = name.rpartition("_")
        sign = 0
        if stage == "related" and name.startswith(_RELATEDNESS):
            sign = 1
        elif stage == "disagree" and kind != "claim" and family in ("denial", "falsity"):
            sign = -1 if kind == "first" else 1
        elif stage == "disagree" and name == "negated_claim_terms":
            sign = 1
        elif stage == "agree" and kind != "claim" and family in ("hedge", "assertion"):
            sign = (1 if family == "assertion" else -1) * (-1 if kind == "first" else 1)
        elif stage == "agree" and name == "top_hedged":
            sign = -1
        elif name.startswith("frame_"):
            frame = name.split("_")[1]
            sign = {("disagree", "deny"): 1, ("agree", "hedge"): -1, ("agree", "assert"): 1}.get(
                (stage, frame), 0
            )
        signs.append(sign)
    return signs


def claim_key(headline: str) -> str:
    """A short hash of a headline, stored with the model to tell in-sample pairs."""
    return hashlib.blake2b(headline.encode(), digest_size=6).hexdigest()


def featurise(
    data: FncData, pairs: Sequence[StancePair], encoder, nlp, cache_dir: Path | None = None
) -> np.ndarray:
    """The stance feature matrix of ``pairs`` (bodies split, embedded and analysed once)."""
    reports = analyse_bodies(data, (p.body_id for p in pairs), encoder, nlp, cache_dir)
    headlines = list(dict.fromkeys(p.headline for p in pairs))
    vectors = embed_cached([t for h in headlines for t in claim_texts(h)], encoder, cache_dir)
    claims = {h: np.stack([vectors[t] for t in claim_texts(h)]) for h in headlines}
    rows = [stance_features(p.headline, claims[p.headline], reports[p.body_id]) for p in pairs]
    return np.vstack(rows) if rows else np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32)


def _fit_stage(stage: str, features: np.ndarray, yes: np.ndarray) -> TreeEnsemble:
    """Train one yes/no stage of the stance model."""
    if yes.all() or not yes.any():
        raise ValueError(f"stage {stage!r} needs both yes and no examples in the training pairs")
    return fit_trees(features, yes, monotonic_constraints(stage), TRAINING_RECIPE)


def fit_trees(
    features: np.ndarray,
    yes: np.ndarray,
    constraints: Sequence[int],
    recipe: dict,
    purpose: str = "training the stance model",
) -> TreeEnsemble:
    """Train boosted trees for one yes/no question (scikit-learn, with monotonic
    ``constraints`` per feature) and export them as a ``TreeEnsemble``; checked against
    scikit-learn's own probabilities."""
    try:  # deferred: scikit-learn takes 2 s to import and only training needs it
        from sklearn.ensemble import HistGradientBoostingClassifier
    except ImportError as error:
        raise ExtraMissing("scikit-learn", purpose) from error

    # deferred with scikit-learn, which it comes with
    from threadpoolctl import threadpool_limits

    # One thread: on a few thousand rows extra threads cost more than they save (3× slower
    # on a busy 2-core machine), and a fixed count keeps the fit bit-for-bit repeatable.
    with threadpool_limits(limits=1):
        classifier = HistGradientBoostingClassifier(monotonic_cst=list(constraints), **recipe).fit(
            features, yes
        )
    trees = []
    for boosting_round in classifier._predictors:  # scikit-learn keeps fitted trees here
        nodes = boosting_round[0].nodes
        trees.append(
            Tree(
                np.where(nodes["is_leaf"] == 1, -1, nodes["feature_idx"]).astype(np.int64),
                nodes["num_threshold"].astype(np.float64),
                nodes["left"].astype(np.int64),
                nodes["right"].astype(np.int64),
                nodes["value"].astype(np.float64),
            )
        )
    ensemble = TreeEnsemble(float(classifier._baseline_prediction.ravel()[0]), tuple(trees))
    check = features[: min(len(features), 200)]
    if not np.allclose(
        ensemble.probability(check), classifier.predict_proba(check)[:, 1], atol=1e-6
    ):
        raise RuntimeError("exported trees disagree with scikit-learn; its tree layout changed")
    return ensemble


def fit_model(
    features: np.ndarray, labels: Sequence[str], training: dict | None = None
) -> StanceModel:
    """Train the three stages: related on all pairs, disagree on related pairs, agree on related
    pairs that do not disagree."""
    gold = np.asarray(labels)
    related = gold != "unrelated"
    rest = related & (gold != "disagree")
    prior = np.array([(gold == label).mean() for label in LABELS])
    return StanceModel(
        _fit_stage("related", features, related),
        _fit_stage("disagree", features[related], gold[related] == "disagree"),
        _fit_stage("agree", features[rest], gold[rest] == "agree"),
        prior,
        PRIOR_POWER,
        training or {},
    )


def topic_groups(pairs: Sequence[StancePair]) -> list[str]:
    """Each pair's topic: headlines and bodies joined by related gold pairs (connected parts)."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for pair in pairs:
        head, body = root("h:" + pair.headline), root("b:" + pair.body_id)
        if pair.stance != "unrelated" and head != body:
            parent[head] = body
    return [root("h:" + pair.headline) for pair in pairs]


def cross_validate(
    features: np.ndarray, labels: Sequence[str], groups: Sequence[str], folds: int = FOLDS
) -> np.ndarray:
    """Out-of-fold class probabilities: no group (headline or topic) is on both sides."""
    try:  # deferred: scikit-learn takes 2 s to import and only training needs it
        from sklearn.model_selection import GroupKFold
    except ImportError as error:
        raise ExtraMissing("scikit-learn", "cross-validating the stance model") from error

    gold = np.asarray(labels)
    probabilities = np.zeros((len(gold), len(LABELS)))
    for train, test in GroupKFold(folds).split(features, gold, np.asarray(groups)):
        model = fit_model(features[train], gold[train])
        probabilities[test] = model.probabilities(features[test])
    return probabilities


def decide(
    probabilities: np.ndarray, labels: Sequence[str], power: float = PRIOR_POWER
) -> list[str]:
    """Labels from probabilities with the class-prior correction (prior from ``labels``)."""
    prior = np.array([np.mean(np.asarray(labels) == label) for label in LABELS])
    return [LABELS[i] for i in (probabilities / prior**power).argmax(axis=1)]


def body_subset(pairs: Sequence[StancePair], percent: int) -> list[StancePair]:
    """The pairs whose body id hashes into the first ``percent`` of 100 buckets (deterministic)."""

    def bucket(body_id: str) -> int:
        return int(hashlib.blake2b(body_id.encode(), digest_size=4).hexdigest(), 16) % 100

    return [p for p in pairs if bucket(p.body_id) < percent]


@dataclass(frozen=True)
class FncRun:
    """A scored run of the shipped model, and how much of it the model was trained on."""

    score: FncScore
    in_sample_fraction: float
    training: dict


def evaluate(
    directory: Path,
    predictions_path: Path | None = None,
    limit: int | None = None,
    encoder=None,
    nlp=None,
    cache_dir: Path | None = None,
    model: StanceModel | None = None,
) -> FncRun:
    """Score the stance model on an FNC-1 folder (first ``limit`` pairs if given)."""
    data = load_fnc(directory)
    pairs = list(data.pairs[:limit] if limit else data.pairs)
    model = model or load_model()
    features = featurise(
        data, pairs, encoder or models.default_encoder(), nlp or models.spacy_pipeline(), cache_dir
    )
    predicted = model.decide(model.probabilities(features)) if pairs else []
    if predictions_path is not None:
        with Path(predictions_path).open("w", encoding="utf-8") as handle:
            for pair, label in zip(pairs, predicted):
                handle.write(
                    json.dumps(
                        {"headline": pair.headline, "body_id": pair.body_id, "stance": label},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
    trained_on = set(model.training.get("claim_keys", []))
    inside = sum(1 for p in pairs if claim_key(p.headline) in trained_on)
    return FncRun(
        score([p.stance for p in pairs], predicted),
        inside / len(pairs) if pairs else 0.0,
        {k: v for k, v in model.training.items() if k != "claim_keys"},
    )


#: Percent of bodies (by hash) in the CI gate's subset: about a quarter of the pairs, so the
#: gate embeds ~4k sentences and runs in about a minute on 2 cores.
GATE_PERCENT = 30


def gate_scores(
    directory: Path,
    encoder=None,
    nlp=None,
    model: StanceModel | None = None,
    percent: int = GATE_PERCENT,
) -> dict[str, FncScore]:
    """The figures the quality gate pins, on the deterministic body subset (features computed
    afresh, no cache): CV grouped by headline, CV grouped by topic, and the shipped model
    (in-sample, a check that features still match the ones it was trained on)."""
    data = load_fnc(directory)
    pairs = body_subset(data.pairs, percent)
    features = featurise(
        data, pairs, encoder or models.default_encoder(), nlp or models.spacy_pipeline()
    )
    labels = [p.stance for p in pairs]
    model = model or load_model()
    results = {}
    for name, groups in (
        ("cv_headline", [p.headline for p in pairs]),
        ("cv_topic", topic_groups(pairs)),
    ):
        results[name] = score(labels, decide(cross_validate(features, labels, groups), labels))
    results["shipped_in_sample"] = score(labels, model.decide(model.probabilities(features)))
    return results
