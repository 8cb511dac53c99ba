"""``client.admin.organization.projects.service_accounts``: an account created with its default
membership gets a key, shown once in the create reply and listed among the project's API keys
(owned by the account, `projects._keys`); ``create_service_account_only`` makes one with role
``none`` and no key. Deleting the account deletes its keys. Every change is recorded in the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ......_state.collection import JsonObject, json_copy
from ....._base.router import Router
from ....._base.stateful import collection, on_store
from ..._organization import PROJECTS, changes, organization, record
from ..._routes import AfterStore, body_of, hide_after_create, stored, unchanged
from .._keys import new_key

if TYPE_CHECKING:
    from ......_control.context import Context
    from ......_core.exchange import Exchange

SERVICE_ACCOUNTS = "/organization/projects/{project_id}/service_accounts"


def _service_account_created(server: Context, exchange: Exchange, account: JsonObject) -> None:
    organization(server)
    body = body_of(exchange)
    project_id = exchange.path_params["project_id"]
    only_account = bool(body.get("create_service_account_only"))
    account.update(
        name=body.get("name", account.get("name")),
        role="none" if only_account else "member",
        created_at=server.backend.clock.now(),
    )
    account["api_key"] = None if only_account else new_key(server, exchange, project_id, account)
    if not only_account:
        hide_after_create(server, f"{PROJECTS}/{project_id}/service_accounts", account["id"], "api_key")
    record(
        server,
        "service_account.created",
        {"id": account["id"], "data": {"role": account["role"]}},
        project_id=project_id,
    )


def _service_account_updated(server: Context, exchange: Exchange, answer: Any) -> Any:
    project_id = exchange.path_params["project_id"]
    account = stored(
        server,
        exchange,
        f"{PROJECTS}/{project_id}/service_accounts",
        exchange.path_params["service_account_id"],
        SERVICE_ACCOUNTS,
    )
    body = body_of(exchange)
    for name in ("name", "role"):
        if name in body:
            account[name] = body[name]
    record(
        server,
        "service_account.updated",
        {"id": account["id"], "changes_requested": changes(body, "role")},
        project_id=project_id,
    )
    return json_copy(account)


def _service_account_deleted(server: Context, exchange: Exchange, account: JsonObject) -> None:
    project_id = exchange.path_params["project_id"]
    keys = collection(server.backend, f"{PROJECTS}/{project_id}/api_keys")
    for key in [
        k for k in keys.values() if (k.get("owner") or {}).get("service_account", {}).get("id") == account["id"]
    ]:
        keys.discard(key["id"])
    record(server, "service_account.deleted", {"id": account["id"]}, project_id=project_id)


def register(router: Router) -> None:
    on_store("create", SERVICE_ACCOUNTS, _service_account_created)
    on_store("delete", SERVICE_ACCOUNTS, _service_account_deleted)
    routes = {
        ("GET", SERVICE_ACCOUNTS): AfterStore(unchanged, "stored; the key value is not kept"),
        ("GET", f"{SERVICE_ACCOUNTS}/{{service_account_id}}"): AfterStore(
            unchanged, "stored; the key value is not kept"
        ),
        ("POST", f"{SERVICE_ACCOUNTS}/{{service_account_id}}"): AfterStore(
            _service_account_updated, "stored; `service_account.updated` logged"
        ),
    }
    router.add_all(routes)
