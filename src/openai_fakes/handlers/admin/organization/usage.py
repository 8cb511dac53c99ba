"""Usage and costs: ``GET /organization/usage/{category}`` and ``GET /organization/costs``.

They report what the fake actually served on the same backend (`_state.metering` records every billable
reply): tokens of chat, responses and legacy completions, embedding and moderation tokens, images
made, characters spoken, seconds transcribed, and the bytes held by vector stores.

Buckets cover ``start_time`` (inclusive) to ``end_time`` (exclusive, default now) in steps of
``bucket_width`` (``1m``, ``1h``, ``1d``; costs ``1d`` only), aligned to whole minutes, hours or UTC
days [U: the API's alignment of a start that is not on a boundary is unconfirmed]. Every bucket is
listed, an empty one with ``results: []``; ``limit`` buckets per page (defaults as the API: 7 days,
24 hours, 60 minutes) and ``next_page`` continues. ``group_by`` splits a bucket's results by the
named fields, which are then set on each result; without it a bucket has one result. Requests are
attributed to the organisation's default project, its owner and the owner's project key
(`_organization`): the fake's clients carry no real credentials to tell them apart.

Costs use `PRICES`, an illustrative table (USD per million tokens, per image, per million
characters, per minute), not a price list: tests should assert on what they control.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ...._core.errors import bad_request
from ...._core.exchange import Exchange
from ...._state.metering import Served, served
from ..._base.adapter import Adapter
from ..._base.router import Router
from ..._base.stateful import collection
from ._organization import Organization, organization

if TYPE_CHECKING:
    from ...._control.context import Context

_WIDTHS = {"1m": 60, "1h": 3_600, "1d": 86_400}
# (default, max) buckets per page for each width (docs/api-behaviour.md, Pagination).
_LIMITS = {"1m": (60, 1_440), "1h": (24, 168), "1d": (7, 31)}
_COSTS_LIMITS = (7, 180)

# Which request filter applies to which attribute of a record.
_FILTERS = {
    "project_ids": "project_id",
    "user_ids": "user_id",
    "api_key_ids": "api_key_id",
    "models": "model",
    "sizes": "size",
    "sources": "source",
    "line_items": "line_item",
}

PRICES: dict[str, tuple[float, float]] = {
    # model prefix: (USD per 1M input tokens, USD per 1M output tokens) -- illustrative only.
    "gpt-3.5-turbo": (0.50, 1.50),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-5-nano": (0.05, 0.40),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5": (1.25, 10.00),
    "o1": (15.00, 60.00),
    "o3-mini": (1.10, 4.40),
    "o4-mini": (1.10, 4.40),
    "text-embedding-3-small": (0.02, 0.0),
    "text-embedding-3-large": (0.13, 0.0),
    "text-embedding-ada-002": (0.10, 0.0),
    "omni-moderation": (0.0, 0.0),
    "text-moderation": (0.0, 0.0),
}
"""Illustrative prices by model-name prefix (the longest prefix wins); unknown models cost as gpt-4o-mini."""
PER_IMAGE = {"dall-e-3": 0.04, "dall-e-2": 0.02, "gpt-image-1": 0.04}
PER_MILLION_CHARACTERS = {"tts-1-hd": 30.0, "tts-1": 15.0, "gpt-4o-mini-tts": 12.0}
PER_MINUTE = {"whisper-1": 0.006, "gpt-4o-transcribe": 0.006, "gpt-4o-mini-transcribe": 0.003}


class UsageAdapter(Adapter):
    """One usage category: its records bucketed, grouped and filtered."""

    def __init__(self, category: str) -> None:
        self.category = category
        self.summary = f"reports the {category.replace('_', ' ')} the fake served on this backend, bucketed and grouped"

    def build(self, server: Context, exchange: Exchange) -> Any:
        query = exchange.query
        width_name = str(query.get("bucket_width") or "1d")
        if width_name not in _WIDTHS:
            raise bad_request(
                f"Invalid value for 'bucket_width': '{width_name}'. Expected one of 1m, 1h, 1d.", param="bucket_width"
            )
        default, most = _LIMITS[width_name]
        org = organization(server)
        rows: Callable[[int, int], list[dict[str, Any]]]
        if self.category == "vector_stores":

            def rows(start: int, end: int) -> list[dict[str, Any]]:
                return _vector_store_rows(server, org, end)

        else:
            records = [_row(r, org) for r in served(server.backend) if r.category == self.category]
            rows = _in_window(records)
        result = _RESULTS.get(self.category)
        return _report(server, query, width_name, default, most, rows, result)


class CostsAdapter(Adapter):
    summary = "reports the cost of what the fake served (illustrative prices), by day, grouped by line item or project"

    def build(self, server: Context, exchange: Exchange) -> Any:
        query = exchange.query
        width_name = str(query.get("bucket_width") or "1d")
        if width_name != "1d":
            raise bad_request(f"Invalid value for 'bucket_width': '{width_name}'. Expected 1d.", param="bucket_width")
        org = organization(server)
        items = [item for record in served(server.backend) for item in _line_items(record, org)]
        return _report(server, query, width_name, *_COSTS_LIMITS, _in_window(items), _cost_result)


def _in_window(records: list[dict[str, Any]]) -> Callable[[int, int], list[dict[str, Any]]]:
    """The rows of ``records`` stamped in ``[start, end)``."""
    return lambda start, end: [r for r in records if start <= r["at"] < end]


_CATEGORIES = (
    "audio_speeches",
    "audio_transcriptions",
    "code_interpreter_sessions",
    "completions",
    "embeddings",
    "file_search_calls",
    "images",
    "moderations",
    "vector_stores",
    "web_search_calls",
)


def register(router: Router) -> None:
    for category in _CATEGORIES:
        adapter = UsageAdapter(category)
        router.add("GET", f"/organization/usage/{category}", adapter, summary=adapter.summary)
    router.add("GET", "/organization/costs", CostsAdapter(), summary=CostsAdapter.summary)


# --- the report ---------------------------------------------------------------------------------

Row = dict[str, Any]
Summarise = Callable[[list[Row], Mapping[str, Any]], Row]


def _report(
    server: Context,
    query: Mapping[str, Any],
    width_name: str,
    default_limit: int,
    max_limit: int,
    rows: Callable[[int, int], list[Row]],
    summarise: Summarise | None,
) -> dict[str, Any]:
    width = _WIDTHS[width_name]
    start = _time(query.get("start_time"), "start_time")
    end = (
        _time(query.get("end_time"), "end_time")
        if query.get("end_time") is not None
        else server.backend.clock.now() + 1
    )
    limit = min(max(1, int(query.get("limit") or default_limit)), max_limit)
    first = _from_page(query.get("page")) if query.get("page") else start - start % width
    group_by = [str(name) for name in query.get("group_by") or ()]
    wanted = {field: set(map(_text, values)) for name, field in _FILTERS.items() if (values := query.get(name))}
    if isinstance(query.get("batch"), bool):
        wanted["batch"] = {_text(query["batch"])}
    buckets: list[dict[str, Any]] = []
    bucket = first
    while bucket < end and len(buckets) < limit:
        # A bucket aligned before start_time (or past end_time) holds only what lies inside the range.
        window = rows(max(bucket, start), min(bucket + width, end))
        found = [r for r in window if all(_text(r.get(f)) in values for f, values in wanted.items())]
        results = _grouped(found, group_by, summarise) if summarise is not None else []
        buckets.append({"object": "bucket", "start_time": bucket, "end_time": bucket + width, "results": results})
        bucket += width
    more = bucket < end
    return {"object": "page", "data": buckets, "has_more": more, "next_page": _to_page(bucket) if more else None}


def _grouped(rows: list[Row], group_by: list[str], summarise: Summarise) -> list[Row]:
    if not rows:
        return []
    groups: dict[tuple[Any, ...], list[Row]] = {}
    for row in rows:
        groups.setdefault(tuple(row.get(name) for name in group_by), []).append(row)
    results = []
    for key, members in groups.items():
        labels = dict(zip(group_by, key))
        results.append(summarise(members, labels))
    return results


def _time(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise bad_request(f"Missing required parameter: '{name}'.", param=name)
    try:
        seconds = int(value)
    except (ValueError, OverflowError):  # "abc", inf, nan
        raise bad_request(f"Invalid value for '{name}': expected Unix seconds.", param=name) from None
    if not 0 <= seconds < _LATEST:
        raise bad_request(f"Invalid value for '{name}': expected Unix seconds.", param=name)
    return seconds


# Times past this (the year 10000) are no Unix seconds a usage report could cover.
_LATEST = 253_402_300_800


def _to_page(bucket: int) -> str:
    return "page_" + base64.urlsafe_b64encode(bucket.to_bytes(8, "big")).decode("ascii")


def _from_page(cursor: Any) -> int:
    try:
        return int.from_bytes(base64.urlsafe_b64decode(str(cursor).removeprefix("page_")), "big")
    except (ValueError, TypeError):
        raise bad_request(f"Invalid value for 'page': '{cursor}'.", param="page") from None


def _text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


# --- rows: one per record, with the attributes a report groups and filters by --------------------


def _row(record: Served, org: Organization) -> Row:
    return {
        "at": record.at,
        "record": record,
        "model": record.model,
        "project_id": org.default_project_id,
        "user_id": org.owner["id"],
        "api_key_id": org.default_key_id,
        "batch": False,
        "service_tier": "default",
        "api_source": "unlabeled",
        "size": record.size,
        "source": record.source,
    }


def _vector_store_rows(server: Context, org: Organization, end: int) -> list[Row]:
    """The bytes the organisation's vector stores hold at the end of a bucket (storage is a level, not a flow)."""
    stores = collection(server.backend, "/vector_stores").values()
    return [
        {"at": end - 1, "usage_bytes": int(s.get("usage_bytes") or 0), "project_id": org.default_project_id}
        for s in stores
        if int(s.get("created_at") or 0) < end
    ]


