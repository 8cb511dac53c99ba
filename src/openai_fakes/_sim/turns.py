"""What the model decides to do on a turn, shared by Chat Completions, Responses and runs.

A turn is either text (free prose, JSON for ``json_object``, or schema-valid JSON for a
structured output) or tool calls. Tool choice follows the API: ``none`` never calls, a function
forced by name is called, ``required`` calls one, and ``auto`` calls one unless the conversation's
last message already answers the model's tool calls — so an agent loop ends with text.

Given the `Conversation`, the model follows it (docs/unscripted-model.md): a tool whose name the
user's message mentions is called first, a tool already called since that message is not called
again while others wait, a ``final_answer``-like tool comes last, arguments and structured fields
take the values the message names, several values for one parameter give one call each, and the
answer after tool results states what they returned. A user message right after tool results
that asks nothing new continues the task (`follow_ups`), and a tool's name is never a value.
"""

from __future__ import annotations

import json
import random
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .._core.json_schema import schema_violation
from .conversation import Conversation, result_values, results_text
from .follow_ups import followed
from .mentions import Mentions, name_words, named_keys, string_parameters
from .schema_data import NOTHING, Fill, data_for_schema
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
    conversation: Conversation | None = None,
) -> Turn:
    """The model's turn. ``prompt`` keys the prose (same seed and prompt, same words);
    ``conversation``, when given, is what the turn follows (the rules above); without it the turn
    reads only the prompt and whether the last message answered a tool call."""
    if conversation is not None:
        conversation = followed(conversation, _asked_schemas(tools, output_schema), frozenset(t.name for t in tools))
        if conversation.answered_in_message:
            # An ``Observation:`` answering calls written as text, or a user message continuing the
            # task after tool results, answers them as a tool message would.
            answered_tool_calls = True
    if conversation is None:
        call = _tool_to_call(rng, tools, tool_choice, answered_tool_calls)
        if call is not None:
            spec, forced = call
            return Turn(tool_calls=[_call(rng, spec)], forced=forced)
    else:
        chosen = _follow(rng, tools, tool_choice, answered_tool_calls, conversation)
        if chosen is not None:
            spec, forced = chosen
            return Turn(tool_calls=_calls(rng, spec, conversation, single=forced), forced=forced)
    fill = _fill_from(conversation) if conversation is not None else None
    if output_schema is not None:
        text = json.dumps(data_for_schema(output_schema, random.Random(rng.getrandbits(32)), fill))
        return Turn(text=text, tokens=text_tokens(text))
    if json_object:
        answer, _ = answer_text(rng, prompt)
        keys = named_keys("\n".join(_said_by_user(conversation))) if conversation else []
        if conversation is not None and conversation.results:
            answer = results_text(conversation.results)
        text = json.dumps(_keyed_object(keys, answer, fill, rng) if keys else {"answer": answer})
        return Turn(text=text, tokens=text_tokens(text))
    if conversation is not None and conversation.results and answered_tool_calls:
        text = results_text(conversation.results)
        return Turn(text=text, tokens=text_tokens(text))
    text, tokens = answer_text(rng, prompt)
    return Turn(text=text, tokens=tokens)


# Names of the tool an agent framework ends its loop with (smolagents' ``final_answer``,
# pydantic-ai's ``final_result``...): called once the other tools have answered.
# A name with the word "final" (final_answer, final_result, FinalOutput), or one of these whole.
_FINAL_NAMES = frozenset(
    {
        ("finish",), ("done",), ("submit",), ("respond",), ("answer",),
        ("submit", "answer"), ("submit", "result"), ("return", "answer"), ("give", "answer"),
        ("respond", "to", "user"), ("finish", "task"), ("complete", "task"), ("task", "complete"),
        ("attempt", "completion"),
    }
)  # fmt: skip
# Words of a tool's name that say nothing about what it is for, so they never make it fit a prompt.
_GENERIC_WORDS = frozenset(
    "get set fetch find lookup look up search query list create make do run call tool tools the a an of for by "
    "to and in on from with current info information data api".split()
)
_MAX_PARALLEL = 8
# The last word of a field that holds the answer itself (``answer``, ``final_answer``, ``summary``).
_ANSWER_FIELDS = (("answer",), ("result",), ("output",), ("response",), ("text",), ("summary",), ("reply",))


