"""Stored chat completions: ``create(store=True)`` keeps the completion and its request messages;
``retrieve``, ``update`` (metadata), ``delete`` and ``list`` answer from them (``messages.list``
too, in `messages`).

A completion created without ``store=True`` is not stored (``store`` defaults to false on Chat
Completions), so retrieving it is a 404 as the API answers. Stored message ids are
``<completion id>-<n>``, n the message's index in the request (docs/api-behaviour.md, Limits and Ids).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from ...._core.exchange import Exchange
from ...._sim.model_catalog import snapshot
from ...._state.collection import JsonObject, json_copy
from ..._base.router import Router
from ..._base.stateful import forget_below
from ..._stored import StoredRoute, collection, lookup, missing, page, replace_metadata, strict

if TYPE_CHECKING:
    from ...._control.context import Context

COMPLETIONS = "/chat/completions"
_ITEM = "/chat/completions/{completion_id}"

Build = Callable[["Context", Mapping[str, Any]], dict[str, Any]]
"""What makes a completion from a request body: `completions.build_chat_completion`, handed to
`register`, so this module never imports the completions module that imports it."""


def messages_path(completion_id: str) -> str:
    return f"{COMPLETIONS}/{completion_id}/messages"


def store_completion(server: Context, body: Mapping[str, Any], completion: Any) -> None:
    """Keep ``completion`` (the reply as sent, scripted edits included) when the request asked."""
    if body.get("store") is not True or not isinstance(completion, dict) or not isinstance(completion.get("id"), str):
        return
    stored = json_copy(completion)
    stored["metadata"] = dict(body.get("metadata") or {})
    collection(server, COMPLETIONS).put(stored)
    key = stored["id"]
    messages = collection(server, messages_path(key))
    for index, message in enumerate(body.get("messages") or ()):
        if isinstance(message, Mapping):
            messages.put(stored_message(f"{key}-{index}", message))


def stored_message(message_id: str, message: Mapping[str, Any]) -> JsonObject:
    """A request message as the API lists it: text in ``content``; the parts, when the request sent
    parts, in ``content_parts`` (api-reference example of GET /chat/completions/{id}/messages)."""
    content = message.get("content")
    parts = None
    if isinstance(content, list):
        parts = [json_copy(part) for part in content if isinstance(part, Mapping)]
        content = "".join(str(part.get("text", "")) for part in parts if part.get("type") == "text") or None
    stored: JsonObject = {
        "id": message_id,
        "role": message.get("role"),
        "content": content,
        "name": message.get("name"),
        "content_parts": parts,
    }
    for extra in ("tool_calls", "tool_call_id", "function_call", "refusal"):
        if message.get(extra) is not None:
            stored[extra] = json_copy(message[extra])
    return stored


def stored_completion(server: Context, key: str, build: Build) -> JsonObject:
    """The stored completion ``key``: 404 when nobody stored it, or one made up in materialize mode."""
    found = lookup(server, COMPLETIONS, key)
    if found is not None:
        return found
    if strict(server):
        # Wording [U]: the API's 404 text for chat completions is not recorded.
        raise missing(f"No chat completion found with id '{key}'.")
    made = build(server, {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello!"}]})
    made["id"] = key
    # Its request messages are not made up: a user message would not fit the SDK's declared
    # message type (below), and a strict client would refuse the page.
    store_completion(server, {"store": True, "messages": []}, made)
    return collection(server, COMPLETIONS)[key]


def _retrieve(server: Context, exchange: Exchange, *, build: Build) -> Any:
    return json_copy(stored_completion(server, exchange.path_params["completion_id"], build))


def _update(server: Context, exchange: Exchange, *, build: Build) -> Any:
    return replace_metadata(stored_completion(server, exchange.path_params["completion_id"], build), exchange)


def _delete(server: Context, exchange: Exchange) -> Any:
    key = exchange.path_params["completion_id"]
    if lookup(server, COMPLETIONS, key) is None and strict(server):
        raise missing(f"No chat completion found with id '{key}'.")
    collection(server, COMPLETIONS).discard(key)
    forget_below(server.backend, f"{COMPLETIONS}/{key}/")
    return {"object": "chat.completion.deleted", "id": key, "deleted": True}


def _list(server: Context, exchange: Exchange) -> Any:
    query = exchange.query
    where: dict[str, Any] = {}
    model = query.get("model")
    if isinstance(model, str) and model:
        where["model"] = snapshot(model)  # stored completions carry the snapshot the alias names
    wanted = query.get("metadata")
    if not isinstance(wanted, Mapping) or not wanted:
        # Listed oldest first unless ``order`` says otherwise (docs/api-behaviour.md, Pagination).
        return page(server, exchange, COMPLETIONS, ascending_by_default=True, where=where)

    def tagged(item: JsonObject) -> bool:
        have = item.get("metadata") or {}
        return all(have.get(name) == value for name, value in wanted.items())

    return page(server, exchange, COMPLETIONS, ascending_by_default=True, where=where, keep=tagged)


def register(router: Router, build: Build) -> None:
    """The stored-completion routes; ``build`` makes up a completion for an id nobody stored
    (``unknown_ids="materialize"``)."""
    routes = (
        (
            "GET",
            _ITEM,
            StoredRoute(
                partial(_retrieve, build=build), "stored: the completion as created with `store=True` (404 otherwise)"
            ),
        ),
        ("POST", _ITEM, StoredRoute(partial(_update, build=build), "stored: replaces `metadata`")),
        ("DELETE", _ITEM, StoredRoute(_delete, "stored: forgets the completion and its messages")),
        ("GET", COMPLETIONS, StoredRoute(_list, "stored: oldest first, `model` / `metadata` filters, cursor pages")),
    )
    for method, template, route in routes:
        router.add(method, template, route, summary=route.summary)
