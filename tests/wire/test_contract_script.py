"""scripts/openapi_contract.py on a spec small enough to read: what it keeps, drops and rewrites.

The spec is given as the mapping the script's YAML reading gives (so no YAML parser is needed here).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "openapi_contract.py"

_SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "tiny", "version": "0.0.1"},
    "paths": {
        "/things/{thing_id}": {
            "parameters": [{"name": "thing_id", "in": "path"}],
            "get": {
                "operationId": "getThing",
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                    },
                    "404": {"$ref": "#/components/responses/NotFound"},
                },
                "x-oaiMeta": {"examples": {"response": '{"id": "t1", "description": null,}\n'}},
            },
        }
    },
    "components": {
        "responses": {"NotFound": {"description": "gone"}},
        "schemas": {
            "Thing": {
                "type": "object",
                "description": "A thing.",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string", "description": "Its id.", "example": "t1"},
                    "description": {"type": "string", "nullable": True},
                    "kind": {"$ref": "#/components/schemas/Kind"},
                },
            },
            "Kind": {"type": "string", "enum": ["a", "b"], "nullable": True, "x-stainless-const": True},
            "Unused": {"type": "string"},
        },
    },
}


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("openapi_contract_script_tiny", _SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_script_keeps_what_validates_and_drops_what_documents() -> None:
    contract = _script().derive(_SPEC, "0" * 64)
    assert contract["source"] == {"sha256": "0" * 64, "openapi": "3.1.0", "version": "0.0.1"}
    (operation,) = contract["operations"]  # path-level "parameters" is no operation
    assert (operation["method"], operation["path"], operation["statuses"]) == (
        "GET",
        "/things/{thing_id}",
        ["200", "404"],
    )
    assert operation["responses"] == {"200": {"application/json": {"$ref": "#/components/schemas/Thing"}}}
    assert operation["example"] == {"id": "t1", "description": None}  # the trailing comma forgiven
    schemas = contract["components"]["schemas"]
    assert sorted(schemas) == ["Kind", "Thing"]  # only what the responses reach
    assert schemas["Thing"]["properties"]["id"] == {"type": "string"}  # description and example gone
    assert "description" not in schemas["Thing"]  # the keyword goes...
    assert schemas["Thing"]["properties"]["description"] == {"type": ["string", "null"]}  # ...a property stays
    assert schemas["Kind"] == {"type": ["string", "null"], "enum": ["a", "b", None]}  # nullable: true honoured
