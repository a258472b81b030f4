"""Summary: an extractive, cited summary of one story's articles.

Each output sentence is a sentence taken verbatim from one article, and cites every article that
carries it or a close paraphrase of it (cosine of the sentence embeddings at or above
``SummaryConfig.cite_threshold``). Sentences are ranked by how central they are to the story, how
many *independent origins* back them (copies of one wire report share an origin and count once),
and where they sit in their article (news leads carry the story); they are then picked greedily
with maximal marginal relevance (MMR) so that no two say the same thing, until the word budget is
spent. The output is in time order where article dates are known, else in reading order.

No summary sentence is a fragment (``crosswire.text.fragments``) or page furniture
(``crosswire.extract.furniture``): each must stand alone before a reader. A quotation the splitter
cut into pieces is joined back into one unit first, so its words keep their speaker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from crosswire.extract.furniture import furniture_reason
from crosswire.nlp.encoder import Encoder
from crosswire.records import _Record
from crosswire.text.datelines import find_dateline
from crosswire.text.fragments import fragment_reason, reported_speech, unquoted
from crosswire.text.tokens import numbers

#: A sentence that ends like prose; headlines, captions and menu items usually do not.
_PROSE_END = re.compile(r"""[.!?]["'\u201d\u2019)\]]*$""")
_LETTERS = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class SummaryInput(_Record):
    """One article as the summarizer sees it: its sentences in reading order, its date (ISO
    ``YYYY-MM-DD…`` or None) and its origin (articles that copy one report share an origin;
    None means the article is its own origin)."""

    article_id: str
    sentences: tuple[str, ...]
    published: str | None = None
    origin_id: str | None = None

    @property
    def origin(self) -> str:
        return self.origin_id or self.article_id


@dataclass(frozen=True)
class SummarySentence(_Record):
    """One summary sentence: its text (verbatim from ``article_id`` at sentence ``position``) and
    every article that carries it or a close paraphrase; ``origins`` counts distinct origins among
    them, ``published`` is the earliest date among them."""

    text: str
    article_ids: tuple[str, ...]
    origins: int
    article_id: str
    position: int
    published: str | None = None
    score: float = 0.0


@dataclass(frozen=True)
class SummaryConfig:
    """The ranking's knobs. The four ranking values below were picked from small grids on
    Multi-News validation clusters 0-124; with fragments and furniture left out (issue #10) they
    were swept one at a time on the eval's tuning part only (``evaluation.multinews.part_of``)
    and none moved: tuning part ROUGE-1/2 46.41/15.86, check part (never tuned on) 45.19/15.63,
    lead round-robin there 44.00/14.40. The length limits were set on principle, not tuned."""

    #: Weight of support: the mean, over the other origins, of the best cosine match there.
    support_weight: float = 0.5
    #: Weight of the lead prior ``1 / (position + 1) ** position_decay``.
    position_weight: float = 0.8
    position_decay: float = 0.5
    #: MMR trade-off: 1.0 ignores redundancy, lower values favour novelty.
    mmr_lambda: float = 0.5
    #: Cosine at or above which two sentences say the same thing: never both in a summary
    #: (0.70/0.75/0.80 scored within 0.1 ROUGE of each other; cross-outlet pairs at 0.75-0.80
    #: mostly restate one fact).
    duplicate_threshold: float = 0.75
    #: Cosine at or above which another article's sentence counts as carrying this one, if it
    #: also has every number this one has. Set by reading cross-outlet pairs of Multi-News
    #: clusters 0-124 by cosine band: from 0.85 up they were close paraphrases; at 0.75-0.85
    #: many shared only the topic ("Young children with Williams syndrome often ...").
    cite_threshold: float = 0.85
    #: Sentences shorter or longer than this (in words) are not used as summary sentences.
    min_words: int = 6
    max_words: int = 60


@dataclass(frozen=True)
class _Candidate:
    document: int
    position: int
    text: str
    words: int


def word_count(text: str) -> int:
    """Words as the Multi-News protocol counts them: whitespace-separated tokens."""
    return len(text.split())


def numbers_in(text: str) -> set[str]:
    """The numbers written in digits, thousands separators dropped: a paraphrase that lacks one
    of them ("died at 42" / "has died") does not carry the whole sentence."""
    return numbers(text)


def is_summary_sentence(text: str, config: SummaryConfig) -> bool:
    """A sentence fit to stand alone in a summary: prose-like, of reasonable length, no fragment
    (``crosswire.text.fragments``: unbalanced quotes, a quoted list, cut off, no verb) and no page
    furniture (``crosswire.extract.furniture``: a promo, a sign-up prompt, a player's notice)."""
    words = word_count(text)
    if words < config.min_words or words > config.max_words:
        return False
    if not _PROSE_END.search(text.strip()):
        return False
    first_letter = _LETTERS.search(text)
    if first_letter is None or first_letter.group().islower():
        return False  # starts mid-sentence: a splitter fragment
    letters = len(_LETTERS.findall(text))
    if letters < 0.6 * len(text.replace(" ", "")):
        return False
    return fragment_reason(text) is None and furniture_reason(text) is None


