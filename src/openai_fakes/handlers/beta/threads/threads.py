"""``client.beta.threads``: what a client writes is what the thread holds.

``threads.create(messages=[...])`` stores the thread and its messages (as `messages` stores them).
``tool_resources.file_search.vector_stores`` (the helper, on threads and assistants) makes real
vector stores of its files, kept as ``vector_store_ids``, which a run's file search reads. The
thread is stored where the generic state reads (``keeps_state``), so retrieve, update and delete
stay generic. ``threads.create_and_run`` starts a run with the runs' adapter (`runs.runs`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...._core.exchange import Exchange
from ...._state.collection import JsonObject
from ..._base.adapter import Adapter
from ..._base.generic import GENERIC
from ..._base.router import Router
from ..._base.stateful import stateful_answer
from ._tool_resources import with_vector_stores
from .messages import add_messages
from .runs.runs import RUN_CREATE

if TYPE_CHECKING:
    from ...._control.context import Context


class ThreadCreateAdapter(Adapter):
    summary = (
        "stores the thread and the messages it was created with; a `file_search.vector_stores` helper makes real stores"
    )
    keeps_state = True

    def build(self, server: Context, exchange: Exchange) -> Any:
        body = exchange.body if isinstance(exchange.body, Mapping) else {}
        thread = stateful_answer(server, exchange, lambda: new_thread(server, exchange, body))
        if isinstance(thread, dict) and isinstance(thread.get("id"), str):
            add_messages(server, thread["id"], body.get("messages"), thread.get("created_at"))
        return thread


def new_thread(server: Context, exchange: Exchange, body: Mapping[str, Any]) -> JsonObject:
    thread: JsonObject = GENERIC.build_generic(server, exchange)
    thread.update(
        metadata=body.get("metadata") or {}, tool_resources=with_vector_stores(server, body.get("tool_resources"))
    )
    return thread


THREAD_CREATE = ThreadCreateAdapter()


def register(router: Router) -> None:
    router.add("POST", "/threads", THREAD_CREATE, summary=THREAD_CREATE.summary)
    # ``threads.create_and_run``: a run whose thread comes with it, made as ``runs.create`` makes one.
    router.add("POST", "/threads/runs", RUN_CREATE, summary=RUN_CREATE.summary)
