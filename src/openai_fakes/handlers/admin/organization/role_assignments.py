"""Role assignments (``groups.roles.create``, ``users.roles.create`` and their project variants):
the reply names the group or user of the path and the role of the request — the stored objects
when the fake holds them — not whatever the generic answer drew. The assigned role is stored under
the assignment's path, so listing, retrieving and deleting the group's or user's roles (the
generic state) see it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...._state.collection import json_copy
from ..._base.router import Router
from ..._base.stateful import collection
from ._organization import USERS
from ._routes import AfterStore, body_of, stored
from .groups.groups import GROUPS
from .roles import ROLES

if TYPE_CHECKING:
    from ...._control.context import Context
    from ...._core.exchange import Exchange

# Path parameter -> (the reply's field naming it, where those objects are stored).
_ASSIGNEES = {"group_id": ("group", GROUPS), "user_id": ("user", USERS)}


def _field_model(reply_type: Any, name: str) -> Any:
    field = getattr(reply_type, "model_fields", {}).get(name)
    return field.annotation if field is not None else None


def _assigned(server: Context, exchange: Exchange, answer: Any) -> Any:
    if not isinstance(answer, dict):
        return answer
    params = exchange.path_params
    for param, (field, path) in _ASSIGNEES.items():
        if param in params and field in answer:
            model = _field_model(exchange.cast_to, field)
            answer[field] = json_copy(stored(server, exchange, path, params[param], path, model))
    role_id = body_of(exchange).get("role_id")
    if isinstance(role_id, str) and isinstance(answer.get("role"), dict):
        roles = f"/projects/{params['project_id']}/roles" if "project_id" in params else ROLES
        # A role the fake does not hold (a predefined one) is still the one asked for.
        known = collection(server.backend, roles).get(role_id)
        answer["role"] = json_copy(known) if known is not None else {**answer["role"], "id": role_id}
        collection(server.backend, exchange.route[1].format_map(params)).put(json_copy(answer["role"]))
    return answer


class _Assignment(AfterStore):
    keeps_state = True  # the assigned role is stored where the generic list / retrieve / delete read


def register(router: Router) -> None:
    summary = "stored; the reply names the path's group or user and the requested role, which their roles then list"
    router.add_all(
        {
            ("POST", f"{GROUPS}/{{group_id}}/roles"): _Assignment(_assigned, summary),
            ("POST", f"{USERS}/{{user_id}}/roles"): _Assignment(_assigned, summary),
            ("POST", "/projects/{project_id}/groups/{group_id}/roles"): _Assignment(_assigned, summary),
            ("POST", "/projects/{project_id}/users/{user_id}/roles"): _Assignment(_assigned, summary),
        }
    )
