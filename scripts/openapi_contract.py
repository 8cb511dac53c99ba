"""Derive the wire contract tests/wire checks the fake against, from the API's OpenAPI spec.

Reads a copy of OpenAI's published OpenAPI spec (openai-openapi repository), a YAML file, and
writes what tests/wire/test_openapi_contract.py needs into a compact JSON file, committed so the
test runs on a fresh clone with no copy of the spec at hand:

- every operation: path, HTTP method, operationId, the status codes it declares, and for each
  success status its content types with their response schemas (``$ref``s kept);
- the component schemas those refer to, transitively;
- each operation's response example (``x-oaiMeta``), parsed, where it is JSON, and the events of
  its streamed example: the test shows each spec defect it tolerates in these;
- the sha256 of the source, so the test can tell when the file is stale against that copy.

Descriptions, titles, examples inside schemas, defaults and ``x-`` extensions are dropped: none
of them constrains a reply. The spec is OpenAPI 3.1 (JSON Schema 2020-12) but still marks some
fields with 3.0's ``nullable: true``, which 2020-12 ignores; such a schema is rewritten to allow
``null`` as the spec means (``type: [X, "null"]``, ``null`` added to an ``enum``, or an ``anyOf``
with ``{"type": "null"}`` where there is no ``type``). Run with the source's path (a default is given) and, optionally,
where to write:

    python scripts/openapi_contract.py [SPEC_YAML] [OUTPUT_JSON]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "reference" / "openapi.yaml"
DEFAULT_OUTPUT = ROOT / "tests" / "wire" / "openapi_contract.json"

_METHODS = ("get", "post", "put", "patch", "delete")
# Schema keywords that document rather than constrain.
_DROPPED = frozenset({"description", "title", "example", "examples", "default", "deprecated", "externalDocs"})
# Keywords whose value maps names to schemas (the names are data, not keywords).
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_REF = re.compile(r"^#/components/schemas/(.+)$")


def strip_schema(schema: Any) -> Any:
    """``schema`` without documentation keywords, recursively (property names are kept)."""
    if isinstance(schema, list):
        return [strip_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    kept: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _DROPPED or key == "nullable" or key.startswith("x-"):
            continue
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            kept[key] = {name: strip_schema(sub) for name, sub in value.items()}
        elif key == "enum" or key == "const":
            kept[key] = value
        else:
            kept[key] = strip_schema(value)
    return _nullable(kept) if schema.get("nullable") is True else kept


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI 3.0's ``nullable: true`` in JSON Schema 2020-12 terms."""
    kind = schema.get("type")
    if kind is None:
        return {"anyOf": [schema, {"type": "null"}]}
    allowed = dict(schema)
    allowed["type"] = [*kind, "null"] if isinstance(kind, list) else [kind, "null"]
    if "enum" in allowed and None not in allowed["enum"]:
        allowed["enum"] = [*allowed["enum"], None]
    return allowed


def _refs(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        ref = value.get("$ref")
        if isinstance(ref, str) and (match := _REF.match(ref)):
            found.add(match[1])
        for sub in value.values():
            found |= _refs(sub)
    elif isinstance(value, list):
        for sub in value:
            found |= _refs(sub)
    return found


def _response(spec: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    ref = response.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[1]
        resolved: dict[str, Any] = spec["components"]["responses"][name]
        return resolved
    return response


def _examples(operation: dict[str, Any]) -> tuple[Any, list[Any] | None]:
    """The first JSON response example and the events (``data:`` lines) of the first SSE one."""
    examples = (operation.get("x-oaiMeta") or {}).get("examples")
    found: Any = None
    events: list[Any] | None = None
    for example in examples if isinstance(examples, list) else [examples]:
        text = example.get("response") if isinstance(example, dict) else None
        if not isinstance(text, str):
            continue
        if text.lstrip().startswith(("event:", "data:")):
            if events is None:
                events = _sse_events(text)
            continue
        if found is None:
            try:
                # Some examples are hand-written with a trailing comma; the rest is JSON.
                found = json.loads(_TRAILING_COMMA.sub(r"\1", text))
            except ValueError:
                continue  # prose, or JSON with comments: nothing to check
    return found, events


def _sse_events(text: str) -> list[Any] | None:
    events: list[Any] = []
    for line in text.splitlines():
        data = line.removeprefix("data:").strip() if line.startswith("data:") else None
        if data and data != "[DONE]":
            try:
                events.append(json.loads(data))
            except ValueError:
                return None  # an elided transcript ("...") is no example to check
    return events or None


def derive(spec: dict[str, Any], sha256: str) -> dict[str, Any]:
    operations: list[dict[str, Any]] = []
    for path, item in spec["paths"].items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            responses: dict[str, dict[str, Any]] = {}
            statuses = sorted(operation.get("responses", {}))
            for status in statuses:
                if not status.startswith("2"):
                    continue
                content = _response(spec, operation["responses"][status]).get("content") or {}
                responses[status] = {kind: strip_schema(body.get("schema", {})) for kind, body in content.items()}
            entry: dict[str, Any] = {
                "id": operation.get("operationId"),
                "method": method.upper(),
                "path": path,
                "statuses": statuses,
                "responses": responses,
            }
            example, events = _examples(operation)
            if example is not None:
                entry["example"] = example
            if events is not None:
                entry["stream_example"] = events
            operations.append(entry)
    schemas = spec["components"]["schemas"]
    needed: set[str] = set()
    pending = _refs([operation["responses"] for operation in operations])
    while pending:
        name = pending.pop()
        if name in needed:
            continue
        needed.add(name)
        pending |= _refs(schemas[name]) - needed
    return {
        "source": {"sha256": sha256, "openapi": spec["openapi"], "version": spec["info"]["version"]},
        "operations": operations,
        "components": {"schemas": {name: strip_schema(schemas[name]) for name in sorted(needed)}},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help="the spec, YAML")
    parser.add_argument("output", nargs="?", type=Path, default=DEFAULT_OUTPUT, help="the JSON to write")
    args = parser.parse_args(argv)
    import yaml  # PyYAML: only this reading needs it (the docs tools bring it into the dev extra)

    raw = args.source.read_bytes()
    spec = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    contract = derive(spec, hashlib.sha256(raw).hexdigest())
    # Dates in examples (YAML reads some as date objects) are written as the text they were.
    text = json.dumps(contract, separators=(",", ":"), sort_keys=True, default=str)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(f"{args.output}: {len(contract['operations'])} operations, {len(text)} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
