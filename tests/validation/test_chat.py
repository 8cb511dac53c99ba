"""Chat Completions requests the real API refuses raise the SDK's own error with the API's body.

One test per rule; each names its section of docs/api-behaviour.md. Wordings marked unconfirmed there are asserted as
the fake words them, so a change is deliberate.
"""

from __future__ import annotations

from typing import Any

import openai
import pytest
from pydantic import BaseModel

from openai_fakes import FakeOpenAI

from ._expect import assert_error, refusal

USER: Any = [{"role": "user", "content": "What is the weather in Paris?"}]
CALL: Any = {"id": "call_A", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}
ASSISTANT_CALLS: Any = {"role": "assistant", "content": None, "tool_calls": [CALL]}


def tool(name: str = "get_weather", **function: Any) -> Any:
    return {
        "type": "function",
        "function": {"name": name, "parameters": {"type": "object", "properties": {}}, **function},
    }


@pytest.fixture
def fake() -> FakeOpenAI:
    return FakeOpenAI(seed=3)


def create(fake: FakeOpenAI, **params: Any) -> Any:
    return fake.chat.completions.create(**{"model": "gpt-4o-mini", "messages": USER, **params})


# --- messages (Error messages: "empty messages", "bad role", tool turns) ---------------------------


def test_empty_messages(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, messages=[]))
    assert_error(
        error,
        param="messages",
        code="empty_array",
        message="Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
    )


def test_unknown_role(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, messages=[*USER, {"role": "tooool", "content": "x"}]))
    assert_error(
        error,
        param="messages[1].role",
        code="invalid_value",
        message="Invalid value: 'tooool'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.",
    )


def test_unknown_content_part(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, messages=[{"role": "user", "content": [{"type": "image", "data": "..."}]}]))
    assert_error(
        error,
        param="messages[0].content[0].type",
        code="invalid_value",
        message="Invalid value: 'image'. Supported values are: 'text', 'image_url', 'input_audio', 'refusal', 'audio', and 'file'.",
    )


def test_image_for_a_model_without_vision(fake: FakeOpenAI) -> None:
    image: Any = [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is this?"},
                {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
            ],
        }
    ]
    error = refusal(lambda: create(fake, model="gpt-3.5-turbo", messages=image))
    assert_error(
        error,
        param="messages.[0].content.[1].type",
        code=None,
        message="Invalid content type. image_url is only supported by certain models.",
    )
    assert create(fake, model="gpt-4o-mini", messages=image).choices  # a vision model takes it


def test_system_message_on_o1_beta_models(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, model="o1-mini", messages=[{"role": "system", "content": "Be brief."}, *USER]))
    assert_error(
        error,
        param="messages[0].role",
        code="unsupported_value",
        message="Unsupported value: 'messages[0].role' does not support 'system' with this model.",
    )


def test_tool_message_without_a_call(fake: FakeOpenAI) -> None:
    error = refusal(
        lambda: create(fake, messages=[*USER, {"role": "tool", "tool_call_id": "call_A", "content": "21 °C"}])
    )
    assert_error(
        error,
        param="messages.[1].role",
        code=None,
        message="Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
    )


def test_tool_message_answering_another_call(fake: FakeOpenAI) -> None:
    error = refusal(
        lambda: create(
            fake, messages=[*USER, ASSISTANT_CALLS, {"role": "tool", "tool_call_id": "call_B", "content": "21 °C"}]
        )
    )
    assert_error(
        error,
        param="messages.[2].tool_call_id",
        code=None,
        message="Invalid parameter: 'tool_call_id' of 'call_B' not found in 'tool_calls' of previous message.",
    )


def test_tool_call_left_unanswered_before_the_next_user_turn(fake: FakeOpenAI) -> None:
    two_calls = {**ASSISTANT_CALLS, "tool_calls": [CALL, {**CALL, "id": "call_B"}]}
    messages = [
        *USER,
        two_calls,
        {"role": "tool", "tool_call_id": "call_A", "content": "21 °C"},
        {"role": "user", "content": "And?"},
    ]
    error = refusal(lambda: create(fake, messages=messages))
    assert_error(
        error,
        param="messages.[1].role",
        code=None,
        message=(
            "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. "
            "The following tool_call_ids did not have response messages: call_B"
        ),
    )


def test_a_complete_tool_turn_is_answered(fake: FakeOpenAI) -> None:
    messages = [*USER, ASSISTANT_CALLS, {"role": "tool", "tool_call_id": "call_A", "content": "21 °C"}]
    assert create(fake, messages=messages, tools=[tool()]).choices[0].message.content


