"""Reading a part of a reply whether it is wire JSON (a dict) or an SDK model someone passed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def as_mapping(value: Any) -> Mapping[str, Any]:
    """``value`` as a mapping by wire names: a mapping as it is, an SDK model dumped by alias,
    anything else empty."""
    if isinstance(value, Mapping):
        return value
    dump = getattr(value, "model_dump", None)
    return dump(by_alias=True) if callable(dump) else {}
