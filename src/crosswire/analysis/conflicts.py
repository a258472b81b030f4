"""Conflicts: statements of one story that disagree, typed and shown side by side.

Conservative by design — a false conflict costs a fact-checker more than a missed one:

- ``numeric``: the same kind of quantity about the same thing (same unit and the same counted
  or qualified noun: "fourteen months of negotiations" / "15-month-long negotiations") in
  related sentences from different origins, with values that differ beyond rounding;
- ``estimate``: the same, but at least one side is an estimate or the sides are credited to
  different sources — shown as differing estimates, not as a contradiction;
- ``date``: two statements that say the same thing (a fact-level match) but put it on different
  days;
- ``claim_denial``: a statement that something happened and another, from a different origin,
  that denies it or says it has not happened, about the same thing (shared content words);
- ``attribution``: the same quoted words credited to different speakers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from crosswire.analysis import disputes
from crosswire.analysis.facts import single_day
from crosswire.analysis.stance_model import StanceModel
from crosswire.records import (
    Article,
    Conflict,
    ConflictSide,
    Fact,
    QuoteEntry,
    Statement,
    stable_id,
)
from crosswire.records.analysis import ConflictKind
from crosswire.text.normalise import loose_key
from crosswire.text.stems import stem
from crosswire.text.stopwords import CLAIM_STOPWORDS
from crosswire.text.tokens import ascii_words, tokens


@dataclass(frozen=True)
class ConflictConfig:
    #: Sentences this similar are about the same thing for a numeric conflict when their
    #: quantities also share unit and noun (the noun match carries most of the evidence).
    numeric_cosine: float = 0.45
    #: The same for a duration of a named thing ("fourteen months since the dispute began",
    #: "a 15-month-long dispute"): a story's running length of one dispute or war is given in
    #: passing, in sentences about other things, so the noun carries the link. Set by hand, not
    #: tuned: the demo pair is at cosine 0.35.
    duration_cosine: float = 0.3
    #: A denial must be at least this close to the claim it answers, and share content words.
    denial_cosine: float = 0.6
    partial_denial_cosine: float = 0.7
    #: Two statements must say the same thing in nearly the same words for their dates to
    #: conflict (a claimed signing and the real one a week later are two events, not one).
    date_cosine: float = 0.9
    #: The stance path (``disputes.stance_readings``): the claims of other origins at least
    #: this close to a disputing statement, the closest few of them, the disagree probability
    #: of the disputing article towards the claim (the disputing sentence among those that
    #: decided it), how firmly the claim's own article must put it (agree probability), and how
    #: firmly another article must put it to join the claim's side, in a sentence this close to
    #: the claim. Tuned on FNC-1 claims (bench/conflicts_tuning.py: the tuning half's second
    #: part, 97 claims, with a stance model fitted on its first part): precision 0.48, recall
    #: 0.42, F1 0.45 against 0.33 for the stance model's own pair labels; no setting passed
    #: precision 0.5 there (the stance model reads a sentence of another article as a claim
    #: less surely than a headline).
    stance_cosine: float = 0.5
    stance_claims_per_denial: int = 2
    stance_disagree: float = 0.4
    stance_holder_agree: float = 0.0
    stance_support_agree: float = 0.5
    stance_support_cosine: float = 0.7
    #: The stance model to read articles with (None: the shipped one).
    stance_model: StanceModel | None = field(default=None, compare=False, repr=False)


def find_conflicts(
    statements: Sequence[Statement],
    matrix: np.ndarray,
    facts: Sequence[Fact],
    quotes: Sequence[QuoteEntry],
    articles: Mapping[str, Article],
    origin_of: Mapping[str, str],
    story_id: str,
    config: ConflictConfig = ConflictConfig(),
    encoder=None,
) -> tuple[Conflict, ...]:
    """Every conflict of a story's statements; with ``encoder`` (to embed claims recast as
    denied, hedged, confirmed) the stance model also reads each disputing article against the
    claims of other origins (``disputes.stance_readings``)."""
    similarity = Similarity(matrix)
    found = _numeric(statements, similarity, articles, origin_of, story_id, config)
    pairs = _claim_denial(statements, similarity, articles, origin_of, story_id, config)
    pairs += disputes.rule_disputes(
        statements, similarity, articles, origin_of, config.denial_cosine
    )
    if encoder is not None:
        readings = disputes.stance_readings(
            statements,
            matrix,
            similarity,
            articles,
            origin_of,
            encoder,
            config.stance_model,
            cosine=config.stance_cosine,
            per_denial=config.stance_claims_per_denial,
        )
        for reading in readings:
            holder = statements[reading.claim].article_id
            own = next((p for a, p, _ in reading.support if a == holder), 0.0)
            if (
                reading.disagree < config.stance_disagree
                or not reading.decided_by_denial
                or own < config.stance_holder_agree
            ):
                continue
            pairs.append((reading.claim, reading.denial))
            # Other articles the model reads as firmly saying the claim join its side.
            pairs += [
                (best, reading.denial)
                for article_id, agree, best in reading.support
                if article_id != holder
                and agree >= config.stance_support_agree
                and similarity[best, reading.claim] >= config.stance_support_cosine
                and disputes.may_answer(
                    statements[best], statements[reading.denial], articles, origin_of
                )
            ]
    found += _denial_conflicts(statements, pairs, articles, story_id)
    found += _dates(statements, similarity, articles, origin_of, story_id, config)
    found += _attribution(quotes, articles, story_id)
    unique = {c.id: c for c in found}
    return tuple(sorted(unique.values(), key=lambda c: (c.type, c.id)))


class Similarity:
    """Cosine between statements on demand (``similarity[i, j]``), so a story of thousands of
    statements never builds the full matrix; rows are cached as they are asked for."""

    def __init__(self, matrix: np.ndarray):
        self.matrix = matrix
        self._rows: dict[int, np.ndarray] = {}

    def __getitem__(self, pair: tuple[int, int]) -> float:
        i, j = pair
        return float(self.row(i)[j])

    def row(self, i: int) -> np.ndarray:
        """Statement ``i``'s cosine with every statement (cached)."""
        if i not in self._rows:
            if len(self._rows) > 256:
                self._rows.clear()
            self._rows[i] = self.matrix @ self.matrix[i]
        return self._rows[i]


