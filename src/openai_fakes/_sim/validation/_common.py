"""What every area's checks share: the `Rule` type and the API's own error wordings.

The wordings follow the real error bodies in docs/api-behaviour.md, Error messages. The API builds most 400s from a
few templates (``Invalid 'x': integer below minimum value...``, ``Invalid type for 'x'...``,
``Invalid value: 'y'. Supported values are...``), so each template lives here once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

from ..._core.errors import APIErrorReply, bad_request, not_found
from ..._core.exchange import Exchange

Check = Callable[[Exchange, Mapping[str, Any]], None]
"""A check sees the exchange and its body as a mapping (``{}`` when the body is not one); it
raises `APIErrorReply` for a request the API refuses and returns ``None`` otherwise."""


@dataclass(frozen=True)
class Rule:
    check: Check
    lenient: bool = False
    """Kept under ``validation="lenient"``: without it the fake's own answer would be impossible or
    meaningless (an empty conversation, a tool result answering no call, a value the handler cannot
    read). Rules about what a model accepts or how the API words its limits are strict-only."""
    fires_on: frozenset[str] | None = None
    """The body fields without which this rule never refuses (``None``: it may refuse any request,
    e.g. for a missing field). A request that sends none of them skips the rule: validation runs
    on every call, and most calls send a few of the many fields the rules look at."""
    about_models: bool = False
    """The rule knows OpenAI's models: which names exist, what a model accepts. Off OpenAI's own
    endpoint (`Exchange.openai_endpoint` False: Azure deployments, proxies, local servers) model
    names are the deployment's business, so there it runs `elsewhere` instead, or nothing."""
    elsewhere: Check | None = None
    """For a rule `about_models`: the part of it that is the protocol's, still checked off OpenAI's
    endpoint (a model must be given, and be a string); ``None`` when there is none."""


def body_of(exchange: Exchange) -> Mapping[str, Any]:
    body = exchange.body
    return body if is_object(body) else {}


# --- JSON kinds, as the API names them ---------------------------------------------------------


def kind_of(value: Any) -> str:
    """How the API names the JSON type of ``value`` in ``...but got X instead`` (Error messages, "wrong type")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "an array"
    return "an object"


def show(value: Any) -> str:
    """A value as the API echoes it: as sent, so ``0`` stays ``0`` and ``0.0`` stays ``0.0``."""
    return str(value)


def _bound(limit: float) -> str:
    """A limit as the API writes it: ``<= 2``, ``>= -2``, ``<= 0.5``."""
    return str(int(limit)) if float(limit).is_integer() else str(limit)


def is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_array(value: Any) -> TypeGuard[list[Any] | tuple[Any, ...]]:
    return isinstance(value, (list, tuple))


def is_object(value: Any) -> TypeGuard[Mapping[str, Any]]:
    """``isinstance(value, Mapping)``, with the common cases first: an ABC check costs ~0.3 µs and
    these checks run on every call."""
    return type(value) is dict or (value is not None and isinstance(value, Mapping))


def content_texts(content: Any) -> list[str]:
    """The texts a message's (or input item's) ``content`` carries: itself when a string, else its
    parts' ``text`` strings in order (the JSON-mode rules look for "json" in them)."""
    if isinstance(content, str):
        return [content]
    if is_array(content):
        return [p["text"] for p in content if is_object(p) and isinstance(p.get("text"), str)]
    return []


# --- the API's error templates (docs/api-behaviour.md, Error messages) -------------------------


def invalid_type(param: str, expected: str, value: Any) -> APIErrorReply:
    return bad_request(
        f"Invalid type for '{param}': expected {expected}, but got {kind_of(value)} instead.",
        param=param,
        code="invalid_type",
    )


def missing(param: str) -> APIErrorReply:
    return bad_request(f"Missing required parameter: '{param}'.", param=param, code="missing_required_parameter")


