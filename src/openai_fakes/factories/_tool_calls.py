"""Tool calls as people write them, made into the SDK's shapes for Chat Completions and Responses.

Accepted: ``openai_fakes.tool_call("get_weather", city="Paris")`` (the control API's own
directive, so one vocabulary serves scripts and factories), a shorthand dict
``{"name": "get_weather", "arguments": {"city": "Paris"}}``, a partial dict in the SDK's shape
(completed by the factory of that shape), or an SDK model instance (kept as it is).
Arguments given as a mapping are sent as JSON text, as the API sends them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import pydantic

from .._control.directives import ToolCalls

ToolCallLike = ToolCalls | Mapping[str, Any] | pydantic.BaseModel
"""One item of a ``tool_calls=`` shorthand."""

_SHORTHAND_KEYS = frozenset({"name", "arguments"})


def as_arguments(value: Any) -> Any:
    """Tool arguments as the API sends them: JSON text."""
    return json.dumps(value) if isinstance(value, Mapping) else value


def _pairs(item: Any) -> list[tuple[str, str]] | None:
    """``(name, JSON arguments)`` for a directive or a shorthand dict; ``None`` for anything else."""
    if isinstance(item, ToolCalls):
        return list(item.calls)
    if isinstance(item, Mapping) and "name" in item and set(item) <= _SHORTHAND_KEYS:
        return [(str(item["name"]), as_arguments(item.get("arguments", {})))]
    return None


def _check(items: Any) -> list[Any]:
    if isinstance(items, (str, bytes, Mapping, ToolCalls)) or not isinstance(items, Iterable):
        raise TypeError(
            f"tool_calls takes a list, e.g. [openai_fakes.tool_call('get_weather', city='Paris')]; got {items!r}"
        )
    return list(items)


def chat_tool_calls(items: Iterable[ToolCallLike]) -> list[Any]:
    """Items for ``ChatCompletionMessage.tool_calls``."""
    out: list[Any] = []
    for item in _check(items):
        pairs = _pairs(item)
        if pairs is None:
            out.append(item)
        else:
            out += [{"type": "function", "function": {"name": name, "arguments": args}} for name, args in pairs]
    return out


def response_function_calls(items: Iterable[ToolCallLike]) -> list[Any]:
    """``function_call`` output items of a ``Response``."""
    out: list[Any] = []
    for item in _check(items):
        pairs = _pairs(item)
        if pairs is not None:
            out += [
                {"type": "function_call", "name": name, "arguments": args, "status": "completed"}
                for name, args in pairs
            ]
        elif isinstance(item, Mapping):
            call = {"type": "function_call", "status": "completed", **item}
            if "arguments" in call:
                call["arguments"] = as_arguments(call["arguments"])
            out.append(call)
        else:
            out.append(item)
    return out


def function_schema(arguments: str) -> dict[str, Any]:
    """A strict JSON schema the given JSON arguments satisfy: the tool the model was offered."""
    try:
        values = json.loads(arguments)
    except ValueError:
        values = {}
    if not isinstance(values, dict):
        values = {}
    kinds = {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "string",
        list: "array",
        dict: "object",
        type(None): "null",
    }
    properties = {key: {"type": kinds.get(type(value), "string")} for key, value in values.items()}
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}
