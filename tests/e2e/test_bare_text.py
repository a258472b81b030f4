"""The demo's bare-text articles (pasted without Title/Outlet/Published headers): outlet, credit
and date read from the text, furniture kept out, titles headline-length."""

import pytest
from tests.e2e.helpers import article_from

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture
def data(demo_run):
    return demo_run.data()


def test_dateline_outlet_and_caption_date(data):
    article = article_from(data, "pasted-fishworkers-react-to-signing.txt")
    assert (article["outlet"], article["outlet_source"]) == ("KTV", "dateline")
    assert article["outlet_evidence"] == "Chennai, India KTV —"
    # A caption dates its photo: the report runs that day or within the week after, which here
    # runs into June, so only the year is certain.
    assert (article["published"], article["published_source"]) == ("2026", "caption")
    assert "May 26, 2026" in article["published_evidence"]
    # The lead is the title, compressed to headline length, without its dateline.
    assert article["title_source"] == "lead"
    assert article["title"].startswith("Fishing families at Ennore") and len(article["title"]) <= 90


def test_agency_rewrite_credit_and_repeated_lead(data):
    article = article_from(data, "pasted-veldhaven-deal-sealed-agency.txt")
    assert (article["credit"], article["credit_source"]) == ("Northstar Wire", "text")
    assert article["credit_evidence"] == "Lars de Wit with Northstar Wire"
    [standfirst] = [r for r in article["removed"] if r["reason"].startswith("repeated_lead")]
    assert standfirst["text"].startswith("Veldhaven and the Chennai port authority have finally")
    assert not article["text"].startswith("Veldhaven and the Chennai port authority")
    # Sealed "on Monday": the same week as the signing, but the day cannot be told.
    assert article["published"] in (None, "2026-05")


def test_live_blog_furniture_promo_outlet_and_stamp_date(data):
    article = article_from(data, "pasted-live-briefing-denial.txt")
    assert (article["outlet"], article["outlet_source"]) == ("The Harbour Tribune", "text")
    assert (article["published"], article["published_source"]) == ("2026-05-20", "stamp")
    removed = " | ".join(r["text"] for r in article["removed"])
    for furniture in (
        "Live Briefing:",
        "Follow The Harbour Tribune's live coverage",
        "Your browser doesn’t support HTML5 video.",
        "Tweet with a location",
        "You can add location information to your Tweets",
        "Photo: Arjun Mehta (Harbour Tribune)",
    ):
        assert furniture in removed
        assert furniture not in article["text"]
    assert not article["title"].startswith("Live Briefing")


def test_undated_brief_borrows_its_date_from_the_story(data):
    article = article_from(data, "pasted-radio-brief-authority-announces.txt")
    assert (article["outlet"], article["outlet_source"]) == ("Coastal Radio Network", "text")
    assert (article["title"], article["title_source"]) == (
        "Port authority says Ennore terminal deal signed",
        "text",
    )
    # "said yesterday" reports the announcement dated Sunday 2026-05-17 by dated articles.
    assert (article["published"], article["published_source"]) == ("2026-05-18", "story")
    assert "2026-05-17" in article["published_evidence"]
    lenders = {a["id"] for a in data["articles"] if a["published_source"] in ("metadata", "html")}
    assert any(lender in article["published_evidence"] for lender in lenders)


def test_titles_are_headline_length_and_bare_text_joins_its_story(data):
    assert all(len(s["title"]) <= 90 for s in data["stories"])
    assert all(len(e["title"]) <= 90 for s in data["stories"] for e in s["events"])
    story_of = {a["source"].rsplit("/", 1)[-1]: a["story_id"] for a in data["articles"]}
    signed = story_of["2026-05-25-meridian-press-concession-signed.txt"]
    # The pasted reports of the port story join it; the strike's are a story of their own.
    port = {n for n in story_of if n.startswith("pasted-") and not n.startswith("pasted-cork-")}
    assert {story_of[name] for name in port} == {signed}
    strike = {story_of[n] for n in story_of if n.startswith("pasted-cork-")}
    assert len(strike) == 1 and strike != {signed}
