"""``client.admin.organization.projects.service_accounts.api_keys``: a further key for a service
account, shown once and listed among the project's API keys (`projects._keys`); ``api_key.created``
is recorded in the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ....._base.router import Router
from ..._organization import PROJECTS, record
from ..._routes import OwnAnswer, body_of, require_project, stored
from .._keys import new_key
from .service_accounts import SERVICE_ACCOUNTS

if TYPE_CHECKING:
    from ......_control.context import Context
    from ......_core.exchange import Exchange


def _service_account_key(server: Context, exchange: Exchange) -> Any:
    from openai.types.admin.organization.projects import ProjectServiceAccount

    project_id = require_project(server, exchange)
    account_id = exchange.path_params["service_account_id"]
    account = stored(
        server,
        exchange,
        f"{PROJECTS}/{project_id}/service_accounts",
        account_id,
        SERVICE_ACCOUNTS,
        ProjectServiceAccount,
    )
    key = new_key(server, exchange, project_id, account)
    scopes = body_of(exchange).get("scopes")
    record(
        server,
        "api_key.created",
        {"id": key["id"], "data": {"scopes": list(scopes) if isinstance(scopes, (list, tuple)) else ["api.all"]}},
        project_id=project_id,
    )
    return key


def register(router: Router) -> None:
    adapter = OwnAnswer(_service_account_key, "a new key, shown once and listed among the project's keys")
    router.add("POST", f"{SERVICE_ACCOUNTS}/{{service_account_id}}/api_keys", adapter, summary=adapter.summary)
