"""What curated factories share: the "not given" marker, reading what the caller fixed, usage
that agrees with the content.

Usage follows the same counting rules as the fake server (``_tokens``), so a factory-built
completion and a fake reply with the same text report the same tokens.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Collection, Mapping
from typing import Any, Literal, Sequence, TypeVar

import pydantic

from .._model_catalog import is_reasoning
from ._fixups import clamp_counts


class _Unset(enum.Enum):
    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET = _Unset.UNSET
"""Default of a shorthand that was not given (``None`` is a value: ``content=None``)."""
Unset = Literal[_Unset.UNSET]


def given(**values: Any) -> dict[str, Any]:
    """The keyword arguments that were actually passed."""
    return {key: value for key, value in values.items() if value is not UNSET}


def as_data(value: Any) -> Mapping[str, Any]:
    """A built part as a mapping by alias, whether the build made it (a dict) or the caller gave a model."""
    if isinstance(value, Mapping):
        return value
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(by_alias=True)
    return {}


def fixed_keys(factory: Any, kwargs: Mapping[str, Any], key: str) -> frozenset[str] | None:
    """What the caller fixed of field ``key``: ``None`` for all of it (a model, ``None``, or a value
    set on the factory class), else the keys of a partial dict (empty when not given at all)."""
    if key in factory._declared_keys():
        return None
    if key not in kwargs:
        return frozenset()
    value = kwargs[key]
    return frozenset(value) if isinstance(value, Mapping) else None


def only_one(factory: Any, **shorthands: Any) -> None:
    """Refuse shorthands that contradict each other (``content=`` and ``tool_calls=``)."""
    present = [name for name, value in shorthands.items() if value is not UNSET]
    if len(present) > 1:
        raise ValueError(f"{factory.__name__}: pass one of {', '.join(n + '=' for n in present)}, not several")


T = TypeVar("T")


def weighted(rng: random.Random, options: Sequence[tuple[T, float]]) -> T:
    return rng.choices([value for value, _ in options], [weight for _, weight in options])[0]


def reasoning_tokens(model: object, rng: random.Random) -> int:
    """Hidden reasoning before the visible answer: reasoning models only (api-facts.md §3d), in
    the range the fake server's Responses handler reports."""
    return 64 + rng.randint(0, 192) if isinstance(model, str) and is_reasoning(model) else 0


def fit_usage(
    usage: dict[str, Any],
    fixed: Collection[str],
    *,
    keys: tuple[str, str],
    visible: int,
    details: Mapping[str, dict[str, int]],
    reasoning: tuple[str, str],
) -> None:
    """Make ``usage`` agree with the content, keeping what the caller fixed.

    ``keys`` names the (prompt, completion) counts; ``visible`` is the content's tokens, to which
    the reasoning tokens found at ``reasoning`` (details key, count key) are added, since the API
    counts them in the completion (api-facts.md §3d). ``details`` are the realistic defaults.
    """
    prompt_key, completion_key = keys
    for key, value in details.items():
        if key not in fixed:
            usage[key] = dict(value)
    details_of = usage.get(reasoning[0])
    hidden = details_of.get(reasoning[1]) if isinstance(details_of, dict) else 0
    if completion_key not in fixed:
        usage[completion_key] = visible + (hidden if isinstance(hidden, int) else 0)
    prompt, completion = usage.get(prompt_key), usage.get(completion_key)
    if not (isinstance(prompt, int) and isinstance(completion, int)):
        return
    total = usage.get("total_tokens")
    if "total_tokens" not in fixed or not isinstance(total, int):
        usage["total_tokens"] = prompt + completion
    elif completion_key not in fixed and total >= prompt:
        usage[completion_key] = total - prompt
    elif prompt_key not in fixed and total >= completion:
        usage[prompt_key] = total - completion
    for count_key in keys:  # details never exceed their totals (DESIGN §3.1)
        part = usage.get(f"{count_key}_details")
        if f"{count_key}_details" not in fixed and isinstance(part, dict) and isinstance(usage.get(count_key), int):
            clamp_counts(part, usage[count_key])
