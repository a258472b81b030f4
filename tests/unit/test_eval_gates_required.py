"""Where the gold data is, the eval gates must run: a missing file fails rather than skips, and
under .ci/run (CROSSWIRE_REQUIRE_EVALDATA=1) an eval test that skips for any reason fails."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import tests.conftest as shared
from tests.conftest import REPO, REQUIRE_EVALDATA

pytestmark = pytest.mark.unit
pytest_plugins = ["pytester"]


@pytest.fixture
def gold(tmp_path, monkeypatch):
    """An empty stand-in for ../shared/evaldata, and no requirement from the environment."""
    folder = tmp_path / "evaldata"
    folder.mkdir()
    monkeypatch.setattr(shared, "EVALDATA", folder)
    monkeypatch.delenv(REQUIRE_EVALDATA, raising=False)
    return folder


def test_a_present_path_is_returned(gold):
    (gold / "tbaq" / "TimeBank").mkdir(parents=True)
    assert shared.evaldata("tbaq", "TimeBank") == gold / "tbaq" / "TimeBank"


def test_a_missing_part_fails_where_the_gold_data_folder_is_present(gold):
    with pytest.raises(pytest.fail.Exception, match=r"gold data not found at .*polnear"):
        shared.evaldata("polnear")


def test_everything_missing_skips_with_a_message(gold, monkeypatch):
    monkeypatch.setattr(shared, "EVALDATA", gold / "nowhere")
    with pytest.raises(pytest.skip.Exception, match="runs where it is present"):
        shared.evaldata("polnear")


def test_everything_missing_fails_when_the_gates_are_required(gold, monkeypatch):
    monkeypatch.setattr(shared, "EVALDATA", gold / "nowhere")
    monkeypatch.setenv(REQUIRE_EVALDATA, "1")
    with pytest.raises(pytest.fail.Exception, match=f"{REQUIRE_EVALDATA}=1"):
        shared.evaldata("polnear")


SKIPPING_TESTS = """
import pytest

@pytest.mark.eval
def test_a_gate_that_skips():
    pytest.skip("no gold data here")

@pytest.fixture
def data():
    pytest.skip("no gold data for the fixture")

@pytest.mark.eval
def test_a_gate_whose_fixture_skips(data):
    pass

def test_an_ordinary_test_that_skips():
    pytest.skip("not an eval gate")
"""


# A skip in a fixture becomes a failed setup, which pytest counts as an error.
@pytest.mark.parametrize(
    "required,outcomes",
    [(False, {"skipped": 3}), (True, {"failed": 1, "skipped": 1, "errors": 1})],
)
def test_under_ci_an_eval_test_that_skips_fails(pytester, monkeypatch, required, outcomes):
    """Our conftest as a plugin in a separate pytest session over three skipping tests."""
    pytester.makepyfile(test_gates=SKIPPING_TESTS)
    monkeypatch.delenv(REQUIRE_EVALDATA, raising=False)
    if required:
        monkeypatch.setenv(REQUIRE_EVALDATA, "1")
    run = pytester.runpytest_inprocess(
        "-p", "tests.conftest", "-p", "no:cacheprovider", "-o", "markers=eval: gate", "-rA"
    )
    run.assert_outcomes(**outcomes)
    assert run.ret == (1 if required else 0)
    if required:
        run.stdout.fnmatch_lines(
            ["*CROSSWIRE_REQUIRE_EVALDATA=1: eval gates must run, not skip*no gold data here*"]
        )
        run.stdout.fnmatch_lines(["*eval gates must run, not skip*no gold data for the fixture*"])
    else:
        assert "eval gates must run" not in run.stdout.str()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize("data_present", [True, False])
def test_ci_script_requires_the_gates_exactly_where_the_gold_data_is(tmp_path, data_present):
    """.ci/run and scripts/check.sh in a stand-in tree whose bootstrap, lint and type checks do
    nothing and whose python reports."""
    repo = tmp_path / "project"
    (repo / ".ci").mkdir(parents=True)
    shutil.copy(REPO / ".ci" / "run", repo / ".ci" / "run")
    (repo / "scripts").mkdir()
    (repo / "scripts" / "bootstrap.sh").write_text("exit 0\n")
    shutil.copy(REPO / "scripts" / "check.sh", repo / "scripts" / "check.sh")
    python = repo / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    for tool in ("ruff", "mypy"):
        (python.parent / tool).write_text("#!/bin/sh\nexit 0\n")
        (python.parent / tool).chmod(0o755)
    python.write_text(f'#!/bin/sh\necho "{REQUIRE_EVALDATA}=${{{REQUIRE_EVALDATA}:-unset}} $*"\n')
    python.chmod(0o755)
    if data_present:
        (tmp_path / "shared" / "evaldata").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k != REQUIRE_EVALDATA}
    run = subprocess.run(
        ["bash", str(repo / ".ci" / "run")], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    expected = "1" if data_present else "unset"
    assert run.stdout.strip() == f"{REQUIRE_EVALDATA}={expected} -m pytest"
