"""smolagents runs on the fake: OpenAIServerModel takes the client (or builds a plain one that
patch_openai answers). A ToolCallingAgent's first step calls the tool with the prompt's city
unscripted; the loop ends on the final_answer tool carrying the tool's result, plain and streamed;
a CodeAgent runs the code a scripted reply holds, as text or as its structured {thought, code}.

smolagents writes its tool loop into the transcript as text ("Calling tools: [...]" from the
assistant, "Observation: ..." from the user) instead of tool messages, so the unscripted model
cannot tell a tool has answered: the closing final_answer is scripted here, reading the
observation off the request as a model would. smolagents needs no network switch: it contacts
the Hugging Face Hub only to load tools or models from it, which these tests never do."""

from __future__ import annotations

from typing import Any

import openai
import pytest
from smolagents import CodeAgent, OpenAIServerModel, ToolCallingAgent, tool

from openai_fakes import Call, FakeOpenAI, tool_call

SEEDS = range(3)
OBSERVATION = "Observation:"


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


def _last_message_text(call: Call) -> str:
    content = call.params["messages"][-1]["content"]
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content)


def _answer_from_the_observation(call: Call) -> Any:
    """The model's closing step: once a tool has answered, hand what it said to final_answer.
    Every other step is left to the unscripted model (None)."""
    text = _last_message_text(call)
    if text.startswith(OBSERVATION):
        return tool_call("final_answer", answer=text.removeprefix(OBSERVATION).strip())
    return None


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("stream", [False, True])
def test_tool_calling_agent_calls_the_tool_with_the_prompts_city_and_answers_with_its_result(
    seed: int, stream: bool
) -> None:
    calls: list[str] = []
    fake = FakeOpenAI(seed=seed)
    fake.stub(fake.chat.completions.create).respond(_answer_from_the_observation)
    agent = ToolCallingAgent(
        tools=[_weather_tool(calls)],
        model=OpenAIServerModel("gpt-4o", client=fake),
        max_steps=4,
        verbosity_level=0,
        stream_outputs=stream,
    )

    answer = agent.run("What's the weather in Rome?")

    assert calls == ["Rome"]  # the unscripted first step read the city off the prompt
    assert answer == "Sunny, 23 C in Rome"
    assert fake.calls.call_count == 2  # one tool step, one final_answer step: the loop ended
    first = fake.calls[0].params
    assert [t["function"]["name"] for t in first["tools"]] == ["get_weather", "final_answer"]
    assert first["tool_choice"] == "required"
    assert [call.params.get("stream") for call in fake.calls] == ([True, True] if stream else [None, None])


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
    patch_openai.stub(patch_openai.chat.completions.create).respond(_answer_from_the_observation)
    model = OpenAIServerModel("gpt-4o")  # no client: smolagents builds a plain openai.OpenAI
    assert type(model.client) is openai.OpenAI
    agent = ToolCallingAgent(tools=[_weather_tool(calls)], model=model, verbosity_level=0)

    assert agent.run("What's the weather in Madrid?") == "Sunny, 23 C in Madrid"
    assert calls == ["Madrid"]
    assert patch_openai.calls.call_count == 2
