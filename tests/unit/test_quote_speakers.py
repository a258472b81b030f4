"""Speaker rules found on PolNeAR train (the tuning part), checked on sentences written for
these tests (``integration``: they need the spaCy parser)."""

import pytest


def _direct(text: str):
    from crosswire.attribution.quotes import find_attributions

    found = [a for a in find_attributions(text) if a.kind == "direct"]
    assert len(found) == 1, found
    return found[0]


def _source(text: str, attribution) -> str | None:
    if attribution.source_start is None:
        return None
    return text[attribution.source_start : attribution.source_end]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Later that day he said of Congress: “They just need to get their act together.”", "he"),
        (
            "On the topic, chapter president Luis Osuna told The Huffington Post: “A lot of "
            "people are assuming that it is only lawyers.”",
            "chapter president Luis Osuna",
        ),
    ],
)
def test_a_listener_or_topic_before_the_colon_is_not_the_speaker(text, source):
    assert _source(text, _direct(text)) == source


@pytest.mark.integration
def test_a_name_after_a_dash_before_the_colon_is_still_a_label():
    text = "Pollsters agree - Carl Bialik: “One of the biggest lessons was about turnout.”"
    assert _direct(text).speaker_text == "Carl Bialik"


@pytest.mark.integration
def test_a_pronoun_cue_reported_by_a_named_cue_takes_the_name():
    text = (
        "Bolton said he would advise Trump on the “strategic threats that exist out there, in "
        "the form of Russia and China.”"
    )
    found = [a for a in _all(text) if a.content_start <= text.index("“") < a.content_end]
    assert found and all(_source(text, a) == "Bolton" for a in found)


def _all(text):
    from crosswire.attribution.quotes import find_attributions

    return find_attributions(text)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Moore thanked him for “stepping up and taking action when Congress won’t.”",
            "Moore",
        ),
        (
            "Sanders credited Clinton's victory to “a closed primary, something I am not all "
            "that enthusiastic about.”",
            "Sanders",
        ),
    ],
)
def test_a_quote_in_the_predicate_of_a_named_subject_is_that_subjects(text, source):
    assert _source(text, _direct(text)) == source


@pytest.mark.integration
@pytest.mark.parametrize(
    "text",
    [
        # A title in quotes is nobody's words.
        "He appeared on “The Nightly Show with Larry Wilmore.”",
        # A subject that cannot speak.
        "The music seemed to match the mood with “All right now, we are going home tonight.”",
    ],
)
def test_titles_and_subjects_that_cannot_speak_name_no_speaker(text):
    found = [a for a in _all(text) if a.kind == "direct"]
    assert all(a.speaker_text is None for a in found)


@pytest.mark.integration
def test_what_hangs_on_the_object_of_a_sending_verb_is_the_senders():
    text = (
        "The Vermont senator emailed supporters saying: “The struggle continues and we will "
        "compete in every contest.”"
    )
    assert _source(text, _direct(text)) == "The Vermont senator"


@pytest.mark.integration
def test_the_owner_of_a_noun_for_something_said_is_the_speaker():
    text = (
        "Hillary Clinton spoke in Ohio on Monday. The miners' union is unlikely to give her "
        "the nod after her March comment that, “We're going to put a lot of coal companies out "
        "of business.”"
    )
    direct = _direct(text)
    assert _source(text, direct) == "her" and direct.speaker_text == "Hillary Clinton"


def _speaker_of(text: str, content: str):
    from crosswire.attribution.quotes import find_attributions

    [found] = [
        a for a in find_attributions(text) if content in text[a.content_start : a.content_end]
    ]
    return found.speaker_text


@pytest.mark.integration
def test_a_subject_the_parser_took_from_the_dateline_is_the_apposition_after_it():
    text = (
        "HARWICK, England — The Dock and Harbour Workers' Union claimed on Tuesday to have shut "
        "the container port, saying no ship had sailed since dawn."
    )
    assert _speaker_of(text, "shut the container port") == "Dock and Harbour Workers' Union"


@pytest.mark.integration
def test_the_union_is_a_name_with_union_in_it_or_no_one():
    named = (
        "Talks with the Dock and Harbour Workers' Union resumed in Harwick on Monday. The union "
        "said the offer was too low."
    )
    assert _speaker_of(named, "the offer was too low") == "Dock and Harbour Workers' Union"
    unnamed = "Ferries left Harwick and Rosslare on time. The union said the offer was too low."
    assert _speaker_of(unnamed, "the offer was too low") in (None, "The union", "the union")


def test_described_name_finds_the_institution_the_tagger_missed():
    from crosswire.attribution.speakers import described_name

    text = "The Harbour and Ferry Workers' Union walked out. Later the union said more."
    span = described_name("the union", text, text.index("the union"))
    assert span is not None and text[span[0] : span[1]] == "Harbour and Ferry Workers' Union"
    assert described_name("the company", text, text.index("the union")) is None
    assert described_name("the union", "Rosslare and Cork were quiet. ", 30) is None
