"""The openai-agents SDK runs on the fake unchanged: a tool-using agent loop and structured output."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import BaseModel

agents = pytest.importorskip("agents", reason="optional framework test: pip install -e '.[frameworks]'")

from openai_fakes import FakeAsyncOpenAI  # noqa: E402


def test_agent_calls_its_tool_then_answers() -> None:
    from agents import Agent, OpenAIChatCompletionsModel, Runner, function_tool, set_tracing_disabled

    set_tracing_disabled(True)  # tracing would post to the network
    calls: list[str] = []

    @function_tool
    def get_weather(city: str) -> str:
        """The weather in a city."""
        calls.append(city)
        return f"Sunny in {city}"

    fake = FakeAsyncOpenAI(seed=1)
    agent = Agent(
        name="weather",
        instructions="Answer weather questions.",
        tools=[get_weather],
        model=OpenAIChatCompletionsModel(model="gpt-4o", openai_client=fake),
    )
    result = asyncio.run(Runner.run(agent, "Weather in Paris?"))
    assert calls, "the agent should have called its tool"
    assert isinstance(result.final_output, str) and result.final_output
    endpoints = [call.endpoint for call in fake.calls]
    assert endpoints == ["POST /chat/completions", "POST /chat/completions"]


class CityFacts(BaseModel):
    city: str
    population: int


def test_responses_model_with_structured_output() -> None:
    from agents import Agent, OpenAIResponsesModel, Runner, set_tracing_disabled

    set_tracing_disabled(True)
    fake = FakeAsyncOpenAI(seed=2)
    agent = Agent(name="facts", output_type=CityFacts, model=OpenAIResponsesModel(model="gpt-4o", openai_client=fake))
    result = asyncio.run(Runner.run(agent, "Facts about Lisbon"))
    assert isinstance(result.final_output, CityFacts)


def test_streamed_run() -> None:
    from agents import Agent, OpenAIResponsesModel, Runner, set_tracing_disabled

    set_tracing_disabled(True)
    fake = FakeAsyncOpenAI(seed=3)
    agent = Agent(name="chat", model=OpenAIResponsesModel(model="gpt-4o", openai_client=fake))

    async def main() -> str:
        run = Runner.run_streamed(agent, "Say hello")
        async for _ in run.stream_events():
            pass
        return str(run.final_output)

    assert asyncio.run(main())
