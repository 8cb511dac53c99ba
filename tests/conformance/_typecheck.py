"""Check a returned value against the SDK's declared type, recursively.

The SDK builds response models with ``construct`` (no validation) unless a client asks for
strict validation, so a wrong reply from the fake comes back as a well-typed-looking object
with a dict, a wrong literal or an unknown key hidden inside. ``check_value`` walks the value
and the annotation side by side and lists every place they disagree, so one failing method
reports all its problems at once.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pydantic
import typing_extensions as te
from openai import AsyncStream, Stream
from openai._base_client import AsyncPaginator, BasePage
from openai._legacy_response import HttpxBinaryResponseContent

__all__ = ["check_stream_items", "check_value", "stream_item_type"]

_UNION_ORIGINS: tuple[Any, ...] = (typing.Union, types.UnionType)
_SEQUENCE_ORIGINS: tuple[Any, ...] = (list, Sequence, Iterable)
_MAPPING_ORIGINS: tuple[Any, ...] = (dict, Mapping)
_JSON_SCALARS = (str, int, float, bool, type(None))


def check_value(value: object, annotation: object, path: str = "") -> list[str]:
    """Every mismatch between ``value`` and ``annotation``; empty when it conforms.

    Streams are only checked to be streams (iterating consumes them): pass the items you
    drew from one to ``check_stream_items``.
    """
    errors: list[str] = []
    _check(value, annotation, path or "$", errors)
    return errors


def stream_item_type(annotation: object) -> object | None:
    """``X`` for ``Stream[X]`` / ``AsyncStream[X]`` (also inside a union), else ``None``."""
    annotation = _unwrap(annotation)
    origin = te.get_origin(annotation)
    if origin in (Stream, AsyncStream):
        item_type: object = te.get_args(annotation)[0]
        return item_type
    if origin in _UNION_ORIGINS:
        for member in te.get_args(annotation):
            found = stream_item_type(member)
            if found is not None:
                return found
    return None


def check_stream_items(items: Iterable[object], annotation: object, path: str = "") -> list[str]:
    """Check each event drawn from a stream against the stream's item type."""
    item_type = stream_item_type(annotation)
    if item_type is None:
        return [f"{path or '$'}: {annotation!r} is not a stream type"]
    errors: list[str] = []
    for index, item in enumerate(items):
        _check(item, item_type, f"{path or '$'}[{index}]", errors)
    return errors


def _unwrap(annotation: object) -> object:
    # Annotated carries the SDK's PropertyInfo (aliases, discriminators); the type is inside.
    while te.get_origin(annotation) is te.Annotated:
        annotation = te.get_args(annotation)[0]
    return annotation


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _check(value: object, annotation: object, path: str, errors: list[str]) -> None:
    annotation = _unwrap(annotation)
    if annotation is Any or annotation is object:
        _check_json_like(value, path, errors)
        return
    if annotation is None or annotation is type(None):
        if value is not None:
            errors.append(f"{path}: expected None, got {_short(value)}")
        return
    if isinstance(annotation, typing.TypeVar):
        # An unbound type variable (``ParsedChatCompletion[ResponseFormatT]``) fixes nothing.
        if annotation.__bound__ is not None:
            _check(value, annotation.__bound__, path, errors)
        return
    origin = te.get_origin(annotation)
    if origin is te.Literal:
        _check_literal(value, te.get_args(annotation), path, errors)
    elif origin in _UNION_ORIGINS:
        _check_union(value, te.get_args(annotation), path, errors)
    elif origin in _SEQUENCE_ORIGINS:
        _check_sequence(value, annotation, path, errors)
    elif origin in _MAPPING_ORIGINS:
        _check_mapping(value, annotation, path, errors)
    elif origin is AsyncPaginator:
        # ``await paginator`` gives the page, which is what a caller holds afterwards.
        if not isinstance(value, AsyncPaginator):
            _check(value, te.get_args(annotation)[1], path, errors)
    elif origin is not None:
        # Other generics (Stream[X], stream managers): the class is all that can be checked
        # without consuming the value.
        if not (isinstance(origin, type) and isinstance(value, origin)):
            errors.append(f"{path}: expected {_name(origin)}, got {type(value).__name__}")
    elif isinstance(annotation, type):
        _check_class(value, annotation, path, errors)
    else:
        errors.append(f"{path}: cannot check against {annotation!r}")


