"""Schemas no model reply could satisfy are refused with a 400, never a hang or a RecursionError."""

from __future__ import annotations

import json
from typing import Any

import openai
import pytest

from openai_fakes import FakeOpenAI
from openai_fakes._sim import schema_data

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
def test_unsatisfiable_schemas_are_refused_after_bounded_work(
    schema: dict[str, Any], words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The work is counted, not timed: each value the generator builds is one call of
    # `_Builder.value`, and the refusal must come within the cap on values in all. Past the cap the
    # count itself fails the test, so a lost bound fails at once instead of hanging.
    budget = schema_data._MAX_VALUES + 1  # the call that finds the cap passed and refuses
    built = 0
    build_one = schema_data._Builder.value

    def counted(builder: Any, *args: Any) -> Any:
        nonlocal built
        built += 1
        if built > budget:
            raise AssertionError(f"more than {budget} values built: the bound is gone")
        return build_one(builder, *args)

    monkeypatch.setattr(schema_data._Builder, "value", counted)
    with pytest.raises(openai.BadRequestError) as caught:
        _ask(schema)
    assert 0 < built <= budget
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