def _side(
    members: Sequence[Statement], articles: Mapping[str, Article], value: str | None = None
) -> ConflictSide:
    ordered = sorted(
        members, key=lambda s: (articles[s.article_id].published or "", s.article_id, s.start)
    )
    article_ids = tuple(dict.fromkeys(s.article_id for s in ordered))
    return ConflictSide(
        text=ordered[0].text,
        statement_ids=tuple(s.id for s in ordered),
        article_ids=article_ids,
        outlets=tuple(
            sorted({articles[a].outlet or "unknown outlet" for a in article_ids}, key=str.lower)
        ),
        # Who says each side: the speaker, or the name that claims it ("Brennan congratulated
        # members on closing the terminal" is Brennan's claim).
        attributed_to=tuple(sorted({h for s in ordered if (h := disputes.claim_holder(s))})),
        value=value,
    )


def _numeric(statements, similarity, articles, origin_of, story_id, config) -> list[Conflict]:
    """Group statement quantities by (kind, unit, noun); where one group holds different amounts
    in related sentences from different origins, each distinct amount is a side."""
    by_thing: dict[tuple[str, str, str], list[tuple[int, float, str, bool]]] = defaultdict(list)
    for index, statement in enumerate(statements):
        for quantity in statement.quantities:
            if quantity.about and not quantity.relative:
                by_thing[(quantity.kind, quantity.unit, quantity.about)].append(
                    (index, quantity.value, quantity.text, quantity.approximate)
                )
    conflicts = []
    for (kind, unit, about), items in sorted(by_thing.items()):
        values = sorted({round(item[1], 6) for item in items})
        if len(values) < 2:
            continue
        # What each statement says of this thing: a statement giving both amounts ("offered 4
        # percent, and the union is seeking 9 percent") contradicts neither, and neither does
        # another that gives both too.
        # An amount of the same kind and unit with no noun of its own ("is seeking 9 percent")
        # counts as said of it.
        stated = {
            i: [
                q.value
                for q in statements[i].quantities
                if (q.kind, q.unit) == (kind, unit) and q.about in (about, None, "")
            ]
            for i, _, _, _ in items
        }
        bar = config.duration_cosine if kind == "duration" else config.numeric_cosine
        linked = [
            (i, v, t, approx)
            for i, v, t, approx in items
            if any(
                similarity[i, j] >= bar
                and not _same(v, w)
                and not any(_same(v, x) for x in stated[j])
                and not any(_same(w, x) for x in stated[i])
                and origin_of.get(statements[i].article_id)
                != origin_of.get(statements[j].article_id)
                for j, w, _, _ in items
            )
        ]
        if len({round(item[1], 6) for item in linked}) < 2:
            continue
        sides_by_value: dict[float, list[Statement]] = defaultdict(list)
        texts: dict[float, str] = {}
        for i, v, t, _ in linked:
            sides_by_value[round(v, 6)].append(statements[i])
            texts.setdefault(round(v, 6), t)
        sides = tuple(
            _side(members, articles, texts[v]) for v, members in sorted(sides_by_value.items())
        )
        # An approximation on either side, or round figures on every side (2,000 vs 3,000
        # killed), are estimates that differ rather than a contradiction.
        estimate = any(approx for _, _, _, approx in linked) or all(
            is_round(v) for _, v, _, _ in linked
        )
        # Figures credited to different named sources are their estimates, not a contradiction.
        credited = [
            {s.attributed_entity_id for s in members} for members in sides_by_value.values()
        ]
        different_sources = all(c and None not in c for c in credited) and not set.intersection(
            *credited
        )
        kind_name: ConflictKind = "estimate" if estimate or different_sources else "numeric"
        label = f"{about} ({kind}{'' if unit in (about, 'percent') else ', ' + unit})"
        conflicts.append(
            Conflict(
                stable_id("c", story_id, kind_name, kind, unit, about),
                story_id,
                kind_name,
                label,
                sides,
            )
        )
    return conflicts


