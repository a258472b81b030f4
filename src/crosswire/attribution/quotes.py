"""Quotes and attributions in one article: who said what, in quotation marks or reported.

``find_attributions`` finds three kinds, each with character spans into the article's text:

- ``direct``: words in quotation marks (straight or curly, across paragraphs) given to a source;
- ``partial``: reported speech with a quoted fragment inside ("called the plan “a disaster”");
- ``indirect``: reported speech without quotes ("X said that ...", "..., X said",
  "according to X, ...", "X denied ...", "Clinton: Time for ...").

The source is the grammatical subject of the cue as written (a name, a title or a pronoun). A
pronoun or title is resolved to the nearest earlier compatible person or organisation
(``resolve_speaker``); a pronoun that resolves to nobody is dropped rather than kept as a
speaker, and a dateline or a place is never a speaker. Spans come from the dependency parse of
``models.spacy_parser_pipeline``; quotation marks are read from the text itself. The parts
live in ``crosswire.attribution``.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

from crosswire.attribution import linking
from crosswire.attribution.context import NOBODY, ArticleContext, Speaker, build_context, speaker_of
from crosswire.attribution.cues import Cue, find_cues
from crosswire.attribution.marks import QuotedSpan
from crosswire.attribution.speakers import resolve_speaker
from crosswire.nlp.models import SPACY_MODEL, spacy_parser_pipeline

__all__ = ["DIRECT_SHARE", "Attribution", "find_attributions", "resolve_speaker"]

AttributionKind = Literal["direct", "partial", "indirect"]

#: A quote is the whole of what its cue reports (``direct``) when it covers at least this share
#: of the cue's complement; less, and it is a quoted fragment of reported speech (``partial``).
#: The same share defines direct gold items in ``evaluation.polnear``.
DIRECT_SHARE = 0.8


@dataclass(frozen=True)
class Attribution:
    """One attribution: what was said (content), the cue word, and who said it.

    ``source_*`` is the speaker as written at the cue (a name, a title or a pronoun);
    ``speaker_*`` is the named speaker it stands for (the source itself when it is a name, the
    antecedent of a pronoun or title); all ``None`` when nobody can be named."""

    kind: AttributionKind
    content_start: int
    content_end: int
    source_start: int | None = None
    source_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    cue: str = ""
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attribution:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in names})

    @property
    def speaker(self) -> Speaker:
        return Speaker(
            _pair(self.source_start, self.source_end),
            self.speaker_text,
            _pair(self.speaker_start, self.speaker_end),
        )


def _pair(start: int | None, end: int | None) -> tuple[int, int] | None:
    return None if start is None or end is None else (start, end)


@functools.lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """Names the rules that read an article's one parse: the parser model and its version, and
    a hash of the ``attribution`` package, of how the parser is set up, fed and read for
    sentences and mentions (``nlp/models.py``, ``nlp/paragraph_breaks.py``,
    ``nlp/sentence_starts.py``, ``nlp/sentences.py``) and of the text helpers the rules read
    through (``text/``). Part of the key each article's sentences, mentions and attributions
    are stored under (``stages.analysis_key``), so a change to any of them makes the pipeline
    parse the article afresh instead of serving what the old rules found."""
    root = Path(__file__).parent.parent
    files = [
        *sorted((root / "attribution").glob("*.py")),
        root / "nlp" / "models.py",
        root / "nlp" / "paragraph_breaks.py",
        root / "nlp" / "sentence_starts.py",
        root / "nlp" / "sentences.py",  # how a long article is bounded and parsed in chunks
        *sorted((root / "text").glob("*.py")),
    ]
    digest = hashlib.sha256()
    for path in files:
        digest.update(f"{path.parent.name}/{path.name}".encode() + b"\0" + path.read_bytes())
    return f"{SPACY_MODEL}-{metadata.version(SPACY_MODEL)}:{digest.hexdigest()[:16]}"


def find_attributions(text: str, doc=None) -> list[Attribution]:
    """Every direct quote, partial quote and indirect attribution in one article, in text order.

    ``doc`` is the article parsed by ``models.spacy_parser_pipeline()`` (parsed here if not
    given); it must be a parse of exactly ``text``."""
    if doc is None:
        doc = spacy_parser_pipeline()(text)
    if doc.text != text:
        raise ValueError(
            "find_attributions: doc is a parse of a different text; pass the Doc "
            "made from this exact text (or doc=None to parse it here)"
        )
    if not doc.has_annotation("DEP"):
        raise ValueError(
            "find_attributions: doc has no dependency parse; parse it with "
            "crosswire.nlp.models.spacy_parser_pipeline()"
        )
    context = build_context(text, doc)
    # A cue inside quotation marks belongs to the quoted speaker's own words: left out.
    cues = find_cues(doc, context.quote_spans)
    found: list[Attribution] = []
    used: dict[int, list[tuple[int, int]]] = {}  # cue start -> the quotes it introduced
    previous: Attribution | None = None
    for quote in context.quotes:
        attribution = _quote_attribution(context, quote, cues, previous)
        if attribution is None:
            continue
        found.append(attribution)
        previous = attribution
        if attribution.cue_start is not None:
            used.setdefault(attribution.cue_start, []).append((quote.start, quote.end))
    for cue in cues:
        attribution = _reported_attribution(context, cue, used.get(cue.start, []))
        if attribution is not None:
            found.append(attribution)
    found.extend(_headline_attributions(context, found))
    return sorted(found, key=lambda a: (a.content_start, a.content_end))


def _quote_attribution(
    context: ArticleContext, quote: QuotedSpan, cues: list[Cue], previous: Attribution | None
) -> Attribution | None:
    """The attribution of one quote (see ``attribution.linking`` for the order of the rules),
    or ``None`` for a title, nickname or scare quote that no cue reports."""
    text = context.text
    span = (quote.start, quote.end)
    signed = linking.label_from_dash(context, quote)
    if signed is not None:
        speaker, dash = signed
        return _make("direct", span, speaker, (dash, dash + 1), text[dash])
    labelled = linking.label_from_colon(context, quote)
    if (
        labelled is not None
        and labelled.source is not None
        and not text[labelled.source[1] : quote.start].strip(" :\u00a0")
    ):
        colon = text.rfind(":", 0, quote.start)  # "... - Carl Bialik: “...”"
        return _make("direct", span, labelled, (colon, colon + 1), ":")
    cue = linking.quote_cue(context, quote, cues)
    if cue is not None:
        speaker = speaker_of(context, cue.subject, span)
        speaker = linking.reporting_speaker(context, cue, cues, speaker)
        complement = cue.complement
        if complement is not None and linking.holds(cue, quote):
            if linking.share(text, span, complement) < DIRECT_SHARE:
                content = (min(complement[0], quote.start), max(complement[1], quote.end))
                return _make("partial", content, speaker, (cue.start, cue.end), cue.text)
        elif not linking.is_speech(text, quote) and not (
            cue.complement and cue.complement[0] <= quote.start < cue.complement[1]
        ):
            return None
        return _make("direct", span, speaker, (cue.start, cue.end), cue.text)
    if labelled is not None:
        colon = text.rfind(":", 0, quote.start)
        return _make("direct", span, labelled, (colon, colon + 1), ":")
    transcript = linking.label_from_transcript(quote, text)
    if transcript is not None:
        return _make("direct", span, transcript, None, "")
    if not linking.is_speech(text, quote):
        return None
    if (
        previous is not None
        and previous.kind == "direct"
        and linking.continues(
            context, previous.content_end, previous.cue_start, previous.speaker, quote, cues
        )
    ):
        return _make("direct", span, previous.speaker, None, "")
    introduced = linking.cue_of_previous_sentence(context, quote, cues)
    if introduced is not None:
        speaker = speaker_of(context, introduced.subject, span)
        return _make("direct", span, speaker, (introduced.start, introduced.end), introduced.text)
    owner = linking.owner_of_words(context, quote)
    if owner is not None:
        speaker = speaker_of(context, owner, span)
        if speaker.name is not None:
            return _make("direct", span, speaker, None, "")
    framing = linking.framing_verb(context, quote)
    if framing is not None:
        verb, subject = framing
        speaker = speaker_of(context, subject, span)
        if speaker.name is not None:
            cue_span = (verb.idx, verb.idx + len(verb.text))
            return _make("direct", span, speaker, cue_span, verb.text)
    return _make("direct", span, NOBODY, None, "")


def _reported_attribution(
    context: ArticleContext, cue: Cue, taken: list[tuple[int, int]]
) -> Attribution | None:
    """An indirect or partial attribution from a cue's complement, unless a quote already took
    this cue and its complement is that quote."""
    if cue.complement is None or not cue.lexical or (cue.subject is None and cue.thought):
        return None
    start, end = cue.complement
    if any(start < q_end and q_start < end for q_start, q_end in taken):
        return None
    if len(context.text[start:end].split()) < 2:
        return None
    speaker = speaker_of(context, cue.subject, cue.complement)
    quoted = _holds_a_quote(context, start, end + 1)
    return _make(
        "partial" if quoted else "indirect", (start, end), speaker, (cue.start, cue.end), cue.text
    )


def _holds_a_quote(context: ArticleContext, start: int, end: int) -> bool:
    """Whether a whole quote lies in ``[start, end)``. The quotes come in text order without
    overlapping, so their ends rise too and the first quote from ``start`` on is the one to
    check (a scan of every quote per cue was quadratic in the article's length)."""
    index = context.quoted
    first = bisect_left(index.starts, start)
    return first < len(index.spans) and index.spans[first][1] <= end


_HEADLINE = re.compile(r"(?m)^([^\n:]{2,40}):[ \t]+(\S[^\n]*)$")


def _headline_attributions(context: ArticleContext, found: list[Attribution]) -> list[Attribution]:
    """Headline style "Clinton: Time for ‘intensification’ of ISIL strategy": a paragraph that
    opens with a person's or organisation's name and a colon; the rest of it is what they said."""
    taken = [(a.content_start, a.content_end) for a in found]
    headlines = []
    for match in _HEADLINE.finditer(context.text):
        name_start, name_end = match.span(1)
        content = match.span(2)
        if any(start < content[1] and content[0] < end for start, end in taken):
            continue
        names = [
            m
            for m in context.mentions
            if name_start <= m.start and m.end <= name_end and m.label in ("PERSON", "ORG")
        ]
        if not names or len(match.group(1).split()) > 5 or names[0].start - name_start > 12:
            continue
        name = (names[0].start, names[0].end)
        quoted = any(content[0] <= q_start < content[1] for q_start, _ in context.quote_spans)
        headlines.append(
            _make(
                "partial" if quoted else "indirect",
                content,
                Speaker(name, names[0].text, name),
                (name_end, name_end + 1),
                ":",
            )
        )
    return headlines


def _make(
    kind: AttributionKind,
    content: tuple[int, int],
    speaker: Speaker,
    cue: tuple[int, int] | None,
    cue_text: str,
) -> Attribution:
    source, name = speaker.source, speaker.name_span
    return Attribution(
        kind=kind,
        content_start=content[0],
        content_end=content[1],
        source_start=source[0] if source else None,
        source_end=source[1] if source else None,
        cue_start=cue[0] if cue else None,
        cue_end=cue[1] if cue else None,
        cue=cue_text,
        speaker_text=speaker.name,
        speaker_start=name[0] if name else None,
        speaker_end=name[1] if name else None,
    )
