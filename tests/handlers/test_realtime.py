"""Realtime: client.realtime.connect() runs the SDK's own connection on an in-memory session."""

from __future__ import annotations

import asyncio
import base64
import json
import random
import threading
from typing import Any

import pydantic
import pytest
from openai.resources.realtime.realtime import AsyncRealtimeConnection, RealtimeConnection
from openai.types.realtime import RealtimeServerEvent

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes._client.realtime_socket import new_session

SERVER_EVENT: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(RealtimeServerEvent)
WEATHER_TOOL = {
    "type": "function",
    "name": "get_weather",
    "description": "Current weather in a city",
    "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["c", "f"]}},
        "required": ["city", "unit"],
        "additionalProperties": False,
    },
}
USER_TEXT = {
    "type": "message",
    "role": "user",
    "content": [{"type": "input_text", "text": "What is the capital of France?"}],
}


def until_done(conn: RealtimeConnection) -> list[Any]:
    events = []
    for event in conn:
        events.append(event)
        if event.type == "response.done":
            break
    return events


def raw_events(conn: RealtimeConnection, count: int) -> list[dict[str, Any]]:
    return [json.loads(conn.recv_bytes()) for _ in range(count)]


def assert_valid(event: dict[str, Any]) -> None:
    """The event validates strictly as one of the SDK's server event types (not a loose construct)."""
    model = SERVER_EVENT.validate_python(event)
    assert model.type == event["type"]


def text_session(conn: RealtimeConnection, **session: Any) -> None:
    conn.recv()  # session.created
    conn.session.update(session={"type": "realtime", "output_modalities": ["text"], **session})  # type: ignore[arg-type]
    assert conn.recv().type == "session.updated"


def test_connect_yields_the_sdk_connection_and_session_created() -> None:
    fake = FakeOpenAI(seed=1)
    with fake.realtime.connect(model="gpt-realtime") as conn:
        assert isinstance(conn, RealtimeConnection)
        raw = json.loads(conn.recv_bytes())
    assert raw["type"] == "session.created"
    assert raw["event_id"].startswith("event_") and len(raw["event_id"]) == len("event_") + 21
    session = raw["session"]
    assert session["id"].startswith("sess_") and session["model"] == "gpt-realtime-2025-08-28"
    assert session["output_modalities"] == ["audio"] and session["audio"]["output"]["voice"] == "alloy"
    assert session["expires_at"] > 1_767_225_600
    assert_valid(raw)


def test_session_update_merges_and_is_reported() -> None:
    fake = FakeOpenAI(seed=1)
    with fake.realtime.connect(model="gpt-realtime") as conn:
        conn.recv()
        conn.session.update(
            session={"type": "realtime", "instructions": "Be brief.", "audio": {"output": {"voice": "marin"}}}
        )
        raw = raw_events(conn, 1)[0]
    assert raw["type"] == "session.updated"
    assert raw["session"]["instructions"] == "Be brief."
    assert raw["session"]["audio"]["output"] == {
        "format": {"type": "audio/pcm", "rate": 24000},
        "voice": "marin",
        "speed": 1.0,
    }
    assert raw["session"]["audio"]["input"]["format"]["type"] == "audio/pcm"  # untouched keys survive the merge
    assert_valid(raw)


