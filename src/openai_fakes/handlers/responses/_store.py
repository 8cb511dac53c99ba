"""Stored responses: ``responses.create`` stores by default (``store`` defaults to true,
docs/api-behaviour.md, Limits); ``retrieve``, ``delete`` and ``cancel`` answer from the store (as
``input_items.list`` does, in `input_items`), and ``previous_response_id`` continues from a stored
response.

Background responses (``background=True``) move on the backend's lifecycle engine
(`_state.lifecycle`, ``fake.lifecycle``): the create answers ``queued`` and, by default, the first
``retrieve`` after it shows the finished response (``lifecycle="immediate"`` / ``"manual"`` and
``polls=N`` as for batches). ``cancel`` stops an unfinished one (``cancelled``), answers a
finished background response unchanged, and refuses a response that was not created in the
background, as the API does.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from openai.types.responses import Response

from ..._core.declared import declared_only
from ..._core.errors import bad_request
from ..._core.exchange import Exchange, JsonReply, Reply, SseReply
from ..._state.collection import JsonObject, json_copy
from ..._state.lifecycle import Lifecycle, Lifecycles, OnEnter, Step
from .._base.router import Router
from .._base.stateful import forget_below
from .._stored import StoredRoute, collection, lookup, missing, put_all, strict
from ._hosted_stream import events_of
from ._items import TAIL, call_ids, stored_items, with_included, without_included

if TYPE_CHECKING:
    from ..._control.context import Context

RESPONSES = "/responses"
_ITEM = "/responses/{response_id}"
_CANCEL = "/responses/{response_id}/cancel"

# A background response's statuses (docs/api-behaviour.md, Responses objects): queued -> in_progress -> completed, or
# cancelled by ``cancel``; a test may force ``failed`` or ``incomplete``.
BACKGROUND = Lifecycle(
    "response",
    path=(Step("queued"), Step("in_progress"), Step("completed", ("completed_at",))),
    cancel=(Step("cancelled"),),
    endings=(Step("failed"), Step("incomplete", ("completed_at",))),
    error_field="error",
)
_UNFINISHED = ("queued", "in_progress")


def input_items_path(response_id: str) -> str:
    return f"{RESPONSES}/{response_id}/input_items"


def _work(finished: JsonObject) -> OnEnter:
    """What entering each status does to a background response: the output (computed at create,
    as the same request would give it unstreamed) appears when it finishes."""

    def enter(obj: JsonObject, status: str, now: int) -> None:
        if status in ("completed", "incomplete"):
            obj.update(output=json_copy(finished.get("output")), usage=json_copy(finished.get("usage")))
            if status == "completed" and finished.get("status") == "incomplete":
                # The model itself stopped short (max_output_tokens): that is how it ends.
                obj.update(status="incomplete", incomplete_details=json_copy(finished.get("incomplete_details")))
            elif status == "incomplete":
                obj["incomplete_details"] = {"reason": "max_output_tokens"}
        else:
            obj.update(output=[], usage=None, completed_at=None, incomplete_details=None)

    return enter


# --- create ---------------------------------------------------------------------------------


def previous_context(server: Context, body: Mapping[str, Any], *, lenient: bool) -> list[JsonObject]:
    """Every item the response named by ``previous_response_id`` saw and said, oldest first.

    An id that is not stored is the API's 400 (``previous_response_not_found``), unless
    ``lenient`` (a scripted call, or ``unknown_ids="materialize"``): then the chain starts afresh.
    """
    previous = body.get("previous_response_id")
    if not isinstance(previous, str):
        return []
    chain: list[JsonObject] = []
    key: Any = previous
    while isinstance(key, str):
        stored = lookup(server, RESPONSES, key)
        if stored is None:
            if key == previous and not lenient:
                raise bad_request(
                    f"Previous response with id '{key}' not found.",
                    param="previous_response_id",
                    code="previous_response_not_found",
                )
            break
        chain.append(stored)
        key = stored.get("previous_response_id")
    context: list[JsonObject] = []
    for stored in reversed(chain):
        inputs = server.backend.stores.get(input_items_path(stored["id"])) or {}
        context.extend(json_copy(list(inputs.values())))
        context.extend(json_copy(stored.get("output") or []))
    return context


def check_outputs_answer(context: list[JsonObject], new_items: list[JsonObject]) -> None:
    """A tool output continuing a stored conversation answers a call made in it: "No tool call
    found for function call output with call_id call_x." (docs/api-behaviour.md, Responses objects)."""
    known = call_ids(context) | call_ids(new_items)
    for item in new_items:
        if str(item.get("type", "")).endswith("_call_output") and item.get("call_id") not in known:
            raise bad_request(
                f"No tool call found for function call output with call_id {item.get('call_id')}.", param="input"
            )


