"""crosswire: many news reports about one developing story → one cited, cross-checked briefing."""

from crosswire.api import brief, run, search, write
from crosswire.records import Article, Briefing

__all__ = ["Article", "Briefing", "brief", "run", "search", "write"]
__version__ = "0.1.0"
