"""Responses requests the real API refuses (docs/api-behaviour.md, Responses objects, Limits, Error messages)."""

from __future__ import annotations

from typing import Any

import openai
import pytest
from pydantic import BaseModel

from openai_fakes import FakeOpenAI

from ._expect import assert_error, refusal


@pytest.fixture
def fake() -> FakeOpenAI:
    return FakeOpenAI(seed=5)


def create(fake: FakeOpenAI, **params: Any) -> Any:
    return fake.responses.create(**{"model": "gpt-4o-mini", "input": "What is the weather in Paris?", **params})


def function(name: str = "get_weather", **extra: Any) -> Any:
    return {
        "type": "function",
        "name": name,
        "parameters": {"type": "object", "properties": {}},
        "strict": None,
        **extra,
    }


def test_max_output_tokens_below_16(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, max_output_tokens=10))
    assert_error(
        error,
        param="max_output_tokens",
        code="integer_below_min_value",
        message="Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 10 instead.",
    )
    assert create(fake, max_output_tokens=16).status in ("completed", "incomplete")


def test_function_call_output_for_an_unknown_call(fake: FakeOpenAI) -> None:
    items = [
        {"role": "user", "content": "Weather?"},
        {"type": "function_call_output", "call_id": "call_X", "output": "21 °C"},
    ]
    error = refusal(lambda: create(fake, input=items))
    assert_error(
        error, param="input", code=None, message="No tool call found for function call output with call_id call_X."
    )


def test_function_call_output_for_a_call_in_the_request(fake: FakeOpenAI) -> None:
    items = [
        {"role": "user", "content": "Weather?"},
        {"type": "function_call", "call_id": "call_X", "name": "get_weather", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "call_X", "output": "21 °C"},
    ]
    assert create(fake, input=items, tools=[function()]).output


def test_function_call_output_after_a_previous_response_is_not_judged(fake: FakeOpenAI) -> None:
    # The call lives in the stored response: the request alone cannot show it, the server's store can.
    asked = create(fake, tools=[function()], tool_choice="required")
    (call,) = [item for item in asked.output if item.type == "function_call"]
    items = [{"type": "function_call_output", "call_id": call.call_id, "output": "21 °C"}]
    assert create(fake, input=items, previous_response_id=asked.id).output is not None
    # An id the store does not know is the server's 400, not the validator's.
    error = refusal(lambda: create(fake, input=items, previous_response_id="resp_123"))
    assert_error(
        error,
        param="previous_response_id",
        code="previous_response_not_found",
        message="Previous response with id 'resp_123' not found.",
    )


def test_unknown_model(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, model="gpt-nope"), openai.NotFoundError)
    assert_error(error, status=404, param=None, code="model_not_found")


def test_responses_only_models_are_accepted(fake: FakeOpenAI) -> None:
    assert create(fake, model="o3-pro").model == "o3-pro-2025-06-10"


def test_temperature_out_of_range(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, temperature=2.5))
    assert_error(error, param="temperature", code="decimal_above_max_value")


def test_temperature_on_a_reasoning_model(fake: FakeOpenAI) -> None:  # [U] wording on Responses
    error = refusal(lambda: create(fake, model="o3", temperature=0.2))
    assert_error(
        error,
        param="temperature",
        code="unsupported_parameter",
        message="Unsupported parameter: 'temperature' is not supported with this model.",
    )


def test_tool_choice_naming_a_function_not_offered(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, tools=[function()], tool_choice={"type": "function", "name": "get_time"}))
    assert_error(
        error, param="tool_choice", code=None, message="Tool choice 'get_time' not found in 'tools' parameter."
    )


def test_function_name_that_does_not_match_the_pattern(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, tools=[function("get.weather")]))
    assert_error(error, param="tools[0].name", code="invalid_value")


def test_strict_function_schema_with_missing_required(fake: FakeOpenAI) -> None:
    parameters = {
        "type": "object",
        "properties": {"city": {"type": "string"}, "unit": {"type": "string"}},
        "required": ["city"],
        "additionalProperties": False,
    }
    error = refusal(lambda: create(fake, tools=[function(parameters=parameters, strict=True)]))
    assert_error(
        error,
        param="tools[0].parameters",
        code="invalid_function_parameters",
        message=(
            "Invalid schema for function 'get_weather': In context=(), 'required' is required to be supplied and to be an array "
            "including every key in properties. Missing 'unit'."
        ),
    )


def test_strict_text_format_schema(fake: FakeOpenAI) -> None:
    schema = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    error = refusal(
        lambda: create(
            fake, text={"format": {"type": "json_schema", "name": "weather", "schema": schema, "strict": True}}
        )
    )
    assert_error(
        error,
        param="text.format.schema",
        code="invalid_json_schema",
        message="Invalid schema for response_format 'weather': In context=(), 'additionalProperties' is required to be supplied and to be false.",
    )


def test_parse_with_a_pydantic_model_passes_strict_mode(fake: FakeOpenAI) -> None:
    class Weather(BaseModel):
        city: str
        celsius: float

    response = fake.responses.parse(model="gpt-4o-mini", input="Weather in Paris?", text_format=Weather)
    assert isinstance(response.output_parsed, Weather)


def test_json_mode_without_the_word_json(fake: FakeOpenAI) -> None:  # [U] wording and param
    error = refusal(lambda: create(fake, text={"format": {"type": "json_object"}}))
    assert_error(error, param="input", code=None)
    assert create(fake, instructions="Reply in JSON.", text={"format": {"type": "json_object"}}).output


def test_an_echoed_value_the_api_does_not_know(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, truncation="sideways"))
    assert_error(
        error,
        param="truncation",
        code="invalid_value",
        message="Invalid value: 'sideways'. Supported values are: 'auto' and 'disabled'.",
    )
