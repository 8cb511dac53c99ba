"""``client.admin.organization.users``: the organisation's users, who are never created by a
request: the owner exists from the start (`_organization`) and invitees join when they accept
(`_invites`). The list filters by ``emails``; a user who is deleted leaves the organisation and
its projects. Every change is recorded in the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ....._state.collection import json_copy
from ....._state.shapes import not_found_error
from ...._base.router import Router
from ...._base.stateful import collection
from ...._stored import page
from .._organization import PROJECTS, USERS, changes, record
from .._routes import OwnAnswer, body_of, stored

if TYPE_CHECKING:
    from ....._control.context import Context
    from ....._core.exchange import Exchange


def _users(server: Context, exchange: Exchange) -> Any:
    emails = exchange.query.get("emails")
    wanted = {str(e).lower() for e in emails} if isinstance(emails, (list, tuple)) and emails else None
    keep = (lambda user: str(user.get("email", "")).lower() in wanted) if wanted is not None else None
    return page(server, exchange, USERS, ascending_by_default=True, keep=keep)


def _user(server: Context, exchange: Exchange) -> Any:
    return json_copy(stored(server, exchange, USERS, exchange.path_params["user_id"], USERS))


def _user_updated(server: Context, exchange: Exchange) -> Any:
    user = stored(server, exchange, USERS, exchange.path_params["user_id"], USERS)
    body = body_of(exchange)
    for name in ("role", "developer_persona", "technical_level"):
        if body.get(name) is not None:
            user[name] = body[name]
    record(server, "user.updated", {"id": user["id"], "changes_requested": changes(body, "role")})
    return json_copy(user)


def _user_deleted(server: Context, exchange: Exchange) -> Any:
    user_id = exchange.path_params["user_id"]
    backend = server.backend
    if collection(backend, USERS).discard(user_id) is None and backend.unknown_ids == "strict":
        raise not_found_error(USERS, user_id)
    # A user who leaves the organisation leaves its projects too.
    for project_id in list(collection(backend, PROJECTS)):
        members = backend.stores.get(f"{PROJECTS}/{project_id}/users")
        if members is not None and user_id in members:
            collection(backend, f"{PROJECTS}/{project_id}/users").discard(user_id)
    record(server, "user.deleted", {"id": user_id})
    return {"id": user_id, "object": "organization.user.deleted", "deleted": True}


def register(router: Router) -> None:
    routes = {
        ("GET", USERS): OwnAnswer(_users, "the owner and every invitee who accepted; `emails` filter"),
        ("GET", "/organization/users/{user_id}"): OwnAnswer(_user, "stored"),
        ("POST", "/organization/users/{user_id}"): OwnAnswer(_user_updated, "role stored; `user.updated` logged"),
        ("DELETE", "/organization/users/{user_id}"): OwnAnswer(
            _user_deleted, "leaves the organisation and its projects; `user.deleted` logged"
        ),
    }
    router.add_all(routes)
