"""Exit codes tell the cases apart (0 all used, 1 some skipped, 2 usage, 3 internal error); an
internal error still writes the briefing of what was stored and saves its traceback to a file
(one line on the terminal names it); one article or story whose analysis fails is skipped with a
reason while the rest of the run goes on.

Failures are injected with monkeypatch in this process (``cli``) and once in a real process."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from tests.conftest import DEMO, REPO
from tests.e2e.helpers import brief_json, cli, crosswire

from crosswire import pipeline, stages

pytestmark = [pytest.mark.integration]

SMALL = [
    "2026-05-18-meridian-press-wire.txt",
    "2026-05-25-meridian-press-concession-signed.txt",
    "2026-05-18-coastal-ledger-ennore-terminal-deal.txt",
]


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in SMALL:
        shutil.copy(DEMO / name, folder / name)
    return folder


def _saved_traceback(stderr: str) -> Path:
    """The one file the internal-error line names; the terminal shows no traceback itself."""
    assert "Traceback" not in stderr
    [line] = [line for line in stderr.splitlines() if "internal error:" in line]
    found = re.search(r"saved in (\S+crosswire-traceback-\S+\.txt)", " ".join(stderr.split()))
    assert found, line
    return Path(found.group(1))


def _boom(*args, **kwargs):
    raise RuntimeError("injected failure")


def test_exit_codes_are_documented_in_help_and_readme():
    readme = (REPO / "README.md").read_text()
    for text in (cli("--help").stdout.decode(), cli("brief", "--help").stdout.decode(), readme):
        flat = " ".join(text.split())
        for code, meaning in (
            ("0", "every input"),
            ("1", "some inputs"),
            ("2", "a usage error"),
            ("3", "an internal error"),
        ):
            assert re.search(rf"\b{code}`? {meaning}", flat), (code, meaning)


def test_exit_0_when_every_input_is_used_and_1_when_one_is_skipped(inputs, tmp_path):
    _, result = brief_json([str(inputs)], tmp_path / "a.json", tmp_path / "a.db")
    assert result.returncode == 0, result.stderr.decode()
    (inputs / "empty.txt").write_bytes(b"")
    data, result = brief_json([str(inputs)], tmp_path / "b.json", tmp_path / "b.db")
    assert result.returncode == 1
    assert [p["source"] for p in data["problems"]] == [str(inputs / "empty.txt")]


def test_exit_2_for_a_usage_error_in_a_real_process(tmp_path):
    result = crosswire("brief", str(tmp_path), "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 2 and b"Traceback" not in result.stderr


def test_a_failing_stage_is_exit_3_and_the_briefing_of_what_was_stored_is_written(
    inputs, tmp_path, monkeypatch
):
    monkeypatch.setattr(stages, "find_duplicates", _boom)  # the dedup stage fails on a bug
    out = tmp_path / "out.json"
    data, result = brief_json([str(inputs)], out, tmp_path / "ws.db")
    stderr = result.stderr.decode()
    assert result.returncode == 3, stderr
    assert len(data["articles"]) == len(SMALL)  # stored before the failure, still briefed
    saved = _saved_traceback(stderr)
    assert saved.parent == tmp_path  # beside the workspace
    trace = saved.read_text(encoding="utf-8")
    assert "Traceback" in trace and "injected failure" in trace and "_dedup_step" in trace
    assert "dedup stage failed" in " ".join(stderr.split())


def test_one_record_the_store_refuses_is_skipped_and_its_batch_stored_without_it(
    inputs, tmp_path, monkeypatch
):
    real = pipeline._store_inputs

    def refuses_one(store, built):
        if any(raw.source.endswith(SMALL[1]) for raw, _, _ in built):
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
        real(store, built)

    monkeypatch.setattr(pipeline, "_store_inputs", refuses_one)
    data, result = brief_json([str(inputs)], tmp_path / "o.json", tmp_path / "ws.db")
    assert result.returncode == 1, result.stderr.decode()
    assert len(data["articles"]) == len(SMALL) - 1
    [problem] = data["problems"]
    assert problem["source"] == str(inputs / SMALL[1]) and problem["severity"] == "failed"
    assert "storing it failed (UnicodeEncodeError" in problem["reason"]


def test_one_input_whose_extraction_raises_is_skipped_with_its_reason(
    inputs, tmp_path, monkeypatch
):
    real = pipeline.to_article

    def fails_on_one(raw):
        if raw.source.endswith(SMALL[0]):
            raise RecursionError("maximum recursion depth exceeded")
        return real(raw)

    monkeypatch.setattr(pipeline, "to_article", fails_on_one)
    data, result = brief_json([str(inputs)], tmp_path / "o.json", tmp_path / "ws.db")
    assert result.returncode == 1, result.stderr.decode()
    assert len(data["articles"]) == len(SMALL) - 1
    [problem] = data["problems"]
    assert problem["source"] == str(inputs / SMALL[0]) and problem["severity"] == "failed"
    assert "extracting its article failed (RecursionError" in problem["reason"]
    assert str(inputs / SMALL[0]) in result.stderr.decode()


def test_one_article_whose_parse_raises_is_skipped_and_the_rest_analysed(
    inputs, tmp_path, monkeypatch
):
    real = stages.parse_articles

    def fails_on_one(articles, nlp, **bounds):
        articles = list(articles)
        if any(a.source.endswith(SMALL[1]) for a in articles):
            raise ValueError("[E088] Text of length 1200000 exceeds maximum")
        return real(articles, nlp, **bounds)

    monkeypatch.setattr(stages, "parse_articles", fails_on_one)
    data, result = brief_json([str(inputs)], tmp_path / "o.json", tmp_path / "ws.db")
    assert result.returncode == 1, result.stderr.decode()
    assert len(data["articles"]) == len(SMALL)  # kept, without sentences
    [problem] = data["problems"]
    assert problem["source"] == str(inputs / SMALL[1])
    assert "analysing its sentences and quotes failed (ValueError: [E088]" in problem["reason"]
    [skipped] = [a["id"] for a in data["articles"] if a["sources"] == [str(inputs / SMALL[1])]]
    # The two articles left are one origin (a wire report and its rewrite), so no fact can
    # stand; their sentences still make the summary.
    analysed = {a for line in data["summary"] for a in line["article_ids"]}
    assert analysed and skipped not in analysed, "the other articles were still analysed"


def test_one_story_whose_analysis_raises_is_skipped_and_the_others_briefed(tmp_path, monkeypatch):
    real = stages.analyse_story
    failing: list[str] = []

    def fails_on_first(story, *args, **kwargs):
        if not failing:
            failing.append(story.id)
            raise KeyError("injected")
        return real(story, *args, **kwargs)

    monkeypatch.setattr(stages, "analyse_story", fails_on_first)
    data, result = brief_json([str(DEMO)], tmp_path / "o.json", tmp_path / "ws.db")
    assert result.returncode == 1, result.stderr.decode()
    [problem] = [p for p in data["problems"] if p["severity"] == "failed"]
    assert f"story {failing[0]}" in problem["reason"] and "KeyError" in problem["reason"]
    briefed = {f["story_id"] for f in data["facts"]}
    assert failing[0] not in briefed and briefed, "the other stories still have their facts"


def test_a_real_process_with_an_internal_error_exits_3_and_saves_the_traceback(inputs, tmp_path):
    """The entry point itself (``python -m crosswire``'s ``main``) with the dedup stage made to
    fail: the helper's ``python -m crosswire`` words follow the injected script, which drops
    them."""
    out = tmp_path / "out.json"
    db = tmp_path / "ws" / "ws.db"
    inject = (
        "import sys, crosswire.stages as s\n"
        "def boom(*a, **k):\n    raise RuntimeError('injected in a real process')\n"
        "s.find_duplicates = boom\n"
        "from crosswire.cli.main import main\n"
        "sys.argv = ['crosswire', *sys.argv[4:]]\n"
        "main()\n"
    )
    result = crosswire(
        "brief", str(inputs), "-o", str(out), "--db", str(db), prefix=(sys.executable, "-c", inject)
    )
    stderr = result.stderr.decode()
    assert result.returncode == 3, stderr
    assert len(json.loads(out.read_text())["articles"]) == len(SMALL)
    saved = _saved_traceback(stderr)
    assert saved.parent == db.parent
    assert "injected in a real process" in saved.read_text(encoding="utf-8")
