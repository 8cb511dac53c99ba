"""Realtime transcription sessions: ``client.realtime.connect(extra_query={"intent": "transcription"})``
runs the SDK's own connection on an in-memory transcription session.

Every server event read here validates strictly as the SDK's ``RealtimeServerEvent`` and declares
every field it carries, but for the ``id`` / ``object`` / ``expires_at`` naming a session, which the
API sends (the SDK's ``RealtimeTranscriptionSessionCreateResponse`` declares them) and its
``RealtimeTranscriptionSessionCreateRequest`` does not.
"""

from __future__ import annotations

import asyncio
import base64
import json
import math
from typing import Any

import openai
import pydantic
from openai.resources.realtime.realtime import AsyncRealtimeConnection, RealtimeConnection
from openai.types.realtime import RealtimeServerEvent

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from tests.conformance._typecheck import check_value

SERVER_EVENT: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(RealtimeServerEvent)
TRANSCRIPTION = {"intent": "transcription"}
_SESSION_NAMES = tuple(f"$.session.{name}: unknown field" for name in ("id", "object", "expires_at"))
COMPLETED = "conversation.item.input_audio_transcription.completed"


def pcm(seconds: float, level: int = 16) -> str:
    """``seconds`` of 24 kHz mono PCM16, base64-encoded as input_audio_buffer.append takes it."""
    return base64.b64encode(level.to_bytes(2, "little") * round(24_000 * seconds)).decode()


def strict(raw: bytes | str) -> dict[str, Any]:
    event: dict[str, Any] = json.loads(raw)
    model = SERVER_EVENT.validate_python(event)
    problems = [p for p in check_value(model, RealtimeServerEvent) if not p.startswith(_SESSION_NAMES)]
    assert model.type == event["type"] and problems == [], event
    return event


def until_completed(conn: RealtimeConnection) -> list[dict[str, Any]]:
    events = [strict(conn.recv_bytes())]
    while events[-1]["type"] not in (COMPLETED, "error"):
        events.append(strict(conn.recv_bytes()))
    return events


def test_intent_transcription_opens_a_transcription_session_that_takes_transcription_updates() -> None:
    fake = FakeOpenAI(seed=1)
    with fake.realtime.connect(model="gpt-realtime", extra_query=TRANSCRIPTION) as conn:
        created = strict(conn.recv_bytes())
        conn.session.update(session={"type": "realtime"})
        refused = strict(conn.recv_bytes())
        conn.session.update(
            session={
                "type": "transcription",
                "audio": {"input": {"transcription": {"model": "gpt-4o-transcribe", "language": "en"}}},
            }
        )
        updated = strict(conn.recv_bytes())
    session = created["session"]
    assert created["type"] == "session.created"
    assert session["type"] == "transcription" and session["object"] == "realtime.transcription_session"
    assert session["id"].startswith("sess_") and "model" not in session and "output_modalities" not in session
    assert refused["type"] == "error" and refused["error"]["param"] == "session.type"
    assert "transcription session" in refused["error"]["message"]
    assert updated["type"] == "session.updated"
    transcription = updated["session"]["audio"]["input"]["transcription"]
    assert transcription["model"] == "gpt-4o-transcribe" and transcription["language"] == "en"
    assert updated["session"]["audio"]["input"]["format"] == {"type": "audio/pcm", "rate": 24000}  # kept


