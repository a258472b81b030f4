"""Facts: what two or more independent origins state alike, with the support counted in
origins (copies and rewrites of one report count once). A statement only one origin makes is
no fact: coverage lists it as "only in OUTLET".

Two statements state the same thing when the same-statement model says so
(``crosswire.analysis.same_statement``: MiniLM cosine plus agreement of words, names, numbers,
dates and negation; precision 0.93 at recall 0.52 on MRPC pairs never used to tune it, where
cosine 0.80 alone gave 0.82) and nothing they state disagrees (``compatible``): quantities of the
same kind about the same thing must be the same amount (so "$375m" and "$375 million" join, "four
berths" and "five berths" stay apart for the conflicts stage), two different days never join,
and a denial never joins the claim it denies. A group is complete: every member states the same
thing as every other (texts that are identical count as one), so no chain of near matches can
put two different claims in one fact.

A figure given by two or more origins is also a fact of its own, whatever its spelling ("$375m"
and "$375 million" are one fact: money 375000000 USD), so its support can be counted too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from crosswire.analysis import same_statement
from crosswire.records import Article, Fact, Statement, stable_id
from crosswire.text.fragments import fragment_reason
from crosswire.text.normalise import normalise_text

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class FactConfig:
    #: Cosine below which two statements are not even offered to the same-statement model (for
    #: speed): on the MRPC tuning pairs the model calls 905 pairs the same, 4 of them below 0.6.
    candidate_cosine: float = 0.6
    #: Independent origins a fact needs: one origin saying a thing is a report, not a fact.
    min_origins: int = 2


def compatible(a: Statement, b: Statement) -> bool:
    """Nothing the two statements state contradicts the other: the same polarity and stance,
    the same amount for a figure of the same thing, not two different days or years, and not
    two disjoint sets of named entities ("Veldhaven will pay for the cranes" and "The port
    authority will pay for the cranes" are two claims, however close their words)."""
    if (a.stance == "denies") != (b.stance == "denies") or a.polarity != b.polarity:
        return False
    if a.entity_ids and b.entity_ids and not set(a.entity_ids) & set(b.entity_ids):
        return False
    years_a, years_b = set(_YEAR.findall(a.text)), set(_YEAR.findall(b.text))
    if years_a and years_b and not years_a & years_b:
        return False
    for qa in a.quantities:
        for qb in b.quantities:
            same_thing = (qa.kind, qa.unit, qa.about) == (qb.kind, qb.unit, qb.about)
            if same_thing and qa.about and not _same_amount(qa.value, qb.value):
                return False
    days_a, days_b = single_day(a), single_day(b)
    return not (days_a and days_b and days_a != days_b)


def _same_amount(a: float, b: float) -> bool:
    """Two amounts of one thing agree within half a percent."""
    return abs(a - b) / max(abs(a), abs(b), 1e-12) <= 0.005


def single_day(statement: Statement) -> str | None:
    """The statement's one unambiguous day, if it names exactly one."""
    days = {d.value for d in statement.dates if d.granularity == "day" and not d.ambiguous}
    return days.pop() if len(days) == 1 else None


def close_pairs(matrix: np.ndarray, threshold: float, block: int = 512) -> list[tuple[int, int]]:
    """Index pairs (i < j) with cosine ≥ ``threshold``, closest first. Computed in row blocks so
    a story of thousands of statements never holds the full similarity matrix in memory."""
    found: list[tuple[float, int, int]] = []
    for start in range(0, len(matrix), block):
        scores = matrix[start : start + block] @ matrix.T
        rows, cols = np.nonzero(scores >= threshold)
        for r, c in zip(rows.tolist(), cols.tolist()):
            if start + r < c:
                found.append((float(scores[r, c]), start + r, c))
    found.sort(key=lambda item: (-item[0], item[1], item[2]))
    return [(i, j) for _, i, j in found]


def same_statement_groups(
    statements: Sequence[Statement],
    matrix: np.ndarray,
    config: FactConfig = FactConfig(),
    model: same_statement.SameStatementModel | None = None,
) -> list[list[int]]:
    """Statements grouped so that every two members of a group state the same thing (the model
    at its shipped threshold, or identical text) and are ``compatible``. Groups grow by
    complete linkage, most certain pairs first; every statement is in exactly one group."""
    # Identical texts (copies) are one node: they state the same thing by definition.
    nodes: dict[str, list[int]] = defaultdict(list)
    for i, statement in enumerate(statements):
        nodes[normalise_text(statement.text).lower()].append(i)
    members = list(nodes.values())
    if len(members) < 2:
        return members
    heads = [m[0] for m in members]
    pairs = close_pairs(matrix[heads], config.candidate_cosine)
    model = model or same_statement.default_model()
    texts = [(statements[heads[a]].text, statements[heads[b]].text) for a, b in pairs]
    cosines = [float(matrix[heads[a]] @ matrix[heads[b]]) for a, b in pairs]
    probability = model.probability(same_statement.pair_features(texts, cosines))
    same = {
        (a, b): float(p)
        for (a, b), p in zip(pairs, probability)
        if p >= model.threshold
        and all(compatible(statements[x], statements[y]) for x in members[a] for y in members[b])
    }
    group_of = list(range(len(members)))
    groups: dict[int, list[int]] = {n: [n] for n in range(len(members))}
    for a, b in sorted(same, key=lambda pair: (-same[pair], pair)):
        ga, gb = group_of[a], group_of[b]
        if ga == gb:
            continue
        if not all((min(x, y), max(x, y)) in same for x in groups[ga] for y in groups[gb]):
            continue
        keep, gone = min(ga, gb), max(ga, gb)
        for node in groups[gone]:
            group_of[node] = keep
        groups[keep].extend(groups.pop(gone))
    return [sorted(i for node in nodes_ for i in members[node]) for nodes_ in groups.values()]


def group_facts(
    statements: Sequence[Statement],
    matrix: np.ndarray,
    articles: Mapping[str, Article],
    origin_of: Mapping[str, str],
    story_id: str,
    config: FactConfig = FactConfig(),
    model: same_statement.SameStatementModel | None = None,
) -> tuple[Fact, ...]:
    """Facts of one story: groups of statements that state the same thing (every member with
    every other) from at least ``config.min_origins`` independent origins, and the figures two
    or more origins give. Most-supported first."""
    facts = []
    for indexes in same_statement_groups(statements, matrix, config, model):
        origins = {
            origin_of.get(statements[i].article_id, statements[i].article_id) for i in indexes
        }
        if len(origins) >= config.min_origins:
            members = [statements[i] for i in indexes]
            facts.append(_fact(members, matrix[indexes], articles, origin_of, story_id))
    facts += quantity_facts(
        statements, matrix, articles, origin_of, story_id, config.min_origins, model
    )
    facts.sort(key=lambda f: (-f.independent_origins, -len(f.article_ids), f.id))
    return tuple(facts)


def quantity_facts(
    statements: Sequence[Statement],
    matrix: np.ndarray,
    articles: Mapping[str, Article],
    origin_of: Mapping[str, str],
    story_id: str,
    min_origins: int = 2,
    model: same_statement.SameStatementModel | None = None,
) -> list[Fact]:
    """One fact per figure that ``min_origins`` or more independent origins give, however they
    write it: every statement stating $375 million ("$375m", "$375 million") supports "money
    375000000 USD". Counts and durations need the thing they count to match too; relative
    figures ("the first two berths") are left out."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index, statement in enumerate(statements):
        for q in statement.quantities:
            if q.relative or (q.kind in ("count", "duration") and not q.about):
                continue
            if q.kind == "count" and q.value < 2:  # "the one market", "one of the bidders"
                continue
            about = f" {q.about}" if q.kind == "duration" else ""
            amount = f"{int(q.value)}" if float(q.value).is_integer() else f"{q.value}"
            key = f"{q.kind} {amount} {q.unit}{about}"
            if index not in groups[key]:
                groups[key].append(index)
    versions = figure_versions(statements)
    found = []
    for key, indexes in sorted(groups.items()):
        origins = {
            origin_of.get(statements[i].article_id, statements[i].article_id) for i in indexes
        }
        if len(origins) < min_origins:
            continue
        members = [statements[i] for i in indexes]
        shown = [not _unfit_to_show(s, versions) for s in members]
        fact = _fact(members, matrix[indexes], articles, origin_of, story_id, shown)
        # A small count (under ten) recurs in different claims of one story: "two hybrid
        # ferries" moved to a route and the same two ferries crewed by new officers are two
        # claims that share a figure, not one fact. Such a figure supports the fact only inside
        # a statement about what the shown one says; a sum or a larger count is specific
        # enough to be the fact itself ("$375 million" however the sentence runs).
        if key.startswith("count ") and _small_count(key):
            indexes = _supporting(fact.text, indexes, statements, matrix, model)
        origins = {
            origin_of.get(statements[i].article_id, statements[i].article_id) for i in indexes
        }
        if len(origins) < min_origins:
            continue
        members = [statements[i] for i in indexes]
        shown = [not _unfit_to_show(s, versions) for s in members]
        fact = _fact(members, matrix[indexes], articles, origin_of, story_id, shown)
        found.append(
            Fact(
                stable_id("f", story_id, key),
                story_id,
                fact.text,
                fact.statement_ids,
                fact.article_ids,
                fact.outlets,
                fact.origin_ids,
                quantity=key,
            )
        )
    return found


#: How likely (by the same-statement model) a statement giving a figure must be to say what the
#: figure's shown statement says, to count as its support: a lower bar than two statements
#: merging into one fact (the model's threshold), since the figure itself already agrees.
FIGURE_SUPPORT = 0.5


def _small_count(key: str) -> bool:
    """Whether a figure key ("count 2 ferry") is a count under ten."""
    try:
        return float(key.split()[1]) < 10
    except (IndexError, ValueError):
        return False


def _supporting(
    text: str,
    indexes: list[int],
    statements: Sequence[Statement],
    matrix: np.ndarray,
    model: same_statement.SameStatementModel | None,
) -> list[int]:
    """The statements among ``indexes`` that say what ``text`` (one of them) says."""
    head = next(i for i in indexes if statements[i].text == text)
    others = [i for i in indexes if statements[i].text != text]
    if not others:
        return indexes
    model = model or same_statement.default_model()
    pairs = [(text, statements[i].text) for i in others]
    cosines = [float(matrix[head] @ matrix[i]) for i in others]
    probability = model.probability(same_statement.pair_features(pairs, cosines))
    kept = {i for i, p in zip(others, probability) if p >= FIGURE_SUPPORT}
    return [i for i in indexes if statements[i].text == text or i in kept]


Slot = tuple[str, str, str | None]


def figure_versions(statements: Sequence[Statement]) -> dict[Slot, dict[float, set[str]]]:
    """For every kind of figure in the story (kind, unit, what it counts), the articles giving
    each value: {("count", "berth", "berth"): {4.0: {...7 articles}, 5.0: {one article}}}."""
    versions: dict[Slot, dict[float, set[str]]] = defaultdict(lambda: defaultdict(set))
    for statement in statements:
        for q in statement.quantities:
            if q.about and not q.relative:  # "$50 million" alone is another sum, not a version
                versions[(q.kind, q.unit, q.about)][q.value].add(statement.article_id)
    return versions


def _unfit_to_show(statement: Statement, versions: Mapping[Slot, Mapping[float, set[str]]]) -> bool:
    """A statement that should not be the wording a figure's fact is shown with: a denial or
    negation ("Veldhaven said it had not signed the $375 million deal"), or one giving another
    figure in a version fewer articles of the story give ("five berths and 1.8 million TEUs"
    where most say four berths)."""
    if statement.polarity == "negative" or statement.stance == "denies":
        return True
    for q in statement.quantities:
        if q.relative or not q.about:
            continue
        values = versions.get((q.kind, q.unit, q.about), {})
        if len(values) > 1 and len(values.get(q.value, ())) < max(map(len, values.values())):
            return True
    return False


def _fact(
    members: list[Statement],
    matrix: np.ndarray,
    articles: Mapping[str, Article],
    origin_of: Mapping[str, str],
    story_id: str,
    shown: Sequence[bool] | None = None,
) -> Fact:
    centroid = matrix.mean(axis=0)
    scores = matrix @ centroid
    # The wording shown: the most central statement fit to be shown (``shown``; all when none
    # is), and whole where one is (a piece of a longer quote is a member when its speaker is
    # known, but '"No deal was signed,” she said.' reads better than the bare piece); ties go
    # to the earliest article.
    fit = [i for i in range(len(members)) if shown is None or shown[i]] or list(range(len(members)))
    candidates = [i for i in fit if fragment_reason(members[i].text) is None] or fit
    best = max(
        candidates,
        key=lambda i: (
            round(float(scores[i]), 6),
            _earliness(articles[members[i].article_id]),
            -members[i].sentence_index,
        ),
    )
    ordered = sorted(members, key=lambda s: (s.article_id, s.sentence_index))
    article_ids = tuple(dict.fromkeys(s.article_id for s in ordered))
    outlets = tuple(
        sorted({articles[a].outlet or "unknown outlet" for a in article_ids}, key=str.lower)
    )
    origins = tuple(sorted({origin_of.get(a, a) for a in article_ids}))
    return Fact(
        id=stable_id("f", story_id, ordered[0].id),
        story_id=story_id,
        text=members[best].text,
        statement_ids=tuple(s.id for s in ordered),
        article_ids=article_ids,
        outlets=outlets,
        origin_ids=origins,
    )


def _earliness(article: Article) -> int:
    """Larger for earlier articles (undated last; a partial date counts as its first day)."""
    if not article.published:
        return -(10**9)
    return -int(article.published.replace("-", "").ljust(8, "0"))
