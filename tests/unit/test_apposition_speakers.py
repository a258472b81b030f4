"""A person named in apposition with a title of an organisation is the speaker, not the
organisation: the finder names the person (``integration``, with the spaCy parser), and the
ledger and the statements credit the person's canonical entity even when the organisation is
the only entity tagged inside the source (``unit``)."""

import pytest

from crosswire.analysis.ledger import resolve
from crosswire.analysis.statements import _speaker
from crosswire.attribution.quotes import Attribution
from crosswire.records import Article, Entity, EntityMention

APPOSITION_FORMS = [
    (
        "“We are thrilled to welcome her to the boulevard,” Ana Ruiz, producer of the Walk of "
        "Fame, said in a news release.",
        "Ana Ruiz",
    ),
    (
        "“The talks will resume next week,” said Jane Roe, a spokeswoman for the ministry.",
        "Jane Roe",
    ),
    ("“The talks will resume next week,” the ministry's spokeswoman, Jane Roe, said.", "Jane Roe"),
    (
        "“We expect growth to continue,” John Doe, the company's chief executive, told reporters.",
        "John Doe",
    ),
    (
        "“We expect growth to continue,” said John Doe, chief executive of Acme Corp.",
        "John Doe",
    ),
]


def _direct(text: str) -> Attribution:
    from crosswire.attribution.quotes import find_attributions

    found = [a for a in find_attributions(text) if a.kind == "direct"]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.integration
@pytest.mark.parametrize(("text", "person"), APPOSITION_FORMS)
def test_the_person_in_an_apposition_is_the_named_speaker(text, person):
    direct = _direct(text)
    assert direct.speaker_text == person
    assert direct.speaker_start is not None and direct.speaker_end is not None
    # The speaker's span is the name alone: the organisation in the title is outside it.
    assert text[direct.speaker_start : direct.speaker_end] == person


@pytest.mark.integration
def test_an_organisation_speaking_with_no_person_named_stays_the_organisation():
    text = "“We expect growth to continue,” Acme Corp. said in a statement."
    assert _direct(text).speaker_text == "Acme Corp."


@pytest.mark.integration
def test_a_spokesman_for_an_organisation_with_no_name_names_no_person():
    text = "“The talks will resume next week,” said a spokesman for the Foreign Ministry."
    direct = _direct(text)
    assert direct.speaker_text == "a spokesman"
    assert text[direct.source_start : direct.source_end] == "a spokesman for the Foreign Ministry"


# The ledger and statements stages, on hand-made records: the entity stage tagged the
# organisation in this article but not the person (spaCy reads each paragraph on its own, so
# its tags can differ from the parse the finder used); the person is known from another article.
TEXT = (
    "“She has given the city decades of music,” Ana Ruiz, producer of the Walk of Fame, "
    "said in a news release."
)
NAME = (TEXT.index("Ana Ruiz"), TEXT.index("Ana Ruiz") + len("Ana Ruiz"))
SOURCE = (NAME[0], TEXT.index(", said"))
ORG = (TEXT.index("the Walk of Fame"), TEXT.index(", said"))
ARTICLE = Article(id="a" + "1" * 16, source="a.txt", title="Star", text=TEXT, original_text=TEXT)
OTHER = "a" + "2" * 16


def _attribution(speaker_span, speaker_text):
    return Attribution(
        kind="direct",
        content_start=0,
        content_end=TEXT.index(" Ana"),
        source_start=SOURCE[0],
        source_end=SOURCE[1],
        cue_start=TEXT.index("said"),
        cue_end=TEXT.index("said") + 4,
        cue="said",
        speaker_text=speaker_text,
        speaker_start=speaker_span[0] if speaker_span else None,
        speaker_end=speaker_span[1] if speaker_span else None,
    )


