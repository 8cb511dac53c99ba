"""What the model decides to do on a turn, shared by Chat Completions and Responses.

A turn is either text (free prose, JSON for ``json_object``, or schema-valid JSON for a
structured output) or tool calls. Tool choice follows the API: ``none`` never calls, a function
forced by name is called, ``required`` calls one, and ``auto`` calls one unless the conversation's
last message already answers the model's tool calls — so an agent loop ends with text.
"""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .schema_data import data_for_schema
from .text import paragraph, words
from .tokens import text_tokens

# Answers are a pure function of a 12-bit key, generated once per key: seeding a fresh Random per
# call would cost more than the whole per-call budget (DESIGN §2.1).
_ANSWER_KEYS = 4096
_ANSWERS: dict[int, tuple[str, int]] = {}


@dataclass(frozen=True)
class ToolSpec:
    name: str
    kind: str  # "function", "custom", or "legacy_function" (chat's deprecated ``functions``)
    parameters: Mapping[str, Any] | None = None


@dataclass
class ToolCall:
    name: str
    arguments: str
    kind: str = "function"


@dataclass
class Turn:
    text: str | None = None
    tokens: int = 0
    tool_calls: list[ToolCall] = field(default_factory=list)
    forced: bool = False
    """True when ``tool_choice`` named the function: the API then finishes with ``stop``."""


def last_user_text(messages: Iterable[Any]) -> str:
    """The prompt a chat-shaped conversation's turn is shaped by: the text of its last user
    message (a content given as parts reads as their texts joined by spaces)."""
    text = ""
    for message in messages:
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, str):
                text = content
            elif isinstance(content, list):
                text = " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return text


def output_format(response_format: Any) -> tuple[Mapping[str, Any] | None, bool]:
    """What a chat-style ``response_format`` asks the text to be: ``(schema, False)`` for a
    ``json_schema`` (an empty object schema when it gives none), ``(None, True)`` for
    ``json_object``, ``(None, False)`` for prose."""
    if not isinstance(response_format, Mapping):
        return None, False
    if response_format.get("type") == "json_schema":
        spec = response_format.get("json_schema") or {}
        return spec.get("schema") or {"type": "object", "properties": {}}, False
    return None, response_format.get("type") == "json_object"


def answer_text(rng: random.Random, prompt: str) -> tuple[str, int]:
    """Plain-English answer text and its token count. The prompt steers it, the backend's RNG
    varies it: same seed and prompt, same answer."""
    key = (rng.getrandbits(32) ^ zlib.crc32(prompt.encode())) % _ANSWER_KEYS
    answer = _ANSWERS.get(key)
    if answer is None:
        local = random.Random(key)
        text = paragraph(local, sentences=local.randint(1, 3))
        answer = _ANSWERS[key] = (text, text_tokens(text))
    return answer


def decide(
    rng: random.Random,
    *,
    prompt: str,
    tools: Sequence[ToolSpec],
    tool_choice: Any,
    answered_tool_calls: bool,
    output_schema: Mapping[str, Any] | None = None,
    json_object: bool = False,
) -> Turn:
    call = _tool_to_call(rng, tools, tool_choice, answered_tool_calls)
    if call is not None:
        spec, forced = call
        return Turn(tool_calls=[_call(rng, spec)], forced=forced)
    if output_schema is not None:
        text = json.dumps(data_for_schema(output_schema, random.Random(rng.getrandbits(32))))
        return Turn(text=text, tokens=text_tokens(text))
    if json_object:
        answer, _ = answer_text(rng, prompt)
        text = json.dumps({"answer": answer})
        return Turn(text=text, tokens=text_tokens(text))
    text, tokens = answer_text(rng, prompt)
    return Turn(text=text, tokens=tokens)


def _tool_to_call(
    rng: random.Random, tools: Sequence[ToolSpec], tool_choice: Any, answered: bool
) -> tuple[ToolSpec, bool] | None:
    if not tools or tool_choice == "none":
        return None
    if isinstance(tool_choice, dict):
        name = forced_name(tool_choice)
        if name is not None:
            for spec in tools:
                if spec.name == name:
                    return spec, True
            return None  # request validation reports a name that matches no tool
        allowed = allowed_names(tool_choice)
        if allowed is not None:
            tools = [t for t in tools if t.name in allowed] or list(tools)
            if tool_choice.get("mode", tool_choice.get("allowed_tools", {}).get("mode")) == "required":
                return rng.choice(list(tools)), False
    if tool_choice == "required":
        return rng.choice(list(tools)), False
    if answered:
        return None
    return rng.choice(list(tools)), False


def forced_name(choice: Mapping[str, Any]) -> str | None:
    """The tool ``tool_choice`` forces by name (chat or Responses shape), if any."""
    kind = choice.get("type")
    if kind in ("function", "custom"):
        inner = choice.get(kind)
        if isinstance(inner, dict) and isinstance(inner.get("name"), str):
            return str(inner["name"])
        if isinstance(choice.get("name"), str):  # Responses: {"type": "function", "name": ...}
            return str(choice["name"])
    return None


def allowed_names(choice: Mapping[str, Any]) -> set[str] | None:
    """The tools an ``allowed_tools`` choice lets the model call (``None``: another kind of choice)."""
    if choice.get("type") != "allowed_tools":
        return None
    spec = choice.get("allowed_tools", choice)
    names: set[str] = set()
    for tool in spec.get("tools") or ():
        if isinstance(tool, dict):
            function = tool.get("function")
            inner: Mapping[str, Any] = function if isinstance(function, dict) else tool
            if isinstance(inner.get("name"), str):
                names.add(inner["name"])
    return names


def _call(rng: random.Random, spec: ToolSpec) -> ToolCall:
    if spec.kind == "custom":
        return ToolCall(spec.name, words(rng, 4), kind="custom")
    schema = spec.parameters or {"type": "object", "properties": {}}
    arguments = data_for_schema(schema, random.Random(rng.getrandbits(32)))
    # The call keeps its tool's kind: a legacy function is answered as a ``function_call``.
    return ToolCall(spec.name, json.dumps(arguments), kind=spec.kind)
