"""What an SDK model's fields are, and whether a dict of overrides fits them.

The SDK's models allow extra fields, so a misspelt override (``{"contnet": "x"}``) is kept as an
extra and the object silently keeps its default. Scripts (``stub.returns({...})``) and factories
(``ChatCompletionFactory.build(...)``) both refuse such names with the same rule, here: every key,
at any depth, must name a field (or its alias) of the model it lands in, and a leaf value must be
of the field's type. Nothing here imports polyfactory: scripts are checked without it.
"""

from __future__ import annotations

import collections.abc
import difflib
import types
from collections.abc import Mapping
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pydantic

_LISTS = (list, tuple, collections.abc.Sequence, collections.abc.Iterable)


def is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, pydantic.BaseModel)


def strip_annotated(tp: Any) -> Any:
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp


def union_args(tp: Any) -> tuple[Any, ...] | None:
    tp = strip_annotated(tp)
    if get_origin(tp) in (Union, types.UnionType):
        return get_args(tp)
    return None


def literal_values(annotation: object) -> tuple[object, ...]:
    """The values of a ``Literal`` field, looking through ``Optional``."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            return ()
        annotation = args[0]
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    return ()


def models_in(annotation: Any) -> list[type]:
    """The models a value of ``annotation`` may be: itself, or the model members of a union."""
    tp = strip_annotated(annotation)
    if is_model(tp):
        return [tp]
    args = union_args(tp)
    return [model for arg in args for model in models_in(arg)] if args is not None else []


def item_type(annotation: Any) -> Any:
    """The item type of a list-typed field (looking through ``Optional``), else ``None``."""
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


@cache
def _tags(model: type, key: str) -> tuple[object, ...]:
    """The values a variant's ``key`` field may take, when it is a ``Literal`` (its tag)."""
    for name, field in model.model_fields.items():  # type: ignore[attr-defined]
        if key in (name, field.alias):
            return literal_values(strip_annotated(field.annotation))
    return ()


@cache
def fields_by_key(model: type) -> Mapping[str, Any]:
    """Each field's annotation, by name and by alias (``schema_`` and ``schema``)."""
    found: dict[str, Any] = {}
    for name, field in model.model_fields.items():  # type: ignore[attr-defined]
        found[name] = field.annotation
        if field.alias:
            found[field.alias] = field.annotation
    return types.MappingProxyType(found)


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
    naming_all = [m for m in matching if set(given) <= set(fields_by_key(m))]
    return (naming_all or matching)[0]


def unknown_name(model: type, key: str, *, where: str = "", also: tuple[str, ...] = ()) -> str:
    """The message for ``key``, which names no field of ``model``: the nearest names, then all."""
    known = sorted(set(fields_by_key(model)) | set(also))
    close = difflib.get_close_matches(key, known, n=2)
    if close:
        hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)"
    else:
        # ``{"contnet": ...}`` on a ChatCompletion: the field meant is deeper down.
        deeper = [path for name, path in _nested_names(model) if difflib.get_close_matches(key, [name], n=1)]
        hint = f" (did you mean {' or '.join(repr(p) for p in deeper[:2])}, deeper in?)" if deeper else ""
    place = f"{where}: " if where else ""
    return (
        f"{place}{key!r} is not a field of {model.__name__}{hint}. Fields: {', '.join(sorted(fields_by_key(model)))}."
    )


@cache
def _nested_names(model: type, depth: int = 3) -> tuple[tuple[str, str], ...]:
    """(field name, path from ``model``) of the fields of nested models, nearest first."""
    found: list[tuple[str, str]] = []
    queue: list[tuple[type, str, int]] = [(model, "", 0)]
    seen = {model}
    while queue:
        current, prefix, level = queue.pop(0)
        for name, field in current.model_fields.items():  # type: ignore[attr-defined]
            path = f"{prefix}.{name}" if prefix else name
            if level:
                found.append((name, path))
            if level + 1 >= depth:
                continue
            listed = item_type(field.annotation)
            suffix = "[0]" if listed is not None else ""
            for nested in models_in(listed if listed is not None else field.annotation):
                if nested not in seen:
                    seen.add(nested)
                    queue.append((nested, path + suffix, level + 1))
    return tuple(found)


@cache
def _adapter(annotation: Any) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(annotation)


def override_problem(model: type, overrides: Mapping[str, Any], path: str = "") -> str | None:
    """Why ``overrides`` cannot be merged into a ``model``, or ``None`` when it fits.

    Every key must name a field (at any depth: dicts that stand for nested models and list items
    are checked against theirs); a value that is not itself a dict or list must validate as the
    field's type. Model instances are taken as they are: they were validated when built.
    """
    for key, value in overrides.items():
        where = f"{path}.{key}" if path else str(key)
        annotation = fields_by_key(model).get(key) if isinstance(key, str) else None
        if annotation is None:
            return unknown_name(model, str(key), where=where)
        problem = _value_problem(annotation, value, where)
        if problem is not None:
            return problem
    return None


def _value_problem(annotation: Any, value: Any, where: str) -> str | None:
    if isinstance(value, pydantic.BaseModel):
        return None
    if isinstance(value, Mapping):
        models = models_in(annotation)
        if models:
            try:
                model = pick_variant(models, value)
            except ValueError as error:
                return f"{where}: {error}"
            return override_problem(model, value, where)
    if isinstance(value, (list, tuple)):
        item = item_type(annotation)
        if item is not None:
            for position, entry in enumerate(value):
                problem = _value_problem(item, entry, f"{where}[{position}]")
                if problem is not None:
                    return problem
            return None
    try:
        _adapter(annotation).validate_python(value)
    except pydantic.ValidationError as error:
        first = error.errors()[0]
        return f"{where}: {value!r} is not a valid value here ({first['msg']})"
    except (TypeError, pydantic.PydanticSchemaGenerationError):
        return None  # a type pydantic cannot check alone: let the reply's own parse judge it
    return None
