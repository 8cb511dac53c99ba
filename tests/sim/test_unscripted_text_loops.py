"""A tool loop written into the transcript as text (smolagents' ToolCallingAgent: the assistant's
"Calling tools:" and a list of calls, the user's "Observation:") is followed as tool messages
are: each tool once, then the final tool or the answer, stating the observations, with the
arguments read from the task. Only that exact shape counts as a call. Chat Completions and
Responses, sync and async, plain and streamed, seeds 0-5."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openai_fakes._sim.conversation import written_tool_calls

from ._loops import Call, Tool, chat_completion, chat_tools, fresh_fake, response_of, response_tools

SEEDS = range(6)
CITY = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
WEATHER: Tool = ("get_weather", CITY)
LOCAL_TIME: Tool = ("get_local_time", CITY)
FINAL: Tool = (
    "final_answer",
    {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]},
)
# Surface, streamed, async.
WAYS = [
    (surface, stream, use_async)
    for surface in ("chat", "responses")
    for stream in (False, True)
    for use_async in (False, True)
]
way_ids = [f"{s}-{'stream' if st else 'plain'}-{'async' if a else 'sync'}" for s, st, a in WAYS]
Writer = Callable[[list[dict[str, Any]]], str]


def smolagents_call(calls: list[dict[str, Any]]) -> str:
    """How smolagents writes a step's calls: Python's str() of the calls, arguments as a dict."""
    return "Calling tools:\n" + str(calls)


def json_call(calls: list[dict[str, Any]]) -> str:
    """The same calls as JSON, arguments a JSON string as the API's tool_calls have them, after a thought."""
    shaped = [
        {**call, "function": {**call["function"], "arguments": json.dumps(call["function"]["arguments"])}}
        for call in calls
    ]
    return "I will look this up.\nCalling tools:\n" + json.dumps(shaped)


def one_turn(
    way: tuple[str, bool, bool], seed: int, transcript: list[dict[str, str]], tools: list[Tool], **extra: Any
) -> tuple[list[Call], str | None]:
    """One unscripted turn on ``way`` for ``transcript`` (role and text messages): the calls it
    makes (name and parsed arguments) and its text."""
    surface, stream, use_async = way
    if surface == "chat":
        kwargs: Any = {"model": "gpt-4o", "messages": transcript, "tools": chat_tools(tools), **extra}
        message = chat_completion(fresh_fake(seed, use_async), kwargs, stream=stream).choices[0].message
        calls = [(c.function.name, json.loads(c.function.arguments)) for c in message.tool_calls or []]
        return calls, message.content
    kwargs = {"model": "gpt-4o", "input": transcript, "tools": response_tools(tools), **extra}
    response = response_of(fresh_fake(seed, use_async), kwargs, stream=stream)
    calls = [(item.name, json.loads(item.arguments)) for item in response.output if item.type == "function_call"]
    return calls, response.output_text if not calls else None


def written_loop(
    way: tuple[str, bool, bool],
    seed: int,
    task: str,
    tools: list[Tool],
    output: Callable[[str, dict[str, Any]], str],
    *,
    writer: Writer = smolagents_call,
    **extra: Any,
) -> tuple[list[list[Call]], str | None]:
    """Run an agent loop the way smolagents writes it: each step's calls as an assistant message
    of text, their results as one user message "Observation:\\n..."; until the model calls
    final_answer or answers with text (at most 5 steps). The steps' calls and the text."""
    transcript = [{"role": "user", "content": task}]
    steps: list[list[Call]] = []
    for number in range(5):
        calls, text = one_turn(way, seed, transcript, tools, **extra)
        if not calls:
            return steps, text
        steps.append(calls)
        if any(name == "final_answer" for name, _ in calls):
            return steps, None
        written = [
            {"id": f"call_{number}_{i}", "type": "function", "function": {"name": name, "arguments": arguments}}
            for i, (name, arguments) in enumerate(calls)
        ]
        transcript.append({"role": "assistant", "content": writer(written)})
        observations = "\n".join(output(name, arguments) for name, arguments in calls)
        transcript.append({"role": "user", "content": "Observation:\n" + observations})
    return steps, None


def weather(name: str, arguments: dict[str, Any]) -> str:
    if name == "get_weather":
        return f"Sunny, 23 C in {arguments['city']}; Paris is cloudy"  # names another city
    return f"It is 5 PM in {arguments['city']}"


