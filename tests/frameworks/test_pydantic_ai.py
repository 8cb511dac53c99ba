"""pydantic-ai runs on the fake unchanged: an agent with a tool and a structured output, streamed and not."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import BaseModel

pytest.importorskip("pydantic_ai", reason="optional framework test: pip install -e '.[frameworks]'")

from pydantic_ai import Agent
from pydantic_ai.models.openai import OpenAIChatModel, OpenAIResponsesModel
from pydantic_ai.providers.openai import OpenAIProvider

from openai_fakes import FakeAsyncOpenAI


class Forecast(BaseModel):
    city: str
    summary: str


def chat_agent(fake: FakeAsyncOpenAI) -> Agent[None, Forecast]:
    model = OpenAIChatModel("gpt-4o", provider=OpenAIProvider(openai_client=fake))
    agent: Agent[None, Forecast] = Agent(model, output_type=Forecast)

    @agent.tool_plain
    def get_weather(city: str) -> str:
        """The weather in a city."""
        return f"Sunny in {city}"

    return agent


def test_agent_with_tool_and_structured_output() -> None:
    fake = FakeAsyncOpenAI(seed=1)
    result = asyncio.run(chat_agent(fake).run("Forecast for Paris"))
    assert isinstance(result.output, Forecast)
    assert fake.calls.call_count >= 1


def test_streamed_structured_output() -> None:
    async def main() -> Forecast:
        async with chat_agent(FakeAsyncOpenAI(seed=2)).run_stream("Forecast for Rome") as run:
            return await run.get_output()

    assert isinstance(asyncio.run(main()), Forecast)


def test_responses_model() -> None:
    fake = FakeAsyncOpenAI(seed=3)
    agent: Agent[None, str] = Agent(OpenAIResponsesModel("gpt-4o", provider=OpenAIProvider(openai_client=fake)))
    result = asyncio.run(agent.run("Say hello"))
    assert isinstance(result.output, str) and result.output
