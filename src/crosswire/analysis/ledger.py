"""The quote ledger: who said what, across a story's outlets.

Attributions found in each article (``crosswire.attribution.quotes``) get their speaker resolved to
a canonical entity of the story — a name inside the speaker span, or, for a pronoun or a title, the
speaker the finder resolved it to. A speaker that is a place, a dateline or a pronoun left
unresolved is never credited: the quote keeps no speaker. The same quote reported by several outlets
is one ledger entry, each outlet's wording a variant: ``exact`` (the same words), ``partial`` (one
wording inside the other) or ``paraphrase`` (close in meaning).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from crosswire.records import Article, Entity, QuoteEntry, QuoteVariant, stable_id
from crosswire.records.analysis import QuoteKind, QuoteMatch
from crosswire.text.tokens import words

_PRONOUNS = frozenset(
    {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "hers"}
)
_PLACES = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True)
class LedgerConfig:
    #: Containment (share of the shorter wording's words found in order-free overlap) at which
    #: two wordings are one quote reported partially.
    partial_overlap: float = 0.8
    #: Embedding cosine at which two wordings are paraphrases of one quote.
    paraphrase_cosine: float = 0.85


@dataclass(frozen=True)
class Found:
    """One attribution in one article, speaker resolved."""

    article_id: str
    kind: str
    text: str
    start: int
    end: int
    cue: str
    speaker: str | None
    speaker_entity_id: str | None
    speaker_text: str | None


def resolve(article: Article, attribution, entities: Sequence[Entity]) -> Found:
    """The attribution with its speaker as a canonical entity, or no speaker."""
    spans = [
        (m.start, m.end, e) for e in entities for m in e.mentions if m.article_id == article.id
    ]
    speaker = entity_id = None
    # The named speaker's span when the finder named one, else the source as written: the rest
    # of a source ("Ana Ruiz, producer of the Walk of Fame") describes the speaker, and an
    # organisation named there is never credited. Among entities in the span a person wins.
    start, end = attribution.source_start, attribution.source_end
    if getattr(attribution, "speaker_start", None) is not None:
        start, end = attribution.speaker_start, attribution.speaker_end
    if start is not None and end is not None:
        # A non-person entity covering under half of a named speaker is the tagger's piece
        # of a longer name ('Harbour' of "Harbour and Ferry Workers' Union").
        has_name = getattr(attribution, "speaker_start", None) is not None
        hits = sorted(
            (
                (s, e)
                for s, t, e in spans
                if s < end
                and start < t
                and e.type not in _PLACES
                and not (has_name and e.type != "PERSON" and (t - s) * 2 < end - start)
            ),
            key=lambda hit: (hit[1].type != "PERSON", hit[0]),
        )
        if hits:
            speaker, entity_id = hits[0][1].name, hits[0][1].id
    if speaker is None and attribution.speaker_text:
        text = attribution.speaker_text.strip()
        named = [e for e in entities if text == e.name or text in e.aliases]
        if named and named[0].type not in _PLACES:
            speaker, entity_id = named[0].name, named[0].id
        elif text.lower() not in _PRONOUNS and not named and text[:1].isupper():
            speaker = text
    content = article.text[attribution.content_start : attribution.content_end].strip().strip('"“”')
    return Found(
        article.id,
        attribution.kind,
        content,
        attribution.content_start,
        attribution.content_end,
        attribution.cue or "",
        speaker,
        entity_id,
        attribution.speaker_text,
    )


def _match(a: Found, b: Found, similarity: float, config: LedgerConfig) -> QuoteMatch | None:
    # A word keeps its apostrophes ("didn't", "Raghavan's").
    wa, wb = words(a.text, keep="'’"), words(b.text, keep="'’")
    if not wa or not wb:
        return None
    if wa == wb:
        return "exact"
    shorter, longer = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    joined_short, joined_long = " ".join(shorter), " ".join(longer)
    if len(shorter) >= 3 and joined_short in joined_long:
        return "partial"
    overlap = len(set(shorter) & set(longer)) / len(set(shorter))
    if overlap >= config.partial_overlap and len(shorter) >= 4:
        return "partial"
    if similarity >= config.paraphrase_cosine:
        return "paraphrase"
    return None


def build_ledger(
    found: Sequence[Found],
    vectors: np.ndarray,
    story_id: str,
    config: LedgerConfig = LedgerConfig(),
) -> tuple[QuoteEntry, ...]:
    """Group attributions into ledger entries. Two attributions join when their wordings match
    (exact, partial or paraphrase) and their speakers do not differ (an unknown speaker joins a
    known one; two different known speakers make two entries — the conflicts stage shows them)."""
    order = sorted(
        range(len(found)), key=lambda i: (-len(found[i].text), found[i].article_id, found[i].start)
    )
    entries: list[list[tuple[int, QuoteMatch]]] = []
    similarity = vectors @ vectors.T if len(found) else np.zeros((0, 0))
    for i in order:
        placed = False
        for entry in entries:
            head = entry[0][0]
            match = _match(found[head], found[i], float(similarity[head, i]), config)
            if match is None:
                continue
            speakers = {
                found[head].speaker_entity_id or found[head].speaker,
                found[i].speaker_entity_id or found[i].speaker,
            } - {None}
            if len(speakers) > 1:
                continue
            entry.append((i, match))
            placed = True
            break
        if not placed:
            entries.append([(i, "exact")])
    ledger = []
    for entry in entries:
        members = [found[i] for i, _ in entry]
        first = members[0]
        speaker = next((m for m in members if m.speaker_entity_id), None) or next(
            (m for m in members if m.speaker), None
        )
        kind: QuoteKind = (
            "direct"
            if any(m.kind == "direct" for m in members)
            else ("partial" if any(m.kind == "partial" for m in members) else "indirect")
        )
        variants = tuple(
            sorted(
                (
                    QuoteVariant(
                        m.article_id, m.text, match, m.kind, m.cue, m.start, m.end, m.speaker_text
                    )
                    for m, (_, match) in zip(members, entry)
                ),
                key=lambda v: (v.article_id, v.start),
            )
        )
        ledger.append(
            QuoteEntry(
                id=stable_id("q", story_id, first.article_id, str(first.start)),
                story_id=story_id,
                speaker_entity_id=speaker.speaker_entity_id if speaker else None,
                speaker=speaker.speaker if speaker else None,
                text=first.text,
                cue=first.cue,
                kind=kind,
                variants=variants,
            )
        )
    ledger.sort(key=lambda q: (q.speaker is None, q.speaker or "", -len(q.variants), q.id))
    return tuple(ledger)
