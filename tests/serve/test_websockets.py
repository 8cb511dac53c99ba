"""The realtime websocket APIs over a real websocket: ``client.realtime.connect()`` and
``client.responses.connect()`` of the SDK, pointed at the served fake, get the events the
in-process fake gives (same seed, same messages)."""

from __future__ import annotations

from typing import Any

import openai
import pytest
from websockets.exceptions import InvalidStatus

from openai_fakes import FakeOpenAI

from .conftest import served


def _realtime_events(client: openai.OpenAI) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    with client.realtime.connect(model="gpt-realtime") as connection:
        seen.append(connection.recv().model_dump())
        connection.session.update(session={"type": "realtime", "output_modalities": ["text"]})
        connection.conversation.item.create(
            item={"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi there"}]}
        )
        connection.response.create()
        for event in connection:
            seen.append(event.model_dump())
            if event.type == "response.done":
                break
    return seen


def _responses_events(client: openai.OpenAI) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    with client.responses.connect() as connection:
        connection.response.create(model="gpt-4o-mini", input="Plan a picnic.")
        for event in connection:
            seen.append(event.model_dump())
            if event.type in ("response.completed", "error"):
                break
    return seen


@pytest.mark.parametrize("events", [_realtime_events, _responses_events])
def test_a_websocket_session_over_the_network_matches_the_in_process_one(events: Any) -> None:
    with served(seed=7) as url, openai.OpenAI(base_url=f"{url}/v1", api_key="sk-socket", max_retries=0) as remote:
        over_socket = events(remote)
    in_process = events(FakeOpenAI(seed=7))
    assert len(over_socket) > 3
    assert over_socket[-1]["type"] in ("response.done", "response.completed")
    assert over_socket == in_process


def test_a_refused_key_refuses_the_handshake() -> None:
    with (
        served(api_key="sk-the-right-key-1234") as url,
        openai.OpenAI(base_url=f"{url}/v1", api_key="sk-wrong-key-5678", max_retries=0) as wrong,
        pytest.raises(InvalidStatus) as refused,
        wrong.realtime.connect(model="gpt-realtime") as connection,
    ):
        connection.recv()
    assert refused.value.response.status_code == 403  # the handshake is refused
