"""Live: ``client.live.connect()`` (a primary websocket) and ``client.live.sideband.connect(session_id=...)``
run the SDK's own connection classes on in-memory sessions of the fake.

Every server event read here is checked strictly: it validates as the connection's declared server
event type (``ServerEvent`` for a primary, ``ConnectServerEvent`` for a sideband) and carries no
field that type does not declare.
"""

from __future__ import annotations

import asyncio
import base64
import json
import typing
from typing import Any

import openai
import pytest
from openai.resources.live.live import AsyncLiveConnection, LiveConnection
from openai.resources.live.sideband import SidebandConnection
from openai.types.live import ConnectClientEvent
from websockets.exceptions import ConnectionClosed, InvalidStatus

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from tests.handlers._live import DECISIONS, RESPONSES, SIDEBAND, drain, strict

TENTH_OF_A_SECOND = base64.b64encode(b"\x10\x00" * 2_400).decode()  # 24 kHz mono PCM16


def started(conn: LiveConnection, **config: Any) -> dict[str, Any]:
    conn.session.start(session={"model": "gpt-live-1", **config}, event_id="start-1")  # type: ignore[typeddict-item]
    [event] = drain(conn)
    assert event["type"] == "session.started"
    session: dict[str, Any] = event["session"]
    return session


def test_primary_starts_a_session_with_the_server_defaults() -> None:
    fake = FakeOpenAI(seed=1)
    with fake.live.connect() as conn:
        assert isinstance(conn, LiveConnection)
        conn.session.commentary.append(content="Hi", delegation_id=None, event_id="too-early")
        [early] = drain(conn)
        session = started(conn, instructions="Be warm.")
    assert early["type"] == "error" and early["error"]["code"] == "session_not_started"
    assert early["client_event_id"] == early["error"]["client_event_id"] == "too-early"
    assert session["id"].startswith("sess_") and session["status"] == "active"
    assert session["model"] == "gpt-live-1" and session["instructions"] == "Be warm."
    assert session["audio"] == {"output": {"voice": "marin"}, "format": {"type": "audio/pcm", "rate": 24000}}
    assert session["delegation"] == {"type": "client", "acknowledgement_delay_ms": 0}
    assert session["store"] is False and session["triggers"] == [] and session["input"] == []
    assert session["expires_at"] > fake.backend.clock.now()


def test_session_update_merges_delegation_and_refuses_what_is_fixed_at_startup() -> None:
    fake = FakeOpenAI(seed=2)
    with fake.live.connect() as conn:
        started(conn, delegation=RESPONSES)
        conn.session.update(session={"delegation": {"type": "responses", "responses": {"max_output_tokens": 80}}})
        [updated] = drain(conn)
        conn.send_raw(json.dumps({"type": "session.update", "session": {"voice": "cedar"}, "event_id": "v"}))
        conn.session.update(session={"delegation": {"type": "client"}}, event_id="switch")
        voice, switch = drain(conn)
        conn.session.input_audio.mute()
        [muted] = drain(conn)  # the session went on after the errors
    responses = updated["session"]["delegation"]["responses"]
    assert responses == {"model": "gpt-5.4-mini", "instructions": "Answer in one line.", "max_output_tokens": 80}
    assert voice["error"] == {
        "type": "invalid_request_error",
        "code": "unknown_parameter",
        "message": "Unknown parameter: 'session.voice'.",
        "param": "session.voice",
        "client_event_id": "v",
    }
    assert switch["type"] == "error" and switch["error"]["param"] == "session.delegation.type"
    assert muted["type"] == "session.input_audio.muted"