def test_text_response_streams_the_ga_event_sequence_and_every_event_validates() -> None:
    fake = FakeOpenAI(seed=2)
    with fake.realtime.connect(model="gpt-realtime") as conn:
        text_session(conn)
        conn.conversation.item.create(item=USER_TEXT)  # type: ignore[arg-type]
        conn.response.create()
        raw: list[dict[str, Any]] = []
        while not raw or raw[-1]["type"] != "rate_limits.updated":
            raw.append(json.loads(conn.recv_bytes()))
    for event in raw:
        assert_valid(event)
    kinds = [e["type"] for e in raw]
    assert kinds[:2] == ["conversation.item.added", "conversation.item.done"]
    deltas = [e for e in raw if e["type"] == "response.output_text.delta"]
    first = kinds.index("response.output_text.delta")
    assert kinds[2:first] == [
        "response.created",
        "response.output_item.added",
        "conversation.item.added",
        "response.content_part.added",
    ]
    assert kinds[first + len(deltas) :] == [
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "conversation.item.done",
        "response.done",
        "rate_limits.updated",
    ]
    text = "".join(d["delta"] for d in deltas)
    done = raw[kinds.index("response.done")]["response"]
    assert raw[kinds.index("response.output_text.done")]["text"] == text
    assert done["status"] == "completed" and done["output"][0]["content"] == [{"type": "output_text", "text": text}]
    assert done["id"].startswith("resp_") and done["conversation_id"].startswith("conv_")
    assert {e["response_id"] for e in raw if "response_id" in e} == {done["id"]}
    usage = done["usage"]
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"] > 0
    details = usage["input_token_details"]
    assert details["text_tokens"] + details["audio_tokens"] == usage["input_tokens"]
    assert len({e["event_id"] for e in raw}) == len(raw)


def test_user_item_gets_an_id_and_the_reply_joins_the_conversation() -> None:
    fake = FakeOpenAI(seed=3)
    with fake.realtime.connect(model="gpt-realtime") as conn:
        text_session(conn)
        conn.conversation.item.create(item=USER_TEXT)  # type: ignore[arg-type]
        added = conn.recv()
        conn.recv()
        conn.response.create()
        until_done(conn)
        conn.recv()  # rate limits
        assert added.type == "conversation.item.added"
        user_id = added.item.id
        assert user_id is not None and user_id.startswith("item_")
        conn.conversation.item.retrieve(item_id=user_id)
        retrieved = conn.recv()
        assert retrieved.type == "conversation.item.retrieved" and retrieved.item.id == user_id
        conn.conversation.item.delete(item_id=user_id)
        assert conn.recv().type == "conversation.item.deleted"
        conn.conversation.item.retrieve(item_id=user_id)
        error = conn.recv()
    assert error.type == "error" and error.error.code == "item_not_found"


def test_same_seed_same_events_and_prompt_shapes_the_text() -> None:
    def run(seed: int, question: str) -> list[str]:
        fake = FakeOpenAI(seed=seed)
        with fake.realtime.connect(model="gpt-realtime") as conn:
            text_session(conn)
            item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": question}]}
            conn.conversation.item.create(item=item)  # type: ignore[arg-type]
            conn.response.create()
            conn.close()
            return [e.to_json() for e in conn]

    assert run(5, "Tell me about Paris") == run(5, "Tell me about Paris")
    assert run(5, "Tell me about Paris") != run(5, "How do magnets work?")


def test_function_tool_is_called_with_schema_valid_arguments_then_the_loop_ends_with_text() -> None:
    fake = FakeOpenAI(seed=4)
    with fake.realtime.connect(model="gpt-realtime") as conn:
        text_session(conn, tools=[WEATHER_TOOL], tool_choice="required")
        conn.conversation.item.create(item=USER_TEXT)  # type: ignore[arg-type]
        conn.response.create()
        events = until_done(conn)
        kinds = [e.type for e in events]
        assert "response.function_call_arguments.delta" in kinds and "response.output_text.delta" not in kinds
        done_args = next(e for e in events if e.type == "response.function_call_arguments.done")
        deltas = "".join(e.delta for e in events if e.type == "response.function_call_arguments.delta")
        arguments = json.loads(done_args.arguments)
        assert deltas == done_args.arguments and done_args.name == "get_weather"
        assert set(arguments) == {"city", "unit"} and arguments["unit"] in ("c", "f")
        call = events[-1].response.output[0]
        assert call.type == "function_call" and call.call_id == done_args.call_id and call.call_id.startswith("call_")

        conn.session.update(session={"type": "realtime", "tool_choice": "auto"})
        conn.conversation.item.create(
            item={"type": "function_call_output", "call_id": done_args.call_id, "output": '{"temp": 21}'}
        )
        conn.response.create()
        second = until_done(conn)
    assert second[-1].response.output[0].type == "message"


