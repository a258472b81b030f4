"""Facts: one fact only for statements that state the same thing from two or more independent
origins; the rest is coverage's "only in OUTLET"."""

import numpy as np
import pytest

from crosswire.analysis import coverage, same_statement
from crosswire.analysis.facts import group_facts
from crosswire.analysis.quantities import find_quantities
from crosswire.records import Article, QuantityValue, Statement

pytestmark = pytest.mark.unit

OUTLETS = {"a": "Harbour Tribune", "b": "Coastal Ledger", "c": "Northstar Wire", "d": "KTV"}


def articles(*ids: str) -> dict[str, Article]:
    return {i: Article(i, f"{i}.txt", "", "", "", outlet=OUTLETS[i]) for i in ids}


def statement(article_id: str, index: int, text: str) -> Statement:
    quantities = tuple(
        QuantityValue(q.kind, q.value, q.unit, q.text, q.about, q.approximate, q.relative)
        for q in find_quantities(text)
    )
    return Statement(
        f"t-{article_id}-{index}", article_id, index, 0, len(text), text, quantities=quantities
    )


def vectors(cosines: dict[tuple[int, int], float], count: int) -> np.ndarray:
    """Unit vectors whose pairwise dot products are the given cosines (others 0.5): the Gram
    matrix's square root, so any consistent set of cosines can be asked for."""
    gram = np.full((count, count), 0.5)
    np.fill_diagonal(gram, 1.0)
    for (i, j), value in cosines.items():
        gram[i, j] = gram[j, i] = value
    values, basis = np.linalg.eigh(gram)
    assert values.min() > -1e-6, "the cosines asked for are not consistent"
    return (basis * np.sqrt(np.clip(values, 0, None))).astype(np.float32)


def test_two_similar_statements_that_say_different_things_are_not_one_fact():
    """Training pilots on a jet and allowing its transfer: two claims about one jet. Their
    MiniLM cosine, 0.742, was measured on these sentences; the old rule joined at 0.8, so a
    rewording a little closer would have joined them."""
    found = [
        statement("a", 0, "The Dutch government said it would train Ukrainian pilots on F-16 jets"),
        statement("b", 0, "The Dutch government said it would allow the transfer of F-16 jets"),
    ]
    facts = group_facts(found, vectors({(0, 1): 0.742}, 2), articles("a", "b"), {}, "s")
    assert [f for f in facts if f.quantity is None] == []


def test_statements_naming_different_years_or_different_parties_are_not_one_fact():
    """Close in words and in MiniLM (cosines 0.937 and 0.859, measured on these sentences;
    the old rule joined both), but a different year and a different payer."""
    years = [
        statement("a", 0, "The port authority said the first berth would open in 2029."),
        statement("b", 0, "The port authority said the first berth would open in 2031."),
    ]
    assert group_facts(years, vectors({(0, 1): 0.937}, 2), articles("a", "b"), {}, "s") == ()
    payers = [
        statement("a", 0, "Veldhaven will pay for dredging, quay construction and cranes."),
        statement("b", 0, "The port authority will pay for dredging, quay construction and cranes"),
    ]
    payers = [
        Statement(**{**payers[0].__dict__, "entity_ids": ("e-veldhaven",)}),
        Statement(**{**payers[1].__dict__, "entity_ids": ("e-authority",)}),
    ]
    assert group_facts(payers, vectors({(0, 1): 0.859}, 2), articles("a", "b"), {}, "s") == ()


def test_a_claim_and_its_denial_are_not_one_fact_however_close():
    found = [
        statement("a", 0, "Veldhaven Terminals signed the concession agreement on Monday."),
        statement("b", 0, "Veldhaven Terminals denied it signed the concession deal on Monday."),
    ]
    found[1] = Statement(**{**found[1].__dict__, "stance": "denies", "polarity": "negative"})
    assert group_facts(found, vectors({(0, 1): 0.95}, 2), articles("a", "b"), {}, "s") == ()