def test_invalid_commands_answer_error_events() -> None:
    fake = FakeOpenAI(seed=3)
    with fake.live.connect() as conn:
        started(conn, delegation=RESPONSES)
        conn.send_raw(json.dumps({"type": "session.commentary.append", "event_id": "no-content"}))
        conn.send({"type": "session.thinking.append", "content": "x", "delegation_id": "deleg_1"})
        conn.session.output_audio.fixture.play(audio=base64.b64encode(b"\x00\x00" * 24_000 * 31).decode())
        conn.send_raw(json.dumps({"type": "no.such.event"}))
        conn.decision.create(event_id="d1")
        conn.session.start(session={"model": "gpt-live-1"})
        events = drain(conn)
    assert [e["type"] for e in events] == ["error"] * 6
    codes = [(e["error"]["code"], e["error"]["param"]) for e in events]
    assert codes == [
        ("missing_required_parameter", "content"),
        ("invalid_value", "delegation_id"),  # not accepted with Responses delegation
        ("invalid_value", "audio"),  # a fixture plays at most 30 seconds
        ("invalid_value", "type"),
        ("decisions_delegation_required", "session.delegation"),
        ("session_already_started", None),
    ]


def test_a_sideband_attaches_to_a_primary_session_and_both_hear_the_session() -> None:
    fake = FakeOpenAI(seed=4)
    with fake.live.connect() as primary:
        session_id = started(primary)["id"]
        with fake.live.sideband.connect(session_id=session_id) as side:
            assert isinstance(side, SidebandConnection)
            replay = drain(side, SIDEBAND)
            side.session.commentary.append(content="Your order shipped.", delegation_id=None, event_id="c1")
            primary.session.input_audio.append(audio=TENTH_OF_A_SECOND)
            primary.session.output_audio.fixture.play(audio=TENTH_OF_A_SECOND, event_id="f1")
            heard_by_side = drain(side, SIDEBAND)
            heard_by_primary = drain(primary)
    assert [e["type"] for e in replay] == ["session.started"]  # the short replay of its latest events
    assert [e["type"] for e in heard_by_side] == [
        "session.commentary.appended",
        "session.input_audio.append",  # the primary's input, reflected to the sideband only
        "session.output_audio.fixture.playing",
        "session.output_audio.fixture.played",
    ]
    assert heard_by_side[1] == {"type": "session.input_audio.append", "audio": TENTH_OF_A_SECOND}
    assert [e["type"] for e in heard_by_primary] == [
        "session.commentary.appended",
        "session.output_audio.fixture.playing",
        "session.output_audio.fixture.played",
    ]
    assert heard_by_primary[0] == heard_by_side[0] and heard_by_primary[0]["client_event_id"] == "c1"


def test_a_sideband_of_a_webrtc_session_gets_the_scripted_responses_backend_answer() -> None:
    fake = FakeOpenAI(seed=5)
    created = fake.live.create(
        session={"model": "gpt-live-1", "delegation": RESPONSES},  # type: ignore[typeddict-item]
        transport={"type": "webrtc", "sdp": "v=0"},
    )
    assert created.transport.sdp.startswith("v=0\r\n")
    fake.stub(fake.responses.create).reply("Your refund is on its way.")
    with fake.live.sideband.connect(session_id=created.session.id) as side:
        [replay] = drain(side, SIDEBAND)
        side.response.item.create(item={"type": "message", "role": "user", "content": "Where is my refund?"})
        side.response.create(event_id="r1")
        events = drain(side, SIDEBAND)
    assert replay["type"] == "session.started" and replay["session"]["id"] == created.session.id
    assert "format" not in replay["session"]["audio"]  # WebRTC negotiates its media format
    assert {e["type"] for e in events} == {"response.event"}
    assert {e["client_event_id"] for e in events} == {"r1"}
    nested = [e["event"] for e in events]
    assert nested[0]["type"] == "response.created" and nested[-1]["type"] == "response.completed"
    text = next(n["text"] for n in nested if n["type"] == "response.output_text.done")
    assert text == "Your refund is on its way."
    # Lifecycle snapshots are kept small: instructions, tools and output cleared.
    assert nested[-1]["response"]["output"] == [] and nested[-1]["response"]["instructions"] is None
    # The backend request is the fake server's: recorded with the delegation's settings.
    [call] = [c for c in fake.calls if c.endpoint == "POST /responses"]
    assert call.params["model"] == "gpt-5.4-mini" and call.params["instructions"] == "Answer in one line."
    assert call.params["input"] == [{"type": "message", "role": "user", "content": "Where is my refund?"}]


