"""The generated hostile-input suite (``tests/hostile/generate.py``: 200+ inputs in the classes of
issue #11, mixed with 10 good articles), run as one real ``crosswire brief`` process with its
wall time and peak memory bounded (a watchdog kills it past either bound).

It asserts: the run finishes in bounds, with exit code 1 and no traceback; a briefing is written;
every good article is kept; and, one test per class, that each input of the class gets its
outcome (a problem naming it with a reason, an article, or one of the two). The Markdown and HTML
renderings of what was stored carry no live markup, and nothing printed carries a terminal
escape sequence.

``CROSSWIRE_HOSTILE_FULL=1`` makes the tiny-sentence floods as large as the issue measured
(1 MB of ". ", 200k one-word paragraphs); CI runs them at a twentieth of that.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from tests.conftest import DEMO, refuse_network
from tests.e2e.helpers import cli
from tests.hostile.generate import CLASSES, HostileSet, Input, generate

from crosswire import render
from crosswire.workspace import Workspace

pytestmark = [pytest.mark.integration, pytest.mark.slow]

#: The bounds of the whole run (about 210 inputs, 90 of them articles, on two shared cores).
WALL_SECONDS = 300
PEAK_RSS_BYTES = 3 * 1024**3
#: The good articles mixed in: ten of the demo corpus's plain-text articles.
GOOD = sorted(DEMO.glob("*.txt"))[:10]
#: Characters no terminal output may carry (C0 controls but tab and newline, DEL, C1 controls).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


@dataclass(frozen=True)
class Outcome:
    returncode: int | None
    stderr: str
    seconds: float
    peak_rss: int  # bytes
    killed: str | None  # why the watchdog stopped the run, if it did
    briefing: dict
    db: Path


def _rss(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) * 1024 if found else 0


def _run_bounded(command: list[str], folder: Path) -> tuple[int | None, float, int, str | None]:
    """Run ``command`` with its stdout and stderr in files under ``folder``; kill it past the
    wall-time or memory bound. (exit code or None, seconds, peak RSS in bytes, why killed)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CROSSWIRE_")}
    env["COLUMNS"] = "200"
    started = time.monotonic()
    killed = None
    with open(folder / "stdout", "wb") as out, open(folder / "stderr", "wb") as err:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env
        )
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            seconds = time.monotonic() - started
            if seconds > WALL_SECONDS or _rss(process.pid) > PEAK_RSS_BYTES:
                killed = f"after {seconds:.0f} s" if seconds > WALL_SECONDS else "over memory"
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.2)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    return (None if killed else process.returncode), seconds, usage.ru_maxrss * 1024, killed


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[HostileSet, Outcome]:
    root = tmp_path_factory.mktemp("hostile")
    made = generate(root / "inputs", GOOD, full=os.environ.get("CROSSWIRE_HOSTILE_FULL") == "1")
    out, db = root / "briefing.json", root / "ws.db"
    command = [sys.executable, "-m", "crosswire", "brief", *made.arguments()]
    code, seconds, peak, killed = _run_bounded([*command, "-o", str(out), "--db", str(db)], root)
    briefing = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    stderr = (root / "stderr").read_bytes().decode("utf-8", "backslashreplace")
    return made, Outcome(code, stderr, seconds, peak, killed, briefing, db)


def test_the_set_is_large_and_covers_every_class(hostile):
    made, _ = hostile
    assert len(made.inputs) >= 200 and len(made.good) == 10
    assert {i.cls for i in made.inputs} == set(CLASSES)


def test_the_run_stays_within_its_time_and_memory_bounds(hostile):
    _, outcome = hostile
    assert outcome.killed is None, f"killed {outcome.killed}"
    assert outcome.seconds < WALL_SECONDS and outcome.peak_rss < PEAK_RSS_BYTES


def test_exit_code_1_no_traceback_and_a_briefing_written(hostile):
    _, outcome = hostile
    assert "Traceback" not in outcome.stderr, outcome.stderr[-3000:]
    assert outcome.returncode == 1, outcome.stderr[-3000:]
    assert outcome.briefing.get("articles"), "no briefing was written"


def test_every_good_article_is_kept(hostile):
    made, outcome = hostile
    sources = {s for a in outcome.briefing.get("articles", []) for s in a["sources"]}
    assert [g for g in made.good if g not in sources] == []


