"""Statements: each sentence of a story's English articles with what it says — its canonical
entities, normalised quantities, resolved dates, polarity, and who asserts it and how.

The attribution comes from the quote and attribution finder (``crosswire.attribution.quotes``): a
sentence inside the content of an attribution is asserted by that attribution's speaker. How it is
put (``stance``) is read from the cue and polarity words (``crosswire.analysis.polarity``): a denial
or a falsity word makes it ``denies``; a hedged cue ("claimed", "alleged") ``claims``; any other
attribution ``asserts``; no attribution, the outlet ``reports`` it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence

from crosswire.analysis import polarity
from crosswire.analysis.quantities import find_quantities
from crosswire.records import (
    Article,
    DateValue,
    Entity,
    QuantityValue,
    Sentence,
    Statement,
    stable_id,
)
from crosswire.temporal.expressions import find_temporal_expressions
from crosswire.text.fragments import cut_off, fragment_reason

#: Sentences shorter than this (in words) are not statements: bylines, "Reuters contributed."
MIN_WORDS = 5
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})
_HEDGED_CUES = re.compile(r"\b(claim|alleg|insist|suggest|maintain|purport)", re.IGNORECASE)
_DENYING_CUES = re.compile(r"\b(den(y|ie|ied)|reject|refut|dismiss|disput|rebut)", re.IGNORECASE)
#: A sentence denies when a source does ("has denied signing", "rejected the report") or calls
#: something untrue; a noun like "dispute" or "denial" in passing does not make it a denial.
_DENYING_WORDS = re.compile(
    r"\b(den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|refut(?:e|es|ed|ing)|"
    r"dismiss(?:es|ed|ing)?|rebut(?:s|ted|ting)?)\b",
    re.IGNORECASE,
)
#: Calendar values worth a place on a timeline (not PRESENT_REF and the like).
CALENDAR_VALUE = re.compile(r"^\d{4}(-(\d{2}(-\d{2})?|W\d{2}|Q[1-4]|SP|SU|FA|WI|H[12]))?$")


def temporal_expressions(article: Article):
    """The article's temporal expressions resolved against its own (possibly inferred) date."""
    return find_temporal_expressions(
        article.text, article.published_day, published_inferred=article.date_inferred
    )


def build_statements(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    entities: Sequence[Entity],
    attributions: Mapping[str, Sequence],
    expressions: Mapping[str, Sequence],
) -> list[Statement]:
    """One statement per sentence of at least ``MIN_WORDS`` words that is no fragment
    (``_fragment``), in article order."""
    mentions_by_article: dict[str, list[tuple[int, int, str]]] = {}
    entity_type = {e.id: e.type for e in entities}
    entity_name = {e.id: e.name for e in entities}
    for entity in entities:
        for mention in entity.mentions:
            mentions_by_article.setdefault(mention.article_id, []).append(
                (mention.start, mention.end, entity.id)
            )
    statements = []
    for article in articles:
        spans = mentions_by_article.get(article.id, [])
        found = attributions.get(article.id, ())
        temporal = expressions.get(article.id, ())
        ordered = list(sentences.get(article.id, ()))
        # What touches each sentence, found once per article (a scan of everything per
        # sentence was quadratic in the article's length).
        spans_near = _touching(ordered, spans, lambda x: (x[0], x[1]))
        found_near = _touching(ordered, found, lambda x: (x.content_start, x.content_end))
        temporal_near = _touching(ordered, temporal, lambda x: (x.start, x.end))
        for k, sentence in enumerate(ordered):
            if len(sentence.text.split()) < MIN_WORDS or _fragment(sentence, found_near[k]):
                continue
            statements.append(
                _statement(
                    article,
                    sentence,
                    spans,
                    found_near[k],
                    temporal_near[k],
                    entity_type,
                    entity_name,
                    spans_near[k],
                )
            )
    return statements


def _touching(sentences: Sequence[Sentence], items, span) -> list[list]:
    """For each sentence (in text order, not overlapping), the items whose ``span`` touches it
    (ends included), in the items' own order: a superset of what lies inside it or overlaps
    it, found in time linear in the sentences, the items and their overlaps."""
    order = sorted(range(len(sentences)), key=lambda k: sentences[k].start)
    ends = [sentences[k].end for k in order]
    near: list[list] = [[] for _ in sentences]
    for item in items:
        start, end = span(item)
        position = bisect_left(ends, start)
        while position < len(order) and sentences[order[position]].start <= end:
            near[order[position]].append(item)
            position += 1
    return near


def _fragment(sentence: Sentence, attributions) -> bool:
    """A fragment by ``text.fragments``, except a piece of a quote that runs over several
    sentences whose speaker the attribution finder knows: the statement carries its speaker
    (``attributed_to``), which is what the piece alone lacks."""
    reason = fragment_reason(sentence.text)
    if reason != "unbalanced quotes":
        return reason is not None
    if cut_off(sentence.text.strip()):
        return True  # a piece cut short as well ('"The idea of a giant crab would [')
    attribution = _attribution_for(sentence.start, sentence.end, attributions)
    return attribution is None or not (
        attribution.speaker_text or attribution.source_start is not None
    )