def _int(mapping: Any, *path: str) -> int:
    for key in path:
        mapping = mapping.get(key) if isinstance(mapping, Mapping) else None
    return mapping if isinstance(mapping, int) else 0


def _tokens(usage: Mapping[str, Any]) -> dict[str, int]:
    """A reply's usage in the usage API's words (chat and legacy completions, or Responses)."""
    if "prompt_tokens" in usage:
        return {
            "input_tokens": _int(usage, "prompt_tokens"),
            "output_tokens": _int(usage, "completion_tokens"),
            "input_cached_tokens": _int(usage, "prompt_tokens_details", "cached_tokens"),
            "input_audio_tokens": _int(usage, "prompt_tokens_details", "audio_tokens"),
            "output_audio_tokens": _int(usage, "completion_tokens_details", "audio_tokens"),
        }
    return {
        "input_tokens": _int(usage, "input_tokens"),
        "output_tokens": _int(usage, "output_tokens"),
        "input_cached_tokens": _int(usage, "input_tokens_details", "cached_tokens"),
        "input_audio_tokens": 0,
        "output_audio_tokens": 0,
    }


def _summary(obj: str, labels: Mapping[str, Any], totals: Mapping[str, int], extra: Iterable[str] = ()) -> Row:
    """A result: the totals, and the grouped-by fields (the others null, as the API leaves them)."""
    result: Row = {"object": f"organization.usage.{obj}.result", **totals}
    for name in ("project_id", "user_id", "api_key_id", "model", *extra):
        result[name] = None
    result.update(labels)
    return result


