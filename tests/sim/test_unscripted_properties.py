"""Whatever the message names, the unscripted model's tool arguments and structured output stay
valid for their schema, and the same seed gives the same turn (issue 16). Pure: `decide` alone."""

from __future__ import annotations

import json
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from openai_fakes._core.json_schema import schema_violation
from openai_fakes._sim.conversation import Conversation
from openai_fakes._sim.turns import ToolSpec, decide

PIECES = [
    "Rome", "New York", "Ada Lovelace", "and", "in", "or", ",", "12", "2,500", "-3", "4.5", "SKU WID-42",
    "ada@example.com", "https://example.com/a", "2026-03-14", "March 3, 2026", "'blue widgets'",
    '"quoted"', "What's", "Save", "the", "weather", "time", "14:05", "celsius", "f", "?", ".",
]  # fmt: skip
NAMES = ["city", "name", "sku", "quantity", "date", "email", "url", "query", "unit", "birthday", "title", "note"]
STRING_CONSTRAINTS: list[dict[str, Any]] = [
    {},
    {"maxLength": 3},
    {"minLength": 8},
    {"pattern": "^[a-z]+$"},
    {"format": "email"},
    {"format": "date"},
    {"format": "date-time"},
    {"format": "uri"},
    {"enum": ["celsius", "fahrenheit"]},
    {"enum": ["c", "f"]},
]
NUMBER_CONSTRAINTS: list[dict[str, Any]] = [{}, {"minimum": 5}, {"maximum": 3}, {"minimum": 0, "maximum": 10}]


@st.composite
def parameters(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5, unique=True))
    properties: dict[str, Any] = {}
    for name in names:
        kind = draw(st.sampled_from(["string", "string", "integer", "number", ["string", "null"]]))
        pool = NUMBER_CONSTRAINTS if kind in ("integer", "number") else STRING_CONSTRAINTS
        properties[name] = {"type": kind, **draw(st.sampled_from(pool))}
    return {"type": "object", "properties": properties, "required": names, "additionalProperties": False}


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(PIECES), max_size=14),
    schemas=st.lists(parameters(), min_size=1, max_size=3),
    choice=st.sampled_from(["auto", "required"]),
    seed=st.integers(0, 2**32 - 1),
    parallel=st.booleans(),
)
def test_arguments_always_fit_their_schema(
    words: list[str], schemas: list[dict[str, Any]], choice: str, seed: int, parallel: bool
) -> None:
    text = " ".join(words)
    tools = [ToolSpec(f"tool_{i}", "function", schema) for i, schema in enumerate(schemas)]
    conversation = Conversation(user_text=text, parallel=parallel)

    def turn() -> Any:
        return decide(
            random.Random(seed), prompt=text, tools=tools, tool_choice=choice, answered_tool_calls=False,
            conversation=conversation,
        )  # fmt: skip

    first = turn()
    assert first.tool_calls and (parallel or len(first.tool_calls) == 1)
    by_name = {tool.name: tool for tool in tools}
    for call in first.tool_calls:
        assert schema_violation(json.loads(call.arguments), by_name[call.name].parameters) is None
    assert [(c.name, c.arguments) for c in turn().tool_calls] == [(c.name, c.arguments) for c in first.tool_calls]


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.sampled_from(PIECES), max_size=14), schema=parameters(), seed=st.integers(0, 2**32 - 1))
def test_structured_output_always_fits_its_schema(words: list[str], schema: dict[str, Any], seed: int) -> None:
    text = " ".join(words)
    turn = decide(
        random.Random(seed), prompt=text, tools=[], tool_choice="auto", answered_tool_calls=False,
        output_schema=schema, conversation=Conversation(user_text=text),
    )  # fmt: skip
    assert turn.text is not None and schema_violation(json.loads(turn.text), schema) is None
