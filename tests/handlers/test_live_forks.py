"""Live forks: ``client.live.forks.connect(session_id=...)`` runs the SDK's own ``ForksConnection`` on an
in-memory fork of a stored session the fake holds.

Every server event read here validates strictly as the fork's declared server event type
(``ForkServerEvent``) and carries no field that type does not declare.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import openai
import pytest
from openai.resources.live.forks import AsyncForksConnection, ForksConnection
from websockets.exceptions import InvalidStatus

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from tests.handlers._live import DECISIONS, PRIMARY, RESPONSES, drain, strict

STORED: dict[str, Any] = {"model": "gpt-live-1", "store": True, "instructions": "Be brief.", "delegation": RESPONSES}


def stored_session(fake: FakeOpenAI, **config: Any) -> dict[str, Any]:
    """A session started (and answered once by its Responses backend) on a primary socket, then closed."""
    with fake.live.connect() as primary:
        primary.session.start(session={**STORED, **config})  # type: ignore[typeddict-item]
        session: dict[str, Any] = strict(primary.recv_bytes(), PRIMARY)["session"]
        if session["delegation"]["type"] == "responses":
            primary.response.item.create(item={"type": "message", "role": "user", "content": "My name is Ada."})
            primary.response.create()
        else:
            primary.decision.item.create(item={"type": "message", "role": "user", "content": "Cancel my plan."})
        drain(primary, PRIMARY)
    return session


def test_a_fork_starts_a_new_session_that_inherits_the_stored_one() -> None:
    fake = FakeOpenAI(seed=1)
    stored = stored_session(fake)
    stored_response = fake.calls[-1].response["id"]
    with fake.live.forks.connect(session_id=stored["id"]) as fork:
        assert isinstance(fork, ForksConnection)
        fork.session.start(session={}, event_id="fork-1")
        [started] = drain(fork)
        fork.response.item.create(item={"type": "message", "role": "user", "content": "What is my name?"})
        fork.response.create()
        streamed = drain(fork)
        fork.session.close()
        closed = [strict(json.dumps(e.to_dict())) for e in fork]  # ends: the server hung up
    assert started["type"] == "session.started" and started["client_event_id"] == "fork-1"
    session = started["session"]
    assert session["id"].startswith("sess_") and session["id"] != stored["id"]
    inherited = ("model", "instructions", "delegation", "store", "audio", "triggers", "input")
    assert {k: session[k] for k in inherited} == {k: stored[k] for k in inherited}
    assert [e["event"]["type"] for e in streamed][-1] == "response.completed"
    # The fork's first response continues the stored session's conversation.
    assert fake.calls[-1].params["previous_response_id"] == stored_response
    assert fake.calls[-1].params["input"] == [{"type": "message", "role": "user", "content": "What is my name?"}]
    assert [e["type"] for e in closed] == ["session.closed"] and closed[0]["session"]["id"] == session["id"]


def test_fork_overrides_and_what_a_websocket_fork_refuses() -> None:
    fake = FakeOpenAI(seed=2)
    stored = stored_session(fake)
    with fake.live.forks.connect(session_id=stored["id"]) as fork:
        fork.session.start(session={"model": "gpt-live-2"}, event_id="m")  # type: ignore[typeddict-unknown-key]
        fork.session.start(session={"client": {"data_channel": {"allowed_client_events": "all"}}}, event_id="c")
        fork.send({"type": "transport.dtmf.send", "event": "1"})  # type: ignore[arg-type]
        refused = drain(fork)
        fork.session.start(
            session={
                "audio": {"format": {"type": "audio/pcm", "rate": 16000}},
                "delegation": {"type": "responses", "responses": {"max_output_tokens": 40}},
                "store": False,
            }
        )
        [started] = drain(fork)
    assert [(e["type"], e["error"]["param"], e["error"]["client_event_id"]) for e in refused] == [
        ("error", "session.model", "m"),
        ("error", "session.client", "c"),
        ("error", "type", None),
    ]
    session = started["session"]
    assert session["audio"]["format"] == {"type": "audio/pcm", "rate": 16000}
    assert session["delegation"]["responses"] == {**RESPONSES["responses"], "max_output_tokens": 40}
    assert session["store"] is False and stored["store"] is True
    # A fork that was not stored cannot be forked in turn.
    with pytest.raises(InvalidStatus) as unstored, fake.live.forks.connect(session_id=session["id"]):
        pass
    assert unstored.value.response.status_code == 404


def test_a_decisions_fork_keeps_its_decision_items_and_its_delegation_type() -> None:
    fake = FakeOpenAI(seed=3)
    stored = stored_session(fake, delegation=DECISIONS)
    with fake.live.forks.connect(session_id=stored["id"]) as fork:
        fork.session.start(session={"delegation": {"type": "responses"}})
        [refused] = drain(fork)
        fork.session.start(session={})
        [started] = drain(fork)
        fork.decision.create(event_id="decide-1")
        [decided] = drain(fork)
    assert refused["type"] == "error" and refused["error"]["param"] == "session.delegation.type"
    assert started["session"]["delegation"]["type"] == "decisions"
    assert decided["type"] == "decision.event"
    assert fake.calls[-1].params["input"] == [{"type": "message", "role": "user", "content": "Cancel my plan."}]


def test_a_fork_of_an_unknown_or_unstored_session_is_refused_at_the_handshake() -> None:
    fake = FakeOpenAI(seed=4)
    with pytest.raises(InvalidStatus) as unknown, fake.live.forks.connect(session_id="sess_unknown"):
        pass
    assert unknown.value.response.status_code == 404
    assert json.loads(unknown.value.response.body)["error"]["code"] == "session_not_found"
    unstored = stored_session(fake, store=False)
    with pytest.raises(InvalidStatus) as refused, fake.live.forks.connect(session_id=unstored["id"]):
        pass
    error = json.loads(refused.value.response.body)["error"]
    assert refused.value.response.status_code == 404 and "store" in error["message"]


def test_a_running_session_can_be_forked_and_sidebands_attach_to_the_fork() -> None:
    fake = FakeOpenAI(seed=5)
    with fake.live.connect() as primary:
        primary.session.start(session=STORED)  # type: ignore[arg-type]
        stored = strict(primary.recv_bytes(), PRIMARY)["session"]
        with fake.live.forks.connect(session_id=stored["id"]) as fork:
            fork.session.start(session={})
            [started] = drain(fork)
            with fake.live.sideband.connect(session_id=started["session"]["id"]) as side:
                fork.session.input_audio.mute()
                heard = [json.loads(side.recv_bytes())["type"] for _ in range(2)]
            fork_events = drain(fork)
        primary_events = drain(primary, PRIMARY)
    assert heard == ["session.started", "session.input_audio.muted"]
    assert [e["type"] for e in fork_events] == ["session.input_audio.muted"]
    assert primary_events == []  # the stored session hears nothing of its fork


def test_async_fork() -> None:
    async def run() -> tuple[str, str, list[str]]:
        fake = FakeAsyncOpenAI(seed=6)
        fake.stub(fake.responses.create).reply("Forked answer.")
        async with fake.live.connect() as primary:
            await primary.session.start(session=STORED)  # type: ignore[arg-type]
            stored_id = strict(await primary.recv_bytes(), PRIMARY)["session"]["id"]
        async with fake.live.forks.connect(session_id=stored_id) as fork:
            assert isinstance(fork, AsyncForksConnection)
            await fork.session.start(session={})
            started = strict(await fork.recv_bytes())
            await fork.response.item.create(item={"type": "message", "role": "user", "content": "Hi"})
            await fork.response.create()
            seen: list[str] = []
            text = ""
            while not seen or seen[-1] != "response.completed":
                event = strict(await fork.recv_bytes())
                seen.append(event["event"]["type"])
                if event["event"]["type"] == "response.output_text.done":
                    text = event["event"]["text"]
        with pytest.raises(InvalidStatus):
            async with fake.live.forks.connect(session_id="sess_unknown"):
                pass
        return started["session"]["id"] if started["session"]["id"] != stored_id else "", text, seen

    forked_id, text, seen = asyncio.run(run())
    assert forked_id.startswith("sess_")
    assert text == "Forked answer." and seen[0] == "response.created"


def test_plain_clients_under_patch_openai_fork_in_memory(patch_openai: FakeOpenAI) -> None:
    patch_openai.stub(patch_openai.responses.create).reply("Patched fork answer.")
    stored = stored_session(patch_openai)

    async def fork_async() -> dict[str, Any]:
        async with openai.AsyncOpenAI().live.forks.connect(session_id=stored["id"]) as fork:
            await fork.session.start(session={})
            return strict(await fork.recv_bytes())

    with openai.OpenAI().live.forks.connect(session_id=stored["id"]) as fork:
        fork.session.start(session={})
        [started] = drain(fork)
    started_async = asyncio.run(fork_async())
    with pytest.raises(InvalidStatus), openai.OpenAI().live.forks.connect(session_id="sess_unknown"):
        pass
    assert started["type"] == started_async["type"] == "session.started"
    assert len({stored["id"], started["session"]["id"], started_async["session"]["id"]}) == 3


def test_same_seed_same_fork_events() -> None:
    def run() -> list[dict[str, Any]]:
        fake = FakeOpenAI(seed=7)
        stored = stored_session(fake)
        with fake.live.forks.connect(session_id=stored["id"]) as fork:
            fork.session.start(session={})
            fork.response.create()
            fork.session.close()
            return [e.to_dict() for e in fork]

    assert run() == run()
