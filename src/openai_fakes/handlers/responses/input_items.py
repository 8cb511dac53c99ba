"""``client.responses.input_items``: a stored response's input, as items with ids, newest first
unless ``order`` says otherwise; stored by ``responses.create`` (`_store`)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from ..._core.exchange import Exchange
from .._base.router import Router
from .._stored import StoredRoute, page
from ._store import Build, input_items_path, stored_response
from .responses import build_response

if TYPE_CHECKING:
    from ..._control.context import Context

_INPUT_ITEMS = "/responses/{response_id}/input_items"


def _input_items(server: Context, exchange: Exchange, *, build: Build) -> Any:
    key = exchange.path_params["response_id"]
    stored_response(server, key, build)
    # Newest first unless ``order`` says otherwise (docs/api-behaviour.md, Pagination).
    return page(server, exchange, input_items_path(key), ascending_by_default=False)


def register(router: Router) -> None:
    # ``build_response`` makes up a response for an id nobody stored (``unknown_ids="materialize"``).
    route = StoredRoute(
        partial(_input_items, build=build_response), "stored: the request's input as items with ids, newest first"
    )
    router.add("GET", _INPUT_ITEMS, route, summary=route.summary)
