"""What the human-readable renderers (HTML, Markdown, terminal) show, computed once for all."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from crosswire.records import (
    Article,
    Briefing,
    Conflict,
    Coverage,
    DuplicateGroup,
    Entity,
    Fact,
    QuoteEntry,
    SharedPassage,
    Statement,
    Story,
    SummaryItem,
    TimelineEntry,
)
from crosswire.text.paragraphs import paragraph_spans

#: Facts listed per story in the human-readable outputs, best supported first (all in the JSON).
FACTS_PER_STORY = 25

#: Entities listed per story in the human-readable outputs (all of them are in the JSON).
ENTITIES_PER_STORY = 30


@dataclass(frozen=True)
class OutletRow:
    outlet: str
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class OnlyIn:
    """What one outlet alone reports in a story: no other independent origin states it."""

    outlet: str
    count: int
    shown: tuple[tuple[str, tuple[str, ...]], ...]


#: Statements shown per outlet under "only in OUTLET" (the briefing's JSON has them all); the
#: first ones in article order, where news puts what it holds most important.
ONLY_SHOWN_PER_OUTLET = 5


def only_in_views(coverage: Coverage | None, text_of: dict[str, str]) -> tuple[OnlyIn, ...]:
    if coverage is None:
        return ()
    return tuple(
        OnlyIn(
            row.outlet,
            len(row.only_statements),
            tuple(
                (text_of[o.statement_id], o.copied_by)
                for o in row.only_statements[:ONLY_SHOWN_PER_OUTLET]
                if o.statement_id in text_of
            ),
        )
        for row in coverage.rows
        if row.only_statements
    )


@dataclass(frozen=True)
class StoryView:
    """One story's own briefing: its articles and what was found among them."""

    story: Story
    articles: tuple[Article, ...]
    outlets: tuple[OutletRow, ...]
    duplicates: tuple[DuplicateGroup, ...]
    passages: tuple[SharedPassage, ...]
    entities: tuple[Entity, ...]
    origin_count: int
    summary: tuple[SummaryItem, ...] = ()
    facts: tuple[Fact, ...] = ()
    fact_count: int = 0
    conflicts: tuple[Conflict, ...] = ()
    quotes_by_speaker: tuple[tuple[str, tuple[QuoteEntry, ...]], ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    coverage: Coverage | None = None
    fact_numbers: dict[str, int] = field(default_factory=dict)
    #: Per outlet with claims of its own: (outlet, how many, the first few as (text, outlets
    #: that print the same words as copies)).
    only_in: tuple[OnlyIn, ...] = ()

    @property
    def date_range(self) -> str:
        return date_range(self.story.first_date, self.story.last_date)


def outlet_name(article: Article) -> str:
    return article.outlet or "unknown outlet"


def date_label(article: Article) -> str:
    """ "2026-05-18", "2026-05-21 (inferred from dateline)" or "no date"."""
    if not article.published:
        if article.published_candidates:
            return f"no date (the text points to {', '.join(article.published_candidates)})"
        return "no date"
    if article.date_inferred:
        return f"{article.published} (inferred from {article.published_source})"
    return article.published


def provenance_notes(article: Article) -> list[str]:
    """Where the outlet, the credit and the date were read from the text, in words."""
    notes = []
    if article.outlet_evidence:
        notes.append(f"outlet read from “{article.outlet_evidence}”")
    if article.credit and article.credit != article.outlet:
        notes.append(f"credit {article.credit} from “{article.credit_evidence or ''}”")
    elif article.credit and article.credit_evidence != article.outlet_evidence:
        notes.append(f"credit read from “{article.credit_evidence or ''}”")
    if article.published_evidence:
        notes.append(f"date read from “{article.published_evidence}”")
    return notes


def date_range(first: str | None, last: str | None) -> str:
    if not first:
        return "no date"
    return first if first == last else f"{first} – {last}"


def by_outlet(articles: tuple[Article, ...] | list[Article]) -> tuple[OutletRow, ...]:
    """Articles grouped by outlet (alphabetical), each group in date order."""
    groups: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        groups[outlet_name(article)].append(article)
    return tuple(OutletRow(name, tuple(groups[name])) for name in sorted(groups, key=str.lower))


def story_views(briefing: Briefing) -> tuple[StoryView, ...]:
    views = []
    text_of = {s.id: s.text for s in briefing.statements}
    for story in briefing.stories:
        story_coverage = next((c for c in briefing.coverage if c.story_id == story.id), None)
        members = set(story.article_ids)
        articles = tuple(a for a in briefing.articles if a.id in members)
        views.append(
            StoryView(
                story=story,
                articles=articles,
                outlets=by_outlet(articles),
                duplicates=tuple(g for g in briefing.duplicates if members & set(g.article_ids)),
                passages=tuple(
                    p for p in briefing.passages if members & {a for a, _, _ in p.occurrences}
                ),
                entities=tuple(e for e in briefing.entities if e.story_id == story.id)[
                    :ENTITIES_PER_STORY
                ],
                origin_count=sum(1 for o in briefing.origins if members & set(o.article_ids)),
                summary=tuple(x for x in briefing.summary if x.story_id == story.id),
                facts=tuple(f for f in briefing.facts if f.story_id == story.id)[:FACTS_PER_STORY],
                fact_count=sum(1 for f in briefing.facts if f.story_id == story.id),
                conflicts=tuple(c for c in briefing.conflicts if c.story_id == story.id),
                quotes_by_speaker=_by_speaker(
                    [q for q in briefing.quotes if q.story_id == story.id]
                ),
                timeline=tuple(t for t in briefing.timeline if t.story_id == story.id),
                coverage=story_coverage,
                only_in=only_in_views(story_coverage, text_of),
                fact_numbers={
                    f.id: n
                    for n, f in enumerate(
                        (f for f in briefing.facts if f.story_id == story.id), start=1
                    )
                },
            )
        )
    return tuple(views)


def summary_counts(briefing: Briefing) -> dict[str, int]:
    return {
        "stories": len(briefing.stories),
        "articles": len(briefing.articles),
        "outlets": len({outlet_name(a) for a in briefing.articles}),
        "independent origins": len(briefing.origins),
        "duplicate groups": len(briefing.duplicates),
        "inputs not used": sum(1 for p in briefing.problems if p.severity != "warning"),
    }


def article_index(briefing: Briefing) -> dict[str, Article]:
    return {a.id: a for a in briefing.articles}


def _by_speaker(quotes: list[QuoteEntry]) -> tuple[tuple[str, tuple[QuoteEntry, ...]], ...]:
    groups: dict[str, list[QuoteEntry]] = defaultdict(list)
    for quote in quotes:
        groups[quote.speaker or "speaker not identified"].append(quote)
    order = sorted(
        groups, key=lambda name: (name == "speaker not identified", -len(groups[name]), name)
    )
    return tuple((name, tuple(groups[name])) for name in order)


def article_segments(briefing: Briefing) -> dict[str, list[list[tuple[str, str | None]]]]:
    """Each article's paragraphs as (text, statement id or None) pieces, so every claim in the
    report can link to the sentence it came from."""
    by_article: dict[str, list[Statement]] = defaultdict(list)
    for statement in briefing.statements:
        by_article[statement.article_id].append(statement)
    out = {}
    for article in briefing.articles:
        spans = sorted(by_article.get(article.id, []), key=lambda s: s.start)
        paragraphs = []
        for start, end in paragraph_spans(article.text):
            pieces: list[tuple[str, str | None]] = []
            cursor = start
            for statement in spans:
                if statement.start < start or statement.end > end or statement.start < cursor:
                    continue
                if statement.start > cursor:
                    pieces.append((article.text[cursor : statement.start], None))
                pieces.append((article.text[statement.start : statement.end], statement.id))
                cursor = statement.end
            if cursor < end:
                pieces.append((article.text[cursor:end], None))
            paragraphs.append(pieces)
        out[article.id] = paragraphs
    return out


def timeline_svg(entries: tuple[TimelineEntry, ...], width: int = 960) -> str:
    """The day-, week- and month-dated entries of a story on one axis, as inline SVG (escaped, no
    external parts). A month sits at its first day; ambiguous entries are hollow; an entry whose
    article date was inferred is drawn dashed."""
    # Days, weeks and months only: a founder's birth year or a 2029 opening date would squeeze
    # the story's own weeks into a corner; those stay in the list below the chart.
    dated = [(e, _start_date(e.date)) for e in entries if e.granularity in ("day", "week", "month")]
    points = [(e, d) for e, d in dated if d is not None]
    if not points:
        return ""
    first = min(d for _, d in points).toordinal()
    last = max(d for _, d in points).toordinal()
    span = max(last - first, 1)
    margin, row_height = 70, 18
    rows: dict[int, int] = {}
    parts = []
    for entry, day in sorted(points, key=lambda p: (p[1], p[0].id)):
        x = margin + (day.toordinal() - first) / span * (width - 2 * margin)
        row = rows.get(int(x) // 40, 0)
        rows[int(x) // 40] = row + 1
        y = 40 + row * row_height
        fill = "none" if entry.ambiguous else "#0b5cad"
        dash = ' stroke-dasharray="2,2"' if entry.date_inferred else ""
        title = html.escape(
            f"{entry.date} ({entry.granularity}){' — ambiguous' if entry.ambiguous else ''}"
            f"{' — article date inferred' if entry.date_inferred else ''}: {entry.text}"
        )
        parts.append(
            f'<a href="#tl-{html.escape(entry.id)}"><circle cx="{x:.1f}" cy="{y}" r="5" '
            f'fill="{fill}" stroke="#0b5cad"{dash}><title>{title}</title></circle></a>'
        )
    height = 40 + max(rows.values()) * row_height + 30
    axis = (
        f'<line x1="{margin}" y1="25" x2="{width - margin}" y2="25" stroke="#888"/>'
        f'<text x="{margin}" y="15" font-size="11">'
        f"{html.escape(date.fromordinal(first).isoformat())}</text>"
        f'<text x="{width - margin}" y="15" font-size="11" text-anchor="end">'
        f"{html.escape(date.fromordinal(last).isoformat())}</text>"
    )
    return (
        f'<svg class="timeline" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="Timeline of dated events">{axis}{"".join(parts)}</svg>'
    )


def _start_date(value: str) -> date | None:
    match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1))
    except ValueError:
        return None
