"""The tools a request offers, and whether a scripted tool call fits them.

A real model calls only tools the request offered, with arguments valid for their schema, and
honours ``tool_choice`` and ``parallel_tool_calls``; where ``tool_choice`` makes it call one of the
request's function tools, it answers with a call, never with text. A script that does otherwise is
most likely a wrong test (a renamed tool, a changed schema, a forgotten ``tool_choice``), so the
call fails with what the request did offer; a test that means to simulate a misbehaving model says
so with ``tool_call(...).unchecked()``, or scripts the raw answer with ``returns(...)``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from .._core.json_schema import schema_violation
from .turns import ToolSpec, allowed_names, forced_name


def offered_tools(params: Mapping[str, Any]) -> list[ToolSpec]:
    """The function and custom tools a request offers, in order (hosted tools have no name): the
    one reading of ``tools`` for chat, Responses, Assistants runs and realtime sessions alike."""
    found: list[ToolSpec] = []
    for tool in params.get("tools") or ():
        if not isinstance(tool, Mapping):
            continue
        kind = tool.get("type", "function")
        # Chat and Assistants nest the definition under its type ({"type": "function", "function":
        # {...}}); Responses and realtime sessions put it on the tool itself ({"name": ...}).
        nested = tool.get(kind)
        inner: Mapping[str, Any] = nested if isinstance(nested, Mapping) else tool
        if kind in ("function", "custom") and isinstance(inner.get("name"), str):
            found.append(ToolSpec(inner["name"], kind, inner.get("parameters")))
    for function in params.get("functions") or ():  # chat's deprecated form
        if isinstance(function, Mapping) and isinstance(function.get("name"), str):
            found.append(ToolSpec(function["name"], "legacy_function", function.get("parameters")))
    return found


def tool_names(params: Mapping[str, Any]) -> set[str]:
    return {tool.name for tool in offered_tools(params)}


def tool_call_problem(params: Mapping[str, Any], calls: Sequence[tuple[str, str]]) -> str | None:
    """Why the scripted ``calls`` (name, JSON arguments) could not answer this request, or ``None``."""
    offered = {tool.name: tool for tool in offered_tools(params)}
    listing = ", ".join(repr(name) for name in offered) or "none"
    choice = params.get("tool_choice")
    if choice == "none":
        return f"the request set tool_choice='none', so the model calls no tool (offered tools: {listing})"
    if params.get("parallel_tool_calls") is False and len(calls) > 1:
        names = ", ".join(repr(name) for name, _ in calls)
        return (
            f"the request set parallel_tool_calls=False, so the model calls at most one tool per turn, "
            f"but the script makes {len(calls)} calls ({names})"
        )
    forced = forced_name(choice) if isinstance(choice, Mapping) else None
    allowed = allowed_names(choice) if isinstance(choice, Mapping) else None
    for name, arguments in calls:
        tool = offered.get(name)
        if tool is None:
            return f"the request did not offer a tool named {name!r} (offered tools: {listing})"
        if forced is not None and name != forced:
            return f"the request's tool_choice forces {forced!r}, but the script calls {name!r}"
        if allowed is not None and name not in allowed:
            return f"the request's tool_choice allows only {', '.join(repr(n) for n in sorted(allowed))}, not {name!r}"
        if tool.kind == "custom" or not isinstance(tool.parameters, Mapping):  # custom: free text
            continue
        try:
            value = json.loads(arguments)
        except ValueError:
            return f"the arguments of {name!r} are not JSON: {arguments[:80]!r}"
        violation = schema_violation(value, tool.parameters)
        if violation is not None:
            return f"the arguments of {name!r} do not fit its parameters schema: {violation} (arguments: {arguments[:200]})"
    return None


# Tools the client runs, so a call of one ends the model's turn: a choice that requires a call
# among these only cannot be answered with text. Hosted tools (web search, file search, MCP...)
# run on the server within the same response, which may go on to text, so they are left alone.
_CLIENT_TOOL_KINDS = ("function", "custom")


def text_answer_problem(params: Mapping[str, Any]) -> str | None:
    """Why text (or a structured output) cannot answer this request, or ``None``: its
    ``tool_choice`` makes the model call one of its function tools ("required", a tool forced by
    name, or ``allowed_tools`` in "required" mode)."""
    choice = params.get("tool_choice")
    if isinstance(choice, Mapping):
        forced = forced_name(choice)
        if forced is not None:
            return f"the request's tool_choice forces a call of {forced!r}"
        if choice.get("type") != "allowed_tools":
            return None
        spec = choice.get("allowed_tools", choice)  # chat nests it; Responses puts it on the choice
        if not isinstance(spec, Mapping) or spec.get("mode") != "required":
            return None
        candidates, why = spec.get("tools"), "tool_choice allows only some tools with mode='required'"
    elif choice == "required":
        candidates, why = params.get("tools"), "the request set tool_choice='required'"
    else:
        return None
    tools = [tool for tool in candidates or () if isinstance(tool, Mapping)]
    if not tools or any(tool.get("type", "function") not in _CLIENT_TOOL_KINDS for tool in tools):
        return None
    listing = ", ".join(repr(tool.name) for tool in offered_tools({"tools": tools})) or "none"
    return f"{why}, so the model must call one of its tools ({listing})"
