"""One hostile fixture for every renderer (issue #11): a briefing whose titles, texts, urls,
outlets, names and file names carry HTML that runs, links to script, and terminal escape
sequences. HTML and Markdown must show them as text, the terminal must drop the controls, and
JSON must carry every one of them back exactly."""

from __future__ import annotations

from crosswire.records import (
    Article,
    Briefing,
    DuplicateGroup,
    Entity,
    EntityMention,
    Event,
    Fact,
    InputProblem,
    OriginGroup,
    Statement,
    Story,
    SummaryItem,
)

SCRIPT = '<script>alert("s")</script>'
IMG = "<img src=x onerror=alert(1)>"
SVG = "<svg onload=alert(2)>"
JS_LINK = "[click](javascript:alert(3))"
DATA_LINK = "[pic](data:text/html;base64,PHNjcmlwdD5hbGVydCg0KTwvc2NyaXB0Pg==)"
VB_LINK = "[old](vbscript:msgbox(5))"
IMAGE_LINK = "![x](javascript:alert(6))"
AUTOLINK = "<javascript:alert(7)>"
#: Colour, clear-screen, a window title (OSC), a bell, a C1 CSI and a NUL.
ESCAPES = "\x1b[31mred\x1b[0m\x1b[2J\x1b]0;owned\x07\x07\x9b2J\x00"
HTML_PAYLOADS = (SCRIPT, IMG, SVG)
LINK_PAYLOADS = (JS_LINK, DATA_LINK, VB_LINK, IMAGE_LINK, AUTOLINK)
EVERYTHING = " ".join((*HTML_PAYLOADS, *LINK_PAYLOADS, ESCAPES))

STORY_ID = "s" + "7" * 16


def articles() -> tuple[Article, Article]:
    hostile = Article(
        id="a" + "7" * 16,
        source=f"in{ESCAPES}put {SCRIPT}.txt",
        title=f"Title {EVERYTHING}",
        text=f"First paragraph {EVERYTHING}.\n\nSecond paragraph {JS_LINK} said the port.",
        original_text=f"Title {EVERYTHING}",
        outlet=f"Outlet {EVERYTHING}",
        outlet_source="metadata",
        url=f"javascript:alert(8)//{IMG}",
        author=f"Author {SVG}",
        published="2026-05-21",
        published_source="metadata",
    )
    plain = Article(
        id="a" + "8" * 16,
        source="plain.txt",
        title="Plain",
        text="Plain text.",
        original_text="Plain text.",
    )
    return hostile, plain


def briefing() -> Briefing:
    hostile, plain = articles()
    ids = (hostile.id, plain.id)
    return Briefing(
        articles=(hostile, plain),
        duplicates=(DuplicateGroup("d7", "exact", (hostile.id,), 1.0, (hostile.source, "x")),),
        origins=(OriginGroup("o7", ids),),
        entities=(
            Entity(
                "e7",
                f"Name {EVERYTHING}",
                "PERSON",
                (f"Alias {EVERYTHING}",),
                (hostile.id,),
                (EntityMention(hostile.id, 0, 5, "First"),),
                STORY_ID,
            ),
        ),
        stories=(
            Story(
                STORY_ID,
                f"Story {EVERYTHING}",
                ids,
                (Event("v7", f"Event {EVERYTHING}", ids, "2026-05-21", "2026-05-21"),),
                "2026-05-21",
                "2026-05-21",
                (f"Outlet {EVERYTHING}",),
            ),
        ),
        statements=(
            Statement("t7", hostile.id, 0, 0, 20, f"Statement {EVERYTHING}", attributed_to=SVG),
        ),
        facts=(
            Fact(
                "f7",
                STORY_ID,
                f"Fact {EVERYTHING}",
                ("t7",),
                ids,
                (f"Outlet {EVERYTHING}",),
                ("o7",),
            ),
        ),
        summary=(SummaryItem(STORY_ID, f"Summary {EVERYTHING}", ids, 1),),
        problems=(InputProblem(f"bad{ESCAPES}{SCRIPT}.txt", f"empty file {EVERYTHING}"),),
    )
