"""What every store backend shares: how an ``Article`` maps to a row of the articles table, how
a migration file splits into statements, and how a process names itself to a waiting one."""

from __future__ import annotations

import json
import os
import re
import socket
import sys
from pathlib import Path
from typing import Any

from crosswire.records import Article, RemovedLine, TextIssue

#: The articles table's columns, in the order ``article_row`` gives and ``article_from_row``
#: reads them.
ARTICLE_COLUMNS = (
    "id",
    "source",
    "title",
    "title_source",
    "text",
    "original_text",
    "outlet",
    "outlet_source",
    "outlet_evidence",
    "credit",
    "credit_source",
    "credit_evidence",
    "url",
    "author",
    "published",
    "published_source",
    "published_evidence",
    "published_candidates_json",
    "language",
    "language_note",
    "removed_json",
    "issues_json",
)
#: Columns stored as JSON, and the field of ``Article`` each holds.
_JSON_FIELDS = {
    "published_candidates_json": "published_candidates",
    "removed_json": "removed",
    "issues_json": "issues",
}


def article_row(article: Article) -> dict[str, object]:
    """The article as column → value, in ``ARTICLE_COLUMNS`` order (lists as JSON text)."""
    row: dict[str, object] = {}
    for column in ARTICLE_COLUMNS:
        field = _JSON_FIELDS.get(column)
        if field is None:
            row[column] = getattr(article, column)
        elif field == "published_candidates":
            row[column] = json.dumps(list(article.published_candidates))
        else:
            row[column] = json.dumps([item.to_dict() for item in getattr(article, field)])
    return row


def article_from_row(row: tuple) -> Article:
    """The article a row of ``ARTICLE_COLUMNS`` holds."""
    values = dict(zip(ARTICLE_COLUMNS, row, strict=True))
    fields: dict[str, Any] = {
        column: value for column, value in values.items() if column not in _JSON_FIELDS
    }
    fields["published_candidates"] = tuple(json.loads(values["published_candidates_json"]))
    fields["removed"] = tuple(RemovedLine.from_dict(r) for r in json.loads(values["removed_json"]))
    fields["issues"] = tuple(TextIssue.from_dict(i) for i in json.loads(values["issues_json"]))
    return Article(**fields)


def sql_statements(script: str) -> list[str]:
    """Split a migration file into statements. Our migrations hold no "--" or ";" inside string
    literals, so comments can be cut at "--" and statements split at ";"."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def process_command() -> str:
    """What this process is, for the message a waiting one shows: ``crosswire add`` and the
    like (printable characters only: it is shown in terminals)."""
    words = [Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"]
    if words[0] in {"__main__.py", "-m", "-c"}:
        words = ["crosswire"]
    words += sys.argv[1:2]
    return "".join(c for c in " ".join(words) if c.isprintable())[:60]


def duration(seconds: float) -> str:
    """A wait as people say it: "40 s", "2.5 min"."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.1f} min"


def shown_location(location: str) -> str:
    """A store location as it may be printed or logged: a password in a URL (``user:pw@`` or
    ``password=``) replaced by ***."""
    shown = re.sub(r"(://[^:/@?]*):[^@/?]*@", r"\1:***@", location)
    return re.sub(r"(?i)([?&]password=)[^&]*", r"\1***", shown)


#: This machine's name, as the records of which process holds or held a workspace give it.
HOST = socket.gethostname()


def process_running(pid: int) -> bool:
    """Whether a process with this id runs on this host (one we may not signal runs too)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
