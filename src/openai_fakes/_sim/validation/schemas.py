"""Structured Outputs' strict mode: the JSON schemas it refuses (docs/api-behaviour.md, Limits; wordings:
Error messages).

A strict schema is a ``response_format`` / ``text.format`` of type ``json_schema`` with
``strict: true``, or a function tool with ``strict: true``. The API names the place of a fault
as a Python tuple of the path into the schema: ``In context=('properties', 'x', 'items')``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..._core.errors import APIErrorReply
from ._common import is_object

Fail = Callable[[str], APIErrorReply]
"""Turns the schema-relative sentence into the endpoint's error (prefix, param and code differ)."""

# Keywords strict mode refuses with "In context=(...), 'minLength' is not permitted."
# Seen in real errors [3P]: default, minLength, uniqueItems; the rest are the keywords the
# Structured Outputs guide lists as unsupported (Limits lists what *is* supported for strings, numbers
# and arrays). allOf / oneOf are left alone: the guide is not explicit about them.
NOT_PERMITTED = (
    "default",
    "minLength",
    "maxLength",
    "uniqueItems",
    "patternProperties",
    "unevaluatedProperties",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
    "if",
    "then",
    "else",
    "not",
    "dependentRequired",
    "dependentSchemas",
)

# Deeper than this the API refuses anyway (at most 10 nesting levels); the walk stops here so a
# self-referencing Python dict cannot recurse forever.
_MAX_WALK_DEPTH = 64


_TYPES = frozenset({"string", "number", "integer", "boolean", "object", "array", "null"})
_SCHEMA_LISTS = ("anyOf", "oneOf", "allOf")


def check_json_schema(schema: Any, fail: Fail) -> None:
    """Raise ``fail(...)`` unless ``schema`` is a well-formed JSON Schema: an object whose ``type``
    names JSON types, whose ``properties`` / ``items`` / ``anyOf``... hold schemas, and whose local
    ``$ref`` resolve. The API refuses a malformed schema whether or not it is strict ([U] wording,
    modelled on the API's "In context=(...)" form); the fake draws its answers from the schema."""
    if not is_object(schema):
        raise fail(f"schema must be a JSON Schema of 'type: \"object\"', got 'type: \"{_type_name(schema)}\"'.")
    _well_formed(schema, schema, (), fail, 0)


def _well_formed(node: Any, root: Mapping[str, Any], path: tuple[Any, ...], fail: Fail, depth: int) -> None:
    if isinstance(node, bool) or depth > _MAX_WALK_DEPTH:
        return
    context = f"In context={path!r}, "
    if not is_object(node):
        raise fail(f"{context}{_short(node)} is not of type 'object', 'boolean'.")
    kind = node.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if kind is not None and not all(isinstance(k, str) and k in _TYPES for k in kinds):
        raise fail(f"{context}{_short(kind)} is not valid under any of the given schemas.")
    required = node.get("required")
    if required is not None and not (isinstance(required, list) and all(isinstance(r, str) for r in required)):
        raise fail(f"{context}{_short(required)} is not of type 'array' of strings.")
    ref = node.get("$ref")
    if ref is not None and not (isinstance(ref, str) and _resolves(root, ref)):
        raise fail(f"{context}reference {_short(ref)} can't be resolved.")
    for key in ("properties", "$defs", "definitions"):
        children = node.get(key)
        if children is None:
            continue
        if not is_object(children):
            raise fail(f"{context}{_short(children)} is not of type 'object'.")
        for name, sub in children.items():
            _well_formed(sub, root, path + (key, name), fail, depth + 1)
    for key in ("items", "additionalProperties", "not"):
        if key in node:
            _well_formed(node[key], root, path + (key,), fail, depth + 1)
    for key in _SCHEMA_LISTS:
        options = node.get(key)
        if options is None:
            continue
        if not isinstance(options, list):
            raise fail(f"{context}{_short(options)} is not of type 'array'.")
        for index, sub in enumerate(options):
            _well_formed(sub, root, path + (key, index), fail, depth + 1)
    enum = node.get("enum")
    if enum is not None and not isinstance(enum, list):
        raise fail(f"{context}{_short(enum)} is not of type 'array'.")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _resolves(root: Mapping[str, Any], ref: str) -> bool:
    """Whether a local ``$ref`` (``#``, ``#/$defs/Name``...) points at a schema in ``root``."""
    if not ref.startswith("#"):
        return False  # the API resolves local references only [U]
    node: Any = root
    for part in ref[1:].lstrip("/").split("/"):
        if not part:
            continue
        if not is_object(node):
            return False
        node = node.get(part.replace("~1", "/").replace("~0", "~"))
    return is_object(node) or isinstance(node, bool)


