import pytest

from crosswire.entities.resolve import (
    alias_table,
    apposition_title,
    resolve_entities,
    same_person_name,
    skeleton,
)
from crosswire.records import Article, Mention
from crosswire.text.names import name_key

pytestmark = pytest.mark.unit


def article(article_id: str, text: str) -> Article:
    return Article(id=article_id, source=article_id, title="t", text=text, original_text=text)


def mentions_of(article_obj: Article, names: dict[str, str]) -> list[Mention]:
    """Every occurrence of each name in the article, with the given label."""
    found = []
    for name, label in names.items():
        start = article_obj.text.find(name)
        while start != -1:
            found.append(Mention(article_obj.id, start, start + len(name), name, label))
            start = article_obj.text.find(name, start + 1)
    return found


def resolve(texts: dict[str, str], names: dict[str, str], aliases=None):
    arts = {k: article(k, v) for k, v in texts.items()}
    ms = [m for a in arts.values() for m in mentions_of(a, names)]
    return {e.name: e for e in resolve_entities(ms, arts, story_id="s1", aliases=aliases)}


@pytest.mark.parametrize(
    "a,b",
    [
        ("Zelensky", "Zelenskiy"),
        ("Zelenskiy", "Zelenskyy"),
        ("Hrytsenko", "Gritsenko"),
        ("Grytsenko", "Hrytsenko"),
    ],
)
def test_transliteration_skeletons_match(a, b):
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize(
    "a,b,same",
    [
        ("Volodymyr Zelensky", "Vladimir Zelenskiy", True),
        ("Oleksandr Hrytsenko", "Alexander Gritsenko", True),
        ("J. Smith", "John Smith", True),
        ("Joe Biden", "Hunter Biden", False),
        ("Lindsay Lohan", "Lindsay Logan", False),
    ],
)
def test_same_person_name(a, b, same):
    assert same_person_name(a, b) is same


def test_spelling_variants_surnames_and_titles_become_one_entity():
    texts = {
        "a1": "Ukrainian President Volodymyr Zelensky met envoys in Kyiv. "
        "Zelensky said talks went well.",
        "a2": "Volodymyr Zelenskiy spoke on Sunday. The Ukrainian president later left Kiev.",
        "a3": "Vladimir Zelenskyy was in Kiev on Monday.",
    }
    names = {
        "Volodymyr Zelensky": "PERSON",
        "Zelensky": "PERSON",
        "Volodymyr Zelenskiy": "PERSON",
        "Vladimir Zelenskyy": "PERSON",
        "Kyiv": "GPE",
        "Kiev": "GPE",
    }
    found = resolve(texts, names)
    person = (
        found["Volodymyr Zelensky"]
        if "Volodymyr Zelensky" in found
        else found["Volodymyr Zelenskiy"]
    )
    assert {"Zelensky", "Volodymyr Zelenskiy", "Vladimir Zelenskyy", "The Ukrainian president"} <= (
        set(person.aliases) | {person.name}
    )
    assert person.article_ids == ("a1", "a2", "a3") and person.type == "PERSON"
    assert found["Kyiv"].aliases == ("Kiev",) and found["Kyiv"].type == "GPE"
    spans = {(m.article_id, m.text) for m in person.mentions}
    assert ("a2", "The Ukrainian president") in spans
    for m in person.mentions:
        assert texts[m.article_id][m.start : m.end] == m.text


def test_two_people_sharing_a_surname_are_not_merged_on_the_surname_alone():
    texts = {"a1": "Joe Biden and Hunter Biden arrived. Biden spoke first."}
    found = resolve(texts, {"Joe Biden": "PERSON", "Hunter Biden": "PERSON", "Biden": "PERSON"})
    assert {"Joe Biden", "Hunter Biden", "Biden"} <= set(found)
    assert found["Joe Biden"].aliases == () and found["Hunter Biden"].aliases == ()


def test_a_short_name_joins_its_organisation_but_a_place_does_not():
    texts = {
        "a1": "Veldhaven Terminals won. Veldhaven will build at Ennore. "
        "The Ennore Fishworkers' Union objected, and Ennore residents too. Ennore is north."
    }
    found = resolve(
        texts,
        {
            "Veldhaven Terminals": "PERSON",
            "Veldhaven": "PERSON",
            "The Ennore Fishworkers' Union": "ORG",
            "Ennore": "GPE",
        },
    )
    assert found["Veldhaven Terminals"].aliases == ("Veldhaven",)
    assert found["Veldhaven Terminals"].type == "ORG"
    assert "Ennore" in found and found["Ennore"].type == "GPE"


def test_the_alias_table_overrides_automatic_decisions():
    texts = {"a1": "Veldhaven Terminals won. Veldhaven will build. Fleet Street cheered."}
    names = {"Veldhaven Terminals": "ORG", "Veldhaven": "ORG", "Fleet Street": "FAC"}
    kept_apart = resolve(texts, names, alias_table({"Veldhaven": "Veldhaven"}))
    assert {"Veldhaven Terminals", "Veldhaven"} <= set(kept_apart)
    renamed = resolve(texts, names, alias_table({"Fleet Street": "the British press"}))
    assert "the British press" in renamed and renamed["the British press"].aliases == (
        "Fleet Street",
    )


def test_apposition_titles():
    text = "said Veldhaven chief executive Oleksandr Hrytsenko on Monday"
    assert apposition_title(text, text.index("Oleksandr")) == "Veldhaven chief executive"
    assert apposition_title("met with Oleksandr Hrytsenko", 9) is None


def test_name_key_ignores_case_possessive_and_leading_the():
    assert name_key("The Coromandel Port Authority's") == name_key("the coromandel port authority")
