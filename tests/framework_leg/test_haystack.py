"""Haystack (haystack-ai) runs on the fake: its Agent loop with OpenAIChatGenerator calls the tool
with the prompt's argument and answers with the tool's result, a pydantic response_format comes
back as that model's JSON, sync and async, streamed, injected and under patch_openai."""

from __future__ import annotations

import os

# Haystack's telemetry is read at import: it writes ~/.haystack/config.yaml and posts usage events to
# PostHog from Pipeline runs, swallowing the error when it cannot. Off before the import, so no test
# leans on a refused connection.
os.environ["HAYSTACK_TELEMETRY_ENABLED"] = "False"

import asyncio
from typing import Annotated, Any

import pytest
from haystack.components.agents import Agent
from haystack.components.generators.chat import OpenAIChatGenerator
from haystack.dataclasses import ChatMessage, StreamingChunk
from haystack.tools import tool
from pydantic import BaseModel

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI, tool_call

from ._weather import cities_asked

SEEDS = range(3)


class Forecast(BaseModel):
    city: str
    temp_c: float
    conditions: str


def _weather_tool(calls: list[str]) -> Any:
    @tool
    def get_weather(city: Annotated[str, "The city to report on"]) -> dict[str, Any]:
        """The current weather in a city."""
        calls.append(city)
        return {"city": city, "temp_c": 21, "conditions": "sunny"}

    return get_weather


def _generator(fake: FakeOpenAI | None = None, afake: FakeAsyncOpenAI | None = None, **options: Any) -> Any:
    # The generator builds its own clients in warm_up() only while these attributes are None, so
    # setting them hands it the fakes (no key, no base URL needed).
    generator = OpenAIChatGenerator(model="gpt-4o", **options)
    generator.client = fake
    generator.async_client = afake
    return generator


@pytest.mark.parametrize("seed", SEEDS)
def test_agent_calls_the_tool_with_the_prompts_city_and_answers_with_its_result(seed: int) -> None:
    calls: list[str] = []
    fake = FakeOpenAI(seed=seed)
    agent = Agent(chat_generator=_generator(fake), tools=[_weather_tool(calls)])
    result = agent.run([ChatMessage.from_user("What's the weather in Rome?")])
    assert calls == ["Rome"]
    assert result["exit_reason"] == "text"
    answer = result["last_message"].text
    assert "Rome" in answer and "21" in answer and "sunny" in answer
    assert [call.endpoint for call in fake.calls] == ["POST /chat/completions"] * 2


@pytest.mark.parametrize("seed", SEEDS)
def test_agent_with_a_response_format_returns_the_model_filled_from_the_tool(seed: int) -> None:
    calls: list[str] = []
    fake = FakeOpenAI(seed=seed)
    # With a response_format the generator calls chat.completions.parse, which (in the SDK) accepts
    # strict tools only: tools_strict=True, or the SDK raises "`get_weather` is not strict".
    generator = _generator(fake, generation_kwargs={"response_format": Forecast}, tools_strict=True)
    agent = Agent(chat_generator=generator, tools=[_weather_tool(calls)])
    result = agent.run([ChatMessage.from_user("What's the weather in Rome?")])
    assert calls == ["Rome"]
    assert Forecast.model_validate_json(result["last_message"].text) == Forecast(
        city="Rome", temp_c=21, conditions="sunny"
    )
    assert fake.calls.last.params["response_format"]["json_schema"]["name"] == "Forecast"


@pytest.mark.parametrize("seed", SEEDS)
def test_async_streamed_agent_calls_once_per_city_and_streams_the_answer(seed: int) -> None:
    calls: list[str] = []
    chunks: list[StreamingChunk] = []

    async def collect(chunk: StreamingChunk) -> None:
        chunks.append(chunk)

    afake = FakeAsyncOpenAI(seed=seed)
    agent = Agent(chat_generator=_generator(afake=afake), tools=[_weather_tool(calls)], streaming_callback=collect)
    result = asyncio.run(agent.run_async([ChatMessage.from_user("What's the weather in Tokyo and in Paris?")]))
    # One call per city, asked in the prompt's order (the tools may run side by side).
    assert cities_asked(afake) == ["Tokyo", "Paris"] and sorted(calls) == ["Paris", "Tokyo"]
    answer = result["last_message"].text
    assert "city: Tokyo" in answer and "city: Paris" in answer
    assert "".join(chunk.content for chunk in chunks) == answer
    assert all(call.params["stream"] is True for call in afake.calls)


def test_scripted_tool_call_then_answer() -> None:
    calls: list[str] = []
    fake = FakeOpenAI()
    fake.stub(fake.chat.completions.create).sequence([tool_call("get_weather", city="Oslo"), "Cold and clear in Oslo."])
    agent = Agent(chat_generator=_generator(fake), tools=[_weather_tool(calls)])
    result = agent.run([ChatMessage.from_user("Anything to know before I travel?")])
    assert calls == ["Oslo"]
    assert result["last_message"].text == "Cold and clear in Oslo."
    tool_message = fake.calls.last.params["messages"][-1]
    assert tool_message["role"] == "tool" and "Oslo" in tool_message["content"]


def test_a_generator_that_builds_its_own_client_is_answered_under_patch_openai(patch_openai: FakeOpenAI) -> None:
    patch_openai.stub(patch_openai.chat.completions.create).reply("Patched hello.")
    generator = OpenAIChatGenerator(model="gpt-4o-mini")  # warm_up() builds a plain openai.OpenAI()
    result = generator.run([ChatMessage.from_user("Hi")])
    assert result["replies"][0].text == "Patched hello."
    patch_openai.calls.assert_called_once()
