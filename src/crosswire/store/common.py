"""What every store backend shares: how an ``Article`` maps to a row of the articles table, how
a migration file splits into statements, how a process names itself to a waiting one, and
``Tables``: one SQL over either backend's connection for the workspace's feeds, alerts, pending
changes and (on a server) alias table."""

from __future__ import annotations

import json
import os
import re
import socket
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from crosswire.errors import StoreError
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


def host_owner_alive(owner: str) -> bool:
    """Whether the process named ``<host>:<pid>`` may still run: only this host can tell, so
    one on another host (or a name of another form) counts as running."""
    host, _, pid = owner.rpartition(":")
    return host != HOST or not pid.isdigit() or process_running(int(pid))


class Cursor(Protocol):
    """What ``Tables.execute`` gives back: the part of a DB-API cursor both drivers share."""

    rowcount: int

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


#: How each DB-API driver marks a parameter (``paramstyle`` as PEP 249 names it) and names the
#: byte-wise text order, by the name of its module; each backend registers its own. A store whose
#: driver is not here has no workspace tables beyond the ``Store`` protocol.
_DIALECTS: dict[str, tuple[str, str]] = {}


def register_dialect(driver: str, paramstyle: str, binary_collation: str) -> None:
    """Let ``Tables`` work over connections of the DB-API module ``driver`` (a backend calls
    this for its own driver)."""
    if paramstyle not in ("qmark", "format", "pyformat"):
        raise ValueError(f"paramstyle {paramstyle!r}: Tables writes ? or %s placeholders only")
    _DIALECTS[driver] = (paramstyle, binary_collation)


class Tables:
    """The workspace's own tables beyond the ``Store`` protocol (feeds, alerts, pending
    changes, the alias table on a server), through the store's connection, in one SQL for
    every backend: statements are written with ``?`` placeholders in the SQL SQLite and
    PostgreSQL both take (``ON CONFLICT … DO NOTHING``, ``RETURNING``), and turned into the
    driver's own style here. ``binary`` is the collation that orders text by code point on this
    backend (``ORDER BY url COLLATE {binary}``), so both backends list in one order.

    Never commits: the caller owns the transaction (``store.transaction()``), as for the store's
    own writes. StoreError when the store's connection is of no known driver."""

    def __init__(self, store: object, what: str):
        self.store = store
        found = _DIALECTS.get(type(self._connection()).__module__.split(".")[0])
        if found is None:
            raise StoreError(
                f"{what} are kept in SQLite and PostgreSQL workspaces; this store "
                f"({type(store).__name__}) has no tables for them"
            )
        self._format = found[0] != "qmark"
        self.binary = found[1]

    def _connection(self) -> Any:
        # Asked each time: a server store replaces a connection it lost (``PostgresStore.db``).
        return getattr(self.store, "db", None)

    def _sql(self, query: str) -> str:
        if not self._format:
            return query
        return query.replace("%", "%%").replace("?", "%s")

    def execute(self, query: str, parameters: Sequence[object] = ()) -> Cursor:
        """Run one statement; its cursor (``rowcount``, ``fetchone``, rows by iteration)."""
        cursor: Cursor = self._connection().execute(self._sql(query), tuple(parameters))
        return cursor

    def execute_each(self, query: str, rows: Iterable[Sequence[object]]) -> int:
        """Run one statement once per row of parameters; how many rows they changed in all
        (``executemany``'s count differs between drivers, so each is run and counted)."""
        statement = self._sql(query)
        db = self._connection()
        return sum(max(db.execute(statement, tuple(row)).rowcount, 0) for row in rows)

    def insert_id(self, query: str, parameters: Sequence[object] = ()) -> int:
        """Run an ``INSERT … RETURNING id``; the new row's id."""
        row = self.execute(query, parameters).fetchone()
        if row is None:
            raise StoreError("an insert returned no id (this is a bug in the calling code)")
        return int(row[0])
