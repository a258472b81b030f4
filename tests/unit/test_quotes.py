"""Quotes and attributions: quotation marks, datelines, speaker resolution and the PolNeAR
scorer without models (``unit``); ``find_attributions`` on hand-written sentences with the
spaCy parser (``integration``)."""

import pytest

from crosswire.attribution.marks import find_quoted_spans
from crosswire.attribution.quotes import Attribution
from crosswire.attribution.speakers import (
    infer_genders,
    resolve_speaker,
    speaker_kind,
)
from crosswire.evaluation.polnear import (
    GoldDocument,
    GoldItem,
    gold_kind,
    matches,
    parse_standoff,
    quoted_mask,
    score_document,
)
from crosswire.records import Mention
from crosswire.text.datelines import find_datelines


def quoted(text):
    return [text[q.start : q.end] for q in find_quoted_spans(text)]


@pytest.mark.unit
def test_curly_and_straight_quotes_are_found_with_their_marks():
    text = 'She said “we will win,” and he said "no way" twice.'
    assert quoted(text) == ["“we will win,”", '"no way"']


@pytest.mark.unit
def test_a_quote_whose_paragraph_opens_without_closing_runs_into_the_next_paragraph():
    text = "Warren said:\n\n“The first part goes on.\n\n“The second part ends it.”\n\nAfter."
    spans = find_quoted_spans(text)
    assert len(spans) == 1
    assert (
        text[spans[0].start : spans[0].end]
        == "“The first part goes on.\n\n“The second part ends it.”"
    )
    assert spans[0].paragraphs == 2


@pytest.mark.unit
def test_an_unclosed_quote_ends_with_its_paragraph_when_the_next_does_not_continue_it():
    text = "He said “this never closes\n\nA new paragraph."
    (span,) = find_quoted_spans(text)
    assert text[span.start : span.end] == "“this never closes" and not span.closed


@pytest.mark.unit
def test_a_mistyped_opening_mark_used_as_closing_still_closes():
    assert quoted("a website “Cape Breton If Donald Trump Wins“ went viral") == [
        "“Cape Breton If Donald Trump Wins“"
    ]


@pytest.mark.unit
def test_datelines_are_found_at_paragraph_starts_only():
    text = (
        "WASHINGTON (AP) — The bill passed.\n\nDES MOINES, Iowa — Voters met.\n\n"
        "The senator said no."
    )
    spans = [text[s:e].strip() for s, e in find_datelines(text)]
    assert spans == ["WASHINGTON (AP) —", "DES MOINES, Iowa —"]


@pytest.mark.unit
@pytest.mark.parametrize(
    "phrase, kind",
    [
        ("he", "male"),
        ("She", "female"),
        ("it", "organisation"),
        ("the senator", "person"),
        ("the campaign", "organisation"),
        ("the Clinton campaign manager", "person"),
        ("Trump", None),
        ("a spokesman", None),
    ],
)
def test_speaker_kind_of_pronouns_and_titles(phrase, kind):
    assert speaker_kind(phrase) == kind


def mentions_of(text, *names):
    found = []
    for name, label in names:
        start = text.index(name)
        found.append(Mention("", start, start + len(name), name, label))
    return sorted(found, key=lambda m: m.start)


@pytest.mark.unit
def test_resolve_speaker_takes_the_nearest_compatible_named_mention():
    text = "Hillary Clinton met Donald Trump. The Clinton campaign spoke. Then she said it."
    mentions = mentions_of(
        text, ("Hillary Clinton", "PERSON"), ("Donald Trump", "PERSON"), ("Clinton campaign", "ORG")
    )
    position = text.index("she said")
    assert resolve_speaker("she", position, mentions).text == "Donald Trump"  # gender unknown
    genders = {"hillary clinton": "female", "donald trump": "male"}
    assert resolve_speaker("she", position, mentions, genders).text == "Hillary Clinton"
    assert resolve_speaker("he", position, mentions, genders).text == "Donald Trump"
    assert resolve_speaker("it", position, mentions).text == "Clinton campaign"
    assert resolve_speaker("the campaign", position, mentions).text == "Clinton campaign"


