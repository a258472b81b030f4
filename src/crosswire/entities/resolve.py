"""Entities: mentions across the articles of a story merged into canonical entities.

Mentions are merged when they are
- the same name up to case, punctuation, a possessive or a leading "the";
- an exonym or former name of it (a shipped, editable list: Kiev → Kyiv, Madras → Chennai);
- a spelling or transliteration variant (Zelensky / Zelenskiy / Zelenskyy, Hrytsenko /
  Grytsenko / Gritsenko) with compatible first names (Oleksandr / Alexander);
- a surname or short name of exactly one full name in the story (two people who share a surname
  are never merged on the surname alone);
- a title ("the Ukrainian president", "the Veldhaven chief") that an apposition somewhere in the
  story ties to exactly one name ("Ukrainian President Volodymyr Zelensky").
A workspace alias table overrides all of this: a name listed there goes where the table says.
spaCy's entity labels are noisy on short names, so an entity's type is its mentions' majority,
with places preferred when the tagger also saw one.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz

from crosswire.records import Article, Entity, EntityMention, Mention, stable_id
from crosswire.text.names import name_key
from crosswire.text.normalise import ascii_fold
from crosswire.text.stems import PLURAL, stem
from crosswire.text.stopwords import TITLE_STOPWORDS

#: First names that are one name in different transliterations or languages.
NAME_EQUIVALENTS = (
    {"oleksandr", "alexander", "aleksandr", "alexandr", "olexander", "alexandre", "alejandro"},
    {"volodymyr", "vladimir", "wladimir"},
    {"mykola", "nikolai", "nikolay", "nicholas", "nikola"},
    {"andriy", "andrii", "andrei", "andrey", "andrew"},
    {"serhiy", "serhii", "sergei", "sergey"},
    {"yuriy", "yurii", "yuri", "yury", "georgy"},
    {"dmytro", "dmitry", "dmitri", "dmitriy"},
    {"mykhailo", "mikhail", "michael"},
    {"petro", "pyotr", "peter"},
    {"pavlo", "pavel", "paul"},
    {"oleh", "oleg"},
    {"ivan", "ioann", "john"},
    {"yevgeny", "yevhen", "evgeny", "eugene"},
    {"muhammad", "mohammed", "mohammad", "mohamed"},
)
#: Words that make a phrase before a name a title ("port authority chair", "President").
ROLE_WORDS = frozenset(
    """president minister premier chancellor chief executive ceo chair chairman
chairwoman chairperson spokesman spokeswoman spokesperson secretary director governor mayor head
leader general commander ambassador king queen prince princess pope senator judge official
officer founder manager coach captain envoy prosecutor attorney editor analyst economist
commissioner superintendent inspector sheriff lawmaker congressman congresswoman representative
deputy vice-president vice owner""".split()
)
#: Last words that make a name an organisation, whatever the tagger said.
ORG_SUFFIXES = frozenset(
    """terminals terminal group inc corp corporation ltd llc plc company co
authority bank holdings airlines airways union party ministry council agency institute university
association federation commission committee court police army navy foundation press news times
post observatory club fc""".split()
)
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Similarity of transliteration skeletons above which two surnames are one name (rapidfuzz
#: ratio, 0–100): Hrytsenko/Gritsenko 100 after skeletons, Zelensky/Zelenskyy 100, Smith/Smyth
#: 100, Johnson/Jonson 93; Lohan/Logan 80 stays apart.
SURNAME_SIMILARITY = 90


@dataclass(frozen=True)
class AliasTable:
    """Name → canonical name. Workspace entries override the shipped exonym list; an entry that
    maps a name to itself keeps it apart from everything else."""

    entries: Mapping[str, str]

    def lookup(self, name: str) -> str | None:
        return self.entries.get(name_key(name))


@lru_cache(maxsize=1)
def shipped_exonyms() -> dict[str, str]:
    text = resources.files("crosswire").joinpath("data/exonyms.toml").read_text(encoding="utf-8")
    return dict(tomllib.loads(text)["exonyms"])


def alias_table(workspace_aliases: Mapping[str, str] | None = None) -> AliasTable:
    """The shipped exonyms overlaid with the workspace's own aliases."""
    entries = {name_key(k): v for k, v in shipped_exonyms().items()}
    entries.update({name_key(k): v for k, v in (workspace_aliases or {}).items()})
    return AliasTable(entries)


