"""``client.admin.organization.invites``: an invite is ``pending`` until the invitee accepts it
(`openai_fakes.accept_invite`, in `_invites`, since acceptance happens in the invitee's browser,
not through the API). Invites are stored by the generic state; sending and deleting one is
recorded in the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...._state.collection import JsonObject
from ..._base.router import Router
from ..._base.stateful import on_store
from ._invites import INVITES
from ._organization import organization, record
from ._routes import AfterStore, body_of, unchanged

if TYPE_CHECKING:
    from ...._control.context import Context
    from ...._core.exchange import Exchange

INVITE_LIFETIME = 7 * 86_400
"""Seconds an invite stays valid [U: the API's expiry period is not on record]."""


def _invite_sent(server: Context, exchange: Exchange, invite: JsonObject) -> None:
    org = organization(server)
    body = body_of(exchange)
    now = server.backend.clock.now()
    # No `projects`: the default project, as the API documents; an empty list: no project at all.
    projects = body.get("projects", [{"id": org.default_project_id, "role": "member"}])
    invite.update(
        email=body.get("email", invite.get("email")),
        role=body.get("role", invite.get("role")),
        projects=[{"id": p.get("id"), "role": p.get("role")} for p in projects if isinstance(p, dict)],
        status="pending",
        created_at=now,
        accepted_at=None,
        expires_at=now + INVITE_LIFETIME,
    )
    record(server, "invite.sent", {"id": invite["id"], "data": {"email": invite["email"], "role": invite["role"]}})


def _invite_deleted(server: Context, exchange: Exchange, invite: JsonObject) -> None:
    record(server, "invite.deleted", {"id": invite["id"]})


def register(router: Router) -> None:
    on_store("create", INVITES, _invite_sent)
    on_store("delete", INVITES, _invite_deleted)
    routes = {
        ("GET", INVITES): AfterStore(unchanged, "stored"),
        ("GET", "/organization/invites/{invite_id}"): AfterStore(
            unchanged, "stored: `pending` until accepted (`accept_invite`)"
        ),
    }
    router.add_all(routes)
