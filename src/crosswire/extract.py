"""Extract and clean: ``RawDocument`` → ``Article`` (text, title, outlet, author, url, date and how
it was found, language, removed furniture with reasons), or an ``InputProblem`` saying why not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosswire.clean import clean_text
from crosswire.metadata import date_from_text, outlet_from_text, outlet_from_url, parse_date
from crosswire.models import language_identifier
from crosswire.model import Article, InputProblem, RawDocument, article_id_for, normalise_text

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


def extract_html(html: str, url: str | None = None) -> Extracted | None:
    """Main text and metadata of an HTML page through trafilatura (precision mode)."""
    from trafilatura import bare_extraction

    document = bare_extraction(
        html, url=url, favor_precision=True, with_metadata=True, include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or not (document.text or "").strip():
        return None
    text = document.text
    title = (document.title or "").strip() or None
    # trafilatura keeps the headline as the first line of the body; it belongs in the title.
    first, _, rest = text.partition("\n")
    if title and normalise_text(first).lower() == normalise_text(title).lower() and rest.strip():
        text = rest
    return Extracted(text=text, title=title, author=document.author, sitename=document.sitename,
                     url=document.url, date=document.date)


def to_article(raw: RawDocument) -> tuple[Article | None, list[InputProblem]]:
    """Build the cleaned article for one raw document; problems explain anything not used."""
    problems: list[InputProblem] = []
    if raw.format == "html":
        extracted = extract_html(raw.content, raw.field("url"))
        if extracted is None:
            return None, [InputProblem(raw.source, "no article text found in the HTML (an index "
                                                   "page, a video page or a truncated file?)")]
    else:
        extracted = Extracted(text=raw.content)
    cleaned, removed, issues = clean_text(extracted.text)
    if len(cleaned.split()) < MIN_WORDS:
        return None, [InputProblem(raw.source, f"too little text after cleaning "
                                               f"({len(cleaned.split())} words; an article needs "
                                               f"at least {MIN_WORDS})")]

    title = raw.field("title") or extracted.title or _first_sentence(cleaned)
    url = raw.field("url") or extracted.url
    outlet, outlet_source = _outlet(raw, extracted, url, cleaned)
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


def _outlet(raw: RawDocument, extracted: Extracted, url: str | None,
            text: str) -> tuple[str | None, str]:
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


def _published(raw: RawDocument, extracted: Extracted, text: str,
               problems: list[InputProblem]) -> tuple[str | None, str, str | None]:
    given = raw.field("published")
    if given:
        parsed = parse_date(given)
        if parsed:
            return parsed, "metadata", None
        problems.append(InputProblem(raw.source, f"publication date {given!r} is not a date "
                                                 "crosswire can read (use YYYY-MM-DD); inferring "
                                                 "it from the text instead", "warning"))
    if extracted.date:
        parsed = parse_date(extracted.date)
        if parsed:
            return parsed, "html", None
    found = date_from_text(text)
    if found:
        return found
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
    return language, (f"language detected as '{language}' (confidence {confidence:.2f}): "
                      "stored, deduplicated and listed, but sentence analysis, embeddings and "
                      "entities support English only and skip it")
