"""A `Reply` as HTTP: its status, content type and body chunks, for every way the fake answers over
HTTP (the seam's in-memory responses, the served fake's real ones), so both send the same bytes.

An SSE reply is one chunk per event, made as it is read: a served stream is flushed event by event.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from .exchange import BytesReply, ErrorReply, FailureReply, JsonReply, Reply, SseReply, TextReply


def sse_chunks(reply: SseReply) -> Iterator[bytes]:
    """Each event of ``reply`` as the API frames it (``event:`` line when named), then ``[DONE]`` where sent."""
    for name, payload in reply.events:
        head = f"event: {name}\n" if name else ""
        yield f"{head}data: {json.dumps(payload, separators=(',', ':'))}\n\n".encode()
    if reply.done_marker:
        yield b"data: [DONE]\n\n"


def body_of(reply: Reply) -> tuple[int, str | None, Iterator[bytes]]:
    """``(status, content type or None, body chunks)`` of ``reply``; a transport failure has none."""
    if isinstance(reply, FailureReply):
        raise AssertionError("a transport failure has no body")
    if isinstance(reply, JsonReply):
        return reply.status, "application/json", iter((json.dumps(reply.data).encode(),))
    if isinstance(reply, ErrorReply):
        return reply.status, "application/json", iter((json.dumps(reply.body).encode(),))
    if isinstance(reply, SseReply):
        return 200, "text/event-stream; charset=utf-8", sse_chunks(reply)
    if isinstance(reply, BytesReply):
        return 200, reply.content_type, iter((reply.content,))
    if isinstance(reply, TextReply):
        return reply.status, reply.content_type, iter((reply.text.encode(),))
    return reply.status, None, iter(())
