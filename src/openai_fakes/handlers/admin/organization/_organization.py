"""The fake's organisation: who owns it, its default project and keys, and its audit log.

A real organisation is never empty: its owner is a user, it has a ``Default project``, the owner
holds a project API key there and an admin API key (the one the admin endpoints are called with).
They are made the first time an admin endpoint is used on a backend, from the backend's RNG, and
stored where the admin endpoints store everything else (``backend.stores[collection path]``), so
listing users or projects shows them as the API would.

Audit log events are recorded here by the admin handlers, newest last in
``backend.stores["/organization/audit_logs"]``; `audit_logs` lists them newest first. Every event
is performed by the admin key (``actor.type == "api_key"``) and, as the SDK's docs say of admin
actions taken with admin keys, is associated with the default project unless it names its own.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...._core.ids import IdShape
from ...._state.collection import JsonObject
from ..._base.stateful import collection

if TYPE_CHECKING:
    from ...._control.context import HasBackend
    from ...._state.backend import Backend

PROJECTS = "/organization/projects"
USERS = "/organization/users"
ADMIN_KEYS = "/organization/admin_api_keys"
AUDIT_LOGS = "/organization/audit_logs"

OWNER_NAME = "Alex Morgan"
OWNER_EMAIL = "alex.morgan@example.com"
DEFAULT_PROJECT_NAME = "Default project"
_KEY_ID = IdShape("key_", "base62", 16)
_SECRET_CHARS = string.ascii_letters + string.digits


@dataclass(frozen=True)
class Organization:
    """The ids of what every organisation has from the start."""

    owner: JsonObject
    """The owner's ``organization.user`` object as first stored (its id and email never change)."""
    default_project_id: str
    default_key_id: str
    """The owner's project API key in the default project: what the fake's own calls are billed to."""
    admin_key_id: str
    """The admin API key the admin endpoints are called with: the actor of every audit event."""


def organization(server: HasBackend) -> Organization:
    """The organisation of ``server``'s backend, made on first use."""
    backend = server.backend
    return backend.area("organization", lambda: _found_organization(backend))


def secret(backend: Backend, prefix: str, length: int = 48) -> str:
    """A key value shaped like the API's (``sk-svcacct-`` + 48 characters...); it unlocks nothing."""
    rng = backend.rng
    return prefix + "".join(rng.choice(_SECRET_CHARS) for _ in range(length))


def redact(value: str, prefix: str) -> str:
    """How the API shows a key after creating it: its prefix, ``...`` and its last four characters."""
    return f"{prefix}...{value[-4:]}"


def _found_organization(backend: Backend) -> Organization:
    now = backend.clock.now()
    owner_id = backend.id_for_kind("organization.user")
    owner: JsonObject = {
        "id": owner_id,
        "object": "organization.user",
        "name": OWNER_NAME,
        "email": OWNER_EMAIL,
        "role": "owner",
        "added_at": now,
        "created": now,
        "is_default": True,
    }
    collection(backend, USERS).put(owner)
    project_id = backend.id_for_kind("organization.project")
    project = {
        "id": project_id,
        "object": "organization.project",
        "name": DEFAULT_PROJECT_NAME,
        "created_at": now,
        "archived_at": None,
        "status": "active",
    }
    collection(backend, PROJECTS).put(project)
    collection(backend, f"{PROJECTS}/{project_id}/users").put(
        {
            "id": owner_id,
            "object": "organization.project.user",
            "name": OWNER_NAME,
            "email": OWNER_EMAIL,
            "role": "owner",
            "added_at": now,
        }
    )
    key_id = backend.new_id(_KEY_ID)
    owner_ref = {"id": owner_id, "name": OWNER_NAME, "email": OWNER_EMAIL, "role": "owner", "created_at": now}
    collection(backend, f"{PROJECTS}/{project_id}/api_keys").put(
        {
            "id": key_id,
            "object": "organization.project.api_key",
            "name": "Secret key",
            "redacted_value": redact(secret(backend, "sk-proj-"), "sk-proj-"),
            "created_at": now,
            "last_used_at": None,
            "owner": {"type": "user", "user": owner_ref},
            "owner_project_access": "active",
        }
    )
    admin_key_id = backend.new_id(_KEY_ID)
    collection(backend, ADMIN_KEYS).put(
        {
            "id": admin_key_id,
            "object": "organization.admin_api_key",
            "name": "Admin key",
            "redacted_value": redact(secret(backend, "sk-admin-"), "sk-admin"),
            "created_at": now,
            "expires_at": None,  # the API always sends it: null for a key that does not expire
            "last_used_at": now,
            "owner": admin_key_owner(owner),
        }
    )
    return Organization(owner, project_id, key_id, admin_key_id)


def admin_key_owner(owner: JsonObject) -> JsonObject:
    """An admin key's ``owner``: the organisation's owner, as the API describes it."""
    return {
        "id": owner["id"],
        "object": "organization.user",
        "type": "user",
        "name": owner["name"],
        "role": "owner",
        "created_at": owner["added_at"],
    }


# --- audit log -------------------------------------------------------------------------------


def record(
    server: HasBackend,
    event_type: str,
    details: JsonObject,
    *,
    project_id: str | None = None,
    project: JsonObject | None = None,
) -> None:
    """Append an audit event of ``event_type`` (``project.created``...) with its ``details``.

    ``project_id`` names the project the action was scoped to; by default the organisation's
    default project (admin actions taken with admin keys are associated with it). ``project`` is
    that project's object when it is not stored yet (while it is being created)."""
    backend = server.backend
    org = organization(server)
    scoped = project_id or org.default_project_id
    if project is None:
        project = collection(backend, PROJECTS).get(scoped)
    event: JsonObject = {
        "id": backend.id_for_kind("audit_log"),
        "type": event_type,
        "effective_at": backend.clock.now(),
        "actor": {
            "type": "api_key",
            "api_key": {
                "id": org.admin_key_id,
                "type": "user",
                "user": {"id": org.owner["id"], "email": org.owner["email"]},
            },
        },
        "project": {"id": scoped, "name": project.get("name") if project else None},
        event_type: details,
    }
    collection(backend, AUDIT_LOGS).put(event)


def changes(body: Any, *names: str) -> JsonObject:
    """The fields of a request body an audit event reports as ``changes_requested``."""
    if not isinstance(body, dict):
        return {}
    return {name: body[name] for name in names if name in body}
