"""Outlet and credit read from bare text: datelines, closing credits, promos and signatures."""

import pytest

from crosswire.extract.article import to_article
from crosswire.extract.credits import agency_name, provenance_from_text
from crosswire.records import RawDocument

pytestmark = pytest.mark.unit

BODY = (
    "The harbour board approved the new berth on a split vote after a long session, "
    "and the builders said work would start within weeks."
)


def _found(text):
    found = provenance_from_text(text)
    return (
        (found.outlet.name, found.outlet.source) if found.outlet else None,
        (found.credit.name, found.credit.source) if found.credit else None,
    )


@pytest.mark.parametrize(
    "text,outlet,credit",
    [
        (f"LONDON (AP) — {BODY}", None, ("AP", "dateline")),
        (f"MACAU (Reuters) - {BODY}", None, ("Reuters", "dateline")),
        (f"NEW YORK, Sept. 26 (UPI) — {BODY}", None, ("UPI", "dateline")),
        (f"(AFP) — {BODY}", None, ("AFP", "dateline")),
        (f"Paris (Agence France-Presse) – {BODY}", None, ("AFP", "dateline")),
        (f"Hiroshima, Japan CNN — {BODY}", ("CNN", "dateline"), None),
        (f"CHENNAI, India (Meridian Press) — {BODY}", None, ("Meridian Press", "dateline")),
        # A headline line above the dateline.
        (f"Board approves berth\n\nDURBAN (Reuters) - {BODY}", None, ("Reuters", "dateline")),
        (f"{BODY}\n\nAnna Meyer with AFP", None, ("AFP", "text")),
        (f"{BODY}\n\nLars de Wit with Northstar Wire", None, ("Northstar Wire", "text")),
        (f"{BODY}\n\n— with reporting by Northstar Wire", None, ("Northstar Wire", "text")),
        (
            f"{BODY}\n\n(Reporting by Ana Ruiz; Additional reporting by Li Wei; Editing by Tom)",
            None,
            ("Reuters", "text"),
        ),
        (f"{BODY}\n\n© AFP", None, ("AFP", "text")),
        (
            f"{BODY}\n\nCopyright 2024 The Associated Press. All rights reserved.",
            None,
            ("AP", "text"),
        ),
        (f"{BODY}\n\n© 2025 Harbour Tribune", ("Harbour Tribune", "text"), None),
        (
            f"{BODY}\n\nThis article originally appeared on Quayside Journal.",
            None,
            ("Quayside Journal", "text"),
        ),
        (
            f"{BODY}\n\nSign up for The Harbour Tribune's morning newsletter here.\n\n{BODY}",
            ("The Harbour Tribune", "text"),
            None,
        ),
        (
            f"{BODY}\n\nReach her at m.lee@harbourtribune.example.",
            ("harbourtribune.example", "text"),
            None,
        ),
        # Both: the publisher's own promo and the agency's dateline.
        (
            f"KYIV (Reuters) - {BODY}\n\nFollow Example News's live coverage of the war.",
            ("Example News", "text"),
            ("Reuters", "dateline"),
        ),
    ],
)
def test_outlet_and_credit_from_text(text, outlet, credit):
    assert _found(text) == (outlet, credit)


@pytest.mark.parametrize(
    "text",
    [
        f"ROTTERDAM — {BODY}",  # a place, no outlet
        f"ROTTERDAM, May 21 (2026) — {BODY}",  # a date in brackets
        f"The company said on Monday that it would sign. {BODY}",  # no dateline at all
        # Photo credits name agencies but credit a picture, not the report.
        f"{BODY}\n\nPhoto: Jim Smith / Reuters",
        f"{BODY}\n\n(Photo by Ana Ruiz/AFP via Getty Images)",
        # A co-author is a person, not a credit; a book excerpt's copyright is the author's.
        f"{BODY}\n\n— with Jane Doe",
        f"{BODY}\n\nCopyright © 2015 by Ann Author. Reprinted with permission.",
        # An agency mentioned in the story is not its credit.
        f"{BODY} The Associated Press reported that the vote was close.",
        f"President Obama met NATO — {BODY}",  # capitals in a sentence, not a dateline
        f"{BODY}\n\nContact the writer at someone@gmail.com.",  # webmail says nothing
        # Brackets and capitals inside a sentence: an acronym, a ticker, a state, an agency.
        f"The World Health Organization (WHO) — the UN agency — warned on Monday. {BODY}",
        f"Shares of Tesla (TSLA) - the carmaker - fell 5%. {BODY}",
        f"Austin, TX — The city council voted. {BODY}",
        f"On Monday, the FBI — which has investigated — said so. {BODY}",
        f"(Updated 3:45 p.m.) — The mayor resigned. {BODY}",
        # A lead phrase capturing a date or lower-case words; addresses that are not the staff's.
        f"{BODY}\n\nThis story was first published on Monday.",
        f"{BODY}\n\n(c) the news media.",
        f"Anyone with information should email tips@police.gov. {BODY}\n\nMore.",
        f"{BODY}\n\nTalks with NATO.",
        f"{BODY}\n\nFollow Ukraine's live coverage here.",
        # Someone else's briefing or podcast is not the outlet's own promo.
        f"{BODY}\n\nWatch the Mayor's live briefing here.",
        f"{BODY}\n\nListen to Joe Smith's podcast.",
    ],
)
def test_nothing_invented(text):
    assert _found(text) == (None, None)


def test_agency_names_are_normalised():
    assert agency_name("The Associated Press") == "AP"
    assert agency_name("reuters") == "Reuters"
    assert agency_name("Harbour Tribune") is None


def test_article_keeps_credit_apart_from_given_outlet():
    raw = RawDocument(
        source="a.txt",
        format="text",
        content=f"LONDON (AP) — {BODY}",
        fields=(("outlet", "Daily Quay"),),
    )
    article, _ = to_article(raw)
    assert article is not None
    assert (article.outlet, article.outlet_source) == ("Daily Quay", "metadata")
    assert (article.credit, article.credit_source) == ("AP", "dateline")
    assert article.credit_evidence == "LONDON (AP) —"


def test_bare_agency_copy_is_credited_and_shown_as_its_outlet():
    article, _ = to_article(
        RawDocument(source="a.txt", format="text", content=f"LONDON (AP) — {BODY}")
    )
    assert article is not None
    assert (article.outlet, article.outlet_source, article.outlet_evidence) == (
        "AP",
        "dateline",
        "LONDON (AP) —",
    )
    assert article.credit == "AP"
