"""Titles of stories and events: a headline, never furniture.

The most central article that has a title of its own (given by the input or the page) lends it.
When none has (bare text), the title is the lead of the most central article, compressed to
headline length: its first sentence that reads as prose and is about the story, so that a photo
credit ("Photo: Name (Agency)") or an embed's boilerplate ("Tweet with a location") left at the
top of a scraped text is passed over.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence, Set
from datetime import date

import numpy as np

from crosswire.extract.article import headline_length, lead_title
from crosswire.records import Article, Sentence
from crosswire.stories.profiles import ArticleProfile

#: Title sources that are the article's own headline.
OWN_TITLE_SOURCES = ("metadata", "html")
#: Sentences from the start of an article searched for its lead.
LEAD_SCAN = 16
#: A lead has at least this many words: a headline-worthy report names who did what; the
#: furniture met at the top of scraped text (credits, embed prompts, "Advertisement") is shorter.
LEAD_MIN_WORDS = 6
#: Cosine to the story's centroid at or above which a sentence is about the story. On the
#: Multi-News pile (all 657 articles, stories as clustered): the first prose sentence of an
#: article has median cosine 0.65 and falls below 0.3 in 2% of articles; lines that open
#: reports of several stories (boilerplate) have median 0.23, and 64% fall below 0.3. Chosen,
#: not tuned: no gold titles to tune on.
LEAD_MIN_COSINE = 0.3


#: A label opening a line ("Photo: …", "Image caption …:", "WATCH:"): a caption or a promo.
_LABEL = re.compile(r"^\s*[\w’'-]+(?:\s[\w’'-]+)?\s*:\s")
_WORD = re.compile(r"[^\W\d_]+")


def reads_as_prose(text: str, min_words: int = LEAD_MIN_WORDS) -> bool:
    """Whether a sentence reads as a report's prose: at least ``min_words`` words, opened by a
    capital (a lower-case opening is a fragment a scrape cut), not by a label, and at least a
    third of its words lower-case (a name list, a Title Case menu line or a credit is not). The
    furniture met at the top of scraped text is shorter or labelled.

    Not used to pick the lead sentences of a profile: leaving such lines out of the lead cost
    ECB+ 0.06 of BCubed F1 (its documents open with their URL, whose words name the story) and
    moved the pile's tuning half by under 0.01 (bench/story_tuning.py)."""
    words = _WORD.findall(text)
    if len(words) < min_words or _LABEL.match(text) or not words[0][0].isupper():
        return False
    return sum(w[0].islower() for w in words) * 3 >= len(words)


def by_centrality(
    members: Sequence[Article], profiles: Mapping[str, ArticleProfile]
) -> tuple[list[Article], np.ndarray | None]:
    """The members, the one closest to the group's centroid first (ties: the earliest, then by
    id; members that were not compared last), and that centroid (None when none was compared)."""
    compared = [profiles[a.id] for a in members if a.id in profiles]
    if not compared:
        return sorted(members, key=lambda a: a.id), None
    centroid = np.mean([p.vector for p in compared], axis=0)
    centroid = centroid / max(float(np.linalg.norm(centroid)), 1e-12)

    def key(article: Article) -> tuple:
        profile = profiles.get(article.id)
        if profile is None:
            return (1, 0.0, 0, article.id)
        closeness = round(float(profile.vector @ centroid), 6)
        return (0, -closeness, (profile.published or date.max).toordinal(), article.id)

    return sorted(members, key=key), centroid


def lead_of(
    article: Article,
    sentences: Sequence[Sentence],
    vectors: Mapping[str, np.ndarray],
    centroid: np.ndarray | None,
    boilerplate: Set[str] = frozenset(),
) -> str | None:
    """The article's first sentence that reads as prose, is not ``boilerplate`` (text hashes)
    and is about the story (cosine to the centroid at least ``LEAD_MIN_COSINE``; without
    vectors, the first such sentence), compressed to a headline; None when none qualifies."""
    for sentence in sentences[:LEAD_SCAN]:
        if not reads_as_prose(sentence.text) or sentence.text_hash in boilerplate:
            continue
        vector = vectors.get(sentence.text_hash)
        if centroid is not None and vector is not None:
            norm = max(float(np.linalg.norm(vector)), 1e-12)
            if float(vector @ centroid) / norm < LEAD_MIN_COSINE:
                continue
        return lead_title(sentence.text)
    return None


def boilerplate_lines(
    sentences: Mapping[str, Sequence[Sentence]], assignment: Mapping[str, str]
) -> frozenset[str]:
    """Text hashes of the opening sentences that open articles of more than one story: a line
    repeated across unrelated reports ("Get breaking news alerts and special reports.", an
    embed's prompt, a player's notice) belongs to the page, not to either report. Copies within
    one story (a wire report run twice) do not count."""
    found = BoilerplateLines()
    found.add(sentences, assignment)
    return found.lines()


class BoilerplateLines:
    """``boilerplate_lines`` gathered a part of the articles at a time (listing every story of
    a large workspace reads the store in chunks): what is kept is one story per opening line
    and the lines already known to open two, never the sentences themselves."""

    def __init__(self) -> None:
        self._first_story: dict[str, str] = {}
        self._repeated: set[str] = set()

    def add(
        self, sentences: Mapping[str, Sequence[Sentence]], assignment: Mapping[str, str]
    ) -> None:
        """Count the opening sentences of these articles (each article once, in any order)."""
        for article_id, found in sentences.items():
            story = assignment.get(article_id)
            if story is None:
                continue
            for sentence in found[:LEAD_SCAN]:
                key = sentence.text_hash
                if self._first_story.setdefault(key, story) != story:
                    self._repeated.add(key)

    def lines(self) -> frozenset[str]:
        return frozenset(self._repeated)


def group_title(
    members: Sequence[Article],
    profiles: Mapping[str, ArticleProfile],
    sentences: Mapping[str, Sequence[Sentence]] | None = None,
    vectors: Mapping[str, np.ndarray] | None = None,
    boilerplate: Set[str] = frozenset(),
) -> str:
    """The title of a story or an event made of ``members``: the most central member's own title
    if any member has one, else the most central member's lead that qualifies (``lead_of``),
    else the most central member's title as extraction made it. Always headline length."""
    ranked, centroid = by_centrality(members, profiles)
    for article in ranked:
        if article.title_source in OWN_TITLE_SOURCES and article.title.strip():
            return headline_length(" ".join(article.title.split()))
    for article in ranked:
        found = (sentences or {}).get(article.id, ())
        lead = lead_of(article, found, vectors or {}, centroid, boilerplate)
        if lead:
            return lead
    return headline_length(" ".join(ranked[0].title.split())) if ranked else ""
