"""Untrusted text made inert for the outputs that would otherwise act on it: a terminal (escape
sequences move the cursor, retitle the window, hide lines) and Markdown (a renderer that allows
HTML runs ``<script>``; a link can point at ``javascript:``). JSON needs neither: it carries the
text exactly, and HTML escapes through its template."""

from __future__ import annotations

import re

#: A whole escape sequence (CSI ``ESC [ … final``, OSC ``ESC ] … BEL|ESC \``, or ESC and one
#: character), then any other C0 or C1 control, DEL included; tab and newline are kept.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MARKDOWN = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "|": "\\|",
        "[": "\\[",
        "]": "\\]",
        "`": "\\`",
        "\n": " ",
        "\t": " ",
    }
)


def without_controls(text: str) -> str:
    """``text`` without terminal escape sequences or control characters (tab and newline stay)."""
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def markdown_text(text: str | None) -> str:
    """Untrusted text as inline Markdown that shows as written: HTML escaped as entities, square
    brackets escaped so no link or image (``[x](javascript:…)``) can form, pipes escaped for
    table cells, one line, no control characters. Bare http(s) addresses stay as text that
    renderers may link themselves; ``<javascript:…>`` autolinks cannot form without ``<``."""
    return without_controls(text or "").translate(_MARKDOWN).strip()


def markdown_code(text: str | None) -> str:
    """Untrusted text inside a Markdown code span (shown literally by every renderer): one line,
    no control characters, no backtick to close the span early."""
    return without_controls(text or "").replace("`", "'").replace("\n", " ").strip()