# --- n, token limits and sampling ranges (Limits, Model snapshots, Reasoning models) ----------------


@pytest.mark.parametrize(
    ("n", "code", "bound"), [(0, "integer_below_min_value", ">= 1"), (129, "integer_above_max_value", "<= 128")]
)
def test_n_out_of_range(fake: FakeOpenAI, n: int, code: str, bound: str) -> None:
    error = refusal(lambda: create(fake, n=n))
    kind = "below minimum" if n == 0 else "above maximum"
    assert_error(
        error,
        param="n",
        code=code,
        message=f"Invalid 'n': integer {kind} value. Expected a value {bound}, but got {n} instead.",
    )


def test_n_above_one_on_o1_beta_models(fake: FakeOpenAI) -> None:  # [U] wording
    error = refusal(lambda: create(fake, model="o1-preview", n=2))
    assert_error(error, param="n", code="unsupported_value")
    assert len(create(fake, model="o3", n=2).choices) == 2  # later reasoning models take n


def test_max_tokens_over_the_models_limit(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, model="gpt-4o", max_tokens=128000))
    assert_error(
        error,
        param="max_tokens",
        code=None,
        message="max_tokens is too large: 128000. This model supports at most 16384 completion tokens, whereas you provided 128000.",
    )
    assert create(fake, model="gpt-4.1", max_tokens=32768).choices  # gpt-4.1 allows 32,768


def test_max_completion_tokens_over_the_models_limit(fake: FakeOpenAI) -> None:  # [U] wording
    error = refusal(lambda: create(fake, model="o3", max_completion_tokens=100001))
    assert_error(error, param="max_completion_tokens", code=None)


def test_max_tokens_below_one(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, max_tokens=0))
    assert_error(error, param="max_tokens", code="integer_below_min_value")


@pytest.mark.parametrize(
    ("param", "value", "message"),
    [
        (
            "temperature",
            2.5,
            "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 2.5 instead.",
        ),
        (
            "temperature",
            -0.5,
            "Invalid 'temperature': decimal below minimum value. Expected a value >= 0, but got -0.5 instead.",
        ),
        ("top_p", 1.5, "Invalid 'top_p': decimal above maximum value. Expected a value <= 1, but got 1.5 instead."),
        (
            "frequency_penalty",
            -3,
            "Invalid 'frequency_penalty': decimal below minimum value. Expected a value >= -2, but got -3 instead.",
        ),
        (
            "presence_penalty",
            2.01,
            "Invalid 'presence_penalty': decimal above maximum value. Expected a value <= 2, but got 2.01 instead.",
        ),
    ],
)
def test_sampling_parameters_out_of_range(fake: FakeOpenAI, param: str, value: float, message: str) -> None:
    error = refusal(lambda: create(fake, **{param: value}))
    code = "decimal_above_max_value" if "above" in message else "decimal_below_min_value"
    assert_error(error, param=param, code=code, message=message)


def test_a_wrong_type(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, n="two"))
    assert_error(
        error,
        param="n",
        code="invalid_type",
        message="Invalid type for 'n': expected an integer, but got a string instead.",
    )


def test_max_tokens_on_a_reasoning_model(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, model="o4-mini", max_tokens=500))
    assert_error(
        error,
        param="max_tokens",
        code="unsupported_parameter",
        message="Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
    )
    assert create(fake, model="o4-mini", max_completion_tokens=500).choices


def test_temperature_other_than_one_on_a_reasoning_model(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, model="gpt-5", temperature=0.5))
    assert_error(
        error,
        param="temperature",
        code="unsupported_value",
        message="Unsupported value: 'temperature' does not support 0.5 with this model. Only the default (1) value is supported.",
    )
    assert create(fake, model="gpt-5", temperature=1).choices  # the default is accepted


def test_top_p_on_a_reasoning_model(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, model="o3", top_p=0.9))
    assert_error(
        error,
        param="top_p",
        code="unsupported_parameter",
        message="Unsupported parameter: 'top_p' is not supported with this model.",
    )


def test_sampling_parameters_with_reasoning_effort_none(fake: FakeOpenAI) -> None:  # [U]
    assert create(fake, model="gpt-5.1", reasoning_effort="none", temperature=0.2).choices


# --- models (Error messages: "unknown model") ------------------------------------------------------


def test_unknown_model(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, model="gpt-4o-2099-01-01"), openai.NotFoundError)
    assert_error(
        error,
        status=404,
        param=None,
        code="model_not_found",
        message="The model `gpt-4o-2099-01-01` does not exist or you do not have access to it.",
    )


