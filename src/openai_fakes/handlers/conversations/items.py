"""``client.conversations.items``: create, list (newest first), retrieve and delete the items of a
conversation, as given and as the responses made in it added them (`conversations`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..._core.exchange import Exchange
from ..._sim.validation._common import empty_array
from ..._state.collection import JsonObject, json_copy
from .._base.router import Router
from .._stored import StoredRoute, collection, lookup, missing, page, strict
from ..responses._items import TAIL, stored_items
from .conversations import append, conversation, items_path

if TYPE_CHECKING:
    from ..._control.context import Context

_ITEMS = "/conversations/{conversation_id}/items"
_ONE_ITEM = "/conversations/{conversation_id}/items/{item_id}"


def _add_items(server: Context, exchange: Exchange) -> Any:
    key = exchange.path_params["conversation_id"]
    conversation(server, key)
    given = exchange.param("items") or []
    if not given and server.validation != "off":
        # The reply lists what was added, with its first and last id: there is nothing to list.
        raise empty_array("items")
    added = stored_items(server, given, tail=key[-TAIL:])
    append(server, key, added)
    ids = [item["id"] for item in added]
    return {
        "object": "list",
        "data": added,
        "first_id": ids[0] if ids else None,
        "last_id": ids[-1] if ids else None,
        "has_more": False,
    }


def _list_items(server: Context, exchange: Exchange) -> Any:
    key = exchange.path_params["conversation_id"]
    conversation(server, key)
    # Newest first unless ``order`` says otherwise (docs/api-behaviour.md, Pagination).
    return page(server, exchange, items_path(key), ascending_by_default=False)


def _item(server: Context, exchange: Exchange) -> tuple[str, JsonObject | None]:
    key = exchange.path_params["conversation_id"]
    item_id = exchange.path_params["item_id"]
    conversation(server, key)
    found = lookup(server, items_path(key), item_id)
    if found is None and strict(server):
        # Wording [U].
        raise missing(f"Item with id '{item_id}' not found.")
    return key, found


def _retrieve_item(server: Context, exchange: Exchange) -> Any:
    key, found = _item(server, exchange)
    if found is None:  # materialize: a message with the asked id, remembered
        item_id = exchange.path_params["item_id"]
        found = {
            "id": item_id,
            "type": "message",
            "role": "user",
            "status": "completed",
            "content": [{"type": "input_text", "text": "Hello!"}],
        }
        append(server, key, [found])
    return json_copy(found)


def _delete_item(server: Context, exchange: Exchange) -> Any:
    key, _ = _item(server, exchange)
    collection(server, items_path(key)).discard(exchange.path_params["item_id"])
    # The API answers with the conversation the item was deleted from.
    return json_copy(conversation(server, key))


def register(router: Router) -> None:
    routes = (
        ("POST", _ITEMS, StoredRoute(_add_items, "stored: the items, with ids, appended in order")),
        (
            "GET",
            _ITEMS,
            StoredRoute(_list_items, "stored: given items and those of responses made in it, newest first"),
        ),
        ("GET", _ONE_ITEM, StoredRoute(_retrieve_item, "stored")),
        ("DELETE", _ONE_ITEM, StoredRoute(_delete_item, "stored: answers with the conversation")),
    )
    for method, template, route in routes:
        router.add(method, template, route, summary=route.summary)
