"""Speakers: the source phrase of a cue, and the resolution of a pronoun or a title ("she", "the
senator", "the campaign") to the nearest earlier named person or organisation of a compatible
kind. (Datelines, which must never be a speaker, are found by ``crosswire.text.datelines``.)"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from itertools import accumulate, pairwise

from crosswire.records import Mention
from crosswire.text.tokens import ascii_words, words

#: Pronouns that can stand for a speaker, and the kind of name they can stand for.
PRONOUN_KINDS = {
    "he": "male",
    "him": "male",
    "she": "female",
    "her": "female",
    "it": "organisation",
    "they": "group",
    "them": "group",
}
#: Pronouns that never name a source on their own: the writer, the reader, a bare
#: demonstrative, an interrogative. (Relative pronouns are replaced by their antecedent and
#: indefinite ones, "others said", are kept as descriptions, before this list is consulted.)
UNRESOLVABLE_PRONOUNS = frozenset(
    {"i", "me", "we", "us", "you", "this", "that", "these", "those", "what", "which", "who", "it's"}
)
#: Relative pronouns: the source is the noun the relative clause hangs on.
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
#: Indefinite pronouns that are a source by themselves ("Others shouted", "some chanted").
INDEFINITE_PRONOUNS = frozenset(
    {
        "some",
        "many",
        "others",
        "another",
        "both",
        "all",
        "one",
        "someone",
        "somebody",
        "anyone",
        "everyone",
        "everybody",
        "nobody",
        "few",
        "most",
        "several",
        "none",
    }
)

#: Head nouns of a definite description that stands for a person ("the senator").
PERSON_TITLES = frozenset(
    """
president senator governor candidate nominee congressman congresswoman representative
spokesman spokeswoman spokesperson secretary chairman chairwoman chair leader mayor billionaire
businessman businesswoman mogul speaker minister director adviser advisor aide strategist
founder official officer manager judge attorney lawyer prosecutor host anchor reporter author
writer columnist commentator analyst economist pollster chief executive ceo frontrunner
front-runner contender hopeful veteran activist star actor actress singer rapper pastor
preacher sheriff commissioner ambassador general admiral lieutenant justice captain coach
player scientist researcher professor doctor engineer astronomer
""".split()
)
FEMALE_TITLES = frozenset(
    {
        "congresswoman",
        "spokeswoman",
        "chairwoman",
        "businesswoman",
        "actress",
        "wife",
        "mother",
        "daughter",
        "sister",
        "woman",
    }
)
MALE_TITLES = frozenset(
    {
        "congressman",
        "spokesman",
        "chairman",
        "businessman",
        "husband",
        "father",
        "son",
        "brother",
        "man",
    }
)
#: Head nouns of a definite description that stands for an organisation ("the campaign").
ORGANISATION_NOUNS = frozenset(
    """
