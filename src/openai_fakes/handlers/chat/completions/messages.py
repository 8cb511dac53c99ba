"""``client.chat.completions.messages``: the request messages of a stored completion (kept by
``create(store=True)``, `_store`), oldest first, ids ``<completion id>-<n>``."""

from __future__ import annotations

import json
from functools import partial
from typing import TYPE_CHECKING, Any

from ...._core.exchange import BytesReply, Exchange, Reply
from ..._base.router import Router
from ..._stored import StoredRoute, page
from ._store import Build, messages_path, stored_completion
from .completions import build_chat_completion

if TYPE_CHECKING:
    from ...._control.context import Context

_MESSAGES = "/chat/completions/{completion_id}/messages"


def _messages(server: Context, exchange: Exchange, *, build: Build) -> Any:
    key = exchange.path_params["completion_id"]
    stored_completion(server, key, build)
    return page(server, exchange, messages_path(key), ascending_by_default=True)


class _MessagesRoute(StoredRoute):
    def respond(self, server: Context, exchange: Exchange, final: Any) -> Reply:
        # The API lists each message with its own role ("user", "system"...), while the SDK declares
        # ``ChatCompletionStoreMessage.role`` as ``Literal["assistant"]``. The SDK's own pipeline
        # parses replies leniently (unless ``_strict_response_validation``), so this page takes it
        # rather than the fake's strict fast path: the client sees what the API would send.
        if isinstance(final, dict) and any(m.get("role") != "assistant" for m in final.get("data") or ()):
            return BytesReply(json.dumps(final).encode(), "application/json")
        return super().respond(server, exchange, final)


def register(router: Router) -> None:
    # ``build_chat_completion`` makes up a completion for an id nobody stored (``unknown_ids="materialize"``).
    route = _MessagesRoute(
        partial(_messages, build=build_chat_completion), "stored: the request's messages, ids `<completion id>-<n>`"
    )
    router.add("GET", _MESSAGES, route, summary=route.summary)
