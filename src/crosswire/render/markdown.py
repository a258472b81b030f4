"""The Markdown briefing: the same content as the HTML report, for terminals, wikis and diffs."""

from __future__ import annotations

from crosswire.model import Briefing
from crosswire.render.view import (article_index, by_outlet, date_label, outlet_name,
                                   summary_counts)


def _cell(text: str | None) -> str:
    """Table cells: no pipes or newlines from untrusted article text."""
    return (text or "").replace("|", "\\|").replace("\n", " ").strip()


def render_markdown(briefing: Briefing) -> str:
    articles = article_index(briefing)
    out = ["# crosswire briefing", ""]
    out += [", ".join(f"{count} {label}" for label, count in summary_counts(briefing).items()), ""]

    out += ["## Articles by outlet", ""]
    for row in by_outlet(briefing):
        out += [f"### {_cell(row.outlet)}", "", "| date | title | language | id |", "| --- | --- | --- | --- |"]
        for a in row.articles:
            out.append(f"| {_cell(date_label(a))} | {_cell(a.title)} | {a.language} | `{a.id}` |")
        out.append("")

    out += ["## Duplicates and origins", ""]
    if not briefing.duplicates:
        out += ["No duplicates found.", ""]
    for group in briefing.duplicates:
        out.append(f"- **{group.kind}** (similarity {group.similarity:.2f}):")
        for article_id in group.article_ids:
            a = articles[article_id]
            out.append(f"  - {_cell(outlet_name(a))} — {_cell(a.title)} (`{a.id}`)")
        if group.kind == "exact" and len(group.article_ids) == 1:
            out.append("  - same text from: " + ", ".join(f"`{_cell(s)}`" for s in group.sources))
    out += ["", f"{len(briefing.origins)} independent origins among {len(briefing.articles)} articles.", ""]

    if briefing.passages:
        out += ["## Shared passages", ""]
        for passage in briefing.passages:
            outlets = sorted({outlet_name(articles[a]) for a, _, _ in passage.occurrences})
            out.append(f"- “{_cell(passage.text)}” — {', '.join(_cell(o) for o in outlets)}")
        out.append("")

    out += ["## Entities", "", "| name | type | articles |", "| --- | --- | --- |"]
    for entity in briefing.entities[:100]:
        out.append(f"| {_cell(entity.name)} | {entity.type} | {len(entity.article_ids)} |")
    out.append("")

    out += ["## Articles", ""]
    for a in briefing.articles:
        out += [f"### {_cell(a.title)}", "",
                f"{_cell(outlet_name(a))} · {_cell(date_label(a))} · `{a.id}` · source `{_cell(a.source)}`"]
        if a.published_evidence:
            out.append(f"Date read from: “{_cell(a.published_evidence)}”")
        if a.language_note:
            out.append(f"Note: {_cell(a.language_note)}")
        out.append("")
        for paragraph in a.text.split("\n\n"):
            out += [f"> {_cell(paragraph)}", ">"]
        if out[-1] == ">":
            out.pop()
        out.append("")
        for removed in a.removed:
            out.append(f"- removed ({_cell(removed.reason)}): “{_cell(removed.text)}”")
        for issue in a.issues:
            out.append(f"- {issue.kind}: “{_cell(issue.text)}” at {issue.start}")
        out.append("")

    if briefing.problems:
        out += ["## Inputs not used or read with a warning", ""]
        for problem in briefing.problems:
            out.append(f"- `{_cell(problem.source)}` ({problem.severity}): {_cell(problem.reason)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
