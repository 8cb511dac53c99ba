"""The two ways the fake lays one JSON value over another; they differ in what a list does.

- `merge_lists_by_item`: a scripted partial override (``stub.returns({"choices": [{"message":
  {...}}]})``) edits the default reply, so a list merges item by item: the override's first item
  edits the reply's first, and items it does not reach are dropped (the override's list says how
  many there are).
- `merge_replacing_lists`: a realtime ``session.update`` (and a client secret's session over the
  model's defaults) merges objects key by key, as the API applies it, and any other value, a list
  (``tools``) included, replaces the old one whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pydantic


def merge_lists_by_item(base: Any, overrides: Any) -> Any:
    """``overrides`` over ``base``: mappings merge key by key, lists item by item, the rest replaces.
    Pydantic models in ``overrides`` count as their JSON."""
    if isinstance(base, dict) and isinstance(overrides, Mapping):
        merged = dict(base)
        for key, value in overrides.items():
            merged[key] = merge_lists_by_item(base[key], value) if key in base else _plain(value)
        return merged
    if isinstance(base, list) and isinstance(overrides, list):
        return [merge_lists_by_item(base[i], v) if i < len(base) else _plain(v) for i, v in enumerate(overrides)]
    return _plain(overrides)


def _plain(value: Any) -> Any:
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=False)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def merge_replacing_lists(base: Mapping[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    """``update`` over ``base``: nested objects merge key by key; any other value replaces."""
    merged = dict(base)
    for key, value in update.items():
        old = merged.get(key)
        merged[key] = merge_replacing_lists(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return merged
