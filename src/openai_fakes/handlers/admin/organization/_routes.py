"""What every admin route shares: the organisation made first, stored lookups, secrets (listings page through
`_stored.page`), and `logged`, a store hook that records a create or delete in the audit log.

Two kinds of route: `AfterStore` lets the generic state answer (create, retrieve, update...) and
then adds what the API does besides; `OwnAnswer` answers from the stores itself, for routes the
generic state cannot serve (organisation users, project API keys, rate limits: the client never
creates them, so no family exists for them).

A key's secret ``value`` is shown once, in the create reply. Creates are stored by the generic
state (through `handlers._base.stateful.on_store` hooks), which keeps a copy of the reply; `hide_after_create`
notes the secret and every admin route drops noted secrets from the stored copies before it runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ...._core.declared import declared_only
from ...._core.exchange import Exchange, Reply
from ...._state.collection import JsonObject
from ...._state.shapes import not_found_error
from ..._base.adapter import Adapter
from ..._base.generic import GENERIC
from ..._base.stateful import StoreHook, collection
from ._organization import organization, record

if TYPE_CHECKING:
    from ...._control.context import Context

Answer = Callable[["Context", Exchange], Any]
Edit = Callable[["Context", Exchange, Any], Any]


class _AdminRoute(Adapter):
    def prepare(self, server: Context) -> None:
        organization(server)
        _forget_secrets(server)

    def respond(self, server: Context, exchange: Exchange, final: Any) -> Reply:
        # The admin objects are written for the newest SDK: an older one's models lack some fields.
        return GENERIC.respond(server, exchange, declared_only(final, exchange.cast_to, deep=True))


class AfterStore(_AdminRoute):
    """The generic state's answer, then ``edit(server, exchange, answer)`` (which returns the final answer)."""

    def __init__(self, edit: Edit, summary: str) -> None:
        self.edit = edit
        self.summary = summary

    def build(self, server: Context, exchange: Exchange) -> Any:
        self.prepare(server)
        return self.edit(server, exchange, GENERIC.build(server, exchange))


class OwnAnswer(_AdminRoute):
    """``answer(server, exchange)`` from the stores."""

    def __init__(self, answer: Answer, summary: str) -> None:
        self.answer = answer
        self.summary = summary

    def build(self, server: Context, exchange: Exchange) -> Any:
        self.prepare(server)
        return self.answer(server, exchange)


def unchanged(server: Context, exchange: Exchange, answer: Any) -> Any:
    return answer


# --- stored objects -------------------------------------------------------------------------------


def stored(server: Context, exchange: Exchange, path: str, key: str, family: str, tp: Any = None) -> JsonObject:
    """The object ``key`` of the collection at ``path``: the stored one itself (edit it in place).

    An unknown id is the API's 404 under ``unknown_ids="strict"``; under ``"materialize"`` a
    realistic object carrying the id is stored and returned: of type ``tp``, by default the
    route's generic answer (for routes that answer with the object they name)."""
    found = collection(server.backend, path).get(key)
    if found is not None:
        return found
    if server.backend.unknown_ids == "strict":
        raise not_found_error(family, key)
    made = server.render(tp) if tp is not None else GENERIC.build_generic(server, exchange)
    if not isinstance(made, dict):
        made = {}
    made["id"] = key
    collection(server.backend, path).put(made)
    return made


def require_project(server: Context, exchange: Exchange) -> str:
    """The path's project id, after checking that the project exists (strict mode)."""
    project_id = exchange.path_params["project_id"]
    if server.backend.unknown_ids == "strict" and project_id not in collection(
        server.backend, "/organization/projects"
    ):
        raise not_found_error("/organization/projects", project_id)
    return project_id


def body_of(exchange: Exchange) -> Mapping[str, Any]:
    return exchange.fields


# --- secrets shown once -----------------------------------------------------------------------------


def hide_after_create(server: Context, path: str, key: str, field: str) -> None:
    """Drop ``field`` (a secret the create reply shows) from the stored copy of ``path``/``key``."""
    server.backend.area("secrets_shown", list[tuple[str, str, str]]).append((path, key, field))


def _forget_secrets(server: Context) -> None:
    pending: list[tuple[str, str, str]] | None = server.backend.existing_area("secrets_shown")
    while pending:
        path, key, field = pending.pop()
        found = server.backend.stores.get(path, {}).get(key)
        if found is not None:
            found.pop(field, None)


# --- audit-logged stores ------------------------------------------------------------------------


def logged(event_type: str, *fields: str) -> StoreHook:
    """A store hook that logs ``event_type`` for the object, with ``data`` of the request's ``fields``."""

    def hook(server: Context, exchange: Exchange, obj: JsonObject) -> None:
        organization(server)
        details: JsonObject = {"id": obj["id"]}
        body = body_of(exchange)
        if fields:
            details["data"] = {name: body[name] for name in fields if name in body}
        record(server, event_type, details)

    return hook