def test_a_model_of_another_endpoint(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, model="text-embedding-3-small"), openai.NotFoundError)
    assert_error(
        error,
        status=404,
        param="model",
        code=None,
        message="This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?",
    )


def test_a_responses_only_model(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, model="o1-pro"), openai.NotFoundError)
    assert_error(
        error,
        status=404,
        param="model",
        code=None,
        message="This model is only supported in v1/responses and not in v1/chat/completions.",
    )


@pytest.mark.parametrize(
    "model",
    [
        "gpt-4o-mini",
        "gpt-4o-mini-2024-07-18",
        "chatgpt-4o-latest",
        "gpt-5.2",
        "ft:gpt-4o-mini-2024-07-18:acme:support:9x9umpsR",
    ],
)
def test_known_models_are_accepted(fake: FakeOpenAI, model: str) -> None:
    assert create(fake, model=model).choices


def test_a_fine_tune_of_an_unknown_base(fake: FakeOpenAI) -> None:
    refusal(lambda: create(fake, model="ft:gpt-99:acme::abc123"), openai.NotFoundError)


def test_missing_model(fake: FakeOpenAI) -> None:
    params: Any = {"model": None, "messages": USER}
    error = refusal(lambda: fake.chat.completions.create(**params))
    assert_error(error, param=None, code=None, message="you must provide a model parameter")


# --- tools and tool_choice (Limits, Error messages) -------------------------------------------------


def test_too_many_tools(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, tools=[tool(f"tool_{i}") for i in range(129)]))
    assert_error(
        error,
        param="tools",
        code="array_above_max_length",
        message="Invalid 'tools': array too long. Expected an array with maximum length 128, but got an array with length 129 instead.",
    )


def test_function_name_that_does_not_match_the_pattern(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, tools=[tool("get weather")]))
    assert_error(
        error,
        param="tools[0].function.name",
        code="invalid_value",
        message="Invalid 'tools[0].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
    )


def test_function_name_longer_than_64(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, tools=[tool("f" * 65)]))
    assert_error(error, param="tools[0].function.name", code="string_above_max_length")


def test_function_description_longer_than_1024(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, tools=[tool(description="d" * 1025)]))
    assert_error(
        error,
        param="tools[0].function.description",
        code="string_above_max_length",
        message="Invalid 'tools[0].function.description': string too long. Expected a string with maximum length 1024, but got a string with length 1025 instead.",
    )


def test_tool_choice_naming_a_function_not_offered(fake: FakeOpenAI) -> None:  # [U] on Chat
    error = refusal(
        lambda: create(fake, tools=[tool()], tool_choice={"type": "function", "function": {"name": "get_time"}})
    )
    assert_error(
        error, param="tool_choice", code=None, message="Tool choice 'get_time' not found in 'tools' parameter."
    )


def test_tool_choice_without_tools(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, tool_choice="required"))
    assert_error(
        error,
        param="tool_choice",
        code=None,
        message="Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
    )


def test_strict_function_schema_without_additional_properties(fake: FakeOpenAI) -> None:
    parameters = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    error = refusal(lambda: create(fake, tools=[tool(parameters=parameters, strict=True)]))
    assert_error(
        error,
        param="tools[0].function.parameters",
        code="invalid_function_parameters",
        message="Invalid schema for function 'get_weather': In context=(), 'additionalProperties' is required to be supplied and to be false.",
    )
    assert create(fake, tools=[tool(parameters=parameters)]).choices  # not strict: not checked


# --- response_format (Limits, Chat Completions replies, Error messages) -----------------------------


def schema_format(schema: Any, strict: bool = True) -> Any:
    return {"type": "json_schema", "json_schema": {"name": "weather", "schema": schema, "strict": strict}}


def test_strict_schema_without_every_property_required(fake: FakeOpenAI) -> None:
    schema = {
        "type": "object",
        "properties": {
            "city": {"type": "string"},
            "days": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"high": {"type": "number"}, "low": {"type": "number"}},
                    "required": ["high"],
                    "additionalProperties": False,
                },
            },
        },
        "required": ["city", "days"],
        "additionalProperties": False,
    }
    error = refusal(lambda: create(fake, response_format=schema_format(schema)))
    assert_error(
        error,
        param="response_format",
        code=None,
        message=(
            "Invalid schema for response_format 'weather': In context=('properties', 'days', 'items'), 'required' is required "
            "to be supplied and to be an array including every key in properties. Missing 'low'."
        ),
    )


