"""Growing a workspace to N articles at the store level, for ``bench/scale.py``.

The pipeline runs about 1.8 articles/s here, so a 100,000-article workspace cannot be built
through it in a session. Instead a base workspace made by the real pipeline (``Base``) is copied
into the target store once as it is, then again and again as synthetic copies until the target
holds N articles. Copy ``k`` of an article is a new article: each of its sentences ends with the
tag `` [k]`` (so the text, the article id, every sentence's text hash and the full-text index
are new), its mentions are moved with the text, its sentence vectors are the base vectors plus
a little seeded noise (cosine about 0.9 to the base), its attributions are the base article's
(their offsets are not moved: nothing measured reads them), and it is recorded as read from the
input ``synthetic/<k>/<base source>``. Each copy of a base story is a story of the copied
members with the state the clustering would hold: the sum of its members' lead-vector profiles,
the base story's entity counts and dates, a founding order after every earlier story. Every
write goes through the ``Store`` protocol, so SQLite and PostgreSQL get the same rows.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from crosswire.attribution.quotes import rules_fingerprint
from crosswire.records import Article, Mention, Sentence, StoryRow, stable_id
from crosswire.records.base import article_id_for, text_hash
from crosswire.store import Store
from crosswire.stories.profiles import ClusterConfig

#: Standard deviation of the noise added to each component of a copied sentence vector: the
#: noise's norm is then about 0.02 * sqrt(384) = 0.39, a cosine of about 0.93 to the base vector
#: (a copy is a near neighbour of its base, not a duplicate).
NOISE = 0.02


@dataclass
class Base:
    """Everything a base workspace holds for its articles, read once."""

    articles: list[Article]
    sources: dict[str, list[str]]
    sentences: dict[str, list[Sentence]]
    mentions: dict[str, list[Mention]]
    attributions: dict[str, list[dict[str, Any]]]
    vectors: dict[str, np.ndarray]
    stories: list[Any]
    nlp_model: str
    encoder_name: str

    @property
    def per_copy(self) -> int:
        """Articles one whole copy writes: those in a story."""
        known = {a.id for a in self.articles}
        return sum(1 for row in self.stories for i in row.article_ids if i in known)

    @property
    def next_seq(self) -> int:
        return max((row.seq for row in self.stories), default=-1) + 1


def read_base(store: Store, nlp_model: str, encoder_name: str) -> Base:
    articles = store.articles()
    ids = [a.id for a in articles]
    sentences: dict[str, list[Sentence]] = defaultdict(list)
    for sentence in store.sentences(ids):
        sentences[sentence.article_id].append(sentence)
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for mention in store.mentions(ids):
        mentions[mention.article_id].append(mention)
    hashes = sorted({s.text_hash for found in sentences.values() for s in found})
    return Base(
        articles=articles,
        sources={i: store.sources_of(i) for i in ids},
        sentences=dict(sentences),
        mentions=dict(mentions),
        attributions=store.attributions(ids),
        vectors=store.embeddings(encoder_name, hashes),
        stories=store.load_stories(),
        nlp_model=nlp_model,
        encoder_name=encoder_name,
    )


def _content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _copy_article(
    article: Article, sentences: list[Sentence], mentions: list[Mention], k: int
) -> tuple[Article, list[Sentence], list[Mention]]:
    """Copy ``k`` of one article: `` [k]`` after every sentence, offsets moved to match."""
    tag = f" [{k}]"
    ordered = sorted(sentences, key=lambda s: s.start)
    ends = [s.end for s in ordered]
    pieces, position = [], 0
    for end in ends:
        pieces += [article.text[position:end], tag]
        position = end
    pieces.append(article.text[position:])
    text = "".join(pieces)
    new_id = article_id_for(text)

    def moved(offset: int) -> int:
        return offset + len(tag) * bisect_right(ends, offset)

    new_sentences = []
    for s in ordered:
        start, end = moved(s.start), s.end + len(tag) * (bisect_right(ends, s.end - 1) + 1)
        new_sentences.append(Sentence(new_id, s.index, start, end, text[start:end]))
    new_mentions = [
        Mention(new_id, moved(m.start), moved(m.start) + (m.end - m.start), m.text, m.label)
        for m in mentions
    ]
    copied = replace(
        article,
        id=new_id,
        source=f"synthetic/{k}/{article.source}",
        title=f"{article.title}{tag}",
        text=text,
        original_text=text,
    )
    return copied, sorted(new_sentences, key=lambda s: s.index), new_mentions


def save_copy(
    store: Store,
    base: Base,
    k: int,
    skip: int = 0,
    limit: int | None = None,
    config: ClusterConfig | None = None,
) -> int:
    """Write copy ``k`` of the base (copy 0: the base itself, unchanged) into ``store`` in one
    transaction, story by story in founding order: the stories after the first ``skip``
    articles (written before), at most ``limit`` articles, whole stories only. Returns the
    articles written (0 when the next story alone is over ``limit``)."""
    config = config or ClusterConfig()
    rng = np.random.default_rng(k)
    rules = rules_fingerprint()
    by_id = {a.id: a for a in base.articles}
    new_id: dict[str, str] = {}
    profile: dict[str, np.ndarray] = {}
    written, passed = 0, 0
    rows: list[StoryRow] = []
    with store.transaction():
        for row in sorted(base.stories, key=lambda r: r.seq):
            members = [by_id[i] for i in row.article_ids if i in by_id]
            if passed < skip:
                passed += len(members)
                continue
            if limit is not None and written + len(members) > limit:
                break
            for article in members:
                sentences = base.sentences.get(article.id, [])
                mentions = base.mentions.get(article.id, [])
                if k == 0:
                    copied = article
                    vectors = {
                        s.text_hash: base.vectors[s.text_hash]
                        for s in sentences
                        if s.text_hash in base.vectors
                    }
                    sources = base.sources.get(article.id) or [article.source]
                else:
                    copied, sentences, mentions = _copy_article(article, sentences, mentions, k)
                    vectors = _noisy(base, article.id, sentences, rng)
                    sources = [copied.source]
                new_id[article.id] = copied.id
                store.add_article(copied)
                for source in sources:
                    store.record_input(source, _content_hash(source + copied.text), copied.id)
                store.save_nlp(copied.id, base.nlp_model, sentences, mentions)
                if article.id in base.attributions:
                    store.save_attributions(copied.id, rules, base.attributions[article.id])
                store.save_embeddings(base.encoder_name, vectors)
                lead = [
                    vectors[s.text_hash]
                    for s in sentences[: config.lead_sentences]
                    if s.text_hash in vectors
                ]
                if lead:
                    mean = np.mean(lead, axis=0)
                    profile[copied.id] = mean / max(float(np.linalg.norm(mean)), 1e-12)
                written += 1
            rows.append(_copy_row(row, [new_id[a.id] for a in members], profile, k, base))
        store.save_stories(rows, [])
    return written


def _noisy(
    base: Base, article_id: str, sentences: list[Sentence], rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """The copied sentences' vectors: each base vector plus seeded noise, unit length."""
    originals = base.sentences.get(article_id, [])
    found = {}
    for old, new in zip(originals, sentences, strict=True):
        vector = base.vectors.get(old.text_hash)
        if vector is None:
            continue
        noisy = vector + rng.normal(0.0, NOISE, vector.shape).astype(np.float32)
        found[text_hash(new.text)] = (noisy / np.linalg.norm(noisy)).astype(np.float32)
    return found


def _copy_row(
    row: StoryRow, members: list[str], profile: dict[str, np.ndarray], k: int, base: Base
) -> StoryRow:
    """The stored clustering state of copy ``k`` of a base story."""
    if k == 0:
        return row
    comparable = [profile[m] for m in members if m in profile]
    vector_sum = (
        np.sum(comparable, axis=0).astype(np.float32)
        if row.comparable and comparable
        else np.zeros(0, np.float32)
    )
    return StoryRow(
        id=stable_id("s", members[0]),
        seq=k * base.next_seq + row.seq,
        vector_sum=vector_sum,
        entity_counts=dict(row.entity_counts),
        first_date=row.first_date,
        last_date=row.last_date,
        article_ids=tuple(members),
    )


def grow(store: Store, base: Base, have: int, target: int, progress: Callable[[int], None]) -> int:
    """Add copies to a store holding ``have`` articles (written by earlier calls, copy after
    copy) until it holds ``target`` or just under it (whole stories); returns the new count."""
    size = base.per_copy
    while have < target:
        k, skip = divmod(have, size)
        written = save_copy(store, base, k, skip=skip, limit=target - have)
        if written == 0:
            break  # the next story would pass the target
        have += written
        progress(have)
    return have