def check_strict_schema(schema: Any, fail: Fail) -> None:
    """Raise ``fail(...)`` for the first part of ``schema`` strict mode refuses."""
    if not is_object(schema):
        raise fail(f"schema must be a JSON Schema of 'type: \"object\"', got 'type: \"{_type_name(schema)}\"'.")
    if schema.get("type") != "object" or "anyOf" in schema:
        # Limits: the root must be an object, not anyOf ([3P] wording from a real function error).
        raise fail(
            f"schema must be a JSON Schema of 'type: \"object\"', got 'type: \"{_type_name(schema.get('type'))}\"'."
        )
    _walk(schema, (), fail, 0)


def _type_name(value: Any) -> str:
    return value if isinstance(value, str) else "None"


def _walk(node: Any, path: tuple[Any, ...], fail: Fail, depth: int) -> None:
    if not is_object(node) or depth > _MAX_WALK_DEPTH:
        return
    context = f"In context={path!r}, "
    for keyword in NOT_PERMITTED:
        if keyword in node:
            raise fail(f"{context}'{keyword}' is not permitted.")
    if "$ref" in node:
        return  # definitions are walked where they are defined
    kind = node.get("type")
    an_object = kind == "object" or (isinstance(kind, list) and "object" in kind)
    if kind is None and not any(k in node for k in ("anyOf", "enum", "const")):
        raise fail(f"{context}schema must have a 'type' key.")
    if an_object:
        _check_object(node, context, fail)
    properties = node.get("properties")
    if is_object(properties):
        for name, sub in properties.items():
            _walk(sub, path + ("properties", name), fail, depth + 1)
    items = node.get("items")
    if is_object(items):
        _walk(items, path + ("items",), fail, depth + 1)
    any_of = node.get("anyOf")
    if isinstance(any_of, list):
        for index, sub in enumerate(any_of):
            _walk(sub, path + ("anyOf", index), fail, depth + 1)
    for key in ("$defs", "definitions"):
        definitions = node.get(key)
        if is_object(definitions):
            for name, sub in definitions.items():
                _walk(sub, path + (key, name), fail, depth + 1)


def _check_object(node: Mapping[str, Any], context: str, fail: Fail) -> None:
    """Every object says ``additionalProperties: false`` and lists every property in ``required``
    (Limits; wordings: Error messages, "strict schema, `additionalProperties`" and "strict schema,
    `required`")."""
    if node.get("additionalProperties") is not False:
        raise fail(f"{context}'additionalProperties' is required to be supplied and to be false.")
    properties = node.get("properties")
    keys = list(properties) if is_object(properties) else []
    required = node.get("required")
    if not keys and required is None:
        return
    rule = f"{context}'required' is required to be supplied and to be an array including every key in properties."
    listed = required if isinstance(required, list) else []
    absent = [key for key in keys if key not in listed]
    if absent or not isinstance(required, list):
        raise fail(f"{rule} Missing '{absent[0]}'." if absent else rule)
    extra = [key for key in listed if key not in keys]
    if extra:
        raise fail(f"{rule} Extra required key '{extra[0]}' supplied.")
