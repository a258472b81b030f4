"""The stance model: boosted regression trees exported to plain arrays and evaluated with numpy,
so no training library is needed at run time. ``bench/stance_train.py`` trains it
(``crosswire.evaluation.fnc.fit_model``) and writes ``data/stance_model.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from crosswire.analysis.polarity import FAMILIES

#: The stances a report can take towards a claim, in the order the model scores them.
LABELS: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")

#: The model's inputs, in order (computed by ``crosswire.analysis.stance.stance_features``).
FEATURE_NAMES: tuple[str, ...] = (
    "cos_max",
    "cos_top3",
    "cos_doc",
    "cos_first",
    "cos_lead",
    "terms_cover",
    "terms_cover_lead",
    "terms_cover_best",
    "bigram_cover",
    "names_cover",
    "claim_has_number",
    "numbers_cover",
    "match_max",
    "claim_question",
    "claim_quote",
    "negated_claim_terms",
    *(f"claim_{f}" for f in FAMILIES),
    *(f"body_rate_{f}" for f in FAMILIES),
    *(f"near_{f}" for f in FAMILIES),
    *(f"lead_{f}" for f in FAMILIES),
    *(f"closest_{f}" for f in FAMILIES),
    *(f"weighted_{f}" for f in FAMILIES),
    *(f"best_{f}" for f in FAMILIES),
    *(f"first_{f}" for f in FAMILIES),
    "body_question_rate",
    "near_question",
    "near_quote",
    "top_hedged",
    *(
        f"frame_{frame}_{m}"
        for frame in ("deny", "hedge", "assert")
        for m in ("max", "top3", "best")
    ),
)

MODEL_PATH = Path(__file__).parent.parent / "data" / "stance_model.json"


@dataclass(frozen=True)
class Tree:
    """One regression tree in flat arrays; a leaf has ``feature == -1`` and its value in
    ``value``."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray

    def predict(self, features: np.ndarray) -> np.ndarray:
        """Leaf value for each row (a row goes left when its feature is <= the threshold)."""
        node = np.zeros(len(features), dtype=np.int64)
        rows = np.arange(len(features))
        for _ in range(len(self.feature)):
            split = self.feature[node]
            inner = split >= 0
            if not inner.any():
                break
            goes_left = features[rows, np.where(inner, split, 0)] <= self.threshold[node]
            node = np.where(inner, np.where(goes_left, self.left[node], self.right[node]), node)
        return self.value[node]


@dataclass(frozen=True)
class TreeEnsemble:
    """Boosted trees for one yes/no question; the probability of yes is the sigmoid of the sum."""

    baseline: float
    trees: tuple[Tree, ...]

    def probability(self, features: np.ndarray) -> np.ndarray:
        """Every tree walked at once, level by level (the cross-source stage scores one report
        at a time, and a walk per tree was most of its Python time); the leaves are added in
        tree order, as ``Tree.predict`` one tree after another would add them, so the sums are
        the same to the bit."""
        features = np.asarray(features, dtype=np.float64)
        feature, threshold, left, right, value = self._stacked
        trees = np.arange(len(self.trees))
        rows = np.arange(len(features))[:, None]
        node = np.zeros((len(features), len(trees)), dtype=np.int64)
        for _ in range(feature.shape[1]):
            split = feature[trees, node]
            inner = split >= 0
            if not inner.any():
                break
            goes_left = features[rows, np.where(inner, split, 0)] <= threshold[trees, node]
            node = np.where(inner, np.where(goes_left, left[trees, node], right[trees, node]), node)
        raw = np.full(len(features), self.baseline)
        for leaf in value[trees, node].T:
            raw += leaf
        return 1.0 / (1.0 + np.exp(-raw))

    @cached_property
    def _stacked(self) -> tuple[np.ndarray, ...]:
        """The trees' arrays side by side (trees × nodes), short trees padded with leaves."""
        width = max((len(t.feature) for t in self.trees), default=1)

        def stack(name: str, fill: float, dtype: type) -> np.ndarray:
            out: np.ndarray = np.full((len(self.trees), width), fill, dtype=dtype)
            for row, tree in enumerate(self.trees):
                column = getattr(tree, name)
                out[row, : len(column)] = column
            return out

        return (
            stack("feature", -1, np.int64),
            stack("threshold", 0.0, np.float64),
            stack("left", 0, np.int64),
            stack("right", 0, np.int64),
            stack("value", 0.0, np.float64),
        )

    def to_dict(self) -> dict:
        return {
            "baseline": self.baseline,
            "trees": [
                {
                    "feature": t.feature.tolist(),
                    "threshold": t.threshold.tolist(),
                    "left": t.left.tolist(),
                    "right": t.right.tolist(),
                    "value": t.value.tolist(),
                }
                for t in self.trees
            ],
        }

    @classmethod
    def from_dict(cls, data: dict) -> TreeEnsemble:
        return cls(
            float(data["baseline"]),
            tuple(
                Tree(
                    np.array(t["feature"], dtype=np.int64),
                    np.array(t["threshold"], dtype=np.float64),
                    np.array(t["left"], dtype=np.int64),
                    np.array(t["right"], dtype=np.int64),
                    np.array(t["value"], dtype=np.float64),
                )
                for t in data["trees"]
            ),
        )


