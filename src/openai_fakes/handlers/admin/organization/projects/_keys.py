"""Service account keys, which `service_accounts` (an account's first key), `service_accounts.api_keys`
(a further key) and `api_keys` (the project's keys, where they are listed) share.

A key's secret value is in its create reply only (``sk-svcacct-...``); the project's keys hold it
as ``redacted_value`` (the prefix and the last four characters), owned by the service account.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ....._core.ids import IdShape
from ....._state.collection import JsonObject
from ...._base.stateful import collection
from .._organization import PROJECTS, redact, secret
from .._routes import body_of

if TYPE_CHECKING:
    from ....._control.context import Context
    from ....._core.exchange import Exchange

_KEY_ID = IdShape("key_", "base62", 16)


def new_key(server: Context, exchange: Exchange, project_id: str, account: JsonObject) -> JsonObject:
    """A service account's new key: the create reply (with its value), stored redacted among the project's keys."""
    backend = server.backend
    body = body_of(exchange)
    now = backend.clock.now()
    value = secret(backend, "sk-svcacct-")
    expires = body.get("expires_in_seconds")
    key: JsonObject = {
        "id": backend.new_id(_KEY_ID),
        "object": "organization.project.service_account.api_key",
        "name": body.get("name") if exchange.path.endswith("/api_keys") and body.get("name") else "Secret key",
        "value": value,
        "created_at": now,
        "expires_at": now + expires if isinstance(expires, int) else None,
        "spend_limit": spend_limit(body.get("spend_limit")),
    }
    owner = {
        "id": account["id"],
        "name": account.get("name"),
        "role": account.get("role", "member"),
        "created_at": account.get("created_at", now),
    }
    collection(backend, f"{PROJECTS}/{project_id}/api_keys").put(
        {
            "id": key["id"],
            "object": "organization.project.api_key",
            "name": key["name"],
            "redacted_value": redact(value, "sk-svcacct-"),
            "created_at": now,
            "last_used_at": None,
            "expires_at": key["expires_at"],
            "owner": {"type": "service_account", "service_account": owner},
            "owner_project_access": "active",
            "spend_limit": key["spend_limit"],
        }
    )
    return key


def spend_limit(value: Any) -> JsonObject | None:
    if not isinstance(value, dict):
        return None
    return {**value, "enforcement": {"status": "active"}}
