"""What the unscripted model reads of a conversation besides its prompt, in one neutral shape.

Chat messages, Responses input items and an Assistants run's steps each say the same things in
their own shape: the latest user message, the instructions, the tools the model has called since
that message and what those calls returned. The readers here turn each shape into a
`Conversation`, so `turns.decide` follows any of them by one set of rules
(docs/unscripted-model.md).

Some agents (smolagents' ToolCallingAgent) write their tool loop into the transcript as text
instead: an assistant message ending in ``Calling tools:`` and a list of calls in the shape of the
API's ``tool_calls`` (as JSON or as Python's ``str()``), answered by a user message that starts
with ``Observation:``. Read as what they stand for, a call and its result, so such a loop is
followed as any other; nothing less exact (prose naming a tool) counts as a call.

A user message that comes right after tool results may continue their task instead of asking
anew (DSPy's ReActV2 repeats its format reminder there); the readers keep the rounds it may
continue in `Conversation.earlier`, and `follow_ups.followed` decides, knowing the tools offered.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .python_repr import read_python


@dataclass(frozen=True)
class ToolResult:
    name: str
    """The tool that was called ("" when the conversation does not say)."""
    output: str


@dataclass(frozen=True)
class Round:
    """One user message and the tool calls and results that followed it."""

    user_text: str
    called: tuple[str, ...] = ()
    results: tuple[ToolResult, ...] = ()


@dataclass(frozen=True)
class Conversation:
    user_text: str = ""
    """The latest user message's text (once `follow_ups.followed` has read the conversation: the
    message of the task the model works on)."""
    instructions: str = ""
    """The system and developer messages (and a request's ``instructions``), joined."""
    called: tuple[str, ...] = ()
    """The tools the model called since the latest user message, in order."""
    results: tuple[ToolResult, ...] = ()
    """What those calls returned, in order."""
    parallel: bool = True
    """Whether the request lets the model make several tool calls in one turn."""
    answered_in_message: bool = False
    """Whether the last message answers the model's tool calls though it is no tool message: an
    ``Observation:`` answering calls written as text, or a user message that continues the task
    (`follow_ups`)."""
    earlier: tuple[Round, ...] = ()
    """When the latest user message came right after tool results: the rounds before it, oldest
    first, back to the last user message that did not. Whether that message continues their task
    depends on the tools offered, so `follow_ups.followed` decides it."""
    follow_ups: tuple[str, ...] = ()
    """The user messages after the task's tool results that continue the task (set by
    `follow_ups.followed`)."""
    tool_names: frozenset[str] = frozenset()
    """The offered tools' names, never a value for a parameter or a field (set by
    `follow_ups.followed`)."""
    previously_called: tuple[str, ...] = ()
    """When the latest user message asks anew right after tool results ("And in Paris?"): the
    tools the task before it called, which a new round that names no tool calls again (set by
    `follow_ups.followed`)."""


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
    loop = _TextLoop()
    rounds = _Rounds()
    for message in messages if isinstance(messages, list) else ():
        if not isinstance(message, Mapping):
            continue
        role = message.get("role")
        text = _text(message.get("content")) if role in ("user", "assistant") else ""
        if loop.read(str(role), text, called, results):
            rounds.after_results = True
            continue
        if role == "user":
            rounds.begin(user, called, results)
            user, called, results = text, [], []
        elif role in ("system", "developer"):
            instructions.append(_text(message.get("content")))
        elif role == "assistant":
            rounds.after_results = False
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
            rounds.after_results = True
        elif role == "function":
            results.append(ToolResult(str(message.get("name") or ""), _text(message.get("content"))))
            rounds.after_results = True
    return Conversation(
        user,
        "\n".join(instructions),
        tuple(called),
        tuple(results),
        parallel is not False,
        loop.answered,
        tuple(rounds.earlier),
    )


def from_response_items(items: Iterable[Any], *, instructions: Any = None, parallel: Any = None) -> Conversation:
    """The conversation of Responses input items (earlier turns' items first); a string input is
    one user message."""
    user = ""
    system = [str(instructions)] if isinstance(instructions, str) and instructions else []
    called: list[str] = []
    results: list[ToolResult] = []
    names: dict[str, str] = {}
    loop = _TextLoop()
    rounds = _Rounds()
    for item in items:
        if isinstance(item, str):
            if loop.read("user", item, called, results):
                rounds.after_results = True
            else:
                rounds.begin(user, called, results)
                user, called, results = str(item), [], []
            continue
        if not isinstance(item, Mapping):
            continue
        kind = item.get("type", "message")
        role = item.get("role") if kind == "message" else None
        if loop.read(str(role), _text(item.get("content")) if role in ("user", "assistant") else "", called, results):
            rounds.after_results = True
            continue
        if kind == "message":
            if role == "user":
                rounds.begin(user, called, results)
                user, called, results = _text(item.get("content")), [], []
            elif role in ("system", "developer"):
                system.append(_text(item.get("content")))
            elif role == "assistant":
                rounds.after_results = False
        elif kind in ("function_call", "custom_tool_call"):
            name = str(item.get("name", ""))
            names[str(item.get("call_id"))] = name
            called.append(name)
            rounds.after_results = False
        elif kind in ("function_call_output", "custom_tool_call_output"):
            output = item.get("output")
            text = output if isinstance(output, str) else _text(output)
            results.append(ToolResult(names.get(str(item.get("call_id")), ""), str(text)))
            rounds.after_results = True
    return Conversation(
        user,
        "\n".join(system),
        tuple(called),
        tuple(results),
        parallel is not False,
        loop.answered,
        tuple(rounds.earlier),
    )


class _Rounds:
    """The rounds a user message may continue: kept while each user message comes right after
    tool results (the model has not answered in between), dropped at one that does not."""

    def __init__(self) -> None:
        self.earlier: list[Round] = []
        self.after_results = False  # whether the message read last was a tool result

    def begin(self, user: str, called: list[str], results: list[ToolResult]) -> None:
        """A user message arrives; ``user``, ``called`` and ``results`` are the round it ends."""
        if self.after_results:
            self.earlier.append(Round(user, tuple(called), tuple(results)))
        else:
            self.earlier = []
        self.after_results = False


# The line that opens tool calls written as text, and what opens the message that answers them
# (smolagents writes both so).
_CALLING_TOOLS = re.compile(r"(?:^|\n)[ \t]*Calling tools:[ \t]*(?:\n|$)")
_OBSERVATION = "Observation:"


class _TextLoop:
    """Follows a tool loop written as text, message by message: the calls an assistant message
    writes out, and the ``Observation:`` user message that answers them."""

    def __init__(self) -> None:
        self.waiting: tuple[str, ...] = ()  # the written calls no observation has answered yet
        self.answered = False  # whether the message read last was such an observation

    def read(self, role: str, text: str, called: list[str], results: list[ToolResult]) -> bool:
        """Take one message: a written call joins ``called`` (and the message is still read as
        usual), an observation answering one joins ``results`` and is then not a new user
        message (True: the caller skips it)."""
        self.answered = False
        if role == "assistant":
            written = written_tool_calls(text)
            if written:
                called.extend(written)
                self.waiting = written
            return False
        if role == "user" and self.waiting and text.lstrip().startswith(_OBSERVATION):
            # One observation answers the whole step; it is named by its tool when there was one.
            name = self.waiting[0] if len(set(self.waiting)) == 1 else ""
            results.append(ToolResult(name, text.lstrip().removeprefix(_OBSERVATION).strip()))
            self.waiting, self.answered = (), True
            return True
        if role == "user":
            self.waiting = ()
        return False


def written_tool_calls(text: str) -> tuple[str, ...]:
    """The names of the tools an assistant message's text calls when it ends in a
    ``Calling tools:`` line and a list in the shape of the API's ``tool_calls`` (each item a
    ``function`` with a ``name`` and ``arguments``), written as JSON or as Python's ``str()``;
    empty for any other text. Parsed only, never run."""
    if "Calling tools:" not in text:
        return ()  # most messages: no need to hold them in the cache
    return _written_calls(text)


@lru_cache(maxsize=256)
def _written_calls(text: str) -> tuple[str, ...]:
    # An agent loop resends every earlier step each turn: cached.
    marks = list(_CALLING_TOOLS.finditer(text))
    if not marks:
        return ()
    listing = text[marks[-1].end() :].strip()
    if not listing.startswith("["):
        return ()
    try:
        calls: Any = json.loads(listing)
    except ValueError:
        calls = read_python(listing)
    if not isinstance(calls, list) or not calls:
        return ()
    names: list[str] = []
    for call in calls:
        function = call.get("function") if isinstance(call, Mapping) else None
        if not isinstance(function, Mapping) or "arguments" not in function:
            return ()
        name = function.get("name")
        if not isinstance(name, str) or not name:
            return ()
        names.append(name)
    return tuple(names)


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
    ``str()`` / ``repr()`` (Semantic Kernel sends ``str(result)``), else None for plain text. A
    JSON string literal (ell sends a string result so) is read by what it holds."""
    try:
        value = json.loads(text)
    except ValueError:
        return read_python(text)
    return _structured_inner(value) if isinstance(value, str) else value


def _structured_inner(text: str) -> Any:
    """What the string a JSON literal holds is: its JSON object or list, a Python-written one,
    else the string itself (unwrapped once: a string literal inside it stays as written)."""
    try:
        value = json.loads(text)
    except ValueError:
        value = read_python(text)
    return value if isinstance(value, (Mapping, list)) else text


def _facts(output: str) -> str:
    parsed = _structured(output)
    if isinstance(parsed, (Mapping, list)):
        return _describe(parsed) or "nothing"
    if isinstance(parsed, str):
        output = parsed  # the string a JSON literal holds, without its quotes and escapes
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