def _overlaps(a_start: int, a_end: int, b_start: int | None, b_end: int | None) -> bool:
    return b_start is not None and b_end is not None and a_start < b_end and b_start < a_end


def _statement(
    article: Article,
    sentence: Sentence,
    spans,
    attributions,
    temporal,
    entity_type: Mapping[str, str],
    entity_name: Mapping[str, str],
    spans_near=None,
) -> Statement:
    """``spans`` are all the article's entity mentions (a speaker may be named outside the
    sentence); ``spans_near``, those touching it (all of them when not given)."""
    start, end = sentence.start, sentence.end
    near = spans if spans_near is None else spans_near
    entity_ids = tuple(sorted({eid for s, e, eid in near if start <= s and e <= end}))
    quantities = tuple(
        QuantityValue(q.kind, q.value, q.unit, q.text, q.about, q.approximate, q.relative)
        for q in find_quantities(sentence.text)
    )
    dates = tuple(
        DateValue(x.text, x.value, x.granularity, x.ambiguous, tuple(x.candidates))
        for x in temporal
        if start <= x.start and x.end <= end
    )
    attribution = _attribution_for(start, end, attributions)
    speaker, speaker_id = (None, None)
    cue = ""
    if attribution is not None:
        speaker, speaker_id = _speaker(attribution, spans, entity_type, entity_name, article.text)
        cue = attribution.cue or ""
    cues = polarity.cue_counts(sentence.text)
    denies = bool(_DENYING_WORDS.search(sentence.text) or cues.get("falsity"))
    negative = denies or polarity.is_negated(sentence.text)
    if _DENYING_CUES.search(cue) or denies:
        stance = "denies"
    elif _HEDGED_CUES.search(cue):
        stance = "claims"
    elif attribution is not None and (speaker or cue):
        stance = "asserts"
    else:
        stance = "reports"
    return Statement(
        id=stable_id("t", article.id, str(sentence.index)),
        article_id=article.id,
        sentence_index=sentence.index,
        start=start,
        end=end,
        text=sentence.text,
        entity_ids=entity_ids,
        quantities=quantities,
        dates=dates,
        polarity="negative" if negative else "positive",
        stance=stance,  # type: ignore[arg-type]
        attributed_to=speaker,
        attributed_entity_id=speaker_id,
    )


def _attribution_for(start: int, end: int, attributions):
    """The attribution whose content covers most of the sentence (at least half), or whose cue
    or speaker lies inside the sentence with content overlapping it."""
    best, best_share = None, 0.0
    for attribution in attributions:
        lo, hi = attribution.content_start, attribution.content_end
        shared = max(0, min(end, hi) - max(start, lo))
        share = shared / max(1, end - start)
        in_sentence = _overlaps(start, end, attribution.cue_start, attribution.cue_end)
        if shared and (share >= 0.5 or in_sentence) and share > best_share:
            best, best_share = attribution, share
    return best


def _speaker(
    attribution, spans, entity_type: Mapping[str, str], entity_name: Mapping[str, str], text: str
) -> tuple[str | None, str | None]:
    """The canonical entity named in the speaker span, else the speaker's words unless they are a
    pronoun or a place (a quote is never credited to a pronoun left unresolved or a place).

    Where the finder named a speaker inside a longer source ("Ana Ruiz, producer of the Walk of
    Fame"), the rest of the source describes that speaker and is never credited: an
    organisation named in the apposition does not win over the person. Among entities in the
    speaker span a person comes first. The whole source is read only when no speaker is named."""
    lo, hi = attribution.source_start, attribution.source_end
    if getattr(attribution, "speaker_start", None) is not None:
        lo, hi = attribution.speaker_start, attribution.speaker_end
    # An entity inside a longer named speaker that is not a person is the tagger's piece of
    # the name ('Harbour' of "Harbour and Ferry Workers' Union"), not the speaker.
    named = getattr(attribution, "speaker_start", None) is not None
    hits = [
        (s, eid)
        for s, e, eid in spans
        if _overlaps(s, e, lo, hi)
        and entity_type.get(eid) not in ("GPE", "LOC", "FAC")
        and not (named and entity_type.get(eid) != "PERSON" and (e - s) * 2 < (hi or 0) - (lo or 0))
    ]
    if hits:
        _, eid = min(hits, key=lambda hit: (entity_type.get(hit[1]) != "PERSON", hit[0]))
        return entity_name[eid], eid
    words = attribution.speaker_text or ""
    if not words and attribution.source_start is not None:
        words = text[attribution.source_start : attribution.source_end]
    words = words.strip()
    if not words or words.lower() in _PRONOUNS:
        return None, None
    same_name = sorted(eid for eid, name in entity_name.items() if name == words)
    if same_name and entity_type.get(same_name[0]) not in ("GPE", "LOC", "FAC"):
        return words, same_name[0]
    return words, None
