"""Keys and limits: ``admin.organization.admin_api_keys``, ``projects.service_accounts`` (and their
``api_keys``), ``projects.api_keys`` and ``projects.rate_limits``.

A key's secret value is in its create reply only (``sk-admin-...``, ``sk-svcacct-...``); stored and
listed keys show ``redacted_value`` (the prefix and the last four characters). A service account
created with its default membership gets a key, which also appears among the project's API keys
(owned by the service account); deleting the account deletes its keys. Project API keys cannot be
created through the API (the owner's key in the default project exists from the start). Rate
limits exist for every project, one per model (`DEFAULT_RATE_LIMITS`, illustrative numbers); an
update persists. Every change is recorded in the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...._core.ids import IdShape
from ...._state.collection import JsonObject, json_copy
from ...._state.shapes import not_found_error
from ..._base.router import Router
from ..._base.stateful import collection, on_store
from ..._stored import page
from ._organization import ADMIN_KEYS, PROJECTS, admin_key_owner, changes, organization, record, redact, secret
from ._routes import (
    AfterStore,
    OwnAnswer,
    body_of,
    hide_after_create,
    require_project,
    stored,
    unchanged,
)

if TYPE_CHECKING:
    from ...._control.context import Context
    from ...._core.exchange import Exchange

_KEY_ID = IdShape("key_", "base62", 16)
_SERVICE_ACCOUNTS = "/organization/projects/{project_id}/service_accounts"
_API_KEYS = "/organization/projects/{project_id}/api_keys"

DEFAULT_RATE_LIMITS: dict[str, dict[str, int]] = {
    # Illustrative limits (a low usage tier), one per model; the API's depend on the organisation.
    "gpt-4o": {
        "max_requests_per_1_minute": 500,
        "max_tokens_per_1_minute": 30_000,
        "batch_1_day_max_input_tokens": 90_000,
    },
    "gpt-4o-mini": {
        "max_requests_per_1_minute": 500,
        "max_tokens_per_1_minute": 200_000,
        "max_requests_per_1_day": 10_000,
        "batch_1_day_max_input_tokens": 2_000_000,
    },
    "gpt-4.1": {
        "max_requests_per_1_minute": 500,
        "max_tokens_per_1_minute": 30_000,
        "batch_1_day_max_input_tokens": 90_000,
    },
    "text-embedding-3-small": {
        "max_requests_per_1_minute": 3_000,
        "max_tokens_per_1_minute": 1_000_000,
        "batch_1_day_max_input_tokens": 3_000_000,
    },
    "dall-e-3": {"max_requests_per_1_minute": 500, "max_tokens_per_1_minute": 0, "max_images_per_1_minute": 5},
    "whisper-1": {
        "max_requests_per_1_minute": 500,
        "max_tokens_per_1_minute": 0,
        "max_audio_megabytes_per_1_minute": 100,
    },
}


# --- admin API keys ------------------------------------------------------------------------------


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


# --- service accounts and their keys ---------------------------------------------------------------


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
    account["api_key"] = None if only_account else _new_key(server, exchange, project_id, account)
    if not only_account:
        hide_after_create(server, f"{PROJECTS}/{project_id}/service_accounts", account["id"], "api_key")
    record(
        server,
        "service_account.created",
        {"id": account["id"], "data": {"role": account["role"]}},
        project_id=project_id,
    )


def _new_key(server: Context, exchange: Exchange, project_id: str, account: JsonObject) -> JsonObject:
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
        "spend_limit": _spend_limit(body.get("spend_limit")),
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


def _spend_limit(value: Any) -> JsonObject | None:
    if not isinstance(value, dict):
        return None
    return {**value, "enforcement": {"status": "active"}}


def _service_account_updated(server: Context, exchange: Exchange, answer: Any) -> Any:
    project_id = exchange.path_params["project_id"]
    account = stored(
        server,
        exchange,
        f"{PROJECTS}/{project_id}/service_accounts",
        exchange.path_params["service_account_id"],
        _SERVICE_ACCOUNTS,
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


def _service_account_key(server: Context, exchange: Exchange) -> Any:
    from openai.types.admin.organization.projects import ProjectServiceAccount

    project_id = require_project(server, exchange)
    account_id = exchange.path_params["service_account_id"]
    account = stored(
        server,
        exchange,
        f"{PROJECTS}/{project_id}/service_accounts",
        account_id,
        _SERVICE_ACCOUNTS,
        ProjectServiceAccount,
    )
    key = _new_key(server, exchange, project_id, account)
    scopes = body_of(exchange).get("scopes")
    record(
        server,
        "api_key.created",
        {"id": key["id"], "data": {"scopes": list(scopes) if isinstance(scopes, (list, tuple)) else ["api.all"]}},
        project_id=project_id,
    )
    return key


# --- project API keys ----------------------------------------------------------------------------


def _keys(server: Context, exchange: Exchange) -> Any:
    project_id = require_project(server, exchange)
    return page(server, exchange, f"{PROJECTS}/{project_id}/api_keys", ascending_by_default=True)


def _key(server: Context, exchange: Exchange) -> JsonObject:
    project_id = require_project(server, exchange)
    return stored(server, exchange, f"{PROJECTS}/{project_id}/api_keys", exchange.path_params["api_key_id"], _API_KEYS)


def _key_updated(server: Context, exchange: Exchange) -> Any:
    key = _key(server, exchange)
    body = body_of(exchange)
    expires = body.get("expires_in_seconds")
    if isinstance(expires, int):
        key["expires_at"] = server.backend.clock.now() + expires
    if "spend_limit" in body:
        key["spend_limit"] = _spend_limit(body["spend_limit"])
    record(
        server,
        "api_key.updated",
        {"id": key["id"], "changes_requested": changes(body, "scopes", "expires_in_seconds")},
        project_id=exchange.path_params["project_id"],
    )
    return json_copy(key)


def _key_deleted(server: Context, exchange: Exchange) -> Any:
    project_id = require_project(server, exchange)
    key_id = exchange.path_params["api_key_id"]
    if (
        collection(server.backend, f"{PROJECTS}/{project_id}/api_keys").discard(key_id) is None
        and server.backend.unknown_ids == "strict"
    ):
        raise not_found_error(_API_KEYS, key_id)
    record(server, "api_key.deleted", {"id": key_id}, project_id=project_id)
    return {"id": key_id, "object": "organization.project.api_key.deleted", "deleted": True}


# --- rate limits ---------------------------------------------------------------------------------


def _rate_limits_of(server: Context, project_id: str) -> str:
    """The path of the project's rate limits, filled with the defaults on first use."""
    path = f"{PROJECTS}/{project_id}/rate_limits"
    limits = collection(server.backend, path)
    if not limits:
        for model, values in DEFAULT_RATE_LIMITS.items():
            limits.put({"id": f"rl-{model}", "object": "project.rate_limit", "model": model, **values})
    return path


