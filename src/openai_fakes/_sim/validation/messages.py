"""Chat Completions ``messages``: shape, roles, content parts and the tool-call turn order.

Wordings from docs/api-behaviour.md, Error messages: "empty messages", "bad role", "tool message without a
call", "tool calls without replies"; content parts [3P] real errors quoted in public code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._core.errors import bad_request
from ..._core.exchange import Exchange
from ._common import content_texts, empty_array, invalid_type, invalid_value, is_array, is_object, missing
from .models import NO_VISION, O1_BETA, base_of, model_of

ROLES = ("system", "assistant", "user", "function", "tool", "developer")
# The content-part types the API lists when it refuses another: "Invalid value: 'image'.
# Supported values are: 'text', 'image_url', 'input_audio', 'refusal', 'audio', and 'file'." [3P]
PART_TYPES = ("text", "image_url", "input_audio", "refusal", "audio", "file")


def _messages(body: Mapping[str, Any]) -> list[Any]:
    messages = body.get("messages")
    return list(messages) if is_array(messages) else []


def shape(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """At least one message; each an object with a known role; content parts of known types."""
    messages = body.get("messages")
    if messages is None:
        raise missing("messages")
    if not is_array(messages):
        raise invalid_type("messages", "an array", messages)
    if not messages:
        raise empty_array("messages")  # Error messages: "empty messages" (param messages, code empty_array)
    for index, message in enumerate(messages):
        if not is_object(message):
            raise invalid_type(f"messages[{index}]", "an object", message)
        role = message.get("role")
        if type(role) is not str or role not in _ROLE_SET:
            _bad_role(index, role)
        content = message.get("content")
        if content is not None and type(content) is not str:
            if not is_array(content):
                raise invalid_type(f"messages[{index}].content", "one of a string or array of objects", content)
            _check_parts(f"messages[{index}]", content)
        tool_calls = message.get("tool_calls")
        if tool_calls is not None:
            _check_tool_calls(f"messages[{index}]", tool_calls)


_ROLE_SET = frozenset(ROLES)


def _bad_role(index: int, role: Any) -> None:
    where = f"messages[{index}].role"
    if role is None:
        raise missing(where)
    if not isinstance(role, str):
        raise invalid_type(where, "a string", role)
    raise invalid_value(where, role, ROLES)  # Error messages: "bad role"


def _check_parts(where: str, parts: Any) -> None:
    for position, part in enumerate(parts):
        at = f"{where}.content[{position}]"
        if not is_object(part):
            raise invalid_type(at, "an object", part)
        kind = part.get("type")
        if kind is None:
            raise missing(f"{at}.type")  # Error messages: "missing required field" (messages[5].content[0].type)
        if kind not in PART_TYPES:
            raise invalid_value(f"{at}.type", kind, PART_TYPES)


def _check_tool_calls(where: str, tool_calls: Any) -> None:
    if not is_array(tool_calls):
        raise invalid_type(f"{where}.tool_calls", "an array", tool_calls)
    for position, call in enumerate(tool_calls):
        at = f"{where}.tool_calls[{position}]"
        if not is_object(call):
            raise invalid_type(at, "an object", call)
        if call.get("id") is None:
            raise missing(f"{at}.id")
        if not isinstance(call["id"], str):
            raise invalid_type(f"{at}.id", "a string", call["id"])


def tool_turns(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """Tool results answer the assistant message right before them, and every call is answered
    before the conversation moves on (Error messages: "tool message without a call", "tool calls without replies").

    Note the API's own spellings: ``messages.[3].role`` (a dot before the bracket) and
    "preceeding"."""
    block: set[str] | None = None  # the calls of the open assistant turn
    waiting: list[str] = []  # those not answered yet, in order
    opened_at = -1
    messages = body.get("messages")
    for index, message in enumerate(messages if is_array(messages) else ()):
        if not is_object(message):
            continue
        role = message.get("role")
        if role == "tool":
            if block is None:
                raise bad_request(
                    "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
                    param=f"messages.[{index}].role",
                )
            call_id = message.get("tool_call_id")
            if call_id is None:
                raise missing(f"messages[{index}].tool_call_id")
            if not isinstance(call_id, str):
                raise invalid_type(f"messages[{index}].tool_call_id", "a string", call_id)
            if call_id not in block:
                # [3P] many real sightings; the param is [U].
                raise bad_request(
                    f"Invalid parameter: 'tool_call_id' of '{call_id}' not found in 'tool_calls' of previous message.",
                    param=f"messages.[{index}].tool_call_id",
                )
            if call_id in waiting:
                waiting.remove(call_id)
            continue
        if waiting:
            _all_answered(waiting, opened_at)
        block = None
        calls = message.get("tool_calls") if role == "assistant" else None
        if is_array(calls) and calls:
            ids = [c["id"] for c in calls if is_object(c) and isinstance(c.get("id"), str)]
            block, waiting, opened_at = set(ids), ids, index
    _all_answered(waiting, opened_at)


def _all_answered(waiting: list[str], opened_at: int) -> None:
    if waiting:
        # The param points at the assistant message [U: the one sighting does not say which].
        raise bad_request(
            "An assistant message with 'tool_calls' must be followed by tool messages responding to each "
            f"'tool_call_id'. The following tool_call_ids did not have response messages: {', '.join(waiting)}",
            param=f"messages.[{opened_at}].role",
        )


def model_accepts_content(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """Images only for vision models ("Invalid content type. image_url is only supported by
    certain models.", param ``messages.[0].content.[1].type``, code null; [3P]); no system or
    developer message for o1's beta models (docs/api-behaviour.md, Reasoning models)."""
    model = base_of(model_of(body))
    if model not in _LIMITED:
        return
    vision = model not in NO_VISION
    beta = model in O1_BETA
    for index, message in enumerate(_messages(body)):
        if not is_object(message):
            continue
        role = message.get("role")
        if beta and role in ("system", "developer"):
            raise bad_request(
                f"Unsupported value: 'messages[{index}].role' does not support '{role}' with this model.",
                param=f"messages[{index}].role",
                code="unsupported_value",
            )
        content = message.get("content")
        if not vision and is_array(content):
            for position, part in enumerate(content):
                if is_object(part) and part.get("type") == "image_url":
                    raise bad_request(
                        "Invalid content type. image_url is only supported by certain models.",
                        param=f"messages.[{index}].content.[{position}].type",
                    )


_LIMITED = NO_VISION | O1_BETA


def text_of(body: Mapping[str, Any]) -> str:
    """All the text the messages carry (strings and text parts), for the JSON-mode rule."""
    pieces: list[str] = []
    for message in _messages(body):
        pieces.extend(content_texts(message.get("content") if is_object(message) else None))
    return "\n".join(pieces)
