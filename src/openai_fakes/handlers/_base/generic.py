"""The answer for every endpoint no specific handler claims: a realistic value of the declared type.

It renders the type's template (fresh ids, timestamps, text), then echoes what the request says:
the path's ids (``files.retrieve("file-abc")`` -> ``id == "file-abc"``) and same-named request
fields (``model``, ``metadata``, ``name``, ``instructions``...), keeping an echo only where the
reply's type accepts it.
"""

from __future__ import annotations

import collections.abc
import typing
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

import pydantic

from ..._core.exchange import BytesReply, EmptyReply, Exchange, JsonReply, Reply, SseReply, TextReply
from ..._core.model_fields import union_args
from ..._core.sdk import BINARY_CONTENT_TYPE, page_item_type
from ..._sim.text import paragraph
from ..._state.shapes import page, statuses
from .adapter import Adapter
from .stateful import stateful_answer

if TYPE_CHECKING:
    from ..._control.context import Context

# Fields that identify the reply itself; a request field of the same name means something else.
_NEVER_ECHO = frozenset({"id", "object", "type", "status", "created", "created_at"})
# Creates the API answers 201 Created (docs/api-behaviour.md, Status codes); the rest answer 200.
_CREATED = frozenset({("POST", "/evals"), ("POST", "/evals/{eval_id}/runs")})
_STREAM_LENGTH = 3
_PAGE_LENGTH = 2


class GenericAdapter(Adapter):
    """The declared type, rendered, settled and echoing the request."""

    summary = "generic: the declared type, realistic; path ids and same-named request fields echoed"

    def build(self, server: Context, exchange: Exchange) -> Any:
        # What a client created, the backend remembers (``handlers._base.stateful``); the rendered answer is the
        # default and the object a create stores.
        return stateful_answer(server, exchange, lambda: self.build_generic(server, exchange))

    def build_generic(self, server: Context, exchange: Exchange) -> Any:
        """The declared type, rendered, settled and echoing the request: no state consulted."""
        if exchange.stream:
            kinds = _stream_kinds(exchange.stream_item_type)
            return [server.render(kinds[i % len(kinds)]) for i in range(_STREAM_LENGTH)]
        tp = exchange.cast_to
        if tp is type(None):
            return None
        if tp is str:
            return paragraph(server.backend.rng)
        if tp is BINARY_CONTENT_TYPE or tp is bytes:
            return paragraph(server.backend.rng).encode()
        if tp is object:
            return {}
        item_type = page_item_type(tp)
        if item_type is not None:
            return page(exchange, [server.render(item_type) for _ in range(_PAGE_LENGTH)], has_more=False)
        data = server.render(tp)
        if isinstance(data, dict):
            settle(data, tp, server.backend.clock.now())
            echo_request(data, exchange, tp)
        return data

    def respond(self, server: Context, exchange: Exchange, final: Any) -> Reply:
        if exchange.stream:
            items = final if isinstance(final, list) else [final]
            return SseReply([sse_event(item, exchange) for item in items])
        if final is None:
            return EmptyReply()
        if isinstance(final, bytes):
            return BytesReply(final)
        if isinstance(final, str):
            return TextReply(final)
        return JsonReply(final, status=201 if exchange.route in _CREATED else 200)


GENERIC = GenericAdapter()


class FunctionAdapter(Adapter):
    """A plain handler function routed by hand: it answers as it likes; scripts use the generic shapes."""

    answers_itself = True

    def __init__(self, function: Any) -> None:
        self.function = function

    @staticmethod
    def of(handler: Any) -> Adapter:
        """The adapter for a route's handler: the generic answer for ``None``, else the function's."""
        return GENERIC if handler is None else FunctionAdapter(handler)

    def build(self, server: Context, exchange: Exchange) -> Any:
        return GENERIC.build(server, exchange)

    def __call__(self, server: Context, exchange: Exchange) -> Reply:
        reply: Reply = self.function(server, exchange)
        return reply


