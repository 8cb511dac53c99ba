"""``client.admin.organization.workload_identity_providers``: stored by the generic state; creating a
provider (its name, type, issuer and audience), updating and deleting one is recorded in the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ....._state.collection import JsonObject
from ...._base.router import Router
from ...._base.stateful import on_store
from .._organization import record
from .._routes import AfterStore, body_of, logged

if TYPE_CHECKING:
    from ....._control.context import Context
    from ....._core.exchange import Exchange

_PROVIDERS = "/organization/workload_identity_providers"
# Made once: a hook is registered once however many servers call `register`.
_CREATED = logged("workload_identity_provider.created", "name", "type", "issuer", "audience")


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


def register(router: Router) -> None:
    on_store("create", _PROVIDERS, _CREATED)
    on_store("delete", _PROVIDERS, _provider_deleted)
    routes = {
        ("POST", f"{_PROVIDERS}/{{workload_identity_provider_id}}"): AfterStore(
            _provider_updated, "stored; `workload_identity_provider.updated` logged"
        ),
    }
    router.add_all(routes)
