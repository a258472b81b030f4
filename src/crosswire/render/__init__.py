"""Renderers: a ``Briefing`` → JSON (the contract), Markdown, or a self-contained HTML report.

Formats register themselves by name and file suffix; ``render(briefing, "html")`` picks one.
"""

from __future__ import annotations

from collections.abc import Callable

from crosswire.records import Briefing
from crosswire.render import html as _html
from crosswire.render import json as _json
from crosswire.render import markdown as _markdown

RENDERERS: dict[str, Callable[[Briefing], str]] = {}
SUFFIXES: dict[str, str] = {}


def register_format(
    name: str, suffixes: tuple[str, ...], renderer: Callable[[Briefing], str]
) -> None:
    RENDERERS[name] = renderer
    for suffix in suffixes:
        SUFFIXES[suffix] = name


def format_for_path(path: str) -> str | None:
    """The format a file name asks for by its suffix (``.html``, ``.md``, ``.json``), if any."""
    lowered = path.lower()
    for suffix, name in SUFFIXES.items():
        if lowered.endswith(suffix):
            return name
    return None


def render(briefing: Briefing, fmt: str) -> str:
    if fmt not in RENDERERS:
        raise ValueError(
            f"unknown output format {fmt!r}; choose one of {', '.join(sorted(RENDERERS))}"
        )
    return RENDERERS[fmt](briefing)


register_format("json", (".json",), _json.render_json)
register_format("markdown", (".md", ".markdown"), _markdown.render_markdown)
register_format("html", (".html", ".htm"), _html.render_html)
