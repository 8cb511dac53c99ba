"""``client.admin.organization.projects``: a new project is ``active``; archiving it sets
``status: "archived"`` and ``archived_at``, and archived projects leave the default listing.

Projects are stored by the generic state; the default project exists from the start
(`_organization`). Every change is recorded in the audit log. What a project holds has its own
module here, as in the SDK: users/, service_accounts/, api_keys.py, rate_limits.py, certificates.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ....._state.collection import JsonObject, json_copy
from ...._base.router import Router
from ...._base.stateful import on_store
from ...._stored import page
from .._organization import PROJECTS, organization, record
from .._routes import AfterStore, OwnAnswer, body_of, stored, unchanged

if TYPE_CHECKING:
    from ....._control.context import Context
    from ....._core.exchange import Exchange


def _project_created(server: Context, exchange: Exchange, project: JsonObject) -> None:
    organization(server)  # the default project comes first
    body = body_of(exchange)
    project.update(
        name=body.get("name", project.get("name")),
        status="active",
        archived_at=None,
        external_key_id=body.get("external_key_id"),
    )
    # A project made without a residency has none: the API leaves the field out, it never sends null.
    if body.get("residency") is not None:
        project["residency"] = body["residency"]
    else:
        project.pop("residency", None)
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


def register(router: Router) -> None:
    on_store("create", PROJECTS, _project_created)
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
    }
    router.add_all(routes)
