"""Train the same-statement model on MRPC and measure it on pairs never used for tuning.

1. The MRPC train pairs of ``../shared/evaldata/mrpc`` split by a stable hash of their ids
   (``crosswire.evaluation.mrpc.part_of``): tuning 60%, check 40%.
2. Features of every pair (``crosswire.analysis.same_statement.pair_features``: MiniLM cosine,
   word, name, number, date and negation agreement).
3. On the tuning part only: 5-fold out-of-fold probabilities, the threshold at which they reach
   precision ``mrpc.TARGET_PRECISION``, then the model trained on the whole tuning part.
   ``--sweep`` also prints out-of-fold figures for a few boosting settings (how the shipped
   recipe was chosen; still the tuning part only).
4. The shipped model scored on both parts (tuning in-sample, check never tuned on), with the
   cosine baselines, written to ``src/crosswire/data/same_statement_model.json`` and
   ``bench/results/same_statement.md``.

    .venv/bin/python bench/same_statement_train.py [--cache /tmp/crosswire-mrpc-cache] [--sweep]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from _common import evaldata_path, markdown_table, write_result

DATASET = "mrpc"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/crosswire-mrpc-cache"))
    parser.add_argument("--output", type=Path, default=None, help="where to write the model")
    parser.add_argument("--sweep", action="store_true", help="compare boosting settings")
    args = parser.parse_args()

    directory = evaldata_path(DATASET)
    import numpy as np
    import sklearn

    from crosswire.analysis.same_statement import MODEL_PATH
    from crosswire.evaluation import mrpc
    from crosswire.nlp import models

    started = time.perf_counter()
    parts = mrpc.load_mrpc(directory)
    encoder = models.default_encoder()
    featured = {name: mrpc.featurise(pairs, encoder, args.cache) for name, pairs in parts.items()}
    tuning = parts["tuning"]
    features = featured["tuning"][0]
    if args.sweep:
        gold = np.array([p.same for p in tuning])
        for change in ({}, {"max_iter": 300}, {"max_leaf_nodes": 16, "min_samples_leaf": 20}):
            recipe = {**mrpc.TRAINING_RECIPE, **change}
            held_out = mrpc.out_of_fold(tuning, features, recipe)
            cut = mrpc.choose_threshold(gold, held_out)
            print(
                change or "shipped",
                mrpc.score(gold, held_out >= cut),
                f"P@R0.6 {mrpc.precision_at_recall(gold, held_out):.4f}",
            )
    model = mrpc.train(tuning, features)
    model.training["scikit_learn"] = sklearn.__version__
    output = args.output or MODEL_PATH
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(model.to_dict(), separators=(",", ":")) + "\n", encoding="utf-8")
    reports = {
        name: mrpc.report_part(pairs, model.probability(f), cosine, model.threshold)
        for (name, pairs), (f, cosine) in zip(parts.items(), featured.values())
    }
    seconds = time.perf_counter() - started
    text = mrpc.report(reports, model.threshold)
    print(text)
    cv = model.training["cross_validated"]
    print(f"tuning part out-of-fold: {cv}; {seconds:.0f}s; model written to {output}")

    header = ["part", "pairs", "system", "precision", "recall", "F1", "precision at recall 0.6"]
    rows = []
    for name, part in reports.items():
        rows.append(
            [
                name,
                str(part.pairs),
                f"model (p ≥ {model.threshold:.3f})",
                f"{part.model.precision:.4f}",
                f"{part.model.recall:.4f}",
                f"{part.model.f1:.4f}",
                f"{part.model_precision_at_recall:.4f}",
            ]
        )
        for cut, figures in part.baselines.items():
            rows.append(
                [
                    "",
                    "",
                    f"cosine ≥ {cut:.2f}",
                    f"{figures.precision:.4f}",
                    f"{figures.recall:.4f}",
                    f"{figures.f1:.4f}",
                    f"{part.cosine_precision_at_recall:.4f}",
                ]
            )
    body = (
        f"MRPC train pairs of `../shared/evaldata/{DATASET}`, split by a hash of the pair's ids: "
        f"tuning {len(tuning)} pairs (model and threshold), check {len(parts['check'])} pairs "
        "(never used for either; the figure that counts). Model: monotone boosted trees "
        f"(scikit-learn {sklearn.__version__}, `{mrpc.TRAINING_RECIPE}`) on "
        f"{features.shape[1]} features; threshold {model.threshold:.4f}, the lowest at which "
        f"the tuning part's 5-fold out-of-fold probabilities reach precision "
        f"{mrpc.TARGET_PRECISION} (out of fold there: precision {cv['precision']:.4f}, recall "
        f"{cv['recall']:.4f}, precision at recall 0.6 {cv['precision_at_recall_0.6']:.4f}). "
        "Tuning-part rows below are in-sample.\n\n" + markdown_table(header, rows) + "\n"
    )
    path = write_result("same_statement", "Same statement (MRPC)", body)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
