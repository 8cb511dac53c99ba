"""The organisation's people and projects: ``admin.organization.projects``, ``invites``, ``users``
and ``projects.users``.

Projects, invites and project users are stored by the generic state; this module gives them what
the API does besides: a new project is ``active`` and archiving it sets ``status: "archived"`` and
``archived_at`` (archived projects leave the default listing); an invite is ``pending`` until the
invitee accepts (`openai_fakes.accept_invite`, in `handlers._invites`, since acceptance happens in the
invitee's browser, not through the API); a project member is an organisation user, looked up by
id or email. Organisation users are never created by a request: the owner exists from the start
(`_organization`) and invitees join when they accept. Every change is recorded in the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...._core.errors import not_found
from ...._state.collection import JsonObject, json_copy
from ...._state.shapes import not_found_error
from ..._base.router import Router
from ..._base.stateful import collection, on_store
from ..._stored import page
from ._invites import INVITES, new_user
from ._organization import PROJECTS, USERS, changes, organization, record
from ._routes import AfterStore, OwnAnswer, body_of, require_project, stored, unchanged

if TYPE_CHECKING:
    from ...._control.context import Context
    from ...._core.exchange import Exchange

INVITE_LIFETIME = 7 * 86_400
"""Seconds an invite stays valid [U: the API's expiry period is not on record]."""
_PROJECT_USERS = "/organization/projects/{project_id}/users"


# --- projects ------------------------------------------------------------------------------------


def _project_created(server: Context, exchange: Exchange, project: JsonObject) -> None:
    organization(server)  # the default project comes first
    body = body_of(exchange)
    project.update(
        name=body.get("name", project.get("name")),
        status="active",
        archived_at=None,
        external_key_id=body.get("external_key_id"),
        residency=body.get("residency") if "residency" in body else None,
    )
    record(
        server,
        "project.created",
        {"id": project["id"], "data": {"name": project["name"], "title": project["name"]}},
        project_id=project["id"],
        project=project,
    )


def _project_updated(server: Context, exchange: Exchange, answer: Any) -> Any:
    project = stored(server, exchange, PROJECTS, exchange.path_params["project_id"], PROJECTS)
    body = body_of(exchange)
    for name in ("name", "external_key_id"):
        if name in body:
            project[name] = body[name]
    record(
        server,
        "project.updated",
        {"id": project["id"], "changes_requested": {"title": project.get("name")}},
        project_id=project["id"],
    )
    return json_copy(project)


def _archive(server: Context, exchange: Exchange) -> Any:
    project = stored(server, exchange, PROJECTS, exchange.path_params["project_id"], PROJECTS)
    if project.get("status") != "archived":
        project.update(status="archived", archived_at=server.backend.clock.now())
        record(server, "project.archived", {"id": project["id"]}, project_id=project["id"])
    return json_copy(project)


def _projects(server: Context, exchange: Exchange) -> Any:
    include_archived = exchange.query.get("include_archived") in (True, "true")
    where = None if include_archived else {"status": "active"}
    return page(server, exchange, PROJECTS, ascending_by_default=False, where=where)


# --- invites -------------------------------------------------------------------------------------


def _invite_sent(server: Context, exchange: Exchange, invite: JsonObject) -> None:
    org = organization(server)
    body = body_of(exchange)
    now = server.backend.clock.now()
    # No `projects`: the default project, as the API documents; an empty list: no project at all.
    projects = body.get("projects", [{"id": org.default_project_id, "role": "member"}])
    invite.update(
        email=body.get("email", invite.get("email")),
        role=body.get("role", invite.get("role")),
        projects=[{"id": p.get("id"), "role": p.get("role")} for p in projects if isinstance(p, dict)],
        status="pending",
        created_at=now,
        accepted_at=None,
        expires_at=now + INVITE_LIFETIME,
    )
    record(server, "invite.sent", {"id": invite["id"], "data": {"email": invite["email"], "role": invite["role"]}})


def _invite_deleted(server: Context, exchange: Exchange, invite: JsonObject) -> None:
    record(server, "invite.deleted", {"id": invite["id"]})


# --- organisation users --------------------------------------------------------------------------


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


# --- project users -------------------------------------------------------------------------------


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
    on_store("create", PROJECTS, _project_created)
    on_store("create", INVITES, _invite_sent)
    on_store("delete", INVITES, _invite_deleted)
    on_store("create", _PROJECT_USERS, _member_added)
    on_store("delete", _PROJECT_USERS, _member_removed)
    routes = {
        ("GET", PROJECTS): OwnAnswer(_projects, "archived projects listed only with `include_archived`"),
        ("GET", "/organization/projects/{project_id}"): AfterStore(
            unchanged, "stored; the default project exists from the start"
        ),
        ("POST", "/organization/projects/{project_id}"): AfterStore(
            _project_updated, "stored; `project.updated` logged"
        ),
        ("POST", "/organization/projects/{project_id}/archive"): OwnAnswer(
            _archive, "`status: archived` and `archived_at`; `project.archived` logged"
        ),
        ("GET", INVITES): AfterStore(unchanged, "stored"),
        ("GET", "/organization/invites/{invite_id}"): AfterStore(
            unchanged, "stored: `pending` until accepted (`accept_invite`)"
        ),
        ("GET", USERS): OwnAnswer(_users, "the owner and every invitee who accepted; `emails` filter"),
        ("GET", "/organization/users/{user_id}"): OwnAnswer(_user, "stored"),
        ("POST", "/organization/users/{user_id}"): OwnAnswer(_user_updated, "role stored; `user.updated` logged"),
        ("DELETE", "/organization/users/{user_id}"): OwnAnswer(
            _user_deleted, "leaves the organisation and its projects; `user.deleted` logged"
        ),
        ("GET", _PROJECT_USERS): OwnAnswer(_members, "the project's members"),
        ("GET", "/organization/projects/{project_id}/users/{user_id}"): AfterStore(unchanged, "stored"),
        ("POST", "/organization/projects/{project_id}/users/{user_id}"): AfterStore(
            _member_updated, "role stored; `user.updated` logged"
        ),
    }
    for (method, template), adapter in routes.items():
        router.add(method, template, adapter, summary=adapter.summary)
