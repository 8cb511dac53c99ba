"""What the Live websocket tests share: the declared server event types, the session configs they
start with, and reading events strictly (each validates as its connection's declared type and
carries no field that type does not declare)."""

from __future__ import annotations

import json
from typing import Any

import pydantic
from openai.types.live import ConnectServerEvent, ForkServerEvent, ServerEvent

from tests.conformance._typecheck import check_value

PRIMARY: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(ServerEvent)
SIDEBAND: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(ConnectServerEvent)
FORK: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(ForkServerEvent)
_DECLARED = {id(PRIMARY): ServerEvent, id(SIDEBAND): ConnectServerEvent, id(FORK): ForkServerEvent}

RESPONSES: dict[str, Any] = {
    "type": "responses",
    "responses": {"model": "gpt-5.4-mini", "instructions": "Answer in one line."},
}
DECISIONS: dict[str, Any] = {
    "type": "decisions",
    "decisions": {
        "model": "gpt-6-luna",
        "questions": [{"type": "predicate", "name": "cancel", "instructions": "Does the caller want to cancel?"}],
    },
}


def strict(raw: bytes | str, adapter: pydantic.TypeAdapter[Any] = PRIMARY) -> dict[str, Any]:
    """The wire event, after checking it validates as the declared union and declares every field."""
    event: dict[str, Any] = json.loads(raw)
    model = adapter.validate_python(event)
    assert check_value(model, _DECLARED[id(adapter)]) == [], event
    return event


def drain(conn: Any, adapter: pydantic.TypeAdapter[Any] = PRIMARY) -> list[dict[str, Any]]:
    """Every event queued for ``conn`` now (the fake answers at once; nothing more will come unasked)."""
    events: list[dict[str, Any]] = []
    while True:
        try:
            events.append(strict(conn.recv_bytes(), adapter))
        except TimeoutError:
            return events
