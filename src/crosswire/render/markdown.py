"""The Markdown briefing: the same content as the HTML report, for terminals, wikis and diffs."""

from __future__ import annotations

from crosswire.records import Briefing
from crosswire.render.safe import markdown_code, markdown_text
from crosswire.render.view import (
    StoryView,
    article_index,
    date_label,
    outlet_name,
    provenance_notes,
    story_views,
    summary_counts,
)
from crosswire.text.paragraphs import paragraphs


def _cell(text: str | None) -> str:
    """Untrusted text (titles, article text, names): inert, one line, safe in a table cell."""
    return markdown_text(text)


def render_markdown(briefing: Briefing) -> str:
    views = story_views(briefing)
    out = ["# crosswire briefing", ""]
    out += [", ".join(f"{count} {label}" for label, count in summary_counts(briefing).items()), ""]
    out += [
        "## Stories",
        "",
        "| story | dates | outlets | articles | independent origins |",
        "| --- | --- | --- | --- | --- |",
    ]
    for view in views:
        out.append(
            f"| {_cell(view.story.title)} (`{view.story.id}`) | {view.date_range} | "
            f"{_cell(', '.join(view.story.outlets))} | {len(view.story.article_ids)} | "
            f"{view.origin_count} |"
        )
    out.append("")
    if briefing.story_changes:
        out += ["Story changes:", ""]
        for change in briefing.story_changes:
            out.append(
                f"- {change.kind}: {', '.join(change.from_ids)} → {', '.join(change.into_ids)}"
                + (f" (article `{change.article_id}`)" if change.article_id else "")
            )
        out.append("")
    for view in views:
        out += story_markdown(view, briefing)
    out += ["## Article texts", ""]
    for a in briefing.articles:
        out += [
            f"### {_cell(a.title)}",
            "",
            f"{_cell(outlet_name(a))} · {_cell(date_label(a))} · `{a.id}` · "
            f"source `{markdown_code(a.source)}`",
        ]
        out += [_cell(note[0].upper() + note[1:]) for note in provenance_notes(a)]
        if a.language_note:
            out.append(f"Note: {_cell(a.language_note)}")
        out.append("")
        for paragraph in paragraphs(a.text):
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
            out.append(
                f"- `{markdown_code(problem.source)}` ({problem.severity}): {_cell(problem.reason)}"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def story_markdown(view: StoryView, briefing: Briefing) -> list[str]:
    """One story's briefing: events, articles by outlet, duplicates, passages, entities."""
    articles = article_index(briefing)
    story = view.story
    out = [
        f"## {_cell(story.title)}",
        "",
        f"{view.date_range} · {len(story.article_ids)} articles from {len(view.outlets)} outlets · "
        f"{view.origin_count} independent origins · story `{story.id}`",
        "",
    ]
    if story.note:
        out += [f"Note: {_cell(story.note)}", ""]

    def cite(ids) -> str:
        """The outlets behind these articles, each once (a wire and its copies share a name)."""
        return "; ".join(
            _cell(name) for name in dict.fromkeys(outlet_name(articles[i]) for i in ids)
        )

    if view.summary:
        out += ["### Summary", ""]
        out += [f"- {_cell(item.text)} [{cite(item.article_ids)}]" for item in view.summary]
        out.append("")
    if view.conflicts:
        out += ["### Conflicts", ""]
        for conflict in view.conflicts:
            out.append(f"- **{conflict.type.replace('_', ' ')}**: {_cell(conflict.about)}")
            for side in conflict.sides:
                credit = (
                    f"; attributed to {_cell(', '.join(side.attributed_to))}"
                    if side.attributed_to
                    else ""
                )
                value = f"**{_cell(side.value)}**: " if side.value else ""
                out.append(
                    f"  - {value}“{_cell(side.text)}” — {_cell(', '.join(side.outlets))}{credit}"
                )
        out.append("")
    if view.timeline:
        out += ["### Timeline", ""]
        for entry in view.timeline:
            flags = (
                " (ambiguous: " + ", ".join(entry.candidates) + ")" if entry.ambiguous else ""
            ) + (" (article date inferred)" if entry.date_inferred else "")
            out.append(f"- **{entry.date}**{flags} {_cell(entry.text)} [{cite(entry.article_ids)}]")
        out.append("")
    if view.facts:
        out += [
            "### Facts and their support",
            "",
            "| # | fact | origins | reported by |",
            "| --- | --- | --- | --- |",
        ]
        for fact in view.facts:
            out.append(
                f"| F{view.fact_numbers[fact.id]} | {_cell(fact.text)} | "
                f"{fact.independent_origins} | {_cell(', '.join(fact.outlets))} |"
            )
        out.append("")
    if view.quotes_by_speaker:
        out += ["### Quote ledger", ""]
        for speaker, quotes in view.quotes_by_speaker:
            out.append(f"- **{_cell(speaker)}**")
            for quote in quotes:
                words = _cell(quote.text) if quote.kind == "indirect" else f"“{_cell(quote.text)}”"
                out.append(
                    f"  - ({quote.kind}) {words} — "
                    + "; ".join(
                        f"{_cell(outlet_name(articles[v.article_id]))} ({v.match})"
                        for v in quote.variants
                    )
                )
        out.append("")
    if view.coverage and view.coverage.rows:
        out += [
            "### Coverage",
            "",
            "| outlet | facts reported | only here | left out |",
            "| --- | --- | --- | --- |",
        ]
        for row in view.coverage.rows:
            left = ", ".join(f"F{view.fact_numbers[f]}" for f in row.left_out)
            out.append(
                f"| {_cell(row.outlet)} | {len(row.fact_ids)} | {len(row.only_here)} | {left} |"
            )
        out.append("")
    for only in view.only_in:
        out += [f"#### Only in {_cell(only.outlet)} ({only.count})", ""]
        for text, copied_by in only.shown:
            copies = f" (also printed by {_cell(', '.join(copied_by))})" if copied_by else ""
            out.append(f"- {_cell(text)}{copies}")
        if only.count > len(only.shown):
            out.append(f"- … and {only.count - len(only.shown)} more (in the JSON briefing)")
        out.append("")
    out += ["### Events", ""]
    for number, event in enumerate(story.events, start=1):
        outlets = ", ".join(_cell(outlet_name(articles[i])) for i in event.article_ids)
        out.append(
            f"{number}. **{event.first_date or 'no date'}"
            + (
                f" – {event.last_date}"
                if event.last_date and event.last_date != event.first_date
                else ""
            )
            + f"** {_cell(event.title)} ({outlets})"
        )
    out += ["", "### Articles by outlet", ""]
    for outlet_row in view.outlets:
        out += [
            f"#### {_cell(outlet_row.outlet)}",
            "",
            "| date | title | language | id |",
            "| --- | --- | --- | --- |",
        ]
        for a in outlet_row.articles:
            out.append(f"| {_cell(date_label(a))} | {_cell(a.title)} | {a.language} | `{a.id}` |")
        out.append("")
    out += ["### Duplicates and origins", ""]
    if not view.duplicates:
        out += ["No duplicates found.", ""]
    for group in view.duplicates:
        out.append(f"- **{group.kind}** (similarity {group.similarity:.2f}):")
        for article_id in group.article_ids:
            a = articles[article_id]
            out.append(f"  - {_cell(outlet_name(a))} — {_cell(a.title)} (`{a.id}`)")
        if group.kind == "exact" and len(group.article_ids) == 1:
            out.append(
                "  - same text from: " + ", ".join(f"`{markdown_code(s)}`" for s in group.sources)
            )
    out += ["", f"{view.origin_count} independent origins among {len(view.articles)} articles.", ""]
    if view.passages:
        out += ["### Shared passages", ""]
        for passage in view.passages:
            names = sorted({outlet_name(articles[a]) for a, _, _ in passage.occurrences})
            out.append(f"- “{_cell(passage.text)}” — {', '.join(_cell(o) for o in names)}")
        out.append("")
    if view.entities:
        out += [
            "### Entities",
            "",
            "| name | type | also written | articles |",
            "| --- | --- | --- | --- |",
        ]
        for entity in view.entities:
            out.append(
                f"| {_cell(entity.name)} | {entity.type} | {_cell('; '.join(entity.aliases))} | "
                f"{len(entity.article_ids)} |"
            )
        out.append("")
    return out
