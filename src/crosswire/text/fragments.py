"""Fragments: pieces of text a sentence splitter hands over that are not statements.

A fact, a conflict side or a summary line must be a sentence a reader can take alone. The
splitter breaks real text in places no sentence ends (inside a list of quoted titles, at a
question mark in a song title, after a colon), and pages carry lines with no verb at all (photo
credits, section heads, lists of names). ``fragment_reason`` names which of these a text is,
from its characters alone, so every stage that shows sentences applies the same test:

- ``unbalanced quotes``: quotation marks opened and not closed, or closed and never opened, with
  no speaker outside them. A quote that runs over several sentences is split into pieces that
  each carry one mark; a middle or end piece without its "he said" is the speaker's words
  without the speaker, which the quote ledger shows whole. The piece that names its speaker
  ('Taylor said, "We believe the industry is on a dangerous path.' or 'To win, you need to be
  beautiful again," he said.') reads alone and stays a statement.
- ``quoted list``: two or more quoted items with almost nothing outside them ("A," "B" and "C").
- ``cut off``: the text ends where no sentence ends (a comma, a colon, a conjunction) or starts
  where none starts (a lower-case word, a comma).
- ``no verb``: no lower-case word beyond function words, so no verb can be there ("Photo: Jane
  Doe (Getty Images)", "Live Briefing: Russia-Ukraine War", a run of names). A proxy, chosen to
  abstain: any lower-case content word lets the text through. Quoted words count only when a
  reporting verb outside the quotes makes them someone's speech ('"Thank you to the fans,"
  Jones said.'): a quoted title or list item is no clause, a quoted remark is one.

A straight double quote right after a digit is an inch or seconds mark only when the straight
quotes would otherwise not pair up ('who is 6'2", scored' has one; '"Dragon 2" star' two).
"""

from __future__ import annotations

import re

from crosswire.text.stopwords import CLAIM_STOPWORDS, TITLE_STOPWORDS

_CURLY_OPEN, _CURLY_CLOSE = "“", "”"
#: A straight double quote that is an inch or seconds mark (5'10", 2" of rain) is no quote.
_INCH_MARK = re.compile(r"(?<=\d)\"")
_QUOTED = re.compile(r"[\"“]([^\"“”]*)[\"”]")
#: Words outside a list's quotes that still leave it a list: separators, not statements.
_LIST_GLUE = frozenset({"and", "or", "as", "well", "including", "like", "such", "plus"})
#: A closing character before which no sentence ends.
_OPEN_END = re.compile(r"(?:[,;:–—-]|\b(?:and|or|but|of|the|a|an|to|with|for))[\"'”’)\]]*\s*$")
_CLOSING = "\"'”’)]»"
#: Lower-case starts that begin real sentences: brand names written so (iPhone, eBay).
_LOWER_BRAND = re.compile(r"^[a-z]+[A-Z]")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")
_FUNCTION_WORDS = CLAIM_STOPWORDS | TITLE_STOPWORDS | frozenset({"de", "la", "van", "von", "der"})
#: A reporting verb: outside a closed quotation it makes the quotation someone's speech, outside
#: a quote left open it names who speaks in that piece.
_SPEECH_VERB = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|asked|asks|wrote|writes|stated|explained|"
    r"explains|recalled|recalls|noted|notes|continued|continues|declared|announced|insisted|"
    r"insists|argued|warned|quipped|responded|replied|according to)\b",
    re.IGNORECASE,
)


def fragment_reason(text: str) -> str | None:
    """Why ``text`` is a fragment and not a statement (see the module docstring), or None."""
    stripped = text.strip()
    if not stripped:
        return "cut off"
    if _unbalanced(stripped) and not _SPEECH_VERB.search(_outside_open_quote(stripped)):
        return "unbalanced quotes"
    if _quoted_list(stripped):
        return "quoted list"
    if cut_off(stripped):
        return "cut off"
    counted = stripped if reported_speech(stripped) else unquoted(stripped)
    if not any(w not in _FUNCTION_WORDS for w in _LOWER_WORD.findall(counted)):
        return "no verb"
    return None


def is_fragment(text: str) -> bool:
    return fragment_reason(text) is not None


def _unbalanced(text: str) -> bool:
    if text.count(_CURLY_OPEN) != text.count(_CURLY_CLOSE):
        return True
    return text.count('"') % 2 == 1 and _INCH_MARK.sub("", text).count('"') % 2 == 1


def _outside_open_quote(text: str) -> str:
    """The text outside a quote left open or closed unopened: before an opening mark that is
    never closed, after a closing mark never opened (for straight quotes: after the last mark
    when it opens a quote: at the start or after a space, else after it)."""
    if text.count(_CURLY_OPEN) > text.count(_CURLY_CLOSE):
        return text[: text.rfind(_CURLY_OPEN)]
    if text.count(_CURLY_CLOSE) > text.count(_CURLY_OPEN):
        return text[text.find(_CURLY_CLOSE) + 1 :]
    plain = _INCH_MARK.sub("", text)
    last = plain.rfind('"')
    opens = last == 0 or plain[last - 1].isspace() or plain[last - 1] in "(‘'"
    return plain[:last] if opens else plain[last + 1 :]


def unquoted(text: str) -> str:
    """``text`` with every closed quotation replaced by a space: the writer's own words."""
    return _QUOTED.sub(" ", text)


def reported_speech(text: str) -> bool:
    """Whether ``text`` quotes someone: a closed quotation and a reporting verb outside it
    ('"We will stay," Jane Doe said.', 'She told reporters: "We will stay."')."""
    return bool(_QUOTED.search(text)) and bool(_SPEECH_VERB.search(unquoted(text)))


def _quoted_list(text: str) -> bool:
    if len(_QUOTED.findall(text)) < 2:
        return False
    outside = [w.lower() for w in re.findall(r"[A-Za-z']+", unquoted(text))]
    return sum(1 for w in outside if w not in _LIST_GLUE) < 2


#: An opening bracket or quote mark at the end: what it opens was cut away ("… would [").
_OPENER_END = re.compile(r"[(\[{“‘]\s*$")


def cut_off(text: str) -> bool:
    """Whether ``text`` ends where no sentence ends or starts where none starts."""
    if _OPEN_END.search(text) or _OPENER_END.search(text):
        return True
    first = text.lstrip(_CLOSING + "“‘\"'(")
    if not first:
        return True
    if first[0] in ",;:)":
        return True
    return first[0].islower() and not _LOWER_BRAND.match(first)
