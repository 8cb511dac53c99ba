"""Completing a scripted partial override: the reply keeps its rules around what the script set.

``fake.stub(create).returns({"usage": {"completion_tokens": 5}})`` merges the dict into the reply
the fake would have sent. What the script set is kept exactly; what depends on it and was not set
follows the same rules the handlers and factories keep: usage adds up (the completion side
recounted, in the request's model's encoding, when the content changed; the total when a side
changed), details stay within their totals, a chat message says one thing and its
``finish_reason`` agrees with it, a choice or an embedding sits at its position, an embedding
list's usage has ``total_tokens == prompt_tokens``.
Parts the script did not touch are left as the handler made them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ..tokens import text_tokens
from . import chat, embeddings, responses
from .usage import (
    CHAT_SIDES,
    RESPONSE_SIDES,
    Sides,
    add_up,
    hidden_tokens,
    sides_of,
    within_totals,
)


class Given:
    """What a script set at one place of the reply, read like the reply itself: ``given["usage"]``
    is what it set of ``usage``. A place it replaced whole (an SDK model, a value that is no
    mapping) counts as set all through; a place it did not mention, as set nowhere."""

    __slots__ = ("_value", "whole")

    def __init__(self, value: Any, *, whole: bool | None = None) -> None:
        self._value = value
        self.whole = not isinstance(value, (Mapping, list)) if whole is None else whole

    @property
    def any(self) -> bool:
        return self.whole or bool(self._value)

    def __contains__(self, key: object) -> bool:
        return self.whole or (isinstance(self._value, Mapping) and key in self._value)

    def fields(self) -> frozenset[str]:
        """The field names set here (none for a place replaced whole: see ``whole``)."""
        return frozenset(self._value) if isinstance(self._value, Mapping) else frozenset()

    def __getitem__(self, key: str | int) -> Given:
        """What was set at ``key`` (a field name, or a list position)."""
        if self.whole:
            return self
        value = self._value
        if isinstance(key, int) and isinstance(value, list):
            return Given(value[key]) if key < len(value) else _NOTHING
        if isinstance(key, str) and isinstance(value, Mapping) and key in value:
            return Given(value[key])
        return _NOTHING


_NOTHING = Given({}, whole=False)


def complete(reply: Any, script: Any, default: Any) -> Any:
    """``reply`` (``default`` with ``script`` merged in), completed by the rules of its object."""
    if not isinstance(reply, dict) or not isinstance(default, Mapping):
        return reply
    given = Given(script)
    completer = _COMPLETERS.get(_kind(default))
    if completer is not None:
        completer(reply, given, default)
    else:
        _usage_adds_up(reply, given)
    return reply


def _kind(default: Mapping[str, Any]) -> str | None:
    kind = default.get("object")
    if kind == "list":
        data = default.get("data")
        if (
            isinstance(data, list)
            and data
            and all(isinstance(i, Mapping) and i.get("object") == "embedding" for i in data)
        ):
            return "embedding list"
    return kind if isinstance(kind, str) else None


# --- usage, any object -----------------------------------------------------------------------


def _usage_adds_up(reply: dict[str, Any], given: Given) -> None:
    """Any reply whose ``usage`` counts two sides: the total follows a side the script changed."""
    usage, said = reply.get("usage"), given["usage"]
    if isinstance(usage, dict) and said.any and not said.whole:
        sides = sides_of(usage)
        if sides is not None:
            reply["usage"] = usage = dict(usage)
            add_up(usage, said.fields(), sides)
            within_totals(usage, said.fields(), sides)


def _recount(
    reply: dict[str, Any],
    given: Given,
    default: Mapping[str, Any],
    *,
    sides: Sides,
    reasoning: tuple[str, str],
    old_parts: list[Any],
    new_parts: list[Any],
    tokens: Callable[[Any], int],
) -> None:
    """Usage after the content changed from ``old_parts`` to ``new_parts`` (a completion's
    messages, a response's items...): the completion side moves by the tokens of the parts that
    changed and of the reasoning the script set, unless the script set it; then it adds up."""
    usage, said, old_usage = reply.get("usage"), given["usage"], default.get("usage")
    if not isinstance(usage, dict) or said.whole or not isinstance(old_usage, Mapping):
        return
    reply["usage"] = usage = dict(usage)
    fixed = said.fields()
    completion_key = sides[1]
    old_count = old_usage.get(completion_key)
    if completion_key not in fixed and isinstance(old_count, int):
        # Only what changed is recounted: tokens the content does not show (hosted tools, an
        # echoed prompt) stay counted as the handler counted them.
        changed = sum(tokens(new) - tokens(old) for old, new in _pairs(old_parts, new_parts) if old != new)
        reasoned = hidden_tokens(usage, reasoning) - hidden_tokens(old_usage, reasoning)
        usage[completion_key] = max(0, old_count + changed + reasoned)
    add_up(usage, fixed, sides)
    within_totals(usage, fixed, sides)


def _model_of(default: Mapping[str, Any]) -> str | None:
    """The model the request asked for, as the reply the fake would have sent names it: its
    encoding counts the content, changed or not (``None``: gpt-4o's)."""
    model = default.get("model")
    return model if isinstance(model, str) else None


def _pairs(old: list[Any], new: list[Any]) -> Iterator[tuple[Any, Any]]:
    """Parts position by position; a part missing on one side pairs with ``None`` (no tokens)."""
    for index in range(max(len(old), len(new))):
        yield (old[index] if index < len(old) else None), (new[index] if index < len(new) else None)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


# --- Chat Completions --------------------------------------------------------------------------


def _recount_choices(
    reply: dict[str, Any],
    given: Given,
    default: Mapping[str, Any],
    part_of: Callable[[Any], Any],
    tokens: Callable[[Any], int],
) -> None:
    """Chat and legacy completions: completion tokens follow what each choice now says."""
    _recount(
        reply,
        given,
        default,
        sides=CHAT_SIDES,
        reasoning=chat.REASONING,
        old_parts=[part_of(choice) for choice in _list(default.get("choices"))],
        new_parts=[part_of(choice) for choice in _list(reply.get("choices"))],
        tokens=tokens,
    )


def _chat_completion(reply: dict[str, Any], given: Given, default: Mapping[str, Any]) -> None:
    choices = reply.get("choices")
    if "choices" in given and isinstance(choices, list):
        for index, choice in enumerate(choices):
            if isinstance(choice, dict):
                _chat_choice(choice, index, given["choices"][index])
    model = _model_of(default)
    _recount_choices(reply, given, default, _message_of, lambda message: _message_tokens(message, model))


_SAYING = (*chat.MESSAGE_KINDS, "function_call")
"""A message's fields that decide what it says, and so how it finishes."""


def _chat_choice(choice: dict[str, Any], index: int, said: Given) -> None:
    """A choice the script touched: at its position, its message saying one thing, its finish
    reason following the message (unless the script set them)."""
    if "index" not in said:
        choice["index"] = index
    choice.setdefault("logprobs", None)
    message, message_said = choice.get("message"), said["message"]
    if not isinstance(message, dict) or not message_said.any:
        return
    for key, value in chat.assistant_message("content", None).items():
        message.setdefault(key, value)  # a choice the script added has the message's usual keys
    kind = None if message_said.whole else chat.kind_of(_picked(message, message_said))
    if kind is not None:
        for other in chat.MESSAGE_KINDS:
            if other != kind and other not in message_said and message.get(other) is not None:
                message[other] = None
    # The finish reason follows a message whose say the script changed; one that only gained
    # annotations (say) keeps the handler's reason, `length` included.
    said_something = message_said.whole or any(field in message_said for field in _SAYING)
    if "finish_reason" not in said and (said_something or choice.get("finish_reason") is None):
        choice["finish_reason"] = chat.finish_reason_for(message)


def _picked(message: Mapping[str, Any], said: Given) -> dict[str, Any]:
    """The fields of ``message`` the script set."""
    return {key: message[key] for key in said.fields() if key in message}


def _message_of(choice: Any) -> Any:
    return choice.get("message") if isinstance(choice, Mapping) else None


def _message_tokens(message: Any, model: str | None) -> int:
    return chat.message_tokens(message, model) if isinstance(message, Mapping) else 0


# --- Responses ---------------------------------------------------------------------------------


def _response(reply: dict[str, Any], given: Given, default: Mapping[str, Any]) -> None:
    model = _model_of(default)
    _recount(
        reply,
        given,
        default,
        sides=RESPONSE_SIDES,
        reasoning=responses.REASONING,
        old_parts=_list(default.get("output")),
        new_parts=_list(reply.get("output")),
        tokens=lambda item: _item_tokens(item, model),
    )


def _item_tokens(item: Any, model: str | None) -> int:
    return responses.item_tokens(item, model) if isinstance(item, Mapping) else 0


# --- legacy Completions ------------------------------------------------------------------------


def _text_completion(reply: dict[str, Any], given: Given, default: Mapping[str, Any]) -> None:
    choices = reply.get("choices")
    if "choices" in given and isinstance(choices, list):
        for index, choice in enumerate(choices):
            if isinstance(choice, dict) and "index" not in given["choices"][index]:
                choice["index"] = index
    model = _model_of(default)
    _recount_choices(reply, given, default, _text_of, lambda text: _text_tokens(text, model))


def _text_of(choice: Any) -> Any:
    return choice.get("text") if isinstance(choice, Mapping) else None


def _text_tokens(text: Any, model: str | None) -> int:
    return text_tokens(text, model) if isinstance(text, str) else 0


# --- Embeddings --------------------------------------------------------------------------------


def _embedding_list(reply: dict[str, Any], given: Given, default: Mapping[str, Any]) -> None:
    data = reply.get("data")
    if "data" in given and isinstance(data, list):
        for index, item in enumerate(data):
            if isinstance(item, dict):
                if "index" not in given["data"][index]:
                    item["index"] = index  # one item per input, at the input's position
                item.setdefault("object", "embedding")
    usage, said = reply.get("usage"), given["usage"]
    if isinstance(usage, dict) and said.any and not said.whole:
        reply["usage"] = usage = dict(usage)
        embeddings.usage_adds_up(usage, said.fields())


_COMPLETERS: dict[str | None, Callable[[dict[str, Any], Given, Mapping[str, Any]], None]] = {
    "chat.completion": _chat_completion,
    "response": _response,
    "text_completion": _text_completion,
    "embedding list": _embedding_list,
}
