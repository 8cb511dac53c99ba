"""One request to a freshly scripted fake, made any of the four ways a test checks a script with:
sync or async, plain or streamed (the script-check tests run every check all four ways)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI

WAYS = ["sync", "async", "sync-stream", "async-stream"]
API = ["chat", "responses"]
Script = Callable[[Any], Any]


def scripted_reply(way: str, api: str, script: Script, request: dict[str, Any]) -> Any:
    """A fresh fake whose ``chat.completions.create`` (``api="chat"``) or ``responses.create`` is
    scripted with ``script``, asked ``request`` the ``way`` given: the reply, or a stream's events
    as a list."""
    fake: Any = FakeAsyncOpenAI() if way.startswith("async") else FakeOpenAI()
    method = fake.chat.completions.create if api == "chat" else fake.responses.create
    script(fake.stub(method))
    request = {**request, "stream": True} if way.endswith("stream") else request

    async def run_async() -> Any:
        reply = await method(**request)
        return [event async for event in reply] if way.endswith("stream") else reply

    def run_sync() -> Any:
        reply = method(**request)
        return list(reply) if way.endswith("stream") else reply

    return asyncio.run(run_async()) if way.startswith("async") else run_sync()


def text_scripts(value: dict[str, Any]) -> dict[str, Script]:
    """The four ways a test scripts text, each answering ``value`` as JSON text: ``structured()``,
    ``reply()``, a str in a ``sequence``, a responder's str."""
    text = json.dumps(value)
    return {
        "structured": lambda stub: stub.structured(value),
        "reply": lambda stub: stub.reply(text),
        "sequence": lambda stub: stub.sequence([text]),
        "responder": lambda stub: stub.respond(lambda call: text),
    }


def message_item(text: str) -> dict[str, Any]:
    """A Responses output message saying ``text``, as ``stub.returns({"output": [...]})`` sends it."""
    return {
        "type": "message",
        "id": "msg_1",
        "role": "assistant",
        "status": "completed",
        "content": [{"type": "output_text", "text": text, "annotations": []}],
    }
