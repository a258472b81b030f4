"""Who published a report and whose copy it is, read from the text when the input does not say:
the outlet (the publisher) and the credit (the wire agency or originating outlet whose copy was
run), each with where it was read and the words it was read from.

Where each is read, and why there:

- **Datelines** open the report, in its first prose paragraph (a headline line may stand above
  it): "WASHINGTON (AP) —", "NEW YORK, Nov. 19 (UPI) —", "Kyiv, Ukraine CNN —", "(AFP) —". A name
  in brackets is the news service the copy is credited to (a wire, or the outlet's own service:
  "(CNN)"); capitals after a "Place, Country" head are the outlet's own dateline style.
- **Closing credits** end it, as a short last paragraph: "Firstname Lastname with AFP", "— with
  reporting by Northstar Wire", "(Reporting by …; Editing by …)" (Reuters' house signature),
  "© AFP", "Copyright 2016 The Associated Press. All rights reserved.", "This article originally
  appeared on …".
- **An outlet's own promos and signatures** anywhere in the page as pasted: "Sign up for The
  Harbour Tribune's morning newsletter", "Follow Example News's live coverage", a staff address
  "Reach her at name@example.com".

A name in the shipped list of agencies (``data/agencies.toml``) is always a credit, never the
outlet. Photo credits ("Jim Smith / Reuters", "(Photo: AFP)") name agencies too but credit a
picture, not the report, so they are never read as a credit. Prefer nothing to a guess: each
shape is anchored (a paragraph of its own, a dateline's end) and short.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from crosswire.text.datelines import DASH, find_dateline
from crosswire.text.normalise import normalise_text
from crosswire.text.paragraphs import paragraphs


@dataclass(frozen=True)
class Reading:
    """A name read from the text: where (``dateline`` or ``text``) and the words it came from."""

    name: str
    source: str
    evidence: str


@dataclass(frozen=True)
class _Found(Reading):
    #: Credited with the copy ("with reporting by …", "originally appeared on …") even when the
    #: name is not a known agency; otherwise only a known agency is a credit.
    credited: bool = False


@dataclass(frozen=True)
class TextProvenance:
    outlet: Reading | None = None
    credit: Reading | None = None


@lru_cache(maxsize=1)
def _agencies() -> dict[str, str]:
    """Lower-cased alias → the agency's short name."""
    text = resources.files("crosswire").joinpath("data/agencies.toml").read_text(encoding="utf-8")
    table = tomllib.loads(text)["agencies"]
    return {alias.lower(): short for short, aliases in table.items() for alias in [short, *aliases]}


def agency_name(name: str) -> str | None:
    """The short name of a news agency ("The Associated Press" → "AP"), or None."""
    return _agencies().get(normalise_text(name).strip(" .").lower())


#: How many opening paragraphs may hold the dateline: a headline and a standfirst may stand above.
DATELINE_PARAGRAPHS = 3
#: How many closing paragraphs may hold a credit: the credit, then perhaps a tag or share line.
CLOSING_PARAGRAPHS = 3
#: A credit or signature line is short; a longer paragraph is article text that mentions a name.
CREDIT_MAX_WORDS = 14

_NAME = r"[A-Z][\w&.'’-]*(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w&.'’-]*){0,3}"
#: A reporter's name before "with AFP": capitalised words, with the particles names carry.
_PERSON = (
    r"[A-Z][\w.'’-]+(?:\s+(?:(?:de|van|von|der|den|da|di|du|del|la|le|al|bin|ter|ten)\s+)*"
    r"[A-Z][\w.'’-]+){0,3}"
)
_BARE_BRACKET = re.compile(r"^\s*\((?P<name>[A-Za-z][^()]{0,38})\)\s*" + DASH + r"\s+\S")
_BRACKET_END = re.compile(r"\((?P<name>[^()]{2,40})\)\s*$")
_DATE_LIKE = re.compile(r"^\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d[\d\s,./-]*)\s*$")
#: Words that make a name an organisation, so "with reporting by Northstar Wire" credits a service
#: while "— with Jane Doe" (a co-author) does not.
_ORG_WORD = re.compile(
    r"\b(?:wire|press|news|agency|service|media|times|post|journal|herald|tribune|gazette|"
    r"observer|telegraph|chronicle|daily|radio|television|tv|network|bureau)\b",
    re.IGNORECASE,
)
_WITH = re.compile(
    r"^\s*(?:" + DASH + r"\s*)?\(?\s*(?:" + _PERSON + r"\s+)?"
    r"with\s+(?:additional\s+)?(?:reporting\s+(?:by|from)\s+)?(?P<name>" + _NAME + r")"
    r"\s*\.?\s*\)?\s*$"
)
_REUTERS_SIGNATURE = re.compile(
    r"^\s*[(\[]?\s*(?:additional\s+)?(?:reporting|writing)\s+by\b.*\bediting\s+by\b",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"^\s*(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:copyright\s*)?(?:\d{4}\s*)?"
    r"(?P<name>(?!by\b)" + _NAME + r")\s*[.,]?\s*(?:all rights reserved\.?)?\s*$",
    re.IGNORECASE,
)
_ORIGINALLY = re.compile(
    r"^\s*(?:this|the)\s+(?:article|story|report|piece)\s+(?:was\s+)?(?:originally|first)\s+"
    r"(?:appeared|published|ran)\s+(?:on|in|at|by)\s+(?P<name>" + _NAME + r")",
    re.IGNORECASE,
)
#: "Sign up for The Harbour Tribune's newsletter", "Follow Example News's live coverage": an
#: outlet advertising its own products names itself. Only the imperative opening a line, and only
#: products an outlet sells (not "Watch the mayor's briefing" or someone's podcast).
_PROMO = re.compile(
    r"^\s*(?i:sign up (?:for|to)|subscribe to|follow)\s+"
    r"(?P<name>" + _NAME + r")['’]s?\s+(?i:(?:free|daily|weekly|morning|evening|breaking news)\s+)*"
    r"(?i:newsletters?|app|live\s+(?:coverage|briefing|blog|updates)|coverage|news\s+alerts?)\b"
)
_STAFF_ADDRESS = re.compile(
    r"\b(?:reach|contact|email|e-mail)\b[^@\n]{0,40}\b[\w.+-]+@(?P<domain>[\w-]+(?:\.[\w-]+)+)",
    re.IGNORECASE,
)
#: Addresses anyone can have: they say nothing about the publisher.
_WEBMAIL = {"gmail", "googlemail", "yahoo", "hotmail", "outlook", "icloud", "aol", "protonmail"}
#: A closing line about a picture credits the picture, not the report.
_PHOTO_WORD = re.compile(r"\b(?:photo|image|picture|getty|video|file)\b", re.IGNORECASE)