def _check_class(value: object, cls: type, path: str, errors: list[str]) -> None:
    if issubclass(cls, pydantic.BaseModel):
        _check_model(value, cls, path, errors)
        return
    if cls is bool:
        ok = type(value) is bool
    elif cls is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif cls is float:
        # The SDK keeps a JSON ``1`` as an int in a float field; that is fine.
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif cls in (dict, list):
        ok = isinstance(value, cls)
        if ok:
            _check_json_like(value, path, errors)
    else:
        ok = isinstance(value, cls)
    if not ok:
        errors.append(f"{path}: expected {_name(cls)}, got {type(value).__name__} {_short(value)}")
    elif cls is HttpxBinaryResponseContent:
        assert isinstance(value, HttpxBinaryResponseContent)
        if not isinstance(value.content, bytes):
            errors.append(f"{path}.content: expected bytes, got {type(value.content).__name__}")


def _check_literal(value: object, allowed: tuple[object, ...], path: str, errors: list[str]) -> None:
    # ``True == 1`` in Python, so compare the type too.
    if not any(value == choice and type(value) is type(choice) for choice in allowed):
        errors.append(f"{path}: {_short(value)} is not one of {list(allowed)!r}")


def _check_union(value: object, members: tuple[object, ...], path: str, errors: list[str]) -> None:
    attempts: list[list[str]] = []
    for member in members:
        found = check_value(value, member, path)
        if not found:
            return
        attempts.append(found)
    # Report the member that came closest, when the value is at least of its class: for a
    # discriminated union of models that is the variant the value claims to be. "Expected
    # None" is never the interesting complaint about an ``Optional[X]`` that holds a wrong X.
    not_none = [found for member, found in zip(members, attempts) if member is not type(None)]
    if len(not_none) == 1:
        # Optional[X]: the complaints about X are the whole story.
        errors.extend(not_none[0])
        return
    best = min(not_none or attempts, key=len)
    claimed = [found for member, found in zip(members, attempts) if _is_instance(value, _unwrap(member))]
    if claimed:
        closest: list[str] = min(claimed, key=len)
        errors.extend(closest)
    elif len(best) == 1:
        errors.append(f"{path}: {_short(value)} matches no member of the union (closest: {best[0]})")
    else:
        errors.append(f"{path}: {type(value).__name__} {_short(value)} matches no member of the union")


def _is_instance(value: object, annotation: object) -> bool:
    return isinstance(annotation, type) and isinstance(value, annotation)


def _check_sequence(value: object, annotation: object, path: str, errors: list[str]) -> None:
    if not isinstance(value, list):
        errors.append(f"{path}: expected a list, got {type(value).__name__} {_short(value)}")
        return
    args = te.get_args(annotation)
    item_type = args[0] if args else Any
    for index, item in enumerate(value):
        _check(item, item_type, f"{path}[{index}]", errors)


def _check_mapping(value: object, annotation: object, path: str, errors: list[str]) -> None:
    if not isinstance(value, dict):
        errors.append(f"{path}: expected a dict, got {type(value).__name__} {_short(value)}")
        return
    args = te.get_args(annotation)
    key_type, value_type = args if len(args) == 2 else (Any, Any)
    for key, item in value.items():
        _check(key, key_type, f"{path}.<key {key!r}>", errors)
        _check(item, value_type, f"{path}[{key!r}]", errors)


