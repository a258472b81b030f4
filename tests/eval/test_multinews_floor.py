"""Quality gate: extractive summaries on the first 60 Multi-News validation clusters must not
score below the ROUGE floors pinned in quality-floors.toml (a deterministic subset: the whole
sample takes too long to embed in CI)."""

import tomllib

import pytest
from tests.conftest import REPO, evaldata

pytestmark = [pytest.mark.eval, pytest.mark.slow]

CLUSTERS = 60


def test_multinews_rouge_is_at_or_above_its_floors():
    from crosswire.evaluation.multinews import evaluate
    from crosswire.nlp.models import default_encoder, spacy_pipeline

    sample = evaldata("multinews-sample", "sample_validation.csv")
    floors = tomllib.loads((REPO / "quality-floors.toml").read_text())["multinews"]
    parts = evaluate(
        sample, encoder=default_encoder(), nlp=spacy_pipeline(), limit=CLUSTERS, baselines=False
    )
    [score] = parts["all"]
    assert score.clusters == CLUSTERS
    assert sum(part[0].clusters for name, part in parts.items() if name != "all") == CLUSTERS
    for metric in ("rouge1", "rouge2", "rougeLsum"):
        measured = getattr(score, metric) / 100.0
        assert measured >= floors[metric], f"Multi-News {metric} {measured:.4f} is below the floor"
