"""A response replayed as the Responses API's stream of events (api-reference ``ResponseStreamEvent``).

``response.created`` and ``response.in_progress`` carry the response as it starts (in progress,
no output, no usage); then per output item ``response.output_item.added``, its own events, and
``response.output_item.done``: for a message, per content part ``content_part.added``, the text
deltas (``output_text.delta``, each with its token's logprobs; citations follow the delta that
completes their span) and ``output_text.done``, or a refusal's ``refusal.delta`` / ``.done``, then
``content_part.done``; for a function call, ``function_call_arguments.delta`` pieces and
``.done``. The last event, ``response.completed`` (``response.failed``, ``response.incomplete``: by the
response's status), carries the response itself, so the stream ends with what an unstreamed call returns. Sequence numbers count
from 0.

Items with events of their own (the hosted tools' searches, code runs, image generations) are
the caller's to emit, through ``item_events``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

from ..tokens import pieces

Emit = Callable[..., None]
ItemEvents = Callable[[Mapping[str, Any], Mapping[str, Any], int, Emit], bool]
"""``(response, item, output_index, emit) -> handled``: emits an item's events, from
``output_item.added`` to ``output_item.done``, or returns ``False`` to leave the item to the rules here."""


_CLOSING = {"completed": "response.completed", "failed": "response.failed"}
"""The event that closes a stream, by the response's final status (``incomplete`` otherwise)."""


def annotation_end(annotation: Mapping[str, Any]) -> int:
    """Where in the text an annotation is complete: the end of its span, or its insertion point."""
    for key in ("end_index", "index"):
        value = annotation.get(key)
        if isinstance(value, int):
            return value
    return 0


def events_of(response: Mapping[str, Any], item_events: ItemEvents | None = None) -> list[dict[str, Any]]:
    """The event sequence (wire JSON) for ``response``; the last event carries ``response`` itself."""
    events: list[dict[str, Any]] = []

    def emit(kind: str, **fields: Any) -> None:
        events.append({"type": kind, "sequence_number": len(events), **fields})

    opening = {
        **copy.deepcopy(dict(response)),
        "status": "in_progress",
        "output": [],
        "usage": None,
        "completed_at": None,
        "incomplete_details": None,
    }
    emit("response.created", response=opening)
    emit("response.in_progress", response=opening)
    for index, item in enumerate(response["output"]):
        kind = item["type"]
        if item_events is not None and item_events(response, item, index, emit):
            continue
        if kind == "message":
            emit(
                "response.output_item.added", output_index=index, item={**item, "status": "in_progress", "content": []}
            )
            for part_index, part in enumerate(item["content"]):
                _part_events(item, index, part_index, part, emit)
        elif kind == "function_call":
            emit(
                "response.output_item.added",
                output_index=index,
                item={**item, "status": "in_progress", "arguments": ""},
            )
            for piece in pieces(item["arguments"]):
                emit("response.function_call_arguments.delta", item_id=item["id"], output_index=index, delta=piece)
            emit(
                "response.function_call_arguments.done",
                item_id=item["id"],
                output_index=index,
                arguments=item["arguments"],
                name=item["name"],
            )
        else:
            emit("response.output_item.added", output_index=index, item=item)
        emit("response.output_item.done", output_index=index, item=item)
    emit(_CLOSING.get(response["status"], "response.incomplete"), response=response)
    return events


def _part_events(item: Mapping[str, Any], index: int, part_index: int, part: Mapping[str, Any], emit: Emit) -> None:
    where = {"item_id": item["id"], "output_index": index, "content_index": part_index}
    if part.get("type") == "refusal":
        # A refusal streams as its own deltas (response.refusal.delta / .done).
        emit("response.content_part.added", **where, part={**part, "refusal": ""})
        for piece in pieces(part["refusal"]):
            emit("response.refusal.delta", **where, delta=piece)
        emit("response.refusal.done", **where, refusal=part["refusal"])
        emit("response.content_part.done", **where, part=part)
        return
    emit(
        "response.content_part.added",
        **where,
        part={**part, "text": "", "annotations": [], **({"logprobs": []} if "logprobs" in part else {})},
    )
    # Per-token logprobs (``include``) travel with the delta of their token; a citation follows
    # the delta that completes the span it cites ([U]: real streams interleave them with the deltas).
    logprobs = part.get("logprobs") or []
    notes = list(enumerate(part.get("annotations") or []))
    written = 0
    for position, piece in enumerate(pieces(part["text"])):
        emit("response.output_text.delta", **where, delta=piece, logprobs=logprobs[position : position + 1])
        written += len(piece)
        while notes and annotation_end(notes[0][1]) <= written:
            number, note = notes.pop(0)
            emit("response.output_text.annotation.added", **where, annotation_index=number, annotation=note)
    for number, note in notes:
        emit("response.output_text.annotation.added", **where, annotation_index=number, annotation=note)
    emit("response.output_text.done", **where, text=part["text"], logprobs=logprobs)
    emit("response.content_part.done", **where, part=part)
