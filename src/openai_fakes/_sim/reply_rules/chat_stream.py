"""A chat completion cut into the chunks the API streams (api-reference ``chat.completion.chunk``).

Per choice: the role chunk (carrying the first tool call's opening, or an empty text or refusal),
the text, refusal or argument pieces, then the choice's finish chunk with an empty delta; then, only when
``stream_options.include_usage`` asked, one last chunk with no choices and the usage, every
chunk before it saying ``"usage": null``. All chunks share the completion's id, ``created``,
model, service tier and fingerprint, so joined chunks give the completion back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..tokens import pieces


def chunks_of(completion: Mapping[str, Any], *, include_usage: bool) -> list[dict[str, Any]]:
    """The chunks the API streams for ``completion`` (wire JSON); joined, they give it back."""
    head = {
        "id": completion["id"],
        "object": "chat.completion.chunk",
        "created": completion["created"],
        "model": completion["model"],
        "service_tier": completion.get("service_tier"),
        "system_fingerprint": completion.get("system_fingerprint"),
    }

    def chunk(index: int, delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
        choice = {"index": index, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
        return {**head, "choices": [choice], **({"usage": None} if include_usage else {})}

    out: list[dict[str, Any]] = []
    for choice in completion["choices"]:
        index = choice["index"]
        message = choice["message"]
        calls = message.get("tool_calls") or []
        if calls:
            # The first call rides on the role chunk; each later call opens with its own index,
            # then argument pieces follow with no id, type or name (as the API streams calls).
            for position, call in enumerate(calls):
                kind = call["type"]
                payload_key = "arguments" if kind == "function" else "input"
                opening = {
                    "index": position,
                    "id": call["id"],
                    "type": kind,
                    kind: {"name": call[kind]["name"], payload_key: ""},
                }
                if position == 0:
                    out.append(
                        chunk(index, {"role": "assistant", "content": None, "tool_calls": [opening], "refusal": None})
                    )
                else:
                    out.append(chunk(index, {"tool_calls": [opening]}))
                for piece in pieces(call[kind][payload_key]):
                    out.append(chunk(index, {"tool_calls": [{"index": position, kind: {payload_key: piece}}]}))
        elif message.get("function_call"):
            function_call = message["function_call"]
            out.append(
                chunk(
                    index,
                    {
                        "role": "assistant",
                        "content": None,
                        "function_call": {"name": function_call["name"], "arguments": ""},
                    },
                )
            )
            for piece in pieces(function_call["arguments"]):
                out.append(chunk(index, {"function_call": {"arguments": piece}}))
        elif message.get("refusal") is not None and message.get("content") is None:
            # A refusal streams in the delta's own `refusal` field, as the SDK joins it.
            out.append(chunk(index, {"role": "assistant", "content": None, "refusal": ""}))
            for piece in pieces(message["refusal"]):
                out.append(chunk(index, {"refusal": piece}))
        else:
            out.append(chunk(index, {"role": "assistant", "content": "", "refusal": None}))
            entries = (choice.get("logprobs") or {}).get("content") or []
            for position, piece in enumerate(pieces(message.get("content") or "")):
                piece_chunk = chunk(index, {"content": piece})
                if position < len(entries):
                    piece_chunk["choices"][0]["logprobs"] = {"content": [entries[position]], "refusal": None}
                out.append(piece_chunk)
        out.append(chunk(index, {}, choice["finish_reason"]))
    if include_usage:
        out.append({**head, "choices": [], "usage": completion["usage"]})
    return out
