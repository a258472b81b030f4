"""Choosing between trafilatura's precision and default extractions (``extract.cascade``)."""

import pytest

from crosswire.extract.article import extract_html
from crosswire.extract.cascade import choose_text, is_link_line

pytestmark = pytest.mark.unit

ARTICLE = [
    "HARBOURTON — The port authority approved the new container terminal on Monday after a "
    "two-year review of its effect on the estuary.",
    "The terminal will handle a million containers a year once its second berth opens in 2029, "
    "the authority said in a statement.",
    "Fishermen who opposed the plan said they would appeal, arguing that dredging the channel "
    "would destroy the shellfish beds their families have worked for generations.",
    "A spokeswoman for the operator said the company would pay for a survey of the beds before "
    "any dredging began.",
]
NOTICE = [
    "This copy is for your personal, non\u2011commercial use only. To order presentation-ready "
    "copies for distribution to colleagues, clients or customers, contact our reprints desk.",
    "https://reprints.example.com/",
]
RELATED = ["Related stories", "Harbour strike ends after three weeks", "New ferry route opens"]


def lines(*parts: list[str]) -> str:
    return "\n".join(line for part in parts for line in part)


def test_a_reprint_notice_alone_gives_way_to_the_default_extraction():
    choice = choose_text(lines(NOTICE), lines(NOTICE, ARTICLE))
    assert choice.text == lines(NOTICE, ARTICLE)
    assert choice.how.startswith("default: precision text has")


def test_a_precision_text_that_is_mostly_furniture_gives_way():
    furniture = [
        "Advertisement",
        "Share this article on Facebook / Twitter",
        "Sign up for our morning newsletter and get the day's news delivered to your inbox.",
        "Follow our live briefing for the latest on the harbour strike.",
        "Your browser doesn\u2019t support HTML5 video.",
    ]
    precise = lines(furniture, ARTICLE[:1])
    choice = choose_text(precise, lines(furniture, ARTICLE))
    assert choice.how == "default: precision text is mostly furniture"


def test_a_precision_text_under_half_the_default_gives_way():
    long_article = ARTICLE * 3  # repeated only to make the default text long
    choice = choose_text(lines(ARTICLE[:2]), lines(long_article))
    assert choice.how.startswith("default: precision text")


def test_an_ordinary_precision_text_is_kept_over_a_default_text_with_a_related_list():
    choice = choose_text(lines(ARTICLE), lines(ARTICLE, RELATED))
    assert choice.text == lines(ARTICLE) and choice.how == "precision"


def test_a_paragraph_dropped_inside_the_article_is_put_back_but_not_a_teaser_link():
    subheading = "Appeal expected"
    teaser = "READ: Harbour strike ends after three weeks"
    precise = lines(ARTICLE[:2], ARTICLE[2:])
    default = lines(RELATED, ARTICLE[:2], [subheading, teaser], ARTICLE[2:], RELATED)
    choice = choose_text(precise, default, lambda: ["Harbour strike ends after three weeks"])
    assert choice.text == lines(ARTICLE[:2], [subheading], ARTICLE[2:])
    assert choice.how == "precision + 1 paragraphs from default"


def test_texts_that_share_no_span_keep_the_precision_text():
    other = ["An entirely different block of the page, say a comment thread, sits here."] * 2
    choice = choose_text(lines(ARTICLE), lines(other, ARTICLE[:1]))
    assert choice.text == lines(ARTICLE)


def test_link_lines_are_those_mostly_covered_by_link_texts():
    assert is_link_line("More: Harbour strike ends", ["Harbour strike ends"])
    assert not is_link_line(ARTICLE[1], ["the authority"])


def test_extract_html_reports_which_extraction_it_kept():
    body = "".join(f"<p>{paragraph}</p>" for paragraph in ARTICLE)
    page = (
        "<html><head><title>Port approves terminal</title></head><body>"
        f"<nav><a href='/'>Home</a> | <a href='/news'>News</a></nav><article>{body}</article>"
        "</body></html>"
    )
    extracted = extract_html(page, "https://harbour.example/terminal")
    assert extracted is not None
    assert extracted.text.split("\n") == ARTICLE
    assert extracted.title == "Port approves terminal" and extracted.how == "precision"
    assert extract_html("<html><body></body></html>") is None
