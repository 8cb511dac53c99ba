"""Groups, roles and organisation settings: stored by the generic state, and logged.

``group.created`` / ``group.updated`` / ``group.deleted`` and ``role.created`` / ``role.updated``
/ ``role.deleted`` are recorded in the audit log with the details the SDK's audit log type has
for them; a created role takes the ``role_name`` and ``permissions`` it was created with.
Registering and removing external keys and external storage, and creating, updating and
deleting workload identity providers, are logged too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ....._state.collection import JsonObject
from ...._base.generic import GENERIC
from ...._base.router import Router
from ...._base.stateful import StoreEvent, StoreHook, on_store
from .._organization import organization, record
from .._routes import AfterStore, OwnAnswer, body_of

if TYPE_CHECKING:
    from ....._control.context import Context
    from ....._core.exchange import Exchange

GROUPS = "/organization/groups"
ROLES = "/organization/roles"


def _group_created(server: Context, exchange: Exchange, group: JsonObject) -> None:
    organization(server)
    name = body_of(exchange).get("name", group.get("name"))
    group["name"] = name
    record(server, "group.created", {"id": group["id"], "data": {"group_name": name}})


def _group_updated(server: Context, exchange: Exchange, answer: Any) -> Any:
    record(
        server,
        "group.updated",
        {"id": exchange.path_params["group_id"], "changes_requested": {"group_name": body_of(exchange).get("name")}},
    )
    return answer


def _group_deleted(server: Context, exchange: Exchange, group: JsonObject) -> None:
    record(server, "group.deleted", {"id": group["id"]})


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


def _logged(event_type: str, *fields: str) -> StoreHook:
    """A store hook that logs ``event_type`` for the object, with ``data`` of the request's ``fields``."""

    def hook(server: Context, exchange: Exchange, obj: JsonObject) -> None:
        organization(server)
        details: JsonObject = {"id": obj["id"]}
        body = body_of(exchange)
        if fields:
            details["data"] = {name: body[name] for name in fields if name in body}
        record(server, event_type, details)

    return hook


def _provider_updated(server: Context, exchange: Exchange, answer: Any) -> Any:
    changes = {
        k: v for k, v in body_of(exchange).items() if k in ("name", "description", "enabled", "audience", "issuer")
    }
    record(
        server,
        "workload_identity_provider.updated",
        {"id": exchange.path_params["workload_identity_provider_id"], "changes_requested": changes},
    )
    return answer


def _provider_deleted(server: Context, exchange: Exchange, provider: JsonObject) -> None:
    record(server, "workload_identity_provider.deleted", {"id": provider["id"], "name": provider.get("name")})


_PROVIDERS = "/organization/workload_identity_providers"
# Made once: a hook is registered once however many servers call `register`.
_LOGGED: tuple[tuple[StoreEvent, str, StoreHook], ...] = (
    ("create", "/organization/external_keys", _logged("external_key.registered", "type", "name", "purpose")),
    ("delete", "/organization/external_keys", _logged("external_key.removed")),
    ("create", "/organization/external_storage", _logged("external_storage.registered")),
    ("delete", "/organization/external_storage", _logged("external_storage.removed")),
    ("create", _PROVIDERS, _logged("workload_identity_provider.created", "name", "type", "issuer", "audience")),
)


def register(router: Router) -> None:
    for event, family, hook in _LOGGED:
        on_store(event, family, hook)
    on_store("delete", _PROVIDERS, _provider_deleted)
    on_store("create", GROUPS, _group_created)
    on_store("delete", GROUPS, _group_deleted)
    on_store("create", ROLES, _role_created)
    on_store("delete", ROLES, _role_deleted)
    routes = {
        ("POST", f"{GROUPS}/{{group_id}}"): AfterStore(_group_updated, "stored; `group.updated` logged"),
        ("POST", f"{ROLES}/{{role_id}}"): OwnAnswer(
            _role_updated, "name and permissions stored; `role.updated` logged"
        ),
        ("POST", f"{_PROVIDERS}/{{workload_identity_provider_id}}"): AfterStore(
            _provider_updated, "stored; `workload_identity_provider.updated` logged"
        ),
    }
    for (method, template), adapter in routes.items():
        router.add(method, template, adapter, summary=adapter.summary)
