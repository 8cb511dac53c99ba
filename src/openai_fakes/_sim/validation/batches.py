"""A batch input file's lines, checked the way the Batch API checks them when a batch is created.

The API accepts a malformed ``.jsonl`` at upload ([3P] litellm PR #37527: a file whose lines lack
``method`` uploads with 200) and refuses it later: the batch ends ``failed`` with
``errors.data[] = {code, message, param, line}`` (docs/api-behaviour.md, Files, uploads and
batches). So this is not a request rule; a batches handler calls `batch_input_errors` when it
validates a batch.

Codes are the documented ones (same section). Messages are [U] except ``invalid_json_line``, seen as
"This line is not parseable as valid JSON." ([3P] stdapi-ai/stdapi.ai#240).
"""

from __future__ import annotations

import json
from typing import Any

MAX_TASKS = 50_000  # a batch input file holds at most 50,000 requests
_REQUIRED = ("custom_id", "method", "url", "body")


def _error(code: str, message: str, line: int | None, param: str | None = None) -> dict[str, Any]:
    return {"code": code, "message": message, "param": param, "line": line}


def batch_input_errors(content: bytes | str, endpoint: str) -> list[dict[str, Any]]:
    """The ``errors.data`` of a batch over ``content`` for ``endpoint`` (e.g.
    ``"/v1/chat/completions"``); empty when the file is a valid batch input."""
    text = content.decode("utf-8", errors="replace") if isinstance(content, bytes) else content
    lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not lines:
        return [_error("empty_file", "The input file is empty.", None)]
    if len(lines) > MAX_TASKS:
        return [_error("too_many_tasks", f"The input file contains more than {MAX_TASKS} requests.", None)]
    errors: list[dict[str, Any]] = []
    seen: set[str] = set()
    first_model: str | None = None
    for number, line in lines:
        try:
            request = json.loads(line)
        except ValueError:
            errors.append(_error("invalid_json_line", "This line is not parseable as valid JSON.", number))
            continue
        if not isinstance(request, dict):
            errors.append(_error("invalid_json_line", "This line is not parseable as valid JSON.", number))
            continue
        absent = next((key for key in _REQUIRED if key not in request), None)
        if absent is not None:
            errors.append(
                _error("missing_required_parameter", f"Missing required parameter: '{absent}'.", number, absent)
            )
            continue
        custom_id = request["custom_id"]
        if not isinstance(custom_id, str):
            errors.append(
                _error("invalid_type", "Invalid type for 'custom_id': expected a string.", number, "custom_id")
            )
        elif custom_id in seen:
            errors.append(
                _error("duplicate_custom_id", f"The custom_id '{custom_id}' is duplicated.", number, "custom_id")
            )
        else:
            seen.add(custom_id)
        if request["method"] != "POST":
            errors.append(
                _error("invalid_value", "Invalid value for 'method': only 'POST' is supported.", number, "method")
            )
        if request["url"] != endpoint:
            errors.append(
                _error(
                    "url_mismatch",
                    f"The url '{request['url']}' does not match the batch endpoint '{endpoint}'.",
                    number,
                    "url",
                )
            )
        body = request["body"]
        if not isinstance(body, dict):
            errors.append(_error("invalid_type", "Invalid type for 'body': expected an object.", number, "body"))
        elif isinstance(body.get("model"), str):
            first_model = first_model or body["model"]
            if body["model"] != first_model:
                # One model per file.
                errors.append(
                    _error("model_mismatch", "All requests in a batch must use the same model.", number, "body.model")
                )
    return errors