def _entities(person_here: bool) -> list[Entity]:
    person_mentions = [EntityMention(OTHER, 10, 18, "Ana Ruiz")]
    if person_here:
        person_mentions.append(EntityMention(ARTICLE.id, *NAME, "Ana Ruiz"))
    return [
        Entity(
            "e-walk",
            "Walk of Fame",
            "ORG",
            ("the Walk of Fame",),
            (ARTICLE.id,),
            (EntityMention(ARTICLE.id, *ORG, "the Walk of Fame"),),
        ),
        Entity(
            "e-ruiz",
            "Ana Ruiz",
            "PERSON",
            (),
            tuple(sorted({m.article_id for m in person_mentions})),
            tuple(person_mentions),
        ),
    ]


def _statement_speaker(attribution, entities):
    spans = [
        (m.start, m.end, e.id) for e in entities for m in e.mentions if m.article_id == ARTICLE.id
    ]
    return _speaker(
        attribution,
        spans,
        {e.id: e.type for e in entities},
        {e.id: e.name for e in entities},
        TEXT,
    )


@pytest.mark.unit
@pytest.mark.parametrize("person_here", [True, False])
def test_ledger_and_statements_credit_the_person_named_not_the_organisation(person_here):
    entities = _entities(person_here)
    attribution = _attribution(NAME, "Ana Ruiz")
    found = resolve(ARTICLE, attribution, entities)
    assert (found.speaker, found.speaker_entity_id) == ("Ana Ruiz", "e-ruiz")
    assert _statement_speaker(attribution, entities) == ("Ana Ruiz", "e-ruiz")


@pytest.mark.unit
def test_a_person_wins_over_an_organisation_inside_one_speaker_span():
    # An older finder (or a title before the name) gave the whole source as the speaker span.
    entities = _entities(person_here=True)
    attribution = _attribution(SOURCE, "Ana Ruiz")
    assert resolve(ARTICLE, attribution, entities).speaker_entity_id == "e-ruiz"
    assert _statement_speaker(attribution, entities) == ("Ana Ruiz", "e-ruiz")


@pytest.mark.unit
def test_an_unnamed_spokesman_for_an_organisation_is_credited_to_the_organisation():
    text = "“The talks will resume,” said a spokesman for the Walk of Fame."
    article = Article(id=ARTICLE.id, source="a.txt", title="T", text=text, original_text=text)
    source = (text.index("a spokesman"), len(text) - 1)
    org = (text.index("the Walk of Fame"), len(text) - 1)
    entities = [
        Entity(
            "e-walk",
            "Walk of Fame",
            "ORG",
            (),
            (article.id,),
            (EntityMention(article.id, *org, "the Walk of Fame"),),
        )
    ]
    attribution = Attribution(
        "direct", 0, 24, *source, text.index("said"), text.index("said") + 4, "said",
        "a spokesman", *source,
    )  # fmt: skip
    assert resolve(article, attribution, entities).speaker_entity_id == "e-walk"
    spans = [(org[0], org[1], "e-walk")]
    assert _speaker(attribution, spans, {"e-walk": "ORG"}, {"e-walk": "Walk of Fame"}, text) == (
        "Walk of Fame",
        "e-walk",
    )


@pytest.mark.unit
def test_an_organisation_speaking_alone_is_credited_to_the_organisation():
    text = "“We expect growth,” the Walk of Fame said in a statement."
    article = Article(id=ARTICLE.id, source="a.txt", title="T", text=text, original_text=text)
    org = (text.index("the Walk of Fame"), text.index(" said"))
    entities = [
        Entity(
            "e-walk",
            "Walk of Fame",
            "ORG",
            (),
            (article.id,),
            (EntityMention(article.id, *org, "the Walk of Fame"),),
        )
    ]
    attribution = Attribution(
        "direct", 0, 19, *org, org[1] + 1, org[1] + 5, "said", "the Walk of Fame", *org
    )
    assert resolve(article, attribution, entities).speaker == "Walk of Fame"
    spans = [(org[0], org[1], "e-walk")]
    assert _speaker(attribution, spans, {"e-walk": "ORG"}, {"e-walk": "Walk of Fame"}, text)[1] == (
        "e-walk"
    )
