"""Which capitalised words the unscripted model takes as names (docs/unscripted-model.md): a unit
letter ("21 C") or a unit after a number ("5 PM") is not a place, a function word opening a
sentence ("She", "Currently") names nothing, and a place that opens the sentence ("Rome is 21 C")
is still used when nothing else is named. Tool arguments and structured output alike, on every
surface, sync and async, plain and streamed, over many seeds."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from pydantic import BaseModel

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI

from ._loops import WAYS, Tool, loop, one_text

SEEDS = range(6)
way_ids = [f"{s}-{'stream' if st else 'plain'}-{'async' if a else 'sync'}" for s, st, a in WAYS]
ways = pytest.mark.parametrize("way", WAYS, ids=way_ids)
# The city is named after a unit letter, or opens the sentence before one.
UNIT_PROMPTS = ["It is 21 C in Rome today.", "Rome is 21 C and sunny today."]
FORECAST: Any = {
    "type": "json_schema",
    "json_schema": {
        "name": "forecast",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "temp_c": {"type": "number"}},
            "required": ["city", "temp_c"],
            "additionalProperties": False,
        },
    },
}
FORECAST_TOOL: Tool = (
    "get_forecast",
    {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
)


@ways
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("prompt", UNIT_PROMPTS)
def test_a_unit_letter_is_not_the_place(way: Any, seed: int, prompt: str) -> None:
    value = json.loads(one_text(way, seed, "Report the weather.", prompt, response_format=FORECAST))
    assert value == {"city": "Rome", "temp_c": 21}


@ways
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("prompt", UNIT_PROMPTS)
def test_a_tool_gets_the_place_not_the_unit_letter(way: Any, seed: int, prompt: str) -> None:
    outcome = loop(way, seed, f"{prompt} What about tomorrow?", [FORECAST_TOOL], lambda name, args: "cloudy")
    assert outcome.steps[0] == [("get_forecast", {"city": "Rome"})]


class Forecast(BaseModel):
    city: str


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("prompt", UNIT_PROMPTS)
def test_parse_gives_the_place_not_the_unit_letter(seed: int, prompt: str) -> None:
    fake = FakeOpenAI(seed=seed)
    messages: Any = [{"role": "user", "content": prompt}]
    chat = fake.chat.completions.parse(model="gpt-4o", messages=messages, response_format=Forecast)
    response = fake.responses.parse(model="gpt-4o", input=prompt, text_format=Forecast)

    async def both() -> list[Any]:
        fake_async = FakeAsyncOpenAI(seed=seed)
        chat = await fake_async.chat.completions.parse(model="gpt-4o", messages=messages, response_format=Forecast)
        response = await fake_async.responses.parse(model="gpt-4o", input=prompt, text_format=Forecast)
        return [chat.choices[0].message.parsed, response.output_parsed]

    parsed = [chat.choices[0].message.parsed, response.output_parsed, *asyncio.run(both())]
    assert parsed == [Forecast(city="Rome")] * 4


CONVERT: Tool = (
    "convert_currency",
    {
        "type": "object",
        "properties": {"amount": {"type": "number"}, "from": {"type": "string"}, "to": {"type": "string"}},
        "required": ["amount", "from", "to"],
    },
)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_unit_after_a_number_is_not_a_name_but_a_currency_code_is(seed: int) -> None:
    way = ("chat", False, False)
    meeting = loop(way, seed, "Meet me at 5 PM in Rome, book the 2 GB plan.", [FORECAST_TOOL], lambda n, a: "ok")
    assert meeting.steps[0] == [("get_forecast", {"city": "Rome"})]
    converted = loop(way, seed, "Convert 100 USD to EUR.", [CONVERT], lambda n, a: "92")
    assert converted.steps[0] == [("convert_currency", {"amount": 100, "from": "USD", "to": "EUR"})]


PERSON: Any = {
    "type": "json_schema",
    "json_schema": {
        "name": "person",
        "schema": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
    },
}


@ways
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(
    "prompt", ["She was born in 1815.", "Currently it is 21 C.", "His birthday is today.", "Each of them is 4 F."]
)
def test_a_function_word_opening_a_sentence_names_nothing(way: Any, seed: int, prompt: str) -> None:
    # Nothing in these messages is a name, so the field is filled from its schema, not "She".
    name = json.loads(one_text(way, seed, "Describe the person.", prompt, response_format=PERSON))["name"]
    assert name and name not in prompt
