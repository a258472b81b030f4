"""Claim vs denial on real phrasing, and durations written differently: conflicts between
statements written by hand (as the statements stage would record them), with the real encoder
(so marked integration). Negatives first-class: the same origin, the same speaker and an
unrelated denial make no conflict."""

from __future__ import annotations

from dataclasses import replace

import pytest

from crosswire.analysis.conflicts import find_conflicts
from crosswire.analysis.quantities import find_quantities
from crosswire.records import Article, QuantityValue, Statement

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def encoder():
    from crosswire.nlp.models import ModelMissing, default_encoder
    from crosswire.nlp.vectors import CachedEncoder

    try:
        model = default_encoder()
        model.warm_up()
    except ModelMissing as error:
        pytest.skip(str(error))
    return CachedEncoder(model)


OUTLETS = {"a": "Northgate Herald", "b": "Eastbank Courier", "c": "Lowland Wire"}


def _article(key: str, published: str | None = "2026-02-10") -> Article:
    return Article(
        id=key, source=f"{key}.txt", title="", text="", original_text="",
        outlet=OUTLETS[key], published=published,
    )  # fmt: skip


def _statement(
    article: str,
    index: int,
    text: str,
    *,
    speaker: str | None = None,
    speaker_id: str | None = None,
    stance: str = "reports",
    negative: bool = False,
) -> Statement:
    quantities = tuple(
        QuantityValue(q.kind, q.value, q.unit, q.text, q.about, q.approximate, q.relative)
        for q in find_quantities(text)
    )
    return Statement(
        id=f"t{article}{index}",
        article_id=article,
        sentence_index=index,
        start=index * 200,
        end=index * 200 + len(text),
        text=text,
        quantities=quantities,
        polarity="negative" if negative else "positive",
        stance=stance,  # type: ignore[arg-type]
        attributed_to=speaker,
        attributed_entity_id=speaker_id,
    )


def _conflicts(encoder, statements, origins=None, published=None):
    articles = {s.article_id: _article(s.article_id) for s in statements}
    if published:
        articles = {k: _article(k, published.get(k, "2026-02-10")) for k in articles}
    origin_of = origins or {k: f"o{k}" for k in articles}
    matrix = encoder.encode([s.text for s in statements])
    return find_conflicts(statements, matrix, (), (), articles, origin_of, "s1", encoder=encoder)


def _denials(conflicts):
    return [c for c in conflicts if c.type == "claim_denial"]


CLAIMED_CAPTURE = [
    _statement(
        "a", 0,
        "The Wagner group claimed on Saturday to have taken the town of Soledar after weeks of "
        "fighting.",
        speaker="Wagner", speaker_id="e-wagner", stance="claims",
    ),
    _statement(
        "a", 1,
        "Its leader congratulated his troops on capturing Soledar, calling it a turning point.",
        speaker="Yevgeny Prigozhin", speaker_id="e-prigozhin",
    ),
]  # fmt: skip


def test_a_claimed_capture_and_a_denial_from_another_outlet_conflict_with_both_named(encoder):
    denial = _statement(
        "b", 0,
        "President Volodymyr Zelensky on Sunday denied that Soledar had fallen to the Russian "
        "forces.",
        speaker="Volodymyr Zelensky", speaker_id="e-zelensky", stance="denies", negative=True,
    )  # fmt: skip
    [conflict] = _denials(_conflicts(encoder, [*CLAIMED_CAPTURE, denial]))
    claim_side, denial_side = conflict.sides
    assert claim_side.article_ids == ("a",) and denial_side.article_ids == ("b",)
    assert set(claim_side.attributed_to) & {"Wagner", "Yevgeny Prigozhin"}
    assert denial_side.attributed_to == ("Volodymyr Zelensky",)
    assert denial_side.outlets == ("Eastbank Courier",)