#: The three questions the model answers in turn, each a ``TreeEnsemble``.
STAGES: tuple[str, ...] = ("related", "disagree", "agree")


@dataclass(frozen=True)
class StanceModel:
    """Three boosted-tree stages over ``FEATURE_NAMES``: is the report related to the claim; if
    so, does it disagree; if not, does it agree (rather than discuss).

    Each stage is trained with monotonic constraints (a denial cue can only raise "disagree", a
    hedge only lower "agree"), so its decisions can be explained by the cues it shows.
    ``prior_power`` divides the probabilities by class frequency to that power before the argmax,
    so rare stances (disagree, agree) are not drowned by the frequent ones.
    """

    related: TreeEnsemble
    disagree: TreeEnsemble
    agree: TreeEnsemble
    prior: np.ndarray
    prior_power: float
    training: dict
    labels: tuple[str, ...] = LABELS

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Class probabilities (rows × ``labels``)."""
        features = np.atleast_2d(np.asarray(features, dtype=np.float64))
        related = self.related.probability(features)
        disagree = self.disagree.probability(features)
        agree = self.agree.probability(features)
        return np.stack(
            [
                related * (1 - disagree) * agree,
                related * disagree,
                related * (1 - disagree) * (1 - agree),
                1 - related,
            ],
            axis=1,
        )

    def decide(self, probabilities: np.ndarray) -> list[str]:
        """The label of each row after the class-prior correction."""
        adjusted = np.atleast_2d(probabilities) / self.prior**self.prior_power
        return [self.labels[i] for i in adjusted.argmax(axis=1)]

    def to_dict(self) -> dict:
        return {
            "format": "crosswire-stance-gbdt/2",
            "labels": list(self.labels),
            "features": list(FEATURE_NAMES),
            "prior": self.prior.tolist(),
            "prior_power": self.prior_power,
            "training": self.training,
            **{stage: getattr(self, stage).to_dict() for stage in STAGES},
        }

    @classmethod
    def from_dict(cls, data: dict) -> StanceModel:
        if data.get("format") != "crosswire-stance-gbdt/2":
            raise ValueError(
                f"not a crosswire stance model (format {data.get('format')!r}); "
                "retrain it with bench/stance_train.py"
            )
        if tuple(data["features"]) != FEATURE_NAMES or tuple(data["labels"]) != LABELS:
            raise ValueError(
                "the stance model was trained on other features than this version "
                "computes; retrain it with bench/stance_train.py"
            )
        related, disagree, agree = (TreeEnsemble.from_dict(data[stage]) for stage in STAGES)
        return cls(
            related,
            disagree,
            agree,
            np.array(data["prior"]),
            float(data["prior_power"]),
            data.get("training", {}),
        )


def load_model(path: Path | str | None = None) -> StanceModel:
    """The stance model from ``path``, by default the one shipped with crosswire."""
    path = Path(path) if path is not None else MODEL_PATH
    if not path.exists():
        raise FileNotFoundError(
            f"stance model {path} not found; train it with .venv/bin/python bench/stance_train.py"
        )
    return StanceModel.from_dict(json.loads(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def default_model() -> StanceModel:
    """The shipped model, read once per process (it is immutable)."""
    return load_model()
