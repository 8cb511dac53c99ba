"""Items as the Responses and Conversations APIs store them, and the ``include`` extras.

A request's ``input`` may be a string, easy messages (``{"role", "content": "text"}``) or typed
items; stored, each becomes a full item with an id, a status and content parts, the way
``responses.input_items.list`` and ``conversations.items.list`` show them.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..._core.ids import SHAPES, IdShape
from ..._sim.validation._common import invalid_type
from ..._state.collection import JsonObject, json_copy

if TYPE_CHECKING:
    from ..._control.context import Context

TAIL = 16  # item ids end with the owning response's last 16 hex digits (docs/api-behaviour.md, Ids)

# Prefixes of items the API makes from inputs ([3P]: ``fco_`` / ``ctco_`` seen in recorded
# histories); the output kinds come from ``_core.ids.SHAPES``.
_INPUT_SHAPES = {
    "function_call_output": IdShape("fco_", "hex_time", 48),
    "custom_tool_call_output": IdShape("ctco_", "hex_time", 48),
    "message": SHAPES["message"],
    "function_call": SHAPES["function_call"],
    "custom_tool_call": SHAPES["custom_tool_call"],
    "reasoning": SHAPES["reasoning"],
}
_FALLBACK_SHAPE = IdShape("item_", "hex_time", 48)
# Kinds whose items carry no ``status`` (SDK ``ResponseItem``: McpListTools, McpApprovalRequest,
# McpApprovalResponse).
_NO_STATUS = frozenset({"mcp_list_tools", "mcp_approval_request", "mcp_approval_response"})


def item_id(server: Context, kind: str, tail: str | None) -> str:
    shape = _INPUT_SHAPES.get(kind) or SHAPES.get(kind) or _FALLBACK_SHAPE
    made = server.backend.new_id(shape)
    return made[:-TAIL] + tail if tail and shape.style == "hex_time" else made


def stored_items(server: Context, value: Any, *, tail: str | None = None, param: str = "items") -> list[JsonObject]:
    """``value`` (a request's ``input`` or ``items``, named ``param`` in errors) as stored items,
    in order. An item whose ``type`` is not a string is refused as the API refuses it: with no
    kind there is no id prefix or shape to store it under."""
    if isinstance(value, str):
        value = [{"role": "user", "content": value}]
    items: list[JsonObject] = []
    for index, raw in enumerate(value if isinstance(value, Iterable) else ()):
        if not isinstance(raw, Mapping):
            continue
        if raw.get("type") is not None and not isinstance(raw.get("type"), str):
            raise invalid_type(f"{param}[{index}].type", "a string", raw.get("type"))
        kind = raw.get("type") or ("message" if "role" in raw else None)
        if kind is None or kind == "item_reference":
            continue  # a reference names an item the server already holds
        item = json_copy(dict(raw))
        item["type"] = kind
        if kind == "message":
            item["content"] = _parts(item.get("role"), item.get("content"))
        if not isinstance(item.get("id"), str):
            item["id"] = item_id(server, kind, tail)
        if kind not in _NO_STATUS:
            item.setdefault("status", "completed")
        items.append(item)
    return items


def _parts(role: Any, content: Any) -> list[JsonObject]:
    """Message content as typed parts: the model's own words are ``output_text``, the rest ``input_text``."""
    text_type = "output_text" if role == "assistant" else "input_text"
    if isinstance(content, str):
        content = [{"type": text_type, "text": content}]
    parts: list[JsonObject] = []
    for part in content if isinstance(content, list) else ():
        if not isinstance(part, Mapping):
            continue
        part = json_copy(dict(part))
        if part.get("type") == "output_text":
            part.setdefault("annotations", [])
        parts.append(part)
    return parts


def item_text(items: Iterable[Mapping[str, Any]]) -> str:
    """The words of ``items`` (message text, tool outputs), for counting input tokens."""
    texts: list[str] = []
    for item in items:
        content = item.get("content")
        if isinstance(content, str):
            texts.append(content)
        elif isinstance(content, list):
            texts.extend(str(part.get("text", "")) for part in content if isinstance(part, Mapping))
        output = item.get("output")
        if isinstance(output, str):
            texts.append(output)
        arguments = item.get("arguments")
        if isinstance(arguments, str):
            texts.append(arguments)
    return " ".join(text for text in texts if text)


def call_ids(items: Iterable[Mapping[str, Any]]) -> set[str]:
    """The ``call_id`` of every tool call among ``items``."""
    return {
        str(item["call_id"])
        for item in items
        if str(item.get("type", "")).endswith("_call") and isinstance(item.get("call_id"), str)
    }


# --- include ----------------------------------------------------------------------------------

ENCRYPTED_REASONING = "reasoning.encrypted_content"
OUTPUT_LOGPROBS = "message.output_text.logprobs"


def with_included(response: JsonObject, include: Any, top_logprobs: int) -> JsonObject:
    """``response`` with the fields ``include`` asks for filled (a copy where anything changes):
    reasoning items carry ``encrypted_content``, output text carries per-token ``logprobs``."""
    wanted = set(include) if isinstance(include, (list, tuple)) else set()
    if not wanted & {ENCRYPTED_REASONING, OUTPUT_LOGPROBS}:
        return response
    from ..chat.completions.completions import token_logprobs  # late: chat imports the stored modules

    shown: JsonObject = json_copy(response)
    for item in shown.get("output") or ():
        if item.get("type") == "reasoning" and ENCRYPTED_REASONING in wanted:
            item["encrypted_content"] = _sealed(str(item.get("id")))
        if item.get("type") == "message" and OUTPUT_LOGPROBS in wanted:
            for part in item.get("content") or ():
                if part.get("type") == "output_text":
                    part["logprobs"] = token_logprobs(str(part.get("text", "")), top_logprobs)
    return shown


def without_included(response: JsonObject) -> JsonObject:
    """``response`` as stored: what ``include`` added is shown only to requests that ask for it."""
    from ._hosted_tools import without_included as without_hosted_extras  # late: it imports the store

    stored: JsonObject = json_copy(response)
    for item in stored.get("output") or ():
        without_hosted_extras(item)
        if item.get("type") == "reasoning":
            item.pop("encrypted_content", None)
        if item.get("type") == "message":
            for part in item.get("content") or ():
                if part.get("type") == "output_text":
                    part["logprobs"] = []
    return stored


def _sealed(seed: str) -> str:
    """An opaque token in the shape of the API's encrypted reasoning (Fernet-style ``gAAAAA…``),
    the same for the same item so that a stored response reads back unchanged."""
    digest = b"".join(hashlib.sha256(f"{seed}:{n}".encode()).digest() for n in range(6))
    return "gAAAAA" + base64.urlsafe_b64encode(digest).decode().rstrip("=")
