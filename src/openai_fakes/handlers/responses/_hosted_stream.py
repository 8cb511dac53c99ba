"""The stream events of hosted-tool items (docs/api-behaviour.md, Streaming event order; the OpenAPI spec's ``ResponseStreamEvent``).

Per item, between its ``response.output_item.added`` (the item as it starts: ``in_progress``,
nothing found yet) and ``response.output_item.done`` (the item as the response holds it):

* ``web_search_call`` / ``file_search_call``: ``.in_progress``, ``.searching``, ``.completed``
  (the web search order is [3P], seen in recorded streams);
* ``code_interpreter_call``: ``.in_progress``, ``response.code_interpreter_call_code.delta``... /
  ``.done``, ``.interpreting``, ``.completed``;
* ``image_generation_call``: ``.in_progress``, ``.generating``, ``.partial_image`` per preview
  (``partial_images``), ``.completed`` ([U]: one third-party note says live streams skip it);
* ``mcp_list_tools``: ``.in_progress``, ``.completed``; ``mcp_call``: ``.in_progress``,
  ``response.mcp_call_arguments.delta``... / ``.done``, ``.completed``;
* ``mcp_approval_request`` and ``computer_call``: nothing in between.

Every other item, and where a message's citations fall among its text deltas, is
``_sim.reply_rules.response_events``' to stream (this module is its ``item_events``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._sim.reply_rules import response_events
from ..._sim.reply_rules.response_events import Emit
from ._hosted_results import partial_images
from ._hosted_tools import kind_of


def item_events(response: Mapping[str, Any], item: Mapping[str, Any], index: int, emit: Emit) -> bool:
    """Emit ``item``'s events if it is a hosted-tool item; ``False`` for any other item."""
    kind = item.get("type")
    where = {"item_id": item.get("id"), "output_index": index}
    if kind in ("web_search_call", "file_search_call"):
        start: dict[str, Any] = (
            {"action": {"type": "search"}} if kind == "web_search_call" else {"queries": [], "results": None}
        )
        emit("response.output_item.added", output_index=index, item={**item, "status": "in_progress", **start})
        for step in ("in_progress", "searching", "completed"):
            emit(f"response.{kind}.{step}", **where)
    elif kind == "code_interpreter_call":
        emit(
            "response.output_item.added",
            output_index=index,
            item={**item, "status": "in_progress", "code": "", "outputs": None},
        )
        emit("response.code_interpreter_call.in_progress", **where)
        code = str(item.get("code") or "")
        for line in code.splitlines(keepends=True):
            emit("response.code_interpreter_call_code.delta", **where, delta=line)
        emit("response.code_interpreter_call_code.done", **where, code=code)
        emit("response.code_interpreter_call.interpreting", **where)
        emit("response.code_interpreter_call.completed", **where)
    elif kind == "image_generation_call":
        emit("response.output_item.added", output_index=index, item={**item, "status": "in_progress", "result": None})
        emit("response.image_generation_call.in_progress", **where)
        emit("response.image_generation_call.generating", **where)
        shown = {key: item.get(key) for key in ("size", "quality", "background", "output_format")}
        tool: Mapping[str, Any] = next((t for t in response.get("tools") or () if kind_of(t) == "image_generation"), {})
        for number, preview in enumerate(partial_images(tool, item)):
            emit(
                "response.image_generation_call.partial_image",
                **where,
                partial_image_b64=preview,
                partial_image_index=number,
                **shown,
            )
        emit("response.image_generation_call.completed", **where)
    elif kind == "mcp_list_tools":
        emit("response.output_item.added", output_index=index, item={**item, "tools": []})
        emit("response.mcp_list_tools.in_progress", **where)
        emit("response.mcp_list_tools.completed", **where)
    elif kind == "mcp_call":
        emit(
            "response.output_item.added",
            output_index=index,
            item={**item, "status": "in_progress", "arguments": "", "output": None},
        )
        emit("response.mcp_call.in_progress", **where)
        arguments = str(item.get("arguments") or "")
        emit("response.mcp_call_arguments.delta", **where, delta=arguments)
        emit("response.mcp_call_arguments.done", **where, arguments=arguments)
        emit("response.mcp_call.completed", **where)
    elif kind == "computer_call":
        emit("response.output_item.added", output_index=index, item={**item, "status": "in_progress"})
    elif kind == "mcp_approval_request":
        emit("response.output_item.added", output_index=index, item=item)
    else:
        return False
    emit("response.output_item.done", output_index=index, item=item)
    return True


def events_of(response: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The API's event sequence for ``response`` (``_sim.reply_rules.response_events``, which the
    factories' ``response_events`` replays too), hosted-tool items with their own events."""
    return response_events.events_of(response, item_events)
