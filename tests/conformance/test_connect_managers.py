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
from openai.types.beta.beta_responses_client_event import BetaResponsesClientEvent
from openai.types.live import ClientEvent, ConnectClientEvent, ForkClientEvent
from openai.types.realtime import RealtimeClientEvent
from openai.types.responses.responses_client_event import ResponsesClientEvent

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes._client.seam import FakeTransportError
from tests.conformance._args import arguments_for
from tests.conformance._typecheck import check_value
from tests.conformance._walk import method_cases, resolve

SIMULATED: dict[str, dict[str, Any]] = {
    "realtime.connect": {"model": "gpt-realtime"},
    "responses.connect": {},
    "beta.responses.connect": {},
    "live.connect": {},
    "live.sideband.connect": {},  # and the id of a running session (`_session_for`)
    "live.forks.connect": {},  # and the id of a stored session (`_session_for`)
}

# The API's session.created / session.updated name the session (``id``, ``object``, ``expires_at``),
# which the SDK's RealtimeSessionCreateRequest does not declare: tolerated here, exactly those.
_SESSION_EXTRAS = tuple(
    f"session.{name}: unknown field on {request}"
    for name in ("id", "object", "expires_at")
    for request in ("RealtimeSessionCreateRequest", "RealtimeTranscriptionSessionCreateRequest")
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


# Every client event of the Responses websocket mode (the beta classes add response.inject).
RESPONSES_CLIENT_EVENTS: list[dict[str, Any]] = [
    {"type": "response.create", "model": "gpt-4o-mini", "input": "Hi", "stream_id": "lane-1"},
    {"type": "response.steer", "input": "Shorter, please."},
    {"type": "response.steer", "input": "Shorter, please.", "previous_response_id": "resp_unknown"},
    {"type": "response.create", "model": "no-such-model", "input": "Hi"},
]
BETA_RESPONSES_CLIENT_EVENTS: list[dict[str, Any]] = [
    *RESPONSES_CLIENT_EVENTS,
    {
        "type": "response.inject",
        "input": [{"type": "function_call_output", "call_id": "call_1", "output": "42"}],
        "response_id": "resp_unknown",
    },
]

# Every client event of Live: the primary connection's (it starts the session, with Decisions
# delegation), then a sideband's (attached to a WebRTC session with Responses delegation).
_PCM_TENTH = base64.b64encode(b"\x10\x00" * 2_400).decode()
_LIVE_CONTEXT: list[dict[str, Any]] = [
    {"type": "session.input_audio.mute", "event_id": "mute-1"},
    {"type": "session.input_audio.unmute"},
    {"type": "session.output_audio.fixture.play", "audio": _PCM_TENTH},
    {"type": "session.instructions.append", "content": "The caller is a member.", "delegation_id": None},
    {"type": "session.thinking.append", "content": "Checking the account.", "delegation_id": None},
    {"type": "session.commentary.append", "content": "One moment.", "delegation_id": None},
    {"type": "decision.item.create", "item": {"type": "message", "role": "user", "content": "Cancel my plan."}},
    {"type": "decision.item.delete", "item_id": "item_unknown"},
    {"type": "decision.create", "event_id": "decide-1"},
    {"type": "response.item.create", "item": {"type": "message", "role": "user", "content": "Cancel my plan."}},
    {"type": "response.create"},
]
DECISIONS = {
    "type": "decisions",
    "decisions": {
        "model": "gpt-6-luna",
        "questions": [{"type": "predicate", "name": "cancel", "instructions": "Does the user want to cancel?"}],
    },
}
LIVE_CLIENT_EVENTS: list[dict[str, Any]] = [
    {"type": "session.start", "session": {"model": "gpt-live-1", "delegation": DECISIONS}},
    {"type": "session.update", "session": {"triggers": []}},
    {"type": "session.input_audio.append", "audio": _PCM_TENTH},
    *_LIVE_CONTEXT,
    {"type": "session.close"},
]
SIDEBAND_CLIENT_EVENTS: list[dict[str, Any]] = [
    {
        "type": "session.update",
        "session": {"delegation": {"type": "responses", "responses": {"max_output_tokens": 50}}},
    },
    *_LIVE_CONTEXT,
    {"type": "transport.dtmf.send", "event": "1"},
    {"type": "session.close"},
]
# A fork's: it starts with overrides only (the stored session, `_session_for`, delegates to Responses).
FORK_CLIENT_EVENTS: list[dict[str, Any]] = [
    {"type": "session.start", "session": {"store": False}},
    {"type": "session.update", "session": {"triggers": []}},
    {"type": "session.input_audio.append", "audio": _PCM_TENTH},
    *_LIVE_CONTEXT,
    {"type": "session.close"},
]
WEBRTC_SESSION: dict[str, Any] = {
    "session": {
        "model": "gpt-live-1",
        "delegation": {"type": "responses", "responses": {"model": "gpt-5.4-mini"}},
        "store": True,
    },
    "transport": {"type": "webrtc", "sdp": "v=0"},
}
CLIENT_EVENTS = {
    "realtime.connect": REALTIME_CLIENT_EVENTS,
    "responses.connect": RESPONSES_CLIENT_EVENTS,
    "beta.responses.connect": BETA_RESPONSES_CLIENT_EVENTS,
    "live.connect": LIVE_CLIENT_EVENTS,
    "live.sideband.connect": SIDEBAND_CLIENT_EVENTS,
    "live.forks.connect": FORK_CLIENT_EVENTS,
}
EXPECTED = {
    "realtime.connect": {"session.created", "conversation.item.retrieved", "response.done", "error"},
    "responses.connect": {"response.created", "response.completed", "response.steer.failed", "error"},
    "beta.responses.connect": {"response.completed", "response.steer.failed", "response.inject.failed", "error"},
    "live.connect": {
        "session.started",
        "session.updated",
        "session.input_audio.muted",
        "session.output_audio.fixture.played",
        "session.commentary.appended",
        "decision.item.created",
        "decision.event",
        "error",
        "session.closed",
    },
    "live.sideband.connect": {"session.started", "session.updated", "response.event", "error", "session.closed"},
    "live.forks.connect": {"session.started", "session.updated", "response.event", "error", "session.closed"},
}
_NEEDS_SESSION = ("live.sideband.connect", "live.forks.connect")


def _connect_paths(client_class: type[OpenAI] | type[AsyncOpenAI]) -> list[str]:
    return sorted({path for path, _ in method_cases(client_class) if path.rsplit(".", 1)[-1] == "connect"})


def _declared(function: Any) -> Any:
    return typing.get_type_hints(function)["return"]


def _manager(fake: FakeOpenAI | FakeAsyncOpenAI, path: str, workdir: Path, **session: Any) -> Any:
    entry = resolve(fake, path)
    if path in SIMULATED:
        return entry.method(**SIMULATED[path], **session)
    call = arguments_for(entry, workdir)[0]
    return entry.method(*call.args, **call.kwargs)


def _type_errors(event: Any, event_type: Any, index: int) -> list[str]:
    errors = check_value(event, event_type, f"$[{index}]")
    return [e for e in errors if not any(extra in e for extra in _SESSION_EXTRAS)]


@pytest.mark.parametrize(
    ("union", "path"),
    [
        (RealtimeClientEvent, "realtime.connect"),
        (ResponsesClientEvent, "responses.connect"),
        (BetaResponsesClientEvent, "beta.responses.connect"),
        (ClientEvent, "live.connect"),
        (ConnectClientEvent, "live.sideband.connect"),
        (ForkClientEvent, "live.forks.connect"),
    ],
)
def test_every_client_event_type_of_the_sdk_is_exercised(union: Any, path: str) -> None:
    members = typing.get_args(typing.get_args(union)[0])
    sdk_types = {typing.get_args(m.model_fields["type"].annotation)[0] for m in members}
    # Every type the installed SDK declares is sent; an older SDK may declare fewer than listed.
    assert sdk_types <= {e["type"] for e in CLIENT_EVENTS[path]}


@pytest.mark.parametrize("path", _connect_paths(OpenAI))
def test_sync_connect_manager_enters(path: str, tmp_path: Path) -> None:
    fake = FakeOpenAI(seed=1)
    session = {"session_id": fake.live.create(**WEBRTC_SESSION).session.id} if path in _NEEDS_SESSION else {}
    manager = _manager(fake, path, tmp_path, **session)
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
    assert len(events) >= len(CLIENT_EVENTS[path])  # at least one answer each, on average
    for index, event in enumerate(events):
        assert _type_errors(event, event_type, index) == [], event.type
    assert {e.type for e in events} >= EXPECTED[path]


@pytest.mark.parametrize("path", _connect_paths(AsyncOpenAI))
def test_async_connect_manager_enters(path: str, tmp_path: Path) -> None:
    async def run() -> None:
        fake = FakeAsyncOpenAI(seed=1)
        session = {}
        if path in _NEEDS_SESSION:
            session = {"session_id": (await fake.live.create(**WEBRTC_SESSION)).session.id}
        manager = _manager(fake, path, tmp_path, **session)
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
        assert len(events) >= len(CLIENT_EVENTS[path])  # at least one answer each, on average
        for index, event in enumerate(events):
            assert _type_errors(event, event_type, index) == [], event.type
        assert {e.type for e in events} >= EXPECTED[path]

    asyncio.run(run())


# A transcription session (``intent=transcription``) answers the same client events: what it has no
# model for (responses) with error events, the rest as a realtime session does.
LOGPROBS = "item.input_audio_transcription.logprobs"
TRANSCRIPTION_CLIENT_EVENTS: list[dict[str, Any]] = [
    {"type": "session.update", "session": {"type": "transcription", "include": [LOGPROBS]}},
    *REALTIME_CLIENT_EVENTS[1:],
]


def test_a_transcription_session_answers_every_client_event_with_declared_types() -> None:
    async def run() -> tuple[Any, list[Any]]:
        fake = FakeAsyncOpenAI(seed=1)
        async with fake.realtime.connect(extra_query={"intent": "transcription"}) as conn:
            for client_event in TRANSCRIPTION_CLIENT_EVENTS:
                await conn.send(client_event)  # type: ignore[arg-type]
            await conn.close()
            return _declared(type(conn).recv), [event async for event in conn]

    event_type, events = asyncio.run(run())
    for index, event in enumerate(events):
        assert _type_errors(event, event_type, index) == [], event.type
    assert {e.type for e in events} >= {
        "session.created",
        "session.updated",
        "conversation.item.input_audio_transcription.completed",
        "conversation.item.retrieved",
        "error",
    }
    assert "response.done" not in {e.type for e in events}
