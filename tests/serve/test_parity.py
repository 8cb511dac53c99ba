"""The served fake is the in-process fake: the same seed and the same calls give the same replies,
byte for byte in what the SDK parses, over HTTP as in process."""

from __future__ import annotations

import struct
import warnings
import zlib
from collections.abc import Callable
from typing import Any

import openai
import pytest

from openai_fakes import FakeOpenAI

from .conftest import served

MESSAGES: Any = [{"role": "user", "content": "Plan a picnic."}]


def _png(width: int, height: int) -> bytes:
    """A real (grey) PNG of this size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


PNG = _png(16, 16)


def _plain(value: Any) -> Any:
    if isinstance(value, openai.BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, openai.Stream):
        return [_plain(item) for item in value]
    if hasattr(value, "read"):  # binary content
        return value.read()
    if hasattr(value, "_iter_pages"):  # a page
        return [_plain(item) for item in value]
    return value


CALLS: list[tuple[str, Callable[[openai.OpenAI], Any]]] = [
    ("chat", lambda c: c.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)),
    (
        "chat n=2 cut short",
        lambda c: c.chat.completions.create(model="gpt-4o", messages=MESSAGES, n=2, max_completion_tokens=5),
    ),
    (
        "chat streamed with usage",
        lambda c: c.chat.completions.create(
            model="gpt-4o-mini", messages=MESSAGES, stream=True, stream_options={"include_usage": True}
        ),
    ),
    ("responses", lambda c: c.responses.create(model="gpt-4o-mini", input="Plan a picnic.")),
    ("responses streamed", lambda c: c.responses.create(model="gpt-4o-mini", input="Plan a picnic.", stream=True)),
    ("embeddings", lambda c: c.embeddings.create(model="text-embedding-3-small", input=["a", "b"])),
    ("file upload", lambda c: c.files.create(file=("a.txt", b"abc"), purpose="assistants")),
    ("second file", lambda c: c.files.create(file=("b.txt", b"defg"), purpose="assistants")),
    ("file list, a page of one", lambda c: c.files.list(limit=1, order="asc")),
    ("image", lambda c: c.images.generate(model="gpt-image-1", prompt="a cat", size="1024x1024")),
    (
        "image edits, n=2 as a form field",
        lambda c: c.images.edit(model="gpt-image-1", image=("a.png", PNG), prompt="hat", n=2),
    ),
    ("speech", lambda c: c.audio.speech.create(model="tts-1", voice="alloy", input="Hello there.")),
    (
        "transcription with form options",
        lambda c: c.audio.transcriptions.create(
            model="whisper-1",
            file=("a.mp3", b"ID3" + bytes(500)),
            temperature=0.2,
            language="en",
        ),
    ),
    ("assistant", lambda c: c.beta.assistants.create(model="gpt-4o")),
    ("thread", lambda c: c.beta.threads.create(messages=[{"role": "user", "content": "hi"}])),
    ("vector store", lambda c: c.vector_stores.create(name="notes")),
    ("upload", lambda c: c.uploads.create(bytes=3, filename="a.txt", mime_type="text/plain", purpose="assistants")),
    ("model", lambda c: c.models.retrieve("gpt-4o")),
    ("conversation", lambda c: c.conversations.create()),
    ("legacy completion", lambda c: c.completions.create(model="gpt-3.5-turbo-instruct", prompt="hi")),
    ("unknown file", lambda c: c.files.retrieve("file-never-made")),
]


def _run(client: openai.OpenAI) -> list[Any]:
    found = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the Assistants API's own warning
        for _name, call in CALLS:
            try:
                found.append(_plain(call(client)))
            except openai.APIStatusError as error:
                found.append((error.status_code, error.body))
    return found


@pytest.mark.parametrize("seed", [7, 8])
def test_the_same_calls_give_the_same_replies_served_and_in_process(seed: int) -> None:
    with served(seed=seed) as url, openai.OpenAI(base_url=f"{url}/v1", api_key="sk-parity", max_retries=0) as remote:
        over_http = _run(remote)
        raw = remote.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MESSAGES)
    local = FakeOpenAI(seed=seed)
    in_process = _run(local)
    local_raw = local.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MESSAGES)
    for (name, _call), got, expected in zip(CALLS, over_http, in_process):
        assert got == expected, name
    assert raw.http_response.content == local_raw.http_response.content
    shared = {k: v for k, v in local_raw.headers.items() if k.startswith(("x-", "openai-"))}
    assert {k: raw.headers[k] for k in shared} == shared
    assert over_http[-1][0] == 404
