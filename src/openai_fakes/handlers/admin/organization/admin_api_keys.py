"""``client.admin.organization.admin_api_keys``: the admin key in use exists from the start
(`_organization`). A new key's secret value (``sk-admin-...``) is in its create reply only; stored
and listed keys show ``redacted_value`` (the prefix and the last four characters). Creating and
deleting a key is recorded in the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...._state.collection import JsonObject
from ..._base.router import Router
from ..._base.stateful import on_store
from ._organization import ADMIN_KEYS, admin_key_owner, organization, record, redact, secret
from ._routes import AfterStore, body_of, hide_after_create, unchanged

if TYPE_CHECKING:
    from ...._control.context import Context
    from ...._core.exchange import Exchange


def _admin_key_created(server: Context, exchange: Exchange, key: JsonObject) -> None:
    org = organization(server)
    body = body_of(exchange)
    now = server.backend.clock.now()
    value = secret(server.backend, "sk-admin-")
    expires = body.get("expires_in_seconds")
    key.update(
        name=body.get("name", key.get("name")),
        value=value,
        redacted_value=redact(value, "sk-admin"),
        owner=admin_key_owner(org.owner),
        created_at=now,
        last_used_at=None,
        expires_at=now + expires if isinstance(expires, int) else None,
    )
    hide_after_create(server, ADMIN_KEYS, key["id"], "value")
    record(server, "api_key.created", {"id": key["id"], "data": {"scopes": ["api.all"]}})


def _admin_key_deleted(server: Context, exchange: Exchange, key: JsonObject) -> None:
    record(server, "api_key.deleted", {"id": key["id"]})


def register(router: Router) -> None:
    on_store("create", ADMIN_KEYS, _admin_key_created)
    on_store("delete", ADMIN_KEYS, _admin_key_deleted)
    routes = {
        ("GET", ADMIN_KEYS): AfterStore(unchanged, "the key in use exists from the start; values are never listed"),
        ("GET", "/organization/admin_api_keys/{key_id}"): AfterStore(unchanged, "stored, redacted"),
    }
    router.add_all(routes)
