"""What the stored families with their own create handler share: chat completions, responses and
conversations keep their objects in ``backend.stores`` themselves (the generic state leaves a
family alone once a handler answers its create, see `handlers._base.stateful`).

Paths follow the generic state's layout, so that both read the same world: a collection lives at
its concrete path (``/chat/completions``, ``/responses/resp_1/input_items``) as a `Collection`.

A route here answers from the store through `StoredRoute`, which keeps two promises of the
generic state: an id nobody created is 404 (or, with ``unknown_ids="materialize"``, an object the
handler makes up and remembers), and a scripted endpoint answers from its script even for an id
the store does not know.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .._core.errors import APIErrorReply, not_found
from .._core.exchange import Exchange, Reply
from .._state.collection import Collection, JsonObject, json_copy
from .._state.shapes import int_param, text_param
from .._state.shapes import page as list_page
from ._base.adapter import Adapter
from ._base.generic import GENERIC
from ._base.stateful import collection as backend_collection

if TYPE_CHECKING:
    from .._control.context import Context

Answer = Callable[["Context", Exchange], Any]


class StoredRoute(Adapter):
    """A route answered by ``answer`` from the stores; replies as the generic answer would."""

    def __init__(self, answer: Answer, summary: str) -> None:
        self.answer = answer
        self.summary = summary

    def build(self, server: Context, exchange: Exchange) -> Any:
        try:
            return self.answer(server, exchange)
        except APIErrorReply:
            # A scripted endpoint answers from its script: its default must not refuse first.
            if exchange.scripted:
                return GENERIC.build_generic(server, exchange)
            raise

    def respond(self, server: Context, exchange: Exchange, final: Any) -> Reply:
        return GENERIC.respond(server, exchange, final)


def strict(server: Context) -> bool:
    return server.backend.unknown_ids == "strict"


def collection(server: Context, path: str) -> Collection:
    """The collection at ``path``, made (or adopted from a plain dict) on first use."""
    return backend_collection(server.backend, path)


def replace_metadata(stored: JsonObject, exchange: Exchange) -> Any:
    """An update that may change only ``metadata``: the API replaces it whole (null clears it)."""
    metadata = exchange.param("metadata")
    stored["metadata"] = dict(metadata) if isinstance(metadata, Mapping) else {}
    return json_copy(stored)


def lookup(server: Context, path: str, key: str) -> JsonObject | None:
    """The stored object, without making a collection where none was ever written."""
    found = server.backend.stores.get(path)
    return found.get(key) if found is not None else None


def missing(message: str, *, param: str | None = None) -> APIErrorReply:
    return not_found(message, param=param)


def page(
    server: Context,
    exchange: Exchange,
    path: str,
    *,
    ascending_by_default: bool,
    where: Mapping[str, Any] | None = None,
    keep: Callable[[JsonObject], bool] | None = None,
    shown: Callable[[JsonObject], JsonObject] = json_copy,
) -> JsonObject:
    """One page of the collection at ``path``, cursors and order as the generic state pages them
    (``after`` / ``before`` / ``limit`` / ``order``, default 20); ``keep`` filters what equality
    (``where``) cannot say. ``shown`` is what a listed object shows (a copy by default)."""
    query = exchange.query
    order = query.get("order")
    ascending = ascending_by_default if order is None else str(order).startswith("asc")
    limit = int_param(query.get("limit"), 20)
    found = server.backend.stores.get(path)
    if not found:
        return list_page(exchange, [], False)
    stored = collection(server, path)
    after, before = text_param(query.get("after")), text_param(query.get("before"))
    items, more = stored.page(limit=limit, ascending=ascending, after=after, before=before, where=where, keep=keep)
    return list_page(exchange, [shown(item) for item in items], more)


def put_all(server: Context, path: str, items: Iterable[JsonObject]) -> None:
    target = collection(server, path)
    for item in items:
        target.put(json_copy(item))