def empty_array(param: str) -> APIErrorReply:
    return bad_request(
        f"Invalid '{param}': empty array. Expected an array with minimum length 1, but got an empty array instead.",
        param=param,
        code="empty_array",
    )


def array_too_long(param: str, maximum: int, length: int) -> APIErrorReply:
    return bad_request(
        f"Invalid '{param}': array too long. Expected an array with maximum length {maximum}, but got an array with length {length} instead.",
        param=param,
        code="array_above_max_length",
    )


def string_too_long(param: str, maximum: int, length: int) -> APIErrorReply:
    return bad_request(
        f"Invalid '{param}': string too long. Expected a string with maximum length {maximum}, but got a string with length {length} instead.",
        param=param,
        code="string_above_max_length",
    )


def quoted_list(values: Sequence[str]) -> str:
    """``'a', 'b', and 'c'`` as the API lists supported values."""
    items = [f"'{v}'" for v in values]
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def invalid_value(param: str, value: Any, supported: Sequence[str]) -> APIErrorReply:
    return bad_request(
        f"Invalid value: '{value}'. Supported values are: {quoted_list(supported)}.", param=param, code="invalid_value"
    )


def unsupported_parameter(param: str, advice: str = "") -> APIErrorReply:
    tail = f" {advice}" if advice else ""
    return bad_request(
        f"Unsupported parameter: '{param}' is not supported with this model.{tail}",
        param=param,
        code="unsupported_parameter",
    )


def unsupported_value(param: str, value: Any, default: Any) -> APIErrorReply:
    return bad_request(
        f"Unsupported value: '{param}' does not support {show(value)} with this model. Only the default ({default}) value is supported.",
        param=param,
        code="unsupported_value",
    )


def model_not_found(model: str) -> APIErrorReply:
    return not_found(f"The model `{model}` does not exist or you do not have access to it.", code="model_not_found")


# --- typed fields and numeric ranges (docs/api-behaviour.md, Limits) -----------------------------


def integer_field(body: Mapping[str, Any], name: str) -> int | None:
    """``body[name]`` when it is an integer; absent or null is ``None``; any other type is refused."""
    value = body.get(name)
    if value is None:
        return None
    if not is_integer(value):
        raise invalid_type(name, "an integer", value)
    return int(value)


def in_range(param: str, value: Any, low: float, high: float | None, *, integer: bool) -> None:
    """The API's range error: ``Invalid 'n': integer below minimum value. Expected a value >= 1, but
    got 0 instead.`` (code ``integer_below_min_value``; ``decimal_...`` for decimals)."""
    kind = "integer" if integer else "decimal"
    # Compared as sent: float() of a huge int overflows, and NaN compares false both ways.
    if (isinstance(value, float) and math.isnan(value)) or value < low:
        raise bad_request(
            f"Invalid '{param}': {kind} below minimum value. Expected a value >= {_bound(low)}, but got {show(value)} instead.",
            param=param,
            code=f"{kind}_below_min_value",
        )
    if high is not None and value > high:
        raise bad_request(
            f"Invalid '{param}': {kind} above maximum value. Expected a value <= {_bound(high)}, but got {show(value)} instead.",
            param=param,
            code=f"{kind}_above_max_value",
        )


_TYPE_CHECKS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "integer": ("an integer", is_integer),
    "decimal": ("a decimal", is_number),
    "string": ("a string", lambda v: isinstance(v, str)),
    "boolean": ("a boolean", lambda v: isinstance(v, bool)),
    "object": ("an object", is_object),
    "array": ("an array", is_array),
    "string or array": ("one of a string or array", lambda v: isinstance(v, str) or is_array(v)),
    "string or object": ("one of a string or object", lambda v: isinstance(v, str) or is_object(v)),
}

FieldCheck = Callable[[str, Any], None]
"""Checks one top-level field's value (never null) given its name."""