def test_function_output_for_an_unknown_call_is_an_error_event() -> None:
    fake = FakeOpenAI(seed=4)
    with fake.realtime.connect(model="gpt-realtime") as conn:
        conn.recv()
        conn.conversation.item.create(
            item={"type": "function_call_output", "call_id": "call_nope", "output": "{}"}, event_id="evt_1"
        )
        error = conn.recv()
    assert error.type == "error"
    assert error.error.param == "item.call_id" and error.error.event_id == "evt_1"


def test_audio_response_has_transcript_deltas_and_real_pcm() -> None:
    fake = FakeOpenAI(seed=6)
    with fake.realtime.connect(model="gpt-realtime") as conn:
        conn.recv()
        conn.conversation.item.create(item=USER_TEXT)  # type: ignore[arg-type]
        conn.response.create()  # the session's default modality is audio
        events = until_done(conn)
    kinds = [e.type for e in events]
    assert "response.output_text.delta" not in kinds
    audio = b"".join(base64.b64decode(e.delta) for e in events if e.type == "response.output_audio.delta")
    transcript = "".join(e.delta for e in events if e.type == "response.output_audio_transcript.delta")
    words = len(transcript.split())
    assert len(audio) == words * 0.4 * 24000 * 2  # 16-bit 24 kHz, ~150 words a minute
    assert any(audio[i : i + 2] != b"\x00\x00" for i in range(0, 2000, 2))  # a tone, not only silence
    done_transcript = next(e for e in events if e.type == "response.output_audio_transcript.done")
    assert done_transcript.transcript == transcript
    final = events[-1].response
    assert final.output[0].content[0].type == "output_audio" and final.output[0].content[0].transcript == transcript
    assert final.usage.output_token_details.audio_tokens == round(words * 0.4 * 10)
    assert final.usage.output_token_details.text_tokens > 0


def test_truncating_spoken_audio_drops_its_transcript() -> None:
    fake = FakeOpenAI(seed=6)
    with fake.realtime.connect(model="gpt-realtime") as conn:
        conn.recv()
        conn.conversation.item.create(item=USER_TEXT)  # type: ignore[arg-type]
        conn.response.create()
        spoken = until_done(conn)[-1].response.output[0].id
        conn.recv()
        assert spoken is not None
        conn.conversation.item.truncate(item_id=spoken, content_index=0, audio_end_ms=800)
        truncated = conn.recv()
        conn.conversation.item.retrieve(item_id=spoken)
        retrieved = conn.recv()
    assert truncated.type == "conversation.item.truncated" and truncated.audio_end_ms == 800
    assert retrieved.type == "conversation.item.retrieved"
    assert retrieved.item.content[0].transcript is None  # type: ignore[union-attr]


def test_voice_cannot_change_after_the_model_has_spoken() -> None:
    fake = FakeOpenAI(seed=6)
    with fake.realtime.connect(model="gpt-realtime") as conn:
        conn.recv()
        conn.conversation.item.create(item=USER_TEXT)  # type: ignore[arg-type]
        conn.response.create()
        until_done(conn)
        conn.recv()
        conn.session.update(session={"type": "realtime", "audio": {"output": {"voice": "cedar"}}})
        error = conn.recv()
    assert error.type == "error" and error.error.code == "cannot_update_voice"


