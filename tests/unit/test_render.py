import json
import re
from importlib import resources

import jsonschema
import pytest

from crosswire.records import (
    Article,
    Briefing,
    DuplicateGroup,
    Entity,
    EntityMention,
    Event,
    InputProblem,
    OriginGroup,
    RemovedLine,
    SharedPassage,
    Story,
    StoryChange,
    TextIssue,
)
from crosswire.render import format_for_path, render

pytestmark = pytest.mark.unit

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def schema():
    return json.loads(
        resources.files("crosswire").joinpath("schema/briefing.schema.json").read_text()
    )


def briefing() -> Briefing:
    a = Article(
        id="a" + "1" * 16,
        source="evil.html",
        title=f"Title {EVIL}",
        text=f"First paragraph {EVIL}.\n\nSecond | paragraph.",
        original_text="orig",
        outlet=f"Outlet {EVIL}",
        outlet_source="html",
        published="2026-05-21",
        published_source="text",
        published_evidence="on May 21, 2026",
        removed=(RemovedLine(f"WATCH: {EVIL}", "promo: WATCH/LISTEN link"),),
        issues=(TextIssue("doubled word", "the the", 3, 10),),
    )
    b = Article(
        id="a" + "2" * 16,
        source="b.txt",
        title="Plain",
        text="Plain text.",
        original_text="Plain text.",
    )
    return Briefing(
        articles=(a, b),
        duplicates=(DuplicateGroup("d1", "near", (a.id, b.id), 0.81, ("evil.html", "b.txt")),),
        passages=(SharedPassage("p1", f"Shared {EVIL}", ((a.id, 0, 5), (b.id, 0, 5)), 1.0),),
        origins=(OriginGroup("o1", (a.id, b.id)),),
        entities=(
            Entity(
                "e1",
                f"Name {EVIL}",
                "PERSON",
                (f"Alias {EVIL}",),
                (a.id,),
                (EntityMention(a.id, 0, 5, "First"),),
                "s" + "3" * 16,
            ),
        ),
        stories=(
            Story(
                "s" + "3" * 16,
                f"Story {EVIL}",
                (a.id, b.id),
                (Event("v1", f"Event {EVIL}", (a.id, b.id), "2026-05-21", "2026-05-21"),),
                "2026-05-21",
                "2026-05-21",
                (f"Outlet {EVIL}",),
            ),
        ),
        story_changes=(
            StoryChange("merge", ("s" + "4" * 16, "s" + "3" * 16), ("s" + "3" * 16,), a.id, 0.9),
        ),
        problems=(InputProblem(f"bad{EVIL}.txt", "empty file"),),
    )


def test_json_output_matches_the_schema_and_is_stable():
    text = render(briefing(), "json")
    jsonschema.validate(json.loads(text), schema())
    assert text == render(briefing(), "json")
    record = json.loads(text)["articles"][0]
    assert record["published_inferred"] is True and record["published_source"] == "text"


def test_html_escapes_untrusted_text_everywhere():
    page = render(briefing(), "html")
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S)
    assert len(scripts) == 1 and "alert" not in scripts[0]
    assert "<img" not in page
    assert page.count("&lt;script&gt;") >= 10


def test_html_is_self_contained_with_a_script_hash_csp():
    page = render(briefing(), "html")
    assert "http://" not in page and "https://" not in page.replace("https://json-schema", "")
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'", page)
    assert "default-src 'none'" in page


def test_html_marks_inferred_dates_and_lists_removed_furniture():
    page = render(briefing(), "html")
    assert "inferred from text" in page
    assert "promo: WATCH/LISTEN link" in page and "doubled word" in page


def test_html_lists_stories_with_their_events_and_changes():
    page = render(briefing(), "html")
    assert 'href="#s3333333333333333"' in page and "Events" in page
    assert "merge: s4444444444444444, s3333333333333333 → s3333333333333333" in page


def test_markdown_keeps_tables_intact():
    md = render(briefing(), "markdown")
    assert "Second \\| paragraph." in md
    assert "2026-05-21 (inferred from text)" in md


def test_format_from_suffix():
    assert [format_for_path(p) for p in ("x.html", "x.MD", "x.json", "x.pdf")] == [
        "html",
        "markdown",
        "json",
        None,
    ]
