"""crosswire: many news reports about one developing story → one cited, cross-checked briefing."""

from crosswire.api import brief, run, search, write
from crosswire.records import Article, Briefing
from crosswire.workspace import Workspace

__all__ = ["Article", "Briefing", "Workspace", "brief", "run", "search", "write"]
__version__ = "0.1.0"
