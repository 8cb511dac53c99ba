"""The API's published wire contract (tests/wire/openapi_contract.json) and the checks against it.

The data file is derived by ``scripts/openapi_contract.py`` from OpenAI's OpenAPI 3.1 spec: per
operation its path, method, statuses and response schemas, and the component schemas they refer
to. Here it is loaded once, its schemas compiled with jsonschema (Draft 2020-12, the dialect of
OpenAPI 3.1) and each spec operation paired with the SDK method that requests it.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from openai_fakes._core.sdk_routes import route_of_method, sender_of
from tests.conformance._walk import MethodEntry, walk

__all__ = [
    "CONTRACT_FILE",
    "Operation",
    "body_errors",
    "contract",
    "operations",
    "parse_sse",
    "schema_errors",
    "sdk_methods_by_operation",
]

CONTRACT_FILE = Path(__file__).with_name("openapi_contract.json")
_BASE_URI = "urn:openai-openapi"
_PARAM = re.compile(r"\{[^}]*\}")


@dataclass(frozen=True)
class Operation:
    """One spec operation: ``method`` on ``path`` and what it may answer."""

    id: str
    method: str
    path: str
    statuses: tuple[str, ...]
    responses: dict[str, dict[str, Any]]
    """Success status -> content type -> schema."""
    example: Any
    """The spec's JSON response example, ``None`` when it has none."""
    stream_example: list[Any] | None
    """The events of the spec's streamed example, ``None`` when it has none."""

    @property
    def route_key(self) -> tuple[str, str, bool]:
        """(method, path with parameters unnamed, whether it is the ``?beta=true`` variant)."""
        path, _, query = self.path.partition("?")
        return self.method, _PARAM.sub("{}", path), query == "beta=true"


@functools.cache
def contract() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(CONTRACT_FILE.read_text(encoding="utf-8"))
    return loaded


@functools.cache
def operations() -> tuple[Operation, ...]:
    return tuple(
        Operation(
            id=entry["id"],
            method=entry["method"],
            path=entry["path"],
            statuses=tuple(entry["statuses"]),
            responses=entry["responses"],
            example=entry.get("example"),
            stream_example=entry.get("stream_example"),
        )
        for entry in contract()["operations"]
    )


@functools.cache
def _registry() -> Registry[Any]:
    document = {"components": contract()["components"]}
    resource: Resource[Any] = Resource.from_contents(document, default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(_BASE_URI, resource)
    return registry


def schema_errors(instance: object, schema: dict[str, Any], limit: int = 5) -> list[str]:
    """Why ``instance`` breaks ``schema`` (a spec response schema), as ``$.path: message`` lines."""
    validator = Draft202012Validator(_absolute_refs(schema), registry=_registry())
    errors: list[str] = []
    for error in validator.iter_errors(instance):
        for leaf in _nearest(error):
            errors.append(f"{leaf.json_path}: {_short(leaf.message)}")
        if len(errors) >= limit:
            break
    return errors[:limit]


def _nearest(error: ValidationError) -> list[ValidationError]:
    """For an anyOf / oneOf failure, what broke in the branch nearest to matching — the one whose
    ``type`` tag matched, then the one with the fewest errors — rather than the whole instance."""
    if not error.context or error.validator not in ("anyOf", "oneOf"):
        return [error]
    branches: dict[object, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)

    def distance(errors: list[ValidationError]) -> tuple[bool, int]:
        tag_differs = any(list(e.relative_path) == ["type"] and e.validator in ("enum", "const") for e in errors)
        return tag_differs, len(errors)

    chosen = min(branches.values(), key=distance)
    return [leaf for sub in chosen for leaf in _nearest(sub)]


def _absolute_refs(schema: Any) -> Any:
    # A response schema's $refs ("#/components/schemas/X") point into the contract document,
    # which the registry holds under _BASE_URI; the schema itself is not that document.
    if isinstance(schema, list):
        return [_absolute_refs(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    return {
        key: _BASE_URI + value
        if key == "$ref" and isinstance(value, str) and value.startswith("#")
        else _absolute_refs(value)
        for key, value in schema.items()
    }


def _short(message: str, width: int = 300) -> str:
    return message if len(message) <= width else message[:width] + "…"


def parse_sse(text: str) -> Iterator[tuple[str | None, str]]:
    """(event name, data) of each server-sent event in ``text``."""
    for block in re.split(r"\r?\n\r?\n", text):
        name: str | None = None
        data: list[str] = []
        for line in block.splitlines():
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].removeprefix(" "))
        if data:
            yield name, "\n".join(data)


def body_errors(operation: Operation, status: int, content_type: str, body: bytes) -> list[str]:
    """Why a reply (status, Content-Type header, raw body) breaks what ``operation`` declares."""
    declared = operation.responses.get(str(status))
    if declared is None:
        return [f"status {status}: the spec declares {sorted(operation.responses)}"]
    media = content_type.split(";", 1)[0].strip().lower()
    if not declared:
        return [] if not body else [f"status {status}: the spec declares no body; got {len(body)} bytes ({media})"]
    if media not in declared:
        return [f"content type {media or '(none)'}: the spec declares {sorted(declared)}"]
    schema = declared[media]
    if media == "application/json":
        try:
            value = json.loads(body)
        except ValueError:
            return [f"body is not JSON: {body[:80]!r}"]
        return schema_errors(value, schema)
    if media == "text/event-stream":
        errors: list[str] = []
        for index, (_name, data) in enumerate(parse_sse(body.decode("utf-8"))):
            if data == "[DONE]":
                continue
            errors += [f"event {index} {e}" for e in schema_errors(json.loads(data), schema, limit=2)]
            if len(errors) >= 5:
                break
        return errors
    return []  # binary and text bodies: the type is the contract


def _route_key(entry: MethodEntry) -> tuple[str, str, bool] | None:
    resource = getattr(entry.method, "__self__", None)
    if resource is None or entry.raw is None or sender_of(type(resource), entry.name) != entry.name:
        return None  # a helper (parse, stream, *_and_poll): its request is its sibling's
    method, template = route_of_method(entry.method)
    return method, _PARAM.sub("{}", template), entry.path.startswith("beta.")


def sdk_methods_by_operation(client: Any) -> dict[str, list[MethodEntry]]:
    """Spec operation id -> the SDK methods (on ``client``) that request it; operations the SDK
    does not expose are absent."""
    by_key: dict[tuple[str, str, bool], list[MethodEntry]] = {}
    for entry in walk(client):
        key = _route_key(entry)
        if key is not None:
            by_key.setdefault(key, []).append(entry)
    found: dict[str, list[MethodEntry]] = {}
    beta_variants = {op.route_key[:2] for op in operations() if op.route_key[2]}
    for operation in operations():
        method, path, beta = operation.route_key
        if beta:
            entries = by_key.get((method, path, True), [])
        elif (method, path) in beta_variants:
            entries = by_key.get((method, path, False), [])  # the plain variant: not the beta resource's
        else:
            entries = by_key.get((method, path, False), []) + by_key.get((method, path, True), [])
        if entries:
            found[operation.id] = entries
    return found
