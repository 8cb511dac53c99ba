"""Chat Completions: what an assistant message says, how it finishes, what it costs.

A message says one thing (DESIGN §3.1): text (``content``), tool calls, or a refusal, never two
of them. Its ``finish_reason`` follows it: ``tool_calls`` when it calls tools (``function_call``
for the legacy ``functions``), ``stop`` otherwise, and ``stop`` also when ``tool_choice`` forced a
function by name, as the API answers. ``length`` and ``content_filter`` are the server's to give
(a token limit cut the text); a message alone never implies them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..tokens import text_tokens
from ._mapping import as_mapping
from .usage import CHAT_SIDES, counted, tool_call_tokens

MESSAGE_KINDS = ("content", "tool_calls", "refusal")
"""What an assistant message can say; it says exactly one of them."""

_CALL_REASONS = frozenset({"tool_calls", "function_call"})


def assistant_message(kind: str, value: Any) -> dict[str, Any]:
    """An assistant message saying ``value`` as ``kind`` (one of ``MESSAGE_KINDS``); the other
    kinds are empty. ``tool_calls`` appears only when the message calls tools, as the API sends it."""
    message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None, "annotations": []}
    message[kind] = value
    return message


def kind_of(fields: Mapping[str, Any]) -> str | None:
    """Which kind ``fields`` (a message, or the part of one someone gave) chose: tool calls when
    it has some, else a refusal or text that is set, else ``content`` when any kind was named at
    all (``content=None`` is a choice: no text); ``None`` when it names no kind."""
    if fields.get("tool_calls"):
        return "tool_calls"
    for kind in ("refusal", "content"):
        if fields.get(kind) is not None:
            return kind
    return "content" if any(kind in fields for kind in MESSAGE_KINDS) else None


def finish_reason_for(message: Mapping[str, Any], *, forced: bool = False) -> str:
    """The finish reason a complete ``message`` implies; ``forced``: ``tool_choice`` named the function."""
    if message.get("tool_calls"):
        return "stop" if forced else "tool_calls"
    if message.get("function_call"):
        return "stop" if forced else "function_call"
    return "stop"


def settled_finish_reason(message: Mapping[str, Any], reason: Any) -> Any:
    """``reason``, unless it contradicts ``message``: a message that calls tools says so, and a
    reason claiming calls the message does not make becomes ``stop``; ``length`` and
    ``content_filter`` stand for a message of text."""
    implied = finish_reason_for(message)
    if implied != "stop":
        return implied
    return "stop" if reason in _CALL_REASONS else reason


def message_tokens(message: Mapping[str, Any], model: str | None = None) -> int:
    """Completion tokens of one message in ``model``'s encoding (``None``: gpt-4o's): its tool
    calls' arguments (each framed), its legacy function call, or its text or refusal."""
    calls = message.get("tool_calls") or []
    if calls:
        total = 0
        for call in calls:
            call = as_mapping(call)
            payload = as_mapping(call.get("function") or call.get("custom"))
            total += tool_call_tokens(str(payload.get("arguments") or payload.get("input") or ""), model)
        return total
    function_call = as_mapping(message.get("function_call"))
    if function_call:
        return tool_call_tokens(str(function_call.get("arguments") or ""), model)
    return text_tokens(str(message.get("content") or message.get("refusal") or ""), model)


def usage_details(reasoning: int = 0) -> dict[str, dict[str, int]]:
    """The details objects of a chat usage, as a 2025 reply sends them: nothing cached, no audio,
    no predictions; ``reasoning`` hidden tokens."""
    return {
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": reasoning,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def chat_usage(prompt_tokens: int, completion_tokens: int, reasoning: int = 0) -> dict[str, Any]:
    """A chat ``usage`` that adds up, with the details a plain call reports; ``reasoning`` of the
    completion tokens were hidden reasoning."""
    return {**counted(CHAT_SIDES, prompt_tokens, completion_tokens), **usage_details(reasoning)}


REASONING = ("completion_tokens_details", "reasoning_tokens")
"""Where a chat usage reports its hidden reasoning tokens."""
