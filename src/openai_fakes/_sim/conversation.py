"""What the unscripted model reads of a conversation besides its prompt, in one neutral shape.

Chat messages, Responses input items and an Assistants run's steps each say the same things in
their own shape: the latest user message, the instructions, the tools the model has called since
that message and what those calls returned. The readers here turn each shape into a
`Conversation`, so `turns.decide` follows any of them by one set of rules
(docs/unscripted-model.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .python_repr import read_python


@dataclass(frozen=True)
class ToolResult:
    name: str
    """The tool that was called ("" when the conversation does not say)."""
    output: str


@dataclass(frozen=True)
class Conversation:
    user_text: str = ""
    """The latest user message's text."""
    instructions: str = ""
    """The system and developer messages (and a request's ``instructions``), joined."""
    called: tuple[str, ...] = ()
    """The tools the model called since the latest user message, in order."""
    results: tuple[ToolResult, ...] = ()
    """What those calls returned, in order."""
    parallel: bool = True
    """Whether the request lets the model make several tool calls in one turn."""


def _text(content: Any) -> str:
    """A message content's text: a string, or its parts' texts joined by spaces."""
    if isinstance(content, str):
        return str(content)
    if isinstance(content, list):
        return " ".join(
            str(part.get("text", "")) for part in content if isinstance(part, Mapping) and part.get("text") is not None
        )
    return ""


def from_chat(messages: Any, *, parallel: Any = None) -> Conversation:
    """The conversation of chat messages (``tool`` and legacy ``function`` results included)."""
    user, instructions = "", []
    called: list[str] = []
    results: list[ToolResult] = []
    names: dict[str, str] = {}
    for message in messages if isinstance(messages, list) else ():
        if not isinstance(message, Mapping):
            continue
        role = message.get("role")
        if role == "user":
            user, called, results = _text(message.get("content")), [], []
        elif role in ("system", "developer"):
            instructions.append(_text(message.get("content")))
        elif role == "assistant":
            for call in message.get("tool_calls") or ():
                if isinstance(call, Mapping):
                    inner = call.get("function") or call.get("custom") or {}
                    name = str(inner.get("name", "")) if isinstance(inner, Mapping) else ""
                    names[str(call.get("id"))] = name
                    called.append(name)
            legacy = message.get("function_call")
            if isinstance(legacy, Mapping) and legacy.get("name") is not None:
                called.append(str(legacy["name"]))
        elif role == "tool":
            name = names.get(str(message.get("tool_call_id")), "")
            results.append(ToolResult(name, _text(message.get("content"))))
        elif role == "function":
            results.append(ToolResult(str(message.get("name") or ""), _text(message.get("content"))))
    return Conversation(user, "\n".join(instructions), tuple(called), tuple(results), parallel is not False)


def from_response_items(items: Iterable[Any], *, instructions: Any = None, parallel: Any = None) -> Conversation:
    """The conversation of Responses input items (earlier turns' items first); a string input is
    one user message."""
    user = ""
    system = [str(instructions)] if isinstance(instructions, str) and instructions else []
    called: list[str] = []
    results: list[ToolResult] = []
    names: dict[str, str] = {}
    for item in items:
        if isinstance(item, str):
            user, called, results = str(item), [], []
            continue
        if not isinstance(item, Mapping):
            continue
        kind = item.get("type", "message")
        if kind == "message":
            role = item.get("role")
            if role == "user":
                user, called, results = _text(item.get("content")), [], []
            elif role in ("system", "developer"):
                system.append(_text(item.get("content")))
        elif kind in ("function_call", "custom_tool_call"):
            name = str(item.get("name", ""))
            names[str(item.get("call_id"))] = name
            called.append(name)
        elif kind in ("function_call_output", "custom_tool_call_output"):
            output = item.get("output")
            text = output if isinstance(output, str) else _text(output)
            results.append(ToolResult(names.get(str(item.get("call_id")), ""), str(text)))
    return Conversation(user, "\n".join(system), tuple(called), tuple(results), parallel is not False)


def results_text(results: Iterable[ToolResult]) -> str:
    """An answer that states what the tools returned: ``get_weather returned temp_c: 21.``"""
    sentences = []
    for result in results:
        facts = _facts(result.output)
        who = result.name or "The tool"
        sentences.append(f"{who} returned {facts}.")
    return " ".join(sentences)


def result_values(results: Iterable[ToolResult]) -> dict[str, Any]:
    """The scalar values the tools returned as objects (JSON, or Python's ``str()`` of a dict or
    model), by key (the first one wins)."""
    values: dict[str, Any] = {}
    for result in results:
        parsed = _structured(result.output)
        if isinstance(parsed, Mapping):
            for key, value in parsed.items():
                if isinstance(value, (str, int, float, bool)) and key not in values:
                    values[str(key)] = value
    return values


def _structured(text: str) -> Any:
    """What a tool's output holds: its JSON, else the dict or list it writes as Python's
    ``str()`` / ``repr()`` (Semantic Kernel sends ``str(result)``), else None for plain text."""
    try:
        return json.loads(text)
    except ValueError:
        return read_python(text)


def _facts(output: str) -> str:
    parsed = _structured(output)
    if isinstance(parsed, (Mapping, list)):
        return _describe(parsed) or "nothing"
    return output.strip().rstrip(".")[:400] or "nothing"


def _describe(value: Any) -> str:
    if isinstance(value, Mapping):
        return ", ".join(f"{key}: {_scalar(item)}" for key, item in list(value.items())[:12])
    if isinstance(value, list):
        return ", ".join(_scalar(item) for item in value[:12])
    return _scalar(value)


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
