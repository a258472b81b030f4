"""``crosswire alerts``: webhooks told of new stories, story updates and new conflicts (over
``crosswire.alerts``). ``add``, ``brief`` and ``watch`` send what their own run caused (one
attempt each); ``serve`` sends continuously; ``alerts send`` sends what is due now."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from crosswire.alerts import ON_EVENTS, AlertState, check_webhook, deliver_due
from crosswire.changes import recover
from crosswire.cli.output import (
    DEFAULT_DB,
    AllowPrivateOption,
    DbOption,
    err,
    fail,
    out,
    plain,
    user_errors,
)
from crosswire.errors import StoreError
from crosswire.fetch.client import redact
from crosswire.fetch.guard import AddressPolicy, FetchError
from crosswire.workspace import Workspace

alerts_app = typer.Typer(
    help="Webhooks POSTed (signed JSON) when a story is created, a story is updated or a "
    "conflict is found by add, brief, watch or serve.\n\nExample:\n\n"
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
    guard now (and again at each delivery): a public address, or a host the workspace trusts
    (`crosswire feeds trust HOST`), or any with --allow-private.

    Example:

        crosswire alerts add --webhook https://hooks.example/x --on new-story --db story.db
    """
    if on not in ON_EVENTS:
        raise fail(f"--on must be one of {', '.join(ON_EVENTS)}, not {on!r}")
    with user_errors(), Workspace(db) as workspace:
        state = AlertState(workspace.store)
        try:  # the hosts `feeds trust` opened count, as they do at each delivery
            check_webhook(webhook, AddressPolicy(allow_private, tuple(state.trusted_hosts())))
        except FetchError as error:
            raise fail(f"--webhook: {error}") from None
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
        alerts, pending, waiting = state.alerts(), state.pending(), state.pending_by_alert()
        last_tries = {a.id: log[-1] for a in alerts if (log := state.deliveries(a.id))}
    if not alerts:
        err.print("the workspace has no alerts; add one with crosswire alerts add")
        raise typer.Exit(1)
    table = Table()
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("on", no_wrap=True)
    table.add_column("webhook", overflow="fold")
    table.add_column("story", no_wrap=True)
    table.add_column("query", overflow="fold")
    table.add_column("waiting", justify="right", no_wrap=True)
    table.add_column("last delivery", overflow="fold")
    for alert in alerts:
        last = ""
        if (tried := last_tries.get(alert.id)) is not None:
            outcome = tried["error"] or f"HTTP {tried['status']}"
            last = f"{tried['at'][:19]} UTC, attempt {tried['attempt']}: {outcome}"
        table.add_row(
            str(alert.id),
            alert.on,
            plain(redact(alert.webhook)),
            plain(alert.story_id or ""),
            plain(alert.query or ""),
            str(waiting.get(alert.id, 0)),
            plain(last),
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


def _next_try(state: AlertState) -> str:
    due = state.next_due()
    when = f"next try due {due:%Y-%m-%d %H:%M:%S} UTC" if due else "none due"
    return f"{when} (sent by `crosswire alerts send`, watch or serve)"


#: Seconds the CLI's commands spend sending alerts after their run (a dead webhook with many
#: waiting deliveries must not hold up an `add`); what is left stays due.
SEND_BUDGET = 30.0


def send_due(workspace: Workspace, quiet: bool = False, budget: float | None = SEND_BUDGET) -> int:
    """Deliver the workspace's due alerts once each, within ``budget`` seconds (the CLI's
    commands call this after their run: what they set off, and what earlier runs left due);
    how many failed. Failures stay queued, with their reason in the delivery log. Trouble
    with the alerts never fails the command that called this: it is said in one line."""
    try:
        state = AlertState(workspace.store)
    except StoreError:
        return 0  # a store with no tables beyond the Store protocol: it keeps no alerts
    try:
        if not state.pending():
            return 0
        sent = deliver_due(workspace.store, budget=budget)
        waiting = state.pending()
    except StoreError as error:  # busy past its timeout: they stay due
        err.print(f"alerts not sent now: {error}", highlight=False, markup=False)
        return 0
    if (sent.attempted or waiting) and not quiet:
        err.print(
            f"alerts: {sent.attempted - sent.failed} sent, {sent.failed} failed"
            + (f"; {waiting} waiting, {_next_try(state)}" if waiting else ""),
            highlight=False,
            markup=False,
        )
    return sent.failed


@alerts_app.command("send")
def alerts_send(db: DbOption = DEFAULT_DB) -> None:
    """Send the deliveries that are due now (one attempt each; a failure waits for its next
    try). For a workspace no `serve` or `watch` runs on, e.g. from cron. Exit code 1 when a
    delivery failed (its reason is in the delivery log).

    Example:

        crosswire alerts send --db story.db
    """
    with user_errors(), Workspace(db) as workspace:
        recover(workspace)  # events a killed run left unrecorded
        failed = send_due(workspace, budget=None)
    raise typer.Exit(1 if failed else 0)