def test_committed_audio_is_transcribed_in_the_api_order_with_a_transcript_as_long_as_the_audio() -> None:
    fake = FakeOpenAI(seed=2)
    with fake.realtime.connect(extra_query=TRANSCRIPTION) as conn:
        strict(conn.recv_bytes())
        conn.input_audio_buffer.append(audio=pcm(1.0))
        conn.input_audio_buffer.append(audio=pcm(1.0))
        conn.input_audio_buffer.commit()
        first = until_completed(conn)
        conn.input_audio_buffer.append(audio=pcm(4.0, level=99))
        conn.input_audio_buffer.commit()
        second = until_completed(conn)
        conn.conversation.item.retrieve(item_id=first[0]["item_id"])
        retrieved = strict(conn.recv_bytes())
    kinds = [e["type"] for e in first]
    deltas = [e for e in first if e["type"].endswith("transcription.delta")]
    assert kinds == [
        "input_audio_buffer.committed",
        "conversation.item.added",
        "conversation.item.done",
        *["conversation.item.input_audio_transcription.delta"] * len(deltas),
        COMPLETED,
    ]
    item_id = first[0]["item_id"]
    assert {e.get("item_id", e.get("item", {}).get("id")) for e in first} == {item_id}
    assert first[1]["item"]["content"] == [{"type": "input_audio", "transcript": None}]
    completed = first[-1]
    assert len(completed["transcript"].split()) == 5  # two seconds at ~150 words a minute
    assert "".join(e["delta"] for e in deltas) == completed["transcript"]
    usage = completed["usage"]  # gpt-4o-mini-transcribe, the default, bills by tokens
    assert usage["type"] == "tokens" and usage["input_token_details"]["audio_tokens"] == 20
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    assert len(second[-1]["transcript"].split()) == 10  # four seconds
    assert second[0]["previous_item_id"] == item_id
    assert retrieved["item"]["content"][0]["transcript"] == completed["transcript"]


def test_whisper_bills_by_duration_and_logprobs_come_when_included() -> None:
    fake = FakeOpenAI(seed=3)
    with fake.realtime.connect(extra_query=TRANSCRIPTION) as conn:
        strict(conn.recv_bytes())
        conn.session.update(
            session={"type": "transcription", "audio": {"input": {"transcription": {"model": "whisper-1"}}}}
        )
        strict(conn.recv_bytes())
        conn.input_audio_buffer.append(audio=pcm(2.5))
        conn.input_audio_buffer.commit()
        whisper = until_completed(conn)
        conn.session.update(
            session={
                "type": "transcription",
                "audio": {"input": {"transcription": {"model": "gpt-4o-transcribe"}}},
                "include": ["item.input_audio_transcription.logprobs"],
            }
        )
        strict(conn.recv_bytes())
        conn.input_audio_buffer.append(audio=pcm(1.2))
        conn.input_audio_buffer.commit()
        with_logprobs = until_completed(conn)
    assert whisper[-1]["usage"] == {"type": "duration", "seconds": 3.0}  # whole seconds, rounded up
    assert "logprobs" not in whisper[-1]
    completed = with_logprobs[-1]
    assert completed["usage"]["input_token_details"]["audio_tokens"] == math.ceil(1.2 * 10)
    assert "".join(p["token"] for p in completed["logprobs"]) == completed["transcript"]
    deltas = [e for e in with_logprobs if e["type"].endswith("transcription.delta")]
    assert [e["logprobs"][0]["token"] for e in deltas] == [e["delta"] for e in deltas]


def test_a_transcription_session_refuses_responses_and_checks_what_the_model_allows() -> None:
    fake = FakeOpenAI(seed=4)
    with fake.realtime.connect(extra_query=TRANSCRIPTION) as conn:
        strict(conn.recv_bytes())
        conn.response.create(event_id="r1")
        no_response = strict(conn.recv_bytes())
        conn.input_audio_buffer.append(audio=pcm(0.05))
        conn.input_audio_buffer.commit()
        too_short = strict(conn.recv_bytes())
        whisper: Any = {
            "type": "transcription",
            "audio": {"input": {"transcription": {"model": "gpt-realtime-whisper"}}},
        }
        conn.session.update(session=whisper)  # turn detection stays server_vad: refused
        vad_refused = strict(conn.recv_bytes())
        whisper["audio"]["input"]["turn_detection"] = None
        conn.session.update(session=whisper)
        accepted = strict(conn.recv_bytes())
    assert no_response["type"] == "error" and no_response["error"]["event_id"] == "r1"
    assert "transcription session" in no_response["error"]["message"]
    assert too_short["error"]["code"] == "input_audio_buffer_commit_empty"
    assert vad_refused["type"] == "error"
    assert vad_refused["error"]["param"] == "session.audio.input.turn_detection"
    assert accepted["type"] == "session.updated"
    assert accepted["session"]["audio"]["input"]["turn_detection"] is None


