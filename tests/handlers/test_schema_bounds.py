"""Schemas no model reply could satisfy are refused with a 400, never a hang or a RecursionError."""

from __future__ import annotations

import json
import time
from typing import Any

import openai
import pytest

from openai_fakes import FakeOpenAI

MESSAGES: Any = [{"role": "user", "content": "Give me data."}]


def _ask(schema: dict[str, Any]) -> Any:
    fake = FakeOpenAI(seed=1, validation="off")  # the fake's generator, not request validation, is under test
    return fake.chat.completions.create(
        model="gpt-4o-mini",
        messages=MESSAGES,
        response_format={"type": "json_schema", "json_schema": {"name": "data", "schema": schema}},
    )


@pytest.mark.parametrize(
    ("schema", "words"),
    [
        ({"type": "array", "items": {"type": "string"}, "minItems": 10**9}, "at least 1000000000 items"),
        ({"type": "string", "minLength": 10**9}, "at least 1000000000 characters"),
        (
            {
                "type": "object",
                "properties": {"next": {"$ref": "#"}},
                "required": ["next"],
                "additionalProperties": False,
            },
            "nested without end",
        ),
        (
            {
                "type": "array",
                "minItems": 1500,
                "items": {"type": "array", "minItems": 1500, "items": {"type": "integer"}},
            },
            "values in all",
        ),
    ],
)
def test_unsatisfiable_schemas_are_refused_quickly(schema: dict[str, Any], words: str) -> None:
    started = time.perf_counter()
    with pytest.raises(openai.BadRequestError) as caught:
        _ask(schema)
    assert time.perf_counter() - started < 5
    assert words in caught.value.message and caught.value.param == "response_format"


def test_large_but_possible_bounds_are_still_met() -> None:
    reply = _ask(
        {
            "type": "object",
            "properties": {"tags": {"type": "array", "items": {"type": "string"}, "minItems": 300}},
            "required": ["tags"],
        }
    )
    assert len(json.loads(reply.choices[0].message.content or "")["tags"]) == 300
