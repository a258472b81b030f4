"""Extract and clean: ``RawDocument`` → ``Article`` (text, title, outlet, author, url, date and how
it was found, language, removed furniture with reasons), or an ``InputProblem`` saying why not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from crosswire.extract.cascade import choose_text
from crosswire.extract.clean import clean_text
from crosswire.extract.metadata import date_from_text, outlet_from_text, outlet_from_url, parse_date
from crosswire.nlp.models import language_identifier
from crosswire.records import Article, DateSource, InputProblem, RawDocument, article_id_for
from crosswire.text.normalise import normalise_text
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
#: Headlines and decks are short (8–17 words on the benchmark); a longer line is the lead.
HEADLINE_MAX_WORDS = 20
#: "Headline | Site" and "Headline - Site": the site name is not part of the headline.
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,40}$")
#: A line ending like this is a sentence, not a headline (closing quotes and brackets ignored).
_SENTENCE_END = re.compile(r"[.!:;,…][\"'”’»)\]]*$")


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
    if not title_words or len(words(line)) > HEADLINE_MAX_WORDS or _SENTENCE_END.search(line):
        return False
    return len(title_words & line_words) >= HEADLINE_OVERLAP * len(title_words)


def to_article(raw: RawDocument) -> tuple[Article | None, list[InputProblem]]:
    """Build the cleaned article for one raw document; problems explain anything not used."""
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
    if len(cleaned.split()) < MIN_WORDS:
        return None, [
            InputProblem(
                raw.source,
                f"too little text after cleaning "
                f"({len(cleaned.split())} words; an article needs "
                f"at least {MIN_WORDS})",
            )
        ]

    title = raw.field("title") or extracted.title or _first_sentence(cleaned)
    url = raw.field("url") or extracted.url
    # The outlet is read from the text before cleaning: a closing credit ("— with reporting by
    # Northstar Wire") is removed as furniture but still says who published the report.
    outlet, outlet_source = _outlet(raw, extracted, url, extracted.text)
    published, published_source, evidence = _published(raw, extracted, cleaned, problems)
    language, language_note = detect_language(cleaned)
    article = Article(
        id=article_id_for(cleaned),
        source=raw.source,
        title=normalise_text(title),
        text=cleaned,
        original_text=extracted.text,
        outlet=outlet,
        outlet_source=outlet_source,
        url=url,
        author=raw.field("author") or extracted.author,
        published=published,
        published_source=published_source,
        published_evidence=evidence,
        language=language,
        language_note=language_note,
        removed=removed,
        issues=issues,
    )
    return article, problems


def _outlet(
    raw: RawDocument, extracted: Extracted, url: str | None, text: str
) -> tuple[str | None, str]:
    if raw.field("outlet"):
        return raw.field("outlet"), "metadata"
    if extracted.sitename:
        return extracted.sitename.strip(), "html"
    if outlet_from_url(url):
        return outlet_from_url(url), "url"
    found = outlet_from_text(text)
    if found:
        return found[0], found[1]
    return None, "none"


def _published(
    raw: RawDocument, extracted: Extracted, text: str, problems: list[InputProblem]
) -> tuple[str | None, DateSource, str | None]:
    given = raw.field("published")
    if given:
        parsed = parse_date(given)
        if parsed:
            return parsed, "metadata", None
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
            return parsed, "html", None
    found = date_from_text(text)
    if found:
        day, source, evidence = found
        # date_from_text gives "dateline" or "text"; its annotation says only str.
        return day, cast(DateSource, source), evidence
    return None, "none", None


def _first_sentence(text: str) -> str:
    first = text.split("\n", 1)[0]
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    return sentence if len(sentence) <= 140 else sentence[:137].rsplit(" ", 1)[0] + "…"


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
