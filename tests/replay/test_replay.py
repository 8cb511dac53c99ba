"""Replay of recorded traffic and export of what the fake answered, in the same JSONL shape."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI, UnmatchedRequest
from openai_fakes.replay import export_jsonl, load_jsonl, load_logged, replay

LOGGED = Path(__file__).parent / "data" / "logged-chat-completion.txt"
QUESTION: Any = [
    {
        "role": "user",
        "content": [
            {"type": "text", "text": "What\u2019s in this image?"},
            {
                "type": "image_url",
                "image_url": {
                    "url": "https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg"
                },
            },
        ],
    }
]


def test_a_logged_real_call_is_answered_with_its_recorded_response() -> None:
    records = load_logged(LOGGED)
    assert len(records) == 1 and records[0].endpoint == "POST /chat/completions"
    fake = FakeOpenAI()
    replay(fake, records)
    reply = fake.chat.completions.create(model="gpt-4o-mini", messages=QUESTION)
    assert reply.id == "chatcmpl-AY7f4jQuFsNm6EBQBpJwOpjJxdnsU"
    assert reply.usage is not None and reply.usage.prompt_tokens == 36848
    assert reply.choices[0].message.content is not None and reply.choices[0].message.content.startswith(
        "The image depicts"
    )


def test_the_recorded_response_streams_when_asked() -> None:
    fake = FakeOpenAI()
    replay(fake, load_logged(LOGGED))
    stream = fake.chat.completions.create(model="gpt-4o-mini", messages=QUESTION, stream=True)
    text = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
    assert text.startswith("The image depicts a scenic view")


def test_unmatched_requests_fall_back_or_raise_in_strict_mode() -> None:
    other: Any = [{"role": "user", "content": "Something else"}]
    lenient = FakeOpenAI()
    replay(lenient, load_logged(LOGGED))
    assert (
        lenient.chat.completions.create(model="gpt-4o-mini", messages=other).id
        != "chatcmpl-AY7f4jQuFsNm6EBQBpJwOpjJxdnsU"
    )
    strict = FakeOpenAI()
    replay(strict, load_logged(LOGGED), strict=True)
    with pytest.raises(UnmatchedRequest, match="recorded"):
        strict.chat.completions.create(model="gpt-4o-mini", messages=other)


def test_export_then_replay_round_trips(tmp_path: Path) -> None:
    source = FakeOpenAI(seed=3, unknown_ids="materialize")
    chat = source.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi"}])
    file = source.files.retrieve("file-abc")
    path = tmp_path / "session.jsonl"
    assert export_jsonl(source.calls, path) == 2
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert lines[0]["request"] == {
        "method": "POST",
        "path": "/chat/completions",
        "body": {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]},
    }
    assert lines[1]["request"]["path"] == "/files/file-abc"

    replayed = FakeOpenAI(seed=99)
    replay(replayed, load_jsonl(path), strict=True)
    assert replayed.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi"}]) == chat
    assert replayed.files.retrieve("file-abc") == file
    with pytest.raises(UnmatchedRequest):
        replayed.files.retrieve("file-other")


def test_jsonl_with_bare_chat_request_bodies(tmp_path: Path) -> None:
    path = tmp_path / "bare.jsonl"
    response = FakeOpenAI(seed=1).chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}])
    path.write_text(
        json.dumps(
            {
                "request": {"model": "gpt-4o", "messages": [{"role": "user", "content": "x"}]},
                "response": response.model_dump(mode="json"),
            }
        )
        + "\n"
    )
    fake = FakeAsyncOpenAI()
    replay(fake, load_jsonl(path))

    import asyncio

    async def main() -> None:
        assert (
            await fake.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}])
        ).id == response.id

    asyncio.run(main())


def test_malformed_input_is_reported_with_its_location(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"request": {}}\n')
    with pytest.raises(ValueError, match=r"bad.jsonl:1: expected an object with 'request' and 'response'"):
        load_jsonl(path)
    empty = tmp_path / "empty.txt"
    empty.write_text("id | model\n---|---|\n")
    with pytest.raises(ValueError, match="names the columns \\['id', 'model'\\], but not messages or raw_response"):
        load_logged(empty)
