"""Bench helpers under test: bench/ is not a package and its folder is not on sys.path, so a
test loads the module it checks from its file."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[1] / "bench"


def load_bench_module(stem: str) -> ModuleType:
    """``bench/<stem>.py`` as the module ``bench<stem>`` (registered in ``sys.modules`` before it
    runs, since a dataclass in it looks its own module up there)."""
    spec = importlib.util.spec_from_file_location(f"bench{stem}", BENCH / f"{stem}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
