"""The shared text helpers (``crosswire.text``), including the differences between the flavours
that are kept apart on purpose."""

import pytest

from crosswire.records import article_id_for
from crosswire.text.datelines import Dateline, find_dateline, find_datelines
from crosswire.text.fragments import fragment_reason, reported_speech
from crosswire.text.names import name_key
from crosswire.text.normalise import ascii_fold, loose_key, normalise_text
from crosswire.text.paragraphs import paragraph_spans, paragraphs
from crosswire.text.stems import INFLECTIONS, PLURAL, short_stem, stem
from crosswire.text.stopwords import CLAIM_STOPWORDS, STOPWORDS, TITLE_STOPWORDS
from crosswire.text.tokens import ascii_words, numbers, tokens, words

pytestmark = pytest.mark.unit


def test_normalise_text_composes_unicode_and_collapses_spaces():
    assert normalise_text(" Cafe\u0301\u00a0 bar\n\tx ") == "Café bar x"


def test_article_ids_are_pinned():
    # Ids are hashes of the normalised text: this value must never move.
    assert article_id_for("The port  authority\u00a0said.\n") == article_id_for(
        "The port authority said."
    )
    assert article_id_for("The port authority said.") == "ab6ebff53d8adcd85"


def test_loose_key_ignores_case_punctuation_and_spacing():
    assert loose_key('The  PORT, said: "yes"!') == "the port said yes"


def test_ascii_fold_drops_accents():
    assert ascii_fold("Gérard Łódź") == "Gerard odz"


def test_words_split_at_any_non_word_character_unless_kept():
    text = "Didn't O'Brien's vice-president call AT&T?"
    assert words(text) == ["didn", "t", "o", "brien", "s", "vice", "president", "call", "at", "t"]
    assert words(text, keep="'’") == ["didn't", "o'brien's", "vice", "president", "call", "at", "t"]
    assert words(text, keep="’'-")[2] == "vice-president"
    assert words(text, keep="&-")[-1] == "at&t"
    assert words("Big Word", lower=False) == ["Big", "Word"]


def test_ascii_words_break_at_digits_and_accents():
    assert ascii_words("Café 2026 abc1x") == ["caf", "abc", "x"]
    assert ascii_words("Café 2026 abc1x", digits=True) == ["caf", "2026", "abc1x"]


def test_tokens_split_off_nt_and_keep_numbers_whole():
    assert tokens("They didn’t pay 1,200.50 dollars") == [
        "they",
        "did",
        "n't",
        "pay",
        "1,200.50",
        "dollars",
    ]


def test_conflict_stems_strip_inflections():
    assert {stem(w) for w in ("signing", "signed", "signs", "sign")} == {"sign"}
    assert stem("agrees") == "agre"  # the longest ending that fits goes
    assert stem("signing", INFLECTIONS) == stem("signing")


def test_title_stems_strip_only_plurals_and_possessives():
    assert {stem(w, PLURAL) for w in ("chief", "chiefs", "chief's", "chief’s")} == {"chief"}
    # The inflection cuts would part "king" and "kings"; the plural cut keeps them together.
    assert stem("king", PLURAL) == stem("kings", PLURAL) == "king"
    assert stem("king") != stem("kings")
    assert stem("signing", PLURAL) == "signing"


def test_short_stems_are_cut_to_six_letters():
    assert short_stem("threatened") == short_stem("threats") == "threat"
    assert short_stem("president") == short_stem("presidency") == "presid"
    assert short_stem("studies") == "study"
    assert short_stem("press") == "press"  # -ss is not a plural
    assert short_stem("bus") == "bus"  # too short to strip


def test_stopword_lists_differ_on_the_negators():
    assert not {"not", "no", "nor"} & STOPWORDS  # a report's stance lives in them
    assert {"not", "no"} <= CLAIM_STOPWORDS
    assert {"said", "told", "the", "his"} <= TITLE_STOPWORDS


def test_name_keys_of_both_styles_drop_case_possessive_and_the():
    for style in ("entity", "story"):
        assert name_key("The Coromandel Port Authority's", style) == "coromandel port authority"
        assert name_key("the Kremlin", style) == "kremlin"


@pytest.mark.parametrize(
    "name,entity,story",
    [
        ("AT&T's", "at&t", "at t"),  # "&" stays inside an entity key's word
        ("Jean-Pierre", "jean-pierre", "jean pierre"),  # so does "-"
        ("The Port's Chief's", "port s chief", "port chief"),  # entity: only a trailing 's
        ("Reuters'", "reuters", "reuters"),
        ("Cafe\u0301", "café", "cafe"),  # entity keys are NFC; story keys split at the accent
    ],
)
def test_name_key_styles_differ_where_meant(name, entity, story):
    assert name_key(name) == name_key(name, "entity") == entity
    assert name_key(name, "story") == story


