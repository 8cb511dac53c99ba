"""Overrides as callers give them, checked and completed before polyfactory sees them.

polyfactory completes a partial dict only for a field typed as exactly one model (or a list of
one model). Anything else reaches the model untouched: a dict for a union-typed field (the SDK's
output items, tool calls, content parts) must then be complete, a list mixing models and dicts
fails, and a misspelt name lands silently in the extra fields the SDK's models allow. Here every
name is checked against the model's fields, and every dict that stands for a model is completed
by that model's factory, the union variant chosen by its tag (``{"type": "function_call"}``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .._core.model_fields import item_type, models_in, pick_variant, unknown_name


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
        models = models_in(annotation)
        if not models:
            return value  # a plain dict field: metadata, a JSON schema, arguments
        model = pick_variant(models, value)
        built: dict[str, Any] = factory_for(model).process_kwargs(**value)
        return built
    if isinstance(value, (list, tuple)):
        item = item_type(annotation)
        if item is None:
            return value
        done = [complete_override(item, entry, factory_for) for entry in value]
        for position, (result, raw) in enumerate(zip(done, value)):
            if (
                isinstance(raw, Mapping)
                and "index" not in raw
                and isinstance(result, dict)
                and type(result.get("index")) is int
            ):
                result["index"] = position
        return done
    return value


def check_names(
    factory: Any, annotations: Mapping[str, Any], aliases: Mapping[str, str], kwargs: Mapping[str, Any]
) -> None:
    """Refuse an override that names no field: the SDK's models would keep it as an extra."""
    unknown = [key for key in kwargs if key not in annotations and not key.startswith("_")]
    if not unknown:
        return
    key = unknown[0]
    shorthands: tuple[str, ...] = factory._shorthands
    # The rule scripts follow too (``stub.returns({...})``): one message, nearest names first.
    message = f"{factory.__name__}: {unknown_name(factory.__model__, key, also=shorthands)}"
    if shorthands:
        message += f" Shorthands: {', '.join(shorthands)}."
    raise TypeError(message)
