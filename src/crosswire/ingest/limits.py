"""What ingest accepts: the file suffixes it reads and the size caps on one article and one
container, with the message for an input over a cap."""

from __future__ import annotations

#: Largest single article we accept (bytes of text). Long enough for any news article many
#: times over; a larger file is almost always a dump or a mistake, and spaCy's memory grows
#: with document length.
DEFAULT_MAX_BYTES = 5_000_000
#: Largest container (JSONL, WARC, gzip) we read.
MAX_CONTAINER_BYTES = 2_000_000_000

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED = ".txt, .md, .html, .htm, .json, .jsonl, .warc (each optionally .gz)"


def too_large(size: int, limit: int) -> str:
    """The reason given for an input over ``limit`` bytes."""
    return (
        f"too large: {size / 1e6:.1f} MB is over the {limit / 1e6:.0f} MB limit for one "
        "article; split it into articles (JSON Lines works well) or raise --max-bytes"
    )