def test_decisions_over_a_primary_socket() -> None:
    fake = FakeOpenAI(seed=6)
    fake.stub(fake.decisions.create).returns(
        {"answers": [{"type": "predicate", "name": "cancel", "probability": 0.93}]}
    )
    with fake.live.connect() as conn:
        started(conn, delegation=DECISIONS)
        conn.decision.item.create(item={"type": "message", "role": "user", "content": "Cancel my plan."})
        [created] = drain(conn)
        conn.decision.create(event_id="d1")
        [decided] = drain(conn)
        conn.decision.create(event_id="d1")
        [reused] = drain(conn)
        conn.decision.item.delete(item_id=created["item"]["id"])
        conn.decision.item.delete(item_id=created["item"]["id"])
        deleted, missing = drain(conn)
    assert created["type"] == "decision.item.created" and created["item"]["id"].startswith("item_")
    assert decided["type"] == "decision.event" and decided["event"]["type"] == "decision.completed"
    assert decided["event"]["decision"]["answers"] == [{"type": "predicate", "name": "cancel", "probability": 0.93}]
    assert fake.calls[-1].endpoint == "POST /decisions"
    assert fake.calls[-1].params["input"] == [{"type": "message", "role": "user", "content": "Cancel my plan."}]
    assert reused["type"] == "error" and reused["error"]["code"] == "duplicate_event_id"
    assert deleted["type"] == "decision.item.deleted" and missing["error"]["code"] == "item_not_found"


def test_a_sideband_of_an_unknown_or_ended_session_is_refused_at_the_handshake() -> None:
    fake = FakeOpenAI(seed=7)
    with pytest.raises(InvalidStatus) as unknown, fake.live.sideband.connect(session_id="sess_unknown"):
        pass
    assert unknown.value.response.status_code == 404
    assert json.loads(unknown.value.response.body)["error"]["code"] == "session_not_found"

    with fake.live.connect() as primary:
        session_id = started(primary)["id"]
        with fake.live.sideband.connect(session_id=session_id) as side:
            drain(side, SIDEBAND)
            # A fake session is never a SIP call. Sent as the wire event: SDKs before the
            # `transport` resource (the oldest supported) send it only that way.
            side.send({"type": "transport.dtmf.send", "event": "5", "event_id": "k"})  # type: ignore[arg-type,misc]
            [dtmf] = drain(side, SIDEBAND)
            side.session.close(event_id="bye")
            closed_side = [strict(json.dumps(e.to_dict()), SIDEBAND) for e in side]  # ends: the server hung up
            with pytest.raises(ConnectionClosed):
                side.session.input_audio.mute()
        closed_primary = [e.type for e in primary]
    # The fake reads client events as the installed SDK declares them: an SDK without DTMF (the
    # oldest supported) does not know the event at all.
    declared = typing.get_args(typing.get_args(ConnectClientEvent)[0])
    knows_dtmf = any(typing.get_args(m.model_fields["type"].annotation) == ("transport.dtmf.send",) for m in declared)
    assert dtmf["type"] == "error"
    assert dtmf["error"]["code"] == ("unsupported_transport" if knows_dtmf else "invalid_value")
    assert [e["type"] for e in closed_side] == ["session.closed"]
    assert closed_side[0]["reason"] == "close_requested" and closed_side[0]["client_event_id"] == "bye"
    assert closed_side[0]["usage"]["seconds"] >= 0
    assert closed_primary == ["session.closed"]
    with pytest.raises(InvalidStatus), fake.live.sideband.connect(session_id=session_id):
        pass