def test_disputed_the_claim_answers_the_sentence_before_it(encoder):
    reported = [
        _statement(
            "b", 0,
            "Wagner fighters said on Saturday that they had taken full control of Soledar.",
            speaker="Wagner", speaker_id="e-wagner",
        ),
        _statement(
            "b", 1, "Ukraine's military disputed the claim on Sunday.",
            speaker="Ukraine's military", speaker_id="e-military", stance="denies",
        ),
    ]  # fmt: skip
    [conflict] = _denials(_conflicts(encoder, [*CLAIMED_CAPTURE, *reported]))
    assert conflict.sides[0].article_ids == ("a",)
    assert conflict.sides[1].text == "Ukraine's military disputed the claim on Sunday."
    assert conflict.sides[1].attributed_to == ("Ukraine's military",)


def test_officials_saying_the_fighting_continues_dispute_a_claimed_capture(encoder):
    continues = _statement(
        "c", 0,
        "Ukrainian officials say the fighting for Soledar continues and that the town has not "
        "been surrendered.",
        speaker="Ukrainian officials", negative=True,
    )  # fmt: skip
    [conflict] = _denials(_conflicts(encoder, [*CLAIMED_CAPTURE, continues]))
    assert conflict.sides[0].article_ids == ("a",)
    assert conflict.sides[1].article_ids == ("c",)
    assert conflict.sides[1].attributed_to == ("Ukrainian officials",)


def test_no_conflict_between_a_claim_and_a_denial_of_the_same_origin(encoder):
    denial = _statement(
        "b", 0,
        "President Volodymyr Zelensky denied that Soledar had fallen.",
        speaker="Volodymyr Zelensky", speaker_id="e-zelensky", stance="denies", negative=True,
    )  # fmt: skip
    same_origin = {"a": "o1", "b": "o1"}
    assert not _denials(_conflicts(encoder, [*CLAIMED_CAPTURE, denial], origins=same_origin))


def test_no_conflict_when_the_claims_holder_is_the_one_who_disputes(encoder):
    denial = _statement(
        "b", 0,
        "Wagner later disputed the claim that Soledar had fallen, saying the fighting continues.",
        speaker="Wagner", speaker_id="e-wagner", stance="denies",
    )  # fmt: skip
    assert not _denials(_conflicts(encoder, [CLAIMED_CAPTURE[0], denial]))


def test_no_conflict_with_a_denial_about_something_else(encoder):
    unrelated = _statement(
        "b", 0,
        "The mining company denied reports that it would close its salt works in Bakhmut next "
        "year.",
        speaker="The mining company", stance="denies", negative=True,
    )  # fmt: skip
    other = _statement(
        "c",
        0,
        "Fighting continues along the northern front line near Kharkiv, officials said.",
        speaker="officials",
    )
    assert not _denials(_conflicts(encoder, [*CLAIMED_CAPTURE, unrelated, other]))


def test_a_denial_published_before_the_claim_answers_nothing(encoder):
    denial = _statement(
        "b", 0,
        "President Volodymyr Zelensky denied that Soledar had fallen.",
        speaker="Volodymyr Zelensky", speaker_id="e-zelensky", stance="denies", negative=True,
    )  # fmt: skip
    found = _conflicts(
        encoder, [*CLAIMED_CAPTURE, denial], published={"a": "2026-02-12", "b": "2026-02-10"}
    )
    assert not _denials(found)


def test_fourteen_months_since_the_war_began_conflicts_with_a_15_month_long_war(encoder):
    statements = [
        _statement("a", 0, "It has been fourteen months since the war began in the east."),
        _statement("b", 0, "The toll of the 15-month-long war has risen again, officials said."),
    ]
    [conflict] = [c for c in _conflicts(encoder, statements) if c.type in ("numeric", "estimate")]
    assert conflict.type == "numeric" and conflict.about == "war (duration, month)"
    assert [s.value for s in conflict.sides] == ["fourteen months", "15-month-long"]


def test_round_figures_that_differ_are_estimates(encoder):
    statements = [
        _statement("a", 0, "Officials said 2,000 soldiers were killed in the battle for the town."),
        _statement("b", 0, "The battle for the town has killed 3,000 soldiers, officials said."),
    ]
    [conflict] = [c for c in _conflicts(encoder, statements) if c.type in ("numeric", "estimate")]
    assert conflict.type == "estimate"


