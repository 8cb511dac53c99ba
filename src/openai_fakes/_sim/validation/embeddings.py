"""``POST /embeddings``: inputs and dimensions the API refuses (docs/api-behaviour.md, Embeddings)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._core.errors import APIErrorReply, bad_request
from ..._core.exchange import Exchange
from ..reply_rules.embeddings import SHORTENABLE, input_tokens
from ._common import (
    Rule,
    array_too_long,
    empty_array,
    fields,
    in_range,
    integer_field,
    invalid_type,
    invalid_value,
    is_array,
    is_integer,
)
from .models import model_of, model_rule

MAX_INPUTS = 2048  # at most 2048 inputs per request
MAX_INPUT_TOKENS = 8192  # at most 8192 tokens per input, on every model
MAX_REQUEST_TOKENS = 300_000  # at most 300,000 tokens across the inputs
_FORMATS = ("float", "base64")

_FIELDS = fields({"input": "string or array", "dimensions": "integer", "encoding_format": "string", "user": "string"})


def _input_is_invalid() -> APIErrorReply:
    # What the API says for an empty string: "'$.input' is invalid. Please check the API
    # reference: https://platform.openai.com/docs/api-reference." ([3P] many real sightings).
    return bad_request(
        "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference."
    )


def _inputs(value: Any) -> list[Any]:
    """The separate inputs of ``input``: a string, a list of strings, a list of token ids (one
    input), or a list of token-id lists."""
    if isinstance(value, str):
        return [value]
    if value and all(is_integer(v) for v in value):
        return [list(value)]
    return list(value)


def inputs_present(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """One input or more, none of them empty: an embedding of nothing means nothing (Embeddings)."""
    value = body.get("input")
    if value is None:
        raise bad_request("Missing required parameter: 'input'.", param="input", code="missing_required_parameter")
    if is_array(value) and not value:
        raise empty_array("input")  # [U] wording: the API's general empty-array form
    for index, item in enumerate(_inputs(value)):
        if isinstance(item, str):
            if not item:
                raise _input_is_invalid()
        elif is_array(item):
            if not item:
                raise _input_is_invalid()
            if not all(is_integer(token) for token in item):
                raise invalid_type(f"input[{index}]", "an array of integers", item)
        else:
            raise invalid_type(f"input[{index}]", "one of a string or array of integers", item)


def input_limits(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """At most 2048 inputs ("Invalid 'input': array too long..." as in Error messages); each at most 8192
    tokens ("Invalid 'input[0]': maximum input length is 8192 tokens." [3P]); at most 300,000
    tokens in all ("Requested 310000 tokens, max 300000 tokens per request", type and code
    ``max_tokens_per_request`` [3P]). Tokens are what the reply's usage would count
    (``_sim.reply_rules.embeddings.input_tokens``: tiktoken's count where it loads offline, else
    the fake's estimate)."""
    value = body.get("input")
    model = str(body.get("model") or "text-embedding-3-small")
    inputs = _inputs(value)
    if is_array(value) and len(inputs) > MAX_INPUTS:
        raise array_too_long("input", MAX_INPUTS, len(inputs))
    total = 0
    for index, item in enumerate(inputs):
        tokens = input_tokens(item, model)
        if tokens > MAX_INPUT_TOKENS:
            raise bad_request(f"Invalid 'input[{index}]': maximum input length is {MAX_INPUT_TOKENS} tokens.")
        total += tokens
    if total > MAX_REQUEST_TOKENS:
        raise APIErrorReply(
            400,
            f"Requested {total} tokens, max {MAX_REQUEST_TOKENS} tokens per request",
            type="max_tokens_per_request",
            code="max_tokens_per_request",
        )


def dimensions(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """``dimensions`` only for the models that take it, from 1 to the model's size (Embeddings;
    ``_sim.reply_rules.embeddings.SHORTENABLE``, the table the factories build by):
    "This model does not support specifying dimensions." ([3P]; param [U])."""
    value = integer_field(body, "dimensions")
    if value is None:
        return
    size = SHORTENABLE.get(model_of(body))
    if size is None:
        raise bad_request("This model does not support specifying dimensions.", param="dimensions")
    in_range("dimensions", value, 1, size, integer=True)


def dimensions_positive(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """Off OpenAI's endpoint the model's size is unknown: ``dimensions`` is an integer from 1."""
    value = integer_field(body, "dimensions")
    if value is not None:
        in_range("dimensions", value, 1, None, integer=True)


def encoding(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """``encoding_format`` is ``float`` or ``base64`` (Embeddings); the fake encodes by it."""
    value = body.get("encoding_format")
    if isinstance(value, str) and value not in _FORMATS:
        raise invalid_value("encoding_format", value, _FORMATS)


RULES = (
    Rule(_FIELDS, lenient=True),
    Rule(inputs_present, lenient=True),
    model_rule("embeddings"),
    Rule(encoding, lenient=True),
    Rule(input_limits),
    Rule(dimensions, about_models=True, elsewhere=dimensions_positive),
)
