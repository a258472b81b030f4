"""Claim vs denial on FNC-1: for each headline (claim) with at least two related bodies, one story
made of its related bodies, analysed by the real pipeline (sentences, quotes, embeddings, origins,
entities, statements, facts, conflicts). A claim is a hit when one ``claim_denial`` conflict has
a gold-agreeing body on one side and a gold-disagreeing body on the other; precision = hits /
claims with any claim_denial, recall = hits / claims with both an agreeing and a disagreeing
body. The pipeline never sees the headline.

Baseline: the stance model's own pair labels (headline against each related body): a claim is
flagged when some related body is predicted agree and another disagree, with those two groups as
the sides, scored the same way.

Claims are split once by a hash of the headline (``half_of``) into a tuning half and a check
half; thresholds are tuned on the tuning half only. The shipped stance model was trained on every
FNC-1 test pair, so for the check half the stance model is refitted on the tuning half's pairs
(``refit``), with the training code of ``evaluation.fnc``; without it the stance part of both
figures is in-sample, and the run says so.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from crosswire.analysis.conflicts import ConflictConfig
from crosswire.analysis.stance_model import StanceModel, load_model
from crosswire.evaluation import fnc
from crosswire.records import Story, stable_id

if TYPE_CHECKING:
    from crosswire.analysis.story import StoryAnalysis
    from crosswire.stages import RunState

HALVES = ("tune", "check")


def half_of(headline: str) -> str:
    """``tune`` or ``check`` for a claim, from a hash of its headline."""
    return HALVES[hashlib.sha256(headline.encode("utf-8")).digest()[0] % 2]


@dataclass(frozen=True)
class Claim:
    headline: str
    half: str
    bodies: tuple[str, ...]  # related body ids, sorted
    agree: frozenset[str]
    disagree: frozenset[str]

    @property
    def disputed(self) -> bool:
        return bool(self.agree and self.disagree)


def load_claims(data: fnc.FncData, every: int = 1) -> list[Claim]:
    """Every ``every``-th claim (in headline order) with at least two related bodies."""
    related: dict[str, dict[str, str]] = defaultdict(dict)
    for pair in data.pairs:
        if pair.stance != "unrelated":
            related[pair.headline][pair.body_id] = pair.stance
    claims = [
        Claim(
            headline,
            half_of(headline),
            tuple(sorted(bodies)),
            frozenset(b for b, s in bodies.items() if s == "agree"),
            frozenset(b for b, s in bodies.items() if s == "disagree"),
        )
        for headline, bodies in sorted(related.items())
        if len(bodies) >= 2
    ]
    return claims[::every]


Sides = list[list[str]]


def is_hit(claim: Claim, conflicts: Sequence[Sides]) -> bool:
    """One conflict with a gold-agreeing body on one side and a disagreeing one on another."""
    for sides in conflicts:
        for i, first in enumerate(sides):
            for j, second in enumerate(sides):
                if i != j and claim.agree & set(first) and claim.disagree & set(second):
                    return True
    return False


@dataclass(frozen=True)
class ClaimScore:
    claims: int
    disputed: int
    flagged: int
    hits: int

    @property
    def precision(self) -> float:
        return self.hits / self.flagged if self.flagged else 0.0

    @property
    def recall(self) -> float:
        return self.hits / self.disputed if self.disputed else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def score(claims: Sequence[Claim], predicted: Mapping[str, Sequence[Sides]]) -> ClaimScore:
    """Hits, precision, recall and F1 of ``claim_denial`` sides per headline."""
    flagged = hits = 0
    for claim in claims:
        conflicts = predicted.get(claim.headline, ())
        flagged += bool(conflicts)
        hits += is_hit(claim, conflicts)
    return ClaimScore(len(claims), sum(c.disputed for c in claims), flagged, hits)


@dataclass
class Prepared:
    """The bodies analysed once by the real pipeline, up to origins (``prepare``)."""

    state: RunState
    article_of: dict[str, str]  # body id → article id (a body the pipeline could not use: none)
    origin_of: dict[str, str]
    bodies_of: dict[str, list[str]] = field(default_factory=dict)  # article id → body ids


def prepare(data: fnc.FncData, body_ids: Sequence[str], db: str) -> Prepared:
    """Read each body as bare text (one JSON Lines record) into the workspace ``db`` and run the
    stages up to the origins; a second run over the same ``db`` reuses the analysis."""
    # deferred: the workspace imports every stage
    from crosswire import stages
    from crosswire.workspace import Workspace

    body_ids = sorted(set(body_ids))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bodies.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            for body_id in body_ids:
                handle.write(json.dumps({"text": data.bodies[body_id]}) + "\n")
        workspace = Workspace(db)
        briefing = workspace.add([str(path)], until="dedup")
    line_to_article = {
        source.rsplit(":", 1)[1]: article.id
        for article in briefing.articles
        for source in dict(briefing.sources).get(article.id, (article.source,))
    }
    article_of = {
        body_id: line_to_article[str(number)]
        for number, body_id in enumerate(body_ids, start=1)
        if str(number) in line_to_article
    }
    state = stages.RunState(
        store=workspace.store,
        models=workspace.models,
        options=stages.RunOptions(),
        articles=list(briefing.articles),
        sources={},
    )
    origin_of = {a: o.id for o in briefing.origins for a in o.article_ids}
    bodies_of: dict[str, list[str]] = defaultdict(list)
    for body_id, article_id in article_of.items():
        bodies_of[article_id].append(body_id)
    return Prepared(state, article_of, origin_of, dict(bodies_of))


def predict_claim(
    prepared: Prepared, claim: Claim, config: ConflictConfig
) -> tuple[StoryAnalysis, list[dict]]:
    """The story of one claim's related bodies through the cross-source analysis, and each of
    its conflicts as ``{type, sides: [[body_id…], …]}`` (only this claim's bodies)."""
    from crosswire.analysis.story import AnalysisConfig, StoryAnalysis, analyse_story
    from crosswire.entities.resolve import alias_table, resolve_entities

    state = prepared.state
    members = sorted({prepared.article_of[b] for b in claim.bodies if b in prepared.article_of})
    if len(members) < 2:
        return StoryAnalysis(), []
    story = Story(stable_id("s", claim.headline), "", tuple(members), (), None, None, ())
    articles = state.articles_by_id
    mentions = [m for a in members for m in state.mentions_by_article.get(a, ())]
    entities = resolve_entities(
        mentions, {a: articles[a] for a in members}, story_id=story.id, aliases=alias_table()
    )
    analysis = analyse_story(
        story,
        articles,
        state.sentences_by_article,
        entities,
        prepared.origin_of,
        state.analysis_encoder,
        state.attributions,
        AnalysisConfig(conflicts=config),
        summary=False,
    )
    mine = set(claim.bodies)

    def bodies(article_ids: Sequence[str]) -> list[str]:
        return sorted(b for a in article_ids for b in prepared.bodies_of.get(a, ()) if b in mine)

    rows = [
        {"type": c.type, "sides": [bodies(side.article_ids) for side in c.sides]}
        for c in analysis.conflicts
    ]
    return analysis, rows


def baseline(
    data: fnc.FncData, claims: Sequence[Claim], model: StanceModel, encoder, nlp, cache_dir
) -> dict[str, list[Sides]]:
    """The stance model's pair labels as conflicts: [predicted agree bodies, predicted
    disagree bodies] when both are non-empty."""
    pairs = [fnc.StancePair(c.headline, b, "") for c in claims for b in c.bodies]
    features = fnc.featurise(data, pairs, encoder, nlp, cache_dir)
    labels = model.decide(model.probabilities(features)) if pairs else []
    agree: dict[str, list[str]] = defaultdict(list)
    disagree: dict[str, list[str]] = defaultdict(list)
    for pair, label in zip(pairs, labels):
        if label == "agree":
            agree[pair.headline].append(pair.body_id)
        elif label == "disagree":
            disagree[pair.headline].append(pair.body_id)
    return {
        c.headline: [[agree[c.headline], disagree[c.headline]]]
        for c in claims
        if agree[c.headline] and disagree[c.headline]
    }


def refit_on(data: fnc.FncData, half: str, encoder, nlp, cache_dir) -> StanceModel:
    """The stance model trained (``fnc.fit_model``) on every pair whose headline is in ``half``."""
    pairs = [p for p in data.pairs if half_of(p.headline) == half]
    features = fnc.featurise(data, pairs, encoder, nlp, cache_dir)
    keys = sorted({fnc.claim_key(p.headline) for p in pairs})
    return fnc.fit_model(features, [p.stance for p in pairs], {"claim_keys": keys})


@dataclass(frozen=True)
class ConflictsRun:
    system: dict[str, ClaimScore]  # per half, and "all"
    baseline: dict[str, ClaimScore]
    refitted: bool


def evaluate(
    directory: Path,
    predictions_path: Path | None = None,
    db: str | None = None,
    cache_dir: Path | None = None,
    every: int = 1,
    refit: bool = True,
    config: ConflictConfig | None = None,
) -> ConflictsRun:
    """Run the conflicts stage on every claim's story and score it against the baseline."""
    from crosswire.nlp import models

    data = fnc.load_fnc(directory)
    claims = load_claims(data, every)
    encoder, nlp = models.default_encoder(), models.spacy_pipeline()
    model = refit_on(data, "tune", encoder, nlp, cache_dir) if refit else load_model()
    config = replace(config or ConflictConfig(), stance_model=model)
    with tempfile.TemporaryDirectory() as folder:
        prepared = prepare(
            data,
            [b for c in claims for b in c.bodies],
            db or str(Path(folder) / "fnc-conflicts.db"),
        )
        predicted: dict[str, list[Sides]] = {}
        lines = []
        for claim in claims:
            _, rows = predict_claim(prepared, claim, config)
            predicted[claim.headline] = [r["sides"] for r in rows if r["type"] == "claim_denial"]
            lines.append({"headline": claim.headline, "conflicts": rows})
    if predictions_path is not None:
        with open(predictions_path, "w", encoding="utf-8") as handle:
            for line in lines:
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    flagged_by_baseline = baseline(data, claims, model, encoder, nlp, cache_dir)
    parts = {half: [c for c in claims if c.half == half] for half in HALVES}
    parts["all"] = claims
    return ConflictsRun(
        {name: score(part, predicted) for name, part in parts.items()},
        {name: score(part, flagged_by_baseline) for name, part in parts.items()},
        refit,
    )