@pytest.mark.unit
def test_resolve_speaker_prefers_subjects_skips_quotes_and_gives_up_beyond_its_window():
    text = "Sanders criticised Clinton. “Ask Obama,” someone said. He left."
    mentions = mentions_of(text, ("Sanders", "PERSON"), ("Clinton", "PERSON"), ("Obama", "PERSON"))
    position = text.index("He left")
    quote = (text.index("“"), text.index("”") + 1)
    assert resolve_speaker("he", position, mentions).text == "Obama"
    assert resolve_speaker("he", position, mentions, blocked=[quote]).text == "Clinton"
    assert (
        resolve_speaker(
            "he", position, mentions, blocked=[quote], subjects={text.index("Sanders")}
        ).text
        == "Sanders"
    )
    assert resolve_speaker("he", position, mentions, window=5) is None
    assert resolve_speaker("Trump", position, mentions) is None  # a name needs no resolving


@pytest.mark.unit
def test_genders_come_from_honorifics_and_the_article_s_own_pronouns():
    text = "Ms. Warren spoke first. Then Sanders said he would fight."
    mentions = mentions_of(text, ("Warren", "PERSON"), ("Sanders", "PERSON"))
    sentences = [(0, text.index("Then")), (text.index("Then"), len(text))]
    assert infer_genders(text, mentions, sentences) == {"warren": "female", "sanders": "male"}


ANNOTATION = "\n".join(
    [
        "T1\tSource 0 5\tTrump",
        "T2\tCue 6 10\tsaid",
        "T3\tContent 11 20;25 30\tthe plan ... works",
        "T4\tAttribution 6 10\tsaid",
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
        "T5\tCue 40 46\tseemed",
        "T6\tContent 31 39\tIt was ok",
        "T7\tAttribution-no-source 40 46\tseemed",
        "E2\tAttribution-no-source:T7 Cue:T5 Content:T6",
        "T8\tDiscuss 0 5\tTrump",
    ]
)


@pytest.mark.unit
def test_brat_standoff_events_become_items_with_their_discontinuous_spans():
    items = parse_standoff(ANNOTATION)
    assert items[0] == {"Source": [(0, 5)], "Cue": [(6, 10)], "Content": [(11, 20), (25, 30)]}
    assert items[1]["Source"] == [] and items[1]["Content"] == [(31, 39)]
    assert len(items) == 2


@pytest.mark.unit
def test_gold_kind_is_read_from_the_share_of_quoted_characters():
    text = 'He said "we will win the state," and that voters "care" about jobs.'
    mask = quoted_mask(text, [(q.start, q.end) for q in find_quoted_spans(text)])
    whole = (text.index('"we'), text.index('state,"') + 7)
    assert gold_kind(text, [whole], mask) == "direct"
    clause = (text.index("voters"), text.index("jobs") + 4)
    assert gold_kind(text, [clause], mask) == "partial"
    assert gold_kind(text, [(0, 7)], mask) == "indirect"


@pytest.mark.unit
def test_a_match_needs_an_overlap_of_half_the_shorter_span():
    assert matches((0, 10), [(5, 40)])  # 5 of the shorter 10
    assert not matches((0, 10), [(6, 40)])  # 4 of 10
    assert matches((0, 100), [(10, 20), (30, 40)])  # gold pieces summed: 20 of 20


@pytest.mark.unit
def test_score_document_counts_recall_precision_and_speakers():
    item = GoldItem("direct", ((10, 30),), ((0, 5),), ((6, 9),))
    unsourced = GoldItem("indirect", ((40, 60),), (), ())
    document = GoldDocument("doc", "dev", "a1", "x" * 80, (item, unsourced))
    right = Attribution("direct", 10, 31, source_start=0, source_end=5)
    stray = Attribution("direct", 65, 75, source_start=0, source_end=5)
    reported = Attribution("indirect", 41, 58)
    counts = score_document(document, [right, stray, reported])
    assert counts["matched"]["direct"] == 1 and counts["matched"]["indirect"] == 1
    assert counts["predicted"]["direct"] == 2 and counts["correct"]["direct"] == 1
    assert counts["speaker_checked"] == {"direct": 1, "partial": 0, "indirect": 0}
    assert counts["speaker_right"]["direct"] == 1
    wrong = Attribution("direct", 10, 31, source_start=60, source_end=70)
    assert score_document(document, [wrong])["speaker_right"]["direct"] == 0