def test_input_audio_commit_creates_a_user_item_and_transcribes_when_asked() -> None:
    fake = FakeOpenAI(seed=7)
    second = base64.b64encode(b"\x00\x01" * 24000).decode()  # one second of 24 kHz PCM16
    with fake.realtime.connect(model="gpt-realtime") as conn:
        text_session(conn, audio={"input": {"transcription": {"model": "gpt-4o-mini-transcribe"}}})
        conn.input_audio_buffer.append(audio=second)
        conn.input_audio_buffer.append(audio=second)
        conn.input_audio_buffer.commit()
        raw: list[dict[str, Any]] = []
        while not raw or raw[-1]["type"] != "conversation.item.input_audio_transcription.completed":
            raw.append(json.loads(conn.recv_bytes()))
        conn.response.create()
        done = until_done(conn)[-1]
        conn.recv()
        conn.input_audio_buffer.commit()  # now empty
        empty = conn.recv()
    for event in raw:
        assert_valid(event)
    committed, added = raw[0], raw[1]
    assert committed["type"] == "input_audio_buffer.committed" and committed["item_id"] == added["item"]["id"]
    assert added["item"]["content"] == [{"type": "input_audio", "transcript": None}]
    transcript = raw[-1]["transcript"]
    assert len(transcript.split()) == 5  # two seconds at ~150 words a minute
    assert "".join(e["delta"] for e in raw if e["type"].endswith("transcription.delta")) == transcript
    assert done.response.usage.input_token_details.audio_tokens == 20
    assert empty.type == "error" and empty.error.code == "input_audio_buffer_commit_empty"


def test_invalid_client_events_answer_error_events_and_the_session_stays_open() -> None:
    fake = FakeOpenAI(seed=8)
    with fake.realtime.connect(model="gpt-realtime") as conn:
        conn.recv()
        conn.send({"type": "no.such.event"})  # type: ignore[arg-type]
        unknown = json.loads(conn.recv_bytes())
        conn.send_raw('{"type": "conversation.item.create", "event_id": "evt_9"}')
        missing = json.loads(conn.recv_bytes())
        conn.send_raw("not json")
        bad_json = json.loads(conn.recv_bytes())
        conn.send_raw('{"type": "input_audio_buffer.append", "audio": "***"}')
        bad_audio = json.loads(conn.recv_bytes())
        conn.response.cancel()
        cancel = json.loads(conn.recv_bytes())
        conn.session.update(session={"type": "realtime", "instructions": "still here"})
        alive = conn.recv()
    for event in (unknown, missing, bad_json, bad_audio, cancel):
        assert_valid(event)
        assert event["type"] == "error" and event["error"]["type"] == "invalid_request_error"
    assert unknown["error"]["code"] == "invalid_value" and unknown["error"]["param"] == "type"
    assert missing["error"] == {
        "type": "invalid_request_error",
        "code": "missing_required_parameter",
        "message": "Missing required parameter: 'item'.",
        "param": "item",
        "event_id": "evt_9",
    }
    assert bad_json["error"]["code"] == "invalid_json"
    assert bad_audio["error"]["param"] == "audio"
    assert cancel["error"]["code"] == "response_cancel_not_active"
    assert alive.type == "session.updated"


def test_max_output_tokens_cuts_the_reply_as_incomplete() -> None:
    fake = FakeOpenAI(seed=9)
    with fake.realtime.connect(model="gpt-realtime") as conn:
        text_session(conn)
        conn.conversation.item.create(item=USER_TEXT)  # type: ignore[arg-type]
        conn.response.create(response={"max_output_tokens": 3})
        final = until_done(conn)[-1].response
    assert final.status == "incomplete" and final.status_details.reason == "max_output_tokens"
    assert final.usage.output_tokens <= 3 and final.output[0].status == "incomplete"


def test_out_of_band_response_leaves_the_conversation_alone() -> None:
    fake = FakeOpenAI(seed=10)
    with fake.realtime.connect(model="gpt-realtime") as conn:
        text_session(conn)
        conn.response.create(response={"conversation": "none", "metadata": {"topic": "summary"}, "input": [USER_TEXT]})  # type: ignore[arg-type]
        events = until_done(conn)
    assert "conversation.item.added" not in [e.type for e in events]
    final = events[-1].response
    assert final.conversation_id is None and final.metadata == {"topic": "summary"}
    assert final.usage.input_tokens > 0


