"""The unscripted model follows the conversation in tool loops (issue 16): arguments come from the
user's message, several values give parallel calls, tools are called before the final one and
not twice, and the answer states what the tools returned. On every surface, sync and async, plain
and streamed, over many seeds."""

from __future__ import annotations

import json
from typing import Any

import pytest

from openai_fakes import FakeOpenAI

from ._loops import WAYS, Tool, loop

SEEDS = range(8)
CITY: dict[str, Any] = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
    "required": ["city", "unit"],
}
WEATHER: Tool = ("get_weather", CITY)
STOCK: Tool = (
    "check_stock",
    {
        "type": "object",
        "properties": {"sku": {"type": "string"}, "quantity": {"type": "integer"}},
        "required": ["sku", "quantity"],
    },
)
TIME: Tool = ("get_local_time", {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]})
FINAL: Tool = ("final_answer", {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]})


def weather(name: str, arguments: dict[str, Any]) -> str:
    if name == "get_weather":
        return json.dumps({"city": arguments["city"], "temp_c": 21 if arguments["city"] == "Rome" else 17})
    return json.dumps({"time": "14:05"})


way_ids = [f"{s}-{'stream' if st else 'plain'}-{'async' if a else 'sync'}" for s, st, a in WAYS]
ways = pytest.mark.parametrize("way", WAYS, ids=way_ids)


@ways
@pytest.mark.parametrize("seed", SEEDS)
def test_a_place_the_user_names_is_the_argument(way: Any, seed: int) -> None:
    outcome = loop(way, seed, "What's the weather in Rome today, in celsius?", [WEATHER], weather)
    assert outcome.steps[0] == [("get_weather", {"city": "Rome", "unit": "celsius"})]


@ways
@pytest.mark.parametrize("seed", SEEDS)
def test_a_sku_and_a_number_from_the_prompt(way: Any, seed: int) -> None:
    outcome = loop(way, seed, "Do you have 12 units of SKU WID-4471 in stock?", [STOCK], lambda n, a: "yes")
    assert outcome.steps[0] == [("check_stock", {"sku": "WID-4471", "quantity": 12})]


BOOKING: Tool = (
    "book_table",
    {
        "type": "object",
        "properties": {
            "restaurant": {"type": "string"},
            "party_size": {"type": "integer", "minimum": 1, "maximum": 20},
            "date": {"type": "string", "format": "date"},
            "email": {"type": "string", "format": "email"},
            "menu_url": {"type": "string"},
        },
        "required": ["restaurant", "party_size", "date", "email", "menu_url"],
    },
)


@ways
@pytest.mark.parametrize("seed", SEEDS)
def test_a_name_a_number_a_spelled_date_an_email_and_a_url_from_the_prompt(way: Any, seed: int) -> None:
    prompt = "Book Trattoria Roma for 4 people on March 14, 2026; confirm to ada@example.org (menu: https://roma.example/menu)."
    outcome = loop(way, seed, prompt, [BOOKING], lambda n, a: "booked")
    assert outcome.steps[0] == [
        (
            "book_table",
            {
                "restaurant": "Trattoria Roma",
                "party_size": 4,
                "date": "2026-03-14",
                "email": "ada@example.org",
                "menu_url": "https://roma.example/menu",
            },
        )
    ]


@ways
@pytest.mark.parametrize("seed", SEEDS)
def test_several_places_give_one_call_each(way: Any, seed: int) -> None:
    outcome = loop(way, seed, "Compare the weather in Rome and in Tokyo.", [WEATHER], weather)
    assert [args["city"] for _, args in outcome.steps[0]] == ["Rome", "Tokyo"]
    assert outcome.text is not None and "21" in outcome.text and "17" in outcome.text


@ways
@pytest.mark.parametrize("seed", SEEDS)
def test_no_parallel_calls_when_the_request_forbids_them(way: Any, seed: int) -> None:
    outcome = loop(
        way, seed, "Compare the weather in Rome and in Tokyo.", [WEATHER], weather, parallel_tool_calls=False
    )
    assert [len(step) for step in outcome.steps][:1] == [1]
    assert outcome.steps[0][0][1]["city"] == "Rome"


@ways
@pytest.mark.parametrize("seed", SEEDS)
def test_the_answer_states_what_the_tool_returned(way: Any, seed: int) -> None:
    outcome = loop(way, seed, "What's the weather in Rome?", [WEATHER], weather)
    assert len(outcome.steps) == 1 and outcome.text is not None
    assert "21" in outcome.text and "temp_c" in outcome.text


