"""Tool definitions and ``tool_choice``, for Chat Completions and Responses (docs/api-behaviour.md, Limits and
Error messages).

The two APIs differ only in where a function's fields sit: Chat nests them
(``tools[0].function.name``), Responses does not (``tools[0].name``). `ToolShape` says which.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..._core.errors import bad_request
from ..._core.exchange import Exchange
from ._common import (
    array_too_long,
    empty_array,
    in_range,
    invalid_type,
    invalid_value,
    is_array,
    is_integer,
    is_object,
    missing,
    string_too_long,
)
from .schemas import check_json_schema, check_strict_schema

MAX_TOOLS = 128  # at most 128 tools
MAX_NAME = 64  # function name `^[a-zA-Z0-9_-]{1,64}$`
MAX_DESCRIPTION = 1024  # Error messages: "tool description too long" [3P]
_NAME = re.compile(r"[a-zA-Z0-9_-]+")
_CHOICES = ("none", "auto", "required")


@dataclass(frozen=True)
class ToolShape:
    nested: bool
    """Chat: ``{"type": "function", "function": {...}}``; Responses: ``{"type": "function", "name": ...}``."""
    schema_code: str = "invalid_function_parameters"

    def spec(self, tool: Mapping[str, Any], kind: str) -> Any:
        return tool.get(kind) if self.nested else tool

    def where(self, index: int, kind: str) -> str:
        return f"tools[{index}].{kind}" if self.nested else f"tools[{index}]"


CHAT = ToolShape(nested=True)
RESPONSES = ToolShape(nested=False)


def _tools(body: Mapping[str, Any]) -> list[Any]:
    tools = body.get("tools")
    return list(tools) if is_array(tools) else []


def definitions(shape: ToolShape) -> Any:
    """Each tool is well formed: at most 128, names that match the pattern, descriptions of at most
    1024 characters, and (with ``strict: true``) a parameter schema strict mode accepts."""

    def check(exchange: Exchange, body: Mapping[str, Any]) -> None:
        tools = body.get("tools")
        if tools is None:
            return
        if not is_array(tools):
            raise invalid_type("tools", "an array", tools)
        if shape.nested and not tools:
            # "Invalid 'tools': empty array..." ([3P], Chat Completions).
            raise empty_array("tools")
        if len(tools) > MAX_TOOLS:
            raise array_too_long("tools", MAX_TOOLS, len(tools))
        for index, tool in enumerate(tools):
            _check_tool(shape, index, tool)

    return check


def _check_tool(shape: ToolShape, index: int, tool: Any) -> None:
    if not is_object(tool):
        raise invalid_type(f"tools[{index}]", "an object", tool)
    kind = tool.get("type", "function")
    if kind not in ("function", "custom"):
        return  # hosted tools (web_search, file_search...) have no name to check
    where = shape.where(index, kind)
    spec = shape.spec(tool, kind)
    if spec is None:
        raise missing(where)  # "Missing required parameter: 'tools[0].function'."
    if not is_object(spec):
        raise invalid_type(where, "an object", spec)
    name = spec.get("name")
    if name is None:
        raise missing(f"{where}.name")
    if not isinstance(name, str):
        raise invalid_type(f"{where}.name", "a string", name)
    if len(name) > MAX_NAME:
        raise string_too_long(f"{where}.name", MAX_NAME, len(name))
    if not _NAME.fullmatch(name):
        raise bad_request(
            f"Invalid '{where}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
            param=f"{where}.name",
            code="invalid_value",
        )
    description = spec.get("description")
    if isinstance(description, str) and len(description) > MAX_DESCRIPTION:
        raise string_too_long(f"{where}.description", MAX_DESCRIPTION, len(description))
    parameters = spec.get("parameters")
    if parameters is not None and not is_object(parameters):
        raise invalid_type(f"{where}.parameters", "an object", parameters)
    if kind == "function" and spec.get("strict") is True and parameters is not None:
        param = f"{where}.parameters"

        def fail(sentence: str) -> Any:
            return bad_request(f"Invalid schema for function '{name}': {sentence}", param=param, code=shape.schema_code)

        check_strict_schema(parameters, fail)


def parameter_schemas(shape: ToolShape) -> Any:
    """Each function's ``parameters`` is a well-formed JSON Schema, strict or not: the fake draws
    the call's arguments from it (param ``tools[0].function.parameters``, code
    ``invalid_function_parameters`` as in Error messages, "bad function schema")."""

    def check(exchange: Exchange, body: Mapping[str, Any]) -> None:
        for index, tool in enumerate(_tools(body)):
            if not is_object(tool) or tool.get("type", "function") != "function":
                continue
            spec = shape.spec(tool, "function")
            parameters = spec.get("parameters") if is_object(spec) else None
            if parameters is None:
                continue
            param = f"{shape.where(index, 'function')}.parameters"
            name = spec.get("name") if is_object(spec) else None

            # Called only within this iteration (by check_json_schema below): the loop values are current.
            def fail(sentence: str) -> Any:
                return bad_request(
                    f"Invalid schema for function '{name}': {sentence}",  # noqa: B023
                    param=param,  # noqa: B023
                    code=shape.schema_code,
                )

            check_json_schema(parameters, fail)

    return check


def _offered(shape: ToolShape, body: Mapping[str, Any], kind: str) -> set[str]:
    names: set[str] = set()
    for tool in _tools(body):
        if is_object(tool) and tool.get("type", "function") == kind:
            spec = shape.spec(tool, kind)
            if is_object(spec) and isinstance(spec.get("name"), str):
                names.add(spec["name"])
    return names


def choice_names_an_offered_tool(shape: ToolShape) -> Any:
    """A ``tool_choice`` that forces a function must name one in ``tools``: "Tool choice 'x' not
    found in 'tools' parameter." (param ``tool_choice``; [3P] on Responses, [U] on Chat). A string
    choice must be one of ``none`` / ``auto`` / ``required`` (Error messages, "bad `tool_choice`" [U])."""

    def check(exchange: Exchange, body: Mapping[str, Any]) -> None:
        choice = body.get("tool_choice")
        if choice is None:
            return
        if isinstance(choice, str):
            if choice not in _CHOICES:
                raise invalid_value("tool_choice", choice, _CHOICES)
            return
        if not is_object(choice):
            raise invalid_type("tool_choice", "one of a string or object", choice)
        kind = choice.get("type")
        if kind not in ("function", "custom"):
            return  # allowed_tools, hosted tools, mcp: not checked
        spec = shape.spec(choice, kind)
        name = spec.get("name") if is_object(spec) else None
        if not isinstance(name, str):
            raise missing(f"tool_choice.{kind}.name" if shape.nested else "tool_choice.name")
        if name not in _offered(shape, body, kind):
            raise bad_request(f"Tool choice '{name}' not found in 'tools' parameter.", param="tool_choice")

    return check


def choice_needs_tools(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """Chat: "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are
    specified." (param ``tool_choice``, code null; [3P])."""
    if body.get("tool_choice") is not None and not _tools(body):
        raise bad_request(
            "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
            param="tool_choice",
        )


