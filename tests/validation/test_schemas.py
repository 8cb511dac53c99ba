"""Strict mode's schema rules (docs/api-behaviour.md, Limits), directly, and against schemas the SDK builds."""

from __future__ import annotations

import datetime
import enum
from typing import Any, Literal

import openai
import pytest
from pydantic import BaseModel

from openai_fakes._core.errors import APIErrorReply, bad_request
from openai_fakes._sim.validation.schemas import check_strict_schema


def fault(schema: Any) -> str | None:
    """The sentence strict mode refuses ``schema`` with, or ``None`` when it passes."""

    def fail(sentence: str) -> APIErrorReply:
        return bad_request(sentence)

    try:
        check_strict_schema(schema, fail)
    except APIErrorReply as error:
        return str(error.reply.body["error"]["message"])
    return None


def obj(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        **extra,
    }


def test_a_strict_schema_passes() -> None:
    assert (
        fault(obj({"city": {"type": "string"}, "tags": {"type": "array", "items": obj({"t": {"type": "string"}})}}))
        is None
    )


def test_nested_objects_need_additional_properties_false() -> None:
    nested = obj({"day": {"type": "object", "properties": {"high": {"type": "number"}}, "required": ["high"]}})
    assert (
        fault(nested)
        == "In context=('properties', 'day'), 'additionalProperties' is required to be supplied and to be false."
    )


def test_an_extra_required_key() -> None:
    schema = obj({"a": {"type": "string"}})
    schema["required"] = ["a", "b"]
    assert fault(schema) == (
        "In context=(), 'required' is required to be supplied and to be an array including every key in properties. Extra required key 'b' supplied."
    )


@pytest.mark.parametrize("keyword", ["minLength", "maxLength", "default", "uniqueItems", "patternProperties", "not"])
def test_unsupported_keywords(keyword: str) -> None:
    assert (
        fault(obj({"x": {"type": "string", keyword: 1}}))
        == f"In context=('properties', 'x'), '{keyword}' is not permitted."
    )


@pytest.mark.parametrize(
    "keyword", ["pattern", "format", "minimum", "maximum", "multipleOf", "description", "title", "enum"]
)
def test_supported_keywords(keyword: str) -> None:
    assert fault(obj({"x": {"type": "string", keyword: ["a"] if keyword == "enum" else "x"}})) is None


def test_definitions_are_checked_where_they_are_defined() -> None:
    schema = obj(
        {"node": {"$ref": "#/$defs/Node"}},
        **{"$defs": {"Node": {"type": "object", "properties": {"v": {"type": "integer"}}, "required": ["v"]}}},
    )
    assert (
        fault(schema)
        == "In context=('$defs', 'Node'), 'additionalProperties' is required to be supplied and to be false."
    )


def test_a_property_without_a_type() -> None:
    assert (
        fault(obj({"x": {"description": "anything"}}))
        == "In context=('properties', 'x'), schema must have a 'type' key."
    )


def test_a_self_referencing_dict_does_not_recurse_forever() -> None:
    schema: dict[str, Any] = obj({})
    schema["properties"]["me"] = schema
    schema["required"] = ["me"]
    assert fault(schema) is None


# --- what the SDK sends for pydantic models (openai.pydantic_function_tool) -------------------------


class Unit(enum.Enum):
    C = "C"
    F = "F"


class Reading(BaseModel):
    at: datetime.datetime
    value: float
    unit: Unit


class Station(BaseModel):
    name: str
    kind: Literal["urban", "rural"]
    readings: list[Reading]
    note: str | None = None
    parent: Station | None = None


class WithDefault(BaseModel):
    city: str = "Paris"


class WithDict(BaseModel):
    scores: dict[str, int]


def parameters_of(model: type[BaseModel]) -> Any:
    return openai.pydantic_function_tool(model)["function"]["parameters"]


def test_the_sdks_strict_schemas_pass() -> None:
    assert fault(parameters_of(Station)) is None


def test_the_sdk_keeps_non_null_defaults_which_strict_mode_refuses() -> None:
    # The SDK strips `default: None` only; the API refuses any other default ([3P] real errors).
    assert fault(parameters_of(WithDefault)) == "In context=('properties', 'city'), 'default' is not permitted."


def test_a_free_form_dict_is_refused() -> None:
    message = fault(parameters_of(WithDict))
    assert message is not None and "'additionalProperties' is required to be supplied and to be false" in message
