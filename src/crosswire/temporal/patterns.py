"""The grammar: which spans of running news text are temporal expressions.

Each rule is one regular expression with named groups; ``resolve`` turns a rule's match into a
value. Calendar names must be capitalised ("May", "Friday"); the words around them need not be.
When rules overlap, the longest match wins (ties go to the earlier rule).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosswire.temporal.lexicon import ORDINAL_UNITS, TENS_PLURAL
from crosswire.text.numbers import TENS, UNITS


def _alternation(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def _ordinal_day_words() -> list[str]:
    words = [w for w, n in ORDINAL_UNITS.items() if n <= 20 or n == 30]
    words += [f"twenty{sep}{w}" for w, n in ORDINAL_UNITS.items() if n < 10 for sep in "- "]
    words += [f"thirty{sep}first" for sep in "- "]
    return words


UNIT_WORDS = _alternation(UNITS)
TENS_WORDS = _alternation(TENS)
MONTH = (
    r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)(?![a-z])|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
    r"(?:\.|(?![a-z])))"
)
# An optional comma between the parts of a date, with the space some texts put before it
# ("April 28 , 2003" in tokenised text): the year after it still belongs to the date. Added for
# issue #9 with the two rules below: TimeBank tuning part 555 -> 556 of 641, check part unchanged
# (329/375); SemEval-2015 Wikinews (untuned) timeline anchors 60 -> 63 of 151.
COMMA = r"(?:\s?,)?\s+"
WEEKDAY = r"(?P<weekday>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)(?:['’]s)?"
# A day number is not followed by a digit, "%" or ":" and a digit ("10:30" is a clock time);
# a colon and a space end the date ("Saturday, April 25: The court ...").
DAY = (
    r"(?P<day>(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d%]|:\d)|(?i:"
    + _alternation(_ordinal_day_words())
    + r")(?![\w-]))"
)
SPELLED_YEAR = (
    r"(?i:nineteen[- ](?:hundred|(?:"
    + TENS_WORDS
    + r")(?:[- ](?:"
    + UNIT_WORDS
    + r"))?|"
    + UNIT_WORDS
    + r"|oh[- ](?:"
    + UNIT_WORDS
    + r"))"
    r"|(?<=year )two thousand(?:(?: and)?[- ](?:" + UNIT_WORDS + r"))?)"
)
YEAR = (
    r"(?P<year>(?<![\d$.,#])(?:1[0-9]\d\d|20\d\d)(?![\d%]|,\d|\.\d)|['’]\d\d(?![\d'’])|"
    + SPELLED_YEAR
    + r")"
)
BARE_YEAR = (
    r"(?P<year>(?<![\d$.,#/])(?<!\d-)(?:19\d\d|20\d\d)(?![\d%/]|,\d|\.\d|-\d\d-)|"
    + SPELLED_YEAR
    + r")"
)
# Position inside a period: "early", "late", "mid-", "the end of" … (kept in the span, as
# TimeML does).
EDGE = (
    r"(?P<edge>(?i:(?:the\s+)?(?:very\s+)?(?:early|late|mid|middle\s+of|end\s+of|beginning"
    r"\s+of|start\s+of|close\s+of|first\s+half\s+of|second\s+half\s+of|rest\s+of|remainder"
    r"\s+of)(?:-|\s+(?:the\s+)?)))?"
)
REL_EDGE = (
    r"(?P<edge>(?i:(?:early|late|earlier|later|mid|sometime|some\s+time|the\s+end\s+of|"
    r"the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+rest\s+of|the\s+"
    r"remainder\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of)\s+(?:in\s+)?))?"
)
COUNT = (
    r"(?P<count>\d+|a|an|"
    + UNIT_WORDS
    + "|"
    + TENS_WORDS
    + r"|several|a\s+few|a\s+couple\s+of|a\s+couple|few|some|many|a\s+number\s+of)"
)
QUARTER_ORDINAL = r"(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)"


@dataclass(frozen=True)
class Rule:
    """One pattern of the grammar; ``name`` picks its resolver."""

    name: str
    pattern: re.Pattern


def _rule(name: str, body: str) -> Rule:
    return Rule(name, re.compile(r"(?<![\w'’-])(?<!\d[,.])(?:" + body + r")(?![\w-])"))


RULES: tuple[Rule, ...] = (
    _rule("iso_date", r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:T[\d:.]+Z?)?"),
    _rule("slash_date", r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d\d)"),
    _rule(
        "month_day",
        r"(?:"
        + WEEKDAY
        + COMMA
        + r")?(?:(?i:the)\s+)?"
        + EDGE
        + MONTH
        + r"\s+"
        + DAY
        + r"(?:(?:\s?,\s*|\s+)"
        + YEAR
        + r")?",
    ),
    _rule(
        "day_month",
        r"(?:"
        + WEEKDAY
        + COMMA
        + r")?(?:(?i:the)\s+)?"
        + DAY
        + r"(?:\s+of)?\s+"
        + MONTH
        + r"(?:"
        + COMMA
        + YEAR
        + r")?",
    ),
    _rule("month_year", EDGE + MONTH + COMMA + r"(?:(?i:of)\s+)?" + YEAR),
    _rule(
        "month_relative_year",
        EDGE + MONTH + r"\s+(?:(?i:of\s+))?(?P<rel>(?i:last|this|next"
        r"|the\s+following|the\s+previous|the\s+same))\s+(?i:year)",
    ),
    _rule(
        "month",
        r"(?P<mod>(?i:(?:this\s+)?past|(?:this\s+)?coming|last|next|this|"
        r"the\s+following|the\s+previous)\s+)?" + EDGE + MONTH,
    ),
    _rule(
        "weekday",
        r"(?P<mod>(?i:last|next|this\s+coming|this\s+past|this|coming|past|the"
        r"\s+previous|the\s+following|the\s+next|early|late|earlier|later)\s+)?"
        + WEEKDAY
        + r"(?:\s+(?i:morning|afternoon|evening|night))?",
    ),
    _rule(
        "relative_day",
        r"(?P<edge>(?i:late|early|earlier|later)\s+)?(?P<word>(?i:the\s+day"
        r"\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|"
        r"tonight|this\s+(?:morning|afternoon|evening)|last\s+night))(?:['’]s)?",
    ),
    _rule(
        "ago",
        r"(?P<approx>(?i:nearly|almost|about|some|more\s+than|less\s+than|over|"
        r"roughly|just|only|around)\s+)?(?i:" + COUNT + r"[\s-]+(?P<unit>day|week|month|"
        r"year|decade)s?(?:\s+or\s+(?:so|two|more))?\s+(?P<dir>ago|earlier|later|from\s+now|"
        r"hence|previously|back|(?:before|after)(?=\s*[,.;:)]|\s*$)))",
    ),
    _rule(
        "year_ago_adjective",
        r"(?i:(?:the\s+)?(?:comparable\s+|same\s+)?(?P<dir>year-"
        r"(?:earlier|ago|before))(?:\s+(?:" + QUARTER_ORDINAL + r"[- ])?(?:fiscal\s+)?"
        r"(?P<noun>quarter|period|month|year))?)",
    ),
    _rule(
        "quarter",
        r"(?i:(?P<det>the|this|its|last|next)\s+)?(?P<yearref>(?i:this\s+year's|"
        r"next\s+year's|last\s+year's|the\s+year's)\s+|" + YEAR + r"\s+)?(?i:(?:fiscal|"
        r"calendar)[- ])?(?i:" + QUARTER_ORDINAL + r")[- ](?i:fiscal[- ])?(?i:quarter)"
        r"(?:\s+(?i:of\s+)(?:(?i:fiscal|calendar)\s+)?(?P<yearof>\d{4}|(?i:this|last|next)"
        r"\s+year))?",
    ),
    _rule("quarter_code", r"Q(?P<number>[1-4])(?:\s+(?P<y>\d{4}))?"),
    _rule(
        "period",
        r"(?i:the\s+(?P<which>latest|current|last|previous|prior|next|same|"
        r"comparable|most\s+recent|recent|just-ended|just\s+ended|\d{4})\s+(?:fiscal\s+)?"
        r"(?P<noun>quarter|period))(?!\s+(?:a\s+year|last\s+year))",
    ),
    _rule(
        "half",
        r"(?i:(?:the\s+)?(?P<ordinal>first|second|last|latter)\s+(?:half|two\s+"
        r"quarters)(?:\s+of\s+(?:(?P<rel>this|next|last|the)\s+year|(?:fiscal\s+)?"
        r"(?P<yearof>\d{4})))?)",
    ),
    _rule(
        "season",
        r"(?P<mod>(?i:this\s+past|this\s+coming|this|last|next|the|early|late|"
        r"mid)[\s-]+)?(?P<mod2>(?i:early|late|mid)[\s-]+)?(?P<season>(?i:spring|summer|fall|"
        r"autumn|winter))(?:\s+(?:(?i:of)\s+)?" + YEAR + r")?",
    ),
    # "the 1980s", "the 1980's", and "the 1980 's" as tokenised text writes it.
    _rule(
        "decade",
        r"(?i:(?:the\s+)?(?P<edge>early|mid|late|last\s+half\s+of\s+the|first"
        r"\s+half\s+of\s+the)?[\s-]*(?:(?P<digits>1\d\d|20\d)0(?:\s?['’])?s|"
        r"['’](?P<short>\d)0['’]?s|"
        r"(?:nineteen[- ])?(?P<tens>" + _alternation(TENS_PLURAL) + r")))",
    ),
    _rule(
        "century",
        r"(?i:(?:the\s+)?(?P<edge>early|mid|late)?[\s-]*(?P<number>\d{1,2})"
        r"(?:st|nd|rd|th)\s+century|(?:the\s+)?(?P<word>"
        + _alternation(ORDINAL_UNITS)
        + r"|twenty[- ]first)\s+century)",
    ),
    _rule(
        "relative_unit",
        REL_EDGE + r"(?P<mod>(?i:this\s+past|this\s+coming|this|last|next|"
        r"the\s+past|the\s+coming|the\s+current|the\s+previous|the\s+prior|the\s+following|"
        r"the\s+next|the\s+same|that|the\s+latest|the\s+full|the\s+whole|the\s+entire|the"
        r"\s+last|the))\s+(?P<fiscal>(?i:fiscal|calendar)\s+)?(?P<unit>(?i:day|week|"
        r"weekend|month|year|quarter|decade|century))(?:'s)?",
    ),
    _rule("year_end", r"(?i:(?:around\s+|at\s+)?(?:the\s+)?year(?:'s)?[- ]end)"),
    _rule(
        "year",
        EDGE + r"(?P<fiscal>(?i:fiscal(?:\s+year)?|calendar(?:\s+year)?|the\s+year|"
        r"model\s+year|FY)\s*)?" + BARE_YEAR + r"(?P<plus>\s+(?i:or\s+later|and\s+beyond))?",
    ),
    _rule("fiscal_year_short", r"FY\s?(?P<yy>\d\d)"),
    _rule(
        "present_ref",
        r"(?i:right\s+now|just\s+now|for\s+now|now|currently|at\s+present|"
        r"presently|these\s+days|nowadays|at\s+the\s+moment|the\s+present|the\s+current"
        r"\s+(?:period|time|climate|environment))",
    ),
    _rule("then", r"(?:(?<=until )|(?<=since )|(?<=by ))(?i:then)"),
    _rule(
        "current",
        r"(?<!then )(?i:current)(?!\s+(?:fiscal\s+)?(?:year|quarter|month|week|period|"
        r"account|accounts|events)\b)",
    ),
    _rule(
        "past_ref",
        r"(?i:recently|lately|recent\s+(?:years|months|weeks|days|decades|"
        r"times)(?:\s+and\s+(?:years|months|weeks|days))?|the\s+past(?!\s+(?:\d|year|month|"
        r"week|decade|century|quarter|few|several|two|three|four|five|six|ten|twelve))|"
        r"years\s+past|years\s+ago|long\s+ago|(?:several|a\s+few|some|many)\s+(?:years|"
        r"months|weeks|days)\s+ago|the\s+(?:past|last)\s+(?:several|few)\s+(?:years|months|"
        r"weeks|quarters|days)|past\s+(?:years|decades))",
    ),
    _rule("recent", r"(?i:recent)(?!\s+(?:years|months|weeks|days|decades|times)\b)"),
    _rule(
        "future_ref",
        r"(?i:the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|(?<=in )"
        r"future(?!\s+[a-z])|(?<!as )soon(?!\s+as\b|\s+after\b)|shortly(?!\s+(?:after|"
        r"before)\b)|the\s+(?:near|short|long|longer|medium)\s+term|(?:the\s+)?coming\s+"
        r"(?:days|weeks|months|years|quarters|decades)|future\s+(?:years|quarters|months)|"
        r"the\s+(?:years|months|weeks|days)\s+ahead|someday|as\s+soon\s+as\s+possible|a\s+"
        r"later\s+date)",
    ),
)
