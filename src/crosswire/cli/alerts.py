"""``crosswire alerts``: webhooks told of new stories, story updates and new conflicts (over
``crosswire.alerts``). ``crosswire serve`` sends the deliveries."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from crosswire.alerts import ON_EVENTS, AlertState, check_webhook
from crosswire.cli.feeds import AllowPrivateOption
from crosswire.cli.output import DEFAULT_DB, DbOption, err, fail, out, plain, user_errors
from crosswire.fetch.client import redact
from crosswire.fetch.guard import AddressPolicy, FetchError
from crosswire.workspace import Workspace

alerts_app = typer.Typer(
    help="Webhooks POSTed (signed JSON) when a story is created, a story is updated or a "
    "conflict is found; `crosswire serve` delivers them.\n\nExample:\n\n"
    "    crosswire alerts add --webhook https://hooks.example/x --on conflict --db story.db",
    no_args_is_help=True,
)


@alerts_app.command("add")
def alerts_add(
    webhook: Annotated[str, typer.Option("--webhook", help="The http(s) URL to POST to.")],
    on: Annotated[str, typer.Option("--on", help="new-story, story-update or conflict.")],
    story: Annotated[str | None, typer.Option("--story", help="Only this story's events.")] = None,
    query: Annotated[
        str | None, typer.Option("--query", help="Only stories whose title has all these words.")
    ] = None,
    db: DbOption = DEFAULT_DB,
    allow_private: AllowPrivateOption = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the new alert as JSON.")] = False,
) -> None:
    """Add an alert; its signing secret is printed this once. The webhook must pass the SSRF
    guard now (and again at each delivery).

    Example:

        crosswire alerts add --webhook https://hooks.example/x --on new-story --db story.db
    """
    if on not in ON_EVENTS:
        raise fail(f"--on must be one of {', '.join(ON_EVENTS)}, not {on!r}")
    try:
        check_webhook(webhook, AddressPolicy(allow_private))
    except FetchError as error:
        raise fail(f"--webhook: {error}") from None
    with user_errors(), Workspace(db) as workspace:
        state = AlertState(workspace.store)
        with workspace.store.transaction():
            alert, secret = state.add(
                webhook, on, story_id=story, query=query, allow_private=allow_private
            )
    if as_json:
        out.print_json(json.dumps({**alert.public(), "secret": secret}))
        return
    out.print(f"added alert {alert.id}: {on} -> {redact(webhook)}", markup=False)
    out.print(f"secret (shown once; it signs each delivery): {secret}", markup=False)


@alerts_app.command("list")
def alerts_list(db: DbOption = DEFAULT_DB) -> None:
    """List the alerts (never their secrets) and the deliveries still waiting.

    Example:

        crosswire alerts list --db story.db
    """
    with user_errors(), Workspace(db) as workspace:
        state = AlertState(workspace.store)
        alerts, pending = state.alerts(), state.pending()
    if not alerts:
        err.print("the workspace has no alerts; add one with crosswire alerts add")
        raise typer.Exit(1)
    table = Table()
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("on", no_wrap=True)
    table.add_column("webhook", overflow="fold")
    table.add_column("story", no_wrap=True)
    table.add_column("query", overflow="fold")
    for alert in alerts:
        table.add_row(
            str(alert.id),
            alert.on,
            plain(redact(alert.webhook)),
            plain(alert.story_id or ""),
            plain(alert.query or ""),
        )
    out.print(table)
    out.print(f"deliveries waiting: {pending}", highlight=False)


@alerts_app.command("remove")
def alerts_remove(
    alert_id: Annotated[int, typer.Argument(help="The alert's id from `alerts list`.", min=1)],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Remove an alert and its waiting deliveries (the delivery log is kept).

    Example:

        crosswire alerts remove 2 --db story.db
    """
    with user_errors(), Workspace(db) as workspace, workspace.store.transaction():
        removed = AlertState(workspace.store).remove(alert_id)
    out.print(f"removed alert {removed.id}: {redact(removed.webhook)}", markup=False)
