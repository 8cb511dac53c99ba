"""One recorded call (``Record``) and how a row of any log format becomes one.

Every reader (JSONL, CSV, pipe table) hands over a row as ``{column: value}``; the row says
either ``request`` / ``response`` (the fake's own export shape) or the request-log columns
``messages`` / ``model`` / ``raw_response``. Cells of text formats hold JSON as text, and some
log exports store JSON as a JSON string: both are decoded here, once, for every reader.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

CHAT = ("POST", "/chat/completions")

_EXPORT_COLUMNS = frozenset({"request", "response"})
_LOG_COLUMNS = frozenset({"messages", "raw_response"})
"""A request log's own columns; ``model`` may be there too: without it a record matches on its messages alone."""


@dataclass(frozen=True)
class Record:
    """One recorded call: the request (method, path, body) and the JSON the API answered it with."""

    method: str
    """The HTTP method, ``"POST"``, ``"GET"``..."""
    path: str
    """The SDK's path template (``/files/{file_id}``) or a concrete path."""
    body: Mapping[str, Any]
    """The request's parameters as sent; a request matches the record when it has each with the same value."""
    response: Any
    """The recorded JSON answer, replayed exactly as it is."""
    source: str = field(default="", compare=False)
    """Where the record was read (``file:line``), so strict replay's error can point at it."""

    @property
    def endpoint(self) -> str:
        """``"METHOD /path"``, as ``Call.endpoint`` names it (``"POST /chat/completions"``)."""
        return f"{self.method} {self.path}"

    def to_json(self) -> dict[str, Any]:
        """The record as one JSONL line's object, ``{request: {method, path, body}, response}`` (what ``load_jsonl`` reads)."""
        return {
            "request": {"method": self.method, "path": self.path, "body": dict(self.body)},
            "response": self.response,
        }


def names_a_record(columns: Any) -> bool:
    """Whether these column names (or a JSON object's keys) hold a record in either shape."""
    names = {str(name).strip().lower() for name in columns}
    return names >= _EXPORT_COLUMNS or names >= _LOG_COLUMNS


def record_from_fields(row: Mapping[str, Any], where: str) -> Record | None:
    """The record a row holds; ``None`` for a logged call with no response (it failed)."""
    fields = {str(name).strip().lower(): value for name, value in row.items()}
    if fields.keys() >= _LOG_COLUMNS and "request" not in fields:
        return _logged_call(fields, where)
    request = _json_cell(fields.get("request"), "request", where)
    response = _json_cell(fields.get("response"), "response", where)
    if not isinstance(request, Mapping) or response is None:
        raise ValueError(
            f"{where}: expected an object with 'request' and 'response' (or the request log's 'messages', "
            f"'model' and 'raw_response'), got keys {sorted(fields)}"
        )
    if "body" in request or "path" in request:
        body = request.get("body") or {}
        return Record(str(request.get("method", "POST")).upper(), str(request["path"]), dict(body), response, where)
    return Record(*CHAT, dict(request), response, where)


def _logged_call(fields: Mapping[str, Any], where: str) -> Record | None:
    response = _json_cell(fields["raw_response"], "raw_response", where)
    if response is None:
        return None  # the call failed: nothing was answered, so there is nothing to replay
    if not isinstance(response, Mapping):
        raise ValueError(f"{where}: raw_response should be the logged response object, got {_clip(response)}")
    messages = _json_cell(fields["messages"], "messages", where)
    if not isinstance(messages, list):
        raise ValueError(f"{where}: messages should be the logged JSON array of messages, got {_clip(messages)}")
    body: dict[str, Any] = {"messages": messages}
    model = _text_cell(fields.get("model"))
    if model:
        body = {"model": model, **body}
    return Record(*CHAT, body, dict(response), where)


def _json_cell(value: Any, column: str, where: str) -> Any:
    """A JSON cell's value. Text is decoded; a decoded string that is itself a JSON object or
    array (a log that stored JSON as a string) is decoded once more."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        decoded = json.loads(text)
    except json.JSONDecodeError as error:
        try:  # a markdown table escapes the pipes inside its cells as \|
            decoded = json.loads(text.replace("\\|", "|"))
        except json.JSONDecodeError:
            raise ValueError(
                f"{where}: the {column} cell is not JSON ({error.msg} at character {error.pos}): {_clip(text)}"
            ) from None
    if isinstance(decoded, str) and decoded.strip()[:1] in ("{", "["):
        return _json_cell(decoded, column, where)
    return decoded


def _text_cell(value: Any) -> str:
    if not isinstance(value, str):
        return "" if value is None else str(value)
    text = value.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':  # a JSON-quoted name
        try:
            decoded = json.loads(text)
        except json.JSONDecodeError:
            return text
        return decoded if isinstance(decoded, str) else text
    return "" if text == "null" else text


def _clip(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")