# Fields a hosted tool cannot run without (the SDK's ``Tool`` types require them too).
_HOSTED_REQUIRED = {
    "file_search": ("vector_store_ids",),
    "code_interpreter": ("container",),
    "mcp": ("server_label",),
    "computer_use_preview": ("display_width", "display_height", "environment"),
}
_FILE_SEARCH_MAX_RESULTS = 50


def hosted_required(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """Responses: a hosted tool names what it works on, in the API's missing-parameter template
    ("Missing required parameter: 'tools[0].vector_store_ids'."); file search's store ids
    are strings, since the fake searches them."""
    for index, tool in enumerate(_tools(body)):
        if not is_object(tool):
            continue
        for key in _HOSTED_REQUIRED.get(str(tool.get("type")), ()):
            if tool.get(key) is None:
                raise missing(f"tools[{index}].{key}")
        if tool.get("type") == "file_search":
            ids = tool["vector_store_ids"]
            if not is_array(ids) or not all(isinstance(store, str) for store in ids):
                raise invalid_type(f"tools[{index}].vector_store_ids", "an array of strings", ids)


def hosted_limits(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """Responses: ``file_search.max_num_results`` is 1-50 (SDK ``FileSearchTool``; the API's range
    template, wording [U] for this field)."""
    for index, tool in enumerate(_tools(body)):
        if is_object(tool) and tool.get("type") == "file_search" and is_integer(tool.get("max_num_results")):
            in_range(
                f"tools[{index}].max_num_results", tool["max_num_results"], 1, _FILE_SEARCH_MAX_RESULTS, integer=True
            )