def _keys(path: str) -> set[str]:
    """The ways a path may be reported as text: a non-UTF-8 name is shown with its bad bytes
    escaped (``\\x80``) or replaced (U+FFFD)."""
    raw = os.fsencode(path)
    return {path, raw.decode("utf-8", "replace"), raw.decode("utf-8", "backslashreplace")}


def _named(source: str, path: str) -> bool:
    """Whether ``source`` is the input at ``path`` or one record of it (``path#2`` in a JSON
    list, ``path:3`` for a JSONL line, ``path@URL`` for a WARC response)."""
    return any(
        source == key or (source.startswith(key) and source[len(key)] in "#:@")
        for key in _keys(path)
    )


def _unmet(item: Input, briefing: dict) -> str | None:
    problems = [
        p for p in briefing.get("problems", []) if _named(p["source"], item.path) and p["reason"]
    ]
    articles = [
        a for a in briefing.get("articles", []) if any(_named(s, item.path) for s in a["sources"])
    ]
    if item.expect == "problem" and not problems:
        return "no problem names it" + (
            f" (it gave {len(articles)} article(s))" if articles else ""
        )
    if item.expect == "article" and len(articles) < item.articles:
        reasons = "; ".join(p["reason"] for p in problems) or "and no problem names it"
        return f"{len(articles)} of {item.articles} article(s): {reasons}"
    if item.expect == "any" and not problems and not articles:
        return "neither an article nor a problem names it"
    return None


@pytest.mark.parametrize("cls", CLASSES)
def test_each_input_of_the_class_gets_its_outcome(hostile, cls):
    made, outcome = hostile
    assert outcome.briefing, f"the run wrote no briefing (killed: {outcome.killed})"
    unmet = {i.path: why for i in made.of(cls) if (why := _unmet(i, outcome.briefing))}
    assert unmet == {}


@pytest.fixture(scope="module")
def renderings(hostile) -> dict[str, str]:
    """The stored workspace briefed again in this process, in Markdown and HTML."""
    _, outcome = hostile
    with pytest.MonkeyPatch.context() as monkeypatch:
        refuse_network(monkeypatch)
        with Workspace(str(outcome.db)) as workspace:
            briefing = workspace.briefing_all()
    return {fmt: render.render(briefing, fmt) for fmt in ("markdown", "html")}


def test_markup_payloads_are_not_live_in_markdown(hostile, renderings):
    markdown = renderings["markdown"]
    assert "Vote" in markdown, "the payload articles are in the briefing"
    # A tag or link escaped with a backslash (CommonMark) or as entities is text, not markup.
    live = re.findall(r"(?<!\\)<(?:script|img|svg|iframe|a)\b[^>]*>?", markdown, re.I)
    links = re.findall(r"(?<!\\)\]\(\s*(?!https?:|#)[^)]*\)", markdown)
    assert live == [] and links == []


class _Tags(HTMLParser):
    """The real tags of a page, as a browser would see them (escaped text is not a tag)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def test_markup_payloads_are_not_live_in_html(hostile, renderings):
    html = renderings["html"]
    parsed = _Tags()
    parsed.feed(html)
    # The report draws its own timeline as <svg class="timeline">; no other is allowed.
    foreign = [
        (tag, attrs)
        for tag, attrs in parsed.tags
        if tag in ("img", "iframe", "object", "embed")
        or (tag == "svg" and attrs.get("class") != "timeline")
    ]
    assert foreign == []
    schemes = re.compile(r"\s*(?:javascript|data|vbscript):", re.I)
    links = [a for _, a in parsed.tags for n in ("href", "src") if schemes.match(a.get(n, ""))]
    handlers = [a for _, a in parsed.tags if any(n.startswith("on") for n in a)]
    assert links == [] and handlers == []
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.I | re.S)
    assert not any("alert(" in script for script in scripts)
    assert "&lt;iframe src=javascript:alert(1)&gt;" in html, "the payload is shown, as text"


def test_no_escape_sequence_reaches_the_terminal(hostile):
    _, outcome = hostile
    assert CONTROL.findall(outcome.stderr.replace("\r\n", "\n")) == []
    listed = cli("stories", "--db", str(outcome.db)).stdout.decode("utf-8", "replace")
    assert CONTROL.findall(listed) == []