def _rate_limits(server: Context, exchange: Exchange) -> Any:
    project_id = require_project(server, exchange)
    return page(server, exchange, _rate_limits_of(server, project_id), ascending_by_default=True)


def _rate_limit_updated(server: Context, exchange: Exchange) -> Any:
    project_id = require_project(server, exchange)
    path = _rate_limits_of(server, project_id)
    limit_id = exchange.path_params["rate_limit_id"]
    limit = stored(server, exchange, path, limit_id, "/organization/projects/{project_id}/rate_limits")
    if server.backend.unknown_ids != "strict" and limit.get("model") is None:
        limit.update(object="project.rate_limit", model=limit_id.removeprefix("rl-"))
    requested = {
        name: value
        for name, value in body_of(exchange).items()
        if name.startswith(("max_", "batch_")) and isinstance(value, int)
    }
    limit.update(requested)
    record(server, "rate_limit.updated", {"id": limit_id, "changes_requested": requested}, project_id=project_id)
    return json_copy(limit)


def register(router: Router) -> None:
    on_store("create", ADMIN_KEYS, _admin_key_created)
    on_store("delete", ADMIN_KEYS, _admin_key_deleted)
    on_store("create", _SERVICE_ACCOUNTS, _service_account_created)
    on_store("delete", _SERVICE_ACCOUNTS, _service_account_deleted)
    routes = {
        ("GET", ADMIN_KEYS): AfterStore(unchanged, "the key in use exists from the start; values are never listed"),
        ("GET", "/organization/admin_api_keys/{key_id}"): AfterStore(unchanged, "stored, redacted"),
        ("GET", _SERVICE_ACCOUNTS): AfterStore(unchanged, "stored; the key value is not kept"),
        ("GET", f"{_SERVICE_ACCOUNTS}/{{service_account_id}}"): AfterStore(
            unchanged, "stored; the key value is not kept"
        ),
        ("POST", f"{_SERVICE_ACCOUNTS}/{{service_account_id}}"): AfterStore(
            _service_account_updated, "stored; `service_account.updated` logged"
        ),
        ("POST", f"{_SERVICE_ACCOUNTS}/{{service_account_id}}/api_keys"): OwnAnswer(
            _service_account_key, "a new key, shown once and listed among the project's keys"
        ),
        ("GET", _API_KEYS): OwnAnswer(_keys, "the owner's key and every service account key"),
        ("GET", f"{_API_KEYS}/{{api_key_id}}"): OwnAnswer(lambda s, e: json_copy(_key(s, e)), "stored"),
        ("POST", f"{_API_KEYS}/{{api_key_id}}"): OwnAnswer(
            _key_updated, "expiry and spend limit stored; `api_key.updated` logged"
        ),
        ("DELETE", f"{_API_KEYS}/{{api_key_id}}"): OwnAnswer(_key_deleted, "forgotten; `api_key.deleted` logged"),
        ("GET", "/organization/projects/{project_id}/rate_limits"): OwnAnswer(
            _rate_limits, "one per model, per project"
        ),
        ("POST", "/organization/projects/{project_id}/rate_limits/{rate_limit_id}"): OwnAnswer(
            _rate_limit_updated, "persists; `rate_limit.updated` logged"
        ),
    }
    for (method, template), adapter in routes.items():
        router.add(method, template, adapter, summary=adapter.summary)
