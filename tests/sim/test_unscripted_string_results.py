"""A tool result sent as a JSON string literal ('"Sunny, 23 C"' with its quotes, as ell sends
every string result) is the string it holds: the answer states it without quotes or escapes, and
a JSON object written inside the string reads as that object. Chat Completions, Responses and
Assistants runs, sync and async, plain and streamed, seeds 0-5."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from openai_fakes import FakeOpenAI

from ._loops import WAYS, Tool, loop

SEEDS = range(6)
WEATHER: Tool = ("get_weather", {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]})
FINAL: Tool = ("final_answer", {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]})
way_ids = [f"{s}-{'stream' if st else 'plain'}-{'async' if a else 'sync'}" for s, st, a in WAYS]


@pytest.mark.parametrize("way", WAYS, ids=way_ids)
@pytest.mark.parametrize("seed", SEEDS)
def test_the_answer_states_the_string_a_json_literal_holds(way: Any, seed: int) -> None:
    outcome = loop(
        way,
        seed,
        "What's the weather in Rome?",
        [WEATHER],
        lambda _, args: json.dumps(f"Sunny, 23 C in {args['city']}"),
    )
    assert outcome.text == "get_weather returned Sunny, 23 C in Rome."


@pytest.mark.parametrize("way", WAYS, ids=way_ids)
@pytest.mark.parametrize("seed", SEEDS)
def test_quotes_escapes_and_non_ascii_are_decoded(way: Any, seed: int) -> None:
    said = 'Sunny, "hot" \\ 23 °C in Rome\nwind: calm'
    outcome = loop(way, seed, "What's the weather in Rome?", [WEATHER], lambda *_: json.dumps(said))
    assert outcome.text == f"get_weather returned {said}."


@pytest.mark.parametrize("way", WAYS, ids=way_ids)
@pytest.mark.parametrize("seed", SEEDS)
def test_the_final_tool_carries_the_decoded_string(way: Any, seed: int) -> None:
    outcome = loop(
        way,
        seed,
        "What's the weather in Rome?",
        [WEATHER, FINAL],
        lambda *_: json.dumps("Sunny, 23 C"),
        tool_choice="required",
    )
    assert outcome.steps[-1] == [("final_answer", {"answer": "get_weather returned Sunny, 23 C."})]


@pytest.mark.parametrize("way", WAYS, ids=way_ids)
@pytest.mark.parametrize("seed", SEEDS)
def test_an_object_inside_the_string_is_stated_as_its_fields(way: Any, seed: int) -> None:
    encoded = json.dumps(json.dumps({"city": "Rome", "temp_c": 23}))  # a JSON object sent as a string
    outcome = loop(way, seed, "What's the weather in Rome?", [WEATHER], lambda *_: encoded)
    assert outcome.text == "get_weather returned city: Rome, temp_c: 23."


class Forecast(BaseModel):
    city: str
    temp_c: int


@pytest.mark.parametrize("seed", SEEDS)
def test_a_structured_output_takes_the_fields_of_an_object_inside_the_string(seed: int) -> None:
    call: Any = {
        "id": "call_1",
        "type": "function",
        "function": {"name": "get_weather", "arguments": '{"city": "Rome"}'},
    }
    reply = FakeOpenAI(seed=seed).chat.completions.parse(
        model="gpt-4o",
        messages=[
            {"role": "user", "content": "Forecast please."},
            {"role": "assistant", "content": None, "tool_calls": [call]},
            {
                "role": "tool",
                "tool_call_id": "call_1",
                "content": json.dumps(json.dumps({"city": "Oslo", "temp_c": 4})),
            },
        ],
        response_format=Forecast,
    )
    assert reply.choices[0].message.parsed == Forecast(city="Oslo", temp_c=4)