@pytest.mark.unit
def test_attribution_round_trips_through_a_dict():
    attribution = Attribution("partial", 3, 9, 0, 2, 2, 3, "said", "Trump", 0, 2)
    assert Attribution.from_dict(attribution.to_dict() | {"doc": "ignored"}) == attribution


# -- with the parser ---------------------------------------------------------------------------


def attributions(text):
    from crosswire.attribution.quotes import find_attributions

    return find_attributions(text)


def content(text, attribution):
    return text[attribution.content_start : attribution.content_end]


def source(text, attribution):
    if attribution.source_start is None:
        return None
    return text[attribution.source_start : attribution.source_end]


def only(found, kind):
    chosen = [a for a in found if a.kind == kind]
    assert len(chosen) == 1, found
    return chosen[0]


@pytest.mark.integration
def test_direct_quote_with_a_trailing_cue():
    text = "“We are going to win this state,” Trump told reporters on Monday."
    direct = only(attributions(text), "direct")
    assert content(text, direct) == "“We are going to win this state,”"
    assert source(text, direct) == "Trump" and direct.cue == "told"


@pytest.mark.integration
def test_partial_quote_inside_reported_speech():
    text = "Sanders said the tax plan was “a disaster for working families” and should be dropped."
    partial = only(attributions(text), "partial")
    assert "“a disaster for working families”" in content(text, partial)
    assert content(text, partial).startswith("the tax plan")
    assert source(text, partial) == "Sanders"


@pytest.mark.integration
def test_multi_paragraph_quote_is_one_attribution_to_the_speaker_before_the_colon():
    text = (
        "Senator Elizabeth Warren said:\n\n“The banks have had their way for too long.\n\n"
        "“It is time that they paid for what they did.”"
    )
    direct = only(attributions(text), "direct")
    assert content(text, direct).startswith("“The banks") and content(text, direct).endswith(
        "did.”"
    )
    assert direct.speaker_text == "Elizabeth Warren"


@pytest.mark.integration
def test_according_to_gives_the_source_and_the_rest_of_the_clause():
    text = "According to the senator's office, the bill will pass next week."
    indirect = only(attributions(text), "indirect")
    assert content(text, indirect) == "the bill will pass next week"
    assert source(text, indirect) == "the senator's office" and indirect.cue == "According to"


@pytest.mark.integration
def test_trailing_she_said_is_resolved_to_the_named_speaker_before():
    text = (
        "Senator Elizabeth Warren spoke in Boston on Friday.\n\n"
        "The bank must be held accountable for the fraud, she said."
    )
    indirect = only(attributions(text), "indirect")
    assert content(text, indirect) == "The bank must be held accountable for the fraud"
    assert source(text, indirect) == "she" and indirect.speaker_text == "Elizabeth Warren"


@pytest.mark.integration
def test_pronoun_in_a_later_quote_resolves_to_the_previous_named_speaker():
    text = (
        "“We will fight for every vote,” Hillary Clinton said on Tuesday.\n\n"
        "“Nobody should count us out,” she added."
    )
    second = [a for a in attributions(text) if a.kind == "direct"][1]
    assert source(text, second) == "she" and second.speaker_text == "Hillary Clinton"


@pytest.mark.integration
def test_reported_speech_kinds_without_quotes():
    text = (
        "Trump wrote on Twitter that the report was fake news. "
        "The campaign denied the allegations on Sunday."
    )
    found = attributions(text)
    twitter = next(a for a in found if a.cue == "wrote")
    assert (
        content(text, twitter) == "that the report was fake news"
        and source(text, twitter) == "Trump"
    )
    denial = next(a for a in found if a.cue == "denied")
    assert content(text, denial) == "the allegations" and source(text, denial) == "The campaign"


