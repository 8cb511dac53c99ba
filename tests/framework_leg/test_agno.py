"""agno runs on the fake: OpenAIChat and OpenAIResponses take the clients (client= for run,
async_client= for arun), or build plain ones that patch_openai answers. Unscripted, the agent calls
its tool with the prompt's city (one call per city named), the loop ends and the answer states the
tool's result; an output_schema comes back as that model filled from the tool's values; sync, async
and streamed."""

from __future__ import annotations

import os

# agno posts a telemetry event for every run to its API from a background thread and swallows the
# failure; off before the import, so no test leans on a refused connection.
os.environ["AGNO_TELEMETRY"] = "false"

import asyncio
import json
from typing import Any

import pytest
from agno.agent import Agent
from agno.models.openai import OpenAIChat, OpenAIResponses
from pydantic import BaseModel

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI

from ._weather import cities_asked

SEEDS = range(3)


class Forecast(BaseModel):
    city: str
    temp_c: float
    conditions: str


def _weather_tool(calls: list[str]) -> Any:
    def get_weather(city: str) -> str:
        """The current weather in a city.

        Args:
            city: The city to report on.
        """
        calls.append(city)
        return json.dumps({"city": city, "temp_c": 21, "conditions": "sunny"})

    return get_weather


def _model(model_class: Any, seed: int) -> tuple[Any, FakeOpenAI, FakeAsyncOpenAI]:
    fake, afake = FakeOpenAI(seed=seed), FakeAsyncOpenAI(seed=seed)
    return model_class(id="gpt-4o", client=fake, async_client=afake), fake, afake


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("model_class", [OpenAIChat, OpenAIResponses])
def test_agent_calls_the_tool_with_the_prompts_city_and_answers_with_its_result(seed: int, model_class: Any) -> None:
    calls: list[str] = []
    model, fake, _ = _model(model_class, seed)
    agent = Agent(model=model, tools=[_weather_tool(calls)])

    answer = agent.run("What's the weather in Rome?").content

    assert calls == ["Rome"]
    assert isinstance(answer, str) and "Rome" in answer and "temp_c: 21" in answer and "sunny" in answer
    assert fake.calls.call_count == 2  # the tool step, then the answer: the loop ended
    assert agent.telemetry is False  # the switch above still reaches agno


@pytest.mark.parametrize("seed", SEEDS)
def test_async_run_makes_one_call_per_city_and_states_both_results(seed: int) -> None:
    calls: list[str] = []
    model, fake, afake = _model(OpenAIChat, seed)
    agent = Agent(model=model, tools=[_weather_tool(calls)])

    answer = asyncio.run(agent.arun("What's the weather in Lisbon and in Porto?")).content

    assert cities_asked(afake) == ["Lisbon", "Porto"] and sorted(calls) == ["Lisbon", "Porto"]
    assert isinstance(answer, str) and "city: Lisbon" in answer and "city: Porto" in answer
    assert (fake.calls.call_count, afake.calls.call_count) == (0, 2)  # arun uses the async client only


@pytest.mark.parametrize("seed", SEEDS)
def test_streamed_run_yields_the_answer_with_the_tools_result(seed: int) -> None:
    calls: list[str] = []
    model, fake, _ = _model(OpenAIChat, seed)
    agent = Agent(model=model, tools=[_weather_tool(calls)])

    text = "".join(str(event.content) for event in agent.run("How warm is it in Tokyo?", stream=True) if event.content)

    assert calls == ["Tokyo"]
    assert "city: Tokyo" in text and "temp_c: 21" in text
    assert [call.params.get("stream") for call in fake.calls] == [True, True]


@pytest.mark.parametrize("seed", SEEDS)
def test_output_schema_is_filled_from_the_tools_result(seed: int) -> None:
    calls: list[str] = []
    model, fake, _ = _model(OpenAIChat, seed)
    agent = Agent(model=model, tools=[_weather_tool(calls)], output_schema=Forecast)

    forecast = agent.run("What's the weather in Rome?").content

    assert calls == ["Rome"]
    assert forecast == Forecast(city="Rome", temp_c=21, conditions="sunny")
    assert fake.calls.last.params["response_format"]["type"] == "json_schema"


def test_a_scripted_answer_is_the_agents_answer() -> None:
    model, fake, _ = _model(OpenAIChat, 0)
    fake.stub(fake.chat.completions.create).reply("Pack an umbrella.")
    agent = Agent(model=model, instructions="You give travel advice.")

    assert agent.run("Anything to pack for Bergen?").content == "Pack an umbrella."
    sent = fake.calls.last.params["messages"]
    # agno sends its instructions as a developer message, the role newer models take
    assert sent[0]["role"] == "developer" and "You give travel advice." in sent[0]["content"]
    assert sent[-1] == {"role": "user", "content": "Anything to pack for Bergen?"}


def test_a_model_that_builds_its_own_client_is_answered_under_patch_openai(patch_openai: FakeOpenAI) -> None:
    calls: list[str] = []
    agent = Agent(model=OpenAIChat(id="gpt-4o"), tools=[_weather_tool(calls)])  # agno builds openai.OpenAI()

    answer = agent.run("What's the weather in Madrid?").content

    assert calls == ["Madrid"]
    assert isinstance(answer, str) and "city: Madrid" in answer
    assert patch_openai.calls.call_count == 2
