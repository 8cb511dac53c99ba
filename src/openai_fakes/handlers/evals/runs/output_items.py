"""``client.evals.runs.output_items``: list and retrieve serve one output item per data item of a
completed run (`runs` grades them): ``status`` ``pass`` when every grader passed, else ``fail``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...._core.declared import declared_only
from ...._core.exchange import Exchange, JsonReply, Reply
from ...._state.collection import Collection, json_copy
from ...._state.shapes import not_found_error
from ..._base.adapter import Adapter
from ..._base.generic import GENERIC
from ..._base.router import Router
from ..._stored import page
from ..evals import EVALS
from .runs import RUNS

if TYPE_CHECKING:
    from ...._control.context import Context


class _OutputItems(Adapter):
    """``evals.runs.output_items.list`` / ``retrieve``: one item per graded data item."""

    def __init__(self, one: bool, summary: str) -> None:
        self.one = one
        self.summary = summary

    def build(self, server: Context, exchange: Exchange) -> Any:
        params = exchange.path_params
        eval_id, run_id = params.get("eval_id", ""), params.get("run_id", "")
        stores = server.backend.stores
        if exchange.stream or exchange.scripted or run_id not in stores.get(f"{EVALS}/{eval_id}/runs", {}):
            return GENERIC.build(server, exchange)  # 404 in strict mode; a generic answer otherwise
        path = f"{EVALS}/{eval_id}/runs/{run_id}/output_items"
        found = stores.get(path)
        items = found if isinstance(found, Collection) else Collection()
        if self.one:
            key = params.get("output_item_id", "")
            if key not in items:
                raise not_found_error("/output_items", key)
            return declared_only(json_copy(items[key]), exchange.cast_to, deep=True)
        status = exchange.query.get("status")
        listed = page(
            server,
            exchange,
            path,
            ascending_by_default=True,
            where={"status": status} if isinstance(status, str) else None,
        )
        return declared_only(listed, exchange.cast_to, deep=True)

    def respond(self, server: Context, exchange: Exchange, final: Any) -> Reply:
        return GENERIC.respond(server, exchange, final) if exchange.stream else JsonReply(final)


def register(router: Router) -> None:
    listed = _OutputItems(
        False, "stateful: one output item per data item once the run completed, graded by the eval's criteria"
    )
    one = _OutputItems(True, "stateful: the run's output item: its grader results, sample and data item")
    router.add("GET", f"{RUNS}/{{run_id}}/output_items", listed, summary=listed.summary)
    router.add("GET", f"{RUNS}/{{run_id}}/output_items/{{output_item_id}}", one, summary=one.summary)
