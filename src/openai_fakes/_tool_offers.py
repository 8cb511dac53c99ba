"""The tools a request offers, and whether a scripted tool call fits them.

A real model calls only tools the request offered, with arguments valid for their schema, and
honours ``tool_choice``. A script that does otherwise is most likely a wrong test (a renamed tool,
a changed schema), so the call fails with what the request did offer; a test that means to
simulate a misbehaving model says so with ``tool_call(...).unchecked()``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from ._json_schema import schema_violation


@dataclass(frozen=True)
class OfferedTool:
    name: str
    kind: str
    """``"function"`` (JSON arguments, checked against ``parameters``) or ``"custom"`` (free text)."""
    parameters: Any


def offered_tools(params: Mapping[str, Any]) -> list[OfferedTool]:
    """Function and custom tools of a chat or Responses request (hosted tools have no name)."""
    found: list[OfferedTool] = []
    for tool in params.get("tools") or ():
        if not isinstance(tool, Mapping):
            continue
        kind = tool.get("type", "function")
        # Chat nests the definition under its type ({"type": "function", "function": {...}});
        # Responses puts it on the tool itself ({"type": "function", "name": ...}).
        nested = tool.get(kind)
        inner: Mapping[str, Any] = nested if isinstance(nested, Mapping) else tool
        if kind in ("function", "custom") and isinstance(inner.get("name"), str):
            found.append(OfferedTool(inner["name"], kind, inner.get("parameters")))
    for function in params.get("functions") or ():  # chat's legacy form
        if isinstance(function, Mapping) and isinstance(function.get("name"), str):
            found.append(OfferedTool(function["name"], "function", function.get("parameters")))
    return found


def tool_names(params: Mapping[str, Any]) -> set[str]:
    return {tool.name for tool in offered_tools(params)}


def tool_call_problem(params: Mapping[str, Any], calls: Sequence[tuple[str, str]]) -> str | None:
    """Why the scripted ``calls`` (name, JSON arguments) could not answer this request, or ``None``."""
    offered = {tool.name: tool for tool in offered_tools(params)}
    listing = ", ".join(repr(name) for name in offered) or "none"
    forced = _forced_name(params.get("tool_choice"))
    if params.get("tool_choice") == "none":
        return f"the request set tool_choice='none', so the model calls no tool (offered tools: {listing})"
    for name, arguments in calls:
        tool = offered.get(name)
        if tool is None:
            return f"the request did not offer a tool named {name!r} (offered tools: {listing})"
        if forced is not None and name != forced:
            return f"the request's tool_choice forces {forced!r}, but the script calls {name!r}"
        if tool.kind != "function" or not isinstance(tool.parameters, Mapping):
            continue
        try:
            value = json.loads(arguments)
        except ValueError:
            return f"the arguments of {name!r} are not JSON: {arguments[:80]!r}"
        violation = schema_violation(value, tool.parameters)
        if violation is not None:
            return f"the arguments of {name!r} do not fit its parameters schema: {violation} (arguments: {arguments[:200]})"
    return None


def _forced_name(choice: Any) -> str | None:
    if not isinstance(choice, Mapping):
        return None
    nested = choice.get("function")
    inner: Mapping[str, Any] = nested if isinstance(nested, Mapping) else choice
    name = inner.get("name")
    return name if isinstance(name, str) else None
