"""``crosswire serve``: the REST API over a workspace, on uvicorn (see ``crosswire.server``)."""

from __future__ import annotations

import logging
import os
import socket
import sys
from typing import Annotated

import typer

from crosswire.cli.feeds import fetch_config
from crosswire.cli.output import (
    AllowHostOption,
    AllowPrivateOption,
    BusyOption,
    DbOption,
    err,
    out,
    user_errors,
)
from crosswire.errors import UserError
from crosswire.feeds.watch import WatchConfig
from crosswire.server.auth import TOKEN_ENV, check_bind, workspace_token
from crosswire.store.common import shown_location
from crosswire.store.sqlite import DEFAULT_BUSY_TIMEOUT
from crosswire.workspace import DEFAULT_LOCATION, Workspace


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: any free port); UserError if it cannot."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        listener = socket.socket(family, kind, proto)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(128)
    except OSError as error:
        raise UserError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    return listener


def serve(
    db: DbOption = DEFAULT_LOCATION,
    host: Annotated[
        str, typer.Option(help="Address to listen on; beyond loopback needs a token.")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(help="Port (0: any free port, printed).", min=0, max=65535)
    ] = 8080,
    new_token: Annotated[
        bool, typer.Option("--new-token", help="Replace the stored write token.")
    ] = False,
    busy_timeout: BusyOption = DEFAULT_BUSY_TIMEOUT,
    watch: Annotated[
        bool,
        typer.Option("--watch", help="Also read the followed feeds, as `crosswire watch` does."),
    ] = False,
    interval: Annotated[
        float, typer.Option(help="With --watch: seconds between two reads of the feeds.", min=1)
    ] = 300.0,
    allow_private: AllowPrivateOption = False,
    allow_host: AllowHostOption = None,
    host_interval: Annotated[
        float, typer.Option(help="With --watch: seconds between two requests to one host.", min=0)
    ] = 1.0,
) -> None:
    """Serve the workspace as a REST API and web UI (JSON, Server-Sent Events, Atom); API docs
    at /docs. With --watch, also read the followed feeds every --interval seconds: new pages
    appear in the stories, on /api/events and in the alerts as posted articles do.

    Reads are open. Every write (POST, DELETE) needs `Authorization: Bearer TOKEN`: the token
    is $CROSSWIRE_TOKEN, or one generated on the first start, printed once and kept only hashed
    in the workspace (--new-token replaces it). Listening beyond loopback needs $CROSSWIRE_TOKEN.
    --allow-private and --allow-host open the SSRF guard to the watcher's fetches and to the
    pages a POST names by url (the hosts the workspace trusts, `crosswire feeds trust`, are
    read at start).

    Example:

        crosswire serve --db story.db --port 8080

        crosswire serve --db story.db --watch --interval 600
    """
    import uvicorn  # deferred, as FastAPI: only this command needs them

    from crosswire.server.app import create_app

    if not watch and (interval != 300.0 or host_interval != 1.0):
        err.print("error: --interval and --host-interval need --watch", highlight=False)
        raise typer.Exit(2)
    env_token = os.environ.get(TOKEN_ENV) or None
    try:
        check_bind(host, env_token)
    except UserError as error:
        err.print(f"error: {error}", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(2) from None
    with user_errors():
        with Workspace(db, busy_timeout=busy_timeout) as workspace:
            check, shown = workspace_token(workspace.store, env_token, renew=new_token)
            fetch = fetch_config(allow_private, allow_host, host_interval, workspace)
        listener = _listen(host, port)
    if shown is not None:
        out.print(f"write token (shown once; only its hash is kept): {shown}", soft_wrap=True)
    elif env_token is None:
        out.print(
            "write token: the one shown on the first start (kept hashed in the workspace; "
            "--new-token replaces it, $CROSSWIRE_TOKEN overrides it)",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    bound = listener.getsockname()[1]
    shown_host = f"[{host}]" if ":" in host else host
    out.print(
        f"serving {shown_location(db)} at http://{shown_host}:{bound} (API docs at /docs)",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    if watch:
        out.print(f"watching the workspace's feeds every {interval:g} s", highlight=False)
    watching = (fetch, WatchConfig(interval=interval)) if watch else None
    app = create_app(db, token=check, busy_timeout=busy_timeout, watch=watching, fetch=fetch)
    _log_to_stderr()  # the watcher's cycles and failures, the alerts' and the server's errors
    config = uvicorn.Config(app, log_level="info", timeout_graceful_shutdown=3)
    server = uvicorn.Server(config)
    stopping = server.handle_exit

    def handle_exit(sig, frame) -> None:  # end the event streams, or shutdown waits for them
        app.state.crosswire.hub.close_threadsafe()
        stopping(sig, frame)

    server.handle_exit = handle_exit  # type: ignore[method-assign]
    server.run(sockets=[listener])


def _log_to_stderr() -> None:
    """crosswire's own log lines (``crosswire.*``) on stderr beside uvicorn's, INFO and up."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s:     %(name)s: %(message)s"))
    logger = logging.getLogger("crosswire")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
