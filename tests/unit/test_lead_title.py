"""Titles for bare text: the lead compressed to a headline."""

import pytest

from crosswire.extract.article import TITLE_MAX_CHARS, headline_length, lead_title

pytestmark = pytest.mark.unit


def test_the_lead_without_its_dateline_is_the_title():
    text = "KYIV, Ukraine (Meridian Press) — The council met. It adjourned late.\n\nMore text."
    assert lead_title(text) == "The council met."


def test_abbreviations_and_initials_end_no_sentence():
    text = (
        "Rep. Jane Roe and J. Smith said on Jan. 5 the U.S. House would pass it. Others disagreed."
    )
    assert (
        lead_title(text)
        == "Rep. Jane Roe and J. Smith said on Jan. 5 the U.S. House would pass it."
    )


def test_a_long_lead_is_cut_at_a_clause_late_enough_else_at_a_word():
    lead = (
        "The harbour authority approved the new container berth at the northern quay on Tuesday, "
        "after a session that ran past midnight and ended in a narrow vote"
    )
    title = headline_length(lead)
    assert len(title) <= TITLE_MAX_CHARS
    assert (
        title
        == "The harbour authority approved the new container berth at the northern quay on Tuesday…"
    )
    no_clause = "word " * 40
    cut = headline_length(no_clause.strip())
    assert len(cut) <= TITLE_MAX_CHARS and cut.endswith("word…")
