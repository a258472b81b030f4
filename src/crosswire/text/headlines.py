"""Whether a line of bare text is a headline: the first line of a pasted article often is, and
often is not (the lead pasted without its headline, a dateline, a live-blog banner)."""

from __future__ import annotations

import re

from crosswire.text.datelines import find_dateline

#: Headlines run 4–17 words on the extraction benchmark; a longer first line is the lead.
HEADLINE_MAX_WORDS = 20
#: A headline may carry a full stop (some archives add one); only a short line is read so.
HEADLINE_WITH_STOP_MAX_WORDS = 14
_SENTENCE_END = re.compile(r"[.!:;,…][\"'”’»)\]]*$")
_INNER_BREAK = re.compile(r"[.!?][\"'”’)]*\s+[A-Z]")


def looks_like_headline(line: str) -> bool:
    """A short line that opens no dateline and does not read as a sentence (one closing full
    stop allowed on a shorter line)."""
    line = line.strip().lstrip("# ").strip()
    words = line.split()
    if not words or len(words) > HEADLINE_MAX_WORDS or find_dateline(line, strict=False):
        return False
    if _INNER_BREAK.search(line):
        return False
    if _SENTENCE_END.search(line):
        return line.endswith(".") and len(words) <= HEADLINE_WITH_STOP_MAX_WORDS
    return True
