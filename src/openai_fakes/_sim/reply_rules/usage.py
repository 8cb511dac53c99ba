"""Usage that adds up (DESIGN §3.1): how token counts relate, wherever a reply is made or edited.

A usage object counts two sides, ``prompt_tokens`` / ``completion_tokens`` (Chat, legacy
Completions, runs) or ``input_tokens`` / ``output_tokens`` (Responses, audio); ``total_tokens`` is
their sum; the counts in a side's ``*_details`` never exceed that side, alone or together. The
completion side is the visible content's tokens plus the hidden reasoning tokens a reasoning
model spends first.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping
from typing import Any

from ..model_catalog import is_reasoning
from ..tokens import text_tokens

Sides = tuple[str, str]
CHAT_SIDES: Sides = ("prompt_tokens", "completion_tokens")
RESPONSE_SIDES: Sides = ("input_tokens", "output_tokens")
SIDE_PAIRS: tuple[Sides, ...] = (CHAT_SIDES, RESPONSE_SIDES)

_CALL_FRAMING = 3
"""Tokens a tool call costs beyond its arguments (its name and the call's framing), as the fake
counts a call in Chat, Responses and their streams alike."""


def tool_call_tokens(arguments: str, model: str | None = None) -> int:
    """Completion tokens of one tool call whose arguments (or custom tool input) are ``arguments``,
    in ``model``'s encoding (``None``: gpt-4o's)."""
    return text_tokens(arguments, model) + _CALL_FRAMING


def reasoning_tokens(model: object, rng: random.Random) -> int:
    """Hidden reasoning before the visible answer: 64 to 256 on reasoning models, none on others."""
    return 64 + rng.randint(0, 192) if isinstance(model, str) and is_reasoning(model) else 0


def counted(sides: Sides, first: int, second: int) -> dict[str, int]:
    """A usage of ``first`` and ``second`` tokens on ``sides``, with their total (no details)."""
    usage = {sides[0]: first, sides[1]: second}
    add_up(usage, (), sides)
    return usage


def sides_of(usage: Mapping[str, Any]) -> Sides | None:
    """Which pair of counts ``usage`` has (``None``: it is not a token usage that adds up)."""
    for sides in SIDE_PAIRS:
        if all(key in usage for key in sides) and "total_tokens" in usage:
            return sides
    return None


def add_up(usage: dict[str, Any], fixed: Collection[str], sides: Sides, total_key: str = "total_tokens") -> None:
    """Make ``total = prompt + completion``, changing only counts not in ``fixed``: the total
    first, else the completion side, else the prompt side (never below zero). Counts that were
    all fixed are left as given, even when they disagree."""
    first_key, second_key = sides
    first, second, total = usage.get(first_key), usage.get(second_key), usage.get(total_key)
    if not (isinstance(first, int) and isinstance(second, int)):
        return
    if total_key not in fixed:
        usage[total_key] = first + second
    elif not isinstance(total, int):
        return
    elif second_key not in fixed and total >= first:
        usage[second_key] = total - first
    elif first_key not in fixed and total >= second:
        usage[first_key] = total - second


def clamp_counts(details: dict[str, Any], limit: int) -> None:
    """Make the counts in ``details`` fit in ``limit``, each and together (and nested ones too)."""
    keys = [k for k, v in details.items() if type(v) is int]
    total = sum(details[k] for k in keys)
    if total > limit:
        for k in keys:
            details[k] = details[k] * limit // total
    for k, v in details.items():
        if isinstance(v, dict) and k.endswith("_details") and type(details.get(k[: -len("_details")])) is int:
            clamp_counts(v, details[k[: -len("_details")]])


def within_totals(usage: dict[str, Any], fixed: Collection[str], sides: Sides) -> None:
    """Each side's ``*_details`` counts fit in that side, unless the details were given."""
    for count_key in sides:
        details_key = f"{count_key}_details"
        details, count = usage.get(details_key), usage.get(count_key)
        if details_key not in fixed and isinstance(details, dict) and isinstance(count, int):
            usage[details_key] = dict(details)  # a copy: the dict may be shared with another reply
            clamp_counts(usage[details_key], count)


def hidden_tokens(usage: Mapping[str, Any], reasoning: tuple[str, str]) -> int:
    """The reasoning tokens ``usage`` reports at ``reasoning`` (details key, count key), or 0."""
    details = usage.get(reasoning[0])
    count = details.get(reasoning[1]) if isinstance(details, Mapping) else 0
    return count if isinstance(count, int) else 0


def fit_usage(
    usage: dict[str, Any],
    fixed: Collection[str],
    *,
    sides: Sides,
    visible: int,
    details: Mapping[str, Mapping[str, int]],
    reasoning: tuple[str, str],
) -> None:
    """Make ``usage`` agree with the content, keeping what is in ``fixed``.

    ``visible`` is the content's tokens, to which the reasoning tokens at ``reasoning`` (details
    key, count key) are added, since the API counts them in the completion side. ``details`` are
    defaults for the details objects not fixed (``{}`` keeps the ones ``usage`` has).
    """
    completion_key = sides[1]
    for key, value in details.items():
        if key not in fixed:
            usage[key] = dict(value)
    if completion_key not in fixed:
        usage[completion_key] = visible + hidden_tokens(usage, reasoning)
    add_up(usage, fixed, sides)
    within_totals(usage, fixed, sides)