def is_round(value: float) -> bool:
    """Whether a figure is written round: at least 10, with every digit after its first two
    (its first one, below 1,000) zero: 50, 2,000, 1,500, $300m — not 14, 15 or $375m."""
    magnitude = abs(value)
    if magnitude < 10 or magnitude != int(magnitude):
        return False
    digits = len(str(int(magnitude)))
    step = 10 ** max(1, digits - 2) if digits >= 4 else 10 ** (digits - 1)
    return int(magnitude) % step == 0


def _same(a: float, b: float) -> bool:
    return abs(a - b) / max(abs(a), abs(b), 1e-12) <= 0.005


def content_words(text: str) -> set[str]:
    return {w for w in ascii_words(text) if w not in CLAIM_STOPWORDS and len(w) > 3}


_AUXILIARIES = frozenset(
    {
        "been",
        "being",
        "have",
        "has",
        "had",
        "yet",
        "ever",
        "any",
        "the",
        "a",
        "an",
        "be",
        "was",
        "were",
        "is",
        "are",
        "did",
        "does",
        "do",
        "will",
        "would",
        "could",
        "should",
        "still",
        "also",
        "with",
        "its",
    }
)


_DENIERS = frozenset(
    {
        "not",
        "no",
        "never",
        "n't",
        "nobody",
        "nothing",
        "none",
        "deny",
        "denies",
        "denied",
        "denying",
        "reject",
        "rejects",
        "rejected",
        "refute",
        "refutes",
        "refuted",
        "dismissed",
        "dismisses",
        "false",
        "untrue",
    }
)


def negated_stems(text: str) -> set[str]:
    """Stems of the first two content words each negator or denial verb governs, skipping
    auxiliaries: "No agreement has been signed" → {agreement, sign}; "has denied signing a
    contract" → {sign, contract}."""
    words = tokens(text)
    found = set()
    for index, word in enumerate(words):
        if word not in _DENIERS:
            continue
        taken = 0
        for following in words[index + 1 : index + 6]:
            if following in _AUXILIARIES or following in CLAIM_STOPWORDS or len(following) <= 3:
                continue
            found.add(stem(following))
            taken += 1
            if taken == 2:
                break
    return found


def _claim_denial(statements, similarity, articles, origin_of, story_id, config) -> list[tuple]:
    """(claim, denial) pairs where the denial negates the claim's own words. The denial negates
    or denies something ("has not been signed", "denied signing"); a claim is a positive
    statement from another origin that says that very thing (it holds a word the denial negates),
    close in meaning, and not from the same speaker."""
    pairs = []
    stems = [{stem(w) for w in content_words(s.text)} for s in statements]
    for d, denial in enumerate(statements):
        # A denial verb or a falsity word, or a negation someone named is credited with: a
        # negation in the outlet's own voice ("no gold has been removed", "but not saturated
        # fat") is how prose runs, not a denial (on the FNC-1 tuning claims nearly every such
        # pair was a false conflict).
        if denial.stance != "denies" and not (
            denial.polarity == "negative" and denial.attributed_to
        ):
            continue
        denied_words = negated_stems(denial.text)
        if not denied_words:
            continue
        # Only statements close enough to pass either bar below are looked at, in order: the
        # loop is then linear in the story's statements per denial, not a Python pass over all.
        lowest = min(config.denial_cosine, config.partial_denial_cosine)
        for i in np.nonzero(similarity.row(d) >= lowest)[0].tolist():
            claim = statements[i]
            if claim.polarity != "positive" or claim.stance == "denies":
                continue
            if origin_of.get(claim.article_id) == origin_of.get(denial.article_id):
                continue
            shared = denied_words & stems[i]
            # The claim must say the very thing denied: all of it at the base similarity, or
            # part of it when the two sentences are closer still.
            needed = (
                config.denial_cosine if shared == denied_words else config.partial_denial_cosine
            )
            if not shared or similarity[d, i] < needed:
                continue
            # A denial answers what was claimed before it, not a later report of the outcome: a
            # claim published after a dated denial is no answer to it, and neither is an undated
            # one (a partial date included), which cannot be shown to come first.
            claim_day = articles[claim.article_id].published_day
            denial_day = articles[denial.article_id].published_day
            if denial_day is not None and (claim_day is None or claim_day > denial_day):
                continue
            if (
                denial.attributed_entity_id
                and denial.attributed_entity_id == claim.attributed_entity_id
            ):
                continue
            pairs.append((i, d))
    return pairs