def test_close_delivers_queued_events_then_iteration_ends() -> None:
    fake = FakeOpenAI(seed=11)
    with fake.realtime.connect(model="gpt-realtime") as conn:
        conn.conversation.item.create(item=USER_TEXT)  # type: ignore[arg-type]
        conn.close()
        kinds = [e.type for e in conn]
    assert kinds == ["session.created", "conversation.item.added", "conversation.item.done"]


def test_reading_with_nothing_queued_raises_instead_of_hanging() -> None:
    fake = FakeOpenAI(seed=12)
    with fake.realtime.connect(model="gpt-realtime") as conn:
        conn.recv()
        with pytest.raises(TimeoutError, match="Send a client event first"):
            conn.recv()


def test_a_reader_thread_waits_for_the_writer() -> None:
    fake = FakeOpenAI(seed=13)
    seen: list[str] = []
    with fake.realtime.connect(model="gpt-realtime") as conn:
        conn.recv()
        conn.on("response.done", lambda event: conn.close())
        conn.on("event", lambda event: seen.append(event.type))
        reader = threading.Thread(target=conn.dispatch_events)
        reader.start()
        conn.conversation.item.create(item=USER_TEXT)  # type: ignore[arg-type]
        conn.response.create()
        reader.join(timeout=10)
    assert not reader.is_alive() and "response.done" in seen


def test_events_queued_on_the_manager_are_sent_on_enter() -> None:
    fake = FakeOpenAI(seed=14)
    manager = fake.realtime.connect(model="gpt-realtime")
    manager.send({"type": "session.update", "session": {"type": "realtime", "instructions": "queued"}})
    with manager as conn:
        assert [conn.recv().type, conn.recv().type] == ["session.created", "session.updated"]


def test_async_connection_streams_the_same_events() -> None:
    async def run() -> tuple[list[str], list[str]]:
        fake = FakeAsyncOpenAI(seed=15)
        async with fake.realtime.connect(model="gpt-realtime") as conn:
            assert isinstance(conn, AsyncRealtimeConnection)
            await conn.session.update(session={"type": "realtime", "output_modalities": ["text"]})
            await conn.conversation.item.create(item=USER_TEXT)  # type: ignore[arg-type]
            await conn.response.create()
            kinds: list[str] = []
            async for event in conn:
                kinds.append(event.to_json())
                if event.type == "response.done":
                    break
            await conn.close()
            rest = [str(event.type) async for event in conn]
        return kinds, rest

    def sync_run() -> list[str]:
        fake = FakeOpenAI(seed=15)
        with fake.realtime.connect(model="gpt-realtime") as conn:
            conn.session.update(session={"type": "realtime", "output_modalities": ["text"]})
            conn.conversation.item.create(item=USER_TEXT)  # type: ignore[arg-type]
            conn.response.create()
            return [e.to_json() for e in until_done(conn)]

    events, rest = asyncio.run(run())
    assert events == sync_run()
    assert rest == ["rate_limits.updated"]


def test_async_reader_task_waits_for_a_writer_task() -> None:
    async def run() -> list[str]:
        fake = FakeAsyncOpenAI(seed=16)
        async with fake.realtime.connect(model="gpt-realtime") as conn:
            await conn.recv()

            async def read() -> list[str]:
                kinds: list[str] = []
                async for event in conn:
                    kinds.append(event.type)
                    if event.type == "response.done":
                        return kinds
                return kinds

            reader = asyncio.create_task(read())
            await asyncio.sleep(0)
            await conn.conversation.item.create(item=USER_TEXT)  # type: ignore[arg-type]
            await conn.response.create()
            return await reader

    assert asyncio.run(run())[-1] == "response.done"


def test_other_websocket_apis_are_refused_without_network() -> None:
    from openai_fakes._client.seam import FakeTransportError

    fake = FakeOpenAI(seed=1)
    with (
        pytest.raises(FakeTransportError, match="not simulated"),
        fake.realtime.translations.connect(model="gpt-realtime-translate"),
    ):
        pass


# --- the Responses API's websocket mode -----------------------------------------------------------


