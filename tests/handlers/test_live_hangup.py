"""``client.live.sessions.hangup(session_id)`` ends a Live session the fake holds: its connections
get ``session.closed`` (reason ``remote_hangup``) and are hung up, and the session cannot be
attached to any more. An id the fake never issued (a SIP call announced by webhook) answers 200."""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.exceptions import InvalidStatus

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from tests.handlers._live import SIDEBAND, drain, strict


def test_hangup_ends_a_held_session_for_every_connection() -> None:
    fake = FakeOpenAI(seed=3)
    with fake.live.connect() as primary:
        primary.session.start(session={"model": "gpt-live-1"})  # type: ignore[typeddict-item]
        session_id = drain(primary)[0]["session"]["id"]
        with fake.live.sideband.connect(session_id=session_id) as side:
            drain(side, SIDEBAND)
            assert fake.live.sessions.hangup(session_id) is None
            closed = [strict(json.dumps(e.to_dict()), SIDEBAND) for e in side]  # ends: hung up
        on_primary = [e.type for e in primary]
    assert [e["type"] for e in closed] == ["session.closed"] and closed[0]["reason"] == "remote_hangup"
    assert on_primary == ["session.closed"]
    with pytest.raises(InvalidStatus), fake.live.sideband.connect(session_id=session_id):
        pass


def test_a_webrtc_session_hung_up_cannot_be_attached_to() -> None:
    fake = FakeOpenAI(seed=4)
    created = fake.live.with_raw_response.create(
        session={"model": "gpt-live-1"},  # type: ignore[typeddict-item]
        transport={"type": "webrtc", "sdp": "v=0\r\n"},  # type: ignore[typeddict-item]
    ).parse()
    session_id = created.session.id
    fake.live.sessions.hangup(session_id)
    with pytest.raises(InvalidStatus), fake.live.sideband.connect(session_id=session_id):
        pass


def test_an_id_the_fake_never_issued_answers_as_a_sip_call_would() -> None:
    fake = FakeOpenAI(seed=5)
    assert fake.live.sessions.hangup("rtc_from_a_webhook") is None
    assert fake.calls.last.status == 200


def test_async_hangup() -> None:
    async def run() -> list[str]:
        fake = FakeAsyncOpenAI(seed=6)
        async with fake.live.connect() as primary:
            await primary.session.start(session={"model": "gpt-live-1"})  # type: ignore[typeddict-item]
            session_id = strict(await primary.recv_bytes())["session"]["id"]
            await fake.live.sessions.hangup(session_id)
            return [event.type async for event in primary]

    assert asyncio.run(run()) == ["session.closed"]
