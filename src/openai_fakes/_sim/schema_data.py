"""JSON schema -> deterministic data that validates against it.

Used for structured outputs (``response_format`` / ``text.format``) and tool-call arguments. The
rules follow pydantic-ai's ``TestModel``: ``const``, then ``enum[seed % n]``, then ``examples``,
then a minimal plausible value of the type, with every ``required`` property present (strict
schemas list them all) and ``$ref`` / ``$defs``, ``anyOf`` / ``oneOf`` / ``allOf``, nullable
types, array bounds and string formats honoured.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from typing import Any

from .._core.errors import bad_request
from .text import words

_MAX_DEPTH = 12
# Beyond these the data would not fit in any reply a model can give (its output is capped at
# tens of thousands of tokens), so the request is refused instead of hanging on a huge build.
_MAX_ITEMS = 2_000
_MAX_CHARS = 100_000
# Required recursion (``{"$ref": "#"}`` in a required field) has no finite instance: past this
# many nested refs the schema is refused rather than recursing until Python gives up.
_MAX_REF_DEPTH = 64
# Nested bounds multiply (2,000 lists of 2,000 lists...): the whole value is capped too.
_MAX_VALUES = 200_000
_FORMATS = {
    "date-time": "2026-01-15T09:30:00Z",
    "date": "2026-01-15",
    "time": "09:30:00",
    "email": "ada@example.com",
    "uri": "https://example.com/docs",
    "uuid": "3f2b8c1e-5d4a-4e6b-9a7c-1b2d3e4f5a6b",
    "ipv4": "192.0.2.10",
    "hostname": "example.com",
}
_NAMED_STRINGS = {
    "name": "Ada Lovelace",
    "city": "Paris",
    "country": "France",
    "location": "Paris, France",
    "email": "ada@example.com",
    "url": "https://example.com/docs",
    "title": "Quarterly sales summary",
    "currency": "EUR",
    "language": "English",
    "unit": "celsius",
    "query": "weather in Paris",
}


Fill = Callable[[str, Mapping[str, Any]], Any]
"""``fill(name, schema)``: a value for the field ``name`` taken from elsewhere (the conversation),
or `NOTHING` to build it from the schema."""
NOTHING: Any = object()


def data_for_schema(schema: Mapping[str, Any], rng: random.Random, fill: Fill | None = None) -> Any:
    """A value valid for ``schema`` (a JSON-schema dict), drawn deterministically from ``rng``;
    ``fill`` may give a named field's value first (it must give one valid for the field's schema).

    Raises `APIErrorReply` (400) for a schema no finite reply satisfies (required recursion,
    ``minItems`` / ``minLength`` beyond what a model could output)."""
    return _Builder(schema, rng, fill).value(schema, "", 0)


def _too_large(what: str, name: str) -> Exception:
    return bad_request(
        f"openai_fakes: the response schema asks for {what} at '{name or '$'}', more than a model reply can hold.",
        param="response_format",
    )


class _Builder:
    def __init__(self, root: Mapping[str, Any], rng: random.Random, fill: Fill | None = None) -> None:
        self.root = root
        self.rng = rng
        self.fill = fill
        self.values_built = 0

    def resolve(self, ref: str) -> Mapping[str, Any]:
        if not ref.startswith("#"):
            raise ValueError(f"only local $ref are supported, got {ref!r}")
        node: Any = self.root
        for part in ref.lstrip("#/").split("/"):
            if part:
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return node  # type: ignore[no-any-return]

    def value(self, schema: Mapping[str, Any] | bool, name: str, depth: int) -> Any:
        self.values_built += 1
        if self.values_built > _MAX_VALUES:
            raise _too_large(f"more than {_MAX_VALUES} values in all", name)
        if schema is True or schema == {}:
            return words(self.rng, 3) if depth < _MAX_DEPTH else None
        if schema is False:
            raise ValueError(f"schema for {name or 'the value'} accepts nothing")
        assert isinstance(schema, Mapping)
        if "$ref" in schema:
            if depth > _MAX_REF_DEPTH:
                raise _too_large("data nested without end (a required recursive $ref)", name)
            resolved = {**self.resolve(schema["$ref"]), **{k: v for k, v in schema.items() if k != "$ref"}}
            return self.value(resolved, name, depth + 1)
        if "const" in schema:
            return schema["const"]
        if self.fill is not None and name:
            given = self.fill(name, schema)
            if given is not NOTHING:
                return given
        if schema.get("enum"):
            return self.rng.choice(list(schema["enum"]))
        for key in ("anyOf", "oneOf"):
            if schema.get(key):
                options = [o for o in schema[key] if not (isinstance(o, Mapping) and o.get("type") == "null")]
                # Deep in a recursive schema, take the null branch if there is one so the data ends.
                if depth >= _MAX_DEPTH - 2 and len(options) < len(schema[key]):
                    return None
                return self.value(options[0] if options else schema[key][0], name, depth + 1)
        if "allOf" in schema:
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                part = self.resolve(part["$ref"]) if "$ref" in part else part
                merged = _merge(merged, part)
            return self.value({**merged, **{k: v for k, v in schema.items() if k != "allOf"}}, name, depth + 1)
        examples = schema.get("examples")
        if isinstance(examples, list) and examples:
            return examples[0]
        kind = schema.get("type")
        if isinstance(kind, list):
            non_null = [k for k in kind if k != "null"]
            if not non_null or depth >= _MAX_DEPTH - 2:
                return None
            kind = non_null[0]
        if kind is None:
            kind = "object" if "properties" in schema else "array" if "items" in schema else "string"
        builder = getattr(self, f"_{kind}", None)
        if builder is None:
            raise ValueError(f"unsupported JSON schema type {kind!r} for {name or 'the value'}")
        return builder(schema, name, depth)

    def _object(self, schema: Mapping[str, Any], name: str, depth: int) -> dict[str, Any]:
        properties: Mapping[str, Any] = schema.get("properties") or {}
        required = schema.get("required")
        keys = list(properties) if required is None else [k for k in properties if k in required]
        if depth >= _MAX_DEPTH:
            keys = [k for k in keys if required and k in required]
        return {key: self.value(properties[key], key, depth + 1) for key in keys}

    def _array(self, schema: Mapping[str, Any], name: str, depth: int) -> list[Any]:
        low = int(schema.get("minItems", 0))
        if low > _MAX_ITEMS:
            raise _too_large(f"at least {low} items", name)
        high = int(schema.get("maxItems", max(low, 2)))
        count = max(low, min(high, 1 if depth >= _MAX_DEPTH - 4 else 2))
        items = schema.get("items", {})
        if isinstance(items, list):  # tuple form
            return [self.value(item, name, depth + 1) for item in items]
        if schema.get("uniqueItems") and isinstance(items, Mapping) and "enum" in items:
            return list(items["enum"])[:count]
        return [self.value(items, name, depth + 1) for _ in range(count)]

    def _string(self, schema: Mapping[str, Any], name: str, depth: int) -> str:
        if schema.get("format") in _FORMATS:
            return _FORMATS[schema["format"]]
        if "pattern" in schema:
            # A pattern cannot be inverted in general; a plain word is the best guess, and a
            # schema the fake cannot satisfy is reported by the caller's validation.
            return "example"
        value = _NAMED_STRINGS.get(name.lower()) or words(self.rng, 3)
        low, high = int(schema.get("minLength", 0)), schema.get("maxLength")
        if low > _MAX_CHARS:
            raise _too_large(f"a string of at least {low} characters", name)
        if len(value) < low:
            value = (value + " ") * (low // max(1, len(value)) + 1)
        if high is not None:
            value = value[: int(high)]
        return value

    def _integer(self, schema: Mapping[str, Any], name: str, depth: int) -> int:
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0) + (1 if "exclusiveMinimum" in schema else 0))
        high = schema.get(
            "maximum", schema.get("exclusiveMaximum", low + 100) - (1 if "exclusiveMaximum" in schema else 0)
        )
        value = self.rng.randint(int(low), max(int(low), int(high)))
        multiple = schema.get("multipleOf")
        if isinstance(multiple, int) and multiple > 0:
            value = max(int(low), value - value % multiple)
        return value

    def _number(self, schema: Mapping[str, Any], name: str, depth: int) -> float:
        low = float(schema.get("minimum", schema.get("exclusiveMinimum", 0.0)))
        high = float(schema.get("maximum", schema.get("exclusiveMaximum", low + 100.0)))
        return round(low + (high - low) * (0.25 + self.rng.random() / 2), 2)

    def _boolean(self, schema: Mapping[str, Any], name: str, depth: int) -> bool:
        return self.rng.random() < 0.5

    def _null(self, schema: Mapping[str, Any], name: str, depth: int) -> None:
        return None


def _merge(left: Mapping[str, Any], right: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(left)
    for key, value in right.items():
        if key == "properties":
            merged["properties"] = {**merged.get("properties", {}), **value}
        elif key == "required":
            merged["required"] = [*merged.get("required", []), *value]
        else:
            merged[key] = value
    return merged