def of_type(kind: str) -> FieldCheck:
    """The field has JSON type ``kind``: "Invalid type for 'n': expected an integer, but got a
    string instead." (code ``invalid_type``; Error messages, "wrong type")."""
    expected, test = _TYPE_CHECKS[kind]

    def check(name: str, value: Any) -> None:
        if not test(value):
            raise invalid_type(name, expected, value)

    return check


def integer(low: int, high: int | None) -> FieldCheck:
    """An integer within ``[low, high]`` (the ranges in Limits)."""

    def check(name: str, value: Any) -> None:
        if not is_integer(value):
            raise invalid_type(name, "an integer", value)
        in_range(name, value, low, high, integer=True)

    return check


def decimal(low: float, high: float) -> FieldCheck:
    """A number within ``[low, high]`` (the ranges in Limits)."""

    def check(name: str, value: Any) -> None:
        if not is_number(value):
            raise invalid_type(name, "a decimal", value)
        in_range(name, value, low, high, integer=False)

    return check


def string_array(name: str, value: Any) -> None:
    """An array of strings (``include``, ``modalities``, ...): the fake looks its items up by value."""
    if not is_array(value):
        raise invalid_type(name, "an array", value)
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise invalid_type(f"{name}[{index}]", "a string", item)


MAX_METADATA_PAIRS = 16  # `metadata`: ≤ 16 pairs, key ≤ 64 chars, value a string ≤ 512 chars
MAX_METADATA_KEY = 64
MAX_METADATA_VALUE = 512


def metadata_strings(name: str, value: Any) -> None:
    """``metadata`` maps strings to strings: replies echo it, typed ``dict[str, str]``."""
    if not is_object(value):
        raise invalid_type(name, "an object", value)
    for key, item in value.items():
        if not isinstance(item, str):
            raise invalid_type(f"{name}.{key}", "a string", item)


def metadata(name: str, value: Any) -> None:
    """The limits above. "Invalid 'metadata': too many properties. Expected an object with at most 16
    properties, but got an object with 17 properties instead." (code
    ``object_above_max_properties``: [3P] a real Azure sighting); the key wording is [U]."""
    metadata_strings(name, value)
    if len(value) > MAX_METADATA_PAIRS:
        raise bad_request(
            f"Invalid '{name}': too many properties. Expected an object with at most {MAX_METADATA_PAIRS} properties, but got an object with {len(value)} properties instead.",
            param=name,
            code="object_above_max_properties",
        )
    for key, item in value.items():
        if len(str(key)) > MAX_METADATA_KEY:
            raise bad_request(
                f"Invalid property name in '{name}': '{key}' is too long. Expected a string with maximum length {MAX_METADATA_KEY}, but got a string with length {len(str(key))} instead.",
                param=f"{name}.{key}",
                code="property_name_above_max_length",
            )
        if len(item) > MAX_METADATA_VALUE:
            raise string_too_long(f"{name}.{key}", MAX_METADATA_VALUE, len(item))


def fields(table: Mapping[str, FieldCheck | str]) -> Check:
    """One check over the top-level fields a request sent, each by its own `FieldCheck` (a plain
    string names a JSON type, as in `of_type`).

    These keep the fake's handlers (and the SDK's parse of echoed fields) from ever seeing a value
    of the wrong type, and hold the API's numeric ranges. It walks the (few) fields sent rather
    than the (many) fields known: validation runs on every call."""
    checks = {name: of_type(spec) if isinstance(spec, str) else spec for name, spec in table.items()}

    def check(exchange: Exchange, body: Mapping[str, Any]) -> None:
        for name, value in body.items():
            field_check = checks.get(name)
            if field_check is not None and value is not None:
                field_check(name, value)

    return check


def field_rule(table: Mapping[str, FieldCheck | str], *, lenient: bool = False) -> Rule:
    """A `Rule` over the top-level fields in ``table`` (see `fields`): it looks at no other field."""
    return Rule(fields(table), lenient=lenient, fires_on=frozenset(table))
