"""Unscripted JSON follows the conversation (issue 16): ``json_object`` output has the keys the
instructions or the user's message name, and structured output fills fields with the values the
message names (or the tools returned). Every surface, sync and async, plain and streamed."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from pydantic import BaseModel

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI

from ._loops import WAYS, chat_tools, one_text

SEEDS = range(6)
ways = pytest.mark.parametrize(
    "way", WAYS, ids=[f"{s}-{'stream' if st else 'plain'}-{'async' if a else 'sync'}" for s, st, a in WAYS]
)
HERO_SCHEMA: Any = {
    "type": "json_schema",
    "json_schema": {
        "name": "hero",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "power": {"type": "string"}, "city": {"type": "string"}},
            "required": ["name", "power", "city"],
            "additionalProperties": False,
        },
    },
}


@ways
@pytest.mark.parametrize("seed", SEEDS)
def test_json_object_has_the_keys_the_instructions_name(way: Any, seed: int) -> None:
    text = one_text(
        way,
        seed,
        'Reply in JSON with the keys "city" and "summary".',
        "Tell me about Rome.",
        response_format={"type": "json_object"},
    )
    value = json.loads(text)
    assert list(value) == ["city", "summary"] and value["city"] == "Rome" and value["summary"]


@ways
@pytest.mark.parametrize("seed", SEEDS)
def test_json_object_keys_listed_in_the_users_message(way: Any, seed: int) -> None:
    text = one_text(
        way,
        seed,
        "You are helpful.",
        "Give me JSON with the fields name, country and population for Lisbon.",
        response_format={"type": "json_object"},
    )
    assert list(json.loads(text)) == ["name", "country", "population"] and json.loads(text)["name"] == "Lisbon"


@ways
@pytest.mark.parametrize("seed", SEEDS)
def test_a_schema_field_takes_the_value_the_message_names(way: Any, seed: int) -> None:
    text = one_text(
        way, seed, "Describe heroes.", "Describe Superman, who lives in Metropolis.", response_format=HERO_SCHEMA
    )
    hero = json.loads(text)
    assert (hero["name"], hero["city"]) == ("Superman", "Metropolis") and hero["power"]


class Hero(BaseModel):
    name: str
    power: str
    city: str | None


@pytest.mark.parametrize("seed", SEEDS)
def test_parse_gives_the_hero_the_prompt_names(seed: int) -> None:
    prompt = "Describe Wonder Woman from Themyscira."
    fake = FakeOpenAI(seed=seed)
    chat = fake.chat.completions.parse(
        model="gpt-4o", messages=[{"role": "user", "content": prompt}], response_format=Hero
    )
    response = fake.responses.parse(model="gpt-4o", input=prompt, text_format=Hero)

    async def both() -> tuple[Any, Any]:
        fake_async = FakeAsyncOpenAI(seed=seed)
        chat = await fake_async.chat.completions.parse(
            model="gpt-4o", messages=[{"role": "user", "content": prompt}], response_format=Hero
        )
        return chat.choices[0].message.parsed, (
            await fake_async.responses.parse(model="gpt-4o", input=prompt, text_format=Hero)
        ).output_parsed

    for hero in (chat.choices[0].message.parsed, response.output_parsed, *asyncio.run(both())):
        assert hero is not None and (hero.name, hero.city) == ("Wonder Woman", "Themyscira")


@pytest.mark.parametrize("seed", SEEDS)
def test_structured_answer_after_a_tool_takes_what_it_returned(seed: int) -> None:
    fake = FakeOpenAI(seed=seed)
    tool = ("get_weather", {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]})
    schema: Any = {
        "type": "json_schema",
        "json_schema": {
            "name": "report",
            "schema": {
                "type": "object",
                "properties": {"city": {"type": "string"}, "temp_c": {"type": "number"}},
                "required": ["city", "temp_c"],
            },
        },
    }
    messages: list[Any] = [{"role": "user", "content": "How warm is it in Oslo?"}]
    first = fake.chat.completions.create(
        model="gpt-4o", messages=messages, tools=chat_tools([tool]), response_format=schema
    )
    (call,) = first.choices[0].message.tool_calls or []
    assert json.loads(call.function.arguments) == {"city": "Oslo"}  # type: ignore[union-attr]
    messages += [
        first.choices[0].message.model_dump(exclude_none=True),
        {"role": "tool", "tool_call_id": call.id, "content": json.dumps({"temp_c": 4.5})},
    ]
    final = fake.chat.completions.create(
        model="gpt-4o", messages=messages, tools=chat_tools([tool]), response_format=schema
    )
    assert json.loads(final.choices[0].message.content or "") == {"city": "Oslo", "temp_c": 4.5}


@pytest.mark.parametrize("seed", SEEDS)
def test_json_object_takes_the_keys_of_an_example_in_the_message(seed: int) -> None:
    reply = FakeOpenAI(seed=seed).chat.completions.create(
        model="gpt-4o",
        messages=[
            {"role": "user", "content": 'Name a hero from Gotham. Reply as JSON like {"hero": "...", "city": "..."}'}
        ],
        response_format={"type": "json_object"},
    )
    value = json.loads(reply.choices[0].message.content or "")
    assert list(value) == ["hero", "city"] and value["city"] == "Gotham"
