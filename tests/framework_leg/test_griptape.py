"""griptape runs on the fake: OpenAiChatPromptDriver takes the client (client=), or builds a plain
one that patch_openai answers. Unscripted, an Agent calls its tool with the prompt's city, the loop
ends and the answer states the tool's result; an output_schema comes back as that model filled
from the tool's values, by response_format ("native") or by griptape's output tool ("tool");
streamed, and over a second run of the same agent.

griptape counts tokens with tiktoken to fit the conversation memory of earlier runs into the
prompt, and tiktoken downloads its encoding the first time; the drivers here count with
SimpleTokenizer instead, so a second run stays off the network."""

from __future__ import annotations

import json
from typing import Any

import pytest
from attrs import define, field
from griptape.artifacts import TextArtifact
from griptape.drivers.prompt.openai import OpenAiChatPromptDriver
from griptape.structures import Agent
from griptape.tokenizers import SimpleTokenizer
from griptape.tools import BaseTool
from griptape.utils import Stream
from griptape.utils.decorators import activity
from pydantic import BaseModel
from schema import Literal, Schema

from openai_fakes import FakeOpenAI

SEEDS = range(3)
TOOL_NAME = "WeatherTool_get_weather"  # griptape names a tool's function <tool class>_<activity>


class Forecast(BaseModel):
    city: str
    temp_c: float
    conditions: str


@define
class WeatherTool(BaseTool):
    calls: list[str] = field(factory=list, kw_only=True)  # the cities it was asked about

    @activity(
        config={
            "description": "The current weather in a city.",
            "schema": Schema({Literal("city", description="The city to report on"): str}),
        }
    )
    def get_weather(self, params: dict[str, Any]) -> TextArtifact:
        city = params["values"]["city"]
        self.calls.append(city)
        return TextArtifact(json.dumps({"city": city, "temp_c": 21, "conditions": "sunny"}))


def _weather_tool() -> WeatherTool:
    return WeatherTool()


def _driver(fake: FakeOpenAI | None, **options: Any) -> OpenAiChatPromptDriver:
    # SimpleTokenizer: see the module docstring (tiktoken would download its encoding)
    tokenizer = SimpleTokenizer(characters_per_token=4, max_input_tokens=128_000, max_output_tokens=4_096)
    return OpenAiChatPromptDriver(model="gpt-4o", client=fake, tokenizer=tokenizer, **options)


@pytest.mark.parametrize("seed", SEEDS)
def test_agent_calls_the_tool_with_the_prompts_city_and_answers_with_its_result(seed: int) -> None:
    fake, weather = FakeOpenAI(seed=seed), _weather_tool()
    agent = Agent(prompt_driver=_driver(fake), tools=[weather])

    answer = agent.run("What's the weather in Rome?").output.value

    assert weather.calls == ["Rome"]
    assert TOOL_NAME in answer and "city: Rome" in answer and "temp_c: 21" in answer
    assert fake.calls.call_count == 2  # the tool step, then the answer: the loop ended
    assert [tool["function"]["name"] for tool in fake.calls[0].params["tools"]] == [TOOL_NAME]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_second_run_reads_its_own_city_and_stays_off_the_network(seed: int) -> None:
    fake, weather = FakeOpenAI(seed=seed), _weather_tool()
    agent = Agent(prompt_driver=_driver(fake), tools=[weather])

    agent.run("What's the weather in Rome?")
    answer = agent.run("And what's the weather in Paris?").output.value

    assert weather.calls == ["Rome", "Paris"]
    assert "city: Paris" in answer
    second_run = fake.calls[2].params["messages"]
    assert any("Rome" in str(message.get("content")) for message in second_run)  # the memory of the first run


@pytest.mark.parametrize("seed", SEEDS)
def test_streamed_run_yields_the_answer_in_chunks(seed: int) -> None:
    fake, weather = FakeOpenAI(seed=seed), _weather_tool()
    agent = Agent(prompt_driver=_driver(fake, stream=True), tools=[weather])

    chunks = [artifact.value for artifact in Stream(agent).run("How warm is it in Tokyo?")]

    assert weather.calls == ["Tokyo"]
    assert len(chunks) > 1 and "city: Tokyo" in "".join(chunks)
    assert [call.params.get("stream") for call in fake.calls] == [True, True]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("strategy", ["native", "tool"])
def test_output_schema_is_filled_from_the_tools_result(seed: int, strategy: str) -> None:
    fake, weather = FakeOpenAI(seed=seed), _weather_tool()
    agent = Agent(
        prompt_driver=_driver(fake, structured_output_strategy=strategy), tools=[weather], output_schema=Forecast
    )

    forecast = agent.run("What's the weather in Rome?").output.value

    assert weather.calls == ["Rome"]
    assert forecast == Forecast(city="Rome", temp_c=21, conditions="sunny")
    last = fake.calls.last.params
    if strategy == "native":
        assert last["response_format"]["type"] == "json_schema"
    else:
        assert last["tool_choice"] == "required" and "response_format" not in last


def test_a_scripted_answer_is_the_agents_answer() -> None:
    fake = FakeOpenAI(seed=0)
    fake.stub(fake.chat.completions.create).reply("Pack an umbrella.")
    agent = Agent(prompt_driver=_driver(fake))

    assert agent.run("Anything to pack for Bergen?").output.value == "Pack an umbrella."
    assert fake.calls.last.params["messages"][-1] == {"role": "user", "content": "Anything to pack for Bergen?"}


def test_a_driver_that_builds_its_own_client_is_answered_under_patch_openai(patch_openai: FakeOpenAI) -> None:
    weather = _weather_tool()
    agent = Agent(prompt_driver=_driver(None), tools=[weather])  # no client: griptape builds openai.OpenAI()

    answer = agent.run("What's the weather in Madrid?").output.value

    assert weather.calls == ["Madrid"]
    assert "city: Madrid" in answer
    assert patch_openai.calls.call_count == 2
