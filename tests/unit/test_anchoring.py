"""Dates borrowed within a story: an undated article reporting a dated article's event."""

import pytest

from crosswire.analysis.anchoring import anchor_story_dates
from crosswire.nlp.encoder import HashingEncoder
from crosswire.nlp.vectors import CachedEncoder
from crosswire.records import Article, Sentence, Story

pytestmark = pytest.mark.unit

EVENT = "the harbour minister resigned {when} after a week of protests over the terminal deal"


def _article(id_, text, published=None, source="none"):
    return Article(
        id=id_,
        source=f"{id_}.txt",
        title=id_,
        text=text,
        original_text=text,
        outlet=f"Outlet {id_}",
        published=published,
        published_source=source,
    )


def _sentences(article):
    out, start = [], 0
    for index, part in enumerate(article.text.split("\n")):
        out.append(Sentence(article.id, index, start, start + len(part), part))
        start += len(part) + 1
    return out


def _anchor(*articles):
    story = Story(
        id="s1",
        title="t",
        article_ids=tuple(a.id for a in articles),
        events=(),
        first_date=None,
        last_date=None,
        outlets=(),
    )
    return anchor_story_dates(
        [story],
        {a.id: a for a in articles},
        {a.id: _sentences(a) for a in articles},
        CachedEncoder(HashingEncoder()),
    )


# Monday 2026-05-25: "on Sunday" in the dated report is Sunday 2026-05-24.
DATED = _article(
    "dated",
    "The port was quiet.\n" + ("The ministry said " + EVENT.format(when="on Sunday")) + ".",
    "2026-05-25",
    "metadata",
)


def test_yesterday_gives_the_day_after_the_event():
    undated = _article(
        "u", "Crowds gathered.\nThe ministry said " + EVENT.format(when="yesterday") + "."
    )
    found = _anchor(DATED, undated)["u"]
    assert (found.published, found.published_source) == ("2026-05-25", "story")
    assert "dated" in (found.published_evidence or "") and "2026-05-24" in found.published_evidence


def test_a_weekday_gives_only_the_month_when_its_week_lies_in_one_month():
    undated = _article("u", "The ministry said " + EVENT.format(when="on Sunday") + ".")
    assert _anchor(DATED, undated)["u"].published == "2026-05"


def test_a_weekday_that_is_not_the_events_weekday_lends_nothing():
    undated = _article("u", "The ministry said " + EVENT.format(when="on Friday") + ".")
    assert _anchor(DATED, undated) == {}


def test_an_inferred_date_lends_nothing_and_unrelated_sentences_match_nothing():
    inferred = _article("d2", DATED.text, "2026-05-25", "text")
    undated = _article("u", "The ministry said " + EVENT.format(when="yesterday") + ".")
    assert _anchor(inferred, undated) == {}
    unrelated = _article("u2", "Fishing boats stayed in port yesterday because of the storm.")
    assert _anchor(DATED, unrelated) == {}


def test_disagreeing_borrowings_leave_the_date_empty_with_candidates():
    undated = _article(
        "u",
        "The ministry said " + EVENT.format(when="yesterday") + ".\n"
        "The ministry said " + EVENT.format(when="today") + ".",
    )
    found = _anchor(DATED, undated)["u"]
    assert found.published is None
    assert found.published_candidates == ("2026-05-24", "2026-05-25")


def test_an_event_only_slightly_closer_than_another_lends_nothing():
    # Two dated events of the story phrased alike: the sentence cannot tell which it reports.
    lender = _article(
        "d3",
        "The ministry said " + EVENT.format(when="on Sunday") + ".\n"
        "The ministry said " + EVENT.format(when="on Saturday") + ".",
        "2026-05-25",
        "metadata",
    )
    undated = _article("u", "The ministry said " + EVENT.format(when="yesterday") + ".")
    found = _anchor(lender, undated)["u"]
    assert found.published is None
    assert found.published_candidates == ("2026-05-24", "2026-05-25")


def test_a_month_and_a_day_in_it_agree():
    undated = _article(
        "u",
        "The ministry said " + EVENT.format(when="yesterday") + ".\n"
        "The ministry said " + EVENT.format(when="on Sunday") + ".",
    )
    assert _anchor(DATED, undated)["u"].published == "2026-05-25"
