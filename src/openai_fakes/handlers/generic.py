"""The answer for every endpoint no specific handler claims: a realistic value of the declared type.

It renders the type's template (fresh ids, timestamps, text), then echoes what the request says:
the path's ids (``files.retrieve("file-abc")`` -> ``id == "file-abc"``) and same-named request
fields (``model``, ``metadata``, ``name``, ``instructions``...), keeping an echo only where the
reply's type accepts it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any, Mapping

import pydantic

from .. import _text
from .._exchange import BytesReply, EmptyReply, Exchange, JsonReply, Reply, SseReply, TextReply
from .._seam import BINARY_CONTENT_TYPE, page_item_type

if TYPE_CHECKING:
    from .._server import FakeServer

# Fields that identify the reply itself; a request field of the same name means something else.
_NEVER_ECHO = frozenset({"id", "object", "type", "status", "created", "created_at"})
_STREAM_LENGTH = 3
_PAGE_LENGTH = 2


def generic_handler(server: FakeServer, exchange: Exchange) -> Reply:
    if exchange.stream:
        return _stream(server, exchange)
    tp = exchange.cast_to
    if tp is type(None):
        return EmptyReply()
    if tp is str:
        return TextReply(_text.paragraph(server.backend.rng))
    if tp is BINARY_CONTENT_TYPE or tp is bytes:
        return BytesReply(_text.paragraph(server.backend.rng).encode())
    if tp is object:
        return JsonReply({})
    item_type = page_item_type(tp)
    if item_type is not None:
        return JsonReply(page_of(tp, [server.render(item_type) for _ in range(_PAGE_LENGTH)]))
    data = server.render(tp)
    if isinstance(data, dict):
        echo_request(data, exchange, tp)
    return JsonReply(data)


def page_of(page_type: Any, items: list[Any]) -> dict[str, Any]:
    """A last page holding ``items``, with only the cursor fields ``page_type`` declares."""
    ids = [item.get("id") for item in items if isinstance(item, dict)]
    candidates = {
        "object": "list",
        "data": items,
        "has_more": False,
        "first_id": ids[0] if ids else None,
        "last_id": ids[-1] if ids else None,
        "next": None,
    }
    fields = page_type.model_fields
    return {key: value for key, value in candidates.items() if key in fields}


def _stream(server: FakeServer, exchange: Exchange) -> Reply:
    item_type = exchange.stream_item_type
    events: list[tuple[str | None, Any]] = []
    for _ in range(_STREAM_LENGTH):
        item = server.render(item_type)
        events.append(sse_event(item, exchange))
    return SseReply(events)


def sse_event(item: Any, exchange: Exchange) -> tuple[str | None, Any]:
    """How one streamed item travels: Assistants-style events carry their name on the SSE
    ``event:`` line and only ``data`` in the payload; everything else is the item itself."""
    if isinstance(item, dict) and isinstance(item.get("event"), str) and "data" in item:
        name: str = item["event"]
        if exchange.events_carry_name or name.startswith("thread."):
            return name, item["data"]
    return None, item


def echo_request(data: dict[str, Any], exchange: Exchange, tp: Any) -> None:
    """Copy path ids and same-named request fields into ``data`` where ``tp`` accepts them."""
    echoed: dict[str, Any] = {}
    params = exchange.path_params
    if params:
        last = list(params.values())[-1]
        if isinstance(data.get("id"), str):
            echoed["id"] = last
        for name, value in params.items():
            if isinstance(data.get(name), str) or (name in data and data[name] is None):
                echoed[name] = value
    body = exchange.body
    if isinstance(body, Mapping):
        for key, value in body.items():
            if key in data and key not in _NEVER_ECHO and _json_like(value):
                echoed[key] = value
    if not echoed:
        return
    originals = {key: data.get(key) for key in echoed}
    data.update(echoed)
    # Two tries: drop the echoes the reply type refuses, keep the rest.
    for _ in range(2):
        refused = _rejected_keys(tp, data) & echoed.keys()
        if not refused:
            return
        for key in refused:
            data[key] = originals[key]


def _json_like(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool, list, dict))


@lru_cache(maxsize=None)
def _adapter(tp: Any) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(tp)


def _rejected_keys(tp: Any, data: dict[str, Any]) -> set[str]:
    try:
        _adapter(tp).validate_python(data)
    except pydantic.ValidationError as error:
        # For a union the location starts with the variant's tag; any field name on the path counts.
        return {part for e in error.errors() for part in e["loc"] if isinstance(part, str)}
    return set()
