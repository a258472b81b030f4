"""``crosswire eval``: score crosswire on public gold data, one command per gold set."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from crosswire.analysis.stance_model import LABELS
from crosswire.cli.output import RichReporter, err, fail, out
from crosswire.errors import UserError
from crosswire.evaluation import (
    ecbplus,
    extraction,
    fnc,
    fnc_conflicts,
    mrpc,
    multinews,
    pile,
    polnear,
    provenance,
    timeml,
)
from crosswire.nlp.models import default_encoder, spacy_pipeline
from crosswire.nlp.vectors import CachedEncoder, VectorFile

eval_app = typer.Typer(
    help="Score crosswire on public gold data (see ../shared/evaldata).\n\n"
    "Example:\n\n    crosswire eval extraction "
    "../shared/evaldata/article-extraction-benchmark",
    no_args_is_help=True,
)


@eval_app.command("ecbplus")
def eval_ecbplus(
    directory: Annotated[Path, typer.Argument(help="The ECB+ folder (…/ECB+_LREC2014/ECB+).")],
    predictions: Annotated[
        Path | None, typer.Option(help="Write {doc, story} JSON Lines here.")
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            help="Workspace to analyse the documents in (kept, so a "
            "second run reuses the analysis); default: a "
            "temporary one."
        ),
    ] = None,
) -> None:
    """Cluster ECB+ documents into stories with no topic given; BCubed against topic + half.

    Example:

        crosswire eval ecbplus ../shared/evaldata/ecbplus/ECB+_LREC2014/ECB+ --predictions ecb.jsonl
    """
    try:
        score, count = ecbplus.evaluate(directory, predictions, db=db)
    except ecbplus.CorpusMissing as error:
        raise fail(str(error)) from None
    out.print(
        f"documents {count}  BCubed precision {score.precision:.4f}  recall "
        f"{score.recall:.4f}  F1 {score.f1:.4f}",
        highlight=False,
    )


@eval_app.command("pile")
def eval_pile(
    csv_file: Annotated[
        Path, typer.Argument(help="The Multi-News CSV (documents: one event per row).")
    ],
    predictions: Annotated[
        Path | None,
        typer.Option(help="Write {event, doc, half, article, story} JSON Lines here."),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            help="Workspace to analyse the documents in (kept, so bench/story_tuning.py can "
            "cluster them again); default: a temporary one."
        ),
    ] = None,
    every: Annotated[
        int, typer.Option(help="Take every N-th event (by row): a deterministic sample.", min=1)
    ] = 1,
) -> None:
    """Cluster every Multi-News document as one pile of bare text, no event given; BCubed
    against the events on the tuning half, the check half (the figure that counts) and the whole.

    Example:

        crosswire eval pile ../shared/evaldata/multinews-sample/sample_validation.csv --every 5
    """
    try:
        score = pile.evaluate(csv_file, predictions, db=db, every=every)
    except pile.SampleMissing as error:
        raise fail(str(error)) from None
    for part in pile.HALVES:
        figures = score.halves[part]
        out.print(
            f"{part:<5} events {score.events[part]:>3}  documents {score.documents[part]:>3}  "
            f"BCubed P {figures.precision:.4f} R {figures.recall:.4f} F1 {figures.f1:.4f}",
            highlight=False,
        )
    out.print(
        f"whole stories {score.stories:>3}  BCubed P {score.whole.precision:.4f} "
        f"R {score.whole.recall:.4f} F1 {score.whole.f1:.4f}  (the check half is the figure "
        "that counts)",
        highlight=False,
    )


@eval_app.command("extraction")
def eval_extraction(
    directory: Annotated[
        Path,
        typer.Argument(
            help="An article-extraction-benchmark folder (ground-truth.json and html/)."
        ),
    ],
    predictions: Annotated[
        Path | None,
        typer.Option(help="Write per-page predictions here (JSON, the benchmark's shape)."),
    ] = None,
) -> None:
    """Score main-text extraction: 4-word shingle precision/recall averaged per page, F1.

    Prints crosswire, plain trafilatura and go_trafilatura (their published outputs in the
    benchmark's output/ folder) on all pages and on the two fixed halves: "tuning" (rules are
    tuned here) and "check" (never tuned on; the figure that counts).

    Example:

        crosswire eval extraction ../shared/evaldata/article-extraction-benchmark --predictions pred.json
    """  # noqa: E501 (an example is one command line)

    try:
        scores = extraction.compare(directory, predictions)
    except extraction.BenchmarkMissing as error:
        raise fail(str(error)) from None
    table = Table(show_edge=False, pad_edge=False)
    for column in ("part (pages)", "system", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "system" else "right")
    for part in extraction.PARTS:
        for name, parts in scores.items():
            found = parts[part]
            table.add_row(
                f"{part} ({found.pages})" if name == "crosswire" else "",
                name,
                f"{found.precision:.4f}",
                f"{found.recall:.4f}",
                f"{found.f1:.4f}",
                end_section=name == list(scores)[-1],
            )
    out.print(table)


@eval_app.command("timeml")
def eval_timeml(
    directory: Annotated[
        Path,
        typer.Argument(
            help="A folder of TimeML .tml files (searched recursively if it holds none "
            "directly), e.g. ../shared/evaldata/tbaq/TimeBank."
        ),
    ],
    predictions: Annotated[
        Path | None,
        typer.Option(
            help="Write every predicted expression "
            "here (JSONL: doc, start, end, text, value, "
            "granularity, ambiguous)."
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option(help="Score only the first N documents (by file name).", min=1)
    ] = None,
) -> None:
    """Score temporal expressions: strict and lenient value accuracy on gold DATE expressions,
    by kind, and detection precision/recall, on all documents and on the fixed tuning and check
    parts (by a hash of the document name). The system finds the expressions itself; the DCT is
    the publication date.

    Example:

        crosswire eval timeml ../shared/evaldata/tbaq/TimeBank --predictions timeml.jsonl
    """
    try:
        report = timeml.evaluate(directory, predictions, limit)
    except timeml.TimeBankMissing as error:
        raise fail(str(error)) from None
    score = report.all
    check = {kind.kind: kind for kind in report.parts["check"].by_kind}
    table = Table(title=f"TimeML DATE values ({score.documents} documents)")
    for column in ("kind", "gold", "strict", "lenient", "check gold", "strict", "lenient"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for kind in score.by_kind:
        held = check.get(kind.kind, timeml.KindScore(kind.kind, 0, 0))
        table.add_row(
            kind.kind,
            str(kind.gold),
            f"{kind.accuracy:.3f}",
            f"{kind.lenient_accuracy:.3f}",
            str(held.gold),
            f"{held.accuracy:.3f}",
            f"{held.lenient_accuracy:.3f}",
        )
    held_all = report.parts["check"]
    table.add_row(
        "overall",
        str(score.gold),
        f"{score.accuracy:.4f}",
        f"{score.lenient_accuracy:.4f}",
        str(held_all.gold),
        f"{held_all.accuracy:.4f}",
        f"{held_all.lenient_accuracy:.4f}",
        style="bold",
    )
    out.print(table)
    for name, part in (("all", score), *report.parts.items()):
        out.print(
            f"{name:<6} {part.documents:>3} docs  strict {part.accuracy:.4f} "
            f"({part.correct}/{part.gold})  lenient {part.lenient_accuracy:.4f} "
            f"({part.correct_lenient}/{part.gold})  recall {part.recall:.4f}",
            highlight=False,
        )
    out.print(
        f"detection: recall {score.recall:.4f} ({score.detected}/{score.gold} gold DATE "
        f"spans found)  precision {score.precision:.4f} ({score.predicted_on_date}/"
        f"{score.predicted} predictions on a gold DATE; {score.precision_any_timex:.4f} "
        "on any gold TIMEX3)",
        highlight=False,
    )
    if not score.gold:
        out.print(
            "no gold DATE TIMEX3 in the documents' text (only DCTs?): value accuracy is "
            "undefined here",
            highlight=False,
        )
    if report.anchors is not None:
        anchors = report.anchors
        out.print(
            f"timeline anchors (proxy): {anchors.matched}/{anchors.anchors} dated event "
            f"mentions (dates other than the DCT) have an expression of that date in their "
            f"sentence ({anchors.agreement:.4f}); {anchors.matched}/{anchors.in_sentence} "
            f"({anchors.agreement_in_sentence:.4f}) where the sentence holds any expression",
            highlight=False,
        )


@eval_app.command("multinews")
def eval_multinews(
    csv_file: Annotated[Path, typer.Argument(help="The Multi-News CSV (documents, summary).")],
    predictions: Annotated[
        Path | None, typer.Option(help="Write our summaries here (JSONL {index, part, summary}).")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Score only the first N clusters.")] = None,
    baselines: Annotated[
        bool,
        typer.Option(help="Also run lead round-robin, LexRank and TextRank on the same sentences."),
    ] = True,
    cache: Annotated[
        Path | None,
        typer.Option(
            help="SQLite cache of sentence embeddings (keyed by text hash); keep it out of git."
        ),
    ] = Path("/tmp/crosswire-multinews-embeddings.sqlite"),
) -> None:
    """Score extractive summaries: ROUGE-1/2/Lsum F1 (Porter stemmer, ≤250 words) per cluster.

    Prints crosswire and the baselines on the two fixed parts of the sample, "tune" (settings
    are chosen here) and "check" (never tuned on; the figure that counts), and on all clusters.

    Example:

        crosswire eval multinews ../shared/evaldata/multinews-sample/sample_validation.csv --limit 60
    """  # noqa: E501 (an example is one command line)

    encoder = default_encoder()
    vector_file = None if cache is None else VectorFile(cache, encoder.name)
    try:
        with RichReporter(enabled=err.is_terminal).stage("clusters", limit) as advance:
            scores = multinews.evaluate(
                csv_file,
                encoder=encoder if vector_file is None else CachedEncoder(encoder, vector_file),
                nlp=spacy_pipeline(),
                limit=limit,
                predictions_path=predictions,
                baselines=baselines,
                progress=advance,
            )
    except (multinews.SampleMissing, UserError) as error:
        raise fail(str(error)) from None
    finally:
        if vector_file is not None:
            vector_file.close()
    table = Table(show_edge=False, pad_edge=False)
    for column in ("part (clusters)", "system", "ROUGE-1", "ROUGE-2", "ROUGE-Lsum"):
        table.add_column(column, justify="left" if column == "system" else "right")
    for part, part_scores in scores.items():
        for score in part_scores:
            table.add_row(
                f"{part} ({score.clusters})" if score.system == "crosswire" else "",
                score.system,
                f"{score.rouge1:.2f}",
                f"{score.rouge2:.2f}",
                f"{score.rougeLsum:.2f}",
            )
    out.print(table)
    out.print(
        "Parts fixed by a hash of each cluster's first document (as the pile eval's halves): "
        "settings are tuned on 'tune'; 'check' is never tuned on and is the figure that counts.",
        highlight=False,
    )


@eval_app.command("fnc")
def eval_fnc(
    directory: Annotated[
        Path,
        typer.Argument(
            help="An FNC-1 folder (competition_test_stances.csv and competition_test_bodies.csv)."
        ),
    ],
    predictions: Annotated[
        Path | None,
        typer.Option(help="Write predictions here as JSONL {headline, body_id, stance}."),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Score only the first N pairs.")] = None,
    cache: Annotated[
        Path | None,
        typer.Option(
            help="Reuse sentence vectors from this folder (e.g. /tmp/crosswire-fnc-cache)."
        ),
    ] = None,
) -> None:
    """Score stance (agree / disagree / discuss / unrelated): per-class F1, macro-F1, FNC-1 score.

    Example:

        crosswire eval fnc ../shared/evaldata/fnc1-test --limit 2000 --predictions stance.jsonl
    """
    try:
        run = fnc.evaluate(directory, predictions, limit, cache_dir=cache)
    except (fnc.DatasetMissing, FileNotFoundError, ValueError) as error:
        raise fail(str(error)) from None
    result = run.score
    table = Table(title=f"stance on {result.pairs} pairs", show_header=True)
    table.add_column("gold \\ predicted")
    for label in LABELS:
        table.add_column(label, justify="right")
    table.add_column("F1", justify="right")
    for label, row, (_, f1) in zip(LABELS, result.confusion, result.f1):
        table.add_row(label, *map(str, row), f"{f1:.3f}")
    out.print(table)
    out.print(
        f"macro-F1 {result.macro_f1:.4f}  FNC score {result.fnc_fraction:.4f} of max  "
        f"accuracy {result.accuracy:.4f}",
        highlight=False,
    )
    if run.in_sample_fraction > 0:
        out.print(
            f"IN-SAMPLE: {run.in_sample_fraction:.0%} of these pairs have claims the shipped "
            "model was trained on, so the figures above are optimistic. Honest estimates "
            "(5-fold cross-validation, bench/stance_train.py):",
            highlight=False,
        )
        for figures in run.training.get("cross_validated", {}).values():
            out.print(
                f"  grouped by {figures['grouped_by']}: macro-F1 {figures['macro_f1']:.4f}"
                f"  FNC score {figures['fnc_fraction']:.4f} of max",
                highlight=False,
            )


@eval_app.command("mrpc")
def eval_mrpc(
    directory: Annotated[
        Path, typer.Argument(help="The MRPC folder (msr_paraphrase_train.txt, test file if any).")
    ],
    predictions: Annotated[
        Path | None,
        typer.Option(help="Write one JSON line {id1, id2, same} per pair here."),
    ] = None,
    cache: Annotated[
        Path | None,
        typer.Option(help="Folder of cached sentence vectors; keep it out of git."),
    ] = mrpc.DEFAULT_CACHE,
    no_cache: Annotated[bool, typer.Option(help="Embed every sentence afresh.")] = False,
) -> None:
    """Score same-statement matching (facts): precision, recall and F1 of "same" and the
    precision at recall 0.6, for the shipped model and the cosine baselines 0.80 and 0.92, on the
    tuning and check parts of the train pairs (by a hash of the pair ids) and on the test pairs
    when the folder has them.

    Example:

        crosswire eval mrpc ../shared/evaldata/mrpc --predictions same.jsonl
    """
    from crosswire.analysis.same_statement import load_model

    try:
        model = load_model()
        reports = mrpc.evaluate(
            directory, predictions, cache_dir=None if no_cache else cache, model=model
        )
    except (mrpc.DatasetMissing, FileNotFoundError, ValueError) as error:
        raise fail(str(error)) from None
    out.print(mrpc.report(reports, model.threshold), highlight=False)


@eval_app.command("conflicts")
def eval_conflicts(
    directory: Annotated[
        Path,
        typer.Argument(
            help="An FNC-1 folder (competition_test_stances.csv and competition_test_bodies.csv)."
        ),
    ],
    predictions: Annotated[
        Path | None,
        typer.Option(help="Write one JSON line per claim: {headline, conflicts: [{type, sides}]}."),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            help="Workspace to analyse the bodies in (kept, so a second run reuses the "
            "analysis); default: a temporary one."
        ),
    ] = None,
    cache: Annotated[
        Path | None,
        typer.Option(help="Reuse the stance features' sentence vectors from this folder."),
    ] = None,
    every: Annotated[
        int,
        typer.Option(help="Take every N-th claim (by headline): a deterministic sample.", min=1),
    ] = 1,
    refit: Annotated[
        bool,
        typer.Option(
            help="Refit the stance model on the tuning half's pairs (the shipped model was "
            "trained on every pair, so without this the check half is in-sample)."
        ),
    ] = True,
) -> None:
    """Claim vs denial: each FNC-1 claim's related bodies as one story through the pipeline;
    a hit is a claim_denial with an agreeing body on one side and a disagreeing one on the
    other. Scored on the tuning half, the check half (the figure that counts) and all, against
    the stance model's own pair labels.

    Example:

        crosswire eval conflicts ../shared/evaldata/fnc1-test --predictions conflicts.jsonl
    """
    try:
        run = fnc_conflicts.evaluate(
            directory, predictions, db=db, cache_dir=cache, every=every, refit=refit
        )
    except (fnc.DatasetMissing, FileNotFoundError) as error:
        raise fail(str(error)) from None
    table = Table(title="claim_denial on FNC-1 claims", show_header=True)
    for column in ("part", "who", "claims", "disputed", "flagged", "hits", "P", "R", "F1"):
        table.add_column(column, justify="left" if column in ("part", "who") else "right")
    for part in (*fnc_conflicts.HALVES, "all"):
        for who, figures in (("crosswire", run.system[part]), ("baseline", run.baseline[part])):
            table.add_row(
                part,
                who,
                *map(str, (figures.claims, figures.disputed, figures.flagged, figures.hits)),
                f"{figures.precision:.3f}",
                f"{figures.recall:.3f}",
                f"{figures.f1:.3f}",
            )
    out.print(table)
    out.print(
        "stance model refitted on the tuning half's pairs: the check half is held out"
        if run.refitted
        else "IN-SAMPLE: the shipped stance model was trained on every FNC-1 pair, the check "
        "half included",
        highlight=False,
    )


@eval_app.command("polnear")
def eval_polnear(
    directory: Annotated[
        Path,
        typer.Argument(
            help="The PolNeAR folder (holding data/<split>/text and data/<split>/attributions)."
        ),
    ],
    predictions: Annotated[
        Path | None,
        typer.Option(
            help="Write the attributions found here as "
            "JSON Lines ({doc, kind, content_start, ...})."
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Score only the first N articles.")] = None,
    every: Annotated[
        int, typer.Option(help="Take every N-th article (a deterministic sample).")
    ] = 1,
    split: Annotated[str, typer.Option(help="Comma-separated splits to score.")] = "train,dev",
) -> None:
    """Score quotes and attributions: direct-quote recall and precision, partial and indirect
    recall, speaker accuracy on matched items (protocol in crosswire.evaluation.polnear). The
    rules are tuned on the train split only: with both splits, the report gives the tuning part
    (train) and the check part (dev, never tuned on) apart, beside the total.

    Example:

        crosswire eval polnear ../shared/evaldata/polnear --split dev --predictions polnear.jsonl
    """
    splits = tuple(part.strip() for part in split.split(",") if part.strip())
    try:
        score = polnear.evaluate(
            directory, splits, limit=limit, every=every, predictions_path=predictions
        )
    except polnear.CorpusMissing as error:
        raise fail(str(error)) from None
    out.print(polnear.report(score), highlight=False)


@eval_app.command("provenance")
def eval_provenance(
    directory: Annotated[
        Path,
        typer.Argument(
            help="The PolNeAR folder (holding data/metadata.tsv and data/<split>/text)."
        ),
    ],
    split: Annotated[str, typer.Option(help="train (tune on it), dev (report it) or all.")] = "dev",
    predictions: Annotated[
        Path | None,
        typer.Option(help="Write each article's date and credit here (JSON Lines)."),
    ] = None,
) -> None:
    """Score the publication date and wire credit read from bare text: each article is copied
    under a neutral name and read like any .txt file (protocol in crosswire.evaluation.provenance).

    Example:

        crosswire eval provenance ../shared/evaldata/polnear --split dev
    """
    if split not in ("train", "dev", "all"):
        raise fail(f"--split must be train, dev or all, not {split!r}")
    splits = provenance.SPLITS if split == "all" else (split,)
    try:
        score = provenance.evaluate(directory, splits, predictions)
    except provenance.CorpusMissing as error:
        raise fail(str(error)) from None
    out.print(provenance.report(score), highlight=False)