@pytest.mark.integration
def test_a_dateline_is_never_a_speaker_and_an_unresolved_pronoun_names_nobody():
    text = "NEW YORK (AP) — “It was a long night for all of us,” he said after the vote."
    direct = only(attributions(text), "direct")
    # The source as written is kept (it is what the text says), but no one is named for it.
    assert source(text, direct) == "he" and direct.speaker_text is None
    assert direct.speaker_start is None
    text = "WASHINGTON (AP) — The economy grew faster than expected, officials said on Friday."
    indirect = only(attributions(text), "indirect")
    assert source(text, indirect) == "officials"
    assert indirect.speaker_text != "WASHINGTON"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # A nested quote closing just before the outer one: the cue after it still belongs to it.
        ("“She asked, ‘What can I do? What kind of help do you need?’” Weaver said.", "Weaver"),
        # A quote ending in a full stop, then a bare signature sentence.
        (
            "Clinton lost.\n\n“I hope you’re able to find the emails that are missing.” "
            "Trump said.\n\n"
            "Clinton says the mails were personal.",
            "Trump",
        ),
        # A quote mark glued to the comma after the verb.
        (
            "Ryan said,“Look, images like that have got no place in a presidential campaign.”",
            "Ryan",
        ),
        # The object of a participle is not its speaker.
        (
            "Trump launched an attack against Obama, calling him “the most ignorant president "
            "in our "
            "history.”",
            "Trump",
        ),
        # Inverted cues: an asker after a question, a name with an age, a name the parser mangles.
        ("A child spoke.\n\n“How big is that wall?” asked the boy, who wore a red hat.", "the boy"),
        (
            "“We were tremendously wrong not to confront him from the beginning,” Ramos, 58, "
            "told AFP in "
            "an interview.",
            "Ramos",
        ),
        (
            '"I\'m impressed by his ability to insult literally every kind of human being," '
            "screenwriter "
            "Cole Haddon wrote on Twitter.",
            "Cole Haddon",
        ),
        (
            "“Republicans are so frustrated that they are now completely unloading on "
            'Secretary Clinton," '
            "said Oversight ranking Democrat Elijah Cummings (D-Md.).",
            "Cummings",
        ),
        # The subject's apposition may separate the quote from its cue.
        (
            'She waited.\n\n"I am calling from the campaign. How are you today?" Miller, a retired '
            "worker from a nuclear plant, said pleasantly into the phone.",
            "Miller",
        ),
        # The name after the closing quote, an apposition and a participle before the verb.
        (
            "Not everyone was pleased.\n\n“We’ve had more successful conventions than this "
            "one,” Texas "
            "delegate Bill Eastland, wearing a cowboy hat, said matter-of-factly.",
            "Bill Eastland",
        ),
    ],
)
def test_the_speaker_of_a_quote_in_hard_layouts(text, speaker):
    quoted = [a for a in attributions(text) if a.kind in ("direct", "partial")]
    assert quoted and speaker in source(text, quoted[0])


def test_the_writer_is_a_source_but_never_a_named_speaker():
    text = (
        "I was not off to a good start. “Okay,” I said, attempting to regroup. “I came here at 17.”"
    )
    found = [a for a in attributions(text) if a.kind == "direct"]
    assert found and all(source(text, a) == "I" and a.speaker_text is None for a in found)


@pytest.mark.parametrize(
    "text",
    [
        "Smith said the firm would appeal the verdict. “We will fight this ruling.” Jones agreed.",
        "Smith said the firm would appeal. “This ruling is a disgrace.” Jones said nothing.",
        "Smith said the firm would appeal. “This ruling is a disgrace.” Jones responded angrily.",
    ],
)
def test_a_sentence_after_a_quote_that_does_more_than_sign_it_does_not_take_it(text):
    direct = only(attributions(text), "direct")
    assert source(text, direct) == "Smith"


@pytest.mark.parametrize(
    "text",
    [
        "Trump attacked Clinton, then said the race was rigged.",
        "Obama praised Merkel, said the alliance was strong.",
    ],
)
def test_the_object_of_an_earlier_verb_is_never_the_speaker(text):
    found = attributions(text)
    assert found
    for attribution in found:
        assert attribution.speaker_text not in ("Clinton", "Merkel")