def skeleton(word: str) -> str:
    """A transliteration-blind spelling: Hrytsenko, Grytsenko and Gritsenko all become one."""
    word = ascii_fold(word.lower())
    # Ukrainian Г is written H or G at the start of a name (Hrytsenko / Grytsenko, Hlib / Gleb).
    word = re.sub(r"^h(?=[rl])", "g", word)
    for old, new in (
        ("kh", "h"),
        ("gh", "g"),
        ("iy", "i"),
        ("yy", "i"),
        ("ij", "i"),
        ("ii", "i"),
        ("y", "i"),
        ("j", "i"),
        ("w", "v"),
        ("ph", "f"),
        ("ck", "k"),
        ("cz", "ch"),
        ("ts", "c"),
        ("tz", "c"),
        ("ou", "u"),
    ):
        word = word.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", word)


def _first_names_compatible(a: str, b: str) -> bool:
    a, b = ascii_fold(a.lower()).rstrip("."), ascii_fold(b.lower()).rstrip(".")
    if skeleton(a) == skeleton(b):
        return True
    if len(a) == 1 or len(b) == 1:  # an initial
        return a[0] == b[0]
    return any(a in group and b in group for group in NAME_EQUIVALENTS)


def same_person_name(a: str, b: str) -> bool:
    """Two full names (two or more words) that are spellings of one name."""
    wa, wb = a.split(), b.split()
    if len(wa) < 2 or len(wb) < 2:
        return False
    if fuzz.ratio(skeleton(wa[-1]), skeleton(wb[-1])) < SURNAME_SIMILARITY:
        return False
    return _first_names_compatible(wa[0], wb[0])


def resolve_entities(
    mentions: Sequence[Mention],
    articles: Mapping[str, Article],
    *,
    story_id: str = "",
    aliases: AliasTable | None = None,
) -> tuple[Entity, ...]:
    """Canonical entities of one story from its mentions (see the module docstring)."""
    aliases = aliases or alias_table()
    groups: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        key = name_key(mention.text)
        if key and any(ch.isupper() for ch in mention.text):  # "quay" tagged GPE is noise
            groups[key].append(mention)
    parent = {key: key for key in groups}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    pinned = {key: name_key(target) for key in groups if (target := aliases.lookup(key))}
    for key, target in pinned.items():
        if target in groups:
            union(key, target)
    free = sorted(k for k in groups if k not in pinned)
    multi = [k for k in free if len(k.split()) >= 2]
    for i, a in enumerate(multi):
        for b in multi[i + 1 :]:
            if _is_person(groups[a] + groups[b]) and same_person_name(a, b):
                union(a, b)
    _merge_short_forms(free, groups, find, union)
    clusters: dict[str, list[str]] = defaultdict(list)
    for key in groups:
        clusters[find(key)].append(key)
    _attach_titles(clusters, groups, articles)
    entities = [_entity(keys, groups, aliases, story_id) for keys in clusters.values()]
    entities.sort(key=lambda e: (-len(e.article_ids), -len(e.mentions), e.name, e.id))
    return tuple(entities)


def _is_person(mentions: Sequence[Mention]) -> bool:
    labels = Counter(m.label for m in mentions)
    return labels["PERSON"] * 2 >= sum(labels.values())


def _merge_short_forms(free: list[str], groups, find, union) -> None:
    """A one-word name joins the one multi-word name it is the surname of (last word, a person),
    or the short name of (first word of an organisation: "Veldhaven" of "Veldhaven Terminals") —
    only when exactly one cluster qualifies, and never a place into an organisation."""
    singles = [k for k in free if len(k.split()) == 1]
    multi = [k for k in free if len(k.split()) >= 2]
    for single in singles:
        candidates = set()
        for full in multi:
            words = full.split()
            organisation = words[-1] in ORG_SUFFIXES or not _is_person(groups[full])
            if organisation:
                if words[0] == single and not _is_place(groups[single]):
                    candidates.add(find(full))
            elif fuzz.ratio(skeleton(words[-1]), skeleton(single)) >= SURNAME_SIMILARITY:
                candidates.add(find(full))
        if len(candidates) == 1:
            union(single, candidates.pop())


def _is_place(mentions: Sequence[Mention]) -> bool:
    """spaCy rarely calls a person a place: a fifth of place labels is strong evidence."""
    labels = Counter(m.label for m in mentions)
    return sum(labels[label] for label in _PLACE_LABELS) * 5 >= sum(labels.values())