def test_a_paraphrase_from_two_origins_is_one_fact():
    found = [
        statement("a", 0, "Veldhaven Terminals signed the concession agreement on Monday."),
        statement("b", 3, "On Monday, Veldhaven Terminals signed the concession agreement."),
    ]
    [fact] = group_facts(found, vectors({(0, 1): 0.97}, 2), articles("a", "b"), {}, "s")
    assert fact.statement_ids == ("t-a-0", "t-b-3")
    assert fact.independent_origins == 2
    assert fact.outlets == ("Coastal Ledger", "Harbour Tribune")


def test_statements_whose_figures_disagree_are_not_one_fact():
    found = [
        statement("a", 0, "The terminal will have four berths on reclaimed land at Ennore."),
        statement("b", 0, "The terminal will have five berths on reclaimed land at Ennore."),
    ]
    assert group_facts(found, vectors({(0, 1): 0.98}, 2), articles("a", "b"), {}, "s") == ()


def test_a_single_origin_statement_is_no_fact_but_is_only_in_its_outlet():
    found = [
        statement("a", 0, "Veldhaven Terminals signed the concession agreement on Monday."),
        statement("b", 0, "On Monday, Veldhaven Terminals signed the concession agreement."),
        statement("a", 1, "Fishing families at Ennore said they would challenge the deal."),
    ]
    both = articles("a", "b")
    facts = group_facts(found, vectors({(0, 1): 0.97}, 3), both, {}, "s")
    assert [f.statement_ids for f in facts] == [("t-a-0", "t-b-0")]
    rows = {r.outlet: r for r in coverage.build_coverage(facts, both, {}, "s", found).rows}
    assert [o.statement_id for o in rows["Harbour Tribune"].only_statements] == ["t-a-1"]
    assert rows["Coastal Ledger"].only_statements == ()


def test_a_copy_from_the_same_origin_makes_no_fact():
    """Two outlets printing one wire report: one origin, so no corroboration; each outlet's
    list names the other as printing the same words."""
    text = "Veldhaven Terminals signed the concession agreement on Monday."
    found = [statement("a", 0, text), statement("c", 0, text)]
    both = articles("a", "c")
    origin_of = {"a": "wire", "c": "wire"}
    facts = group_facts(found, vectors({(0, 1): 1.0}, 2), both, origin_of, "s")
    assert [f for f in facts if f.quantity is None] == []
    rows = {r.outlet: r for r in coverage.build_coverage(facts, both, origin_of, "s", found).rows}
    [only] = rows["Harbour Tribune"].only_statements
    assert (only.statement_id, only.copied_by) == ("t-a-0", ("Northstar Wire",))


class CosineModel(same_statement.SameStatementModel):
    """Same when the pair's cosine (the first feature) is at least 0.9: a stand-in that makes
    the linkage rule visible whatever the trained trees would say."""

    def __init__(self):
        pass

    @property
    def threshold(self) -> float:  # type: ignore[override]
        return 0.5

    def probability(self, features):
        return (np.atleast_2d(features)[:, 0] >= 0.9).astype(float)


def test_a_chain_of_two_claims_is_not_one_fact():
    """A ~ B and B ~ C but not A ~ C: B states both claims; neither A nor C may join a fact
    with the other through it."""
    found = [
        statement("a", 0, "The Dutch will train Ukrainian pilots on F-16 jets, the minister said."),
        statement("b", 0, "The Dutch will train pilots on F-16 jets and allow their transfer."),
        statement("c", 0, "The Dutch will allow the transfer of F-16 jets, the minister said."),
    ]
    matrix = vectors({(0, 1): 0.95, (1, 2): 0.93, (0, 2): 0.8}, 3)
    facts = group_facts(found, matrix, articles("a", "b", "c"), {}, "s", model=CosineModel())
    assert [f.statement_ids for f in facts if f.quantity is None] == [("t-a-0", "t-b-0")]
