"""The Responses websocket as the beta classes see it (``client.beta.responses.connect()``), and
``response.steer`` / ``response.inject`` on both the GA and the beta sockets.

Every server event read here is checked strictly: it validates as the SDK's declared server event
type and carries no field that type does not declare.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import openai
import pydantic
import pytest
from openai.resources.beta.responses.responses import AsyncResponsesConnection, ResponsesConnection
from openai.types.beta.beta_responses_server_event import BetaResponsesServerEvent
from openai.types.responses.responses_server_event import ResponsesServerEvent

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from tests.conformance._typecheck import check_value

BETA_EVENT: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(BetaResponsesServerEvent)
GA_EVENT: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(ResponsesServerEvent)
WEATHER = {
    "type": "function",
    "name": "get_weather",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
}


# The streamed create's `response.function_call_arguments.done` names the function (as the API's
# reference example does), which the SDK's event types do not declare: tolerated, exactly that.
_STREAM_EXTRAS = (
    "$.name: unknown field on BetaResponseFunctionCallArgumentsWsDone",
    "$.name: unknown field on ResponseFunctionCallArgumentsDoneEvent",
)


def strict(raw: bytes | str, adapter: pydantic.TypeAdapter[Any], union: Any) -> dict[str, Any]:
    """The wire event, after checking it validates as ``union`` and declares every field it carries."""
    event: dict[str, Any] = json.loads(raw)
    model = adapter.validate_python(event)
    assert [e for e in check_value(model, union) if not e.startswith(_STREAM_EXTRAS)] == [], event
    return event


def read_until(conn: Any, last: str, adapter: pydantic.TypeAdapter[Any] = BETA_EVENT) -> list[dict[str, Any]]:
    union = BetaResponsesServerEvent if adapter is BETA_EVENT else ResponsesServerEvent
    events: list[dict[str, Any]] = []
    while not events or events[-1]["type"] not in (last, "error"):
        events.append(strict(conn.recv_bytes(), adapter, union))
    return events


def test_beta_socket_is_the_sdk_connection_and_carries_a_scripted_reply() -> None:
    fake = FakeOpenAI(seed=1)
    fake.stub(fake.responses.create).reply("Hello from the beta socket.")
    with fake.beta.responses.connect() as conn:
        assert isinstance(conn, ResponsesConnection)
        conn.response.create(model="gpt-4o-mini", input="Hi", stream_id="lane-1", multi_agent={"enabled": False})
        events = read_until(conn, "response.completed")
    assert events[0]["type"] == "response.created" and {e["stream_id"] for e in events} == {"lane-1"}
    final = events[-1]["response"]
    assert final["output"][0]["content"][0]["text"] == "Hello from the beta socket."
    # Handed to the server as a streamed POST /responses: recorded and stored as over HTTP.
    assert [c.endpoint for c in fake.calls] == ["POST /responses"]
    assert fake.calls[0].params["multi_agent"] == {"enabled": False}
    assert fake.responses.retrieve(final["id"]).output_text == "Hello from the beta socket."


def test_steering_a_completed_response_fails_with_the_documented_event() -> None:
    fake = FakeOpenAI(seed=2)
    with fake.beta.responses.connect() as conn:
        conn.response.create(model="gpt-4o-mini", input="Tell me a story.", stream_id="story")
        created = read_until(conn, "response.completed")
        response_id = created[-1]["response"]["id"]
        conn.response.steer(input="Make it shorter.", previous_response_id=response_id)
        completed = strict(conn.recv_bytes(), BETA_EVENT, BetaResponsesServerEvent)
        conn.response.steer(input="Make it shorter.", previous_response_id="resp_elsewhere")
        unknown = strict(conn.recv_bytes(), BETA_EVENT, BetaResponsesServerEvent)
    assert completed["type"] == "response.steer.failed"
    assert completed["error"]["code"] == "response_already_completed"
    # The input comes back uncommitted, on the target response's lane, numbered after its stream.
    assert completed["steer"] == {"previous_response_id": response_id, "input": "Make it shorter."}
    assert completed["stream_id"] == "story"
    assert completed["sequence_number"] == created[-1]["sequence_number"] + 1
    assert unknown["type"] == "response.steer.failed" and unknown["error"]["code"] == "response_not_found"
    assert "stream_id" not in unknown and "id" not in unknown["steer"]


def test_steering_a_response_waiting_for_tool_output_is_queued_for_its_continuation() -> None:
    fake = FakeOpenAI(seed=3)
    with fake.beta.responses.connect() as conn:
        conn.response.create(model="gpt-4o-mini", input="Weather in Paris?", tools=[WEATHER], tool_choice="required")  # type: ignore[list-item]
        call = read_until(conn, "response.completed")[-1]["response"]
        function_call = call["output"][0]
        conn.response.steer(input="And in Rome.", previous_response_id=call["id"])
        accepted = strict(conn.recv_bytes(), BETA_EVENT, BetaResponsesServerEvent)
        pending = strict(conn.recv_bytes(), BETA_EVENT, BetaResponsesServerEvent)
        output = {"type": "function_call_output", "call_id": function_call["call_id"], "output": '{"temp_c": 21}'}
        conn.response.create(model="gpt-4o-mini", previous_response_id=call["id"], input=[output])  # type: ignore[list-item]
        continued = read_until(conn, "response.completed")
        conn.response.steer(input="And in Oslo.", previous_response_id=call["id"])
        after = strict(conn.recv_bytes(), BETA_EVENT, BetaResponsesServerEvent)
    assert accepted["type"] == "response.steer.accepted" and accepted["steer"]["id"].startswith("steer_")
    assert pending["type"] == "response.steer.pending" and pending["steer"] == accepted["steer"]
    assert pending["reason"] == "waiting_for_required_input"
    assert pending["required_input"] == [
        {"type": "function_call_output", "call_id": function_call["call_id"], "name": "get_weather"}
    ]
    # The queued input is prepended to the continuation's input; the successor is its commit point.
    assert fake.calls[-1].params["input"] == [{"type": "message", "role": "user", "content": "And in Rome."}, output]
    assert continued[-1]["response"]["status"] == "completed"
    assert after["type"] == "response.steer.failed" and after["error"]["code"] == "response_already_completed"


def test_steering_is_not_supported_for_a_response_bound_to_a_conversation() -> None:
    fake = FakeOpenAI(seed=4)
    conversation = fake.conversations.create()
    with fake.responses.connect() as conn:
        conn.response.create(model="gpt-4o-mini", input="Hi", conversation=conversation.id)
        response_id = read_until(conn, "response.completed", GA_EVENT)[-1]["response"]["id"]
        conn.response.steer(input="Hello again.", previous_response_id=response_id)
        failed = strict(conn.recv_bytes(), GA_EVENT, ResponsesServerEvent)
    assert failed["type"] == "response.steer.failed" and failed["error"]["code"] == "steering_not_supported"


def test_invalid_steer_inject_and_background_are_error_events_and_the_socket_stays_open() -> None:
    fake = FakeOpenAI(seed=5)
    with fake.beta.responses.connect() as conn:
        conn.response.create(model="gpt-4o-mini", input="Hi")
        response_id = read_until(conn, "response.completed")[-1]["response"]["id"]
        # Events the SDK's types refuse go out as raw JSON, as a client without those types sends them.
        wrong = [{"type": "message", "role": "assistant", "content": "I said so."}]
        conn.send_raw(json.dumps({"type": "response.steer", "previous_response_id": response_id, "input": wrong}))
        wrong_role = strict(conn.recv_bytes(), BETA_EVENT, BetaResponsesServerEvent)
        conn.send_raw(
            json.dumps({"type": "response.steer", "input": "x", "previous_response_id": response_id, "stream_id": "a"})
        )
        with_lane = strict(conn.recv_bytes(), BETA_EVENT, BetaResponsesServerEvent)
        conn.send_raw(json.dumps({"type": "response.inject", "response_id": response_id}))
        no_input = strict(conn.recv_bytes(), BETA_EVENT, BetaResponsesServerEvent)
        conn.response.create(model="gpt-4o-mini", input="Hi", background=True)
        background = strict(conn.recv_bytes(), BETA_EVENT, BetaResponsesServerEvent)
        conn.response.inject(
            input=[{"type": "function_call_output", "call_id": "c1", "output": "4"}], response_id=response_id
        )
        inject = strict(conn.recv_bytes(), BETA_EVENT, BetaResponsesServerEvent)
    assert wrong_role["type"] == "error" and wrong_role["error"]["param"] == "input[0].role"
    assert with_lane["type"] == "response.steer.failed" and with_lane["error"]["code"] == "invalid_input"
    assert no_input["type"] == "error" and no_input["error"]["code"] == "missing_required_parameter"
    assert background["type"] == "error" and background["error"]["param"] == "background"
    # No fake response is ever active: injected input comes back uncommitted.
    assert inject["type"] == "response.inject.failed" and inject["error"]["code"] == "response_already_completed"
    assert inject["input"] == [{"type": "function_call_output", "call_id": "c1", "output": "4"}]
    assert [c.endpoint for c in fake.calls] == ["POST /responses"]  # the refused create was never handed on


def test_ga_socket_steers_as_the_beta_one_does() -> None:
    fake = FakeOpenAI(seed=6)
    with fake.responses.connect() as conn:
        conn.response.create(model="gpt-4o-mini", input="Hi", stream_id="ga")
        response_id = read_until(conn, "response.completed", GA_EVENT)[-1]["response"]["id"]
        conn.response.steer(input="Shorter.", previous_response_id=response_id)
        failed = strict(conn.recv_bytes(), GA_EVENT, ResponsesServerEvent)
    assert failed["type"] == "response.steer.failed" and failed["error"]["code"] == "response_already_completed"
    assert failed["stream_id"] == "ga"


def test_async_beta_socket_scripted_and_steered() -> None:
    async def run() -> tuple[list[dict[str, Any]], dict[str, Any]]:
        fake = FakeAsyncOpenAI(seed=7)
        fake.stub(fake.responses.create).reply("Async over the beta socket.")
        async with fake.beta.responses.connect() as conn:
            assert isinstance(conn, AsyncResponsesConnection)
            await conn.response.create(model="gpt-4o-mini", input="Hi")
            events: list[dict[str, Any]] = []
            while not events or events[-1]["type"] != "response.completed":
                events.append(strict(await conn.recv_bytes(), BETA_EVENT, BetaResponsesServerEvent))
            await conn.response.steer(input="Again.", previous_response_id=events[-1]["response"]["id"])
            steer = strict(await conn.recv_bytes(), BETA_EVENT, BetaResponsesServerEvent)
        return events, steer

    events, steer = asyncio.run(run())
    assert events[-1]["response"]["output"][0]["content"][0]["text"] == "Async over the beta socket."
    assert steer["type"] == "response.steer.failed" and steer["error"]["code"] == "response_already_completed"


def test_plain_clients_under_patch_openai_use_the_beta_socket(patch_openai: FakeOpenAI) -> None:
    patch_openai.stub(patch_openai.responses.create).reply("Patched beta socket.")
    with openai.OpenAI().beta.responses.connect() as conn:
        conn.response.create(model="gpt-4o-mini", input="Hi")
        events = read_until(conn, "response.completed")

    async def run() -> dict[str, Any]:
        async with openai.AsyncOpenAI().beta.responses.connect() as conn:
            await conn.response.steer(input="x", previous_response_id=events[-1]["response"]["id"])
            return strict(await conn.recv_bytes(), BETA_EVENT, BetaResponsesServerEvent)

    other_connection = asyncio.run(run())
    assert events[-1]["response"]["output"][0]["content"][0]["text"] == "Patched beta socket."
    assert [c.endpoint for c in patch_openai.calls] == ["POST /responses"]
    # Steering is per connection: a response created on another socket is not found on this one.
    assert other_connection["error"]["code"] == "response_not_found"


@pytest.mark.parametrize("seed", [11, 12])
def test_same_seed_same_events_over_the_beta_socket(seed: int) -> None:
    def run() -> list[dict[str, Any]]:
        fake = FakeOpenAI(seed=seed)
        with fake.beta.responses.connect() as conn:
            conn.response.create(model="gpt-4o-mini", input="Name a colour.")
            return read_until(conn, "response.completed")

    assert run() == run()
