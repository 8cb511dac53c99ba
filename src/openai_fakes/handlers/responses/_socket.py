"""The Responses API's websocket mode: ``client.responses.connect()`` and ``client.beta.responses.connect()``.

Both SDK classes open the same endpoint (``/v1/responses``); the beta one declares more of its
protocol (``response.inject``, the multi-agent fields), so one session answers both:

* ``response.create``: its fields are those of ``POST /v1/responses``, so it is handed to the fake
  server as a streamed ``POST /responses`` (validated, recorded in ``fake.calls``, scripted by
  ``fake.stub(fake.responses.create)``, stored), and the stream's events come back, each with the
  event's ``stream_id`` when it gave one. A refused request is an ``error`` event with its status;
  ``background`` is refused (not supported over a websocket).
* ``response.steer``: a fake response is complete by the time anyone could steer it. Steering one
  this connection did not create fails with ``response_not_found``; one bound to a conversation,
  compacted or multi-agent with ``steering_not_supported``; one that completed normally with
  ``response_already_completed``. One that stopped for client-owned tool output or approval (a
  function call...) still waits: the input is accepted (``response.steer.accepted``), reported
  pending with the stubs to fill (``response.steer.pending``), and prepended to the ``input`` of the
  next ``response.create`` continuing it (same ``previous_response_id``).
* ``response.inject``: no fake response is ever active, so it fails (``response.inject.failed``).
* anything else, or an event the SDK's types refuse: an ``error`` event; the socket stays open.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

import pydantic
from openai.types.responses import Response, ResponseStreamEvent

from ..._core.exchange import ErrorReply, Exchange, FailureReply, Reply, SseReply
from ..._core.ids import IdShape
from .._base.socket_events import first_problem

if TYPE_CHECKING:
    from ..._control.context import Serving

Event = dict[str, Any]
_ENVELOPE = ("type", "stream_id", "event_id")
_STEER_FIELDS = frozenset({"type", "previous_response_id", "input"})

STEER_ID = IdShape("steer_", "hex_time", 48)
"""The id of an accepted steering submission. Its real shape is not on record: the fake gives it a
response id's shape."""


def _error(
    status: int, message: str, *, type: str = "invalid_request_error", code: str | None = None, param: str | None = None
) -> Event:
    return {
        "type": "error",
        "status": status,
        "error": {"type": type, "code": code, "message": message, "param": param},
    }


# The output items a response stops on for its client (tool output or an approval to come), and
# the input stub (`ResponseSteerRequiredInput`) that answers each.
_AWAITED: dict[str, Callable[[Mapping[str, Any]], Event]] = {
    "function_call": lambda item: {"type": "function_call_output", "call_id": item["call_id"], "name": item["name"]},
    "custom_tool_call": lambda item: {"type": "custom_tool_call_output", "call_id": item["call_id"]},
    "computer_call": lambda item: {"type": "computer_call_output", "call_id": item["call_id"]},
    "shell_call": lambda item: {"type": "shell_call_output", "call_id": item["call_id"]},
    "apply_patch_call": lambda item: {"type": "apply_patch_call_output", "call_id": item["call_id"]},
    "tool_search_call": lambda item: {"type": "tool_search_output", "call_id": item["call_id"], "execution": "client"},
    "mcp_approval_request": lambda item: {"type": "mcp_approval_response", "approval_request_id": item["id"]},
}


def awaited_input(output: list[Any]) -> list[Event]:
    """The stubs of the input a completed response waits for: its calls the client runs (a hosted
    call answers itself within the response: its output item follows it there)."""
    answered = {item.get("call_id") for item in output if str(item.get("type", "")).endswith("_output")}
    stubs: list[Event] = []
    for item in output:
        stub = _AWAITED.get(item.get("type", ""))
        if stub is None or (item.get("call_id") is not None and item["call_id"] in answered):
            continue
        if item["type"] == "tool_search_call" and (item.get("execution") != "client" or not item.get("call_id")):
            continue
        stubs.append(stub(item))
    return stubs


# What a `response.steer.failed` says for each of its codes.
_STEER_MESSAGES = {
    "response_not_found": "The target response is not available on this connection.",
    "steering_not_supported": (
        "Steering is not supported for responses bound to a conversation, using automatic compaction "
        "or running multiple agents."
    ),
    "response_already_completed": "The response completed and is no longer accepting steering input.",
    "successor_creation_failed": "The successor response could not be created.",
}


@dataclass
class _Created:
    """A response this connection created: enough of it to answer ``response.steer`` and ``response.inject``."""

    stream_id: str | None
    last_sequence: int
    steerable: bool
    awaiting: list[Event]
    """The stubs of the input it stopped for; empty when it completed normally (or was continued)."""
    queued: list[Event] = field(default_factory=list)
    """Accepted steering submissions (``{"id", "previous_response_id", "input"}``) for its continuation."""

    def next_sequence(self) -> int:
        self.last_sequence += 1
        return self.last_sequence