campaign committee company group organization organisation agency department party network
administration government firm union association foundation council board court bureau office
ministry newspaper paper magazine station channel website site outlet team corporation bank
authority institute university commission operator business developer contractor
""".split()
)

_PERSON_LABELS = ("PERSON",)
_ORGANISATION_LABELS = ("ORG",)
_GROUP_LABELS = ("ORG", "NORP")
#: How far back (characters) a pronoun or title may reach for its name; about five paragraphs
#: of news prose. Chosen by hand, not tuned.
RESOLUTION_WINDOW = 2500

_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+$")


class SpanIndex:
    """Character spans (they may overlap) that tell whether a position lies inside one in log
    time: an article's quotes and datelines are asked about once per mention and pronoun, and
    a scan of them all each time made the quotes stage quadratic in the number of quotes."""

    def __init__(self, spans: Sequence[tuple[int, int]]):
        ordered = sorted(spans)
        self.spans = ordered
        self.starts = [start for start, _ in ordered]
        #: The furthest end among the spans starting at or before each one.
        self.reach = list(accumulate((end for _, end in ordered), max))
        #: The last position inside each span (where a closing quote mark sits).
        self.last_positions = frozenset(end - 1 for _, end in ordered)

    def __contains__(self, position: int) -> bool:
        index = bisect_right(self.starts, position)
        return index > 0 and self.reach[index - 1] > position


def inside(position: int, spans: Sequence[tuple[int, int]] | SpanIndex) -> bool:
    if isinstance(spans, SpanIndex):
        return position in spans
    return any(start <= position < end for start, end in spans)


def speaker_kind(phrase: str) -> str | None:
    """``male``/``female``/``person``/``organisation``/``group`` for a pronoun or a definite
    title; ``None`` for anything else (a name, an indefinite description)."""
    found = words(phrase, keep="’'-")
    if len(found) == 1 and found[0] in PRONOUN_KINDS:
        return PRONOUN_KINDS[found[0]]
    if not found or found[0] not in ("the", "this", "that"):
        return None
    head = _title_head(found[1:])
    if head in FEMALE_TITLES:
        return "female"
    if head in MALE_TITLES:
        return "male"
    if head in PERSON_TITLES:
        return "person"
    if head in ORGANISATION_NOUNS:
        return "organisation"
    return None


def _title_head(words: list[str]) -> str | None:
    """The head noun of a short description: its last word before "of"/"for"/"who"."""
    for index, word in enumerate(words):
        if word in ("of", "for", "who", "which", "that", "at", "in", "on"):
            words = words[:index]
            break
    return words[-1] if words else None


def person_keys(mentions: Sequence[Mention]) -> dict[int, str]:
    """A key per PERSON mention (index into ``mentions``): a surname alone takes the key of the
    latest full name ending in it, so "Clinton" after "Bill Clinton" is Bill, not Hillary."""
    keys: dict[int, str] = {}
    latest_full: dict[str, str] = {}
    for index, mention in enumerate(mentions):
        if mention.label not in _PERSON_LABELS:
            continue
        words = re.sub(r"[’']s$", "", mention.text).split()
        if not words:
            continue
        surname = words[-1].lower()
        if len(words) > 1:
            key = " ".join(words).lower()
            latest_full[surname] = key
        else:
            key = latest_full.get(surname, surname)
        keys[index] = key
    return keys


def infer_genders(
    text: str,
    mentions: Sequence[Mention],
    sentences: Sequence[tuple[int, int]],
    quoted: Sequence[tuple[int, int]] = (),
) -> dict[str, str]:
    """Gender per person key from the article itself: "Mr."/"Ms." before a name, and the
    he/she pronouns (outside quotes) of sentences that mention exactly one person."""
    keys = person_keys(mentions)
    quoted_index = SpanIndex(quoted)
    votes: dict[str, Counter] = defaultdict(Counter)
    for index, key in keys.items():
        mention = mentions[index]
        honorific = _HONORIFIC.search(text[max(0, mention.start - 6) : mention.start])
        if honorific:
            votes[key]["male" if honorific.group(1) == "Mr" else "female"] += 3
    # The people named (outside quotes) in each sentence, in one pass over the mentions when
    # the sentences come in order without overlapping (as a parse gives them).
    by_sentence: dict[int, set[str]] = defaultdict(set)
    if all(a[1] <= b[0] for a, b in pairwise(sentences)):
        starts = [start for start, _ in sentences]
        for i, key in keys.items():
            position = mentions[i].start
            at = bisect_right(starts, position) - 1
            if at >= 0 and position < sentences[at][1] and position not in quoted_index:
                by_sentence[at].add(key)
    else:
        for at, (start, end) in enumerate(sentences):
            by_sentence[at] = {
                keys[i]
                for i, m in enumerate(mentions)
                if i in keys and start <= m.start < end and m.start not in quoted_index
            }
    for number, (start, end) in enumerate(sentences):
        people = by_sentence.get(number, set())
        if len(people) != 1:
            continue
        (key,) = people
        for match in re.finditer(r"\b(he|himself|she|herself)\b", text[start:end], re.IGNORECASE):
            if start + match.start() in quoted_index:
                continue
            word = match.group(1).lower()
            votes[key]["female" if word.startswith(("she", "her")) else "male"] += 1
    genders = {}
    for key, counter in votes.items():
        (best, count), *rest = [*counter.most_common(), ("", 0)]
        if count > rest[0][1]:
            genders[key] = best
    return genders


def _compatible(kind: str, mention: Mention, key: str | None, genders: Mapping[str, str]) -> bool:
    if kind in ("male", "female", "person"):
        if mention.label not in _PERSON_LABELS:
            return False
        known = genders.get(key or "")
        return kind == "person" or known is None or known == kind
    if kind == "organisation":
        return mention.label in _ORGANISATION_LABELS
    if kind == "group":
        return mention.label in _GROUP_LABELS
    return False


def resolve_speaker(
    phrase: str,
    position: int,
    mentions: Sequence[Mention],
    genders: Mapping[str, str] | None = None,
    blocked: Sequence[tuple[int, int]] | SpanIndex = (),
    window: int = RESOLUTION_WINDOW,
    subjects: Collection[int] = (),
    keys: Mapping[int, str] | None = None,
    starts: Sequence[int] | None = None,
) -> Mention | None:
    """The nearest PERSON/ORG mention before ``position`` that the pronoun or title ``phrase``
    can stand for (gender from ``genders`` when known), skipping mentions inside ``blocked``
    spans (quotes, datelines); ``None`` when there is none within ``window`` characters.

    ``subjects`` holds the start offsets of mentions that are the grammatical subject of their
    clause: when given, the nearest compatible subject wins over a nearer object ("Sanders
    criticised Clinton. ... he told the paper" is Sanders), as readers resolve it.

    An article resolving many pronouns passes what does not change between calls, so each call
    looks only at the mentions within the window: ``keys`` (``person_keys(mentions)``),
    ``starts`` (the mentions' start offsets, in order) and ``blocked`` as a ``SpanIndex``."""
    kind = speaker_kind(phrase)
    if kind is None:
        return None
    keys = person_keys(mentions) if keys is None else keys
    blocked_index = blocked if isinstance(blocked, SpanIndex) else SpanIndex(blocked)
    # Mentions starting at or after the position end after it: never candidates.
    top = len(mentions) if starts is None else bisect_left(starts, position)
    genders = genders or {}
    phrase_words = words(phrase, keep="’'-")
    head = (
        _title_head(phrase_words[1:]) if kind == "organisation" and len(phrase_words) > 1 else None
    )

    def nearest_fitting(fits) -> Mention | None:
        nearest = None
        for index in range(top - 1, -1, -1):
            mention = mentions[index]
            if mention.end > position:
                continue
            if position - mention.end > window:
                break
            if (
                mention.start in blocked_index
                or not _compatible(kind, mention, keys.get(index), genders)
                or not fits(mention)
            ):
                continue
            if not subjects or mention.start in subjects:
                return mention
            nearest = nearest or mention
        return nearest

    if head is not None:
        described = nearest_fitting(lambda mention: _fits_description(head, mention))
        if described is not None or head in INSTITUTION_WORDS:
            # "the union" is a name with "Union" in it or no one: the nearest organisation of
            # another kind is a guess (often a place the tagger took for one).
            return described
    return nearest_fitting(lambda mention: True)


def described_name(
    phrase: str, text: str, position: int, window: int = RESOLUTION_WINDOW
) -> tuple[int, int] | None:
    """For "the union", "the authority" (an institution word after "the"), the nearest name
    before ``position`` written with that word as its last ("the Harbour and Ferry Workers'
    Union"), found in the text itself where the tagger missed the name: (start, end) or None."""
    phrase_words = words(phrase, keep="’'-")
    if len(phrase_words) < 2 or phrase_words[0] != "the":
        return None
    head = _title_head(phrase_words[1:])
    if head not in INSTITUTION_WORDS:
        return None
    words_before = r"(?:[A-Z][\w'’.&-]*\s+(?:(?:and|of|for|the|&)\s+)*)+"
    pattern = re.compile(words_before + re.escape(head.capitalize()) + r"\b")
    found = None
    for match in pattern.finditer(text, max(0, position - window), position):
        found = (match.start(), match.end())
    if found and text[found[0] : found[0] + 4] == "The ":
        found = (found[0] + 4, found[1])
    return found


#: Words by which an organisation's own name says what kind it is ("… Port Authority").
INSTITUTION_WORDS = frozenset(
    """
authority ministry department union council commission agency institute university court police
government committee party association foundation board bureau office
""".split()
)
#: Descriptions of a business, which none of the institutions above is.
BUSINESS_WORDS = frozenset(
    {
        "company",
        "firm",
        "corporation",
        "operator",
        "business",
        "bank",
        "group",
        "conglomerate",
        "developer",
        "contractor",
    }
)


def _fits_description(head: str, mention: Mention) -> bool:
    """Whether a definite description ("the authority", "the company") fits an organisation's
    name: "the authority" wants a name with "Authority" in it, "the company" one that names no
    institution."""
    named = set(ascii_words(mention.text))
    if head in INSTITUTION_WORDS:
        return head in named
    if head in BUSINESS_WORDS:
        return not named & INSTITUTION_WORDS
    return True
