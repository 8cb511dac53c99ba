"""A name given as a key of the reply ("with the keys "city" and "summary"") is not a value the
user gave: JSON mode fills the "city" key with the city the message names, not with "city", and a
tool's city parameter takes it too. Chat Completions, Responses and Assistants runs, sync and
async, plain and streamed, seeds 0-5."""

from __future__ import annotations

import json
from typing import Any

import pytest

from openai_fakes import FakeOpenAI

from ._loops import WAYS, chat_tools, one_text

SEEDS = range(6)
way_ids = [f"{s}-{'stream' if st else 'plain'}-{'async' if a else 'sync'}" for s, st, a in WAYS]
PROMPTS = [
    'What is the weather in Rome? Reply as JSON with the keys "city" and "summary".',
    "What is the weather in Rome? Reply as JSON with the keys 'city' and 'summary'.",
    "What is the weather in Rome? Reply as JSON with the keys “city” and “summary”.",
    'Reply as JSON with the fields "city" and "summary". What is the weather in Rome?',
    "What is the weather in Rome? Reply as JSON with the fields City and Summary.",
]


@pytest.mark.parametrize("way", WAYS, ids=way_ids)
@pytest.mark.parametrize("seed", SEEDS)
def test_json_mode_fills_a_quoted_key_with_the_value_the_message_names(way: Any, seed: int) -> None:
    for prompt in PROMPTS:
        reply = json.loads(
            one_text(way, seed, "You are a weather bot.", prompt, response_format={"type": "json_object"})
        )
        city, summary = list(reply)  # the keys as named, in order
        assert (city.lower(), summary.lower()) == ("city", "summary"), prompt
        assert reply[city] == "Rome", prompt
        assert reply[summary] not in ("", "summary", "Summary"), prompt
    # A value the user quotes is still one, with the keys named in the instructions.
    system = 'Answer in JSON with the keys "city" and "summary".'
    reply = json.loads(
        one_text(way, seed, system, 'Weather for "Oslo", please.', response_format={"type": "json_object"})
    )
    assert reply["city"] == "Oslo"


@pytest.mark.parametrize("seed", SEEDS)
def test_a_tool_parameter_does_not_take_a_key_name(seed: int) -> None:
    weather = ("get_weather", {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]})
    reply = FakeOpenAI(seed=seed).chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": PROMPTS[0]}],
        tools=chat_tools([weather]),
        tool_choice="required",
    )
    calls: list[Any] = list(reply.choices[0].message.tool_calls or [])
    assert [json.loads(call.function.arguments) for call in calls] == [{"city": "Rome"}]
