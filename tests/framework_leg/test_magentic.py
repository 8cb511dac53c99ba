"""magentic runs on the fake unchanged (issue 16). `OpenaiChatModel` builds its own clients, so
`patch_openai` answers them. A `@prompt_chain` loop gets the prompt's city, ends, and answers
with the tool's result, sync and async; a `FunctionCall` carries the city; a pydantic return type
comes back filled from the prompt; a `StreamedStr` streams (magentic streams every call)."""

# No `from __future__ import annotations`: magentic reads a prompt function's return annotation as
# a type, and would get a string.
import asyncio
import json
import warnings

import pytest

# magentic subclasses its own deprecated UserImageMessage at import; the suite turns warnings into
# errors, and this one is about magentic's code, not the fake.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="UserImageMessage is deprecated", category=DeprecationWarning)
    from magentic import FunctionCall, OpenaiChatModel, StreamedStr, prompt, prompt_chain

from openai_fakes import FakeOpenAI, tool_call

from ._weather import Forecast, Recorder

# patch_openai's fake takes its seed from the openai_fakes marker.
SEEDS = [pytest.param(seed, marks=pytest.mark.openai_fakes(seed=seed), id=f"seed{seed}") for seed in range(3)]


@pytest.mark.parametrize("seed", SEEDS)
def test_prompt_chain_calls_the_tool_with_the_prompts_city_and_answers_with_its_result(
    seed: int, patch_openai: FakeOpenAI
) -> None:
    tool = Recorder()

    @prompt_chain("What's the weather in {city}?", functions=[tool.get_weather], model=OpenaiChatModel("gpt-4o"))
    def weather(city: str) -> str: ...

    answer = weather("Rome")
    assert tool.cities == ["Rome"]
    assert "city: Rome" in answer and "temp_c: 21" in answer and "sunny" in answer
    assert patch_openai.calls.call_count == 2
    # magentic streams every call, the loop's too.
    assert all(call.params["stream"] is True for call in patch_openai.calls)


@pytest.mark.parametrize("seed", SEEDS)
def test_async_prompt_chain(seed: int, patch_openai: FakeOpenAI) -> None:
    tool = Recorder()

    @prompt_chain("What's the weather in {city}?", functions=[tool.get_weather], model=OpenaiChatModel("gpt-4o"))
    async def weather(city: str) -> str: ...

    answer = asyncio.run(weather("Tokyo"))
    assert tool.cities == ["Tokyo"]
    assert "city: Tokyo" in answer and "sunny" in answer


@pytest.mark.parametrize("seed", SEEDS)
def test_function_call_carries_the_prompts_city(seed: int, patch_openai: FakeOpenAI) -> None:
    tool = Recorder()

    @prompt("What's the weather in {city}?", functions=[tool.get_weather], model=OpenaiChatModel("gpt-4o"))
    def plan(city: str) -> FunctionCall[str]: ...

    call = plan("Lisbon")
    assert json.loads(call()) == {"city": "Lisbon", "temp_c": 21, "conditions": "sunny"}
    assert tool.cities == ["Lisbon"]
    # A FunctionCall return type makes magentic force a tool call.
    assert patch_openai.calls.last.params["tool_choice"] == {"type": "function", "function": {"name": "get_weather"}}


@pytest.mark.parametrize("seed", SEEDS)
def test_pydantic_return_type_is_filled_from_the_prompt(seed: int, patch_openai: FakeOpenAI) -> None:
    @prompt("Forecast for {city}", model=OpenaiChatModel("gpt-4o"))
    def forecast(city: str) -> Forecast: ...

    result = forecast("Oslo")
    assert isinstance(result, Forecast) and result.city == "Oslo"
    # magentic asks for structured output as a forced call of a tool named after the type.
    assert patch_openai.calls.last.params["tool_choice"]["function"]["name"] == "return_forecast"


def test_scripted_tool_call_then_answer(patch_openai: FakeOpenAI) -> None:
    patch_openai.stub(patch_openai.chat.completions.create).sequence(
        [tool_call("get_weather", city="Paris"), "It is sunny in Paris."]
    )
    tool = Recorder()

    @prompt_chain("What's the weather?", functions=[tool.get_weather], model=OpenaiChatModel("gpt-4o"))
    def weather() -> str: ...

    assert weather() == "It is sunny in Paris."
    assert tool.cities == ["Paris"]
    # The second request carried the tool's result back under the call's id.
    sent = patch_openai.calls.last.params["messages"]
    assert sent[-1]["role"] == "tool"
    assert json.loads(sent[-1]["content"]) == {"city": "Paris", "temp_c": 21, "conditions": "sunny"}
    assert sent[-1]["tool_call_id"] == sent[-2]["tool_calls"][0]["id"]


def test_streamed_str(patch_openai: FakeOpenAI) -> None:
    patch_openai.stub(patch_openai.chat.completions.create).reply("Hello, Ada. Nice to meet you.")

    @prompt("Say hello to {name}", model=OpenaiChatModel("gpt-4o"))
    def hello(name: str) -> StreamedStr: ...

    chunks = list(hello("Ada"))
    assert len(chunks) > 1 and "".join(chunks) == "Hello, Ada. Nice to meet you."
