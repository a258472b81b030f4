"""Tune the stance path of claim_denial on the FNC-1 claims' tuning half (fnc_conflicts.half_of).

The bodies are analysed once (a workspace under WORK); the stance model is refitted on the pairs
of the tuning half's first part (a second hash of the headline) and the thresholds are scored on
its second part, so neither the model nor the thresholds see the claims they are scored on. Each
claim's story runs through the analysis once, with every stance reading kept, and the grid of
thresholds is applied to those readings (a pair kept by a setting is a conflict: scoring the
pairs is exact, as merging conflicts only joins their sides). Usage:

    PYTHONPATH=src python bench/conflicts_tuning.py ../shared/evaldata/fnc1-test /tmp/cw-conflicts
"""

from __future__ import annotations

import hashlib
import itertools
import pickle
import sys
import time
from dataclasses import replace
from pathlib import Path

from crosswire.analysis import disputes
from crosswire.analysis.conflicts import ConflictConfig, Similarity
from crosswire.evaluation import fnc, fnc_conflicts


def tuning_part(headline: str) -> str:
    """``model`` or ``thresholds``: a second split of the tuning half."""
    return ("model", "thresholds")[hashlib.blake2b(headline.encode()).digest()[0] % 2]


def main(directory: str, work: str) -> None:
    from crosswire.nlp import models

    folder = Path(work)
    folder.mkdir(parents=True, exist_ok=True)
    data = fnc.load_fnc(Path(directory))
    every_claim = fnc_conflicts.load_claims(data)
    claims = [c for c in every_claim if c.half == "tune" and tuning_part(c.headline) != "model"]
    encoder, nlp = models.default_encoder(), models.spacy_pipeline()
    started = time.perf_counter()
    model_file = folder / "tune-model-part.pickle"
    if model_file.exists():
        model = pickle.loads(model_file.read_bytes())
    else:
        pairs = [
            p
            for p in data.pairs
            if fnc_conflicts.half_of(p.headline) == "tune" and tuning_part(p.headline) == "model"
        ]
        features = fnc.featurise(data, pairs, encoder, nlp, folder)
        model = fnc.fit_model(features, [p.stance for p in pairs])
        model_file.write_bytes(pickle.dumps(model))
    print(f"model {time.perf_counter() - started:.0f}s", flush=True)
    prepared = fnc_conflicts.prepare(
        data, [b for c in every_claim for b in c.bodies], str(folder / "bodies.db")
    )
    base = fnc_conflicts.score(
        claims, fnc_conflicts.baseline(data, claims, model, encoder, nlp, folder)
    )
    print(
        f"claims {len(claims)} disputed {base.disputed}; baseline P {base.precision:.3f} "
        f"R {base.recall:.3f} F1 {base.f1:.3f} flagged {base.flagged} hits {base.hits}",
        flush=True,
    )
    readings_file = folder / "readings.pickle"
    if readings_file.exists():
        collected = pickle.loads(readings_file.read_bytes())
    else:
        collected = collect(prepared, claims, model)
        readings_file.write_bytes(pickle.dumps(collected))
    print(f"readings {time.perf_counter() - started:.0f}s", flush=True)
    results = []
    for cosine, rank, disagree, decided, rules, holder, support in itertools.product(
        (0.4, 0.5, 0.6),
        (1, 2, 3),
        (0.3, 0.4, 0.5, 0.6, 0.7),
        (True, False),
        (True, False),
        (0.0, 0.3, 0.5, 0.7),
        (1.1, 0.5, 0.7),
    ):
        predicted = {}
        for claim in claims:
            rule_pairs, readings = collected[claim.headline]
            kept = [
                (list(a) + [b for bs, p in others if p >= support for b in bs], b)
                for a, b, closeness, place, p, by_denial, own, others in readings
                if closeness >= cosine
                and place < rank
                and p >= disagree
                and (by_denial or not decided)
                and own >= holder
            ]
            predicted[claim.headline] = [
                [list(a), list(b)] for a, b in kept + (rule_pairs if rules else [])
            ]
        s = fnc_conflicts.score(claims, predicted)
        settings = (cosine, rank, disagree, decided, rules, holder, support)
        results.append((s.f1, s.precision, settings, s))
    for f1, precision, settings, s in sorted(results, key=lambda r: r[:2], reverse=True)[:20]:
        print(
            f"{settings}: P {precision:.3f} R {s.recall:.3f} F1 {f1:.3f} "
            f"flagged {s.flagged} hits {s.hits}"
        )
    print("best precision with at least 8 hits:")
    for f1, precision, settings, s in sorted(
        (r for r in results if r[3].hits >= 8), key=lambda r: (r[1], r[0]), reverse=True
    )[:15]:
        print(
            f"{settings}: P {precision:.3f} R {s.recall:.3f} F1 {f1:.3f} "
            f"flagged {s.flagged} hits {s.hits}"
        )
    rules_only = {
        c.headline: [[list(a), list(b)] for a, b in collected[c.headline][0]] for c in claims
    }
    s = fnc_conflicts.score(claims, rules_only)
    print(f"rules only: P {s.precision:.3f} R {s.recall:.3f} flagged {s.flagged} hits {s.hits}")


def collect(prepared, claims, model) -> dict:
    """Per claim: the (claim body, denial body) pairs of the rule paths, and every stance
    reading as (claim body, denial body, cosine, rank among the denial's claims, disagree,
    decided by the denial)."""
    from crosswire.evaluation.fnc_conflicts import predict_claim

    state = prepared.state
    no_stance = replace(ConflictConfig(), stance_model=model, stance_claims_per_denial=0)
    collected = {}
    for claim in claims:
        analysis, rows = predict_claim(prepared, claim, no_stance)
        rule_pairs = [
            (row["sides"][0], row["sides"][1]) for row in rows if row["type"] == "claim_denial"
        ]
        statements = list(analysis.statements)
        matrix = state.analysis_encoder.encode([s.text for s in statements])
        similarity = Similarity(matrix)
        members = {s.article_id for s in statements}
        readings = disputes.stance_readings(
            statements,
            matrix,
            similarity,
            {a: state.articles_by_id[a] for a in members},
            prepared.origin_of,
            state.analysis_encoder,
            model,
            cosine=0.4,
            per_denial=5,
        )
        rank: dict[int, int] = {}
        listed = []
        for reading in readings:
            place = rank.get(reading.denial, 0)
            rank[reading.denial] = place + 1
            own = statements[reading.claim].article_id
            first = prepared.bodies_of[own]
            second = prepared.bodies_of[statements[reading.denial].article_id]
            listed.append(
                (
                    first,
                    second,
                    similarity[reading.claim, reading.denial],
                    place,
                    reading.disagree,
                    reading.decided_by_denial,
                    next((p for a, p, _ in reading.support if a == own), 0.0),
                    [(prepared.bodies_of[a], p) for a, p, _ in reading.support if a != own],
                )
            )
        collected[claim.headline] = (rule_pairs, listed)
    return collected


if __name__ == "__main__":
    main(*sys.argv[1:3])