def store_response(server: Context, body: Mapping[str, Any], final: Any, inputs: list[JsonObject]) -> Any:
    """Keep ``final`` (include extras stripped) and its input items; for a background response,
    answer (and keep) it ``queued`` until the next read. Returns what the client is sent."""
    if not isinstance(final, dict) or not isinstance(final.get("id"), str):
        return final
    key = final["id"]
    if body.get("store", True) is False:
        return final
    stored = without_included(final)
    items = collection(server, input_items_path(key))
    for item in inputs:
        items.put(json_copy(item))
    collection(server, RESPONSES).put(stored)
    if body.get("background") is not True or final.get("status") not in ("completed", "incomplete"):
        return final
    shown = Lifecycles.of(server.backend).track(BACKGROUND, RESPONSES, key, on_enter=_work(json_copy(final)))
    return shown if shown is not None else final


class Build(Protocol):
    """What makes a response from a request body: responses' `build_response`, handed to
    `register`, so this module never imports the responses module that imports it."""

    def __call__(
        self, server: Context, body: Mapping[str, Any], *, response_id: str | None = None
    ) -> dict[str, Any]: ...


# --- reads ----------------------------------------------------------------------------------


def stored_response(
    server: Context, key: str, build: Build, *, background: bool = False, shape: Any = None
) -> JsonObject:
    """The stored response ``key``, its background work done; 404 for an id nobody stored, or
    (``unknown_ids="materialize"``) a response made up for it."""
    Lifecycles.of(server.backend).observe(RESPONSES, key)  # a read is a poll of a background one
    found = lookup(server, RESPONSES, key)
    if found is not None:
        return found
    if strict(server):
        # Wording [U] (docs/api-behaviour.md, Error messages, lists it as unconfirmed).
        raise missing(f"Response with id '{key}' not found.")

    body = {"model": "gpt-4o", "input": "Hello!", "background": background}
    made: JsonObject = declared_only(
        build(server, body, response_id=key), shape if shape is not None else Response, deep=False
    )
    collection(server, RESPONSES).put(made)
    put_all(server, input_items_path(key), stored_items(server, "Hello!", tail=key[-TAIL:]))
    return made


def _retrieve(server: Context, exchange: Exchange, *, build: Build) -> Any:
    response = stored_response(server, exchange.path_params["response_id"], build, shape=exchange.cast_to)
    include = exchange.query.get("include")
    from ._hosted_tools import included  # late: it reads vector stores through the handlers

    shown = with_included(json_copy(response), include, int(response.get("top_logprobs") or 0))
    return included(server, shown, include)


class _RetrieveRoute(StoredRoute):
    def respond(self, server: Context, exchange: Exchange, final: Any) -> Reply:
        if not exchange.stream:
            return JsonReply(final)
        # A stream of a stored response replays its events; ``starting_after`` resumes one.
        start = exchange.query.get("starting_after")
        events = events_of(final)
        if isinstance(start, int):
            events = [event for event in events if event["sequence_number"] > start]
        return SseReply([(event["type"], event) for event in events], done_marker=False)


def _delete(server: Context, exchange: Exchange) -> Any:
    key = exchange.path_params["response_id"]
    if lookup(server, RESPONSES, key) is None and strict(server):
        raise missing(f"Response with id '{key}' not found.")
    collection(server, RESPONSES).discard(key)
    Lifecycles.of(server.backend).forget(RESPONSES, key)
    forget_below(server.backend, f"{RESPONSES}/{key}/")
    return None  # the SDK reads nothing back (``cast_to=None``)


def _cancel(server: Context, exchange: Exchange, *, build: Build) -> Any:
    key = exchange.path_params["response_id"]
    stored = lookup(server, RESPONSES, key)
    if stored is None:
        # 404, or made up as a background one
        stored = stored_response(server, key, build, background=True, shape=exchange.cast_to)
    if stored.get("background") is not True:
        # The API's wording as reported by its users ([3P] vllm-project/vllm#57999).
        raise bad_request("Cannot cancel a synchronous response.")
    if stored.get("status") in _UNFINISHED:
        cancelled = Lifecycles.of(server.backend).cancel_request(RESPONSES, key)
        if cancelled is not None:
            return cancelled
    # Cancelling a finished background response is answered with it, unchanged ([U]: the API's
    # background-mode guide calls a second cancel idempotent).
    return json_copy(stored)


def register(router: Router, build: Build) -> None:
    """The stored-response routes; ``build`` makes up a response for an id nobody stored
    (``unknown_ids="materialize"``)."""
    routes = (
        (
            "GET",
            _ITEM,
            _RetrieveRoute(
                partial(_retrieve, build=build),
                "stored: the response as created (background work done on read), `include` extras, `stream` replays its events",
            ),
        ),
        ("DELETE", _ITEM, StoredRoute(_delete, "stored: forgets the response and its input items")),
        (
            "POST",
            _CANCEL,
            StoredRoute(
                partial(_cancel, build=build),
                "stored: a queued background response becomes `cancelled`; 400 for one not made in the background",
            ),
        ),
    )
    for method, template, route in routes:
        router.add(method, template, route, summary=route.summary)
