"""A user message that comes right after tool results and asks nothing new (a format reminder,
"Continue.") continues the task instead of starting a new one (docs/unscripted-model.md, "A
user message after tool results"): the tools already called stay answered, so the loop moves on
to the final tool or the text answer stating the results, and a tool the message mentions is
called with the task's values. A message that names a new value still starts a new round. DSPy's
ReActV2 sends its reminder so after every tool result. Chat Completions and Responses, sync and
async, plain and streamed, seeds 0-5."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ._loops import Call, Tool
from .test_unscripted_text_loops import WAYS, one_turn, way_ids

SEEDS = range(6)
ways = pytest.mark.parametrize("way", WAYS, ids=way_ids)
seeds = pytest.mark.parametrize("seed", SEEDS)
CITY = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
WEATHER: Tool = ("get_weather", CITY)
LOCAL_TIME: Tool = ("get_local_time", CITY)
SUBMIT: Tool = ("submit", {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]})
TASK = "What's the weather in Rome?"
# DSPy ReActV2's reminder as it sends it (its "Python" is the reply's format, not a city), a
# shorter one, and a bare "Continue.".
DSPY_REMINDER = (
    "Respond with the corresponding output fields, starting with the field `[[ ## next_thought ## ]]` "
    "(must be formatted as a valid Python str), and then ending with the marker for `[[ ## completed ## ]]`."
)
REMINDERS = [DSPY_REMINDER, "Respond with the output fields, formatted as valid Python.", "Continue."]
reminders = pytest.mark.parametrize("reminder", REMINDERS, ids=["dspy", "short", "continue"])
# The task as a user writes it, and as DSPy sends it: a field header, the question, the reminder.
TASKS = [TASK, f"[[ ## question ## ]]\n{TASK}\n\n{DSPY_REMINDER}"]
tasks = pytest.mark.parametrize("task", TASKS, ids=["plain", "dspy"])


def sunny(name: str, arguments: dict[str, Any]) -> str:
    if name == "get_weather":
        return f"Sunny, 24C in {arguments['city']}"
    return f"It is 5 PM in {arguments['city']}"


def transcript(
    surface: str, task: str, steps: list[list[Call]], follow_up: str, *, after_each: bool = False
) -> list[dict[str, Any]]:
    """The task, each step's calls with their results (in ``surface``'s own shape), then, once
    there are results, ``follow_up`` as the last user message, as DSPy moves its reminder to the
    end each turn (``after_each``: after every step's results, as a framework that appends it)."""
    messages: list[dict[str, Any]] = [{"role": "user", "content": task}]
    for number, step in enumerate(steps):
        ids = [f"call_{number}_{i}" for i in range(len(step))]
        if surface == "chat":
            calls = [
                {"id": i, "type": "function", "function": {"name": name, "arguments": json.dumps(arguments)}}
                for i, (name, arguments) in zip(ids, step, strict=True)
            ]
            messages.append({"role": "assistant", "tool_calls": calls})
            messages.extend(
                {"role": "tool", "tool_call_id": i, "content": sunny(name, arguments)}
                for i, (name, arguments) in zip(ids, step, strict=True)
            )
        else:
            messages.extend(
                {"type": "function_call", "call_id": i, "name": name, "arguments": json.dumps(arguments)}
                for i, (name, arguments) in zip(ids, step, strict=True)
            )
            messages.extend(
                {"type": "function_call_output", "call_id": i, "output": sunny(name, arguments)}
                for i, (name, arguments) in zip(ids, step, strict=True)
            )
        if after_each and number < len(steps) - 1:
            messages.append({"role": "user", "content": follow_up})
    if steps:
        messages.append({"role": "user", "content": follow_up})
    return messages


def reminded_loop(
    way: Any, seed: int, task: str, tools: list[Tool], reminder: str, *, after_each: bool = False, **extra: Any
) -> tuple[list[list[Call]], str | None]:
    """A ReActV2-like loop: after each step's results the reminder is the last user message; until
    the model calls ``submit`` or answers with text (at most 5 steps). The steps and the text."""
    steps: list[list[Call]] = []
    for _ in range(5):
        messages = transcript(way[0], task, steps, reminder, after_each=after_each)
        calls, text = one_turn(way, seed, messages, tools, **extra)
        if not calls:
            return steps, text
        steps.append(calls)
        if any(name == "submit" for name, _ in calls):
            break
    return steps, None


@ways
@seeds
@reminders
@tasks
def test_a_reminder_after_the_tool_result_ends_the_loop_on_submit(
    way: Any, seed: int, reminder: str, task: str
) -> None:
    steps, _ = reminded_loop(way, seed, task, [WEATHER, SUBMIT], reminder)
    assert steps == [
        [("get_weather", {"city": "Rome"})],
        [("submit", {"answer": "get_weather returned Sunny, 24C in Rome."})],
    ]


@ways
@seeds
@reminders
def test_without_a_final_tool_the_reminder_is_answered_with_the_results(way: Any, seed: int, reminder: str) -> None:
    steps, text = reminded_loop(way, seed, TASK, [WEATHER], reminder)
    assert steps == [[("get_weather", {"city": "Rome"})]]
    assert text == "get_weather returned Sunny, 24C in Rome."


@ways
@seeds
@pytest.mark.parametrize("after_each", [False, True], ids=["moved", "appended"])
def test_each_tool_runs_once_with_the_tasks_city_across_reminders(way: Any, seed: int, after_each: bool) -> None:
    steps, _ = reminded_loop(
        way,
        seed,
        "What's the weather and the local time in Rome?",
        [WEATHER, LOCAL_TIME, SUBMIT],
        DSPY_REMINDER,
        after_each=after_each,
        tool_choice="required",
    )
    assert steps == [
        [("get_weather", {"city": "Rome"})],
        [("get_local_time", {"city": "Rome"})],
        [
            (
                "submit",
                {"answer": "get_weather returned Sunny, 24C in Rome. get_local_time returned It is 5 PM in Rome."},
            )
        ],
    ]


@ways
@seeds
def test_a_new_city_or_a_message_after_the_models_answer_starts_a_new_round(way: Any, seed: int) -> None:
    done = [[("get_weather", {"city": "Rome"})]]
    tools = [WEATHER, SUBMIT]
    # The reminder continues the task; a new city, after the same result, is a new request.
    assert one_turn(way, seed, transcript(way[0], TASK, done, DSPY_REMINDER), tools)[0] == [
        ("submit", {"answer": "get_weather returned Sunny, 24C in Rome."})
    ]
    for follow_up in ("And in Paris?", "Now do Paris, formatted as valid Python."):
        calls, _ = one_turn(way, seed, transcript(way[0], TASK, done, follow_up), tools)
        assert calls == [("get_weather", {"city": "Paris"})], follow_up
    # Only a message right after tool results continues the task: once the model has answered
    # with text, even "Continue." is the user's next request, as before (a tool is called again).
    messages = transcript(way[0], TASK, done, "Continue.")
    messages.insert(-1, {"role": "assistant", "content": "It is sunny in Rome."})
    calls, _ = one_turn(way, seed, messages, tools, tool_choice="required")
    assert [name for name, _ in calls] == ["get_weather"]


@ways
@seeds
def test_a_follow_up_naming_a_tool_not_yet_called_calls_it_with_the_tasks_city(way: Any, seed: int) -> None:
    done = [[("get_weather", {"city": "Rome"})]]
    calls, _ = one_turn(way, seed, transcript(way[0], TASK, done, "And the local time there?"), [WEATHER, LOCAL_TIME])
    assert calls == [("get_local_time", {"city": "Rome"})]
    # Once it has answered, the next reminder gets the answer stating both results.
    both = [*done, [("get_local_time", {"city": "Rome"})]]
    calls, text = one_turn(way, seed, transcript(way[0], TASK, both, "Continue."), [WEATHER, LOCAL_TIME])
    assert (calls, text) == ([], "get_weather returned Sunny, 24C in Rome. get_local_time returned It is 5 PM in Rome.")


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("reminder", REMINDERS)
def test_a_reminder_with_no_tools_offered_is_answered_with_the_results(seed: int, reminder: str) -> None:
    # The last request of a loop may offer no tools at all: the reminder still continues the task.
    from openai_fakes import FakeOpenAI

    messages: Any = [
        {"role": "user", "content": TASK},
        {
            "role": "assistant",
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city": "Rome"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "Sunny, 24C in Rome"},
        {"role": "user", "content": reminder},
    ]
    reply = FakeOpenAI(seed=seed).chat.completions.create(model="gpt-4o", messages=messages)
    assert "Sunny, 24C in Rome" in (reply.choices[0].message.content or "")
    new_question = [*messages[:3], {"role": "assistant", "content": "Sunny."}, {"role": "user", "content": "Thanks!"}]
    prose = FakeOpenAI(seed=seed).chat.completions.create(model="gpt-4o", messages=new_question)
    assert "Sunny, 24C in Rome" not in (prose.choices[0].message.content or "")


@ways
@seeds
def test_a_new_round_that_names_no_tool_calls_the_tool_of_the_round_before(way: Any, seed: int) -> None:
    # "And in Paris?" after the weather in Rome asks for the weather again, whichever tools are offered.
    for tool, other in ((WEATHER, LOCAL_TIME), (LOCAL_TIME, WEATHER)):
        done = [[(tool[0], {"city": "Rome"})]]
        calls, _ = one_turn(way, seed, transcript(way[0], TASK, done, "And in Paris?"), [other, tool])
        assert calls == [(tool[0], {"city": "Paris"})]
