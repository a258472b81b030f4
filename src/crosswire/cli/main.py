"""The command line: a thin layer over the Python API. Each command parses options, calls one
function, prints. Exit codes: 0 every input used, 1 some inputs skipped or failed, 2 usage error.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from crosswire import api
from crosswire.errors import UserError
from crosswire.records import Briefing

app = typer.Typer(
    name="crosswire",
    help="Turn many news reports about one developing story into a cited, cross-checked "
    "briefing.\n\nExample:\n\n    crosswire brief examples/demo-corpus -o briefing.html",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(
    help="Score crosswire on public gold data (see ../shared/evaldata).\n\n"
    "Example:\n\n    crosswire eval extraction "
    "../shared/evaldata/article-extraction-benchmark",
    no_args_is_help=True,
)
app.add_typer(eval_app, name="eval")

err = Console(stderr=True)
out = Console()

DbOption = Annotated[str, typer.Option("--db", help="Workspace database (SQLite file).")]
DEFAULT_DB = ".crosswire/crosswire.db"


class RichReporter:
    """Progress bars per stage on standard error; silent when quiet or not a terminal."""

    def __init__(self, enabled: bool):
        self.enabled = enabled

    @contextmanager
    def stage(self, name: str, total: int | None):
        if not self.enabled:
            yield lambda advance=1: None
            return
        columns = [
            SpinnerColumn(),
            TextColumn("{task.description:<18}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        ]
        with Progress(*columns, console=err, transient=False) as progress:
            task = progress.add_task(name, total=total)
            yield lambda advance=1: progress.advance(task, advance)
            progress.update(
                task,
                total=progress.tasks[0].completed or total or 1,
                completed=progress.tasks[0].completed or total or 1,
            )


@contextmanager
def _user_errors():
    """A problem the user can fix is one clear line on standard error and exit code 2."""
    try:
        yield
    except UserError as error:
        raise _fail(str(error)) from None


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def _run(
    inputs: list[str], db: str, max_bytes: int, quiet: bool, summary_words: int | None = None
) -> Briefing:
    with _user_errors():
        return api.run(
            inputs,
            db=db,
            max_bytes=max_bytes,
            summary_words=summary_words,
            reporter=RichReporter(enabled=not quiet and err.is_terminal),
        )


def _print_summary(briefing: Briefing, quiet: bool, verbose: bool) -> None:
    problems = [p for p in briefing.problems if p.severity != "warning"]
    warnings = [p for p in briefing.problems if p.severity == "warning"]
    if not quiet:
        table = Table(title="crosswire run", show_header=False, box=None)
        table.add_row("articles", str(len(briefing.articles)))
        table.add_row("inputs skipped or failed", str(len(problems)))
        table.add_row("warnings", str(len(warnings)))
        table.add_row(
            "duplicate groups",
            ", ".join(
                f"{sum(1 for g in briefing.duplicates if g.kind == k)} {k}"
                for k in ("exact", "near", "rewrite")
            ),
        )
        table.add_row("independent origins", str(len(briefing.origins)))
        for timing in briefing.timings:
            table.add_row(f"time: {timing.stage}", f"{timing.seconds:.2f}s ({timing.items} items)")
        err.print(table)
    shown = briefing.problems if verbose else problems
    if shown:
        err.print(
            f"[bold]{len(problems)} input(s) not used[/]"
            + (f", {len(warnings)} warning(s)" if warnings else "")
            + ("" if verbose or not warnings else " (--verbose lists warnings)")
            + ":"
        )
        for problem in shown:
            err.print(f"  {problem.source}: {problem.reason}", highlight=False, markup=False)


def _exit_code(briefing: Briefing) -> int:
    return 1 if any(p.severity != "warning" for p in briefing.problems) else 0


@app.command()
def brief(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, globs, or - for stdin.")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Write the briefing here (.html, .md or .json).")
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", help="html, markdown or json; default: from the output file's suffix."
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
    max_bytes: Annotated[
        int, typer.Option(help="Largest single article to read, in bytes.")
    ] = 5_000_000,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list warnings.")] = False,
    summary_words: Annotated[
        int, typer.Option(help="Length of each story's summary, in words.", min=0)
    ] = 150,
) -> None:
    """Read the inputs, analyse them, and write a briefing.

    Example:

        crosswire brief examples/demo-corpus -o briefing.html
    """
    chosen = fmt or api.format_for_path(str(output))
    if chosen is None:
        raise _fail(
            f"cannot tell the output format from {str(output)!r}; use a .html, .md or "
            ".json file name, or pass --format"
        )
    if chosen not in api.FORMATS:
        raise _fail(f"unknown --format {chosen!r}; choose one of {', '.join(api.FORMATS)}")
    briefing = _run(inputs, db, max_bytes, quiet, summary_words)
    if not briefing.articles:
        _print_summary(briefing, quiet, verbose)
        raise _fail("no article could be read from the inputs; nothing written", 1)
    try:
        api.write(briefing, output, chosen)
    except OSError as error:
        raise _fail(f"cannot write {str(output)!r}: {error.strerror or error}", 1) from None
    _print_summary(briefing, quiet, verbose)
    if not quiet:
        err.print(f"wrote {output} ({chosen})", highlight=False)
    raise typer.Exit(_exit_code(briefing))


@app.command()
def add(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, globs, or - for stdin.")],
    db: DbOption = DEFAULT_DB,
    max_bytes: Annotated[
        int, typer.Option(help="Largest single article to read, in bytes.")
    ] = 5_000_000,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Add articles to the workspace (analysed and cached) without writing a briefing.

    Example:

        crosswire add ~/saved-pages/*.html --db story.db
    """
    briefing = _run(inputs, db, max_bytes, quiet)
    _print_summary(briefing, quiet, verbose)
    raise typer.Exit(_exit_code(briefing))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words or an FTS5 query, e.g. 'port AND deal'.")],
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="How many results.")] = 20,
) -> None:
    """Full-text search over the articles in the workspace.

    Example:

        crosswire search "port deal" --db story.db
    """
    if not Path(db).exists():
        raise _fail(f"no workspace at {db!r}; add articles first (crosswire add …) or pass --db")
    try:
        results = api.search(query, db=db, limit=limit)
    except ValueError as error:
        raise _fail(str(error)) from None
    if not results:
        err.print("no matches")
        raise typer.Exit(1)
    for article_id, title, snippet in results:
        out.print(f"[bold]{article_id}[/]  {title}", highlight=False)
        out.print(f"    {snippet}", highlight=False, markup=False)