class StreamEventsAdapter(Adapter):
    """Endpoints whose streamed form is a sequence of named events (``events()``) and whose
    unstreamed form is the generic answer."""

    def events(self, server: Context, exchange: Exchange) -> list[tuple[str | None, Any]]:
        raise NotImplementedError

    def build(self, server: Context, exchange: Exchange) -> Any:
        return self.events(server, exchange) if exchange.stream else GENERIC.build(server, exchange)

    def respond(self, server: Context, exchange: Exchange, final: Any) -> Reply:
        return SseReply(list(final)) if exchange.stream else GENERIC.respond(server, exchange, final)


@cache
def _stream_kinds(item_type: Any) -> tuple[Any, ...]:
    """The event types a generic stream draws from: a union's members, less its error events
    (an ``error`` event ends a real stream with an exception in the SDK)."""
    args = union_args(item_type)
    if args is None:
        return (item_type,)
    members = tuple(m for m in args if "error" not in getattr(m, "__name__", "").lower())
    return members or (item_type,)


# A generic answer shows an object at rest: the first of these its status allows. Objects that
# move through a lifecycle get it from the stateful handlers.
_SETTLED = ("completed", "succeeded", "processed", "idle", "ready", "active", "available", "enabled")
_UNSETTLED_TIMES = ("failed_at", "cancelled_at", "expired_at", "cancelling_at", "incomplete_at", "finalizing_at")
_ERRORS = ("error", "last_error", "incomplete_details", "required_action")


@cache
def _settled_status(tp: Any) -> str | None:
    options = statuses(tp)
    return next((status for status in _SETTLED if status in options), None)


def settle(data: dict[str, Any], tp: Any, now: int) -> None:
    """Give a lifecycle object the settled status its type allows, with timestamps and error
    fields that agree with it (completed has ``completed_at``, no ``failed_at``, no error)."""
    status = _settled_status(tp)
    if status is None:
        return
    data["status"] = status
    fields = tp.model_fields
    for key in _UNSETTLED_TIMES + _ERRORS:
        if key in data and not fields[key].is_required():
            data[key] = None
    if status in ("completed", "succeeded") and "completed_at" in fields and data.get("completed_at") is None:
        data["completed_at"] = max(now, int(data.get("created_at") or now))
    for key in ("file_counts", "request_counts"):
        counts = data.get(key)
        if isinstance(counts, dict):
            _settle_counts(counts)
    if "expires_at" in data and isinstance(data["expires_at"], int) and isinstance(data.get("created_at"), int):
        data["expires_at"] = max(data["expires_at"], data["created_at"] + 3600)


def _settle_counts(counts: dict[str, Any]) -> None:
    """Nothing left in progress, and a total that is the sum of its parts."""
    if isinstance(counts.get("in_progress"), int):
        counts["completed"] = int(counts.get("completed") or 0) + counts["in_progress"]
        counts["in_progress"] = 0
    if "total" in counts:
        counts["total"] = sum(v for k, v in counts.items() if k != "total" and isinstance(v, int))


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
                if isinstance(value, dict) and not _is_string_map_field(tp, key):
                    continue
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


_SCALARS = (str, int, float, bool, type(None))


def _json_like(value: Any) -> bool:
    """Scalars, lists of scalars and flat string maps (``metadata``) mean the same in a request and
    its reply; nested objects usually do not (a request's ``auth`` carries a secret its reply omits)."""
    if isinstance(value, _SCALARS):
        return True
    if isinstance(value, list):
        return all(isinstance(item, _SCALARS) for item in value)
    if isinstance(value, dict):
        return all(isinstance(item, _SCALARS) for item in value.values())
    return False


@cache
def _is_string_map_field(tp: Any, key: str) -> bool:
    """True when ``tp.key`` is a free-form map (``metadata``): a dict echo then cannot land in extras."""
    fields = getattr(tp, "model_fields", None)
    if not fields or key not in fields:
        return False
    annotation = fields[key].annotation
    candidates = union_args(annotation) or (annotation,)
    return any(typing.get_origin(c) in (dict, dict, collections.abc.Mapping) or c is dict for c in candidates)


@cache
def _adapter(tp: Any) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(tp)


def _rejected_keys(tp: Any, data: dict[str, Any]) -> set[str]:
    try:
        _adapter(tp).validate_python(data)
    except pydantic.ValidationError as error:
        # For a union the location starts with the variant's tag; any field name on the path counts.
        return {part for e in error.errors() for part in e["loc"] if isinstance(part, str)}
    return set()
