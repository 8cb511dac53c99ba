"""``POST /chat/completions``: what the API refuses, in the order the rules run."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._core.errors import bad_request
from ..._core.exchange import Exchange
from ._common import (
    FieldCheck,
    Rule,
    array_too_long,
    decimal,
    field_rule,
    integer,
    invalid_type,
    invalid_value,
    is_array,
    is_object,
    metadata,
    metadata_strings,
    missing,
)
from .messages import model_accepts_content, shape, text_of, tool_turns
from .models import NO_JSON_MODE, O1_BETA, base_of, max_output_tokens, model_of, model_rule
from .sampling import chat_reasoning_parameters
from .schemas import check_json_schema, check_strict_schema
from .tools import CHAT, choice_names_an_offered_tool, choice_needs_tools, definitions, parameter_schemas

MAX_N = 128  # docs/api-behaviour.md, Limits: n is 1–128
MAX_STOP = 4  # stop: a string or 1–4 strings
MAX_TOP_LOGPROBS = 20  # top_logprobs: 0–20


def _stop_strings(name: str, value: Any) -> None:
    """``stop`` is a string or an array of strings: the fake cuts its text at them."""
    if isinstance(value, str):
        return
    if not is_array(value):
        raise invalid_type(name, "one of a string or array", value)
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise invalid_type(f"{name}[{index}]", "a string", item)


def _stop_count(name: str, value: Any) -> None:
    """At most 4 stop sequences (Limits; the API's general array wording [U])."""
    if is_array(value) and len(value) > MAX_STOP:
        raise array_too_long(name, MAX_STOP, len(value))


# Fields the chat handler reads: a wrong type, no choices or no tokens would leave the fake
# nothing meaningful to answer. Ranges: Limits; wording "Invalid 'n': integer below minimum value.
# Expected a value >= 1, but got 0 instead." [3P] real bodies.
_READ_BY_THE_FAKE: dict[str, FieldCheck | str] = {
    "n": integer(1, MAX_N),
    "max_tokens": integer(1, None),
    "max_completion_tokens": integer(1, None),
    "tools": "array",
    "functions": "array",
    "tool_choice": "string or object",
    "function_call": "string or object",
    "response_format": "object",
    "stream_options": "object",
    "stop": _stop_strings,
    "logprobs": "boolean",
    # The fake lists this many alternatives per token: a huge number would never finish.
    "top_logprobs": integer(0, MAX_TOP_LOGPROBS),
    # Stored completions keep and filter on these.
    "store": "boolean",
    "metadata": metadata_strings,
}
# The rest of Limits: "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but
# got 2.5 instead." (code decimal_above_max_value; [3P] real bodies).
_OTHER_FIELDS: dict[str, FieldCheck | str] = {
    "temperature": decimal(0, 2),
    "top_p": decimal(0, 1),
    "frequency_penalty": decimal(-2, 2),
    "presence_penalty": decimal(-2, 2),
    "stop": _stop_count,
    "metadata": metadata,
    "parallel_tool_calls": "boolean",
    "seed": "integer",
    "store": "boolean",
    "user": "string",
    "reasoning_effort": "string",
    "logit_bias": "object",
}


def token_limits_fit_the_model(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """``max_tokens is too large: 128000. This model supports at most 16384 completion tokens,
    whereas you provided 128000.`` (Error messages, param ``max_tokens``, code null; limits: Model snapshots; the same form
    for ``max_completion_tokens`` is [U])."""
    if "max_tokens" not in body and "max_completion_tokens" not in body:
        return
    limit = max_output_tokens(model_of(body))
    if limit is None:
        return
    for param in ("max_tokens", "max_completion_tokens"):
        value = body.get(param)
        if isinstance(value, int) and value > limit:
            raise bad_request(
                f"{param} is too large: {value}. This model supports at most {limit} completion tokens, whereas you provided {value}.",
                param=param,
            )


def o1_beta_fixed_n(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """o1's beta models fix ``n`` at 1 (the 2024 reasoning guide's "beta limitations"; the wording
    is [U], modelled on the temperature refusal in Reasoning models)."""
    n = body.get("n")
    if isinstance(n, int) and n != 1 and base_of(model_of(body)) in O1_BETA:
        raise bad_request(
            f"Unsupported value: 'n' does not support {n} with this model. Only the default (1) value is supported.",
            param="n",
            code="unsupported_value",
        )


_FORMATS = ("text", "json_object", "json_schema")


def response_format_shape(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """The parts of ``response_format`` the fake reads to shape its answer."""
    spec = body.get("response_format")
    if not is_object(spec):
        return
    kind = spec.get("type")
    if kind is None:
        raise missing("response_format.type")
    if kind not in _FORMATS:
        raise invalid_value("response_format.type", kind, _FORMATS)
    if kind == "json_schema":
        inner = spec.get("json_schema")
        if inner is None:
            raise missing("response_format.json_schema")
        if not is_object(inner):
            raise invalid_type("response_format.json_schema", "an object", inner)
        schema = inner.get("schema")
        if schema is not None:
            name = inner.get("name")

            def fail(sentence: str) -> Any:
                return bad_request(f"Invalid schema for response_format '{name}': {sentence}", param="response_format")

            check_json_schema(schema, fail)


def response_format_accepted(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """JSON mode needs a model that has it ([3P]), then the protocol's part of the rule."""
    spec = body.get("response_format")
    if is_object(spec) and spec.get("type") == "json_object" and base_of(model_of(body)) in NO_JSON_MODE:
        raise bad_request(
            "Invalid parameter: 'response_format' of type 'json_object' is not supported with this model.",
            param="response_format",
        )
    response_format_well_formed(exchange, body)


def response_format_well_formed(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """JSON mode needs the word "json" in the messages (docs/api-behaviour.md, Chat Completions replies;
    wording in Error messages [U]); a strict ``json_schema`` must pass strict mode's rules (Limits;
    wordings in Error messages: param ``response_format``,
    code null as observed in 2025). Checked on every endpoint: they are the protocol's."""
    spec = body.get("response_format")
    if not is_object(spec):
        return
    if spec.get("type") == "json_object" and "json" not in text_of(body).lower():
        raise bad_request(
            "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
            param="messages",
        )
    inner = spec.get("json_schema")
    if spec.get("type") == "json_schema" and is_object(inner) and inner.get("strict") is True:
        name = inner.get("name")

        def fail(sentence: str) -> Any:
            return bad_request(f"Invalid schema for response_format '{name}': {sentence}", param="response_format")

        check_strict_schema(inner.get("schema"), fail)


# ``fires_on``: the fields without which a rule never refuses (validation plans skip it).
_TOKEN_LIMITS = frozenset({"max_tokens", "max_completion_tokens"})
_SAMPLING = frozenset({"max_tokens", "temperature", "top_p", "frequency_penalty", "presence_penalty"})
_TOOLS = frozenset({"tools"})
_TOOL_CHOICE = frozenset({"tool_choice"})
_RESPONSE_FORMAT = frozenset({"response_format"})

RULES = (
    field_rule(_READ_BY_THE_FAKE, lenient=True),
    field_rule(_OTHER_FIELDS),
    Rule(shape, lenient=True),
    model_rule("chat"),
    Rule(token_limits_fit_the_model, fires_on=_TOKEN_LIMITS, about_models=True),
    Rule(chat_reasoning_parameters, fires_on=_SAMPLING, about_models=True),
    Rule(o1_beta_fixed_n, fires_on=frozenset({"n"}), about_models=True),
    Rule(parameter_schemas(CHAT), lenient=True, fires_on=_TOOLS),
    Rule(definitions(CHAT), fires_on=_TOOLS),
    Rule(choice_needs_tools, fires_on=_TOOL_CHOICE),
    Rule(choice_names_an_offered_tool(CHAT), lenient=True, fires_on=_TOOL_CHOICE),
    Rule(response_format_shape, lenient=True, fires_on=_RESPONSE_FORMAT),
    Rule(response_format_accepted, fires_on=_RESPONSE_FORMAT, about_models=True, elsewhere=response_format_well_formed),
    Rule(tool_turns, lenient=True),
    Rule(model_accepts_content, about_models=True),
)