def _attach_titles(clusters: dict[str, list[str]], groups, articles: Mapping[str, Article]) -> None:
    """Titles from appositions ("Veldhaven chief executive Oleksandr Hrytsenko") and the
    mentions of "the <title>" they resolve ("the Veldhaven chief") across the story."""
    titles: dict[str, set[str]] = defaultdict(set)  # cluster root → title word sets (as text)
    for root, keys in clusters.items():
        for key in keys:
            for mention in groups[key]:
                article = articles.get(mention.article_id)
                if article is None:
                    continue
                title = apposition_title(article.text, mention.start)
                if title:
                    titles[root].add(title)
    if not titles:
        return
    for article_id, article in articles.items():
        for match in re.finditer(r"\b[Tt]he ((?:[\w'’-]+ ){0,3}[\w'’-]+)", article.text):
            words = match.group(1).split()
            # The longest run of words after "the" that ends in a role word: "the Veldhaven
            # chief has said" → "Veldhaven chief".
            ends = [i for i, w in enumerate(words) if w.lower() in ROLE_WORDS]
            if not ends:
                continue
            words = words[: ends[-1] + 1]
            lowered = [w.lower() for w in words]
            owners = [
                root
                for root, found in titles.items()
                if any(_title_covers(t, lowered) for t in found)
            ]
            if len(owners) != 1:
                continue
            text = match.group(0)[:4] + " ".join(words)
            key = "the " + " ".join(lowered)
            groups.setdefault(key, []).append(
                Mention(article_id, match.start(), match.start() + len(text), text, "TITLE")
            )
            if key not in clusters[owners[0]]:
                clusters[owners[0]].append(key)


def _title_covers(title: str, words: list[str]) -> bool:
    """ "the port chief" is covered by "port authority chief"; the role word must be shared."""
    title_words = title.lower().split()
    roles = [w for w in words if w in ROLE_WORDS]
    return bool(roles) and all(
        w in title_words or stem(w, PLURAL) in (stem(t, PLURAL) for t in title_words) for w in words
    )


def apposition_title(text: str, start: int) -> str | None:
    """The title written right before a name ("Ukrainian President", "port authority chair"),
    if the word next to the name is a role word."""
    before = text[max(0, start - 80) : start]
    words = re.findall(r"[\w'’-]+|[^\w\s]", before)
    title: list[str] = []
    for word in reversed(words):
        if not re.match(r"[\w'’-]+$", word) or word.lower() in TITLE_STOPWORDS:
            break
        title.insert(0, word)
        if len(title) == 5:
            break
    # The word right before the name must be the role ("Ukrainian President Zelensky",
    # "port authority chair Raghavan"), else the words are a sentence ("…president later left
    # Kiev"), not a title.
    if not title or title[-1].lower() not in ROLE_WORDS:
        return None
    while title and title[0].lower() not in ROLE_WORDS and not title[0][0].isupper():
        title.pop(0)
    return " ".join(title) if title else None


def _entity_type(name: str, mentions: Sequence[Mention]) -> str:
    """The tagger's majority label, corrected where it is known to slip: an organisation suffix
    makes an ORG, a known place name or a fifth of place labels makes a GPE/LOC."""
    labels = Counter(m.label for m in mentions) or Counter(["PERSON"])
    words = name_key(name).split()
    if words and words[-1] in ORG_SUFFIXES:
        return "ORG"
    if name in set(shipped_exonyms().values()) or _is_place(mentions):
        return "GPE" if labels["GPE"] or not labels["LOC"] else "LOC"
    return max(labels, key=lambda label: (labels[label], label))


def _entity(keys: list[str], groups, aliases: AliasTable, story_id: str) -> Entity:
    mentions = sorted((m for k in keys for m in groups[k]), key=lambda m: (m.article_id, m.start))
    named = [m for m in mentions if m.label != "TITLE"]
    surfaces = Counter(re.sub(r"['’]s$", "", re.sub(r"^[Tt]he\s+", "", m.text)) for m in named)
    canonical = next((aliases.lookup(k) for k in sorted(keys) if aliases.lookup(k)), None)
    if canonical is None:
        canonical = (
            max(surfaces, key=lambda s: (len(s.split()), surfaces[s], s))
            if surfaces
            else mentions[0].text
        )
    kind = _entity_type(canonical, named)
    aliases_seen = sorted({m.text for m in mentions} - {canonical})
    return Entity(
        id=stable_id("e", story_id, name_key(canonical)),
        name=canonical,
        type=kind,
        aliases=tuple(aliases_seen),
        article_ids=tuple(sorted({m.article_id for m in mentions})),
        mentions=tuple(EntityMention(m.article_id, m.start, m.end, m.text) for m in mentions),
        story_id=story_id,
    )