def _require_workspace(db: str) -> None:
    if not Path(db).exists():
        raise _fail(f"no workspace at {db!r}; add articles first (crosswire add …) or pass --db")


@app.command("stories")
def list_stories(db: DbOption = DEFAULT_DB) -> None:
    """List the stories in the workspace: id, dates, articles, outlets, title.

    Example:

        crosswire stories --db story.db
    """
    _require_workspace(db)
    with _user_errors():
        found = api.stories(db=db)
    if not found:
        err.print("the workspace has no stories yet; add articles with crosswire add")
        raise typer.Exit(1)
    table = Table(show_lines=False)
    # Ids and dates are copied into other commands: never wrapped; the title folds instead.
    table.add_column("story", no_wrap=True, min_width=18)
    table.add_column("dates", no_wrap=True)
    for column in ("articles", "outlets"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("title", overflow="fold")
    for story in found:
        dates = story.first_date or "no date"
        if story.last_date and story.last_date != story.first_date:
            dates += f" – {story.last_date}"
        table.add_row(
            story.id, dates, str(len(story.article_ids)), str(len(story.outlets)), story.title
        )
    out.print(table)


@app.command()
def show(
    story: Annotated[
        str, typer.Argument(help="A story id from `crosswire stories` (a unique prefix is enough).")
    ],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Print one story's briefing in the terminal.

    Example:

        crosswire show s337a0d5e --db story.db
    """
    from rich.markdown import Markdown

    from crosswire.render.markdown import story_markdown
    from crosswire.render.view import story_views

    _require_workspace(db)
    with _user_errors():
        briefing = api.story_briefing(story, db=db)
    [view] = story_views(briefing)
    out.print(Markdown("\n".join(story_markdown(view, briefing))))


@app.command("recluster")
def recluster_command(db: DbOption = DEFAULT_DB) -> None:
    """Cluster the whole workspace again from scratch; keep surviving story ids and record
    every merge and split.

    Example:

        crosswire recluster --db story.db
    """
    _require_workspace(db)
    with _user_errors():
        changes = api.recluster(db=db)
    if not changes:
        out.print("no change: re-clustering from scratch gives the same stories")
    for change in changes:
        out.print(
            f"{change.kind}: {', '.join(change.from_ids)} → {', '.join(change.into_ids)}",
            highlight=False,
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
    from crosswire.evaluation import ecbplus

    try:
        score, count = ecbplus.evaluate(directory, predictions, db=db)
    except ecbplus.CorpusMissing as error:
        raise _fail(str(error)) from None
    out.print(
        f"documents {count}  BCubed precision {score.precision:.4f}  recall "
        f"{score.recall:.4f}  F1 {score.f1:.4f}",
        highlight=False,
    )


aliases_app = typer.Typer(
    help="The workspace alias table (aliases.toml beside the database): "
    "names → canonical names, overriding automatic entity merging.\n\n"
    "Example:\n\n    crosswire aliases add Kiev Kyiv --db story.db",
    no_args_is_help=True,
)
app.add_typer(aliases_app, name="aliases")


@aliases_app.command("add")
def aliases_add(
    name: Annotated[str, typer.Argument(help="The name as written in articles.")],
    canonical: Annotated[
        str,
        typer.Argument(
            help="The entity it names; the name itself to keep it apart from every other entity."
        ),
    ],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Map a name to a canonical name (takes effect on the next brief or show).

    Example:

        crosswire aliases add "Kiev" "Kyiv" --db story.db
    """
    with _user_errors():
        path = api.set_alias(name, canonical, db=db)
    out.print(f"{name} → {canonical}  ({path})", highlight=False)


@aliases_app.command("remove")
def aliases_remove(
    name: Annotated[str, typer.Argument(help="A name in the alias table.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Remove a name from the alias table.

    Example:

        crosswire aliases remove "Kiev" --db story.db
    """
    with _user_errors():
        path = api.set_alias(name, None, db=db)
    out.print(f"removed {name}  ({path})", highlight=False)


@aliases_app.command("list")
def aliases_list(db: DbOption = DEFAULT_DB) -> None:
    """List the workspace's aliases (the shipped exonym list applies under them).

    Example:

        crosswire aliases list --db story.db
    """
    with _user_errors():
        table = api.workspace_aliases(db)
    if not table:
        out.print("the alias table is empty; add one with crosswire aliases add NAME CANONICAL")
    for name, canonical in sorted(table.items(), key=lambda kv: kv[0].lower()):
        out.print(f"{name} → {canonical}", highlight=False)


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

    Example:

        crosswire eval extraction ../shared/evaldata/article-extraction-benchmark --predictions pred.json
    """
    from crosswire.evaluation import extraction

    try:
        score = extraction.evaluate(directory, predictions)
    except extraction.BenchmarkMissing as error:
        raise _fail(str(error)) from None
    out.print(
        f"pages {score.pages}  precision {score.precision:.4f}  recall {score.recall:.4f}  "
        f"F1 {score.f1:.4f}",
        highlight=False,
    )


@eval_app.command("timeml")
def eval_timeml(
    directory: Annotated[
        Path,
        typer.Argument(
            help="A TimeBank folder of .tml files, e.g. ../shared/evaldata/tbaq/TimeBank."
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
    """Score temporal expressions: value accuracy on gold DATE expressions, by kind, and
    detection precision/recall. The system finds the expressions itself; the DCT is the
    publication date.

    Example:

        crosswire eval timeml ../shared/evaldata/tbaq/TimeBank --predictions timeml.jsonl
    """
    from crosswire.evaluation import timeml

    try:
        score = timeml.evaluate(directory, predictions, limit)
    except timeml.TimeBankMissing as error:
        raise _fail(str(error)) from None
    table = Table(title=f"TimeML DATE values ({score.documents} documents)")
    for column in ("kind", "gold", "correct", "accuracy"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for kind in score.by_kind:
        table.add_row(kind.kind, str(kind.gold), str(kind.correct), f"{kind.accuracy:.3f}")
    table.add_row(
        "overall", str(score.gold), str(score.correct), f"{score.accuracy:.4f}", style="bold"
    )
    out.print(table)
    out.print(
        f"detection: recall {score.recall:.4f} ({score.detected}/{score.gold} gold DATE "
        f"spans found)  precision {score.precision:.4f} ({score.predicted_on_date}/"
        f"{score.predicted} predictions on a gold DATE; {score.precision_any_timex:.4f} "
        "on any gold TIMEX3)",
        highlight=False,
    )


@eval_app.command("multinews")
def eval_multinews(
    csv_file: Annotated[Path, typer.Argument(help="The Multi-News CSV (documents, summary).")],
    predictions: Annotated[
        Path | None, typer.Option(help="Write our summaries here (JSONL {index, summary}).")
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

    Example:

        crosswire eval multinews ../shared/evaldata/multinews-sample/sample_validation.csv --limit 60
    """
    from crosswire.evaluation import multinews
    from crosswire.nlp.models import default_encoder, spacy_pipeline

    encoder = default_encoder()
    if cache is not None:
        encoder = multinews.CachedEncoder(encoder, cache)
    try:
        with RichReporter(enabled=err.is_terminal).stage("clusters", limit) as advance:
            scores = multinews.evaluate(
                csv_file,
                encoder=encoder,
                nlp=spacy_pipeline(),
                limit=limit,
                predictions_path=predictions,
                baselines=baselines,
                progress=advance,
            )
    except multinews.SampleMissing as error:
        raise _fail(str(error)) from None
    for score in scores:
        out.print(
            f"{score.system:<17} clusters {score.clusters}  ROUGE-1 {score.rouge1:.2f}  "
            f"ROUGE-2 {score.rouge2:.2f}  ROUGE-Lsum {score.rougeLsum:.2f}",
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
    from crosswire.analysis.stance_model import LABELS
    from crosswire.evaluation import fnc

    try:
        run = fnc.evaluate(directory, predictions, limit, cache_dir=cache)
    except (fnc.DatasetMissing, FileNotFoundError, ValueError) as error:
        raise _fail(str(error)) from None
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
        for name, figures in run.training.get("cross_validated", {}).items():
            out.print(
                f"  grouped by {figures['grouped_by']}: macro-F1 {figures['macro_f1']:.4f}"
                f"  FNC score {figures['fnc_fraction']:.4f} of max",
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
    recall, speaker accuracy on matched items (protocol in crosswire.evaluation.polnear).

    Example:

        crosswire eval polnear ../shared/evaldata/polnear --split dev --predictions polnear.jsonl
    """
    from crosswire.evaluation import polnear

    splits = tuple(part.strip() for part in split.split(",") if part.strip())
    try:
        score = polnear.evaluate(
            directory, splits, limit=limit, every=every, predictions_path=predictions
        )
    except polnear.CorpusMissing as error:
        raise _fail(str(error)) from None
    out.print(polnear.report(score), highlight=False)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted; work committed so far is kept, run the command again to finish")
        sys.exit(130)
