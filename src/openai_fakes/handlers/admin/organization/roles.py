"""``client.admin.organization.roles``: stored by the generic state, and logged. A created role takes
the ``role_name`` and ``permissions`` it was created with; ``role.created`` / ``role.updated`` (the
permissions added and removed) / ``role.deleted`` are recorded in the audit log with the details
the SDK's audit log type has for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...._state.collection import JsonObject
from ..._base.generic import GENERIC
from ..._base.router import Router
from ..._base.stateful import on_store
from ._organization import organization, record
from ._routes import OwnAnswer, body_of

if TYPE_CHECKING:
    from ...._control.context import Context
    from ...._core.exchange import Exchange

ROLES = "/organization/roles"


def _role_created(server: Context, exchange: Exchange, role: JsonObject) -> None:
    organization(server)
    body = body_of(exchange)
    permissions = [str(p) for p in body.get("permissions") or ()]
    role.update(
        name=body.get("role_name", role.get("name")),
        permissions=permissions,
        predefined_role=False,
        description=body.get("description"),
        resource_type="api.organization",
    )
    record(
        server,
        "role.created",
        {"id": role["id"], "permissions": permissions, "resource_type": role.get("resource_type")},
    )


def _role_updated(server: Context, exchange: Exchange) -> Any:
    stored = server.backend.stores.get(ROLES, {}).get(exchange.path_params["role_id"])
    before = set(stored.get("permissions") or ()) if stored is not None else set()
    answer = GENERIC.build(server, exchange)  # the stored role, updated (or the API's 404)
    body = body_of(exchange)
    if isinstance(answer, dict) and answer.get("object") == "role":
        stored = server.backend.stores.get(ROLES, {}).get(answer["id"])
        for target in (answer, stored):
            if target is not None and body.get("role_name") is not None:
                target["name"] = body["role_name"]
        after = set(answer.get("permissions") or ())
        changes = {
            "description": body.get("description"),
            "permissions_added": sorted(after - before),
            "permissions_removed": sorted(before - after),
        }
        record(server, "role.updated", {"id": answer["id"], "changes_requested": changes})
    return answer


def _role_deleted(server: Context, exchange: Exchange, role: JsonObject) -> None:
    record(server, "role.deleted", {"id": role["id"]})


def register(router: Router) -> None:
    on_store("create", ROLES, _role_created)
    on_store("delete", ROLES, _role_deleted)
    routes = {
        ("POST", f"{ROLES}/{{role_id}}"): OwnAnswer(
            _role_updated, "name and permissions stored; `role.updated` logged"
        ),
    }
    router.add_all(routes)
