"""``POST /responses``: what the API refuses, in the order the rules run."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._core.errors import bad_request
from ..._core.exchange import Exchange
from ._common import (
    Rule,
    content_texts,
    decimal,
    fields,
    integer,
    invalid_type,
    invalid_value,
    is_array,
    is_object,
    metadata,
    metadata_strings,
    missing,
    string_array,
)
from .echo import responses_echoes
from .models import model_check, model_given, sdk_literal
from .sampling import responses_reasoning_parameters
from .schemas import check_json_schema, check_strict_schema
from .tools import (
    RESPONSES,
    choice_names_an_offered_tool,
    definitions,
    hosted_limits,
    hosted_required,
    parameter_schemas,
)

# Every field the response echoes or the handler reads: a wrong type would make the fake's reply
# one the SDK cannot parse (docs/api-behaviour.md, Responses objects, lists the echoed fields).
_FIELDS = fields(
    {
        "input": "string or array",
        "instructions": "string",
        "tools": "array",
        "tool_choice": "string or object",
        "text": "object",
        "reasoning": "object",
        "max_output_tokens": "integer",
        "max_tool_calls": "integer",
        "metadata": metadata_strings,
        "temperature": "decimal",
        "top_p": "decimal",
        "top_logprobs": "integer",
        "parallel_tool_calls": "boolean",
        "store": "boolean",
        "background": "boolean",
        "stream": "boolean",
        "truncation": "string",
        "user": "string",
        "safety_identifier": "string",
        "prompt_cache_key": "string",
        "previous_response_id": "string",
        "service_tier": "string",
        "include": string_array,
    }
)

# "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 10
# instead." (docs/api-behaviour.md, Limits: at least 16; wording [3P] real bodies); sampling ranges as on Chat (Limits).
_LIMITS = fields(
    {
        "max_output_tokens": integer(16, None),
        "metadata": metadata,
        "temperature": decimal(0, 2),
        "top_p": decimal(0, 1),
        "top_logprobs": integer(0, 20),
    }
)

_PARAMS = "openai.types.responses.response_create_params"
_REASONING = "openai.types.shared_params.reasoning"
_TEXT = "openai.types.responses.response_text_config_param"


def echoed_values(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """Enumerated fields the response echoes hold one of the values the API (and the SDK's
    ``Response`` model) knows: "Invalid value: 'x'. Supported values are: ..." (docs/api-behaviour.md, Error messages)."""
    for param, values in (
        ("truncation", sdk_literal(_PARAMS, "ResponseCreateParamsBase", "truncation")),
        ("service_tier", sdk_literal(_PARAMS, "ResponseCreateParamsBase", "service_tier")),
    ):
        _one_of(param, body.get(param), values)
    reasoning = body.get("reasoning")
    if is_object(reasoning):
        for key in ("effort", "summary", "generate_summary"):
            _one_of(f"reasoning.{key}", reasoning.get(key), sdk_literal(_REASONING, "Reasoning", key))
    text = body.get("text")
    if is_object(text):
        _one_of("text.verbosity", text.get("verbosity"), sdk_literal(_TEXT, "ResponseTextConfigParam", "verbosity"))


def _one_of(param: str, value: Any, values: tuple[str, ...]) -> None:
    if value is None or not values:
        return
    if not isinstance(value, str):
        raise invalid_type(param, "a string", value)
    if value not in values:
        raise invalid_value(param, value, values)


_FORMATS = ("text", "json_object", "json_schema")


def text_format_shape(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """The parts of ``text.format`` the fake reads to shape its answer."""
    text = body.get("text")
    spec = text.get("format") if is_object(text) else None
    if spec is None:
        return
    if not is_object(spec):
        raise invalid_type("text.format", "an object", spec)
    kind = spec.get("type")
    if kind is None:
        raise missing("text.format.type")
    if kind not in _FORMATS:
        raise invalid_value("text.format.type", kind, _FORMATS)
    if kind == "json_schema":
        for key in ("name", "schema"):
            if spec.get(key) is None:
                raise missing(f"text.format.{key}")
        name = spec["name"]

        def fail(sentence: str) -> Any:
            return bad_request(
                f"Invalid schema for response_format '{name}': {sentence}",
                param="text.format.schema",
                code="invalid_json_schema",
            )

        check_json_schema(spec["schema"], fail)


def text_format_accepted(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """A strict ``json_schema`` passes strict mode (param ``text.format.schema``, code
    ``invalid_json_schema``: [3P] real Responses errors); JSON mode needs the word "json" in the
    input ("Response input messages must contain the word 'json' in some form to use
    'text.format' of type 'json_object'." [U])."""
    text = body.get("text")
    spec = text.get("format") if is_object(text) else None
    if not is_object(spec):
        return
    if spec.get("type") == "json_object" and "json" not in _input_text(body).lower():
        raise bad_request(
            "Response input messages must contain the word 'json' in some form to use 'text.format' of type 'json_object'.",
            param="input",
        )
    if spec.get("type") == "json_schema" and spec.get("strict") is True:
        name = spec.get("name")

        def fail(sentence: str) -> Any:
            return bad_request(
                f"Invalid schema for response_format '{name}': {sentence}",
                param="text.format.schema",
                code="invalid_json_schema",
            )

        check_strict_schema(spec.get("schema"), fail)


def _input_text(body: Mapping[str, Any]) -> str:
    pieces = [body["instructions"]] if isinstance(body.get("instructions"), str) else []
    value = body.get("input")
    if isinstance(value, str):
        pieces.append(value)
    for item in value if is_array(value) else ():
        pieces.extend(content_texts(item.get("content") if is_object(item) else None))
    return "\n".join(pieces)


def input_item_types(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """An ``input`` item's ``type`` names its kind: the fake reads it to answer and to store the
    item, so a non-string one is refused (the API's wrong-type template, docs/api-behaviour.md, Error messages)."""
    items = body.get("input")
    if not is_array(items):
        return
    for index, item in enumerate(items):
        if is_object(item) and item.get("type") is not None and not isinstance(item.get("type"), str):
            raise invalid_type(f"input[{index}].type", "a string", item.get("type"))


def outputs_answer_calls(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """A ``function_call_output`` answers a ``function_call`` earlier in ``input``: "No tool call
    found for function call output with call_id call_x." (docs/api-behaviour.md, Responses objects;
    param ``input``, code null). Only checked when the request carries the whole conversation: with
    ``previous_response_id`` or a ``conversation`` the call may live on the server."""
    if body.get("previous_response_id") is not None or body.get("conversation") is not None:
        return
    items = body.get("input")
    if not is_array(items):
        return
    calls: set[Any] = set()
    for item in items:
        if not is_object(item):
            continue
        kind = item.get("type")
        call_id = item.get("call_id")
        if not isinstance(call_id, str):
            continue
        if kind == "function_call":
            calls.add(call_id)
        elif kind == "function_call_output" and call_id not in calls:
            raise bad_request(f"No tool call found for function call output with call_id {call_id}.", param="input")


_MODEL_REQUIRED = model_check("responses")
_MODEL_OPTIONAL = model_check("responses", required=False)
_ANY_MODEL_REQUIRED = model_given()
_ANY_MODEL_OPTIONAL = model_given(required=False)


def _model_check(exchange: Exchange, body: Mapping[str, Any]) -> None:
    # A stored prompt may name the model itself, so the model is optional with `prompt`.
    (_MODEL_REQUIRED if body.get("prompt") is None else _MODEL_OPTIONAL)(exchange, body)


def _model_given(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """`_model_check` off OpenAI's endpoint: any name, but one is needed without a prompt."""
    (_ANY_MODEL_REQUIRED if body.get("prompt") is None else _ANY_MODEL_OPTIONAL)(exchange, body)


RULES = (
    Rule(_FIELDS, lenient=True),
    Rule(echoed_values, lenient=True),
    Rule(hosted_required, lenient=True),
    Rule(responses_echoes, lenient=True),
    Rule(_model_check, about_models=True, elsewhere=_model_given),
    Rule(_LIMITS),
    Rule(responses_reasoning_parameters, about_models=True),
    Rule(parameter_schemas(RESPONSES), lenient=True),
    Rule(definitions(RESPONSES)),
    Rule(hosted_limits),
    Rule(choice_names_an_offered_tool(RESPONSES), lenient=True),
    Rule(text_format_shape, lenient=True),
    Rule(text_format_accepted),
    Rule(input_item_types, lenient=True),
    Rule(outputs_answer_calls, lenient=True),
)
