"""A tool result written as Python's ``str()`` / ``repr()`` is read as the fields its JSON would
give (Semantic Kernel sends ``str(result)``): the answer states them and a structured output takes
them. Every surface, sync and async, plain and streamed, over many seeds; the reading is parsing
only and bounded."""

from __future__ import annotations

import asyncio
import json
import keyword
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes._sim.conversation import ToolResult, result_values, results_text

from ._loops import WAYS, Tool, loop

SEEDS = range(6)
WEATHER: Tool = ("get_weather", {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]})


class Forecast(BaseModel):
    city: str
    temp_c: float
    conditions: str


@dataclass
class ForecastRecord:
    city: str
    temp_c: float
    conditions: str


# How a framework may write the tool's result: str() of a dict, of a pydantic model, of a dataclass.
WRITERS: dict[str, Callable[[str], str]] = {
    "dict": lambda city: str({"city": city, "temp_c": 21, "conditions": "sunny"}),
    "pydantic": lambda city: str(Forecast(city=city, temp_c=21, conditions="sunny")),
    "dataclass": lambda city: str(ForecastRecord(city, 21.0, "sunny")),
}
way_ids = [f"{s}-{'stream' if st else 'plain'}-{'async' if a else 'sync'}" for s, st, a in WAYS]


@pytest.mark.parametrize("way", WAYS, ids=way_ids)
@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize("seed", range(3))
def test_the_answer_states_the_fields_of_a_python_written_result(way: Any, writer: str, seed: int) -> None:
    outcome = loop(
        way, seed, "What's the weather in Rome?", [WEATHER], lambda name, args: WRITERS[writer](args["city"])
    )
    temp = "21" if writer == "dict" else "21.0"  # what the object's JSON would say too
    assert outcome.text == f"get_weather returned city: Rome, temp_c: {temp}, conditions: sunny."


def _chat_messages(output: str) -> list[Any]:
    call = {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city": "Rome"}'}}
    return [
        {"role": "user", "content": "What's the weather in Rome? Give me a forecast."},
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "call_1", "content": output},
    ]


def _response_input(output: str) -> list[Any]:
    return [
        {"role": "user", "content": "What's the weather in Rome? Give me a forecast."},
        {"type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": '{"city": "Rome"}'},
        {"type": "function_call_output", "call_id": "call_1", "output": output},
    ]


@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize("seed", SEEDS)
def test_parse_takes_the_fields_of_a_python_written_result(writer: str, seed: int) -> None:
    output = WRITERS[writer]("Rome")
    fake = FakeOpenAI(seed=seed)
    chat = fake.chat.completions.parse(model="gpt-4o", messages=_chat_messages(output), response_format=Forecast)
    response = fake.responses.parse(model="gpt-4o", input=_response_input(output), text_format=Forecast)

    async def both() -> tuple[Any, Any]:
        fake_async = FakeAsyncOpenAI(seed=seed)
        chat = await fake_async.chat.completions.parse(
            model="gpt-4o", messages=_chat_messages(output), response_format=Forecast
        )
        response = await fake_async.responses.parse(model="gpt-4o", input=_response_input(output), text_format=Forecast)
        return chat.choices[0].message.parsed, response.output_parsed

    expected = Forecast(city="Rome", temp_c=21, conditions="sunny")
    assert [chat.choices[0].message.parsed, response.output_parsed, *asyncio.run(both())] == [expected] * 4


@pytest.mark.parametrize("seed", SEEDS)
def test_a_python_written_result_answers_like_its_json_on_every_call_shape(seed: int) -> None:
    output = str({"city": "Rome", "temp_c": 21, "tags": ["sunny", "dry"], "alert": None})
    expected = 'get_weather returned city: Rome, temp_c: 21, tags: ["sunny", "dry"], alert: null.'
    chat = FakeOpenAI(seed=seed).chat.completions.create(model="gpt-4o", messages=_chat_messages(output))
    response = FakeOpenAI(seed=seed).responses.create(model="gpt-4o", input=_response_input(output))
    assert (chat.choices[0].message.content, response.output_text) == (expected, expected)


IDENTIFIERS = st.from_regex(r"[a-z_][a-z0-9_]{0,12}", fullmatch=True).filter(lambda name: not keyword.iskeyword(name))
SCALARS = st.one_of(
    st.text(max_size=30), st.integers(-(10**12), 10**12), st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(), st.none(),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(fields=st.dictionaries(IDENTIFIERS, SCALARS, min_size=1, max_size=8))
def test_every_python_spelling_reads_as_its_json(fields: dict[str, Any]) -> None:
    # str(dict), a pydantic model's str() ("k='v' n=1"), and a dataclass / model repr() ("M(k='v')")
    # give what the same object's JSON gives: the same values and the same stated answer.
    spellings = [
        str(fields),
        " ".join(f"{key}={value!r}" for key, value in fields.items()),
        "Record(" + ", ".join(f"{key}={value!r}" for key, value in fields.items()) + ")",
    ]
    as_json = [ToolResult("lookup", json.dumps(fields))]
    for spelling in spellings:
        written = [ToolResult("lookup", spelling)]
        assert result_values(written) == result_values(as_json), spelling
        assert results_text(written) == results_text(as_json), spelling


def test_pydantic_enums_dates_and_nested_models_read_as_their_json() -> None:
    output = (
        "unit=<Unit.C: 'c'> day=datetime.date(2026, 3, 14) at=datetime.datetime(2026, 3, 14, 9, 30, tzinfo=TzInfo(0))"
        " price=Decimal('2.50') place=Place(city='Rome', zip='00100') url=HttpUrl('https://example.com/')"
    )
    assert result_values([ToolResult("t", output)]) == {
        "unit": "c",
        "day": "2026-03-14",
        "at": "2026-03-14T09:30:00+00:00",
        "price": 2.5,
        "url": "https://example.com/",
    }
    assert 'place: {"city": "Rome", "zip": "00100"}' in results_text([ToolResult("t", output)])


def test_a_python_written_result_is_parsed_never_run() -> None:
    # A call inside the value is kept as the text it was written as; nothing is evaluated.
    output = "{'city': __import__('os').getcwd(), 'temp_c': (lambda: 1)()}"
    assert result_values([ToolResult("t", output)]) == {
        "city": "__import__('os').getcwd()",
        "temp_c": "(lambda: 1)()",
    }
    # Plain text stays plain text, however Python-like its start.
    for plain in (
        "x=1 means done",
        "print(report)",
        "Done()",
        "ok",
        "(no results)",
        "[ERROR]",
        "{city}",
        "a=1), f(2",
        "Rome: 21 C",
        "{'path': 'C:\\data'}",  # an escape Python's parser only warns about: repr() never writes one
        "[1if 1 else 2]",
    ):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert result_values([ToolResult("t", plain)]) == {}
            assert results_text([ToolResult("t", plain)]) == f"t returned {plain}."
        assert caught == [], plain  # and the same whatever the warning filters


def test_reading_is_bounded_in_size_and_depth() -> None:
    # A result up to 10,000 characters is read; a longer or too deeply nested one stays text.
    fits = str({"city": "Rome", "note": "x" * 9_000})
    huge = str({"city": "Rome", "note": "x" * 20_000})
    deep = "{'city': 'Rome', 'more': " + "[" * 1_000 + "]" * 1_000 + "}"
    assert result_values([ToolResult("t", fits)]) == {"city": "Rome", "note": "x" * 9_000}
    assert result_values([ToolResult("t", huge)]) == {} == result_values([ToolResult("t", deep)])
    assert results_text([ToolResult("t", huge)]).startswith("t returned {'city': 'Rome'")