def _opens_quote(text: str) -> bool:
    """Whether ``text`` ends inside a quotation it opened: more curly opening than closing marks,
    or its last straight double quote opens (at the start or after a space or bracket)."""
    if text.count("\u201c") != text.count("\u201d"):
        return text.count("\u201c") > text.count("\u201d")
    last = text.rfind('"')
    if last < 0 or text.count('"') % 2 == 0:
        return False
    return last == 0 or text[last - 1] in " ([\u2014\u2013-"


def _units(sentences: Sequence[str]) -> list[str]:
    """The article's sentences, datelines dropped, with the pieces of one speaker's quotation
    joined back into one unit, so a piece does not stand alone as the speaker's words without
    the speaker (or read as the writer's own):

    - a quotation the splitter cut into sentences is joined from the piece that opens it to the
      piece that closes it (a quote that never closes in the article, a stray mark, leaves its
      piece alone);
    - a sentence that is a quotation and nothing else ('"We will stay."') after a sentence of
      reported speech ('"We waited," she said.') continues that speaker's words and joins it.

    A joined unit too long for a summary is dropped whole by the length limit."""
    texts = [_without_dateline(text.strip()) for text in sentences]
    units: list[str] = []
    i = 0
    while i < len(texts):
        joined, end = texts[i], i + 1
        if _opens_quote(joined):
            while end < len(texts) and _opens_quote(joined):
                joined, end = f"{joined} {texts[end]}", end + 1
            if _opens_quote(joined):
                joined, end = texts[i], i + 1
        if units and _quotation_only(joined) and reported_speech(units[-1]):
            units[-1] = f"{units[-1]} {joined}"
        else:
            units.append(joined)
        i = end
    return units


def _quotation_only(text: str) -> bool:
    """A quotation with no words of the writer's around it."""
    return text != unquoted(text) and _LETTERS.search(unquoted(text)) is None


def _without_dateline(text: str) -> str:
    """ "CHENNAI: The port ..." / "WASHINGTON (AP) — The ..." -> "The port ..." / "The ...". Only
    a colon or a spaced dash ends a dateline here: "US-China talks" and "COVID-19 cases" stay."""
    dateline = find_dateline(text, strict=True)
    if dateline is None or not re.search(r"(?::|\s[—–-]+)\s*$", text[: dateline.end]):
        return text
    return text[dateline.end :]


def candidates(documents: Sequence[SummaryInput], config: SummaryConfig) -> list[_Candidate]:
    """Every summary-fit sentence (or quotation joined back from its pieces), in input order; the
    position counts only fit ones, so a headline or byline above the lead does not push the lead
    down."""
    found = []
    for index, document in enumerate(documents):
        position = 0
        for text in _units(document.sentences):
            if is_summary_sentence(text, config):
                found.append(_Candidate(index, position, text, word_count(text)))
                position += 1
    return found


def embed_unique(texts: Sequence[str], encoder: Encoder) -> np.ndarray:
    """Vectors for ``texts``, encoding each distinct text once (the encoder is the slow part)."""
    distinct = list(dict.fromkeys(texts))
    if not distinct:
        return np.zeros((0, encoder.dimension), dtype=np.float32)
    vectors = encoder.encode(distinct)
    row = {text: i for i, text in enumerate(distinct)}
    return vectors[[row[t] for t in texts]]


def _origin_best_matches(similarity: np.ndarray, origin_of: np.ndarray, count: int) -> np.ndarray:
    """best[i, o]: the highest cosine between sentence i and any sentence of origin o."""
    best = np.zeros((similarity.shape[0], count), dtype=np.float32)
    for origin in range(count):
        best[:, origin] = similarity[:, origin_of == origin].max(axis=1)
    return best


def _centroid(vectors: np.ndarray, origin_of: np.ndarray, count: int) -> np.ndarray:
    """The story's centre: the mean of per-origin centroids, so a long or copied report does
    not pull it towards itself."""
    parts = [vectors[origin_of == o].mean(axis=0) for o in range(count) if (origin_of == o).any()]
    centre = np.mean(parts, axis=0)
    return centre / max(float(np.linalg.norm(centre)), 1e-12)


