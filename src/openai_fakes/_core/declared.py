"""Replies cut to what the installed SDK declares.

Handlers are written for the newest SDK; an older release's models lack some fields, and the SDK
keeps unknown keys as a model's extras (where a strict user check, or the fake's own conformance
walk, would see them). `declared_only` drops such keys before a reply leaves the fake.
"""

from __future__ import annotations

from functools import cache
from typing import Any, get_args, get_origin, overload

from .model_fields import strip_annotated, union_args
from .sdk import page_item_type

# A page class declares only what the SDK's pagination reads (``data``, ``has_more``...); the API's
# list envelope around it (docs/api-behaviour.md, Pagination) is the API's reply all the same.
_LIST_ENVELOPE = ("object", "first_id", "last_id", "has_more", "next")


@overload
def declared_only(data: dict[str, Any], tp: Any, *, deep: bool) -> dict[str, Any]: ...
@overload
def declared_only(data: Any, tp: Any, *, deep: bool) -> Any: ...


def declared_only(data: Any, tp: Any, *, deep: bool) -> Any:
    """``data`` without the keys ``tp``'s models do not declare: a handler written for one SDK
    release may know fields another release lacks, and those would land in the model's extras.

    ``deep=False`` cuts the top level only (a handler's own reply); ``deep=True`` cuts at every
    depth, through lists and optional fields (stored and admin replies, which nest objects written
    for a newer SDK)."""
    if not isinstance(data, dict):
        return data
    fields = _declared_fields(tp)
    if fields is None:
        return data
    if not deep:
        return {key: value for key, value in data.items() if key in fields}
    kept: dict[str, Any] = {}
    for key, value in data.items():
        if key not in fields:
            continue
        inner = fields[key]
        if inner is not None and isinstance(value, list):
            kept[key] = [declared_only(item, inner, deep=True) for item in value]
        else:
            kept[key] = declared_only(value, inner, deep=True) if inner is not None else value
    return kept


@cache
def _declared_fields(tp: Any) -> dict[str, Any] | None:
    """Wire name -> the one model its value holds (or a list holds), ``None`` when not a model."""
    fields = getattr(tp, "model_fields", None)
    if fields is None:
        return None
    declared = {field.alias or name: _single_model(field.annotation) for name, field in fields.items()}
    if page_item_type(tp) is not None:
        declared = {**dict.fromkeys(_LIST_ENVELOPE), **declared}
    return declared


def _single_model(annotation: Any) -> Any:
    """The model class an annotation holds, through Optional, Annotated and List; else ``None``
    (a union of several members is left as it is: which one applies is the SDK's to decide)."""
    tp = annotation
    while True:
        tp = strip_annotated(tp)
        members = union_args(tp)
        if members is not None:
            present = [m for m in members if m is not type(None)]
            if len(present) != 1:
                return None
            tp = present[0]
        elif get_origin(tp) is list:
            tp = get_args(tp)[0]
        else:
            break
    return tp if hasattr(tp, "model_fields") else None
