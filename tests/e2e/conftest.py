"""The demo corpus briefed once per test session and shared by every end-to-end test that only
reads the result. A test that writes to a workspace works on a copy (``copy_workspace``); tests
that need a workspace of their own (kill and resume, bad inputs, incremental adds, a second fresh
run) still make one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.conftest import DEMO, refuse_network
from tests.e2e.helpers import brief_json
from tests.webhook_receiver import receiver  # noqa: F401 (a fixture for the alert tests)


@dataclass(frozen=True)
class DemoRun:
    """`crosswire brief examples/demo-corpus -o briefing.json --db ws.db` in a fresh folder."""

    folder: Path
    briefing: Path  # the JSON briefing as written
    db: Path  # the workspace it was written from; copy it before writing to it

    def data(self) -> dict:
        """The briefing, parsed afresh, so no test can change what another one reads."""
        return json.loads(self.briefing.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory) -> DemoRun:
    folder = tmp_path_factory.mktemp("demo")
    run = DemoRun(folder, folder / "briefing.json", folder / "ws.db")
    with pytest.MonkeyPatch.context() as monkeypatch:
        refuse_network(monkeypatch)
        _, result = brief_json([str(DEMO)], run.briefing, run.db)
    assert result.returncode == 0, result.stderr.decode()
    return run
