"""The orchestrator: stages run from one list through one helper, and its docstring lists them."""

import re
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from crosswire import pipeline
from crosswire.stages import STAGES, Stage

pytestmark = pytest.mark.unit


def test_the_docstring_lists_exactly_the_stages_that_run_in_their_order():
    listed = re.findall(r"^    ([a-z+-]+)  ", pipeline.__doc__ or "", re.M)
    assert listed == ["ingest+extract", *(stage.name for stage in STAGES)]


@dataclass
class _Options:
    size: int = 3
    executor: None = None  # the stages run here (RunOptions.executor)


def _size(options: _Options) -> int:
    return options.size


@dataclass
class _State:
    options: _Options


class _Recorder:
    def __init__(self):
        self.shown: list[tuple[str, int | None, list[int]]] = []

    @contextmanager
    def stage(self, name, total):
        advances: list[int] = []
        yield advances.append
        self.shown.append((name, total, advances))


def test_a_batched_stage_gets_its_work_in_batches_and_is_timed_and_reported():
    seen = []
    stage = Stage(
        "demo", lambda state: list(range(7)), lambda state, b: seen.append(list(b)) or 2, _size
    )
    reporter = _Recorder()
    timing = pipeline._run_stage(stage, _State(_Options()), reporter)
    assert seen == [[0, 1, 2], [3, 4, 5], [6]]
    assert reporter.shown == [("demo", 7, [3, 3, 1])]
    assert timing.stage == "demo" and timing.items == 6 and timing.seconds >= 0


def test_an_unbatched_stage_runs_once_even_with_no_work_and_a_batched_one_not_at_all():
    calls = []
    whole = Stage("whole", lambda state: [], lambda state, work: calls.append("whole") or 0)
    batched = Stage("batched", lambda state: [], lambda state, w: calls.append("b") or 0, _size)
    reporter = _Recorder()
    for stage in (whole, batched):
        pipeline._run_stage(stage, _State(_Options()), reporter)
    assert calls == ["whole"]
    assert [name for name, _, _ in reporter.shown] == ["whole", "batched"]


def test_a_stage_can_hide_its_progress_total():
    stage = Stage("embed", lambda state: [1, 2], lambda state, w: len(w), _size, show_total=False)
    reporter = _Recorder()
    pipeline._run_stage(stage, _State(_Options()), reporter)
    assert reporter.shown == [("embed", None, [2])]
