"""Story and event titles are headline-length and never furniture: the most central article's
own title when one has it, else a compressed lead past captions and embed prompts."""

from datetime import date

import numpy as np
import pytest

from crosswire.records import Article, Sentence, TitleSource
from crosswire.stories.events import story_records
from crosswire.stories.profiles import ArticleProfile
from crosswire.stories.titles import group_title, reads_as_prose

pytestmark = pytest.mark.unit

STORY = np.array([1.0, 0.0, 0.0], dtype=np.float32)
ELSEWHERE = np.array([0.0, 0.0, 1.0], dtype=np.float32)

EMBED_PROMPT = "Tweet with a location"
EMBED_BOILERPLATE = (
    "You can add location information to your posts, such as your city or precise location, "
    "from the web and via apps made by others."
)
PHOTO_CREDIT = "Photo: Mara Quill (Northlight Images)"
LEAD = (
    "Singer Dana Vale received the 2,650th star on the Hollywood Walk of Fame on Monday, "
    "in a ceremony attended by hundreds of fans, two former bandmates and the city's mayor, "
    "who called her music the sound of a generation."
)


def _article(
    article_id: str, lines: list[str], title: str, source: TitleSource
) -> tuple[Article, list[Sentence]]:
    text = "\n\n".join(lines)
    sentences, start = [], 0
    for index, line in enumerate(lines):
        start = text.index(line, start)
        sentences.append(Sentence(article_id, index, start, start + len(line), line))
    article = Article(
        id=article_id,
        source=f"{article_id}.txt",
        title=title,
        text=text,
        original_text=text,
        title_source=source,
        published="2018-11-19",
        published_source="text",
    )
    return article, sentences


def _profile(article: Article, turn: float) -> ArticleProfile:
    angle = np.radians(turn)
    vector = np.array([np.cos(angle), np.sin(angle), 0.0], dtype=np.float32)
    return ArticleProfile(article.id, vector, frozenset(), date(2018, 11, 19), article.title, True)


def test_a_bare_text_story_is_titled_by_its_lead_past_furniture():
    article, sentences = _article(
        "a", [EMBED_PROMPT, EMBED_BOILERPLATE, PHOTO_CREDIT, LEAD], EMBED_PROMPT, "lead"
    )
    vectors = {
        sentences[0].text_hash: ELSEWHERE,
        sentences[1].text_hash: ELSEWHERE,  # prose, but not about the story
        sentences[2].text_hash: ELSEWHERE,
        sentences[3].text_hash: STORY,
    }
    profiles = {"a": _profile(article, 0)}
    title = group_title([article], profiles, {"a": sentences}, vectors)
    assert title.startswith("Singer Dana Vale received the 2,650th star")
    assert len(title) <= 90
    [story] = story_records(
        [article], {"a": "s"}, profiles, sentences={"a": sentences}, vectors=vectors
    )
    assert story.title == title and story.events[0].title == title


def test_without_vectors_the_first_sentence_that_reads_as_prose_is_the_lead():
    article, sentences = _article("a", [PHOTO_CREDIT, EMBED_PROMPT, LEAD], PHOTO_CREDIT, "lead")
    title = group_title([article], {"a": _profile(article, 0)}, {"a": sentences}, {})
    assert title.startswith("Singer Dana Vale") and len(title) <= 90


@pytest.mark.parametrize(
    "line",
    [EMBED_PROMPT, PHOTO_CREDIT, "Advertisement", "WATCH: the full ceremony in our video player"],
)
def test_furniture_does_not_read_as_prose(line):
    assert not reads_as_prose(line)


def test_a_lead_reads_as_prose():
    assert reads_as_prose(LEAD)


def test_the_most_central_own_title_wins_over_a_lead():
    bare, bare_sentences = _article("bare", [LEAD], "Singer Dana Vale received …", "lead")
    off, off_sentences = _article("off", [LEAD], "A tribute concert is planned for spring", "html")
    given, given_sentences = _article(
        "given", [LEAD], "Dana Vale gets her star on the Walk of Fame", "metadata"
    )
    # "bare" is the most central, "given" the next, "off" the farthest.
    profiles = {
        "bare": _profile(bare, 0),
        "given": _profile(given, 5),
        "off": _profile(off, 40),
    }
    sentences = {"bare": bare_sentences, "off": off_sentences, "given": given_sentences}
    title = group_title([off, bare, given], profiles, sentences, {})
    assert title == "Dana Vale gets her star on the Walk of Fame"


def test_a_long_paragraph_title_is_cut_to_headline_length():
    paragraph = (
        "Officials said on Tuesday that the bridge would stay closed through the weekend\n"
        "while engineers inspect the cables, the deck and the two towers that carry it over\n"
        "the river, and that ferries would run every twenty minutes until it reopens."
    )
    article, sentences = _article("a", [paragraph], paragraph, "metadata")
    title = group_title([article], {"a": _profile(article, 0)}, {"a": sentences}, {})
    assert len(title) <= 90 and "\n" not in title
    assert title.startswith("Officials said on Tuesday that the bridge")


def test_a_lead_is_not_cut_at_an_abbreviation():
    lead = "Gov. Ada Morrow signed the river compact on Friday after two years of talks."
    article, sentences = _article("a", [lead], lead, "lead")
    title = group_title([article], {"a": _profile(article, 0)}, {"a": sentences}, {})
    assert title == lead


def test_a_line_opening_reports_of_different_stories_is_not_a_lead():
    promo = "Get breaking news alerts and special reports sent to your inbox every morning."
    flood = "The river burst its banks overnight and flooded the lower town for the third time."
    vote = "The council voted on Tuesday to close the old library and sell the building."
    one, one_sentences = _article("one", [promo, flood], promo, "lead")
    two, two_sentences = _article("two", [promo, vote], promo, "lead")
    sentences = {"one": one_sentences, "two": two_sentences}
    profiles = {"one": _profile(one, 0), "two": _profile(two, 0)}
    stories = story_records(
        [one, two], {"one": "s1", "two": "s2"}, profiles, sentences=sentences, vectors={}
    )
    assert sorted(s.title for s in stories) == sorted([flood, vote])


def test_a_lead_repeated_within_one_story_is_still_its_lead():
    # A wire report run by two outlets: the shared opening is the story's lead, not furniture.
    flood = "The river burst its banks overnight and flooded the lower town for the third time."
    one, one_sentences = _article(
        "one", [flood, "Residents were moved to the school hall."], "", "lead"
    )
    two, two_sentences = _article(
        "two", [flood, "The mayor asked for army help at noon."], "", "lead"
    )
    [story] = story_records(
        [one, two],
        {"one": "s", "two": "s"},
        {"one": _profile(one, 0), "two": _profile(two, 2)},
        sentences={"one": one_sentences, "two": two_sentences},
    )
    assert story.title == flood
