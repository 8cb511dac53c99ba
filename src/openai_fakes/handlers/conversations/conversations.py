"""``client.conversations``: a server-side list of items that responses made in it add to.

``conversations.create(items=...)`` starts one; ``responses.create(conversation=...)`` reads its
items as context and appends the request's input items and the response's output items;
``conversations.items`` (`items`) create, list, retrieve and delete them. Deleting a conversation
forgets its items.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..._core.exchange import Exchange
from ..._core.ids import SHAPES
from ..._state.collection import JsonObject, json_copy
from .._base.router import Router
from .._base.stateful import forget_below
from .._stored import StoredRoute, collection, lookup, missing, replace_metadata, strict
from ..responses._items import TAIL, stored_items

if TYPE_CHECKING:
    from ..._control.context import Context

CONVERSATIONS = "/conversations"
_ITEM = "/conversations/{conversation_id}"


def items_path(conversation_id: str) -> str:
    return f"{CONVERSATIONS}/{conversation_id}/items"


def conversation_id(value: Any) -> str | None:
    """The id a request's ``conversation`` names (a string or ``{"id": ...}``)."""
    if isinstance(value, Mapping):
        value = value.get("id")
    return value if isinstance(value, str) else None


def _not_found(key: str) -> Exception:
    # Wording [U]: modelled on the Responses 404 (docs/api-behaviour.md, Error messages).
    return missing(f"Conversation with id '{key}' not found.")


def conversation(server: Context, key: str, *, lenient: bool = False) -> JsonObject:
    """The stored conversation ``key``: 404 unless it exists, or one made up for it when
    ``lenient`` or ``unknown_ids="materialize"``."""
    found = lookup(server, CONVERSATIONS, key)
    if found is not None:
        return found
    if strict(server) and not lenient:
        raise _not_found(key)
    made = {"id": key, "object": "conversation", "created_at": server.backend.clock.now(), "metadata": {}}
    collection(server, CONVERSATIONS).put(made)
    return made


def context(server: Context, key: str, *, lenient: bool) -> list[JsonObject]:
    """Every item of conversation ``key``, oldest first: what a response made in it sees."""
    conversation(server, key, lenient=lenient)
    found = server.backend.stores.get(items_path(key)) or {}
    return [json_copy(item) for item in found.values()]


def append(server: Context, key: str, items: Iterable[JsonObject]) -> None:
    target = collection(server, items_path(key))
    for item in items:
        target.put(json_copy(item))


# --- routes ---------------------------------------------------------------------------------


def _create(server: Context, exchange: Exchange) -> Any:
    key = server.backend.new_id(SHAPES["conversation"])
    metadata = exchange.param("metadata")
    made = {
        "id": key,
        "object": "conversation",
        "created_at": server.backend.clock.now(),
        "metadata": dict(metadata) if isinstance(metadata, Mapping) else {},
    }
    collection(server, CONVERSATIONS).put(made)
    append(server, key, stored_items(server, exchange.param("items") or [], tail=key[-TAIL:]))
    return json_copy(made)


def _retrieve(server: Context, exchange: Exchange) -> Any:
    return json_copy(conversation(server, exchange.path_params["conversation_id"]))


def _update(server: Context, exchange: Exchange) -> Any:
    return replace_metadata(conversation(server, exchange.path_params["conversation_id"]), exchange)


def _delete(server: Context, exchange: Exchange) -> Any:
    key = exchange.path_params["conversation_id"]
    if lookup(server, CONVERSATIONS, key) is None and strict(server):
        raise _not_found(key)
    collection(server, CONVERSATIONS).discard(key)
    forget_below(server.backend, f"{CONVERSATIONS}/{key}/")
    return {"id": key, "object": "conversation.deleted", "deleted": True}


def register(router: Router) -> None:
    routes = (
        (
            "POST",
            CONVERSATIONS,
            StoredRoute(_create, "stored: `conv_` id, `metadata`, the given `items` become its first items"),
        ),
        ("GET", _ITEM, StoredRoute(_retrieve, "stored")),
        ("POST", _ITEM, StoredRoute(_update, "stored: replaces `metadata`")),
        ("DELETE", _ITEM, StoredRoute(_delete, "stored: forgets the conversation and its items")),
    )
    for method, template, route in routes:
        router.add(method, template, route, summary=route.summary)
