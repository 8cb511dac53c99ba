"""Replies cut to what the installed SDK declares.

Handlers are written for the newest SDK; an older release's models lack some fields, and the SDK
keeps unknown keys as a model's extras (where a strict user check, or the fake's own conformance
walk, would see them). These drop such keys before a reply leaves the fake.
"""

from __future__ import annotations

import types
import typing
from functools import cache
from typing import Any


@cache
def _wire_names(tp: Any) -> frozenset[str] | None:
    fields = getattr(tp, "model_fields", None)
    if fields is None:
        return None
    return frozenset(field.alias or name for name, field in fields.items())


def only_declared(data: dict[str, Any], tp: Any) -> dict[str, Any]:
    """``data`` without top-level keys ``tp`` does not declare: a handler written for one SDK
    release may know fields another release lacks, and those would land in the model's extras."""
    names = _wire_names(tp)
    if names is None:
        return data
    return {key: value for key, value in data.items() if key in names}


def declared_only(data: Any, tp: Any) -> Any:
    """``data`` without the keys, at any depth, that ``tp``'s models do not declare (see
    `only_declared`): for handlers whose replies nest objects written for a newer SDK."""
    if not isinstance(data, dict):
        return data
    fields = _declared_fields(tp)
    if fields is None:
        return data
    kept: dict[str, Any] = {}
    for key, value in data.items():
        if key not in fields:
            continue
        inner = fields[key]
        if inner is not None and isinstance(value, list):
            kept[key] = [declared_only(item, inner) for item in value]
        else:
            kept[key] = declared_only(value, inner) if inner is not None else value
    return kept


@cache
def _declared_fields(tp: Any) -> dict[str, Any] | None:
    """Wire name -> the one model its value holds (or a list holds), ``None`` when not a model."""
    fields = getattr(tp, "model_fields", None)
    if fields is None:
        return None
    return {field.alias or name: _single_model(field.annotation) for name, field in fields.items()}


def _single_model(annotation: Any) -> Any:
    """The model class an annotation holds, through Optional, Annotated and List; else ``None``
    (a union of several models is left as it is: which one applies is the SDK's to decide)."""
    tp = annotation
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [m for m in typing.get_args(tp) if m is not type(None)]
            if len(members) != 1:
                return None
            tp = members[0]
        elif origin in (list, list):
            tp = typing.get_args(tp)[0]
        else:
            break
    return tp if hasattr(tp, "model_fields") else None
