"""Whether scripted text can be the output a request's strict structured-output schema promises.

With ``strict: true`` on a ``json_schema`` format (chat's ``response_format``, the Responses API's
``text.format``; ``.parse()`` always sends it), the API guarantees the text is JSON that fits the
schema, so a script whose text does not is a wrong test (a renamed field, a changed type). A
non-strict schema and ``json_object`` promise no such thing: a model may answer with JSON that does
not fit, or none, and tests of code that retries on bad output script exactly that, so they are
left alone.

Two departures from the schema are let through, because a right test writes them and ``.parse()``
reads the text the same: a key the schema does not list (``structured(Model(...))`` dumps a
pydantic computed field, which the SDK's schema leaves out), and an omitted property that may be
null (the SDK's strict schema requires every property, so a dict that leaves out an optional field
of the model breaks it, though the model fills in its default).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .._core.json_schema import schema_violation


def sent_format(params: Mapping[str, Any], where: str) -> Any:
    """The structured-output format a request sends at ``where``: ``"response_format"`` (chat
    completions, Assistants runs) or ``"text.format"`` (the Responses API); ``None`` when not sent."""
    if where == "response_format":
        return params.get("response_format")
    text = params.get("text")
    return text.get("format") if isinstance(text, Mapping) else None


def flat_format(format_: Any) -> Mapping[str, Any]:
    """A sent format as the Responses API writes it (``type``, ``name``, ``schema``, ``strict`` on one
    level): chat nests all but ``type`` under ``json_schema``."""
    if not isinstance(format_, Mapping):
        return {}
    inner = format_.get("json_schema")
    return {"type": format_.get("type"), **inner} if isinstance(inner, Mapping) else format_


def strict_schema(params: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]] | None:
    """The name and schema of the strict ``json_schema`` format a request asks for, or ``None``."""
    sent = sent_format(params, "response_format")
    spec = flat_format(sent if isinstance(sent, Mapping) else sent_format(params, "text.format"))
    schema = spec.get("schema")
    if spec.get("type") != "json_schema" or spec.get("strict") is not True or not isinstance(schema, Mapping):
        return None
    return str(spec.get("name", "")), schema


def strict_output_problem(params: Mapping[str, Any], text: str) -> str | None:
    """Why ``text`` cannot be the output of this request's strict schema, or ``None``."""
    found = strict_schema(params)
    if found is None:
        return None
    name, schema = found
    try:
        value = json.loads(text)
    except ValueError:
        return (
            f"it is not JSON ({text[:80]!r}), but the request's strict json_schema {name!r} asks for JSON that fits it"
        )
    violation = schema_violation(value, _as_tests_write_it(schema, schema))
    if violation is None:
        return None
    return f"it does not fit the request's strict json_schema {name!r}: {violation} (text: {text[:200]})"


# Keywords whose contents are JSON values, not schemas: left as they are.
_VALUES = frozenset({"const", "enum", "default", "examples"})


def _as_tests_write_it(node: Any, root: Mapping[str, Any]) -> Any:
    """``node`` with objects open to unlisted keys and nullable properties optional (see above)."""
    if isinstance(node, list):
        return [_as_tests_write_it(item, root) for item in node]
    if not isinstance(node, Mapping):
        return node
    copy = {key: value if key in _VALUES else _as_tests_write_it(value, root) for key, value in node.items()}
    if copy.get("additionalProperties") is False:
        del copy["additionalProperties"]
    properties, required = node.get("properties"), node.get("required")
    if isinstance(properties, Mapping) and isinstance(required, list):
        definitions = {key: root[key] for key in ("$defs", "definitions") if key in root}
        copy["required"] = [name for name in required if not _may_be_null(properties.get(name), definitions)]
    return copy


def _may_be_null(schema: Any, definitions: Mapping[str, Any]) -> bool:
    # Local references ("#/$defs/Address") resolve against the definitions carried along.
    return isinstance(schema, Mapping) and schema_violation(None, {**definitions, **schema}) is None
