"""``POST /files``: purposes and file formats the API refuses at upload (docs/api-behaviour.md, Files, uploads
and batches).

The body of an upload is multipart: ``purpose`` is a form field (in the exchange's body) and the
file is ``exchange.files`` as the SDK passes it (``bytes``, a file object, or a ``(name, content,
...)`` tuple). A batch file's *lines* are not checked here: the API accepts a ``.jsonl`` with bad
lines at upload and reports them when a batch is created (see `batches.batch_input_errors`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from ..._core.errors import bad_request
from ..._core.exchange import Exchange
from ._common import Rule, in_range, invalid_type, invalid_value, is_integer, is_object, missing

# Upload purposes in the order the API lists them: "'vector_store' is not one of ['fine-tune',
# 'assistants', 'batch', 'user_data', 'vision', 'evals'] - 'purpose'" ([3P] real errors).
PURPOSES = ("fine-tune", "assistants", "batch", "user_data", "vision", "evals")

# Purposes whose files must be JSON Lines: "Invalid file format for Batch API. Must be .jsonl"
# ([3P] real uploads of .txt files, litellm PR #37527) and the same for fine-tuning ([3P] CLI tests
# against the API).
_JSONL_ONLY = {"batch": "Batch API", "fine-tune": "Fine-Tuning API"}


def purpose(exchange: Exchange, body: Mapping[str, Any]) -> None:
    value = body.get("purpose")
    if value is None:
        raise missing("purpose")
    if not isinstance(value, str):
        raise invalid_type("purpose", "a string", value)
    if value not in PURPOSES:
        listed = ", ".join(f"'{p}'" for p in PURPOSES)
        raise bad_request(f"'{value}' is not one of [{listed}] - 'purpose'", param="purpose")


def file_present(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """An upload without a file has nothing to store."""
    if not any(field == "file" for field, _ in exchange.files):
        raise missing("file")  # [U] wording (the SDK requires `file`, so this is rare)


def jsonl_for_batch_and_fine_tune(exchange: Exchange, body: Mapping[str, Any]) -> None:
    value = body.get("purpose")
    api = _JSONL_ONLY.get(value) if isinstance(value, str) else None
    if api is None:
        return
    for field, value in exchange.files:
        name = filename_of(value)
        # Bytes sent without a name are not judged: what the API does with them is [U].
        if field == "file" and name is not None and not name.lower().endswith(".jsonl"):
            raise bad_request(f"Invalid file format for {api}. Must be .jsonl")


def filename_of(value: Any) -> str | None:
    """The file name the SDK will send for a ``FileTypes`` value, when there is one."""
    if isinstance(value, tuple) and value and isinstance(value[0], str):
        return value[0]
    name = getattr(value, "name", None)
    if isinstance(name, str):
        return os.path.basename(name)
    if isinstance(value, os.PathLike):
        path: Any = os.fspath(value)
        return os.path.basename(path) if isinstance(path, str) else None
    return None


# A file's expiry, counted from its creation: an hour to 30 days (the API reference, ``expires_after``).
EXPIRY_SECONDS = (3600, 2_592_000)


def expires_after(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """``expires_after = {anchor: "created_at", seconds}`` within an hour and 30 days. [U] the
    wording: the API's usual messages for a missing field, a value and a range."""
    value = body.get("expires_after")
    if value is None:
        return
    if not is_object(value):
        raise invalid_type("expires_after", "an object", value)
    anchor = value.get("anchor")
    if anchor is None:
        raise missing("expires_after.anchor")
    if anchor != "created_at":
        raise invalid_value("expires_after.anchor", anchor, ["created_at"])
    seconds = value.get("seconds")
    if seconds is None:
        raise missing("expires_after.seconds")
    if not is_integer(seconds):
        raise invalid_type("expires_after.seconds", "an integer", seconds)
    in_range("expires_after.seconds", seconds, *EXPIRY_SECONDS, integer=True)


RULES = (
    Rule(purpose),
    Rule(file_present, lenient=True),
    Rule(jsonl_for_batch_and_fine_tune),
    Rule(expires_after, fires_on=frozenset({"expires_after"})),
)
