"""Extract and clean: ``RawDocument`` → ``Article`` (text, title, outlet, author, url, date and how
it was found, language, removed furniture with reasons), or an ``InputProblem`` saying why not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict, cast

from crosswire.extract.cascade import choose_text
from crosswire.extract.clean import clean_text
from crosswire.extract.credits import opening_dateline, provenance_from_text
from crosswire.extract.dating import infer_published
from crosswire.extract.furniture import furniture_reason
from crosswire.extract.metadata import outlet_from_url, parse_date
from crosswire.nlp.models import language_identifier
from crosswire.records import (
    Article,
    DateSource,
    InputProblem,
    RawDocument,
    RemovedLine,
    TitleSource,
    article_id_for,
)
from crosswire.text.headlines import HEADLINE_MAX_WORDS, SENTENCE_END, first_sentence
from crosswire.text.normalise import normalise_text
from crosswire.text.paragraphs import analysed_end
from crosswire.text.tokens import words

if TYPE_CHECKING:
    from trafilatura.settings import Document

#: Fewer words than this after cleaning is not an article (a stub, a video page, an error page).
MIN_WORDS = 15
#: Below this confidence the language detector's answer is not trusted and English is assumed.
LANGUAGE_MIN_CONFIDENCE = 0.90


@dataclass(frozen=True)
class Extracted:
    """What came out of the markup, before cleaning."""

    text: str
    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    url: str | None = None
    date: str | None = None
    #: Which trafilatura extraction the text came from ("precision", "default: <why>", …).
    how: str = "given"


def extract_html(html: str, url: str | None = None) -> Extracted | None:
    """Main text and metadata of an HTML page through trafilatura.

    Both of trafilatura's modes run: precision mode (metadata and, most of the time, the text)
    and default mode (text only); ``cascade.choose_text`` keeps the better text and says how.
    Tables stay in: some sites lay the whole article out in a table (without tables such a page
    comes back empty), and a news table (results, prices) is part of the report. Layout-table
    markup is unwrapped by ``clean_text``.
    """
    # deferred: trafilatura takes 0.4 s to import and only HTML input needs it
    from trafilatura import bare_extraction, extract

    # A Document or None: the dict form comes back only with as_dict=True.
    document = cast(
        "Document | None",
        bare_extraction(
            html,
            url=url,
            favor_precision=True,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        ),
    )
    default = extract(html, url=url, include_comments=False, include_tables=True) or ""
    precise = document.text if document is not None and document.text else ""
    if not precise.strip() and not default.strip():
        return None
    title = ((document.title if document is not None else None) or "").strip() or None
    choice = choose_text(
        strip_headlines(precise, title),
        strip_headlines(default, title),
        lambda: link_texts(html),
    )
    if not choice.text.strip():
        return None
    return Extracted(
        text=choice.text,
        title=title,
        author=document.author if document is not None else None,
        sitename=document.sitename if document is not None else None,
        url=document.url if document is not None else None,
        date=document.date if document is not None else None,
        how=choice.how,
    )


def link_texts(html: str) -> list[str]:
    """The text of every link on the page (for telling a teaser line from a paragraph)."""
    from lxml import html as lxml_html  # deferred with trafilatura, which brings lxml

    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return []
    return [anchor.text_content() for anchor in tree.iter("a")]


#: A short first line is the headline (or a deck restating it) when it holds at least this share
#: of the title's words. On the 120 extraction-benchmark pages the headline and deck lines
#: trafilatura leaves in the body hold 0.62–1.0 of the title's words; short first lines that are
#: article text hold at most 0.33.
HEADLINE_OVERLAP = 0.6
#: "Headline | Site" and "Headline - Site": the site name is not part of the headline.
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,40}$")


def strip_headlines(text: str, title: str | None) -> str:
    """The body without the headline lines trafilatura keeps above it: the title itself and a
    deck or reworded headline (short, not ending like a sentence, mostly the title's words).
    The title is kept in ``Article.title``; in the body it would be analysed as a sentence."""
    if not title:
        return text
    lines = text.split("\n")
    stripped = 0
    while stripped < min(2, len(lines) - 1) and is_headline(lines[stripped], title):
        stripped += 1
    rest = "\n".join(lines[stripped:])
    return rest if rest.strip() else text


def is_headline(line: str, title: str) -> bool:
    """Whether ``line`` is the page title or a short line restating it."""
    line = normalise_text(line).lower()
    core_title = normalise_text(_SITE_SUFFIX.sub("", title)).lower()
    if not line:
        return False
    if line in (normalise_text(title).lower(), core_title):
        return True
    line_words, title_words = set(words(line)), set(words(core_title))
    if not title_words or len(words(line)) > HEADLINE_MAX_WORDS or SENTENCE_END.search(line):
        return False
    return len(title_words & line_words) >= HEADLINE_OVERLAP * len(title_words)


def to_article(raw: RawDocument) -> tuple[Article | None, list[InputProblem]]:
    """Build the cleaned article for one raw document; problems explain anything not used.
    Whatever fails while extracting one document (a page the HTML or JSON-LD parsers choke on)
    skips that document with the reason, and the run goes on."""
    try:
        return _to_article(raw)
    except Exception as error:  # one hostile document must not cost the run its others
        message = " ".join(str(error).split())[:160]
        return None, [
            InputProblem(
                raw.source,
                f"could not extract an article ({type(error).__name__}"
                f"{': ' + message if message else ''}); the rest of the run went on",
                "failed",
            )
        ]


def _to_article(raw: RawDocument) -> tuple[Article | None, list[InputProblem]]:
    problems: list[InputProblem] = []
    if raw.format == "html":
        extracted = extract_html(raw.content, raw.field("url"))
        if extracted is None:
            return None, [
                InputProblem(
                    raw.source,
                    "no article text found in the HTML (an index "
                    "page, a video page or a truncated file?)",
                )
            ]
    else:
        extracted = Extracted(text=raw.content)
    cleaned, removed, issues = clean_text(extracted.text)
    headline = raw.field("headline")
    if headline and (reason := furniture_reason(headline)):
        removed = (RemovedLine(headline, reason), *removed)
    if len(cleaned.split()) < MIN_WORDS:
        return None, [
            InputProblem(
                raw.source,
                f"too little text after cleaning "
                f"({len(cleaned.split())} words; an article needs "
                f"at least {MIN_WORDS})",
            )
        ]

    title, title_source = _title(raw, extracted, cleaned)
    url = raw.field("url") or extracted.url
    # Outlet and credit are read from the text before cleaning: a closing credit ("— with
    # reporting by Northstar Wire") or a promo is furniture but still says whose report it is.
    provenance = _provenance(raw, extracted, url, extracted.text)
    # The date is read from the text before cleaning too: stamps and captions are furniture.
    published, published_source, evidence, candidates = _published(raw, extracted, problems)
    language, language_note = detect_language(cleaned)
    article = Article(
        id=article_id_for(cleaned),
        source=raw.source,
        title=title,
        title_source=title_source,
        text=cleaned,
        original_text=extracted.text,
        **provenance,
        url=url,
        author=raw.field("author") or extracted.author or raw.field("feed_author"),
        published=published,
        published_source=published_source,
        published_evidence=evidence,
        published_candidates=candidates,
        language=language,
        language_note=language_note,
        removed=removed,
        issues=issues,
    )
    return article, problems


class _Provenance(TypedDict):
    outlet: str | None
    outlet_source: str
    outlet_evidence: str | None
    credit: str | None
    credit_source: str
    credit_evidence: str | None


def _provenance(raw: RawDocument, extracted: Extracted, url: str | None, text: str) -> _Provenance:
    """The outlet and credit fields: the outlet as given (metadata, the page's site name, the
    URL's domain) or else as the text names it; the credit always from the text. When the text
    names only a wire agency, the outlet is that agency (the copy as we hold it is the agency's),
    shown with where it was read."""
    found = provenance_from_text(text)
    credit = found.credit
    fields = _Provenance(
        outlet=None,
        outlet_source="none",
        outlet_evidence=None,
        credit=credit.name if credit else None,
        credit_source=credit.source if credit else "none",
        credit_evidence=credit.evidence if credit else None,
    )
    given = [
        (raw.field("outlet"), "metadata"),
        (extracted.sitename.strip() if extracted.sitename else None, "html"),
        (outlet_from_url(url), "url"),
    ]
    for name, source in given:
        if name:
            fields["outlet"], fields["outlet_source"] = name, source
            return fields
    named = found.outlet or found.credit
    if named is not None:
        fields["outlet"], fields["outlet_source"] = named.name, named.source
        fields["outlet_evidence"] = named.evidence
    return fields


def _published(
    raw: RawDocument, extracted: Extracted, problems: list[InputProblem]
) -> tuple[str | None, DateSource, str | None, tuple[str, ...]]:
    given = raw.field("published")
    if given:
        parsed = parse_date(given)
        if parsed:
            return parsed, "metadata", None, ()
        problems.append(
            InputProblem(
                raw.source,
                f"publication date {given!r} is not a date "
                "crosswire can read (use YYYY-MM-DD); inferring "
                "it from the text instead",
                "warning",
            )
        )
    if extracted.date:
        parsed = parse_date(extracted.date)
        if parsed:
            return parsed, "html", None, ()
    # The feed entry's date, for a fetched page that carries none of its own.
    parsed = parse_date(raw.field("feed_published") or "")
    if parsed:
        return parsed, "metadata", None, ()
    # Read from the part the analysis covers (``text.paragraphs.analysed_end``): a date's
    # clues are near the top, and reading all of a 5 MB text took 8.6 s (issue #11).
    found = infer_published(extracted.text[: analysed_end(extracted.text)])
    # infer_published gives one of the DateSource names; its annotation says only str.
    return found.published, cast(DateSource, found.source), found.evidence, found.candidates


#: A title is headline-length: longer given titles are cut, and a lead is compressed to fit.
TITLE_MAX_CHARS = 90
#: Where a long sentence may be cut and still read as a headline: before a clause or an aside.
_CLAUSE_BREAK = re.compile(r"\s*(?:,|;|:|\s[—–-]\s|\s\()")


def _title(raw: RawDocument, extracted: Extracted, text: str) -> tuple[str, TitleSource]:
    """The input's own title (its field, the headline line of bare text, the page's), else the
    lead compressed to a headline. A headline line that is furniture ("Live Briefing: …") is no
    title: the cleaner has already taken it out with the rest of the page."""
    if raw.field("title"):
        return headline_length(normalise_text(raw.field("title") or "")), "metadata"
    headline = raw.field("headline")
    if headline and furniture_reason(headline) is None:
        return headline_length(normalise_text(headline)), "text"
    if extracted.title:
        return headline_length(normalise_text(extracted.title)), "html"
    if raw.field("feed_title"):  # the feed entry's title, for a page that has none
        return headline_length(normalise_text(raw.field("feed_title") or "")), "metadata"
    return lead_title(text), "lead"


def lead_title(text: str) -> str:
    """The first sentence of the text without its dateline, cut to headline length at a clause
    boundary where one falls late enough, else at a word."""
    first = text.split("\n", 1)[0]
    dateline = opening_dateline(first)
    if dateline is not None:
        first = first[dateline.end :].lstrip(" —–-")
    return headline_length(normalise_text(first_sentence(first)))


def headline_length(title: str) -> str:
    """``title`` if it is at most ``TITLE_MAX_CHARS`` long, else its longest opening clause that
    fits (when that keeps at least half the room), else its opening words and an ellipsis."""
    if len(title) <= TITLE_MAX_CHARS:
        return title
    room = TITLE_MAX_CHARS - 1
    clauses = [m.start() for m in _CLAUSE_BREAK.finditer(title) if m.start() <= room]
    if clauses and clauses[-1] >= room // 2:
        return title[: clauses[-1]].rstrip() + "…"
    return title[:room].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def detect_language(text: str) -> tuple[str, str | None]:
    """ISO 639-1 code and, for non-English text, a note on which stages skip it and why."""
    language, confidence = language_identifier().classify(text[:5000])
    if language == "en" or confidence < LANGUAGE_MIN_CONFIDENCE:
        return "en", None
    return language, (
        f"language detected as '{language}' (confidence {confidence:.2f}): "
        "stored, deduplicated and listed, but sentence analysis, embeddings and "
        "entities support English only and skip it"
    )
