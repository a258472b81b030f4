"""``GET/POST/DELETE /api/alerts``: the workspace's webhook alerts (writes need the bearer
token, as every write). A new alert's webhook passes the SSRF guard first (public, or a host the
workspace trusts, or any with ``allow_private``); its secret is in the answer to the POST and
nowhere after."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from crosswire.alerts import AlertState, check_webhook
from crosswire.errors import UserError
from crosswire.fetch.guard import AddressPolicy, FetchError
from crosswire.server.app import state_of
from crosswire.server.posts import ApiError
from crosswire.workspace import Workspace

router = APIRouter()


class AlertIn(BaseModel):
    webhook: str = Field(max_length=2000, description="The http(s) URL POSTed to.")
    on: Literal["new-story", "story-update", "conflict"]
    story_id: str | None = Field(None, max_length=64, description="Only this story's events.")
    query: str | None = Field(None, max_length=500, description="Words all in the story title.")
    allow_private: bool = Field(False, description="Let the webhook be a non-public address.")


def alert_state(workspace: Workspace) -> AlertState:
    return AlertState(workspace.store)


@router.get("/api/alerts", tags=["alerts"])
async def list_alerts(request: Request) -> dict[str, Any]:
    """The alerts (never their secrets) and how many deliveries are waiting."""

    def work(workspace: Workspace) -> dict[str, Any]:
        state = alert_state(workspace)
        return {"alerts": [a.public() for a in state.alerts()], "pending": state.pending()}

    return await state_of(request).access.read(work)


@router.post("/api/alerts", tags=["alerts"], status_code=201)
async def add_alert(request: Request, alert: AlertIn) -> dict[str, Any]:
    """Add an alert; the answer holds its signing secret, shown this once. Needs the token."""

    def trusted(workspace: Workspace) -> tuple[str, ...]:
        return tuple(alert_state(workspace).trusted_hosts())

    # The hosts `feeds trust` opened count, as they do at each delivery.
    policy = AddressPolicy(alert.allow_private, await state_of(request).access.read(trusted))
    try:
        await run_in_threadpool(check_webhook, alert.webhook, policy)
    except FetchError as error:
        raise ApiError(422, f"webhook: {error}", "webhook") from None

    def work(workspace: Workspace) -> dict[str, Any]:
        state = alert_state(workspace)
        with workspace.store.transaction():
            added, secret = state.add(
                alert.webhook,
                alert.on,
                story_id=alert.story_id,
                query=alert.query,
                allow_private=alert.allow_private,
            )
        return {**added.public(), "secret": secret}

    return await state_of(request).access.write(work)


@router.delete("/api/alerts/{alert_id}", tags=["alerts"])
async def remove_alert(
    request: Request, alert_id: Annotated[int, Path(ge=1, le=2**63 - 1, description="An alert id.")]
) -> dict[str, Any]:
    """Remove an alert and its waiting deliveries (its delivery log is kept). Needs the token."""

    def work(workspace: Workspace) -> dict[str, Any]:
        state = alert_state(workspace)
        try:
            with workspace.store.transaction():
                return {"removed": state.remove(alert_id).public()}
        except UserError as error:
            raise ApiError(404, str(error), "alert_id") from None

    return await state_of(request).access.write(work)