def _denial_conflicts(statements, pairs, articles, story_id) -> list[Conflict]:
    """One conflict per denial with every claim it answers, then merged by claim."""
    claims_of: dict[int, list[int]] = defaultdict(list)
    for c, d in sorted(set(pairs)):
        claims_of[d].append(c)
    conflicts = []
    for d, claim_rows in sorted(claims_of.items()):
        claims = [statements[c] for c in claim_rows]
        denial = statements[d]
        key = min(c.id for c in claims)
        conflicts.append(
            Conflict(
                stable_id("c", story_id, "claim_denial", key, denial.id),
                story_id,
                "claim_denial",
                _about(claims[0].text),
                (_side(claims, articles), _side([denial], articles)),
            )
        )
    return _merge_by_claim(conflicts)


def _merge_by_claim(conflicts: list[Conflict]) -> list[Conflict]:
    """Denials of the same claim side become one conflict with all denials on the other side."""
    by_claim: dict[tuple[str, ...], list[Conflict]] = defaultdict(list)
    for conflict in conflicts:
        by_claim[conflict.sides[0].statement_ids].append(conflict)
    merged = []
    for group in by_claim.values():
        denial_ids = tuple(dict.fromkeys(i for c in group for i in c.sides[1].statement_ids))
        if len(group) == 1:
            merged.append(group[0])
            continue
        first = group[0]
        sides = [c.sides[1] for c in group]
        denial = ConflictSide(
            text=sides[0].text,
            statement_ids=denial_ids,
            article_ids=tuple(dict.fromkeys(a for s in sides for a in s.article_ids)),
            outlets=tuple(sorted({o for s in sides for o in s.outlets}, key=str.lower)),
            attributed_to=tuple(sorted({a for s in sides for a in s.attributed_to})),
        )
        merged.append(
            Conflict(
                stable_id("c", first.story_id, "claim_denial", *first.sides[0].statement_ids),
                first.story_id,
                "claim_denial",
                first.about,
                (first.sides[0], denial),
            )
        )
    return merged


def _about(text: str) -> str:
    words = text.split()
    return " ".join(words[:14]) + ("…" if len(words) > 14 else "")


def _dates(statements, similarity, articles, origin_of, story_id, config) -> list[Conflict]:
    """Nearly the same sentence, from different origins, each naming one different day."""
    conflicts = []
    day = [(i, single_day(s)) for i, s in enumerate(statements) if single_day(s)]
    dated = np.array([i for i, _ in day], dtype=int)
    for a in range(len(day)):
        # The later dated statements close to this one, in order (numpy picks them).
        close = np.nonzero(similarity.row(day[a][0])[dated[a + 1 :]] >= config.date_cosine)[0]
        for b in (a + 1 + close).tolist():
            (i, vi), (j, vj) = day[a], day[b]
            if vi == vj or similarity[i, j] < config.date_cosine:
                continue
            if origin_of.get(statements[i].article_id) == origin_of.get(statements[j].article_id):
                continue
            key = sorted([statements[i].id, statements[j].id])
            conflicts.append(
                Conflict(
                    stable_id("c", story_id, "date", *key),
                    story_id,
                    "date",
                    _about(statements[i].text),
                    (_side([statements[i]], articles, vi), _side([statements[j]], articles, vj)),
                )
            )
    return conflicts


def _attribution(quotes: Sequence[QuoteEntry], articles, story_id) -> list[Conflict]:
    """Ledger entries with the same wording but different speakers."""
    conflicts = []
    by_text: dict[str, list[QuoteEntry]] = defaultdict(list)
    for entry in quotes:
        if entry.kind != "indirect" and entry.speaker:
            by_text[loose_key(entry.text)].append(entry)
    for text, entries in sorted(by_text.items()):
        speakers = {e.speaker for e in entries}
        if len(speakers) < 2 or len(text.split()) < 5:
            continue
        sides = tuple(
            ConflictSide(
                text=e.text,
                statement_ids=(),
                article_ids=tuple(v.article_id for v in e.variants),
                outlets=tuple(
                    sorted({articles[v.article_id].outlet or "unknown outlet" for v in e.variants})
                ),
                attributed_to=(e.speaker,) if e.speaker else (),
            )
            for e in sorted(entries, key=lambda e: e.speaker or "")
        )
        conflicts.append(
            Conflict(
                stable_id("c", story_id, "attribution", text),
                story_id,
                "attribution",
                _about(entries[0].text),
                sides,
            )
        )
    return conflicts
