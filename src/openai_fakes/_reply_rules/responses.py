"""Responses: what a response's output items cost in output tokens.

A message costs its parts' text (or refusal); a function call its arguments plus the call's
framing, as in Chat; reasoning items cost nothing visible (their tokens are the usage's
``output_tokens_details.reasoning_tokens``); hosted-tool items are counted by the tool that ran.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._tokens import text_tokens
from ._mapping import as_mapping
from .usage import tool_call_tokens

REASONING = ("output_tokens_details", "reasoning_tokens")
"""Where a response's usage reports its hidden reasoning tokens."""


def usage_details(reasoning: int = 0) -> dict[str, dict[str, int]]:
    """The details objects of a response's usage: nothing cached; ``reasoning`` hidden tokens."""
    return {"input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
            "output_tokens_details": {"reasoning_tokens": reasoning}}


def item_tokens(item: Mapping[str, Any]) -> int:
    """Output tokens of one output item (a mapping by wire names, or an SDK model)."""
    item = as_mapping(item)
    kind = item.get("type")
    if kind == "function_call":
        return tool_call_tokens(str(item.get("arguments") or ""))
    if kind == "message":
        parts = [as_mapping(part) for part in item.get("content") or ()]
        return sum(text_tokens(str(part.get("text") or part.get("refusal") or "")) for part in parts)
    return 0

