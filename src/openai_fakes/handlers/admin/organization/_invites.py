"""Invites accepted as their invitee would accept them: in a browser, not through the API.

`accept_invite` is public (``openai_fakes.accept_invite``); it lives here, below the handlers'
area modules, so the package's own import does not reach into a handler. `invites` sends the
invites; `projects.users` adds project members with the same `new_user`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...._state.backend import Backend
from ...._state.collection import JsonObject
from ..._base.stateful import collection
from ._organization import PROJECTS, USERS, organization, record

if TYPE_CHECKING:
    from ...._control.context import HasBackend

INVITES = "/organization/invites"


@dataclass(frozen=True)
class _OnBackend:
    """The backend alone, where the organisation's helpers take a server: they read only its backend."""

    backend: Backend


def accept_invite(fake: HasBackend | Backend, invite_id: str) -> str:
    """Accept an invite as its invitee would (in a browser, not through the API): the invite turns
    ``accepted``, its email joins the organisation with the invite's role and the invite's
    projects, and ``invite.accepted`` is logged. Returns the new user's id.

    Raises ``KeyError`` for an invite this backend never sent, ``ValueError`` for one that is no
    longer pending."""
    backend = fake.backend if not isinstance(fake, Backend) else fake
    server = _OnBackend(backend)
    with backend.lock:
        organization(server)
        invite = collection(backend, INVITES).get(invite_id)
        if invite is None:
            raise KeyError(
                f"no invite {invite_id!r} was sent on this backend; send one with admin.organization.invites.create(...)"
            )
        if invite.get("status") != "pending":
            raise ValueError(f"invite {invite_id!r} is {invite.get('status')}; only a pending invite can be accepted")
        now = backend.clock.now()
        invite.update(status="accepted", accepted_at=now)
        user = new_user(server, str(invite["email"]), "owner" if invite.get("role") == "owner" else "reader")
        for project in invite.get("projects") or ():
            if project.get("id") in collection(backend, PROJECTS):
                _add_member(server, str(project["id"]), user, str(project.get("role") or "member"))
        record(server, "invite.accepted", {"id": invite_id})
        return str(user["id"])


def new_user(server: HasBackend, email: str, role: str) -> JsonObject:
    backend = server.backend
    now = backend.clock.now()
    name = " ".join(part.capitalize() for part in email.split("@", 1)[0].replace("_", ".").split(".") if part)
    user: JsonObject = {
        "id": backend.id_for_kind("organization.user"),
        "object": "organization.user",
        "name": name or email,
        "email": email,
        "role": role,
        "added_at": now,
        "created": now,
        "is_default": False,
    }
    collection(backend, USERS).put(user)
    return user


def _add_member(server: HasBackend, project_id: str, user: JsonObject, role: str) -> JsonObject:
    member: JsonObject = {
        "id": user["id"],
        "object": "organization.project.user",
        "name": user.get("name"),
        "email": user.get("email"),
        "role": role,
        "added_at": server.backend.clock.now(),
    }
    collection(server.backend, f"{PROJECTS}/{project_id}/users").put(member)
    return member