def _check_model(value: object, cls: type[pydantic.BaseModel], path: str, errors: list[str]) -> None:
    if not isinstance(value, cls):
        # ``ParsedChatCompletion[ResponseFormatT]`` is a class of its own; an instance of
        # ``ParsedChatCompletion[MyModel]`` conforms to it.
        origin = cls.__pydantic_generic_metadata__["origin"]
        open_generic = any(isinstance(arg, typing.TypeVar) for arg in cls.__pydantic_generic_metadata__["args"])
        if not (origin is not None and open_generic and isinstance(value, origin)):
            errors.append(f"{path}: expected {_name(cls)}, got {type(value).__name__} {_short(value)}")
            return
    assert isinstance(value, pydantic.BaseModel)
    # The value's own class: a subclass may narrow fields (ParsedChatCompletion.choices).
    fields = type(value).model_fields
    present = value.__dict__
    user_typed = _user_typed_fields(type(value))
    for name, field in fields.items():
        key = field.alias or name
        if name in user_typed:
            continue
        if name not in present or (field.is_required() and name not in value.model_fields_set):
            # ``construct`` does not fail on a missing required field: it leaves the field
            # unset (pydantic) or fills in None (the SDK's own construct).
            errors.append(f"{path}.{key}: required field is missing")
            continue
        _check(present[name], field.annotation, f"{path}.{key}", errors)
    if isinstance(value, BasePage):
        # Page classes declare only what pagination needs (``data``, ``has_more``); the
        # API's list envelope also carries ``object``, ``first_id`` and ``last_id``.
        return
    by_python_name = {name: field.alias for name, field in fields.items() if field.alias}
    # The SDK's construct() files every key that is not a Python field name under extras,
    # including the wire names of aliased fields it did fill ("harassment/threatening").
    wire_names = set(by_python_name.values())
    for key in value.model_extra or {}:
        if key in wire_names or (type(value).__name__, key) in _SDK_ACCUMULATED:
            continue
        hint = f" (set by its Python name; the wire name is {by_python_name[key]!r})" if key in by_python_name else ""
        errors.append(f"{path}.{key}: unknown field on {type(value).__name__}, kept as extra{hint}")


# Keys the SDK's own stream accumulators write into snapshots they share with earlier events:
# AssistantEventHandler merges message deltas (which carry the content ``index``, as the API
# sends them) into the message object of the ``thread.message.created`` event.
_SDK_ACCUMULATED = frozenset({("TextContentBlock", "index")})


@functools.cache
def _user_typed_fields(cls: type[pydantic.BaseModel]) -> frozenset[str]:
    """Fields that hold the caller's own type: the parse helpers' ``parsed`` slots.

    The stream helpers' snapshots subclass ``ParsedChatCompletionMessage[object]``, where
    ``object`` stands for "whatever class the user parses into", not for JSON data.
    """
    names: set[str] = set()
    for base in cls.__mro__:
        metadata = getattr(base, "__pydantic_generic_metadata__", None)
        if not metadata or metadata["origin"] is None or object not in metadata["args"]:
            continue
        for name, field in metadata["origin"].model_fields.items():
            if _mentions_type_var(field.annotation):
                names.add(name)
    return frozenset(names)


def _mentions_type_var(annotation: object) -> bool:
    if isinstance(annotation, typing.TypeVar):
        return True
    return any(_mentions_type_var(arg) for arg in te.get_args(annotation))


def _check_json_like(value: object, path: str, errors: list[str]) -> None:
    # ``object`` / ``Any`` fields hold whatever JSON the API sent, and nothing else.
    if isinstance(value, _JSON_SCALARS):
        if isinstance(value, float) and value != value:
            errors.append(f"{path}: NaN is not JSON")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_json_like(item, f"{path}[{index}]", errors)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                errors.append(f"{path}: JSON object key {key!r} is not a string")
            _check_json_like(item, f"{path}[{key!r}]", errors)
    else:
        errors.append(f"{path}: {type(value).__name__} {_short(value)} is not JSON data")


def _name(annotation: object) -> str:
    return getattr(annotation, "__name__", None) or repr(annotation)
