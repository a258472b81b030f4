"""``crosswire aliases``: the workspace alias table, edited from the command line."""

from __future__ import annotations

from typing import Annotated

import typer

from crosswire.cli.output import DEFAULT_DB, DbOption, out, user_errors
from crosswire.workspace import Workspace

aliases_app = typer.Typer(
    help="The workspace alias table (aliases.toml beside a SQLite database; a table in a "
    "PostgreSQL one): "
    "names → canonical names, overriding automatic entity merging.\n\n"
    "Example:\n\n    crosswire aliases add Kiev Kyiv --db story.db",
    no_args_is_help=True,
)


@aliases_app.command("add")
def aliases_add(
    name: Annotated[str, typer.Argument(help="The name as written in articles.")],
    canonical: Annotated[
        str,
        typer.Argument(
            help="The entity it names; the name itself to keep it apart from every other entity."
        ),
    ],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Map a name to a canonical name (takes effect on the next brief or show).

    Example:

        crosswire aliases add "Kiev" "Kyiv" --db story.db
    """
    with user_errors(), Workspace(db) as workspace:
        workspace.aliases.set(name, canonical)
    out.print(f"{name} → {canonical}  ({workspace.aliases.where})", highlight=False)


@aliases_app.command("remove")
def aliases_remove(
    name: Annotated[str, typer.Argument(help="A name in the alias table.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Remove a name from the alias table.

    Example:

        crosswire aliases remove "Kiev" --db story.db
    """
    with user_errors(), Workspace(db) as workspace:
        workspace.aliases.remove(name)
    out.print(f"removed {name}  ({workspace.aliases.where})", highlight=False)


@aliases_app.command("list")
def aliases_list(db: DbOption = DEFAULT_DB) -> None:
    """List the workspace's aliases (the shipped exonym list applies under them).

    Example:

        crosswire aliases list --db story.db
    """
    with user_errors(), Workspace(db) as workspace:
        table = workspace.aliases.table()
    if not table:
        out.print("the alias table is empty; add one with crosswire aliases add NAME CANONICAL")
    for name, canonical in sorted(table.items(), key=lambda kv: kv[0].lower()):
        out.print(f"{name} → {canonical}", highlight=False)