def test_closing_the_primary_socket_ends_the_session_for_its_sidebands() -> None:
    fake = FakeOpenAI(seed=8)
    primary = fake.live.connect().enter()
    session_id = started(primary)["id"]
    with fake.live.sideband.connect(session_id=session_id) as side:
        drain(side, SIDEBAND)
        primary.close()
        events = [strict(json.dumps(e.to_dict()), SIDEBAND) for e in side]  # ends: the server hung up
    assert [e["type"] for e in events] == ["session.closed"] and events[0]["reason"] == "connection_lost"
    with pytest.raises(InvalidStatus), fake.live.sideband.connect(session_id=session_id):
        pass


def test_async_primary_and_sideband() -> None:
    async def run() -> tuple[list[str], list[str], str]:
        fake = FakeAsyncOpenAI(seed=9)
        fake.stub(fake.responses.create).reply("Async backend answer.")
        async with fake.live.connect() as primary:
            assert isinstance(primary, AsyncLiveConnection)
            await primary.session.start(session={"model": "gpt-live-1", "delegation": RESPONSES})  # type: ignore[typeddict-item]
            session = strict(await primary.recv_bytes())["session"]
            async with fake.live.sideband.connect(session_id=session["id"]) as side:
                replay = [strict(await side.recv_bytes(), SIDEBAND)["type"]]
                await side.response.item.create(item={"type": "message", "role": "user", "content": "Hi"})
                await side.response.create()
                seen: list[str] = []
                text = ""
                while not seen or seen[-1] != "response.completed":
                    event = strict(await primary.recv_bytes())  # the primary hears the sideband's request
                    seen.append(event["event"]["type"])
                    if event["event"]["type"] == "response.output_text.done":
                        text = event["event"]["text"]
                await side.session.close()
                seen.append(strict(await primary.recv_bytes())["type"])
            with pytest.raises(InvalidStatus):
                async with fake.live.sideband.connect(session_id="sess_unknown"):
                    pass
        return replay, seen, text

    replay, seen, text = asyncio.run(run())
    assert replay == ["session.started"]
    assert seen[0] == "response.created" and seen[-2:] == ["response.completed", "session.closed"]
    assert text == "Async backend answer."


def test_plain_clients_under_patch_openai_connect_to_live_in_memory(patch_openai: FakeOpenAI) -> None:
    patch_openai.stub(patch_openai.responses.create).reply("Patched live answer.")
    with openai.OpenAI().live.connect() as primary:
        session_id = started(primary, delegation=RESPONSES)["id"]

        async def sideband() -> list[dict[str, Any]]:
            async with openai.AsyncOpenAI().live.sideband.connect(session_id=session_id) as side:
                await side.response.item.create(item={"type": "message", "role": "user", "content": "Hi"})
                await side.response.create()
                events = [strict(await side.recv_bytes(), SIDEBAND)]  # the replay
                while events[-1]["type"] != "response.event" or events[-1]["event"]["type"] != "response.completed":
                    events.append(strict(await side.recv_bytes(), SIDEBAND))
                return events

        events = asyncio.run(sideband())
        with pytest.raises(InvalidStatus), openai.OpenAI().live.sideband.connect(session_id="sess_unknown"):
            pass
    assert events[0]["type"] == "session.started"
    text = next(e["event"]["text"] for e in events[1:] if e["event"]["type"] == "response.output_text.done")
    assert text == "Patched live answer."
    assert [c.endpoint for c in patch_openai.calls] == ["POST /responses"]


def test_same_seed_same_live_events() -> None:
    def run() -> list[dict[str, Any]]:
        fake = FakeOpenAI(seed=10)
        with fake.live.connect() as conn:
            started(conn, delegation=RESPONSES)
            conn.response.item.create(item={"type": "message", "role": "user", "content": "Hi"})
            conn.response.create()
            conn.session.close()
            return [e.to_dict() for e in conn]

    assert run() == run()