def test_responses_socket_streams_what_a_streamed_create_streams() -> None:
    over_socket = FakeOpenAI(seed=30)
    with over_socket.responses.connect() as conn:
        conn.send({"type": "response.create", "model": "gpt-4o-mini", "input": "Name a colour."})
        socket_events: list[dict[str, Any]] = []
        for event in conn:
            socket_events.append(event.to_dict())
            if event.type == "response.completed":
                break
    over_http = FakeOpenAI(seed=30)
    http_events: list[dict[str, Any]] = [
        e.to_dict() for e in over_http.responses.create(model="gpt-4o-mini", input="Name a colour.", stream=True)
    ]
    assert socket_events == http_events
    assert socket_events[0]["type"] == "response.created" and socket_events[-1]["response"]["status"] == "completed"
    assert [c.endpoint for c in over_socket.calls] == ["POST /responses"]
    stored = over_socket.responses.retrieve(socket_events[-1]["response"]["id"])
    assert stored.output_text == over_http.responses.retrieve(http_events[-1]["response"]["id"]).output_text


def test_responses_socket_lanes_stubs_and_errors() -> None:
    fake = FakeOpenAI(seed=31)
    fake.stub(fake.responses.create).reply("Scripted over the socket.")
    with fake.responses.connect() as conn:
        conn.send({"type": "response.create", "model": "gpt-4o-mini", "input": "Hi", "stream_id": "lane-7"})
        events = []
        for event in conn:
            events.append(event)
            if event.type == "response.completed":
                break
        conn.send({"type": "response.create", "model": "no-such-model", "input": "Hi"})
        refused = conn.recv()
        conn.send({"type": "response.steer", "input": "faster"})  # type: ignore[arg-type]
        steer = conn.recv()
    assert {getattr(e, "stream_id", None) for e in events} == {"lane-7"}
    assert events[-1].type == "response.completed"
    assert events[-1].response.output_text == "Scripted over the socket."
    assert refused.type == "error" and refused.status == 404 and refused.error.code == "model_not_found"
    # A steer names the response it steers; without one it is refused before any steering.
    assert steer.type == "error" and steer.error.code == "missing_required_parameter"
    assert steer.error.param == "previous_response_id"


def test_async_responses_socket_with_an_async_responder() -> None:
    async def run() -> str:
        fake = FakeAsyncOpenAI(seed=32)

        async def answer(call: Any) -> str:
            await asyncio.sleep(0)
            return f"You said: {call.params['input']}"

        fake.stub(fake.responses.create).respond(answer)
        async with fake.responses.connect() as conn:
            await conn.send({"type": "response.create", "model": "gpt-4o-mini", "input": "ping"})
            async for event in conn:
                if event.type == "response.completed":
                    return event.response.output_text
        return ""

    assert asyncio.run(run()) == "You said: ping"


# --- HTTP endpoints beside the websocket ----------------------------------------------------------


def test_client_secret_carries_the_session_it_opens_and_expires_as_asked() -> None:
    fake = FakeOpenAI(seed=20)
    secret = fake.realtime.client_secrets.create(
        session={
            "type": "realtime",
            "model": "gpt-realtime",
            "instructions": "Speak French.",
            "output_modalities": ["text"],
        },
        expires_after={"anchor": "created_at", "seconds": 120},
    )
    assert secret.value.startswith("ek_") and len(secret.value) == 35
    assert secret.session.type == "realtime" and secret.session.id.startswith("sess_")
    assert secret.session.model == "gpt-realtime-2025-08-28"
    assert secret.session.instructions == "Speak French." and secret.session.output_modalities == ["text"]
    assert secret.session.audio is not None and secret.session.audio.output is not None
    assert secret.session.audio.output.voice == "alloy"  # defaults kept where the request says nothing
    default = fake.realtime.client_secrets.create()
    assert default.expires_at - secret.expires_at >= 600 - 120