def test_paragraph_spans_skip_blank_lines_and_surrounding_spaces():
    text = "  One.  \r\n\n\nTwo.\n   \nThree"
    assert paragraph_spans(text) == [(2, 6), (12, 16), (21, 26)]
    assert [text[s:e] for s, e in paragraph_spans(text)] == paragraphs(text)
    assert paragraphs(text) == ["One.", "Two.", "Three"]
    assert paragraphs(text, strip=False) == ["  One.  \r", "Two.", "Three"]
    assert paragraphs("") == [] == paragraph_spans("\n \n")


@pytest.mark.parametrize(
    "text,strict,loose",
    [
        ("WASHINGTON (AP) — The bill passed.", ("WASHINGTON (AP)", 18), ("WASHINGTON (AP)", 18)),
        (
            "ROTTERDAM, May 21 (MP) — The",
            ("ROTTERDAM, May 21 (MP)", 25),
            ("ROTTERDAM, May 21 (MP)", 25),
        ),
        # Only the strict setting takes a colon or an unspaced dash ...
        ("CHENNAI: The port", ("CHENNAI", 9), None),
        ("LONDON—Prices rose", ("LONDON", 7), None),
        ("US-China talks resumed", ("US", 3), None),
        # ... and only the loose one a place not in capitals.
        ("Hiroshima, Japan CNN — Leaders met", None, ("Hiroshima, Japan CNN", 23)),
        ("Smith - who knew", None, ("Smith", 8)),
        # A dateline must open something.
        ("WASHINGTON —", None, None),
        ("The port said so.", None, None),
    ],
)
def test_dateline_strictness_settings(text, strict, loose):
    assert find_dateline(text, strict=True) == (strict and Dateline(*strict))
    assert find_dateline(text, strict=False) == (loose and Dateline(*loose))


def test_strict_datelines_are_found_at_paragraph_starts_only():
    text = "Intro.\n\nCHENNAI: The port opened.\nIt said WASHINGTON — no."
    assert find_dateline(text, 8, strict=True) == Dateline("CHENNAI", 17)
    assert find_datelines(text) == [(8, 17)]


def test_numbers_drop_thousands_separators_and_keep_decimal_points():
    assert numbers("$1,200 for 3.5 tonnes, up 1200 on 2025.") == {"1200", "3.5", "2025"}
    assert numbers("no figures here") == set()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('But A `G\' Thang," "Gin and Juice,"', "unbalanced quotes"),
        ('"We will win.', "unbalanced quotes"),
        ("But it is unlike any port we have seen before.”", "unbalanced quotes"),
        ("Prince: “When Doves Cry” (Warner Bros)", "no verb"),
        ("“The port is ours", "unbalanced quotes"),
        ('"Purple Rain," "When Doves Cry" and "Kiss"', "quoted list"),
        ("and then the rain came back.", "cut off"),
        ("Among those honoured were the following:", "cut off"),
        ("The deal was signed by the minister and", "cut off"),
        ("The idea of a giant crab in the bay would [", "cut off"),
        ("The minister said the plan was “", "cut off"),
        ("Photo: Jane Doe (Getty Images)", "no verb"),
        ("Live Briefing: Harbour Strike Day 3", "no verb"),
        ("Jane Doe, John Roe and Mary Major", "no verb"),
        # A quote with no reporting verb beside it counts no word inside it: a title, a list
        # item, or a remark whose speaker is in another sentence.
        ('"Harbour Lights" by Jane Doe', "no verb"),
        ('"The ferry was the best thing that ever happened here."', "no verb"),
    ],
)
def test_fragments_are_named_with_their_reason(text: str, reason: str) -> None:
    assert fragment_reason(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        "The army said it had taken the city.",
        '"We will win," the commander said.',
        "iPhone sales rose 5% in the quarter.",
        "The striker, who is 6'2\", scored twice.",
        "Officials say the fighting continues",
        'She sang "Purple Rain" and "Kiss" to a full stadium.',
        "Rain fell.",
        # Speech whose only words outside the quotes are its speaker and cue.
        "“Cases like this are such a shame,” says Jane Roe of the union.",
        # The first and the last piece of a quote running over several sentences name their
        # speaker, so each reads alone.
        'Jane Roe, a deputy commissioner, said in May, "We believe the industry is wrong.',
        'To win, you need to be beautiful again," she said.',
        # Reported speech whose speaker is a name: the quote is a clause, so its words count.
        '"Thank you to all the fans," Jane Doe said.',
        "“She was shocked,” Mr. Roe said.",
        # The closing quote after "2" pairs with the opening one: no inch mark here.
        'The "Harbour Lights 2" star arrived at the premiere on Monday.',
    ],
)
def test_whole_sentences_are_not_fragments(text: str) -> None:
    assert fragment_reason(text) is None


def test_reported_speech_needs_a_quotation_and_a_reporting_verb_outside_it():
    assert reported_speech('"We will stay," Jane Doe said.')
    assert reported_speech('She told reporters: "We will stay."')
    assert not reported_speech('She sang "Purple Rain" to a full stadium.')
    assert not reported_speech("The minister said the port would stay open.")
    assert not reported_speech('"Everyone said it would rain."')