def _sum(rows: list[Row], amount: Callable[[Row], Mapping[str, int]]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for row in rows:
        for name, value in amount(row).items():
            totals[name] = totals.get(name, 0) + value
    return totals


def _amount(name: str) -> Callable[[Row], Mapping[str, int]]:
    return lambda row: {name: int(row["record"].amounts.get(name) or 0)}


def _completions(rows: list[Row], labels: Mapping[str, Any]) -> Row:
    totals = _sum(rows, lambda row: _tokens(row["record"].amounts))
    totals["num_model_requests"] = len(rows)
    return _summary("completions", labels, totals, ("batch", "service_tier"))


def _simple(obj: str, name: str, *extra: str) -> Summarise:
    def summarise(rows: list[Row], labels: Mapping[str, Any]) -> Row:
        totals = _sum(rows, _amount(name))
        totals["num_model_requests"] = len(rows)
        return _summary(obj, labels, totals, extra)

    return summarise


def _embeddings(rows: list[Row], labels: Mapping[str, Any]) -> Row:
    totals = _sum(rows, lambda row: {"input_tokens": _int(row["record"].amounts, "prompt_tokens")})
    totals["num_model_requests"] = len(rows)
    return _summary("embeddings", labels, totals)


def _vector_stores(rows: list[Row], labels: Mapping[str, Any]) -> Row:
    return {
        "object": "organization.usage.vector_stores.result",
        "usage_bytes": sum(r["usage_bytes"] for r in rows),
        "project_id": labels.get("project_id"),
    }


_RESULTS: dict[str, Summarise] = {
    "completions": _completions,
    "embeddings": _embeddings,
    "moderations": _simple("moderations", "input_tokens"),
    "images": _simple("images", "images", "size", "source"),
    "audio_speeches": _simple("audio_speeches", "characters"),
    "audio_transcriptions": _simple("audio_transcriptions", "seconds"),
    "vector_stores": _vector_stores,
}
"""Categories the fake serves; the others (code interpreter sessions, file search and web search
calls) are listed as empty buckets."""


# --- costs --------------------------------------------------------------------------------------


def _price(table: Mapping[str, Any], model: str, fallback: Any) -> Any:
    for prefix in sorted(table, key=len, reverse=True):
        if model.startswith(prefix):
            return table[prefix]
    return fallback


def _line_items(record: Served, org: Organization) -> list[Row]:
    """What ``record`` costs, as the line items of a bill (``"<model>, input"``...)."""
    base = _row(record, org)
    model, amounts = record.model, record.amounts
    if record.category in ("completions", "embeddings", "moderations"):
        tokens = (
            _tokens(amounts)
            if record.category == "completions"
            else {"input_tokens": _int(amounts, "prompt_tokens") or _int(amounts, "input_tokens"), "output_tokens": 0}
        )
        price_in, price_out = _price(PRICES, model, PRICES["gpt-4o-mini"])
        items = [
            ("input", tokens["input_tokens"] * price_in / 1e6),
            ("output", tokens["output_tokens"] * price_out / 1e6),
        ]
    elif record.category == "images":
        items = [("images", _int(amounts, "images") * _price(PER_IMAGE, model, 0.04))]
    elif record.category == "audio_speeches":
        items = [("characters", _int(amounts, "characters") * _price(PER_MILLION_CHARACTERS, model, 15.0) / 1e6)]
    else:
        items = [("minutes", _int(amounts, "seconds") / 60 * _price(PER_MINUTE, model, 0.006))]
    return [
        {**base, "line_item": f"{model}, {kind}", "value": value} for kind, value in items if value or kind == "input"
    ]


def _cost_result(rows: list[Row], labels: Mapping[str, Any]) -> Row:
    result: Row = {
        "object": "organization.costs.result",
        "amount": {"value": round(sum(r["value"] for r in rows), 10), "currency": "usd"},
    }
    for name in ("line_item", "project_id", "api_key_id", "user_id", "api_source"):
        if name in labels:
            result[name] = labels[name]
    return result
