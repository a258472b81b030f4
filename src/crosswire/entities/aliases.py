"""The workspace alias table: a TOML file beside the database that overrides entity merging.

    [aliases]
    "Kiev" = "Kyiv"                  # Kiev is shown as Kyiv
    "Hunter Biden" = "Hunter Biden"  # kept apart from every other Biden

Edited by hand or with ``crosswire aliases add/remove/list``.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from crosswire.errors import AliasFileError

FILE_NAME = "aliases.toml"


def alias_path(location: str) -> Path | None:
    """Where a workspace's alias table lives: beside its database file (``location`` is a path
    or a ``sqlite://`` URL, as ``crosswire.store.open_store`` takes). None for a workspace on a
    server (``postgresql://…``): it has no folder, and no alias table yet."""
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
