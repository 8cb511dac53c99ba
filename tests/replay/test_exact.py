"""A replayed record answers with its recorded JSON as it is: nothing of the fake's own default
answer is merged in, so the reply equals ``Model.model_validate(recorded)`` down to which fields
are set; a streamed call gets that same JSON as the endpoint's stream."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from openai.types import FileObject
from openai.types.chat import ChatCompletion

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes.replay import load_jsonl, load_logged, replay

from ._logs import LOGGED, QUESTION, RAW, completion

# A record older than the SDK: no ``annotations`` on its message, no ``service_tier`` or
# ``system_fingerprint``, usage without details. None of them may appear in the replay.
BARE = completion(7, "Recorded, nothing more.")
BARE_QUESTION: Any = [{"role": "user", "content": "What was recorded?"}]
FILE = {
    "id": "file-abc",
    "object": "file",
    "bytes": 12,
    "created_at": 1700000000,
    "filename": "notes.txt",
    "purpose": "assistants",
    "status": "processed",
}


def _fixture(tmp_path: Path) -> Path:
    path = tmp_path / "calls.jsonl"
    lines = [
        {"request": {"model": "gpt-4o", "messages": BARE_QUESTION}, "response": BARE},
        {"request": {"method": "GET", "path": "/files/file-abc", "body": {}}, "response": FILE},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return path


def _streamed_text(chunks: Any) -> str:
    return "".join(chunk.choices[0].delta.content or "" for chunk in chunks if chunk.choices)


def test_a_logged_call_replays_as_recorded() -> None:
    fake = FakeOpenAI()
    replay(fake, load_logged(LOGGED))
    reply = fake.chat.completions.create(model="gpt-4o-mini", messages=QUESTION)
    expected = ChatCompletion.model_validate(RAW)
    assert reply == expected
    assert reply.model_dump(exclude_unset=True) == expected.model_dump(exclude_unset=True)
    assert fake.calls.last.response == RAW  # what went on the wire
    stream = fake.chat.completions.create(model="gpt-4o-mini", messages=QUESTION, stream=True)
    assert _streamed_text(stream) == RAW["choices"][0]["message"]["content"]


def test_a_logged_call_replays_as_recorded_async() -> None:
    fake = FakeAsyncOpenAI()
    replay(fake, load_logged(LOGGED))

    async def main() -> None:
        reply = await fake.chat.completions.create(model="gpt-4o-mini", messages=QUESTION)
        expected = ChatCompletion.model_validate(RAW)
        assert reply == expected
        assert reply.model_dump(exclude_unset=True) == expected.model_dump(exclude_unset=True)
        stream = await fake.chat.completions.create(model="gpt-4o-mini", messages=QUESTION, stream=True)
        assert (
            "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])
            == RAW["choices"][0]["message"]["content"]
        )

    asyncio.run(main())


def test_fields_the_record_lacks_stay_unset_on_any_endpoint(tmp_path: Path) -> None:
    fake = FakeOpenAI()
    replay(fake, load_jsonl(_fixture(tmp_path)), strict=True)
    reply = fake.chat.completions.create(model="gpt-4o", messages=BARE_QUESTION)
    assert reply.model_dump(exclude_unset=True) == ChatCompletion.model_validate(BARE).model_dump(exclude_unset=True)
    assert reply.system_fingerprint is None and reply.choices[0].message.annotations is None
    file = fake.files.retrieve("file-abc")
    assert file.model_dump(exclude_unset=True) == FileObject.model_validate(FILE).model_dump(exclude_unset=True)
    # The stream carries the record too, chunk by chunk, and no fingerprint it did not have.
    chunks = list(fake.chat.completions.create(model="gpt-4o", messages=BARE_QUESTION, stream=True))
    assert _streamed_text(chunks) == "Recorded, nothing more."
    assert {chunk.id for chunk in chunks} == {BARE["id"]} and {chunk.system_fingerprint for chunk in chunks} == {None}


def test_fields_the_record_lacks_stay_unset_on_any_endpoint_async(tmp_path: Path) -> None:
    fake = FakeAsyncOpenAI()
    replay(fake, load_jsonl(_fixture(tmp_path)), strict=True)

    async def main() -> None:
        reply = await fake.chat.completions.create(model="gpt-4o", messages=BARE_QUESTION)
        assert reply.model_dump(exclude_unset=True) == ChatCompletion.model_validate(BARE).model_dump(
            exclude_unset=True
        )
        file = await fake.files.retrieve("file-abc")
        assert file.model_dump(exclude_unset=True) == FileObject.model_validate(FILE).model_dump(exclude_unset=True)

    asyncio.run(main())


def test_a_replay_leaves_its_record_as_loaded() -> None:
    records = load_logged(LOGGED)
    fake = FakeOpenAI()
    replay(fake, records)
    fake.chat.completions.create(model="gpt-4o-mini", messages=QUESTION)
    fake.calls.last.response["choices"][0]["message"]["content"] = "edited by a test"
    assert fake.chat.completions.create(model="gpt-4o-mini", messages=QUESTION) == ChatCompletion.model_validate(RAW)
    assert records[0].response == RAW
