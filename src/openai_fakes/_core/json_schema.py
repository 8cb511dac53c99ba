"""Does a JSON value fit a JSON Schema? The keywords function tools and structured outputs use.

Written here rather than taken from ``jsonschema``: the schemas the API accepts for tools and
``response_format`` use a small part of JSON Schema (types, properties, required,
additionalProperties, items, enum, const, anyOf/oneOf/allOf, local ``$ref``, numeric and length
bounds, pattern), and a scripted tool call is checked against them once per call.
``format`` is an annotation (as JSON Schema itself says by default) and is not checked.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping
from typing import Any

_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def schema_violation(value: Any, schema: Any) -> str | None:
    """The first place where ``value`` breaks ``schema``, as ``"$.city: ..."``, or ``None``."""
    return _Check(schema if isinstance(schema, Mapping) else {}).first(value, schema, "$", 0)


class _Check:
    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root

    def resolve(self, ref: str) -> Any:
        node: Any = self.root
        for part in ref.lstrip("#").strip("/").split("/") if ref != "#" else ():
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, Mapping) or part not in node:
                return True  # an unresolvable reference: request validation reports it, not this
            node = node[part]
        return node

    def first(self, value: Any, schema: Any, path: str, depth: int) -> str | None:
        if schema is False:
            return f"{path}: no value is allowed here"
        if depth > 64 or not isinstance(schema, Mapping):
            return None
        if "$ref" in schema:
            problem = self.first(value, self.resolve(str(schema["$ref"])), path, depth + 1)
            if problem is not None:
                return problem
        for check in (self._kind, self._choice, self._combined, self._object, self._array, self._scalar):
            problem = check(value, schema, path, depth)
            if problem is not None:
                return problem
        return None

    def _kind(self, value: Any, schema: Mapping[str, Any], path: str, depth: int) -> str | None:
        kinds = schema.get("type")
        if kinds is None:
            return None
        names = [kinds] if isinstance(kinds, str) else list(kinds)
        if any(name not in _TYPES or _TYPES[name](value) for name in names):
            return None
        return f"{path}: expected {' or '.join(names)}, got {_kind_of(value)} {_show(value)}"

    def _choice(self, value: Any, schema: Mapping[str, Any], path: str, depth: int) -> str | None:
        if "const" in schema and not _same(value, schema["const"]):
            return f"{path}: must be {_show(schema['const'])}, got {_show(value)}"
        if "enum" in schema and not any(_same(value, option) for option in schema["enum"]):
            return f"{path}: {_show(value)} is not one of {', '.join(_show(o) for o in schema['enum'])}"
        return None

    def _combined(self, value: Any, schema: Mapping[str, Any], path: str, depth: int) -> str | None:
        for part in schema.get("allOf") or ():
            problem = self.first(value, part, path, depth + 1)
            if problem is not None:
                return problem
        for key in ("anyOf", "oneOf"):
            options = schema.get(key)
            if options:
                problems = [self.first(value, option, path, depth + 1) for option in options]
                if all(p is not None for p in problems):
                    return f"{path}: fits none of the {key} options (first: {problems[0]})"
        return None

    def _object(self, value: Any, schema: Mapping[str, Any], path: str, depth: int) -> str | None:
        if not isinstance(value, dict):
            return None
        properties = schema.get("properties") or {}
        for name in schema.get("required") or ():
            if name not in value:
                return f"{path}: missing required property {name!r}"
        extra = schema.get("additionalProperties", True)
        for name, item in value.items():
            where = f"{path}.{name}"
            if name in properties:
                problem = self.first(item, properties[name], where, depth + 1)
            elif extra is False:
                problem = f"{path}: property {name!r} is not allowed (properties: {', '.join(properties) or 'none'})"
            else:
                problem = self.first(item, extra, where, depth + 1)
            if problem is not None:
                return problem
        return None

    def _array(self, value: Any, schema: Mapping[str, Any], path: str, depth: int) -> str | None:
        if not isinstance(value, list):
            return None
        if "minItems" in schema and len(value) < schema["minItems"]:
            return f"{path}: has {len(value)} items, fewer than minItems {schema['minItems']}"
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            return f"{path}: has {len(value)} items, more than maxItems {schema['maxItems']}"
        items = schema.get("items")
        for position, item in enumerate(value):
            problem = self.first(item, items, f"{path}[{position}]", depth + 1)
            if problem is not None:
                return problem
        return None

    def _scalar(self, value: Any, schema: Mapping[str, Any], path: str, depth: int) -> str | None:
        if isinstance(value, str):
            if "minLength" in schema and len(value) < schema["minLength"]:
                return f"{path}: {_show(value)} is shorter than minLength {schema['minLength']}"
            if "maxLength" in schema and len(value) > schema["maxLength"]:
                return f"{path}: {_show(value)} is longer than maxLength {schema['maxLength']}"
            pattern = schema.get("pattern")
            if isinstance(pattern, str) and re.search(pattern, value) is None:
                return f"{path}: {_show(value)} does not match pattern {pattern!r}"
        elif _is_number(value):
            for key, holds, words in _BOUNDS:
                bound = schema.get(key)
                if _is_number(bound) and not holds(value, bound):
                    return f"{path}: {_show(value)} is {words} {bound}"
            step: Any = schema.get("multipleOf")
            if _is_number(step) and step > 0 and not math.isclose(value / step, round(value / step)):
                return f"{path}: {_show(value)} is not a multiple of {step}"
        return None


_BOUNDS: tuple[tuple[str, Callable[[Any, Any], bool], str], ...] = (
    ("minimum", operator.ge, "below minimum"),
    ("maximum", operator.le, "above maximum"),
    ("exclusiveMinimum", operator.gt, "not above exclusiveMinimum"),
    ("exclusiveMaximum", operator.lt, "not below exclusiveMaximum"),
)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _same(value: Any, expected: Any) -> bool:
    # JSON has no bool/int confusion: true is not 1.
    return (
        type(value) is type(expected) and value == expected
        if isinstance(value, bool) or isinstance(expected, bool)
        else value == expected
    )


def _kind_of(value: Any) -> str:
    for name in ("null", "boolean", "integer", "number", "string", "array", "object"):
        if _TYPES[name](value):
            return name
    return type(value).__name__


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