def is_final_tool(name: str) -> bool:
    """A tool named to end an agent loop: a name with the word ``final`` (smolagents'
    ``final_answer``, pydantic-ai's ``final_result``), or one of a few whole names such as
    ``finish``, ``done``, ``submit_answer``, ``respond_to_user``, ``attempt_completion``. A tool
    that only starts with such a verb (``complete_order``, ``submit_form``) is an ordinary one."""
    words = _words_of(name)
    return "final" in words or words in _FINAL_NAMES


def _words_of(name: str) -> tuple[str, ...]:
    return name_words(name)


def _asked_schemas(tools: Sequence[ToolSpec], output_schema: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    """The schemas a user message may name values for: the parameters of the tools that do work
    (not the loop's final tool, whose answer takes any text) and the requested output's."""
    schemas = [t.parameters for t in tools if isinstance(t.parameters, Mapping) and not is_final_tool(t.name)]
    return [*schemas, output_schema] if output_schema is not None else schemas


def _said_by_user(conversation: Conversation) -> list[str]:
    """The instructions, the task's message and the messages that continue it."""
    return [conversation.instructions, conversation.user_text, *conversation.follow_ups]


def tool_fits(spec: ToolSpec, text: str) -> bool:
    """Whether the user's message mentions what the tool is for: a word of its name (three letters
    or more, not a generic verb such as ``get``) is a word of the message, singular or plural."""
    said = _said(text)
    for word in _words_of(spec.name):
        if len(word) < 3 or word in _GENERIC_WORDS:
            continue
        stem = word[:-1] if word.endswith("s") and len(word) > 3 else word
        if stem in said or stem + "s" in said or stem + "es" in said:
            return True
    return False


@lru_cache(maxsize=512)
def _said(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", text.lower()))


def _follow(
    rng: random.Random, tools: Sequence[ToolSpec], tool_choice: Any, answered: bool, conversation: Conversation
) -> tuple[ToolSpec, bool] | None:
    """The tool to call next in ``conversation`` (and whether ``tool_choice`` forced it), or None."""
    scope = _scope(tools, tool_choice)
    if scope is None:
        return None
    tools, required, forced = scope
    if forced is not None:
        return forced, True
    called = conversation.called
    workers = [t for t in tools if not is_final_tool(t.name)]
    finals = [t for t in tools if is_final_tool(t.name)]
    fresh = [t for t in workers if t.name not in called]
    # A tool the task's message, or a message continuing it ("And the local time?"), mentions.
    asked = [conversation.user_text, *conversation.follow_ups]
    fitting = [t for t in fresh if any(tool_fits(t, text) for text in asked)]
    if not called and not answered:
        # The turn's first step: the tool the message mentions; in a new round asked right after
        # tool results ("And in Paris?"), the tool the round before called; else one drawn as
        # before, but never the loop's final tool while there are others to call.
        if fitting:
            return fitting[0], False
        again = [t for name in conversation.previously_called for t in workers if t.name == name]
        if again:
            return again[0], False
        return rng.choice(workers or list(tools)), False
    if fitting:
        return fitting[0], False
    if required:
        if fresh:
            return fresh[0], False
        if finals:
            return finals[0], False
        return rng.choice(list(tools)), False
    if not answered:
        return rng.choice(fresh or workers or list(tools)), False
    if finals and not any(t.name in called for t in finals):
        return finals[0], False
    return None


def _fill_from(
    conversation: Conversation, *, only_string: str = "", final: bool = False, taken: Sequence[Any] = ()
) -> Fill:
    """Values for named fields of one object: what the tools returned under the field's name, then
    a value the user's message names that fits the field and no earlier field took (so "Superman,
    who lives in Metropolis" gives a name and a city); a final tool's answer-like field states the
    results. Make one per object built."""
    mentions = Mentions.of(conversation.user_text)
    returned = result_values(conversation.results)
    summary = results_text(conversation.results) if final and conversation.results else ""
    used: list[Any] = list(taken)  # values already given to a field (a parallel call's pinned value)

    def fill(name: str, schema: Mapping[str, Any]) -> Any:
        answer_like = name == only_string or _words_of(name)[-1:] in _ANSWER_FIELDS
        if summary and answer_like and _valid(summary, schema):
            return summary
        if name in returned and _valid(returned[name], schema):
            return returned[name]
        for value in mentions.values_for(name, schema, only_string=name == only_string):
            if value in conversation.tool_names:
                continue  # a tool's name is what to call, never a value
            if value not in used or isinstance(value, (int, float)):
                used.append(value)
                return value
        return NOTHING

    return fill


def _valid(value: Any, schema: Mapping[str, Any]) -> bool:
    return schema_violation(value, dict(schema)) is None


def _keyed_object(keys: Sequence[str], answer: str, fill: Fill | None, rng: random.Random) -> dict[str, Any]:
    """``json_object`` output with the keys the messages named: each filled from the conversation
    where it can, an answer-like key with the answer, any other with a plausible string."""
    schema = {"type": "object", "properties": {key: {"type": "string"} for key in keys}, "required": list(keys)}
    built = data_for_schema(schema, random.Random(rng.getrandbits(32)), fill)
    for key in keys:
        if _words_of(key)[-1:] in _ANSWER_FIELDS:
            built[key] = answer
    return dict(built)


def _calls(rng: random.Random, spec: ToolSpec, conversation: Conversation, *, single: bool) -> list[ToolCall]:
    """The calls of ``spec``: one per value when the message names several for one parameter and
    parallel calls are allowed, else one."""
    if spec.kind == "custom":
        return [ToolCall(spec.name, words(rng, 4), kind="custom")]
    schema = spec.parameters or {"type": "object", "properties": {}}
    strings = string_parameters(schema)
    only = strings[0] if len(strings) == 1 else ""
    final = is_final_tool(spec.name)
    seed = rng.getrandbits(32)
    # The loop's final tool is called once, with the answer; other tools once per value named.
    if conversation.parallel and not single and not final and spec.kind == "function":
        mentions = Mentions.of(conversation.user_text)
        for name, prop in _properties(schema):
            named = mentions.values_for(name, prop, only_string=name == only)
            values = mentions.listed([value for value in named if value not in conversation.tool_names])
            if len(values) > 1:
                return [
                    ToolCall(
                        spec.name,
                        json.dumps(
                            data_for_schema(
                                schema,
                                random.Random(seed),
                                _pinned(_fill_from(conversation, only_string=only, taken=(value,)), name, value),
                            )
                        ),
                    )
                    for value in values[:_MAX_PARALLEL]
                ]
    arguments = data_for_schema(schema, random.Random(seed), _fill_from(conversation, only_string=only, final=final))
    return [ToolCall(spec.name, json.dumps(arguments), kind=spec.kind)]


def _pinned(fill: Fill, pinned: str, value: Any) -> Fill:
    def pin(name: str, schema: Mapping[str, Any]) -> Any:
        return value if name == pinned else fill(name, schema)

    return pin


def _properties(schema: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    properties = schema.get("properties")
    if not isinstance(properties, Mapping):
        return []
    return [(name, prop) for name, prop in properties.items() if isinstance(prop, Mapping)]


def _tool_to_call(
    rng: random.Random, tools: Sequence[ToolSpec], tool_choice: Any, answered: bool
) -> tuple[ToolSpec, bool] | None:
    scope = _scope(tools, tool_choice)
    if scope is None:
        return None
    tools, required, forced = scope
    if forced is not None:
        return forced, True
    if required:
        return rng.choice(list(tools)), False
    if answered:
        return None
    return rng.choice(list(tools)), False


def _scope(tools: Sequence[ToolSpec], tool_choice: Any) -> tuple[Sequence[ToolSpec], bool, ToolSpec | None] | None:
    """What ``tool_choice`` leaves to call: the tools, whether one must be called, and the tool it
    forces by name; ``None`` when no tool may be called (``"none"``, no tools, a forced name that
    matches no tool: request validation reports that one)."""
    if not tools or tool_choice == "none":
        return None
    required = tool_choice == "required"
    if isinstance(tool_choice, dict):
        name = forced_name(tool_choice)
        if name is not None:
            forced = next((spec for spec in tools if spec.name == name), None)
            return None if forced is None else (tools, True, forced)
        allowed = allowed_names(tool_choice)
        if allowed is not None:
            tools = [t for t in tools if t.name in allowed] or list(tools)
            required = tool_choice.get("mode", tool_choice.get("allowed_tools", {}).get("mode")) == "required"
    return tools, required, None


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