def test_strict_schema_with_an_unsupported_keyword(fake: FakeOpenAI) -> None:
    schema = {
        "type": "object",
        "properties": {"unit": {"type": "string", "default": "C"}},
        "required": ["unit"],
        "additionalProperties": False,
    }
    error = refusal(lambda: create(fake, response_format=schema_format(schema)))
    assert_error(
        error,
        param="response_format",
        code=None,
        message="Invalid schema for response_format 'weather': In context=('properties', 'unit'), 'default' is not permitted.",
    )


def test_strict_schema_whose_root_is_not_an_object(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, response_format=schema_format({"type": "array", "items": {"type": "string"}})))
    assert_error(
        error,
        param="response_format",
        code=None,
        message="Invalid schema for response_format 'weather': schema must be a JSON Schema of 'type: \"object\"', got 'type: \"array\"'.",
    )


def test_parse_with_a_pydantic_model_passes_strict_mode(fake: FakeOpenAI) -> None:
    class Day(BaseModel):
        high: float
        low: float | None

    class Forecast(BaseModel):
        city: str
        days: list[Day]

    completion = fake.chat.completions.parse(model="gpt-4o-mini", messages=USER, response_format=Forecast)
    assert isinstance(completion.choices[0].message.parsed, Forecast)


def test_json_mode_without_the_word_json(fake: FakeOpenAI) -> None:  # [U] exact wording and param
    error = refusal(lambda: create(fake, response_format={"type": "json_object"}))
    assert_error(
        error,
        param="messages",
        code=None,
        message="'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
    )
    asked: Any = [{"role": "user", "content": "Answer in JSON: what is the weather?"}]
    assert create(fake, messages=asked, response_format={"type": "json_object"}).choices


def test_json_mode_on_a_model_without_it(fake: FakeOpenAI) -> None:
    asked: Any = [{"role": "user", "content": "Answer in JSON."}]
    error = refusal(lambda: create(fake, model="gpt-4", messages=asked, response_format={"type": "json_object"}))
    assert_error(
        error,
        param="response_format",
        code=None,
        message="Invalid parameter: 'response_format' of type 'json_object' is not supported with this model.",
    )


def test_stop_with_more_than_four_sequences(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, stop=["a", "b", "c", "d", "e"]))
    assert_error(error, param="stop", code="array_above_max_length")


# --- async clients go through the same checks ------------------------------------------------------


def test_the_async_client_refuses_too() -> None:
    import asyncio

    from openai_fakes import FakeAsyncOpenAI

    async def run() -> None:
        fake = FakeAsyncOpenAI()
        with pytest.raises(openai.BadRequestError):
            await fake.chat.completions.create(model="gpt-4o-mini", messages=[])

    asyncio.run(run())


def test_a_refused_call_is_recorded_and_no_script_runs(fake: FakeOpenAI) -> None:
    stub = fake.stub(fake.chat.completions.create)
    stub.reply("scripted")
    refusal(lambda: create(fake, messages=[]))
    assert fake.calls.last.status == 400
    assert create(fake).choices[0].message.content == "scripted"


# --- shapes the fake needs to answer at all (kept when lenient) ---------------------------------------


def test_a_role_of_the_wrong_type(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, messages=[{"role": ["user"], "content": "Hi"}]))
    assert_error(
        error,
        param="messages[0].role",
        code="invalid_type",
        message="Invalid type for 'messages[0].role': expected a string, but got an array instead.",
    )


@pytest.mark.parametrize("level", ["strict", "lenient"])
def test_a_malformed_parameter_schema(level: Any) -> None:  # [U] wording
    parameters = {"type": "object", "properties": {"city": {"type": "text"}}}
    fake = FakeOpenAI(validation=level)
    error = refusal(lambda: create(fake, tools=[tool(parameters=parameters)], tool_choice="required"))
    assert_error(
        error,
        param="tools[0].function.parameters",
        code="invalid_function_parameters",
        message="Invalid schema for function 'get_weather': In context=('properties', 'city'), 'text' is not valid under any of the given schemas.",
    )


def test_a_reference_that_does_not_resolve(fake: FakeOpenAI) -> None:  # [U] wording
    schema = {
        "type": "object",
        "properties": {"day": {"$ref": "#/$defs/Day"}},
        "required": ["day"],
        "additionalProperties": False,
    }
    error = refusal(lambda: create(fake, response_format=schema_format(schema, strict=False)))
    assert_error(
        error,
        param="response_format",
        code=None,
        message="Invalid schema for response_format 'weather': In context=('properties', 'day'), reference '#/$defs/Day' can't be resolved.",
    )
