"""Semantic Kernel runs on the fake: OpenAIChatCompletion takes it as async_client, and a
ChatCompletionAgent with a plugin calls the kernel function with the prompt's argument and answers
with its result; a pydantic response_format comes back as that model's JSON; invoke_stream streams
both turns; injected and under patch_openai."""

import ast
import asyncio
import warnings
from typing import Annotated, Any

import pytest
from pydantic import BaseModel

# Importing the OpenAI connector builds Semantic Kernel's Azure settings models, which call a
# pydantic API deprecated since 2.11: a DeprecationWarning from the framework's own code at import,
# which this suite's filterwarnings = error would turn into a collection error.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from semantic_kernel.agents import ChatCompletionAgent
    from semantic_kernel.connectors.ai.open_ai import OpenAIChatCompletion, OpenAIChatPromptExecutionSettings
    from semantic_kernel.functions import KernelArguments, kernel_function

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI, tool_call

from ._weather import cities_asked

# No `from __future__ import annotations` here: kernel_function evaluates a function's annotations
# (inspect.signature(eval_str=True)), so names in them must resolve where the plugin is defined.

SEEDS = range(3)


class Forecast(BaseModel):
    city: str
    temp_c: float
    conditions: str


class WeatherPlugin:
    def __init__(self) -> None:
        self.calls: list[str] = []

    @kernel_function(description="The current weather in a city.")
    def get_weather(self, city: Annotated[str, "The city to report on"]) -> dict[str, Any]:
        self.calls.append(city)
        # The dict itself, as Semantic Kernel users write it: the framework sends str(value),
        # Python's repr, which the fake reads as the dict's fields.
        return {"city": city, "temp_c": 21, "conditions": "sunny"}


def _agent(fake: FakeAsyncOpenAI, plugin: WeatherPlugin, **options: Any) -> ChatCompletionAgent:
    service = OpenAIChatCompletion(ai_model_id="gpt-4o", async_client=fake)
    return ChatCompletionAgent(service=service, name="weather", plugins=[plugin], **options)


@pytest.mark.parametrize("seed", SEEDS)
def test_agent_calls_the_kernel_function_with_the_prompts_city_and_answers_with_its_result(seed: int) -> None:
    plugin = WeatherPlugin()
    fake = FakeAsyncOpenAI(seed=seed)
    response = asyncio.run(_agent(fake, plugin).get_response(messages="What's the weather in Rome?"))
    assert plugin.calls == ["Rome"]
    answer = str(response.content)
    assert "Rome" in answer and "21" in answer and "sunny" in answer
    # The agent's default function choice is "auto"; the tool is named plugin-function.
    first = fake.calls[0].params
    assert first["tool_choice"] == "auto"
    assert [tool["function"]["name"] for tool in first["tools"]] == ["WeatherPlugin-get_weather"]
    assert len(fake.calls) == 2


@pytest.mark.parametrize("seed", SEEDS)
def test_response_format_gives_the_model_filled_from_the_tools_result(seed: int) -> None:
    plugin = WeatherPlugin()
    fake = FakeAsyncOpenAI(seed=seed)
    settings = OpenAIChatPromptExecutionSettings(response_format=Forecast)
    agent = _agent(fake, plugin, arguments=KernelArguments(settings=settings))
    response = asyncio.run(agent.get_response(messages="What's the weather in Paris?"))
    assert plugin.calls == ["Paris"]
    assert Forecast.model_validate_json(str(response.content)) == Forecast(city="Paris", temp_c=21, conditions="sunny")
    assert fake.calls.last.params["response_format"]["json_schema"]["name"] == "Forecast"


@pytest.mark.parametrize("seed", SEEDS)
def test_invoke_stream_calls_once_per_city_and_streams_the_answer(seed: int) -> None:
    plugin = WeatherPlugin()
    fake = FakeAsyncOpenAI(seed=seed)
    agent = _agent(fake, plugin)

    async def run() -> str:
        parts = [
            str(item.content) async for item in agent.invoke_stream(messages="What's the weather in Oslo and in Lima?")
        ]
        return "".join(parts)

    streamed = asyncio.run(run())
    # One call per city, asked in the prompt's order (the kernel may run them side by side).
    assert cities_asked(fake) == ["Oslo", "Lima"] and sorted(plugin.calls) == ["Lima", "Oslo"]
    assert "city: Oslo, temp_c: 21" in streamed and "city: Lima, temp_c: 21" in streamed
    assert [call.params["stream"] for call in fake.calls] == [True, True]


def test_scripted_tool_call_then_answer() -> None:
    plugin = WeatherPlugin()
    fake = FakeAsyncOpenAI()
    # A script names the tool as Semantic Kernel sends it: "<plugin>-<function>".
    fake.stub(fake.chat.completions.create).sequence(
        [tool_call("WeatherPlugin-get_weather", city="Bergen"), "Rain all week in Bergen."]
    )
    response = asyncio.run(_agent(fake, plugin).get_response(messages="Should I pack an umbrella?"))
    assert plugin.calls == ["Bergen"]
    assert str(response.content) == "Rain all week in Bergen."
    tool_message = fake.calls.last.params["messages"][-1]
    assert tool_message["role"] == "tool" and ast.literal_eval(tool_message["content"])["city"] == "Bergen"


def test_a_service_that_builds_its_own_client_is_answered_under_patch_openai(patch_openai: FakeOpenAI) -> None:
    patch_openai.stub(patch_openai.chat.completions.create).reply("Patched hello.")
    # No async_client: the service builds a plain openai.AsyncOpenAI from OPENAI_API_KEY, which
    # patch_openai sets to a placeholder.
    agent = ChatCompletionAgent(service=OpenAIChatCompletion(ai_model_id="gpt-4o-mini"), name="greeter")
    response = asyncio.run(agent.get_response(messages="Hi"))
    assert str(response.content) == "Patched hello."
    patch_openai.calls.assert_called_once()
