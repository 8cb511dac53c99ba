"""Responses: what a response's output items cost in output tokens, and the usage they add up to.

A message costs its parts' text (or refusal); a function call its arguments, a custom tool call
its input, each plus the call's framing, as in Chat; reasoning items cost nothing visible (their
tokens are the usage's ``output_tokens_details.reasoning_tokens``, counted in ``output_tokens``
before the visible ones); hosted-tool items are counted by the tool that ran.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..tokens import text_tokens
from ._mapping import as_mapping
from .usage import RESPONSE_SIDES, fit_usage, tool_call_tokens

REASONING = ("output_tokens_details", "reasoning_tokens")
"""Where a response's usage reports its hidden reasoning tokens."""


def usage_details(reasoning: int = 0) -> dict[str, dict[str, int]]:
    """The details objects of a response's usage: nothing cached; ``reasoning`` hidden tokens."""
    return {
        "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        "output_tokens_details": {"reasoning_tokens": reasoning},
    }


def response_usage(input_tokens: int, visible: int, reasoning: int = 0) -> dict[str, Any]:
    """The usage of a response that read ``input_tokens`` and wrote ``visible`` output tokens
    after ``reasoning`` hidden ones (the fields in the order the API sends them)."""
    details = usage_details(reasoning)
    usage: dict[str, Any] = {
        "input_tokens": input_tokens,
        "input_tokens_details": details["input_tokens_details"],
        "output_tokens": 0,
        "output_tokens_details": details["output_tokens_details"],
    }
    fit_output(usage, visible)
    return usage


def fit_output(usage: dict[str, Any], visible: int) -> None:
    """``usage`` for an output of ``visible`` tokens: the reasoning tokens it reports stay counted
    in ``output_tokens``, and the total follows."""
    fit_usage(usage, (), sides=RESPONSE_SIDES, visible=visible, details={}, reasoning=REASONING)


def item_tokens(item: Mapping[str, Any], model: str | None = None) -> int:
    """Output tokens of one output item (a mapping by wire names, or an SDK model) in ``model``'s
    encoding (``None``: gpt-4o's)."""
    item = as_mapping(item)
    kind = item.get("type")
    if kind in ("function_call", "custom_tool_call"):
        return tool_call_tokens(str(item.get("arguments") or item.get("input") or ""), model)
    if kind == "message":
        parts = [as_mapping(part) for part in item.get("content") or ()]
        return sum(text_tokens(str(part.get("text") or part.get("refusal") or ""), model) for part in parts)
    return 0