@ways
@pytest.mark.parametrize("seed", SEEDS)
def test_required_calls_each_tool_once_then_the_final_tool(way: Any, seed: int) -> None:
    prompt = "What's the weather and the local time in Rome?"
    outcome = loop(way, seed, prompt, [FINAL, WEATHER, TIME], weather, tool_choice="required")
    assert outcome == loop(way, seed, prompt, [FINAL, WEATHER, TIME], weather, tool_choice="required")  # same seed
    names = [[name for name, _ in step] for step in outcome.steps]
    assert names == [["get_weather"], ["get_local_time"], ["final_answer"]]
    answer = outcome.steps[-1][0][1]["answer"]
    assert "21" in answer and "14:05" in answer


@ways
@pytest.mark.parametrize("seed", SEEDS)
def test_auto_calls_a_mentioned_tool_then_answers_with_text(way: Any, seed: int) -> None:
    # Under auto, the tools the message mentions are called (each once), then the model answers.
    outcome = loop(way, seed, "What's the weather and the local time in Rome?", [WEATHER, TIME], weather)
    assert [[name for name, _ in step] for step in outcome.steps] == [["get_weather"], ["get_local_time"]]
    assert outcome.text is not None and "14:05" in outcome.text and "21" in outcome.text


@ways
@pytest.mark.parametrize("seed", SEEDS)
def test_a_tool_the_message_mentions_is_preferred(way: Any, seed: int) -> None:
    outcome = loop(way, seed, "What time is it in Tokyo?", [WEATHER, TIME], weather)
    assert outcome.steps[0] == [("get_local_time", {"city": "Tokyo"})]


def test_a_value_that_breaks_the_schema_is_not_used() -> None:
    # "Lisbon" is longer than the schema allows, so the one city that fits is called alone.
    short = (
        "get_weather",
        {"type": "object", "properties": {"city": {"type": "string", "maxLength": 5}}, "required": ["city"]},
    )
    for seed in SEEDS:
        outcome = loop(("chat", False, False), seed, "Weather in Lisbon and Rome?", [short], weather)
        assert outcome.steps[0] == [("get_weather", {"city": "Rome"})]


@pytest.mark.parametrize("seed", SEEDS)
def test_tool_results_are_answered_even_when_the_last_request_offers_no_tools(seed: int) -> None:
    # Some frameworks drop the tools from the request that should end the loop.
    messages: Any = [
        {"role": "user", "content": "What's the weather in Rome?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": '{"temp_c": 21}'},
    ]
    reply = FakeOpenAI(seed=seed).chat.completions.create(model="gpt-4o", messages=messages)
    assert reply.choices[0].message.content == "get_weather returned temp_c: 21."
    response = FakeOpenAI(seed=seed).responses.create(
        model="gpt-4o",
        input=[
            {"role": "user", "content": "What's the weather in Rome?"},
            {"type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "call_1", "output": '{"temp_c": 21}'},
        ],
    )
    assert response.output_text == "get_weather returned temp_c: 21."


@pytest.mark.parametrize("seed", SEEDS)
def test_legacy_functions_take_arguments_from_the_prompt(seed: int) -> None:
    functions: Any = [{"name": "get_weather", "parameters": CITY}]
    reply = FakeOpenAI(seed=seed).chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "Is it cold in Oslo, in fahrenheit?"}],
        functions=functions,
    )
    call = reply.choices[0].message.function_call
    assert call is not None and json.loads(call.arguments) == {"city": "Oslo", "unit": "fahrenheit"}


CONTACT: Tool = (
    "save_contact",
    {
        "type": "object",
        "properties": {"name": {"type": "string"}, "city": {"type": "string"}, "birthday": {"type": "string"}},
        "required": ["name", "city", "birthday"],
    },
)


@ways
@pytest.mark.parametrize("seed", SEEDS)
def test_values_named_apart_fill_different_fields_of_one_call(way: Any, seed: int) -> None:
    # Two names, but not listed together: one call, each name in the field it fits, none twice.
    outcome = loop(way, seed, "Save Ada Lovelace from London, born 1815-12-10.", [CONTACT], lambda n, a: "saved")
    assert outcome.steps[0] == [("save_contact", {"name": "Ada Lovelace", "city": "London", "birthday": "1815-12-10"})]


ORDER: Tool = (
    "complete_order",
    {"type": "object", "properties": {"order_id": {"type": "string"}}, "required": ["order_id"]},
)
STATUS: Tool = ("get_status", {"type": "object", "properties": {}})


@ways
@pytest.mark.parametrize("seed", SEEDS)
def test_a_tool_that_only_starts_with_a_verb_like_complete_is_an_ordinary_tool(way: Any, seed: int) -> None:
    outcome = loop(way, seed, "Please complete order ORD-1234 now.", [STATUS, ORDER], lambda n, a: "done")
    assert outcome.steps[0] == [("complete_order", {"order_id": "ORD-1234"})]
    assert outcome.text == "complete_order returned done."
