"""``client.beta.threads.messages``: what a client writes is what the thread holds.

``messages.create`` stores a message whose content is the request's (a string becomes one text
part), with no assistant or run. It stores where the generic state reads (``keeps_state``), so
retrieve, list (newest first, ``order``, ``after``/``before``, ``run_id``), update and delete stay
generic. A thread with an active run refuses new messages with the API's 400. The messages a
thread or a run is created with are stored the same way (`add_messages`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...._core.errors import bad_request
from ...._core.exchange import Exchange
from ...._state.collection import JsonObject
from ..._base.adapter import Adapter
from ..._base.router import Router
from ..._base.stateful import stateful_answer
from .runs._engine import active_run, messages_path, store

if TYPE_CHECKING:
    from ...._control.context import Context


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


MESSAGE_CREATE = MessageCreateAdapter()


def register(router: Router) -> None:
    router.add("POST", "/threads/{thread_id}/messages", MESSAGE_CREATE, summary=MESSAGE_CREATE.summary)
