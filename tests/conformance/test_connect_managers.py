"""Every ``connect()`` of the installed SDK, entered: the walk in test_every_method.py only builds
the managers. A simulated websocket API must yield the connection class the manager declares and
answer every client event type of the SDK with server events of the declared type; any other must
refuse loudly with FakeTransportError (the session's socket guard proves no network is tried)."""

from __future__ import annotations

import asyncio
import base64
import typing
from pathlib import Path
from typing import Any

import pytest
from openai import AsyncOpenAI, OpenAI
from openai.types.realtime import RealtimeClientEvent
from openai.types.responses.responses_client_event import ResponsesClientEvent

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes._client.seam import FakeTransportError
from tests.conformance._args import arguments_for
from tests.conformance._typecheck import check_value
from tests.conformance._walk import method_cases, resolve

SIMULATED: dict[str, dict[str, Any]] = {"realtime.connect": {"model": "gpt-realtime"}, "responses.connect": {}}

# The API's session.created / session.updated name the session (``id``, ``object``, ``expires_at``),
# which the SDK's RealtimeSessionCreateRequest does not declare: tolerated here, exactly those.
_SESSION_EXTRAS = tuple(
    f"session.{name}: unknown field on RealtimeSessionCreateRequest" for name in ("id", "object", "expires_at")
)

# One valid example of every client event of the GA realtime API, sent in this order.
_PCM_SECOND = base64.b64encode(b"\x10\x00" * 24_000).decode()
REALTIME_CLIENT_EVENTS: list[dict[str, Any]] = [
    {"type": "session.update", "session": {"type": "realtime", "output_modalities": ["text"]}},
    {
        "type": "conversation.item.create",
        "item": {
            "id": "item_user1",
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": "Hi"}],
        },
    },
    {"type": "conversation.item.retrieve", "item_id": "item_user1"},
    {"type": "input_audio_buffer.append", "audio": _PCM_SECOND},
    {"type": "input_audio_buffer.commit"},
    {"type": "input_audio_buffer.append", "audio": _PCM_SECOND},
    {"type": "input_audio_buffer.clear"},
    {"type": "response.create", "response": {"output_modalities": ["audio"]}},
    {"type": "conversation.item.truncate", "item_id": "item_user1", "content_index": 0, "audio_end_ms": 500},
    {"type": "response.cancel"},
    {"type": "output_audio_buffer.clear"},
    {"type": "conversation.item.delete", "item_id": "item_user1"},
]


# Every client event of the Responses websocket mode.
RESPONSES_CLIENT_EVENTS: list[dict[str, Any]] = [
    {"type": "response.create", "model": "gpt-4o-mini", "input": "Hi", "stream_id": "lane-1"},
    {"type": "response.steer", "input": "Shorter, please."},
    {"type": "response.create", "model": "no-such-model", "input": "Hi"},
]
CLIENT_EVENTS = {"realtime.connect": REALTIME_CLIENT_EVENTS, "responses.connect": RESPONSES_CLIENT_EVENTS}
EXPECTED = {
    "realtime.connect": {"session.created", "conversation.item.retrieved", "response.done", "error"},
    "responses.connect": {"response.created", "response.completed", "error"},
}


def _connect_paths(client_class: type[OpenAI] | type[AsyncOpenAI]) -> list[str]:
    return sorted({path for path, _ in method_cases(client_class) if path.rsplit(".", 1)[-1] == "connect"})


def _declared(function: Any) -> Any:
    return typing.get_type_hints(function)["return"]


def _manager(fake: FakeOpenAI | FakeAsyncOpenAI, path: str, workdir: Path) -> Any:
    entry = resolve(fake, path)
    if path in SIMULATED:
        return entry.method(**SIMULATED[path])
    call = arguments_for(entry, workdir)[0]
    return entry.method(*call.args, **call.kwargs)


def _type_errors(event: Any, event_type: Any, index: int) -> list[str]:
    errors = check_value(event, event_type, f"$[{index}]")
    return [e for e in errors if not any(extra in e for extra in _SESSION_EXTRAS)]


@pytest.mark.parametrize(
    ("union", "path"), [(RealtimeClientEvent, "realtime.connect"), (ResponsesClientEvent, "responses.connect")]
)
def test_every_client_event_type_of_the_sdk_is_exercised(union: Any, path: str) -> None:
    members = typing.get_args(typing.get_args(union)[0])
    sdk_types = {typing.get_args(m.model_fields["type"].annotation)[0] for m in members}
    assert sdk_types == {e["type"] for e in CLIENT_EVENTS[path]}


@pytest.mark.parametrize("path", _connect_paths(OpenAI))
def test_sync_connect_manager_enters(path: str, tmp_path: Path) -> None:
    fake = FakeOpenAI(seed=1)
    manager = _manager(fake, path, tmp_path)
    if path not in SIMULATED:
        with pytest.raises(FakeTransportError, match="not simulated"):
            manager.__enter__()
        return
    with manager as conn:
        assert isinstance(conn, _declared(type(manager).__enter__))
        event_type = _declared(type(conn).recv)
        for client_event in CLIENT_EVENTS[path]:
            conn.send(client_event)
        conn.close()
        events = list(conn)
    assert len(events) > len(CLIENT_EVENTS[path])
    for index, event in enumerate(events):
        assert _type_errors(event, event_type, index) == [], event.type
    assert {e.type for e in events} >= EXPECTED[path]


@pytest.mark.parametrize("path", _connect_paths(AsyncOpenAI))
def test_async_connect_manager_enters(path: str, tmp_path: Path) -> None:
    async def run() -> None:
        fake = FakeAsyncOpenAI(seed=1)
        manager = _manager(fake, path, tmp_path)
        if path not in SIMULATED:
            with pytest.raises(FakeTransportError, match="not simulated"):
                await manager.__aenter__()
            return
        async with manager as conn:
            assert isinstance(conn, _declared(type(manager).__aenter__))
            event_type = _declared(type(conn).recv)
            for client_event in CLIENT_EVENTS[path]:
                await conn.send(client_event)
            await conn.close()
            events = [event async for event in conn]
        assert len(events) > len(CLIENT_EVENTS[path])
        for index, event in enumerate(events):
            assert _type_errors(event, event_type, index) == [], event.type
        assert {e.type for e in events} >= EXPECTED[path]

    asyncio.run(run())