def provenance_from_text(text: str) -> TextProvenance:
    """The outlet and the credit the text itself names (either may be None)."""
    lines = paragraphs(text)
    outlet: Reading | None = None
    credit: Reading | None = None
    for found in (_from_dateline(lines), _from_closing(lines), _from_signatures(lines)):
        if found is None:
            continue
        short = agency_name(found.name)
        if short or found.credited:
            credit = credit or Reading(short or found.name, found.source, found.evidence)
        else:
            outlet = outlet or Reading(found.name, found.source, found.evidence)
    return TextProvenance(outlet, credit)


def _from_dateline(lines: list[str]) -> _Found | None:
    for line in lines[:DATELINE_PARAGRAPHS]:
        bare = _BARE_BRACKET.match(line)
        if bare and not _DATE_LIKE.match(bare.group("name")):
            head = line[: line.index(")") + 1]
            return _Found(bare.group("name").strip(), "dateline", head + " —", credited=True)
        dateline = find_dateline(line, strict=False)
        if dateline is None:
            continue
        head = dateline.head.strip()
        bracket = _BRACKET_END.search(head)
        if bracket and not _DATE_LIKE.match(bracket.group("name")):
            return _Found(bracket.group("name").strip(), "dateline", head + " —", credited=True)
        trailing = _trailing_caps(head)
        if trailing:
            return _Found(trailing, "dateline", head + " —")
    return None


def _trailing_caps(head: str) -> str | None:
    """ "Hiroshima, Japan CNN" → "CNN": capitals after a mixed-case "Place, Country" head."""
    if "," not in head or len(head.split()) > 6:
        return None
    words = head.replace(",", " ").split()
    tail: list[str] = []
    while words and re.fullmatch(r"[A-Z][A-Z&.]{1,9}", words[-1]):
        tail.insert(0, words.pop())
    if tail and words and not all(w.isupper() for w in words):
        return " ".join(tail)
    return None


def _from_closing(lines: list[str]) -> _Found | None:
    """A credit closing the report: a name credited with the copy, or a copyright holder."""
    for line in reversed(lines[-CLOSING_PARAGRAPHS:]):
        # The signature lists every reporter and editor, so it may run long.
        if _REUTERS_SIGNATURE.match(line) and len(line.split()) <= 4 * CREDIT_MAX_WORDS:
            return _Found("Reuters", "text", line)
        if len(line.split()) > CREDIT_MAX_WORDS or _PHOTO_WORD.search(line):
            continue
        with_ = _WITH.match(line)
        if with_ and (agency_name(with_["name"]) or _is_organisation(with_["name"])):
            return _Found(_clean(with_["name"]), "text", line, credited=True)
        origin = _ORIGINALLY.match(line)
        if origin:
            return _Found(_clean(origin["name"]), "text", line, credited=True)
        copyright_ = _COPYRIGHT.match(line)
        if copyright_ and (agency_name(copyright_["name"]) or _is_organisation(copyright_["name"])):
            return _Found(_clean(copyright_["name"]), "text", line)
    return None


def _from_signatures(lines: list[str]) -> _Found | None:
    """The outlet naming itself in a promo or a staff address."""
    for line in lines:
        if len(line.split()) > 3 * CREDIT_MAX_WORDS:
            continue
        promo = _PROMO.match(line)
        if promo and not agency_name(promo["name"]):
            return _Found(_clean(promo["name"]), "text", line)
        address = _STAFF_ADDRESS.search(line)
        if address and address["domain"].split(".")[0].lower() not in _WEBMAIL:
            return _Found(address["domain"].lower(), "text", line)
    return None


def _is_organisation(name: str) -> bool:
    return bool(_ORG_WORD.search(name)) or (name.isupper() and len(name) >= 2)


def _clean(name: str) -> str:
    return name.strip().rstrip(".,;:")
