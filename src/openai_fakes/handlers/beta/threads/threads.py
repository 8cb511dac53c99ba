"""Assistants threads and messages: what a client writes is what the thread holds.

``threads.create(messages=[...])`` stores the thread and its messages; ``messages.create`` stores
a message whose content is the request's (a string becomes one text part), with no assistant or
run. ``tool_resources.file_search.vector_stores`` (the helper, on threads and assistants) makes real
vector stores of its files, kept as ``vector_store_ids``, which a run's file search reads. Both store where the generic state reads (``keeps_state``), so retrieve, list (newest first,
``order``, ``after``/``before``, ``run_id``), update and delete stay generic. A thread with an
active run refuses new messages with the API's 400.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from openai.types import VectorStore

from ...._core.errors import bad_request
from ...._core.exchange import Exchange
from ...._state.collection import JsonObject, json_copy
from ..._base.adapter import Adapter
from ..._base.generic import GENERIC
from ..._base.router import Router
from ..._base.stateful import stateful_answer
from ...vector_stores._lifecycle import STORES, recount_store
from ...vector_stores._search import attach_files
from .runs._engine import active_run, messages_path, store

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


class MessageCreateAdapter(Adapter):
    summary = "the message holds the request's content (text parts, images, attachments); refused while a run is active"
    keeps_state = True

    def build(self, server: Context, exchange: Exchange) -> Any:
        thread_id = exchange.path_params["thread_id"]
        body = exchange.body if isinstance(exchange.body, Mapping) else {}
        running = active_run(server, thread_id)
        if (
            running is not None and server.backend.unknown_ids == "strict"
        ):  # materialize: the fake assumes, never refuses
            raise bad_request(f"Can't add messages to {thread_id} while a run {running['id']} is active.")
        return stateful_answer(
            server, exchange, lambda: message_from(server, thread_id, body, server.backend.clock.now())
        )


def new_thread(server: Context, exchange: Exchange, body: Mapping[str, Any]) -> JsonObject:
    thread: JsonObject = GENERIC.build_generic(server, exchange)
    thread.update(
        metadata=body.get("metadata") or {}, tool_resources=with_vector_stores(server, body.get("tool_resources"))
    )
    return thread


def with_vector_stores(server: Context, resources: Any) -> JsonObject:
    """``tool_resources`` as the API keeps them: ``file_search.vector_stores`` (the helper that
    makes a store of ``file_ids``) becomes the new stores' ``vector_store_ids``. A helper store
    is searchable at once (the API waits for a thread's stores before a run uses them, [U])."""
    kept: JsonObject = json_copy(dict(resources)) if isinstance(resources, Mapping) else {}
    file_search = kept.get("file_search")
    if not isinstance(file_search, dict) or not isinstance(file_search.get("vector_stores"), list):
        return kept
    ids = [i for i in file_search.get("vector_store_ids") or () if isinstance(i, str)]
    for spec in file_search.pop("vector_stores"):
        if isinstance(spec, Mapping):
            ids.append(helper_store(server, spec))
    file_search["vector_store_ids"] = ids
    return kept


def helper_store(server: Context, spec: Mapping[str, Any]) -> str:
    """A vector store made by a ``tool_resources`` helper, its files attached and completed."""

    backend = server.backend
    now = backend.clock.now()
    made: JsonObject = server.render(VectorStore)
    made.update(
        id=backend.id_for_kind("vector_store"),
        created_at=now,
        last_active_at=now,
        name="",  # [U] what the API names a helper's store
        metadata=dict(spec.get("metadata") or {}),
        expires_after=None,
        expires_at=None,
        status="completed",
    )
    store(server, STORES).put(made)
    file_ids = [f for f in spec.get("file_ids") or () if isinstance(f, str)]
    attach_files(server, made["id"], file_ids, spec.get("chunking_strategy"))
    recount_store(backend, made["id"])
    return str(made["id"])


def add_messages(server: Context, thread_id: str, messages: Any, created_at: Any) -> None:
    """Store the messages a thread is created with, oldest first, at the thread's creation time."""
    now = created_at if isinstance(created_at, int) else server.backend.clock.now()
    collection = store(server, messages_path(thread_id))
    for item in messages or ():
        if isinstance(item, Mapping):
            collection.put(message_from(server, thread_id, item, now))


def message_from(server: Context, thread_id: str, item: Mapping[str, Any], now: int) -> JsonObject:
    """A message as a client writes it: its content, no assistant, no run, already complete."""
    return {
        "id": server.backend.id_for_kind("thread.message"),
        "object": "thread.message",
        "created_at": now,
        "assistant_id": None,
        "thread_id": thread_id,
        "run_id": None,
        "status": "completed",
        "incomplete_details": None,
        "incomplete_at": None,
        "completed_at": now,
        "role": item.get("role") or "user",
        "content": content_parts(item.get("content")),
        "attachments": list(item.get("attachments") or []),
        "metadata": dict(item.get("metadata") or {}),
    }


def content_parts(content: Any) -> list[dict[str, Any]]:
    """The request's content as the message's parts: text gets its (empty) annotations."""
    if isinstance(content, str):
        return [_text(content)]
    parts: list[dict[str, Any]] = []
    for part in content or ():
        if not isinstance(part, Mapping):
            continue
        if part.get("type") == "text":
            parts.append(_text(str(part.get("text", ""))))
        elif part.get("type") in ("image_file", "image_url"):
            parts.append(dict(part))
    return parts


def _text(value: str) -> dict[str, Any]:
    return {"type": "text", "text": {"value": value, "annotations": []}}


THREAD_CREATE = ThreadCreateAdapter()
MESSAGE_CREATE = MessageCreateAdapter()


def register(router: Router) -> None:
    router.add("POST", "/threads", THREAD_CREATE, summary=THREAD_CREATE.summary)
    router.add("POST", "/threads/{thread_id}/messages", MESSAGE_CREATE, summary=MESSAGE_CREATE.summary)
