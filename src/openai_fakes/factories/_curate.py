"""What curated factories share: the "not given" marker, reading what the caller fixed, weighted
draws.

Rules across fields (usage that agrees with the content, finish reasons, embedding sizes) are not
here: they are ``_sim.reply_rules``', shared with the fake server's handlers and scripted overrides,
so a factory-built completion and a fake reply with the same text report the same tokens.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypeVar

import pydantic


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
