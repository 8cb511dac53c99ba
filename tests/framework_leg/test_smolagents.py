"""smolagents runs on the fake: OpenAIServerModel takes the client (or builds a plain one that
patch_openai answers). A ToolCallingAgent's loop runs unscripted: the first step calls the tool
with the prompt's city, the next calls final_answer with the tool's result, plain and streamed; a
CodeAgent runs the code a scripted reply holds, as text or as its structured {thought, code}.

smolagents writes its tool loop into the transcript as text ("Calling tools: [...]" from the
assistant, "Observation: ..." from the user) instead of tool messages; the unscripted model reads
those as the call and its result (docs/unscripted-model.md), so the loop ends on its own.
smolagents needs no network switch: it contacts the Hugging Face Hub only to load tools or models
from it, which these tests never do."""

from __future__ import annotations

from typing import Any

import openai
import pytest
from smolagents import CodeAgent, OpenAIServerModel, ToolCallingAgent, tool

from openai_fakes import FakeOpenAI

SEEDS = range(6)


def _weather_tool(calls: list[str]) -> Any:
    @tool
    def get_weather(city: str) -> str:
        """The current weather in a city.

        Args:
            city: The city to report on.
        """
        calls.append(city)
        return f"Sunny, 23 C in {city}"

    return get_weather


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("stream", [False, True])
def test_tool_calling_agent_calls_the_tool_with_the_prompts_city_and_answers_with_its_result(
    seed: int, stream: bool
) -> None:
    calls: list[str] = []
    fake = FakeOpenAI(seed=seed)  # nothing scripted
    agent = ToolCallingAgent(
        tools=[_weather_tool(calls)],
        model=OpenAIServerModel("gpt-4o", client=fake),
        max_steps=4,
        verbosity_level=0,
        stream_outputs=stream,
    )

    answer = agent.run("What's the weather in Rome?")

    assert calls == ["Rome"]  # the first step read the city off the prompt
    # The second step read the written-out call and its observation, and ended the loop with it.
    assert answer == "get_weather returned Sunny, 23 C in Rome."
    assert fake.calls.call_count == 2  # one tool step, one final_answer step: the loop ended
    first = fake.calls[0].params
    assert [t["function"]["name"] for t in first["tools"]] == ["get_weather", "final_answer"]
    assert first["tool_choice"] == "required"
    assert [call.params.get("stream") for call in fake.calls] == ([True, True] if stream else [None, None])


@pytest.mark.parametrize("seed", SEEDS)
def test_tool_calling_agent_calls_each_tool_once_then_answers_with_both_results(seed: int) -> None:
    weather: list[str] = []
    times: list[str] = []

    @tool
    def get_time(city: str) -> str:
        """The local time in a city.

        Args:
            city: The city to report on.
        """
        times.append(city)
        return f"It is 5 PM in {city}"

    fake = FakeOpenAI(seed=seed)
    agent = ToolCallingAgent(
        tools=[_weather_tool(weather), get_time],
        model=OpenAIServerModel("gpt-4o", client=fake),
        max_steps=5,
        verbosity_level=0,
    )

    answer = agent.run("What's the weather and the local time in Rome?")

    assert (weather, times) == (["Rome"], ["Rome"])  # the tool not yet called goes next, not the same one
    assert answer == "get_weather returned Sunny, 23 C in Rome. get_time returned It is 5 PM in Rome."
    assert fake.calls.call_count == 3


def test_code_agent_runs_the_scripted_code_and_returns_the_tools_result() -> None:
    calls: list[str] = []
    fake = FakeOpenAI(seed=0)
    fake.stub(fake.chat.completions.create).reply(
        'Thought: look it up, then answer.\n<code>\nreport = get_weather(city="Oslo")\nfinal_answer(report)\n</code>'
    )
    agent = CodeAgent(tools=[_weather_tool(calls)], model=OpenAIServerModel("gpt-4o", client=fake), verbosity_level=0)

    assert agent.run("What's the weather in Oslo?") == "Sunny, 23 C in Oslo"
    assert calls == ["Oslo"]
    assert "</code>" in fake.calls.last.params["stop"]  # the code block's end is a stop sequence


def test_code_agent_with_structured_outputs_reads_the_json_schema_answer() -> None:
    calls: list[str] = []
    fake = FakeOpenAI(seed=0)
    fake.stub(fake.chat.completions.create).structured(
        {"thought": "Look it up, then answer.", "code": 'final_answer(get_weather(city="Lima"))'}
    )
    agent = CodeAgent(
        tools=[_weather_tool(calls)],
        model=OpenAIServerModel("gpt-4o", client=fake),
        use_structured_outputs_internally=True,
        verbosity_level=0,
    )

    assert agent.run("What's the weather in Lima?") == "Sunny, 23 C in Lima"
    assert calls == ["Lima"]
    response_format = fake.calls.last.params["response_format"]
    assert response_format["type"] == "json_schema"
    assert set(response_format["json_schema"]["schema"]["required"]) == {"thought", "code"}


def test_a_model_that_builds_its_own_client_is_answered_under_patch_openai(patch_openai: FakeOpenAI) -> None:
    calls: list[str] = []
    model = OpenAIServerModel("gpt-4o")  # no client: smolagents builds a plain openai.OpenAI
    assert type(model.client) is openai.OpenAI
    agent = ToolCallingAgent(tools=[_weather_tool(calls)], model=model, verbosity_level=0)

    assert agent.run("What's the weather in Madrid?") == "get_weather returned Sunny, 23 C in Madrid."
    assert calls == ["Madrid"]
    assert patch_openai.calls.call_count == 2
