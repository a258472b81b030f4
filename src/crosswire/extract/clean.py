"""Cleaning: page furniture out of the article text, with an audit of every removed line.

Rules are line rules: a line (paragraph) is removed when it is, as a whole, a promo, navigation,
share/subscribe prompt, media placeholder or photo credit. Every rule has a name that is stored
with the removed line, so a reader can see why text is missing. A paragraph repeated inside one
article is removed (the first copy stays) and reported; doubled words are reported, not changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosswire.records import RemovedLine, TextIssue
from crosswire.text.normalise import normalise_text
from crosswire.text.paragraphs import paragraphs


@dataclass(frozen=True)
class FurnitureRule:
    name: str
    pattern: re.Pattern[str]
    #: Lines longer than this (in words) are never furniture under this rule: real sentences
    #: sometimes start with "Watch" or mention a photo.
    max_words: int = 40


def _rule(
    name: str, pattern: str, max_words: int = 40, flags: re.RegexFlag = re.IGNORECASE
) -> FurnitureRule:
    return FurnitureRule(name, re.compile(pattern, flags), max_words)


_SOCIAL = r"(twitter|x\.com|facebook|instagram|youtube|linkedin|tiktok|threads|bluesky|mastodon)"
_EMAIL = r"[\w.+-]+@[\w-]+(\.[\w-]+)+"
#: Start of the line or of a sentence inside it: prompts are imperatives, so they open a sentence.
_SENTENCE_START = r"(^|[.!?…]\s+)\s*"
_MONTH = (
    r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?)\.?"
)
_WEEKDAY = r"(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?\.?"
_ZONE = (
    r"(ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|GMT|UTC|BST|CET|CEST|EET|IST|JST|HKT|SGT|"
    r"AEST|AEDT|AMT|MSK)"
)
_DATE_TOKEN = (
    rf"(\d{{1,4}}([:/.-]\d{{1,4}}){{0,2}}(st|nd|rd|th)?|{_MONTH}|{_WEEKDAY}|"
    rf"[ap]\.?m\.?|{_ZONE}|at|on|of)"
)
_STAMP_LEAD = r"((last |first )?(updated|published|posted|modified)( on| at)?\s*:?)"
_NAME = r"[A-Z][\w.'’-]*"

RULES: tuple[FurnitureRule, ...] = (
    _rule(
        "promo: WATCH/LISTEN link",
        r"^\s*(watch|listen|video|audio|podcast)\s*(now)?\s*[:|\-–—]\s*\S",
    ),
    # "Listen to … live at 12:45 - or listen back here.", "Watch the full interview below": a whole
    # line pointing at a player. Inside a longer paragraph such a phrase stays.
    _rule(
        "promo: listen/watch prompt",
        r"^\s*(how to )?(listen|watch)\b[^.!?]{0,100}\b(here|below|"
        r"above|podcast|live|on demand|again)\s*[.!:]?\s*$",
        25,
    ),
    _rule(
        "promo: photo gallery",
        r"^\s*(in photos|in pictures|photos|gallery|in pics)\s*[:|\-–—]\s*\S",
    ),
    # A teaser for another story: "READ MORE: …", "[Related: …]", "Also on example.com …".
    _rule(
        "promo: read more",
        r"^\s*[\[(]?\s*(read more|read also|also read|related|see also|more on "
        r"this story|recommended|most read|don'?t miss|trending)\s*[:|\-–—]"
        r"|^\s*also on \w[\w-]*\.[a-z]{2,}\b",
    ),
    # The heading of a teaser block, alone on its line ("You may also like...", "More:").
    _rule(
        "promo: teaser heading",
        r"^\s*(more|also|related( stories| articles| content| coverage|"
        r" posts| news| links| reading)?|read more|see also|you (may|might)"
        r" also (like|be interested in)|recommended( for you| stories)?|"
        r"(most|more) (read|popular|viewed|shared)( in [\w ]{1,30})?|"
        r"trending( now| stories)?|more (stories|on this( story)?))"
        r"\s*[:.…]*\s*$",
        8,
    ),
    _rule(
        "promo: live coverage",
        r"^\s*(live( updates| blog| coverage)?|breaking( news)?)\s*[:|\-–—]\s*\S"
        r"|\bfollow (our|the) live (coverage|updates|blog)\b",
        25,
    ),
    _rule(
        "media placeholder",
        r"your browser (does not|doesn'?t) support|"
        r"(this|the) (video|audio|media|content) (is|isn'?t) (not )?(available|supported)|"
        r"enable javascript|please enable (javascript|cookies)|"
        r"^\s*(play|pause|replay)\s+video\b|^\s*\d{1,2}:\d{2}\s*$",
        25,
    ),
    _rule(
        "share/subscribe prompt",
        r"^\s*(share (this|on|via)|click here|tap here|sign up (for|to)|"
        r"subscribe (to|now|for|today)|follow us on|get (our|the) \w+ "
        r"newsletter|download (our|the) app|join (our|the) \w+ channel)|"
        r"\b(share|tweet) this (article|story)\b|"
        r"\bsubscribe to our newsletter\b|"
        rf"{_SENTENCE_START}(click|tap) here\b|"
        r"^\s*like this (story|article)\?|"
        r"\bshare (it|this( story| article)?) with (a friend|your friends)",
        30,
    ),
    # "Sign up for … newsletter", "Get … delivered to your inbox": an imperative opening a sentence
    # ("Phishing mails sent to your inbox look real, experts said" stays).
    _rule(
        "newsletter prompt",
        rf"{_SENTENCE_START}(sign up|subscribe|register)\b[^.!?]{{0,80}}"
        r"\b(newsletters?|inbox)\b|"
        rf"{_SENTENCE_START}get\b[^.!?]{{0,80}}\b(delivered|straight|right) (to|in|into) "
        r"your inbox\b",
        40,
    ),
    # "Follow us on Twitter", "Email Jo Bloggs at jo@example.com", "Reach the reporter at …". Only
    # as an imperative or the reporter-contact formula: "Anyone with information is asked to email
    # tips@fbi.gov" is news and stays.
    _rule(
        "social/contact prompt",
        rf"{_SENTENCE_START}follow (@\w+|[^.!?]{{1,60}}? on {_SOCIAL})\b|"
        rf"\bfollow (us|him|her|them|me) ((on|at) {_SOCIAL}|@\w)|"
        rf"{_SENTENCE_START}(e-?mail|contact|write to)\b[^.!?@]{{0,40}}?"
        rf"(\bat|\bto|:)\s*{_EMAIL}|\b(may|can) be reached at\s*{_EMAIL}|"
        rf"^\s*reach (me|us|him|her|them|the (reporter|author|writer)s?)\b"
        rf"[^.!?]{{0,40}}({_SOCIAL}|{_EMAIL}|https?://)",
        40,
    ),
    _rule(
        "comment prompt",
        r"^\s*(tell us what you think|let us know (what you think|in the "
        r"comments)|leave a (comment|reply)|join the (conversation|discussion)|"
        r"(\d+\s+)?comments?\s*(\(\d+\))?)\s*[.!…:]*\s*$",
        15,
    ),
    # A labelled link on a line of its own ("iTunes: https://…", "More AP NBA: https://…") or a
    # bare social-profile address. Bare URLs and e-mail addresses stay: articles list sources so.
    _rule(
        "link line",
        rf"^\s*[^\s:]+( [^\s:]+){{0,3}}\s*:\s*(https?://|www\.)\S+\s*$|"
        rf"^\s*(https?://)?(www\.)?{_SOCIAL}(\.com)?/\w+/?\s*$|"
        r"^\s*more\b[^:]{0,40}:\s*(https?://|www\.)\S+",
        12,
    ),
    # A WordPress shortcode the site failed to render: "[button link=…]Send us …[/button]".
    _rule("unrendered shortcode", r"\[/\w+\]|^\s*\[\w+(\s+\w+=[^\]]*)+\]", 40),
    # "Updated at 1:23 p.m.", "5:45 AM PST 11/19/2019 by Jo Bloggs", "November 20, 2019 -
    # 11:28 AMT", "By Jo Bloggs". A bare date or time ("March 3, 2019", "4:14 p.m.") is kept: in a
    # timeline or a live blog it is a heading that dates what follows. So a stamp needs a lead word
    # ("Updated"), or a date with either a time and its zone or a byline.
    _rule(
        "metadata: timestamp or byline",
        rf"(?i:^\s*(?=.*\d)(?={_STAMP_LEAD}|(?=.*({_MONTH}\s*\d|\d[/.-]\d{{1,2}}[/.-]\d))"
        rf"(?=.*(\d:\d\d.*(?-i:\b{_ZONE}\b)|\sby\s)))"
        rf"({_STAMP_LEAD}\s*)?({_DATE_TOKEN}[\s,|–—-]*){{2,}})"
        rf"((?i:by)\s+{_NAME}(\s+({_NAME}|and|&)|,)*)?\s*$|"
        rf"^\s*(By|BY)\s+{_NAME}(\s+{_NAME}){{0,3}}((,| and| &)\s+{_NAME}(\s+{_NAME}){{0,3}})*\s*$",
        16,
        flags=re.NOFLAG,
    ),
    # "Reporting by …; Editing by …", "The Associated Press contributed to this report.": who made
    # the report, not what it reports (its names would otherwise become entity mentions).
    _rule(
        "metadata: reporting credit",
        r"^\s*[(\[]?\s*((additional |further )?reporting by|writing by|"
        r"editing by|compiled by|with (additional )?reporting (by|from))\b|"
        r"\b(contributed|contributing) (reporting )?to this (report|story|"
        r"article)\b",
        45,
    ),
    _rule(
        "metadata: reading time",
        r"^\s*(\d+\s*[-‑ ]?\s*min(ute)?s?\.?( read)?|reading time\s*:?\s*"
        r"\d+\s*min(ute)?s?)\s*$",
        6,
    ),
    _rule(
        "metadata: tags",
        r"^\s*(tags|tagged( with)?|filed under|topics|categories|keywords)"
        r"\s*(:[^.!?]*)?$",
        40,
    ),
    _rule("source credit", r"^\s*source\s*:\s*[^.!?]{1,60}$", 8),
    _rule(
        "photo credit",
        r"^\s*[\(\[]?\s*(photo|picture|image|pictured|credit|photograph|file photo)"
        r"s?\s*(credit)?\s*[:/]\s*[^.]{0,80}[\)\]]?\s*$|"
        r"^\s*[\(\[]?(getty images|ap photo|reuters|afp)(/[^)\]]+)?[\)\]]?\s*$",
        16,
    ),
    _rule(
        "advertisement",
        r"^\s*(advertisement|sponsored( content)?|ad|story continues below "
        r"advertisement|continue reading below)\s*$|"
        r"^\s*(advertisement\s*)?(continue reading the main story|story continue[sd] "
        r"below( advertisement)?)\s*$",
        8,
    ),
    _rule(
        "copyright notice",
        r"^\s*(©|\(c\)|copyright)\s*\d{0,4}.{0,80}(all rights reserved|"
        r"may not be (published|reproduced))",
        30,
    ),
)

# Doubled words that are often right ("had had", "that that") are not reported.
_LEGIT_DOUBLES = {
    "had",
    "that",
    "is",
    "do",
    "very",
    "no",
    "bye",
    "far",
    "so",
    "knock",
    "blah",
    "ha",
    "yes",
    "tut",
    "go",
    "bora",
    "chop",
    "choo",
}
_DOUBLED = re.compile(r"\b(\w+)\s+(\1)\b", re.IGNORECASE)


def furniture_reason(line: str) -> str | None:
    """The name of the rule that makes ``line`` page furniture, or None if it is article text."""
    words = len(line.split())
    for rule in RULES:
        if words <= rule.max_words and rule.pattern.search(line):
            return rule.name
    return None


def clean_text(text: str) -> tuple[str, tuple[RemovedLine, ...], tuple[TextIssue, ...]]:
    """Remove furniture lines and repeated paragraphs; report doubled words.

    Table rows stay (a results table is part of the report) but a layout table, one holding the
    whole article in a single cell, is unwrapped to its text. Returns the cleaned text
    (paragraphs separated by a blank line), the removed lines with their reasons, and the issues
    noticed in the kept text.
    """
    kept: list[str] = []
    removed: list[RemovedLine] = []
    seen: set[str] = set()
    for paragraph in paragraphs(text):
        paragraph, table_reason = unwrap_table_row(paragraph)
        reason = table_reason or furniture_reason(paragraph)
        if reason is not None:
            removed.append(RemovedLine(paragraph, reason))
            continue
        key = normalise_text(paragraph).lower()
        if key in seen and is_prose(paragraph) and len(paragraph.split()) >= 8:
            removed.append(RemovedLine(paragraph, "repeated paragraph (kept its first copy)"))
            continue
        seen.add(key)
        kept.append(paragraph)
    cleaned = "\n\n".join(kept)
    return cleaned, tuple(removed), find_doubled_words(cleaned)


_TABLE_ROW = re.compile(r"^\|.*\|$")
_TABLE_RULE = re.compile(r"^\|(\s*:?-{3,}:?\s*\|)+$")
_LIST_ITEM = re.compile(r"^([-*•▪–]|\d{1,3}[.)])\s")


def unwrap_table_row(paragraph: str) -> tuple[str, str | None]:
    """A table row as trafilatura writes it ("| a | b |"): the ruler row under a header is markup
    (returned with a removal reason); a row with a single non-empty cell is a layout table's cell,
    returned as plain text; any other row is kept as it is."""
    if not _TABLE_ROW.match(paragraph):
        return paragraph, None
    if _TABLE_RULE.match(paragraph.replace(" ", "")):
        return paragraph, "table ruler line"
    cells = [cell.strip() for cell in paragraph.strip("|").split("|")]
    filled = [cell for cell in cells if cell]
    if len(filled) == 1:
        return filled[0], None
    return paragraph, None


def is_prose(paragraph: str) -> bool:
    """Table rows and list items repeat legitimately (a header row per table, the same feature
    in two product lists); only a repeated prose paragraph is a duplicated passage."""
    return not (_TABLE_ROW.match(paragraph) or _LIST_ITEM.match(paragraph))


def find_doubled_words(text: str) -> tuple[TextIssue, ...]:
    """Words written twice in a row by mistake ("the the"), with their spans."""
    issues = []
    for match in _DOUBLED.finditer(text):
        word = match.group(1)
        if word.lower() in _LEGIT_DOUBLES or word.isdigit():
            continue
        issues.append(TextIssue("doubled word", match.group(0), match.start(), match.end()))
    return tuple(issues)