def test_a_realtime_session_transcribes_its_input_the_same_way_and_stays_a_realtime_session() -> None:
    fake = FakeOpenAI(seed=5)
    with fake.realtime.connect(model="gpt-realtime") as conn:
        assert strict(conn.recv_bytes())["session"]["type"] == "realtime"
        conn.session.update(session={"type": "transcription"})
        refused = strict(conn.recv_bytes())
        transcribed: Any = {"input": {"transcription": {"model": "whisper-1"}}}
        conn.session.update(session={"type": "realtime", "audio": transcribed})
        strict(conn.recv_bytes())
        conn.input_audio_buffer.append(audio=pcm(2.0))
        conn.input_audio_buffer.commit()
        realtime = until_completed(conn)
    with fake.realtime.connect(extra_query=TRANSCRIPTION) as conn:
        strict(conn.recv_bytes())
        conn.session.update(session={"type": "transcription", "audio": transcribed})
        strict(conn.recv_bytes())
        conn.input_audio_buffer.append(audio=pcm(2.0))
        conn.input_audio_buffer.commit()
        transcription = until_completed(conn)
    assert refused["error"]["message"] == "Invalid value for 'session.type': this session is a realtime session."
    assert realtime[-1]["usage"] == {"type": "duration", "seconds": 2.0}
    assert realtime[-1]["transcript"] == transcription[-1]["transcript"]  # the same audio, the same model


def test_async_transcription_session() -> None:
    async def run() -> list[dict[str, Any]]:
        fake = FakeAsyncOpenAI(seed=6)
        async with fake.realtime.connect(extra_query=TRANSCRIPTION) as conn:
            assert isinstance(conn, AsyncRealtimeConnection)
            events = [strict(await conn.recv_bytes())]
            await conn.input_audio_buffer.append(audio=pcm(2.0))
            await conn.input_audio_buffer.commit()
            while events[-1]["type"] != COMPLETED:
                events.append(strict(await conn.recv_bytes()))
            await conn.response.create()
            events.append(strict(await conn.recv_bytes()))
        return events

    events = asyncio.run(run())
    assert events[0]["session"]["type"] == "transcription"
    assert events[1]["type"] == "input_audio_buffer.committed"
    assert len(events[-2]["transcript"].split()) == 5
    assert events[-1]["type"] == "error"


def test_plain_clients_under_patch_openai_open_transcription_sessions(patch_openai: FakeOpenAI) -> None:
    with openai.OpenAI().realtime.connect(extra_query=TRANSCRIPTION) as conn:
        created = strict(conn.recv_bytes())
        conn.input_audio_buffer.append(audio=pcm(2.0))
        conn.input_audio_buffer.commit()
        sync_events = until_completed(conn)

    async def run() -> list[dict[str, Any]]:
        async with openai.AsyncOpenAI().realtime.connect(model="gpt-realtime", extra_query=TRANSCRIPTION) as conn:
            events = [strict(await conn.recv_bytes())]
            await conn.input_audio_buffer.append(audio=pcm(2.0))
            await conn.input_audio_buffer.commit()
            while events[-1]["type"] != COMPLETED:
                events.append(strict(await conn.recv_bytes()))
            return events

    async_events = asyncio.run(run())
    assert created["session"]["type"] == async_events[0]["session"]["type"] == "transcription"
    # The transcript is drawn from the audio and the model: the same audio reads the same.
    assert sync_events[-1]["transcript"] == async_events[-1]["transcript"]


def test_same_seed_same_transcription_events() -> None:
    def run() -> list[dict[str, Any]]:
        with FakeOpenAI(seed=7).realtime.connect(extra_query=TRANSCRIPTION) as conn:
            events = [strict(conn.recv_bytes())]
            conn.input_audio_buffer.append(audio=pcm(1.5))
            conn.input_audio_buffer.commit()
            return events + until_completed(conn)

    assert run() == run()
