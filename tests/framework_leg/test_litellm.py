"""LiteLLM runs on the fake unchanged (issue 16): `completion(client=...)` takes a fake for its
OpenAI provider, and `patch_openai` answers the clients LiteLLM builds itself. A tool loop gets the
prompt's city and ends with the tool's result in the answer, sync and async-streamed; a
`response_format=` model comes back typed."""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

# LiteLLM downloads its model price map from GitHub at import unless told to read the copy it
# ships; the download would be refused here (no network), so read the bundled one.
os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"

import litellm
import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI, tool_call

from ._litellm import _event_loop_for_litellm_logging  # noqa: F401 (an autouse fixture)
from ._weather import Forecast

# The suite turns warnings into errors; two come from LiteLLM's own code, not from the fake:
# pydantic warns about the ReadOnly items of its GitHub Copilot authenticator's TypedDicts when
# LiteLLM builds their schemas on the first call, and its stream handler reads every attribute of
# each chunk's delta (`dir()` then `getattr`), pydantic's deprecated `model_fields` and `model_computed_fields` too.
pytestmark = [
    pytest.mark.filterwarnings("ignore:Items? .* on TypedDict class .*ReadOnly:UserWarning"),
    pytest.mark.filterwarnings("ignore:Accessing the 'model_(computed_)?fields' attribute on the instance"),
]

SEEDS = range(3)


WEATHER_TOOL: Any = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The current weather in a city.",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}


def get_weather(city: str) -> str:
    return json.dumps({"city": city, "temp_c": 21, "conditions": "sunny"})


def tool_messages(message: Any, calls: list[str]) -> list[dict[str, Any]]:
    """Run each tool call of an assistant message, recording the city asked for."""
    answers = []
    for call in message.tool_calls:
        city = json.loads(call.function.arguments)["city"]
        calls.append(city)
        answers.append({"role": "tool", "tool_call_id": call.id, "content": get_weather(city)})
    return answers


@pytest.mark.parametrize("seed", SEEDS)
def test_tool_loop_gets_the_prompts_city_and_answers_with_the_result(seed: int) -> None:
    fake = FakeOpenAI(seed=seed)
    messages: list[Any] = [{"role": "user", "content": "What's the weather in Rome?"}]
    calls: list[str] = []
    for _ in range(5):  # a loop that does not end fails below instead of hanging
        reply = litellm.completion(model="gpt-4o", messages=messages, tools=[WEATHER_TOOL], client=fake)
        message = reply.choices[0].message
        if not message.tool_calls:
            break
        messages.append(message.model_dump(exclude_none=True))
        messages.extend(tool_messages(message, calls))
    assert calls == ["Rome"]
    assert message.tool_calls is None
    assert "temp_c: 21" in message.content and "sunny" in message.content
    assert fake.calls.call_count == 2


@pytest.mark.parametrize("seed", SEEDS)
def test_async_streamed_tool_loop(seed: int) -> None:
    fake = FakeAsyncOpenAI(seed=seed)

    async def main() -> tuple[list[str], str]:
        messages: list[Any] = [{"role": "user", "content": "What's the weather in Rome?"}]
        calls: list[str] = []
        for _ in range(5):
            stream = await litellm.acompletion(
                model="gpt-4o", messages=messages, tools=[WEATHER_TOOL], client=fake, stream=True
            )
            chunks = [chunk async for chunk in stream]
            message = litellm.stream_chunk_builder(chunks, messages=messages).choices[0].message
            if not message.tool_calls:
                return calls, message.content
            messages.append(message.model_dump(exclude_none=True))
            messages.extend(tool_messages(message, calls))
        raise AssertionError("the loop did not end")

    calls, answer = asyncio.run(main())
    assert calls == ["Rome"]
    assert "temp_c: 21" in answer and "sunny" in answer
    assert all(call.params["stream"] is True for call in fake.calls)


@pytest.mark.parametrize("seed", SEEDS)
def test_response_format_model_is_filled_from_the_prompt(seed: int) -> None:
    fake = FakeOpenAI(seed=seed)
    reply = litellm.completion(
        model="gpt-4o",
        messages=[{"role": "user", "content": "Forecast for Oslo"}],
        response_format=Forecast,
        client=fake,
    )
    forecast = Forecast.model_validate_json(reply.choices[0].message.content)
    assert forecast.city == "Oslo"
    # LiteLLM turns the model into a strict json_schema format, as the API wants it.
    sent = fake.calls.last.params["response_format"]
    assert sent["type"] == "json_schema" and sent["json_schema"]["strict"] is True


def test_scripted_tool_call_then_answer() -> None:
    fake = FakeOpenAI(seed=0)
    fake.stub(fake.chat.completions.create).sequence([tool_call("get_weather", city="Paris"), "Sunny in Paris."])
    messages: list[Any] = [{"role": "user", "content": "Weather?"}]
    first = litellm.completion(model="gpt-4o", messages=messages, tools=[WEATHER_TOOL], client=fake)
    calls: list[str] = []
    messages.append(first.choices[0].message.model_dump(exclude_none=True))
    messages.extend(tool_messages(first.choices[0].message, calls))
    final = litellm.completion(model="gpt-4o", messages=messages, tools=[WEATHER_TOOL], client=fake)
    assert calls == ["Paris"]
    assert final.choices[0].message.content == "Sunny in Paris."
    # What LiteLLM sent back: the tool's result under the call's id.
    sent = fake.calls.last.params["messages"]
    assert sent[-1] == {
        "role": "tool",
        "tool_call_id": first.choices[0].message.tool_calls[0].id,
        "content": get_weather("Paris"),
    }


def test_clients_litellm_builds_are_answered_by_patch_openai(patch_openai: FakeOpenAI) -> None:
    patch_openai.stub(patch_openai.chat.completions.create).reply("Hello from the script.")
    reply = litellm.completion(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}])
    assert reply.choices[0].message.content == "Hello from the script."
    assert patch_openai.calls.last.params["model"] == "gpt-4o-mini"


def test_async_clients_litellm_builds_are_answered_by_patch_openai(patch_openai: FakeOpenAI) -> None:
    patch_openai.stub(patch_openai.chat.completions.create).reply("Hello, async.")
    reply = asyncio.run(litellm.acompletion(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}]))
    assert reply.choices[0].message.content == "Hello, async."