def test_client_secret_for_transcription_and_bad_expiry() -> None:
    import openai

    async def run() -> tuple[str, str | None]:
        fake = FakeAsyncOpenAI(seed=21)
        secret = await fake.realtime.client_secrets.create(session={"type": "transcription"})
        with pytest.raises(openai.BadRequestError) as caught:
            await fake.realtime.client_secrets.create(expires_after={"anchor": "created_at", "seconds": 5})
        body: Any = caught.value.body
        return secret.session.type, body["param"]

    assert asyncio.run(run()) == ("transcription", "expires_after.seconds")


def test_webrtc_call_answers_sdp_with_a_location() -> None:
    fake = FakeOpenAI(seed=22)
    raw = fake.realtime.calls.with_raw_response.create(sdp="v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n")
    answer = raw.parse().content.decode()
    assert raw.headers["content-type"] == "application/sdp"
    assert raw.headers["location"].startswith("/v1/realtime/calls/rtc_")
    assert answer.startswith("v=0\r\n") and "m=audio" in answer and "webrtc-datachannel" in answer
    call_id = raw.headers["location"].rsplit("/", 1)[1]
    accepted = fake.realtime.calls.with_raw_response.accept(call_id, type="realtime", model="gpt-realtime")
    assert accepted.status_code < 300 and accepted.parse() is None
    assert fake.realtime.calls.with_raw_response.hangup(call_id).status_code < 300


def _junk(rng: random.Random, depth: int = 0) -> Any:
    """A random JSON value: the shapes a buggy client might send."""
    kinds = ["null", "bool", "int", "float", "str", "list", "dict"] if depth < 3 else ["null", "int", "str"]
    kind = rng.choice(kinds)
    if kind == "list":
        return [_junk(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if kind == "dict":
        return {
            rng.choice(["type", "item", "session", "audio", "x", "content"]): _junk(rng, depth + 1)
            for _ in range(rng.randint(0, 3))
        }
    return {"null": None, "bool": True, "int": rng.randint(-5, 5), "float": 1.5, "str": rng.choice(["", "x", "é" * 3])}[
        kind
    ]


@pytest.mark.parametrize("seed", range(4))
def test_junk_client_events_each_get_an_error_event_and_the_session_goes_on(seed: int) -> None:
    # A malformed event (a "type" that is a list, a known type with junk fields, not an object...)
    # gets the API's error event, never a Python error, and the session keeps answering.
    rng = random.Random(seed)
    fake = FakeOpenAI(seed=seed)
    session: Any = new_session(fake._fake_server, "realtime", {"model": "gpt-realtime"})
    kinds = sorted(session._handlers)
    session.open()
    for _ in range(500):
        message = _junk(rng)
        if isinstance(message, dict) and rng.random() < 0.7:
            message["type"] = rng.choice([*kinds, [], {}, 3, None])
        events = session.receive(json.dumps(message))
        assert events, message
        for event in events:
            assert_valid(event)
    alive = session.receive(json.dumps({"type": "session.update", "session": {"type": "realtime"}}))
    assert [event["type"] for event in alive] == ["session.updated"]


@pytest.mark.parametrize("seed", range(6))
def test_unscripted_realtime_follows_the_conversation(seed: int) -> None:
    # Issue 16: the city the user named is the argument, and the answer states the tool's result.
    fake = FakeOpenAI(seed=seed)
    with fake.realtime.connect(model="gpt-realtime") as conn:
        text_session(conn, tools=[WEATHER_TOOL])
        item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Weather in Kyoto?"}]}
        conn.conversation.item.create(item=item)  # type: ignore[arg-type]
        conn.response.create()
        done_args = next(e for e in until_done(conn) if e.type == "response.function_call_arguments.done")
        assert json.loads(done_args.arguments)["city"] == "Kyoto"
        conn.conversation.item.create(
            item={"type": "function_call_output", "call_id": done_args.call_id, "output": '{"temp": 12}'}
        )
        conn.response.create()
        message = until_done(conn)[-1].response.output[0]
    assert message.type == "message" and "temp: 12" in json.dumps(message.model_dump())