@pytest.mark.parametrize(
    "text, about",
    [
        ("It is fourteen months since the war began.", "war"),
        ("a 15-month-long war", "war"),
        ("the 15-month war", "war"),
        ("14 months since the start of the war", "war"),
        ("ten months into the war", "war"),
        ("fourteen months of negotiations", "negotiation"),
        # The head of a compound, and what began with a phrase of its own before 'began'.
        ("a 15-month-long pay dispute between the operator and the union", "dispute"),
        ("fourteen months since the pay dispute with Kestrel Line Ferries began", "dispute"),
        ("two years ago", ""),
        ("three weeks since he began", ""),
    ],
)
def test_a_duration_is_about_what_it_measures(text, about):
    [quantity] = find_quantities(text)
    assert quantity.kind == "duration" and quantity.about == about


def test_a_claimed_closure_and_a_denial_that_it_was_shut_conflict_with_both_holders(encoder):
    claim = _statement(
        "a", 0,
        "The Dock Workers' Union claimed on Monday to have shut down the Eastport terminal, "
        "saying no ship had left since dawn.",
        negative=True,
    )  # fmt: skip
    denial = _statement(
        "b", 0,
        "Harrow Shipping on Monday denied that the Eastport terminal had been shut down and said "
        "it remained open.",
        speaker="Harrow Shipping", speaker_id="e-harrow", stance="denies", negative=True,
    )  # fmt: skip
    [conflict] = _denials(_conflicts(encoder, [claim, denial]))
    assert conflict.sides[0].attributed_to == ("Dock Workers' Union",)
    assert conflict.sides[1].attributed_to == ("Harrow Shipping",)


def test_a_report_of_whether_it_was_shut_claims_nothing(encoder):
    neutral = _statement(
        "a", 0,
        "The union and the operator gave opposing accounts of whether the Eastport terminal had "
        "been shut.",
    )  # fmt: skip
    denial = _statement(
        "b", 0,
        "Harrow Shipping said the Eastport terminal remained open.",
        speaker="Harrow Shipping", speaker_id="e-harrow", negative=False,
    )  # fmt: skip
    assert not _denials(_conflicts(encoder, [neutral, denial]))


def test_an_offer_and_a_demand_in_each_sentence_contradict_nothing(encoder):
    statements = [
        _statement("a", 0, "The company offered a 4 percent pay rise; the union wants 9 percent."),
        _statement("b", 0, "The union seeks a 9 percent rise; the company offered 4 percent."),
    ]  # fmt: skip
    assert not [c for c in _conflicts(encoder, statements) if c.type in ("numeric", "estimate")]


def test_a_claim_its_own_writer_calls_alleged_is_not_read_against_a_hoax_verdict(encoder):
    from crosswire.analysis import disputes

    claim = _statement(
        "a", 0,
        "The photograph shows an alleged giant crab lurking off the Eastport harbour wall.",
    )  # fmt: skip
    denial = _statement(
        "b", 0,
        "Experts say the giant crab photograph off the Eastport harbour wall is a hoax.",
        speaker="Experts", stance="denies",
    )  # fmt: skip
    matrix = encoder.encode([claim.text, denial.text])
    articles = {k: _article(k) for k in ("a", "b")}
    readings = disputes.stance_readings(
        [claim, denial], matrix, disputes_similarity(matrix), articles, {"a": "oa", "b": "ob"},
        encoder, None, cosine=0.0, per_denial=2,
    )  # fmt: skip
    assert readings == []
    plain = replace(claim, text=claim.text.replace("an alleged", "a"))
    matrix = encoder.encode([plain.text, denial.text])
    readings = disputes.stance_readings(
        [plain, denial], matrix, disputes_similarity(matrix), articles, {"a": "oa", "b": "ob"},
        encoder, None, cosine=0.0, per_denial=2,
    )  # fmt: skip
    assert [(r.claim, r.denial) for r in readings] == [(0, 1)]


def disputes_similarity(matrix):
    from crosswire.analysis.conflicts import Similarity

    return Similarity(matrix)
