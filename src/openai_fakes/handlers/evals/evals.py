"""``client.evals``: an eval keeps its testing criteria, and its runs (`runs.runs`) grade their data
source by them.

The eval objects live in the generic store (``/evals``: retrieve, list, update, delete). This area
adds what the store alone cannot: ``evals.create`` keeps the request's ``testing_criteria`` and
``data_source_config`` (a ``custom`` config is answered with its JSON schema wrapped as
``{item, sample}``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..._core.exchange import Exchange
from ..._state.collection import JsonObject, json_copy
from .._base.router import Router
from .._base.stateful import on_store

if TYPE_CHECKING:
    from ..._control.context import Context

EVALS = "/evals"


def keep_eval(server: Context, exchange: Exchange, evaluation: JsonObject) -> None:
    """``evals.create`` (an `on_store` hook): the eval holds what the request defined."""
    body = exchange.fields
    criteria = body.get("testing_criteria")
    if isinstance(criteria, list):
        evaluation["testing_criteria"] = json_copy(criteria)
    config = body.get("data_source_config")
    if isinstance(config, Mapping):
        evaluation["data_source_config"] = _config_of(config)
    evaluation["metadata"] = json_copy(body.get("metadata")) if isinstance(body.get("metadata"), Mapping) else {}
    evaluation["created_at"] = server.backend.clock.now()


def _config_of(config: Mapping[str, Any]) -> JsonObject:
    kind = str(config.get("type"))
    if kind == "custom":
        item = (
            json_copy(config.get("item_schema"))
            if isinstance(config.get("item_schema"), Mapping)
            else {"type": "object"}
        )
        properties: JsonObject = {"item": item}
        if config.get("include_sample_schema"):
            properties["sample"] = {"type": "object", "properties": {"output_text": {"type": "string"}}}
        return {"type": "custom", "schema": {"type": "object", "properties": properties, "required": list(properties)}}
    schema = {
        "type": "object",
        "properties": {"item": {"type": "object"}, "sample": {"type": "object"}},
        "required": ["item", "sample"],
    }
    return {"type": kind, "schema": schema, "metadata": json_copy(config.get("metadata"))}


def register(router: Router) -> None:
    on_store("create", EVALS, keep_eval)
