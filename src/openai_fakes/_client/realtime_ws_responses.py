"""The Responses API's websocket mode (``client.responses.connect()``), answered by the fake server.

Over the socket a client sends ``response.create`` events whose fields are those of
``POST /v1/responses``, and receives the same events a streamed create sends (``response.created``
... ``response.completed``), each carrying the event's ``stream_id`` when the client gave one.
So each ``response.create`` is handed to the fake server as a streamed ``POST /responses``: it is
validated, recorded in ``fake.calls``, scripted by ``fake.stub(fake.responses.create)`` and
stored, exactly as over HTTP. A refused request arrives as an ``error`` event with its status.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from openai.types.responses import Response, ResponseStreamEvent

from .._core.exchange import ErrorReply, Exchange, FailureReply, Reply, SseReply

if TYPE_CHECKING:
    from .._control.context import Serving

Event = dict[str, Any]
_ENVELOPE = ("type", "stream_id", "event_id")


def _error(
    status: int, message: str, *, type: str = "invalid_request_error", code: str | None = None, param: str | None = None
) -> Event:
    return {
        "type": "error",
        "status": status,
        "error": {"type": type, "code": code, "message": message, "param": param},
    }


class ResponsesSocketSession:
    """The server side of one ``responses.connect()`` websocket."""

    def __init__(self, server: Serving) -> None:
        self.server = server

    def open(self) -> list[Event]:
        return []  # the Responses socket speaks only when asked

    def parse(self, raw: str | bytes) -> tuple[Exchange | None, list[Event], str | None]:
        """The streamed create a client event asks for, or the error events that answer it at once."""
        try:
            message = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return None, [_error(400, "The server could not parse the message as JSON.", code="invalid_json")], None
        if not isinstance(message, dict):
            return None, [_error(400, "Invalid event: expected an object.", code="invalid_type")], None
        stream_id = message.get("stream_id") if isinstance(message.get("stream_id"), str) else None
        kind = message.get("type")
        if kind == "response.steer":
            # A response is complete by the time the client could steer it.
            return (
                None,
                [
                    self._lane(
                        _error(400, "No response is in progress to steer.", code="response_not_active"), stream_id
                    )
                ],
                stream_id,
            )
        if kind != "response.create":
            error = _error(
                400,
                f"Invalid value: '{kind}'. Supported values are: 'response.create', 'response.steer'.",
                code="invalid_value",
                param="type",
            )
            return None, [self._lane(error, stream_id)], stream_id
        body = {key: value for key, value in message.items() if key not in _ENVELOPE}
        body["stream"] = True

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
        return exchange, [], stream_id

    def receive(self, raw: str | bytes) -> list[Event]:
        exchange, events, stream_id = self.parse(raw)
        if exchange is None:
            return events
        reply, _ = self.server.handle(exchange)
        return self.events_of(reply, stream_id)

    async def areceive(self, raw: str | bytes) -> list[Event]:
        exchange, events, stream_id = self.parse(raw)
        if exchange is None:
            return events
        reply, _ = await self.server.ahandle(exchange)
        return self.events_of(reply, stream_id)

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
