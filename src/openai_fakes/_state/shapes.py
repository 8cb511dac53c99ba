"""What the generic state's answers look like: pages, 404s, statuses, filters, uploads.

Pure functions of JSON and the SDK's types, split from `handlers._base.stateful` (which walks the store).
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from functools import cache
from typing import Any

from .._core.errors import not_found
from .._core.exchange import Exchange
from .._core.model_fields import union_args
from .collection import JsonObject

# Page size when the request names none (docs/api-behaviour.md, Pagination); everything else lists 20 at a time.
DEFAULT_LIMITS = {
    "/files": 10_000,
    "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions": 10,
    "/organization/groups": 100,
    "/organization/roles": 1_000,
}
# Listed oldest first unless ``order`` says otherwise (docs/api-behaviour.md, Pagination); the rest newest first.
ASCENDING = frozenset(
    {
        "/chat/completions",
        "/evals",
        "/evals/{eval_id}/runs",
        "/organization/admin_api_keys",
        "/organization/groups",
        "/organization/roles",
    }
)
_PAGING = frozenset({"limit", "after", "before", "order"})
# Query parameters that filter on a field of another name.
_FILTER_FIELDS = {"filter": "status"}


def not_found_error(family: str, key: str) -> Exception:
    """The API's 404 for an id it does not know (docs/api-behaviour.md, Error messages; only the File wording is
    observed)."""
    if family == "/files":
        return not_found(f"No such File object: {key}", param="id")
    noun = family.rstrip("/").rpartition("/")[2].replace("_", " ")
    for plural, singular in (("ches", "ch"), ("ies", "y"), ("ses", "s"), ("s", "")):
        if noun.endswith(plural):
            noun = noun[: -len(plural)] + singular
            break
    return not_found(f"No {noun} found with id '{key}'.")


# The list envelope the API sends (docs/api-behaviour.md, Pagination): ``object: "list"`` on every
# page, and on a cursor page its ``first_id`` / ``last_id`` (null when the page is empty) and
# ``has_more`` — whatever the SDK's page class reads of it. Fine-tuning jobs and their events are
# cursor lists without first / last ids.
_CURSORS_WITHOUT_IDS = frozenset(
    {("GET", "/fine_tuning/jobs"), ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}/events")}
)
# Cursor lists the SDK parses as a plain page (no cursor to follow): the API still sends the cursor fields.
_CURSOR_LISTS_READ_WHOLE = frozenset({("POST", "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions")})


def page(exchange: Exchange, items: list[Any], has_more: bool) -> JsonObject:
    """A page of ``exchange``'s page type holding ``items``, in the API's list envelope; ``has_more``
    (and ``next``, the cursor to them, where the page type reads one) say whether objects remain after it."""
    fields = exchange.cast_to.model_fields
    ids = [item.get("id") for item in items if isinstance(item, dict)]
    shown: JsonObject = {"object": "list", "data": items}
    if "next" in fields:
        shown["has_more"] = has_more
        shown["next"] = ids[-1] if ids and has_more else None
    elif "has_more" in fields or exchange.route in _CURSOR_LISTS_READ_WHOLE:
        if exchange.route not in _CURSORS_WITHOUT_IDS:
            shown["first_id"] = ids[0] if ids else None
            shown["last_id"] = ids[-1] if ids else None
        shown["has_more"] = has_more
    return shown


def filters(query: Mapping[str, Any], item_type: Any) -> dict[str, Any]:
    """Equality filters: query parameters that name a field of the listed objects (``purpose``)."""
    fields = _field_names(item_type)
    where: dict[str, Any] = {}
    for name, value in query.items():
        field = _FILTER_FIELDS.get(name, name)
        if name not in _PAGING and field in fields and isinstance(value, (str, int, float, bool)):
            where[field] = value
    return where


@cache
def _field_names(tp: Any) -> frozenset[str]:
    fields = getattr(tp, "model_fields", None) or {}
    return frozenset(field.alias or name for name, field in fields.items())


@cache
def statuses(tp: Any) -> frozenset[str]:
    """The values ``tp.status`` may take (its ``Literal`` members)."""
    fields = getattr(tp, "model_fields", None) or {}
    field = fields.get("status")
    if field is None:
        return frozenset()
    annotation = field.annotation
    found: set[str] = set()
    for member in union_args(annotation) or (annotation,):
        if typing.get_origin(member) is typing.Literal:
            found.update(str(value) for value in typing.get_args(member))
    return frozenset(found)


def set_status(obj: JsonObject, status: str, now: int) -> None:
    obj["status"] = status
    stamp = f"{status}_at"
    if stamp in obj:
        obj[stamp] = now


def describe_upload(data: JsonObject, exchange: Exchange) -> None:
    """An uploaded file's object says what was uploaded: its name and size in bytes."""
    if not exchange.files or "filename" not in data:
        return
    upload = exchange.files[0][1]
    name, content = (upload[0], upload[1]) if isinstance(upload, tuple) else (getattr(upload, "name", None), upload)
    if isinstance(name, str) and name:
        data["filename"] = name.replace("\\", "/").rpartition("/")[2]
    size = _size_of(content)
    if size is not None and "bytes" in data:
        data["bytes"] = size


def _size_of(content: Any) -> int | None:
    if isinstance(content, (bytes, bytearray)):
        return len(content)
    seek, tell = getattr(content, "seek", None), getattr(content, "tell", None)
    if callable(seek) and callable(tell):
        try:
            here = tell()
            size = seek(0, 2) - here
            seek(here)
            return int(size)
        except (OSError, ValueError):
            return None
    return None


def int_param(value: Any, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except (TypeError, ValueError):
        return default


def text_param(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
