import pytest

from crosswire.extract.clean import clean_text, find_doubled_words, furniture_reason

pytestmark = pytest.mark.unit

FURNITURE = {
    "WATCH: Drone footage of the Ennore site": "promo: WATCH/LISTEN link",
    "IN PHOTOS: The terminal through the years": "promo: photo gallery",
    "Your browser doesn't support HTML5 video.": "media placeholder",
    "Your browser does not support the audio element.": "media placeholder",
    "Click here to subscribe to our newsletter": "share/subscribe prompt",
    "Share this article on Facebook / Twitter": "share/subscribe prompt",
    "READ MORE: Five things to know about the deal": "promo: read more",
    "(Photo: Lena Ortiz / Harbour Tribune)": "photo credit",
    "LIVE UPDATES: Follow our live coverage here": "promo: live coverage",
    "Advertisement": "advertisement",
}

KEEP = [
    "Watchdogs said the deal would be reviewed by the competition authority next month.",
    "Officials will watch the vote closely: the port's future depends on it.",
    "Photographs released by the ministry showed cranes already on site at the terminal.",
    "The minister said readers could click through the filings themselves on the regulator's site.",
    "Live cattle exports fell by a third last year, the ministry said.",
    "Reuters reported on Monday that the talks had stalled over the price of the concession.",
]


@pytest.mark.parametrize("line,rule", sorted(FURNITURE.items()))
def test_furniture_lines_are_named_by_their_rule(line, rule):
    assert furniture_reason(line) == rule


@pytest.mark.parametrize("line", KEEP)
def test_real_sentences_are_not_furniture(line):
    assert furniture_reason(line) is None


def test_clean_text_removes_audits_and_keeps_original_order():
    text = (
        "CHENNAI (MP) — The deal was signed on Sunday.\n"
        "WATCH: Video of the signing\n"
        "The terminal will open in 2028, officials said at the ceremony in the city.\n"
        "The terminal will open in 2028, officials said at the ceremony in the city.\n"
        "Your browser doesn't support HTML5 video.\n"
    )
    cleaned, removed, _ = clean_text(text)
    assert cleaned == (
        "CHENNAI (MP) — The deal was signed on Sunday.\n\n"
        "The terminal will open in 2028, officials said at the ceremony in the city."
    )
    assert [(r.text, r.reason) for r in removed] == [
        ("WATCH: Video of the signing", "promo: WATCH/LISTEN link"),
        (
            "The terminal will open in 2028, officials said at the ceremony in the city.",
            "repeated paragraph (kept its first copy)",
        ),
        ("Your browser doesn't support HTML5 video.", "media placeholder"),
    ]


def test_short_repeated_lines_are_not_treated_as_repeated_paragraphs():
    cleaned, removed, _ = clean_text("Q: Why?\nBecause the port needs depth.\nQ: Why?\nCost.")
    assert cleaned.count("Q: Why?") == 2 and not removed


def test_doubled_words_are_reported_with_spans_but_not_changed():
    text = "He said the the deal was done, and that that was that."
    issues = find_doubled_words(text)
    assert [(i.text, text[i.start : i.end]) for i in issues] == [("the the", "the the")]
