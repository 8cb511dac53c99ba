"""``client.admin.organization.projects.users``: a project's members. A member is an organisation
user, looked up by id or email (in strict mode anyone else is a 404); adding, updating and
removing one is recorded in the audit log. Members are stored by the generic state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ......_core.errors import not_found
from ......_state.collection import JsonObject, json_copy
from ....._base.router import Router
from ....._base.stateful import collection, on_store
from ....._stored import page
from ..._invites import new_user
from ..._organization import PROJECTS, USERS, changes, organization, record
from ..._routes import AfterStore, OwnAnswer, body_of, require_project, stored, unchanged

if TYPE_CHECKING:
    from ......_control.context import Context
    from ......_core.exchange import Exchange

_PROJECT_USERS = "/organization/projects/{project_id}/users"


def _member_added(server: Context, exchange: Exchange, member: JsonObject) -> None:
    organization(server)
    body = body_of(exchange)
    users = collection(server.backend, USERS)
    user_id, email = body.get("user_id"), body.get("email")
    user = users.get(user_id) if isinstance(user_id, str) else None
    if user is None and isinstance(email, str):
        user = next((u for u in users.values() if str(u.get("email", "")).lower() == email.lower()), None)
    if user is None:
        if server.backend.unknown_ids == "strict":
            # Only members of the organisation can join its projects [U: the API's wording].
            raise not_found(f"No user found with id '{user_id or email}'.")
        user = new_user(server, email if isinstance(email, str) else "new.member@example.com", "reader")
        if isinstance(user_id, str):
            users.discard(user["id"])
            user["id"] = user_id
            users.put(user)
    project_id = exchange.path_params["project_id"]
    member.update(
        id=user["id"],
        name=user.get("name"),
        email=user.get("email"),
        role=body.get("role", "member"),
        added_at=server.backend.clock.now(),
    )
    record(server, "user.added", {"id": user["id"], "data": {"role": member["role"]}}, project_id=project_id)


def _member_updated(server: Context, exchange: Exchange, answer: Any) -> Any:
    project_id = exchange.path_params["project_id"]
    member = stored(server, exchange, f"{PROJECTS}/{project_id}/users", exchange.path_params["user_id"], _PROJECT_USERS)
    body = body_of(exchange)
    if body.get("role") is not None:
        member["role"] = body["role"]
    record(
        server, "user.updated", {"id": member["id"], "changes_requested": changes(body, "role")}, project_id=project_id
    )
    return json_copy(member)


def _member_removed(server: Context, exchange: Exchange, member: JsonObject) -> None:
    record(server, "user.deleted", {"id": member["id"]}, project_id=exchange.path_params["project_id"])


def _members(server: Context, exchange: Exchange) -> Any:
    project_id = require_project(server, exchange)
    return page(server, exchange, f"{PROJECTS}/{project_id}/users", ascending_by_default=True)


def register(router: Router) -> None:
    on_store("create", _PROJECT_USERS, _member_added)
    on_store("delete", _PROJECT_USERS, _member_removed)
    routes = {
        ("GET", _PROJECT_USERS): OwnAnswer(_members, "the project's members"),
        ("GET", "/organization/projects/{project_id}/users/{user_id}"): AfterStore(unchanged, "stored"),
        ("POST", "/organization/projects/{project_id}/users/{user_id}"): AfterStore(
            _member_updated, "role stored; `user.updated` logged"
        ),
    }
    router.add_all(routes)
