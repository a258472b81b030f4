"""Every renderer with the same hostile fixture (``tests.hostile_output_fixture``): HTML and
Markdown show the payloads as text, the terminal shows no control characters, JSON carries
them back exactly."""

from __future__ import annotations

import importlib
import io
import json
import re
from contextlib import contextmanager
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt
from rich.console import Console
from rich.markdown import Markdown
from tests import hostile_output_fixture as hostile

from crosswire.cli import output
from crosswire.records import Briefing
from crosswire.render import render
from crosswire.render.markdown import story_markdown
from crosswire.render.safe import markdown_text, without_controls
from crosswire.render.view import story_views

cli_main = importlib.import_module("crosswire.cli.main")

pytestmark = pytest.mark.unit


class _LiveParts(HTMLParser):
    """What in an HTML page would act in a browser: script, img, svg and iframe elements, event
    handler attributes, links and sources to anything but http(s) or the page itself."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "img", "svg", "iframe", "object", "embed"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in ("href", "src") and not re.match(r"(https?:|#)", value or "#"):
                self.found.append(f"{tag} {name}={value}")


def live_parts(page: str) -> list[str]:
    parser = _LiveParts()
    parser.feed(page)
    return parser.found


CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def as_rendered_html(markdown: str) -> str:
    """The HTML a permissive renderer (raw HTML allowed, GFM tables) makes of ``markdown``."""
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


def test_markdown_shows_html_and_script_links_as_text():
    markdown = render(hostile.briefing(), "markdown")
    page = as_rendered_html(markdown)
    assert live_parts(page) == []
    assert "<a " not in page
    # Shown, not dropped: the reader still sees what the article said.
    assert "&lt;script&gt;alert" in page and "javascript:alert(3)" in page
    assert not CONTROLS.search(markdown)


def test_markdown_text_keeps_plain_text_and_table_cells_intact():
    assert markdown_text("Port deal | signed\nat last") == "Port deal \\| signed at last"
    assert markdown_text("AT&T [note]") == "AT&amp;T \\[note\\]"
    assert as_rendered_html(markdown_text("AT&T [note] <b>")).strip() == (
        "<p>AT&amp;T [note] &lt;b&gt;</p>"
    )


def test_html_stays_inert():
    page = render(hostile.briefing(), "html")
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S)
    assert len(scripts) == 1 and "alert" not in scripts[0]
    assert live_parts(page) == ["script"]  # the report's own, checked above
    assert "&lt;svg onload=alert(2)&gt;" in page


def test_json_carries_every_payload_back_exactly():
    briefing = hostile.briefing()
    data = json.loads(render(briefing, "json"))
    article, original = data["articles"][0], briefing.articles[0]
    assert (article["title"], article["text"], article["url"], article["outlet"]) == (
        original.title,
        original.text,
        original.url,
        original.outlet,
    )
    assert article["source"] == original.source
    assert data["problems"][0]["source"] == briefing.problems[0].source
    assert hostile.ESCAPES in data["stories"][0]["title"]


@contextmanager
def captured(monkeypatch, module, name: str):
    """The text a Rich console of ``module`` prints, as a terminal would receive it."""
    buffer = io.StringIO()
    monkeypatch.setattr(module, name, Console(file=buffer, width=300, color_system=None))
    yield buffer


def test_terminal_run_summary_drops_control_characters(monkeypatch):
    with captured(monkeypatch, output, "err") as shown:
        output.print_summary(hostile.briefing(), quiet=False, verbose=True)
    text = shown.getvalue()
    assert "bad" in text and "red" in text and "<script>" in text
    assert not CONTROLS.search(text)


class _Workspace:
    """A workspace holding the hostile story, for the commands that list and show stories."""

    def __init__(self, db: str, **options: object):
        self.briefing_of = hostile.briefing()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def stories(self):
        return list(self.briefing_of.stories)

    def briefing(self, story: str) -> Briefing:
        return self.briefing_of


def test_terminal_story_list_and_story_show_drop_control_characters(monkeypatch, tmp_path):
    db = tmp_path / "ws.db"
    db.write_text("")
    monkeypatch.setattr(cli_main, "Workspace", _Workspace)
    with captured(monkeypatch, cli_main, "out") as shown:
        cli_main.list_stories(db=str(db))
        cli_main.show(hostile.STORY_ID, db=str(db))
    text = shown.getvalue()
    assert "Story" in text and "red" in text and "onload" in text
    assert not CONTROLS.search(text)


def test_terminal_text_is_never_rich_markup(monkeypatch):
    with captured(monkeypatch, output, "err") as shown:
        output.err.print(output.plain("[bold]x[/bold] [link=javascript:alert(1)]y[/link]"))
    assert shown.getvalue().strip() == "[bold]x[/bold] [link=javascript:alert(1)]y[/link]"


def test_without_controls_keeps_newlines_tabs_and_text():
    assert without_controls("a\tb\nc") == "a\tb\nc"
    assert without_controls(hostile.ESCAPES) == "red"
    assert without_controls("caf\u00e9 \u201cquoted\u201d") == "caf\u00e9 \u201cquoted\u201d"


def test_story_markdown_shown_in_the_terminal_has_no_controls():
    briefing = hostile.briefing()
    [view] = story_views(briefing)
    buffer = io.StringIO()
    Console(file=buffer, width=200, color_system=None).print(
        Markdown("\n".join(story_markdown(view, briefing)))
    )
    assert not CONTROLS.search(buffer.getvalue())
