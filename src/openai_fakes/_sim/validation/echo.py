"""Request fields a reply echoes must be values the reply's own type accepts.

The Responses API echoes ``tools``, ``tool_choice``, ``text``, ``reasoning``... in its reply
(docs/api-behaviour.md, Responses objects), so a value the API would refuse (``tool_choice: {}``, a hosted tool without
its required fields) would otherwise come back as a reply the SDK cannot parse. These checks
read the SDK's own ``Response`` field types, so they follow the SDK's releases. The common,
well-formed cases are recognised by hand first: a pydantic validation costs microseconds and
validation runs on every call.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from functools import cache
from typing import Any

import pydantic
from openai.types.responses import Response

from ..._core.errors import APIErrorReply, bad_request
from ..._core.exchange import Exchange
from ._common import invalid_value, is_array, is_object, missing


@cache
def _adapter(owner: Any, field: str, item: bool) -> tuple[pydantic.TypeAdapter[Any], tuple[str, ...]]:
    """A validator for ``owner.field`` (one element of it when ``item``) and the ``type`` tags of
    its union members."""
    tp = owner.model_fields[field].annotation
    if item:
        tp = typing.get_args(tp)[0]
    return pydantic.TypeAdapter(tp), tuple(_tags(tp))


def _tags(tp: Any) -> list[str]:
    tags: list[str] = []
    for member in typing.get_args(tp) or (tp,):
        fields = getattr(member, "model_fields", None)
        if fields is None:
            tags.extend(_tags(member) if typing.get_args(member) else [])
            continue
        kind = fields.get("type")
        if kind is not None:
            tags.extend(a for a in typing.get_args(kind.annotation) if isinstance(a, str))
    return tags


def _parse(owner: Any, field: str, param: str, value: Any, *, item: bool = False) -> None:
    adapter, tags = _adapter(owner, field, item)
    try:
        adapter.validate_python(value)
    except pydantic.ValidationError as error:
        raise _as_api_error(param, value, tags, error) from None


def _as_api_error(param: str, value: Any, tags: tuple[str, ...], error: pydantic.ValidationError) -> APIErrorReply:
    if tags and is_object(value):
        kind = value.get("type")
        if kind is None:
            return missing(f"{param}.type")
        if kind not in tags:
            return invalid_value(f"{param}.type", kind, tags)
    # [U] wording: the API's own message names the exact sub-field.
    detail = error.errors()[0]["msg"]
    return bad_request(f"Invalid value for '{param}': {detail}.", param=param, code="invalid_value")


def _plain_function(tool: Any) -> bool:
    """A function or custom tool whose fields have the types the reply needs (checked by hand)."""
    if not is_object(tool) or tool.get("type") not in ("function", "custom") or not isinstance(tool.get("name"), str):
        return False
    description = tool.get("description")
    parameters = tool.get("parameters")
    strict = tool.get("strict")
    return (
        (description is None or isinstance(description, str))
        and (parameters is None or is_object(parameters))
        and (strict is None or isinstance(strict, bool))
        and tool.get("format") is None
    )


def _plain_choice(choice: Any) -> bool:
    return isinstance(choice, str) or (
        is_object(choice)
        and choice.get("type") in ("function", "custom")
        and isinstance(choice.get("name"), str)
        and len(choice) == 2
    )


def responses_echoes(exchange: Exchange, body: Mapping[str, Any]) -> None:
    tools = body.get("tools")
    if is_array(tools):
        for index, tool in enumerate(tools):
            if not _plain_function(tool):
                _parse(Response, "tools", f"tools[{index}]", tool, item=True)
    choice = body.get("tool_choice")
    if choice is not None and not _plain_choice(choice):
        _parse(Response, "tool_choice", "tool_choice", choice)
    for field in ("text", "reasoning", "prompt"):
        value = body.get(field)
        if value is not None:
            _parse(Response, field, field, value)
