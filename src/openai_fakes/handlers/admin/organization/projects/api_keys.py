"""``client.admin.organization.projects.api_keys``: the project's keys, listed, retrieved, updated
(expiry and spend limit) and deleted. They cannot be created through the API: the owner's key in
the default project exists from the start (`_organization`), and service accounts add theirs
(`_keys`). Every change is recorded in the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ....._state.collection import JsonObject, json_copy
from ....._state.shapes import not_found_error
from ...._base.router import Router
from ...._base.stateful import collection
from ...._stored import page
from .._organization import PROJECTS, changes, record
from .._routes import OwnAnswer, body_of, require_project, stored
from ._keys import spend_limit

if TYPE_CHECKING:
    from ....._control.context import Context
    from ....._core.exchange import Exchange

_API_KEYS = "/organization/projects/{project_id}/api_keys"


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
        key["spend_limit"] = spend_limit(body["spend_limit"])
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


def register(router: Router) -> None:
    routes = {
        ("GET", _API_KEYS): OwnAnswer(_keys, "the owner's key and every service account key"),
        ("GET", f"{_API_KEYS}/{{api_key_id}}"): OwnAnswer(lambda s, e: json_copy(_key(s, e)), "stored"),
        ("POST", f"{_API_KEYS}/{{api_key_id}}"): OwnAnswer(
            _key_updated, "expiry and spend limit stored; `api_key.updated` logged"
        ),
        ("DELETE", f"{_API_KEYS}/{{api_key_id}}"): OwnAnswer(_key_deleted, "forgotten; `api_key.deleted` logged"),
    }
    router.add_all(routes)
