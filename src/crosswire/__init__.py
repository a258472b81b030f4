"""crosswire: many news reports about one developing story → one cited, cross-checked briefing.

``crosswire.Workspace`` is the door to everything; ``brief``, ``run``, ``search`` and ``write``
are one-call shortcuts. The names are imported on first use, so ``import crosswire.records`` or
``crosswire --help`` does not load the pipeline.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crosswire.api import brief, run, search, write
    from crosswire.records import Article, Briefing
    from crosswire.workspace import Workspace

__all__ = ["Article", "Briefing", "Workspace", "brief", "run", "search", "write"]
__version__ = "0.1.0"

_HOMES = {
    "Article": "crosswire.records",
    "Briefing": "crosswire.records",
    "Workspace": "crosswire.workspace",
    "brief": "crosswire.api",
    "run": "crosswire.api",
    "search": "crosswire.api",
    "write": "crosswire.api",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'crosswire' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value
