"""``client.vector_stores``: the stores live in the generic store; creating one attaches its files
(`_search`) and starts its lifecycle (`_lifecycle`); ``search`` ranks the chunks of its files."""

from __future__ import annotations

from .._base.router import Router
from . import _lifecycle, _search

STORES = _lifecycle.STORES


def register(router: Router) -> None:
    _search.register_hooks()  # first: the lifecycle hooks move files already attached
    _lifecycle.register_hooks()
    search = _search.Search()
    router.add("POST", f"{STORES}/{{vector_store_id}}/search", search, summary=search.summary)
