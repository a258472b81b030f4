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

from crosswire.text.datelines import DASH, Dateline, find_dateline
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
#: Only the lead words are matched in any case: the name must be capitalised ("© 2025 Harbour
#: Tribune", not "(c) the news media").
_COPYRIGHT = re.compile(
    r"^\s*(?i:copyright\s*)?(?:©|\((?i:c)\)|(?i:copyright))\s*(?i:copyright\s*)?(?:\d{4}\s*)?"
    r"(?P<name>(?!By\b)" + _NAME + r")\s*[.,]?\s*(?i:all rights reserved\.?)?\s*$"
)
_ORIGINALLY = re.compile(
    r"^\s*(?i:(?:this|the)\s+(?:article|story|report|piece)\s+(?:was\s+)?(?:originally|first)\s+"
    r"(?:appeared|published|ran)\s+(?:on|in|at|by))\s+(?P<name>" + _NAME + r")"
)
#: Names a lead phrase may capture that are dates, not outlets ("first published on Monday").
_NOT_A_NAME = re.compile(
    r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
    r"nov|dec)[a-z]*\.?(?:\s|$)",
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
#: A reporter's or the newsroom's own address in a closing line: "Reach him at …", "Email the
#: writer at …", "EMAIL: …", "Email us at …" (not "email tips to police at …").
_STAFF_ADDRESS = re.compile(
    r"(?:\b(?:reach|contact|email|e-mail|write to)\s+(?:him|her|them|us|me|"
    r"the\s+(?:writer|reporter|author|columnist|editors?|newsroom))\b[^@\n]{0,40}|"
    r"^\s*e-?mail\s*:\s*)"
    r"\b[\w.+-]+@(?P<domain>[\w-]+(?:\.[\w-]+)+)",
    re.IGNORECASE,
)
#: Addresses anyone can have, and those of governments and universities: they say nothing about
#: the publisher.
_WEBMAIL = {"gmail", "googlemail", "yahoo", "hotmail", "outlook", "icloud", "aol", "protonmail"}
_PUBLIC_SUFFIXES = (".gov", ".mil", ".edu")
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
        if bare and _names_a_service(bare.group("name")):
            head = line[: line.index(")") + 1]
            return _Found(bare.group("name").strip(), "dateline", head + " —", credited=True)
        dateline = find_dateline(line, strict=False)
        if dateline is None:
            continue
        head = dateline.head.strip()
        bracket = _BRACKET_END.search(head)
        if (
            bracket
            and _names_a_service(bracket.group("name"))
            and _place_like(head[: bracket.start()], bracket.group("name"))
        ):
            return _Found(bracket.group("name").strip(), "dateline", head + " —", credited=True)
        trailing = _trailing_caps(head)
        if trailing:
            return _Found(trailing, "dateline", head + " —")
    return None


def opening_dateline(line: str) -> Dateline | None:
    """The dateline opening ``line`` when it is one: a place in capitals ("WASHINGTON —"), or a
    head this module reads a credit or an outlet from ("Chennai, India KTV —"). A capitalised
    clause before a dash ("Ukraine's president — who …") is not one."""
    strict = find_dateline(line, strict=True)
    if strict is not None and not line[: strict.end].rstrip().endswith(":"):
        return strict
    loose = find_dateline(line, strict=False)
    if loose is not None and _from_dateline([line]) is not None:
        return loose
    bare = _BARE_BRACKET.match(line)
    if bare and _names_a_service(bare.group("name")):
        return Dateline(line[: line.index(")") + 1], line.index(")") + 1)
    return None


def _trailing_caps(head: str) -> str | None:
    """ "Hiroshima, Japan CNN" → "CNN": capitals after a mixed-case "Place, Country" head. Two
    letters or dots are a state or country code ("Austin, TX", "Washington, D.C."), not one."""
    if "," not in head or len(head.split()) > 6:
        return None
    words = head.replace(",", " ").split()
    tail: list[str] = []
    while words and re.fullmatch(r"[A-Z][A-Z&]{2,9}", words[-1]):
        tail.insert(0, words.pop())
    if (
        tail
        and words
        and all(w[0].isupper() for w in words)
        and not all(w.isupper() for w in words)
    ):
        return " ".join(tail)
    return None


def _names_a_service(name: str) -> bool:
    """A bracketed name a news service goes by: an agency, or capitalised words that are not a
    date or a note ("(Updated 3:45 p.m.)")."""
    name = name.strip()
    if agency_name(name):
        return True
    return (
        bool(re.fullmatch(_NAME, name))
        and not _DATE_LIKE.match(name)
        and not re.search(r"\d", name)
    )


def _place_like(head: str, name: str) -> bool:
    """Whether the words before a bracketed name are a dateline's place (and date), not a
    sentence's subject: at most six words, each capitalised or a number, and not the words the
    name abbreviates ("The World Health Organization (WHO)", "Tesla (TSLA)")."""
    if agency_name(name):
        return True
    words = head.replace(",", " ").split()
    if not words or len(words) > 6 or not all(w[0].isupper() or w[0].isdigit() for w in words):
        return False
    initials = "".join(w[0] for w in words if w[0].isupper())
    return (
        name.replace(" ", "").upper() not in initials.upper() and name.upper() not in head.upper()
    )


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
        if origin and not _NOT_A_NAME.match(origin["name"]):
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
        if promo and not agency_name(promo["name"]) and _is_organisation(promo["name"]):
            return _Found(_clean(promo["name"]), "text", line)
    for line in lines[-CLOSING_PARAGRAPHS:]:
        address = _STAFF_ADDRESS.search(line)
        if address is None:
            continue
        domain = address["domain"].lower().rstrip(".")
        if domain.split(".")[0] not in _WEBMAIL and not domain.endswith(_PUBLIC_SUFFIXES):
            return _Found(domain, "text", line)
    return None


def _is_organisation(name: str) -> bool:
    """A name that says it is an outlet or service ("Northstar Wire", "The Harbour Tribune"), or
    an acronym of three or more capitals ("KTV")."""
    return (
        bool(_ORG_WORD.search(name))
        or name.startswith("The ")
        or bool(re.fullmatch(r"[A-Z]{3,6}", name))
    )


def _clean(name: str) -> str:
    return name.strip().rstrip(".,;:")
