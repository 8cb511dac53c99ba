"""``client.admin.organization.groups``: stored by the generic state, and logged.

``group.created`` / ``group.updated`` / ``group.deleted`` are recorded in the audit log with the
details the SDK's audit log type has for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ....._state.collection import JsonObject
from ...._base.router import Router
from ...._base.stateful import on_store
from .._organization import organization, record
from .._routes import AfterStore, body_of

if TYPE_CHECKING:
    from ....._control.context import Context
    from ....._core.exchange import Exchange

GROUPS = "/organization/groups"


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


def register(router: Router) -> None:
    on_store("create", GROUPS, _group_created)
    on_store("delete", GROUPS, _group_deleted)
    routes = {
        ("POST", f"{GROUPS}/{{group_id}}"): AfterStore(_group_updated, "stored; `group.updated` logged"),
    }
    router.add_all(routes)
