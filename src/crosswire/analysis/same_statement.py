"""Same statement: whether two sentences from different reports state the same thing, not just
something similar.

MiniLM cosine alone cannot tell "X bought Y in 1995 for $693 million" from "X sold Y in 1998 for
$1.8 billion": both are about the same deal. The model here adds what a reader checks: do the
words, names, numbers, dates and negations of one sentence reappear in the other. It is a set of
boosted trees (``stance_model.TreeEnsemble``, evaluated with numpy) trained on the MRPC train
pairs by ``crosswire.evaluation.mrpc`` (``bench/same_statement_train.py``), with the decision
threshold chosen on the pairs it was tuned on; ``data/same_statement_model.json`` ships both.

Every feature is symmetric in the two sentences, so the order of a pair never matters.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import numpy as np

from crosswire.analysis.polarity import cue_counts
from crosswire.analysis.quantities import find_quantities
from crosswire.analysis.stance_model import TreeEnsemble
from crosswire.text.stems import short_stem
from crosswire.text.stopwords import STOPWORDS
from crosswire.text.tokens import numbers, tokens

FORMAT = "crosswire-same-statement-gbdt/1"
MODEL_PATH = Path(__file__).parent.parent / "data" / "same_statement_model.json"

#: The model's inputs, in order (``pair_features``), each with the direction it may move the
#: answer (+1 only up, -1 only down, 0 free): the monotonic constraints of training, so the
#: model's decisions follow what a reader checks (more shared words never make it less "same").
FEATURES: tuple[tuple[str, int], ...] = (
    ("cosine", +1),
    ("content_cover_min", +1),
    ("content_cover_max", +1),
    ("token_cover_min", +1),
    ("token_cover_max", +1),
    ("bigram_cover_min", +1),
    ("bigram_cover_max", +1),
    ("chargram_cover_min", +1),
    ("chargram_cover_max", +1),
    ("sequence_match", +1),
    ("content_unmatched_max", -1),
    ("content_unmatched_sum", -1),
    ("content_unmatched_min", -1),
    ("content_unmatched_share_max", -1),
    ("names_cover_min", +1),
    ("names_unmatched", -1),
    ("numbers_shared", 0),
    ("numbers_unmatched", -1),
    ("quantity_conflict", -1),
    ("dates_unmatched", -1),
    ("date_conflict", -1),
    ("negation_mismatch", -1),
    ("denial_mismatch", -1),
    ("hedge_mismatch", -1),
    ("length_ratio", +1),
    ("length_difference", -1),
)
FEATURE_NAMES: tuple[str, ...] = tuple(name for name, _ in FEATURES)

_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_DATE_WORDS = frozenset(_MONTHS + _WEEKDAYS + ["yesterday", "today", "tomorrow"])
_MONTH_NAME = {m: m[:3] for m in _MONTHS}
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_CAPITALISED = re.compile(r"(?<![\w'’.-])[A-Z][\w'’.&-]*")


@dataclass(frozen=True)
class _Sides:
    """What one sentence offers to the comparison (computed once per sentence)."""

    words: tuple[str, ...]
    tokens: frozenset[str]
    chargrams: frozenset[str]
    content: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    names: frozenset[str]
    numbers: frozenset[str]
    dates: frozenset[str]
    quantities: tuple[tuple[str, str, str, float], ...]
    negations: int
    denials: int
    hedges: int
    length: int


def _sides(text: str) -> _Sides:
    words = tokens(text)
    content = [short_stem(w) for w in words if w not in STOPWORDS and w != "n't" and len(w) > 1]
    # A capitalised word that is not the sentence's first (which every sentence capitalises)
    # and not a function word: proper names, mostly.
    names = {
        m.group(0).lower().rstrip(".")
        for m in _CAPITALISED.finditer(text)
        if m.start() > 0 and m.group(0).lower() not in STOPWORDS
    }
    dates = {_MONTH_NAME.get(w, w) for w in words if w in _DATE_WORDS} | set(_YEAR.findall(text))
    cues = cue_counts(text)
    joined = " ".join(w for w in words if w not in STOPWORDS)
    return _Sides(
        tuple(words),
        frozenset(words),
        frozenset(joined[i : i + 4] for i in range(len(joined) - 3)),
        frozenset(content),
        frozenset(itertools.pairwise(words)),
        frozenset(names - _DATE_WORDS),
        frozenset(numbers(text) - set(_YEAR.findall(text))),
        frozenset(dates),
        tuple((q.kind, q.unit, q.about, q.value) for q in find_quantities(text)),
        cues["negation"],
        cues["denial"] + cues["falsity"],
        cues["hedge"],
        len(words),
    )


def _covers(a: frozenset, b: frozenset) -> tuple[float, float]:
    """Share of ``a`` found in ``b`` and of ``b`` in ``a``, smaller first (1 for an empty side)."""
    shared = len(a & b)
    one = shared / len(a) if a else 1.0
    two = shared / len(b) if b else 1.0
    return min(one, two), max(one, two)


def _quantity_conflict(a: _Sides, b: _Sides) -> float:
    """1 when both give a figure of one kind, unit and subject with different values."""
    for kind, unit, about, value in a.quantities:
        for kind_b, unit_b, about_b, value_b in b.quantities:
            if (kind, unit, about) == (kind_b, unit_b, about_b):
                largest = max(abs(value), abs(value_b), 1e-12)
                if abs(value - value_b) / largest > 0.005:
                    return 1.0
    return 0.0


def _features(a: _Sides, b: _Sides, cosine: float) -> list[float]:
    content_min, content_max = _covers(a.content, b.content)
    token_min, token_max = _covers(a.tokens, b.tokens)
    bigram_min, bigram_max = _covers(a.bigrams, b.bigrams)
    chargram_min, chargram_max = _covers(a.chargrams, b.chargrams)
    unmatched = (len(a.content - b.content), len(b.content - a.content))
    names_min, _ = _covers(a.names, b.names)
    length_ratio = min(a.length, b.length) / max(a.length, b.length, 1)
    return [
        cosine,
        content_min,
        content_max,
        token_min,
        token_max,
        bigram_min,
        bigram_max,
        chargram_min,
        chargram_max,
        SequenceMatcher(None, a.words, b.words, autojunk=False).ratio(),
        float(max(unmatched)),
        float(sum(unmatched)),
        float(min(unmatched)),
        max(unmatched[0] / max(len(a.content), 1), unmatched[1] / max(len(b.content), 1)),
        names_min,
        float(len(a.names ^ b.names)),
        float(len(a.numbers & b.numbers)),
        float(len(a.numbers ^ b.numbers)),
        _quantity_conflict(a, b),
        float(len(a.dates ^ b.dates)),
        float(bool(a.dates and b.dates and not a.dates & b.dates)),
        float((a.negations > 0) != (b.negations > 0)),
        float((a.denials > 0) != (b.denials > 0)),
        float((a.hedges > 0) != (b.hedges > 0)),
        length_ratio,
        float(abs(a.length - b.length)),
    ]


def pair_features(
    pairs: Sequence[tuple[str, str]], cosines: Sequence[float] | np.ndarray
) -> np.ndarray:
    """The feature matrix (pairs × ``FEATURE_NAMES``) of sentence pairs with their cosines."""
    cache: dict[str, _Sides] = {}

    def sides(text: str) -> _Sides:
        if text not in cache:
            cache[text] = _sides(text)
        return cache[text]

    rows = [_features(sides(a), sides(b), float(c)) for (a, b), c in zip(pairs, cosines)]
    if not rows:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float64)
    return np.asarray(rows, dtype=np.float64)


@dataclass(frozen=True)
class SameStatementModel:
    """Boosted trees giving the probability that two sentences state the same thing, and the
    probability at and above which they are taken to (chosen on the tuning pairs)."""

    trees: TreeEnsemble
    threshold: float
    training: dict

    def probability(self, features: np.ndarray) -> np.ndarray:
        return self.trees.probability(np.atleast_2d(np.asarray(features, dtype=np.float64)))

    def same(self, features: np.ndarray) -> np.ndarray:
        """Whether each pair states the same thing (probability ≥ ``threshold``)."""
        return self.probability(features) >= self.threshold

    def to_dict(self) -> dict:
        return {
            "format": FORMAT,
            "features": list(FEATURE_NAMES),
            "threshold": self.threshold,
            "training": self.training,
            "trees": self.trees.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict) -> SameStatementModel:
        if data.get("format") != FORMAT or tuple(data.get("features", ())) != FEATURE_NAMES:
            raise ValueError(
                "the same-statement model was made for other features than this version "
                "computes; retrain it with bench/same_statement_train.py"
            )
        return cls(
            TreeEnsemble.from_dict(data["trees"]),
            float(data["threshold"]),
            data.get("training", {}),
        )


def load_model(path: Path | str | None = None) -> SameStatementModel:
    """The same-statement model from ``path``, by default the one shipped with crosswire."""
    path = Path(path) if path is not None else MODEL_PATH
    if not path.exists():
        raise FileNotFoundError(
            f"same-statement model {path} not found; train it with "
            ".venv/bin/python bench/same_statement_train.py"
        )
    return SameStatementModel.from_dict(json.loads(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def default_model() -> SameStatementModel:
    """The shipped model, read once per process (it is immutable)."""
    return load_model()
