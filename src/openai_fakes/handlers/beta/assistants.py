"""``client.beta.assistants``: create and update keep what was sent; the objects live in the generic
store (``keeps_state``), so retrieve, list and delete stay generic. Runs read them
(`beta.threads.runs.runs`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..._core.exchange import Exchange
from ..._state.collection import json_copy
from .._base.adapter import Adapter
from .._base.generic import GENERIC
from .._base.router import Router
from .._base.stateful import stateful_answer
from .threads._tool_resources import with_vector_stores

if TYPE_CHECKING:
    from ..._control.context import Context

# What an assistant shows for a field the create did not send (docs/api-behaviour.md, Assistants runs).
_ASSISTANT_DEFAULTS: tuple[tuple[str, Any], ...] = (
    ("name", None),
    ("description", None),
    ("instructions", None),
    ("tools", []),
    ("tool_resources", {}),
    ("response_format", "auto"),
    ("temperature", 1.0),
    ("top_p", 1.0),
    ("metadata", {}),
)


def _body(exchange: Exchange) -> Mapping[str, Any]:
    return exchange.body if isinstance(exchange.body, Mapping) else {}


class AssistantAdapter(Adapter):
    """Create and update: the assistant keeps every field sent, nested ones (tools) included."""

    summary = "keeps what was sent (tools, response_format, tool_resources); unsent fields at the API's defaults"
    keeps_state = True

    def build(self, server: Context, exchange: Exchange) -> Any:
        return stateful_answer(server, exchange, lambda: self._shaped(server, exchange))

    def _shaped(self, server: Context, exchange: Exchange) -> Any:
        data = GENERIC.build_generic(server, exchange)
        if not isinstance(data, dict) or data.get("object") != "assistant":
            return data
        body = _body(exchange)
        creating = "assistant_id" not in exchange.path_params
        for name, default in _ASSISTANT_DEFAULTS:
            if name in body:
                data[name] = json_copy(body[name])
            elif creating:
                data[name] = json_copy(default)
        if "tool_resources" in body:  # file_search.vector_stores: the helper makes the stores
            data["tool_resources"] = with_vector_stores(server, data["tool_resources"])
        return data


ASSISTANT = AssistantAdapter()


def register(router: Router) -> None:
    router.add("POST", "/assistants", ASSISTANT, summary=ASSISTANT.summary)
    router.add("POST", "/assistants/{assistant_id}", ASSISTANT, summary=ASSISTANT.summary)