@dataclass
class _Create:
    """A ``response.create`` ready for the server, and the steering input it carries."""

    exchange: Exchange
    stream_id: str | None
    continues: str | None
    steered: list[Event]


@cache
def _validator(kind: str) -> Callable[[Any], Any]:
    from openai.types.beta.beta_response_inject_event import BetaResponseInjectEvent
    from openai.types.beta.beta_response_steer_event import BetaResponseSteerEvent

    event_type: Any = {"response.steer": BetaResponseSteerEvent, "response.inject": BetaResponseInjectEvent}[kind]
    adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(event_type)
    return adapter.validate_python


def _as_items(value: Any) -> list[Any]:
    """An ``input`` as a list of items (a string is one user message)."""
    if isinstance(value, str):
        return [{"type": "message", "role": "user", "content": value}]
    return list(value) if isinstance(value, list) else []


class ResponsesSocketSession:
    """The server side of one ``responses.connect()`` websocket (see the module docstring)."""

    def __init__(self, server: Serving) -> None:
        self.server = server
        self.created: dict[str, _Created] = {}

    def open(self) -> list[Event]:
        return []  # the Responses socket speaks only when asked

    # --- the wire ----------------------------------------------------------------------------

    def receive(self, raw: str | bytes) -> list[Event]:
        planned = self.plan(raw)
        if not isinstance(planned, _Create):
            return planned
        reply, _ = self.server.handle(planned.exchange)
        return self.answer(planned, reply)

    async def areceive(self, raw: str | bytes) -> list[Event]:
        planned = self.plan(raw)
        if not isinstance(planned, _Create):
            return planned
        reply, _ = await self.server.ahandle(planned.exchange)
        return self.answer(planned, reply)

    def plan(self, raw: str | bytes) -> _Create | list[Event]:
        """The streamed create a client event asks for, or the events that answer it at once."""
        try:
            message = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return [_error(400, "The server could not parse the message as JSON.", code="invalid_json")]
        if not isinstance(message, dict):
            return [_error(400, "Invalid event: expected an object.", code="invalid_type")]
        kind = message.get("type")
        if kind == "response.create":
            return self._create(message)
        if kind in ("response.steer", "response.inject"):
            try:
                _validator(kind)(message)
            except pydantic.ValidationError as invalid:
                problem = first_problem(invalid, message)
                return [_error(400, problem.message, code=problem.code, param=problem.param)]
            return self._steer(message) if kind == "response.steer" else self._inject(message)
        stream_id = message.get("stream_id") if isinstance(message.get("stream_id"), str) else None
        error = _error(
            400,
            f"Invalid value: '{kind}'. Supported values are: 'response.create', 'response.steer', 'response.inject'.",
            code="invalid_value",
            param="type",
        )
        return [self._lane(error, stream_id)]

    # --- response.create ---------------------------------------------------------------------

    def _create(self, message: dict[str, Any]) -> _Create | list[Event]:
        stream_id = message.get("stream_id") if isinstance(message.get("stream_id"), str) else None
        if message.get("background"):
            error = _error(
                400, "Background responses are not supported over WebSocket.", code="invalid_value", param="background"
            )
            return [self._lane(error, stream_id)]
        body = {key: value for key, value in message.items() if key not in _ENVELOPE}
        body["stream"] = True
        parent = self.created.get(message.get("previous_response_id") or "")
        steered: list[Event] = []
        if parent is not None and parent.queued:
            # Accepted steering input goes first, in submission order (its docstring, `response.steer`).
            steered, parent.queued = parent.queued, []
            body["input"] = [item for steer in steered for item in _as_items(steer["input"])] + _as_items(
                body.get("input", [])
            )
        exchange = Exchange(
            method="POST",
            path="/responses",
            query={},
            body=body,
            files=[],
            headers={},
            cast_to=Response,
            stream=True,
            stream_item_type=ResponseStreamEvent,
        )
        continues = message.get("previous_response_id") if parent is not None else None
        return _Create(exchange, stream_id, continues, steered)

    def answer(self, planned: _Create, reply: Reply) -> list[Event]:
        """The events of the server's reply to a ``response.create``, remembered for steering."""
        events = self.events_of(reply, planned.stream_id)
        response = self._remember(events, planned)
        if planned.continues is not None and response is not None:
            self.created[planned.continues].awaiting = []  # continued: no longer waiting
        elif planned.steered:
            # The successor could not be created: the queued input comes back, uncommitted.
            parent = self.created[planned.continues or ""]
            events += [
                self._lane(self._steer_failed(steer, "successor_creation_failed", parent), parent.stream_id)
                for steer in planned.steered
            ]
        return events

    def _remember(self, events: list[Event], planned: _Create) -> dict[str, Any] | None:
        created = next((e["response"] for e in events if e.get("type") == "response.created"), None)
        if created is None:
            return None
        final = next(
            (
                e["response"]
                for e in reversed(events)
                if e.get("type") in ("response.completed", "response.incomplete", "response.failed")
            ),
            created,
        )
        body = planned.exchange.body
        steerable = not (
            body.get("conversation") or body.get("context_management") or (body.get("multi_agent") or {}).get("enabled")
        )
        awaiting = awaited_input(final.get("output") or []) if final.get("status") == "completed" else []
        last = max((e.get("sequence_number", 0) for e in events), default=0)
        self.created[created["id"]] = _Created(planned.stream_id, last, steerable, awaiting)
        return dict(created)

    # --- response.steer / response.inject ----------------------------------------------------

    def _steer(self, message: dict[str, Any]) -> list[Event]:
        target = message["previous_response_id"]
        steer: Event = {"previous_response_id": target, "input": message["input"]}
        found = self.created.get(target)
        if found is None:
            return [self._steer_failed(steer, "response_not_found", None)]
        unknown = sorted(set(message) - _STEER_FIELDS)
        if unknown:
            message_text = (
                f"Unknown parameter: '{unknown[0]}'. response.steer accepts only type, previous_response_id and input."
            )
            return [self._lane(self._steer_failed(steer, "invalid_input", found, message_text), found.stream_id)]
        if message["input"] == []:
            message_text = "Invalid 'input': expected a non-empty array of input items."
            return [self._lane(self._steer_failed(steer, "invalid_input", found, message_text), found.stream_id)]
        if not found.steerable:
            return [self._lane(self._steer_failed(steer, "steering_not_supported", found), found.stream_id)]
        if not found.awaiting:
            return [self._lane(self._steer_failed(steer, "response_already_completed", found), found.stream_id)]
        steer["id"] = self.server.backend.new_id(STEER_ID)
        found.queued.append(steer)
        accepted = {
            "type": "response.steer.accepted",
            "sequence_number": found.next_sequence(),
            "steer": {"id": steer["id"], "previous_response_id": target},
        }
        pending = {
            "type": "response.steer.pending",
            "sequence_number": found.next_sequence(),
            "reason": "waiting_for_required_input",
            "required_input": [dict(stub) for stub in found.awaiting],
            "steer": {"id": steer["id"], "previous_response_id": target},
        }
        return [self._lane(accepted, found.stream_id), self._lane(pending, found.stream_id)]

    def _steer_failed(self, steer: Event, code: str, target: _Created | None, message: str | None = None) -> Event:
        return {
            "type": "response.steer.failed",
            "sequence_number": target.next_sequence() if target is not None else 0,
            "error": {"type": "invalid_request_error", "code": code, "message": message or _STEER_MESSAGES[code]},
            "steer": dict(steer),
        }

    def _inject(self, message: dict[str, Any]) -> list[Event]:
        found = self.created.get(message["response_id"])
        if found is None:
            error = {
                "code": "response_not_found",
                "message": "The target response is not available on this connection.",
            }
        else:
            error = {"code": "response_already_completed", "message": "The response is no longer active."}
        return [
            {
                "type": "response.inject.failed",
                "sequence_number": found.next_sequence() if found is not None else 0,
                "error": error,
                "input": message["input"],
                "response_id": message["response_id"],
            }
        ]

    # --- replies -----------------------------------------------------------------------------

    def events_of(self, reply: Reply, stream_id: str | None) -> list[Event]:
        if isinstance(reply, SseReply):
            return [self._lane(dict(payload), stream_id) for _, payload in reply.events]
        if isinstance(reply, ErrorReply):
            body = reply.body.get("error", {}) if isinstance(reply.body, dict) else {}
            error = _error(
                reply.status,
                str(body.get("message") or "The request was refused."),
                type=str(body.get("type") or "invalid_request_error"),
                code=body.get("code"),
                param=body.get("param"),
            )
            return [self._lane(error, stream_id)]
        if isinstance(reply, FailureReply):
            return [
                self._lane(
                    _error(500, "The server had an error while processing your request.", type="server_error"),
                    stream_id,
                )
            ]
        return [self._lane(_error(500, "The server sent no events.", type="server_error"), stream_id)]

    @staticmethod
    def _lane(event: Event, stream_id: str | None) -> Event:
        if stream_id is not None:
            event["stream_id"] = stream_id
        return event