def rank_scores(
    vectors: np.ndarray,
    similarity: np.ndarray,
    origin_of: np.ndarray,
    positions: np.ndarray,
    origin_count: int,
    config: SummaryConfig,
) -> np.ndarray:
    """Relevance of each candidate: centrality + support by other origins + lead prior."""
    centrality = vectors @ _centroid(vectors, origin_of, origin_count)
    if origin_count > 1:
        best = _origin_best_matches(similarity, origin_of, origin_count)
        best[np.arange(len(best)), origin_of] = 0.0
        support = best.sum(axis=1) / (origin_count - 1)
    else:
        support = np.zeros(len(vectors), dtype=np.float32)
    lead = 1.0 / (positions + 1.0) ** config.position_decay
    return centrality + config.support_weight * support + config.position_weight * lead


def select_mmr(
    relevance: np.ndarray,
    similarity: np.ndarray,
    lengths: Sequence[int],
    max_words: int,
    config: SummaryConfig,
) -> list[int]:
    """Greedy MMR under a word budget: take the best trade-off of relevance against similarity
    to what is already chosen; skip near-duplicates and sentences that no longer fit. Candidates
    with relevance ``-inf`` are never taken."""
    chosen: list[int] = []
    used = 0
    open_ = np.isfinite(relevance)
    while open_.any():
        if chosen:
            redundancy = similarity[:, chosen].max(axis=1)
            open_ &= redundancy < config.duplicate_threshold
        else:
            redundancy = np.zeros(len(relevance), dtype=np.float32)
        open_ &= np.asarray(lengths) <= max_words - used
        if not open_.any():
            break
        value = config.mmr_lambda * relevance - (1.0 - config.mmr_lambda) * redundancy
        pick = int(np.argmax(np.where(open_, value, -np.inf)))
        chosen.append(pick)
        used += lengths[pick]
        open_[pick] = False
    return chosen


def time_order_key(sentence: SummarySentence, input_order: int) -> tuple:
    """Dated sentences first, oldest first; then the rest in reading order (lead first)."""
    if sentence.published:
        return (0, sentence.published, sentence.position, input_order)
    return (1, "", sentence.position, input_order)


def summarize(
    documents: Sequence[SummaryInput],
    *,
    encoder: Encoder,
    max_words: int = 250,
    config: SummaryConfig | None = None,
) -> list[SummarySentence]:
    """An extractive summary of at most ``max_words`` words; every sentence cites the articles
    that carry it or a close paraphrase (see the module docstring for the ranking)."""
    config = config or SummaryConfig()
    found = candidates(documents, config)
    if not found or max_words <= 0:
        return []
    # Only origins with a usable sentence count: a sign-up box cannot confirm anything.
    origins = list(dict.fromkeys(documents[c.document].origin for c in found))
    origin_of = np.array([origins.index(documents[c.document].origin) for c in found])
    vectors = embed_unique([c.text for c in found], encoder)
    similarity = vectors @ vectors.T
    positions = np.array([c.position for c in found], dtype=np.float32)
    relevance = rank_scores(vectors, similarity, origin_of, positions, len(origins), config)
    # An exact copy of an earlier candidate is never picked itself (its article is still cited).
    first_seen: dict[str, int] = {}
    eligible = np.array([first_seen.setdefault(c.text, i) == i for i, c in enumerate(found)])
    relevance = np.where(eligible, relevance, -np.inf)
    picks = select_mmr(relevance, similarity, [c.words for c in found], max_words, config)
    output = [_cite(found[p], similarity[p], found, documents, relevance[p], config) for p in picks]
    order = sorted(
        range(len(output)), key=lambda i: time_order_key(output[i], found[picks[i]].document)
    )
    return [output[i] for i in order]


def _cite(
    candidate: _Candidate,
    similarity_row: np.ndarray,
    found: Sequence[_Candidate],
    documents: Sequence[SummaryInput],
    score: float,
    config: SummaryConfig,
) -> SummarySentence:
    """The summary sentence for one candidate, citing its own article first, then every other
    article holding a sentence at or above the citation threshold, in input order."""
    cited = {candidate.document}
    numbers = numbers_in(candidate.text)
    for other, value in zip(found, similarity_row):
        if other.text == candidate.text or (
            value >= config.cite_threshold and numbers <= numbers_in(other.text)
        ):
            cited.add(other.document)
    ordered = [candidate.document, *sorted(cited - {candidate.document})]
    article_ids = tuple(dict.fromkeys(documents[i].article_id for i in ordered))
    dates = [d for i in ordered if (d := documents[i].published)]
    return SummarySentence(
        text=candidate.text,
        article_ids=article_ids,
        origins=len({documents[i].origin for i in ordered}),
        article_id=documents[candidate.document].article_id,
        position=candidate.position,
        published=min(dates) if dates else None,
        score=float(score),
    )
