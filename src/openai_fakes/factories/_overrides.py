"""Overrides as callers give them, checked and completed before polyfactory sees them.

polyfactory completes a partial dict only for a field typed as exactly one model (or a list of
one model). Anything else reaches the model untouched: a dict for a union-typed field (the SDK's
output items, tool calls, content parts) must then be complete, a list mixing models and dicts
fails, and a misspelt name lands silently in the extra fields the SDK's models allow. Here every
name is checked against the model's fields, and every dict that stands for a model is completed
by that model's factory, the union variant chosen by its tag (``{"type": "function_call"}``).
"""

from __future__ import annotations

import collections.abc
import difflib
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Callable, get_args, get_origin

from ._compile import is_model, strip_annotated, union_args
from ._ids_for import literal_values

_LISTS = (list, tuple, collections.abc.Sequence, collections.abc.Iterable)


def needs_completion(value: Any) -> bool:
    """Only a dict, or a list holding one, can stand for a model that needs completing."""
    if isinstance(value, Mapping):
        return True
    if isinstance(value, (list, tuple)):
        return any(isinstance(item, (Mapping, list, tuple)) for item in value)
    return False


def complete_override(annotation: Any, value: Any, factory_for: Callable[[type], Any]) -> Any:
    """``value`` with each dict that stands for a model replaced by that model's full data.

    Model instances and plain values are kept as given; list items that carry their position
    (``index``) get it, as generated lists do.
    """
    if isinstance(value, Mapping):
        models = _models_in(annotation)
        if not models:
            return value  # a plain dict field: metadata, a JSON schema, arguments
        model = pick_variant(models, value)
        built: dict[str, Any] = factory_for(model).process_kwargs(**value)
        return built
    if isinstance(value, (list, tuple)):
        item = _item_type(annotation)
        if item is None:
            return value
        done = [complete_override(item, entry, factory_for) for entry in value]
        for position, (result, raw) in enumerate(zip(done, value)):
            if isinstance(raw, Mapping) and "index" not in raw and isinstance(result, dict) \
                    and type(result.get("index")) is int:
                result["index"] = position
        return done
    return value


def _models_in(annotation: Any) -> list[type]:
    tp = strip_annotated(annotation)
    if is_model(tp):
        return [tp]
    args = union_args(tp)
    return [model for arg in args for model in _models_in(arg)] if args is not None else []


def _item_type(annotation: Any) -> Any:
    tp = strip_annotated(annotation)
    args = union_args(tp)
    if args is not None:
        lists = [a for a in (strip_annotated(x) for x in args) if get_origin(a) in _LISTS]
        if len(lists) != 1:
            return None
        tp = lists[0]
    if get_origin(tp) in _LISTS and get_args(tp):
        return get_args(tp)[0]
    return None


@lru_cache(maxsize=None)
def _tags(model: type, key: str) -> tuple[object, ...]:
    """The values a variant's ``key`` field may take, when it is a ``Literal`` (its tag)."""
    for name, field in model.model_fields.items():  # type: ignore[attr-defined]
        if key in (name, field.alias):
            return literal_values(strip_annotated(field.annotation))
    return ()


@lru_cache(maxsize=None)
def _field_keys(model: type) -> frozenset[str]:
    fields = model.model_fields  # type: ignore[attr-defined]
    return frozenset(fields) | frozenset(f.alias for f in fields.values() if f.alias)


def pick_variant(models: list[type], given: Mapping[str, Any]) -> type:
    """The union member a partial dict stands for: by its tags, then by the fields it names.

    No tag given means the first member, the SDK's common case (a function tool call before a
    custom one). A tag no member takes is an error that lists the values they do take.
    """
    if len(models) == 1:
        return models[0]
    matching = models
    for key, wanted in given.items():
        tagged = [m for m in matching if _tags(m, key)]
        if not tagged:
            continue
        matching = [m for m in tagged if wanted in _tags(m, key)]
        if not matching:
            options = sorted({str(v) for m in tagged for v in _tags(m, key)})
            raise ValueError(
                f"{key}={wanted!r} matches none of {', '.join(m.__name__ for m in models)}; "
                f"{key} takes one of: {', '.join(options)}"
            )
    naming_all = [m for m in matching if set(given) <= _field_keys(m)]
    return (naming_all or matching)[0]


def check_names(factory: Any, annotations: Mapping[str, Any], aliases: Mapping[str, str], kwargs: Mapping[str, Any]) -> None:
    """Refuse an override that names no field: the SDK's models would keep it as an extra."""
    unknown = [key for key in kwargs if key not in annotations and not key.startswith("_")]
    if not unknown:
        return
    key = unknown[0]
    shorthands: tuple[str, ...] = factory._shorthands
    known = sorted(set(annotations) | set(aliases) | set(shorthands))
    close = difflib.get_close_matches(key, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    message = (
        f"{factory.__name__}: {key!r} is not a field of {factory.__model__.__name__}{hint}. "
        f"Fields: {', '.join(sorted(annotations))}."
    )
    if shorthands:
        message += f" Shorthands: {', '.join(shorthands)}."
    raise TypeError(message)
