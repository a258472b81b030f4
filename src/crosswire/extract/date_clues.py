"""The clues to an article's publication date in its text, each a set of days it allows (the
sets are combined in ``crosswire.extract.dating``):

- ``stamp``: the article dating itself ("Published Monday, Nov. 19, 2018", "Updated 4:12 p.m. ET
  March 3, 2023", "This is the Briefing for Monday, May 2, 2016") → that day; a date followed by
  a clock time ("February 6, 2016 11:19PM", a post's timestamp) → that day or the next (the
  clock may be in another time zone than the publisher's date).
- ``dateline``: a date in the dateline opening one of the first paragraphs ("ROTTERDAM, May 21
  (Reuters) —") → that day (of the years the other clues allow when it has no year).
- ``caption``: a photo caption's date ("… in Kyiv, Ukraine, March 3, 2023. REUTERS/Name") → that
  day to ``CAPTION_DAYS`` later (photos run with the report on the day or soon after); a file
  photo only bounds the date from below.
- ``text``: an embedded post's date ("— Name (@handle) June 29, 2016") and every other complete
  date the text reports as past → the article is not older than it; a weekday with a month-day
  ("on Monday, Nov. 19") → the years in which that day is that weekday, among those the other
  clues leave when they bound the date on both sides, within ``WEEKDAY_WINDOW_DAYS`` of the
  article; "the 25th anniversary of" / "one year ago" with a past year the text names right by
  it → that year plus the count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from crosswire.extract.metadata import MONTH_PATTERN, MONTHS, find_full_dates
from crosswire.temporal.lexicon import ORDINAL_UNITS
from crosswire.text.datelines import find_dateline
from crosswire.text.numbers import UNITS

#: The days any article can have: a bound for clues that bound only one side.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2099, 12, 31)
#: A dated photo caption runs with a report from that day up to this many days later. On the
#: PolNeAR train split (840 articles) three of the four dated captions not marked as file photos
#: are 0–3 days older than the article; the fourth, an archive photo 171 days older, contradicts
#: a date its text reports, so that article is left undated. A week keeps a margin and still
#: names the month for most captions.
CAPTION_DAYS = 7
#: A weekday is named for a day near the article ("on Monday, Nov. 19"): within this many days
#: of it, before or after.
WEEKDAY_WINDOW_DAYS = 14
#: An embedded post (a tweet) is at most this many days older than the article that embeds it
#: when it is the newest post embedded: articles embed posts as reactions to the news they
#: report. Tuned on the PolNeAR train split: the newest embedded post is 0–6 days older than
#: the article in all 20 train articles that have one, or a day newer (3 of them): a post's date
#: is in the reader's time zone (UTC in markup), the article's in the publisher's.
POST_DAYS = 7
#: How close the year counted from must stand to "one year ago" / "the 25th anniversary of".
COUNT_REACH_CHARS = 50
#: A dateline opens one of the first paragraphs: a headline and a deck may be left above it in
#: pasted text (the same reach as the credits read from datelines).
DATELINE_PARAGRAPHS = 3

Span = tuple[date, date]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(?P<weekday>(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?)(?=[,\s])"
_MONTH_DAY = MONTH_PATTERN + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
_DAY_MONTH = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH_PATTERN
#: "Published", "First published on", "Updated", "Posted", "Last modified" opening a line or a
#: bracket, then optionally a clock time and a weekday: the words between it and the date.
_STAMP = re.compile(
    r"(?:^|[(\[|•·]|\n)\s*(?:first\s+|originally\s+|last\s+)?"
    r"(?:published|updated|posted|modified)(?:\s+(?:on|at))?\s*:?\s*"
    r"(?P<lead>(?:\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}\s+)?)?(?:[A-Za-z]+\.?,?\s+)?)",
    re.I,
)
#: A newsletter or live page naming its own day: "This is HuffPollster for Monday, May 2, 2016".
_SELF_DAY = re.compile(
    r"\b(?i:this is) (?:the\s+)?[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*){0,3} for\s+(?:[A-Z][a-z]+,?\s+)?$"
)
#: A clock time right after a date, with nothing between: the timestamp of a post or an update
#: ("February 6, 2016 11:19PM", "Tue Feb 19, 2013 7:44 PM"). A date in a sentence that gives the
#: hour of an event ("on March 3, 2023, at 10:30 a.m.") is not one, and neither is a date after a
#: preposition.
_CLOCK_AFTER = re.compile(r"^ \d{1,2}:\d\d\s*(?:[ap]\.?m\.?|[A-Z]{2,4}\b)", re.I)
_PREPOSITION_BEFORE = re.compile(r"\b(?:on|at|by|since|until|from|before|after|of|in)\s+$", re.I)
#: Photo credits that mark a caption: "REUTERS/Name" (any agency or outlet in capitals, a slash
#: and a name: the wire convention), "(Photo: …", "AP Photo/Name", "Getty Images", "Photo by",
#: "Credit:".
_PHOTO_CREDIT = re.compile(
    r"\b(?:REUTERS|AFP|AP|EPA|UPI|Xinhua|Anadolu)\s*/|(?-i:\b[A-Z]{2,10}/[A-Z][a-z]+\b)|"
    r"\(?\bphoto(?:graph)?\s*(?:by|:|credit)|"
    r"\bAP Photo\b|\bGetty Images\b|\bCredit\s*:|\bImage\s*:|\bPicture\s*:|\bfile photo\b",
    re.I,
)
#: What the people in a photo are shown doing: captions are written in the present tense
#: ("Donald Trump speaks at a rally in Greensboro on June 14, 2016"), report text in the past.
_CAPTION_VERB = re.compile(
    r"\b(?:speaks|talks|walks|waves|arrives|gestures|listens|looks|stands|sits|poses|greets|"
    r"holds|attends|delivers|addresses|reacts|smiles|shakes|leaves|departs|participates|"
    r"campaigns|answers|watches|visits|votes|prays|marches|points|hugs|laughs|sings|cheers|"
    r"rallies|kneels|carries|displays|signs|embraces|shouts|applaud|applauds|wait|waits|"
    r"gather|gathers|protest|protests|take part|takes part|are seen|is seen)\b",
    re.I,
)
_FILE_PHOTO = re.compile(r"\bfile\b", re.I)
#: An embedded post signed "— Name (@handle) June 29, 2016" or "A post shared by Name (@handle)
#: on Jun 20, 2017", or a tweet element's date.
_POST = re.compile(r"\(@\w{1,30}\)\s*(?:on\s+)?$|(?:tweet-date|datetime)=[\"']\s*$")
#: Words before a date that announce it as future ("will meet on June 2, 2026").
_FUTURE_CUE = re.compile(
    r"\b(will|would|shall|scheduled|expected|due|until|by|before|next|upcoming|"
    r"deadline|plans?|planned|set for|slated)\b[^.]{0,40}$",
    re.I,
)
#: Counts of years and anniversaries, one to ten ("one year ago", "the tenth anniversary"), and
#: the round anniversaries.
_NUMBER_WORDS = {
    "a": 1,
    **{word: value for word, value in UNITS.items() if 1 <= value <= 10},
    **{word: value for word, value in ORDINAL_UNITS.items() if value <= 10 or value in (20, 30)},
    "twenty-fifth": 25,
    "fiftieth": 50,
    "hundredth": 100,
}
_COUNT = (
    r"(?<![\d,.])(?P<count>\d{1,3}(?:st|nd|rd|th)?|"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + ")"
)
_APPROXIMATE = re.compile(
    r"\b(?:almost|nearly|more than|over|about|some|less than|roughly|around|soon-to-be|than)\s*$",
    re.I,
)
_YEARS_AGO = re.compile(r"\b" + _COUNT + r"[\s-]+years?\s+ago\b", re.I)
_ANNIVERSARY = re.compile(r"\b" + _COUNT + r"[\s-]+anniversary\b", re.I)
#: A past event placed in a year: "launched in February of 2022", "released in 1993".
_PAST_YEAR = re.compile(
    r"\b(?:\w+ed|was|were|began|came|took|won|lost|fell|rose|broke|left|ran|"
    r"became|made|held|gave|wrote|founded|born|died)\b[^.\n]{0,40}?\b(?:in|since|of)\s+"
    r"(?:(?:early|late|mid-?)\s*)?(?:"
    + MONTH_PATTERN
    + r"\s+(?:of\s+)?)?(?P<year>(?:19|20)\d\d)\b",
    re.I,
)


@dataclass(frozen=True)
class Clue:
    """One piece of evidence: where it came from, its words, and the days it allows."""

    kind: str
    evidence: str
    spans: tuple[Span, ...]
    #: The date it names, shown among the candidates when clues disagree.
    named: str


def dated_opening(first_paragraphs: list[str]) -> str | None:
    """The first of the opening paragraphs that starts with a dateline holding a date (a headline
    or a deck left in the text may come before it)."""
    for paragraph in first_paragraphs:
        dateline = find_dateline(paragraph, strict=False)
        if dateline is None:
            continue
        if find_full_dates(dateline.head) or re.search(_MONTH_DAY, dateline.head, re.I):
            return paragraph
    return None


def full_date_clues(text: str) -> list[Clue]:
    """Clues from complete dates: stamps, timestamps, embedded posts, captions, reported dates."""
    clues: list[Clue] = []
    posts: list[tuple[date, str]] = []
    for day, start, end in find_full_dates(text):
        before = text[max(0, start - 120) : start]
        line = _line(text, start, end)
        if _stamp_before(before) or _SELF_DAY.search(before):
            clues.append(Clue("stamp", line, ((day, day),), day.isoformat()))
        elif _CLOCK_AFTER.match(text[end : end + 12]) and not _PREPOSITION_BEFORE.search(
            _weekday_stripped(before)
        ):
            clues.append(Clue("stamp", line, ((day, day + timedelta(days=1)),), day.isoformat()))
        elif _POST.search(before):
            posts.append((day, line))
        elif _is_caption(text, start, end):
            if _FILE_PHOTO.search(line):
                clues.append(Clue("text", line, ((day, LAST_DAY),), day.isoformat()))
            else:
                latest = day + timedelta(days=CAPTION_DAYS)
                clues.append(Clue("caption", line, ((day, latest),), day.isoformat()))
        elif not _FUTURE_CUE.search(text[max(0, start - 60) : start]):
            # A date the text reports: the article is not older than what it reports.
            clues.append(Clue("text", line, ((day, LAST_DAY),), day.isoformat()))
    if posts:
        newest, line = max(posts)
        oldest = min(day for day, _ in posts)
        clues.append(
            Clue(
                "text",
                f"embedded post of {newest.isoformat()}: {line}",
                ((newest - timedelta(days=1), newest + timedelta(days=POST_DAYS)),),
                newest.isoformat(),
            )
        )
        if oldest < newest:
            clues.append(
                Clue("text", "older embedded posts", ((oldest, LAST_DAY),), oldest.isoformat())
            )
    return clues


def dateline_clues(first: str) -> list[Clue]:
    dateline = find_dateline(first, strict=False)
    if dateline is None:
        return []
    head = dateline.head.strip()
    dates = find_full_dates(head)
    if dates:
        day = dates[0][0]
        return [Clue("dateline", head + " —", ((day, day),), day.isoformat())]
    return []


def dateline_day_clues(first: str, years: range) -> list[Clue]:
    """A dateline with a month-day and no year ("ROTTERDAM, May 21 (Reuters) —"): that day in
    one of ``years``."""
    dateline = find_dateline(first, strict=False)
    if dateline is None or find_full_dates(dateline.head):
        return []
    head = dateline.head.strip()
    match = re.search(r"(?:^|,\s*)" + _MONTH_DAY + r"(?:\s*\(|\s*$)", head, re.I)
    if match is None:
        return []
    month, day_number = MONTHS[match.group("month").lower()], int(match.group("day"))
    spans = tuple(
        (d, d) for d in (_day(year, month, day_number) for year in years) if d is not None
    )
    if not spans:
        return []
    return [Clue("dateline", head + " —", spans, f"--{month:02d}-{day_number:02d}")]


_WEEKDAY_DAY = [
    re.compile(
        r"\b" + _WEEKDAY + r",?\s+(?:the\s+)?" + _MONTH_DAY + r"(?!,?\s+(?:19|20)\d\d)", re.I
    ),
    re.compile(
        r"\b" + _WEEKDAY + r",?\s+(?:the\s+)?" + _DAY_MONTH + r"\b(?!,?\s+(?:19|20)\d\d)", re.I
    ),
]


def weekday_clues(text: str, years: range) -> list[Clue]:
    """ "on Monday, Nov. 19" → the years in which Nov. 19 is a Monday (a stamp when the article
    says it was published then, else a day within WEEKDAY_WINDOW_DAYS of the article)."""
    clues = []
    for pattern in _WEEKDAY_DAY:
        for match in pattern.finditer(text):
            weekday = _weekday_number(match.group("weekday"))
            month = MONTHS[match.group("month").lower()]
            day_number = int(match.group("day"))
            if weekday is None:
                continue
            days = [
                d
                for d in (_day(year, month, day_number) for year in years)
                if d is not None and d.weekday() == weekday
            ]
            if not days:
                continue
            stamp = _stamp_before(text[max(0, match.start() - 120) : match.start()])
            window = timedelta(days=0 if stamp else WEEKDAY_WINDOW_DAYS)
            spans = tuple((d - window, d + window) for d in days)
            named = f"{match.group('weekday')} --{month:02d}-{day_number:02d}"
            kind = "stamp" if stamp else "text"
            clues.append(Clue(kind, _line(text, match.start(), match.end()), spans, named))
    return clues


def year_count_clues(text: str) -> list[Clue]:
    """Lower bounds from past events placed in a year ("launched in February of 2022"), and the
    years "N years ago" / "the Nth anniversary of" give when counted from those events."""
    past: list[tuple[int, date, str, str]] = []
    for match in _PAST_YEAR.finditer(text):
        # "was expected to open in 2029" is not a past event: a future cue close before the
        # year (within _FUTURE_CUE's reach) undoes the past-tense verb.
        if _FUTURE_CUE.search(text[max(0, match.start() - 20) : match.start("year")]):
            continue
        year = int(match.group("year"))
        month = MONTHS[match.group("month").lower()] if match.group("month") else 1
        named = f"{year}-{month:02d}" if match.group("month") else str(year)
        words = _line(text, match.start(), match.end())
        past.append((match.start("year"), date(year, month, 1), words, named))
    clues = [Clue("text", words, ((start, LAST_DAY),), named) for _, start, words, named in past]
    for pattern in (_YEARS_AGO, _ANNIVERSARY):
        for match in pattern.finditer(text):
            count = _count(match.group("count"))
            if count is None or _APPROXIMATE.search(
                text[max(0, match.start() - 20) : match.start()]
            ):
                continue
            # The event counted from is one placed in a year right by the count, in the same
            # sentence ("in February of 2022, one year ago"); a year farther off is too often
            # another event (PolNeAR train: 7 of 13 wrong when taken from anywhere within 400
            # characters; "three years ago represented … when he died in 2009").
            anniversary = pattern is _ANNIVERSARY
            if anniversary and _YEAR_BEFORE.search(_sentence_before(text, match.start())):
                # "in December 2003 for the magazine's 50th anniversary": a year before the
                # anniversary dates the celebration, not the event it counts from; and the
                # celebration may well be a past one. Only "the Nth anniversary of … 1993",
                # with no year placing the anniversary itself, counts.
                continue
            years = sorted(
                {
                    start.year + count
                    for position, start, _, _ in past
                    if abs(position - match.start()) <= COUNT_REACH_CHARS
                    and _same_sentence(text, position, match.start())
                    and (position > match.start() or not anniversary)
                }
            )
            if len(years) != 1:
                continue
            spans = ((date(years[0], 1, 1), date(years[0], 12, 31)),)
            clues.append(
                Clue("text", _line(text, match.start(), match.end()), spans, str(years[0]))
            )
    return clues


_YEAR_BEFORE = re.compile(r"\b(?:1[89]|20)\d\d\b")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+(?=[A-Z\"“])")


def _sentence_before(text: str, position: int) -> str:
    """The words of the sentence that holds ``position``, up to it."""
    breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text, 0, position)]
    start = max(text.rfind("\n", 0, position) + 1, breaks[-1] if breaks else 0)
    return text[start:position]


def bounded(spans: tuple[Span, ...]) -> bool:
    """Whether a clue bounds the date from above (a lower bound alone dates nothing)."""
    return spans[-1][1] < LAST_DAY


def _stamp_before(before: str) -> bool:
    """Whether the words before a date are a publication stamp ("Published Monday, ")."""
    matches = list(_STAMP.finditer(before))
    match = matches[-1] if matches else None
    return match is not None and match.end() == len(before) and len(match.group("lead")) <= 30


def _weekday_stripped(before: str) -> str:
    """The words before a date without a weekday ("on Tuesday, " → "on ")."""
    return re.sub(
        r"\b[A-Za-z]{3,9}day,?\s+$|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?,?\s+$", "", before
    )


def _is_caption(text: str, start: int, end: int) -> bool:
    """Whether a date sits in a photo caption: a photo credit after it on its line, a "(Photo:"
    around it, or a present-tense sentence about what a photo shows that ends with the date."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    after = text[end : min(line_end, end + 80)]
    sentence_start = max(text.rfind(". ", line_start, start) + 1, line_start)
    sentence = text[sentence_start:end]
    # The credit may follow on its own line: "Workers at the site on May 21, 2026." then
    # "(Photo: Name / Outlet)".
    next_line = text[line_end : line_end + 200].lstrip("\n").split("\n", 1)[0]
    credited_below = line_end - end <= 2 and bool(_PHOTO_CREDIT.match(next_line.strip()))
    if _PHOTO_CREDIT.search(after) or _PHOTO_CREDIT.search(text[sentence_start:start]):
        return True
    if credited_below:
        return True
    closes = re.match(r"^(?:,?\s+(?:in|at)\s+[A-Z][\w.'’ ,-]{0,60}?)?\s*[.)]", after)
    return closes is not None and bool(_CAPTION_VERB.search(sentence))


def _same_sentence(text: str, first: int, second: int) -> bool:
    """Whether two positions fall in the same sentence (no sentence end or line break between)."""
    between = text[min(first, second) : max(first, second) + 1]
    return "\n" not in between and not re.search(r"[.!?][\"'”’)]*\s+[A-Z\"“]", between)


def _line(text: str, start: int, end: int, width: int = 100) -> str:
    """The stretch of the line around a span, for showing where a date was read."""
    left = max(text.rfind("\n", 0, start) + 1, start - width)
    right = text.find("\n", end)
    right = min(len(text) if right == -1 else right, end + width // 2)
    return " ".join(text[left:right].split())


def all_years() -> range:
    """Every year a clue may name (FIRST_DAY to LAST_DAY)."""
    return range(FIRST_DAY.year, LAST_DAY.year + 1)


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _weekday_number(name: str) -> int | None:
    name = name.lower().rstrip(".")
    for number, weekday in enumerate(_WEEKDAYS):
        if weekday.startswith(name[:3]):
            return number
    return None


def _count(word: str) -> int | None:
    word = word.lower()
    digits = re.match(r"\d+", word)
    if digits:
        return int(digits.group())
    return _NUMBER_WORDS.get(word)
