"""Facts: statements that say the same thing across a story's articles, with their support
counted in independent origins (copies and rewrites of one report count once).

Two statements say the same thing when their sentence embeddings are close and nothing they
state disagrees: quantities of the same kind about the same thing must be the same amount (so
"$375m" and "$375 million" join, "four berths" and "five berths" stay apart for the conflicts
stage), two different days never join, and a denial never joins the claim it denies.

A figure given by several articles is also a fact of its own, whatever its spelling ("$375m" and
"$375 million" are one fact: money 375000000 USD), so its support can be counted too.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from crosswire.records import Article, Fact, Statement, stable_id
from crosswire.text.normalise import normalise_text


@dataclass(frozen=True)
class FactConfig:
    #: Cosine at or above which two statements say the same thing (MiniLM: paraphrases of one
    #: news sentence mostly 0.8–0.95; related but different sentences 0.5–0.75). Set at the
    #: lower edge of paraphrase so a rewrite's reworded sentence still joins its original.
    same_cosine: float = 0.8


def compatible(a: Statement, b: Statement) -> bool:
    """Nothing the two statements state contradicts the other."""
    if (a.stance == "denies") != (b.stance == "denies") or a.polarity != b.polarity:
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


@dataclass
class _Group:
    """What a group of pairwise compatible statements states, enough to tell whether every
    member is compatible with every member of another group without comparing them pair by pair
    (merging two groups of n was n² ``compatible`` calls: 612k of them, 2.3 s, for one long
    article). Exact: members share their stance and polarity, name at most one day between them,
    and the amounts each agrees with form an interval, so a thing's smallest and largest amounts
    stand for all of its amounts."""

    key: tuple[bool, str]
    day: str | None
    #: (kind, unit, about) → the smallest and largest amount stated of it.
    amounts: dict[tuple, tuple[float, float]]

    @classmethod
    def of(cls, statement: Statement) -> _Group:
        amounts: dict[tuple, tuple[float, float]] = {}
        for q in statement.quantities:
            if q.about:
                low, high = amounts.get((q.kind, q.unit, q.about), (q.value, q.value))
                amounts[(q.kind, q.unit, q.about)] = (min(low, q.value), max(high, q.value))
        return cls(
            (statement.stance == "denies", statement.polarity), single_day(statement), amounts
        )

    def compatible(self, other: _Group) -> bool:
        """Every member of this group is ``compatible`` with every member of ``other``."""
        if self.key != other.key or (self.day and other.day and self.day != other.day):
            return False
        for thing in self.amounts.keys() & other.amounts.keys():
            ours, theirs = self.amounts[thing], other.amounts[thing]
            if not all(_same_amount(a, b) for a in ours for b in theirs):
                return False
        return True

    def absorb(self, other: _Group) -> None:
        self.day = self.day or other.day
        for thing, (low, high) in other.amounts.items():
            ours = self.amounts.get(thing, (low, high))
            self.amounts[thing] = (min(ours[0], low), max(ours[1], high))


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


def group_facts(
    statements: Sequence[Statement],
    matrix: np.ndarray,
    articles: Mapping[str, Article],
    origin_of: Mapping[str, str],
    story_id: str,
    config: FactConfig = FactConfig(),
) -> tuple[Fact, ...]:
    """Facts of one story: connected groups of same-saying statements (each group's members
    pairwise compatible with the statement that joins them). Most-supported first."""
    parent = list(range(len(statements)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if len(statements):
        exact: dict[str, list[int]] = defaultdict(list)
        for i, statement in enumerate(statements):
            exact[normalise_text(statement.text).lower()].append(i)
        pairs = [(i, j) for group in exact.values() for i, j in itertools.pairwise(group)]
        pairs += close_pairs(matrix, config.same_cosine)
        summary = {i: _Group.of(statement) for i, statement in enumerate(statements)}
        for i, j in pairs:
            ri, rj = find(i), find(j)
            if ri == rj or not summary[ri].compatible(summary[rj]):
                continue
            keep, gone = min(ri, rj), max(ri, rj)
            parent[gone] = keep
            summary[keep].absorb(summary.pop(gone))
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(statements)):
        groups[find(i)].append(i)
    facts = [
        _fact([statements[i] for i in indexes], matrix[indexes], articles, origin_of, story_id)
        for indexes in groups.values()
    ]
    facts += quantity_facts(statements, matrix, articles, origin_of, story_id)
    facts.sort(key=lambda f: (-f.independent_origins, -len(f.article_ids), f.id))
    return tuple(facts)


def quantity_facts(
    statements: Sequence[Statement],
    matrix: np.ndarray,
    articles: Mapping[str, Article],
    origin_of: Mapping[str, str],
    story_id: str,
) -> list[Fact]:
    """One fact per figure that two or more articles give, however they write it: every
    statement stating $375 million ("$375m", "$375 million") supports "money 375000000 USD".
    Counts and durations need the thing they count to match too; relative figures ("the first
    two berths") are left out."""
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
        if len({statements[i].article_id for i in indexes}) < 2:
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
    # is); ties go to the earliest article.
    candidates = [i for i in range(len(members)) if shown is None or shown[i]] or list(
        range(len(members))
    )
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
