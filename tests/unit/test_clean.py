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
    # Typographic punctuation and case: the rule is written once, for the folded form.
    "Your browser doesn’t support HTML5 video": "media placeholder",
    "YOUR BROWSER DOESN’T SUPPORT THE VIDEO TAG.": "media placeholder",
    "Media playback is unsupported on your device": "media placeholder",
    "Please turn on JavaScript to play this clip.": "media placeholder",
    "You’ll need a modern browser to watch this clip.": "media placeholder",
    "Live Briefing — Harbour strike: the latest": "promo: live coverage",
    "Live briefing": "promo: live coverage",
    "Follow our live briefing for the latest on the harbour strike.": "promo: live coverage",
    "For updates through the night, follow the live blog.": "promo: live coverage",
    "Get the latest in our live briefing.": "promo: live coverage",
    "Follow The Quay Herald's live coverage of the harbour strike.": "promo: live coverage",
    "(Published Monday, Nov. 19, 2018)": "metadata: timestamp or byline",
    "LIVE BRIEFING Harbour strike enters its third day": "promo: live coverage",
    "Tweet with a location": "social embed",
    "You can add location information to your Tweets when you post them.": "social embed",
    "View this post on Instagram": "social embed",
    "A post shared by Harbour Pilots (@harbourpilots) on Mar 3, 2026 at 4:10pm PST": (
        "social embed"
    ),
    "Photo: Mira Castellan (Northstar Images)": "photo credit",
    "Photo by Mira Castellan/AFP via Getty Images": "photo credit",
    "Facebook Twitter Pinterest Photograph: Mira Castellan/Northstar": "photo credit",
    "Image copyright Northstar Images": "photo credit",
    "The new cranes at berth four, seen from the breakwater. Photo: Mira Castellan/TT": (
        "photo credit"
    ),
    "Port director Anil Rao at the signing on Sunday. (Photo by Mira Castellan/Getty Images)": (
        "photo credit"
    ),
    "Dockworkers leave the terminal after the shift. Mira Castellan/Reuters": "photo credit",
    "© 2026 Harbour Tribune. All rights reserved.": "reprint/copyright notice",
    "Copyright © 2026 Northstar Wire": "reprint/copyright notice",
    "This material may not be published, broadcast, rewritten or redistributed.": (
        "reprint/copyright notice"
    ),
    "This copy is for your personal, non‑commercial use only.": "reprint/copyright notice",
    "To order presentation‑ready copies for distribution, contact our reprint desk.": (
        "reprint/copyright notice"
    ),
}

KEEP = [
    "Watchdogs said the deal would be reviewed by the competition authority next month.",
    "Officials will watch the vote closely: the port's future depends on it.",
    "Photographs released by the ministry showed cranes already on site at the terminal.",
    "The minister said readers could click through the filings themselves on the regulator's site.",
    "Live cattle exports fell by a third last year, the ministry said.",
    "Reuters reported on Monday that the talks had stalled over the price of the concession.",
    # Near-misses: sentences that mention a photo, a tweet, a live broadcast or copyright.
    "A photo taken by a dockworker shows the crane collapsing onto the quay.",
    "Photographers were kept behind the fence during the minister’s visit.",
    "In a tweet on Sunday, the mayor said the port would reopen within days.",
    "Rao’s post on Instagram was shared more than 20,000 times before it was deleted.",
    "There was no live coverage of the hearing, which was closed to the press.",
    "He said the mayor's live briefing had been cancelled.",
    "Broadcasters will bid for live coverage rights to the regatta next year.",
    "Live updates were posted by the council every hour during the flood.",
    "Readers can get our coverage of the strike in print; there is no live blog this time.",
    "The two studios have been locked in a copyright dispute over the footage since 2024.",
    "Copyright lawyers said the ruling could reach the supreme court.",
    "Viewers said their browsers could not play the stream during the final.",
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


STANDFIRST = "Harbourton approves the disputed container terminal after a two-year review."
HEADLINE = "Harbourton approves disputed container terminal after two-year review"
LEAD = (
    "The Harbourton port authority on Monday approved the disputed container terminal, ending a "
    "two-year review of what dredging would do to the estuary and its shellfish beds."
)
NEXT = (
    "Fishermen said they would appeal. Their lawyer, Dara Quinlan, said the review had ignored "
    "two studies of the beds commissioned by the town council in 2024."
)


def test_a_standfirst_the_lead_restates_is_taken_out_and_audited():
    cleaned, removed, _ = clean_text(f"Advertisement\n{STANDFIRST}\n{LEAD}\n{NEXT}")
    assert cleaned == f"{LEAD}\n\n{NEXT}"
    assert [r.text for r in removed] == ["Advertisement", STANDFIRST]
    assert removed[1].reason.startswith("repeated_lead")


def test_an_ordinary_lead_followed_by_a_paragraph_that_moves_on_stays():
    cleaned, removed, _ = clean_text(f"{LEAD}\n{NEXT}")
    assert cleaned == f"{LEAD}\n\n{NEXT}" and not removed


def test_a_dateline_lead_or_a_long_first_paragraph_is_never_a_repeated_lead():
    dateline = f"HARBOURTON (Northstar Wire) — {STANDFIRST}."
    assert clean_text(f"{dateline}\n{LEAD}")[1] == ()
    assert clean_text(f"{LEAD}\n{STANDFIRST}")[1] == ()  # the first is longer than the second


def test_a_headline_or_a_short_heading_is_left_to_the_title():
    # A line that does not end like a sentence is a headline: a bare text's title is its first
    # line, so taking it out would change the article's title.
    assert clean_text(f"{HEADLINE}\n{LEAD}")[1] == ()
    assert clean_text(f"Port approved.\n{LEAD}")[1] == ()  # too few words to judge