@pytest.mark.parametrize("way", WAYS, ids=way_ids)
@pytest.mark.parametrize("writer", [smolagents_call, json_call], ids=["python", "json"])
@pytest.mark.parametrize("seed", SEEDS)
def test_the_loop_calls_the_tool_then_final_answer_with_the_observation(way: Any, writer: Writer, seed: int) -> None:
    steps, _ = written_loop(
        way, seed, "What's the weather in Rome?", [WEATHER, FINAL], weather, writer=writer, tool_choice="required"
    )
    assert steps == [
        [("get_weather", {"city": "Rome"})],
        [("final_answer", {"answer": "get_weather returned Sunny, 23 C in Rome; Paris is cloudy."})],
    ]


@pytest.mark.parametrize("way", WAYS, ids=way_ids)
@pytest.mark.parametrize("seed", SEEDS)
def test_each_tool_is_called_once_with_the_tasks_city_then_final_answer_states_both(way: Any, seed: int) -> None:
    steps, _ = written_loop(
        way,
        seed,
        "What's the weather and the local time in Rome?",
        [WEATHER, LOCAL_TIME, FINAL],
        weather,
        tool_choice="required",
    )
    # The observation names Paris, but it is a result, not the user's message: the task's Rome stays.
    assert steps == [
        [("get_weather", {"city": "Rome"})],
        [("get_local_time", {"city": "Rome"})],
        [
            (
                "final_answer",
                {
                    "answer": "get_weather returned Sunny, 23 C in Rome; Paris is cloudy. "
                    "get_local_time returned It is 5 PM in Rome."
                },
            )
        ],
    ]


@pytest.mark.parametrize("way", WAYS, ids=way_ids)
@pytest.mark.parametrize("seed", SEEDS)
def test_under_auto_the_model_answers_with_the_observation(way: Any, seed: int) -> None:
    steps, text = written_loop(way, seed, "What's the weather in Rome?", [WEATHER], weather)
    assert steps == [[("get_weather", {"city": "Rome"})]]
    assert text == "get_weather returned Sunny, 23 C in Rome; Paris is cloudy."


@pytest.mark.parametrize("way", WAYS, ids=way_ids)
@pytest.mark.parametrize("seed", SEEDS)
def test_an_observation_written_as_a_python_dict_is_stated_as_its_fields(way: Any, seed: int) -> None:
    steps, text = written_loop(
        way, seed, "What's the weather in Rome?", [WEATHER], lambda _, args: str({"city": args["city"], "temp_c": 23})
    )
    assert steps == [[("get_weather", {"city": "Rome"})]]
    assert text == "get_weather returned city: Rome, temp_c: 23."


# Texts that are not a call written out: prose naming the tool, a list of another shape, a
# marker not on its own line, a call the text goes on after.
NOT_CALLS = [
    "I will call get_weather for Rome now.",
    "Calling tools:\n['get_weather']",
    "Calling tools:\n[{'name': 'get_weather', 'arguments': {'city': 'Rome'}}]",
    "Calling tools:\n[{'function': {'name': 'get_weather'}}]",
    "Calling tools:\nget_weather(city='Rome')",
    "Now Calling tools: [{'id': 'c', 'type': 'function', 'function': {'name': 'get_weather', 'arguments': {}}}]",
    "Calling tools:\n[{'id': 'c', 'type': 'function', 'function': {'name': 'get_weather', 'arguments': {}}}] done",
    "Calling tools:\n[]",
]
WRITTEN = "Calling tools:\n[{'id': 'c', 'type': 'function', 'function': {'name': 'get_weather', 'arguments': {}}}]"


@pytest.mark.parametrize("way", WAYS, ids=way_ids)
@pytest.mark.parametrize("seed", SEEDS)
def test_only_a_call_written_in_the_tool_calls_shape_is_a_call(way: Any, seed: int) -> None:
    def next_call(assistant: str, reply: str = "Observation:\nSunny, 23 C in Rome") -> str:
        transcript = [
            {"role": "user", "content": "What's the weather in Rome?"},
            {"role": "assistant", "content": assistant},
            {"role": "user", "content": reply},
        ]
        calls, _ = one_turn(way, seed, transcript, [WEATHER, FINAL], tool_choice="required")
        return calls[0][0]

    assert next_call(WRITTEN) == "final_answer"
    for text in NOT_CALLS:
        assert next_call(text) == "get_weather", text  # no call seen: the weather is still to look up
    # A reply that is not an observation is the user's next message, not the call's result.
    assert next_call(WRITTEN, "Thanks. And what's the weather in Oslo?") == "get_weather"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_a_text_without_the_calling_tools_line_writes_no_call(text: str) -> None:
    assert written_tool_calls(text.replace("Calling tools:", "")) == ()
    assert isinstance(written_tool_calls("Calling tools:\n" + text), tuple)  # any text: read or not, never an error
