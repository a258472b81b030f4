"""Furniture rules: which whole lines of a page are promos, navigation, prompts, media-player
fallbacks, embed boilerplate, photo credits or reprint notices rather than article text.

A line is matched in a folded form (curly quotes and apostrophes straight, every dash a hyphen,
"…" as "...", spaces collapsed), so a rule is written once for straight punctuation and still
matches what a CMS typesets ("doesn’t", "Live Briefing — …"). Rules ignore case unless they say
otherwise. Every rule has a name that is stored with the removed line and a comment giving the
reason it holds beyond the example that prompted it; each has a word limit above which a line is
never furniture under it (real sentences mention photos, tweets and copyright too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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
    # Live-blog and briefing promos: the label heading a teaser ("LIVE UPDATES: …", "Live
    # Briefing - …", or flattened to "Live Briefing Harbour strike …" with the teaser's
    # capitalised title straight after), the label alone on its line, and the imperative
    # pointing at the outlet's own live page ("Follow our live briefing", "Get the latest in our
    # live blog", "Follow The Harbour Tribune's live coverage"). A news sentence about live
    # coverage ("There was no live coverage of the trial", "Live updates were posted by the
    # council") is no imperative to a page and has no capitalised title after the label, and
    # stays.
    _rule(
        "promo: live coverage",
        r"^\s*(live([- ]?(updates?|blog|briefing|coverage|stream))?|breaking( news)?)"
        r"\s*[:|-]\s*\S|"
        r"^\s*live[- ]?(updates?|blog|briefing|coverage|stream)\s*[.:]*\s*$|"
        r"^\s*(?-i:LIVE|Live)[- ]?(?i:updates?|blog|briefing)\s+(?-i:[A-Z0-9])|"
        r"\bfollow (our|the) live[- ]?(coverage|updates?|blog|briefing|stream)\b|"
        rf"{_SENTENCE_START}(follow|read|see|visit|check out|get|go to|keep up)\b[^.!?]{{0,50}}"
        r"(\bour\b|'s\b)[^.!?]{0,30}\blive[- ]?(coverage|updates?|blog|briefing|stream|page)\b",
        30,
    ),
    # What a media player prints where it cannot play: unsupported browser or device, scripts
    # switched off, a bare control label or duration. No news sentence is written in the second
    # person about "your browser" or "your device" and a player.
    _rule(
        "media placeholder",
        r"your (browser|device) (does not|doesn'?t|cannot|can'?t) (support|play)|"
        r"\b(media )?playback (is )?(unsupported|not supported) on your (device|browser)|"
        r"\bneed an? [^.!?]{0,30}\bbrowser to (see|view|watch|play|hear)\b|"
        r"(this|the) (video|audio|media|content) (is|isn'?t) (not )?(available|supported)|"
        r"(enable|turn on|activate) javascript|please enable (javascript|cookies)|"
        r"\bjavascript (is )?(disabled|required|must be enabled)\b|"
        r"\brequires javascript to (play|run|view|watch)\b|"
        r"^\s*(play|pause|replay)\s+video\b|^\s*\d{1,2}:\d{2}\s*$|"
        r"^\s*(replay|play with sound|replay with sound|"
        r"(loading|load) (the )?(video|player)(\.\.\.)?)\s*$",
        25,
    ),
    # Social-media embed boilerplate: the scaffolding an embedded tweet or Instagram post leaves
    # when its script does not run (Twitter's location notice, "View this post on Instagram", the
    # card's signature line "A post shared by Name (@handle) on date"). The post's own words stay:
    # the article quotes them (the extraction benchmark's gold keeps embedded tweets' text and
    # their "- Name (@handle) date" line, and removing those cost recall on the tuning half). The
    # article's sentence about a post ("In a tweet, the mayor said …") matches none of these.
    _rule(
        "social embed",
        r"^\s*tweet with a location\s*\.?\s*$|"
        r"\byou can add location information to your tweets\b|"
        r"^\s*view (this|the) (post|profile|photo|video) on (instagram|facebook|twitter|x|"
        r"tiktok|threads)\s*\.?\s*$|"
        r"^\s*a (post|photo|video) shared by\b[^()]{0,80}\(@[\w.]+\)|"
        r"^\s*add this tweet to your website\b",
        40,
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
    # "Updated at 1:23 p.m.", "(Published Monday, Nov. 19, 2018)", "5:45 AM PST 11/19/2019 by
    # Jo Bloggs", "November 20, 2019 - 11:28 AMT", "By Jo Bloggs". A bare date or time ("March 3,
    # 2019", "4:14 p.m.") is kept: in a timeline or a live blog it is a heading that dates what
    # follows. So a stamp needs a lead word ("Updated"), or a date with either a time and its zone
    # or a byline.
    _rule(
        "metadata: timestamp or byline",
        rf"(?i:^\s*\(?\s*(?=.*\d)(?={_STAMP_LEAD}|(?=.*({_MONTH}\s*\d|\d[/.-]\d{{1,2}}[/.-]\d))"
        rf"(?=.*(\d:\d\d.*(?-i:\b{_ZONE}\b)|\sby\s)))"
        rf"({_STAMP_LEAD}\s*)?({_DATE_TOKEN}[\s,|–—-]*){{2,}})"
        rf"((?i:by)\s+{_NAME}(\s+({_NAME}|and|&)|,)*)?\s*\)?\s*$|"
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
    # A credit line on its own: a credit label and a name ("Photo: Jo Bloggs (Agency)", "Photo by
    # Jo Bloggs/AFP via Getty Images", "Image copyright PA"), possibly after the share buttons the
    # image carried ("Facebook Twitter Photograph: …"), or a bare agency credit. A sentence about
    # a photograph has a verb after "photo" and no label colon, and stays.
    _rule(
        "photo credit",
        r"^\s*[(\[]?\s*((facebook|twitter|pinterest|email|share)\s+)*"
        r"(file |featured |top |main )?(photo|picture|image|pictured|credit|photograph|"
        r"illustration|photo illustration)s?\s*(credit|courtesy( of)?)?\s*"
        r"(:|/|\bby\b)\s*([^.!?]|(?<=\b[A-Z])\.){0,90}[)\]]?\s*\.?\s*$|"
        r"^\s*[(\[]?(getty( images)?|ap( photo)?|reuters|afp|epa|pa)(/[^)\]]+)?[)\]]?\s*$|"
        r"^\s*(image|media) (copyright|caption)\b",
        16,
    ),
    # A caption that ends with its credit: "<who is shown>. Photo: Name/Agency", "<who is
    # shown> (Photo: Name, AP)", "<who is shown>. Name/Getty Images", "... toggle caption Name".
    # The credit at the very end of a short line is what makes it a caption; a sentence that
    # merely mentions a photo or an agency ends otherwise.
    _rule(
        "photo credit",
        r"[(\[]\s*(photo|picture|image|photograph|credit)s?\s*(by|credit|courtesy( of)?)?\s*"
        r"[:/]?\s*[^()\[\]]{2,80}[)\]]\s*\.?\s*$|"
        r"([.!?)]|^)\s*(photo|picture|image|photograph|credit)s?\s*(by|:)\s*"
        r"([^.!?]|(?<=\b[A-Z])\.){2,80}\.?\s*$|"
        r"\b(?-i:[A-Z][\w'.-]+(\s[A-Z][\w'.-]+){0,3})\s?/\s?(?-i:AP|AFP|EPA|Reuters|REUTERS|"
        r"Getty( Images)?|Shutterstock|Bloomberg|Corbis|Alamy|PA)( via [\w ]{2,30})?\)?\.?\s*$|"
        r"\b(toggle|hide) caption\b",
        45,
    ),
    _rule(
        "advertisement",
        r"^\s*(advertisement|sponsored( content)?|ad|story continues below "
        r"advertisement|continue reading below)\s*$|"
        r"^\s*(advertisement\s*)?(continue reading the main story|story continue[sd] "
        r"below( advertisement)?)\s*$",
        8,
    ),
    # Reprint and copyright notices: the site's rights line ("© 2019 Name. All rights
    # reserved.", "Copyright 2019 Name"), the wire's redistribution ban, and the reprint-desk
    # notice subscription sites print above or below the story ("This copy is for your personal,
    # non-commercial use only …"). A sentence about a copyright dispute names neither a year
    # after the sign nor the reader's own use, and stays.
    _rule(
        "reprint/copyright notice",
        r"^\s*(©|\(c\)|copyright)\s*\d{0,4}.{0,80}(all rights reserved|"
        r"may not be (published|reproduced))|"
        r"^\s*(copyright\s*)?(©|\(c\)|copyright)\s*(\d{4}|(?-i:[A-Z]))[^.!?]{0,60}\.?\s*$|"
        r"\b(this|the) (material|article|content|story) may not be (published|broadcast|"
        r"reproduced|rewritten|redistributed)|"
        r"^\s*all rights reserved\.?\s*$|"
        r"\bfor your personal,? non-?commercial use only\b|"
        r"\bpresentation-ready copies\b|"
        r"\b(to order|order) (multiple|reprint|presentation)[\w -]{0,20} copies\b|"
        r"\bgoverned by our subscriber agreement\b",
        40,
    ),
)


_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u00a0": " ",
    }
)


def fold_punctuation(line: str) -> str:
    """The line with typographic quotes, apostrophes, dashes and ellipses in their ASCII form and
    whitespace collapsed: the form furniture rules are matched against."""
    return re.sub(r"\s+", " ", line.translate(_FOLD)).strip()


def furniture_reason(line: str) -> str | None:
    """The name of the rule that makes ``line`` page furniture, or None if it is article text."""
    folded = fold_punctuation(line)
    words = len(folded.split())
    for rule in RULES:
        if words <= rule.max_words and rule.pattern.search(folded):
            return rule.name
    return None
