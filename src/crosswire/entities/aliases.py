"""The workspace alias table: names mapped to canonical names, overriding entity merging.

A SQLite workspace keeps it in a TOML file beside the database (``AliasFile``):

    [aliases]
    "Kiev" = "Kyiv"                  # Kiev is shown as Kyiv
    "Hunter Biden" = "Hunter Biden"  # kept apart from every other Biden

edited by hand or with ``crosswire aliases add/remove/list``. A workspace on a server
(``postgresql://…``) has no folder, and every host that opens it must see one table: it keeps the
table in its database (``AliasTable``, migration 0010), edited with the same commands.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path

from crosswire.errors import AliasFileError, UserError
from crosswire.store import Store
from crosswire.store.common import Tables, shown_location

FILE_NAME = "aliases.toml"


def alias_path(location: str) -> Path | None:
    """Where a workspace's alias table lives: beside its database file (``location`` is a path
    or a ``sqlite://`` URL, as ``crosswire.store.open_store`` takes). None for a workspace on a
    server (``postgresql://…``): it has no folder, and keeps the table in its database."""
    scheme, separator, rest = location.partition("://")
    if separator and scheme != "sqlite":
        return None
    path = rest if separator else location
    return Path(path).resolve().parent / FILE_NAME


def load_aliases(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise AliasFileError(
            f"cannot read the alias table {path}: {error}; fix the file or move it away"
        ) from error
    table = data.get("aliases", {})
    if not isinstance(table, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in table.items()
    ):
        raise AliasFileError(
            f'{path}: the [aliases] table must map names to names (e.g. "Kiev" = "Kyiv")'
        )
    return dict(table)


def save_aliases(path: Path, table: dict[str, str]) -> None:
    """Write the table sorted by name (JSON strings are valid TOML basic strings)."""
    lines = [
        "# crosswire workspace alias table: name = canonical name.",
        "# A name mapped to itself is kept apart from every other entity.",
        "",
        "[aliases]",
    ]
    lines += [
        f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v, ensure_ascii=False)}"
        for k, v in sorted(table.items(), key=lambda kv: kv[0].lower())
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _not_in_table(name: str, where: str) -> UserError:
    return UserError(
        f"{name!r} is not in the alias table {where}; `crosswire aliases list` shows what is"
    )


class AliasFile:
    """The alias table of a SQLite workspace: ``aliases.toml`` at ``path``, read afresh on each
    access (edits made by hand count) and written at once by ``set`` and ``remove``."""

    def __init__(self, path: Path):
        self.path = path
        self.where = str(path)

    def table(self) -> dict[str, str]:
        return load_aliases(self.path)

    def set(self, name: str, canonical: str) -> None:
        table = self.table()
        table[name] = canonical
        save_aliases(self.path, table)

    def remove(self, name: str) -> None:
        table = self.table()
        if name not in table:
            raise _not_in_table(name, self.where)
        del table[name]
        save_aliases(self.path, table)


class AliasTable:
    """The alias table of a workspace on a server: the ``aliases`` table of its database, read
    afresh on each access; ``set`` and ``remove`` each commit one change of one name, so two
    people editing different names at once both keep theirs. ``store`` opens the workspace's
    store (on first use, as the workspace does)."""

    path: Path | None = None

    def __init__(self, store: Callable[[], Store], location: str):
        self._store = store
        self.where = f"in the workspace database {shown_location(location)}"

    def _tables(self) -> tuple[Store, Tables]:
        store = self._store()
        return store, Tables(store, "alias tables")

    def table(self) -> dict[str, str]:
        _, tables = self._tables()
        query = f"SELECT name, canonical FROM aliases ORDER BY name COLLATE {tables.binary}"
        rows = tables.execute(query).fetchall()
        return {name: canonical for name, canonical in rows}

    def set(self, name: str, canonical: str) -> None:
        store, tables = self._tables()
        with store.transaction():
            tables.execute(
                "INSERT INTO aliases (name, canonical) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET canonical = excluded.canonical",
                (name, canonical),
            )

    def remove(self, name: str) -> None:
        store, tables = self._tables()
        with store.transaction():
            if tables.execute("DELETE FROM aliases WHERE name = ?", (name,)).rowcount == 0:
                raise _not_in_table(name, self.where)
