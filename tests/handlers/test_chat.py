"""Chat Completions: request-shaped replies, sync and async, asserting properties."""

from __future__ import annotations

import asyncio
import base64
import json
import struct
from typing import Any

import pytest
from pydantic import BaseModel

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes._sim.image_tokens import image_size, image_tokens

USER: Any = [{"role": "user", "content": "Plan a day in Rome."}]
TOOL: Any = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "strict": True,
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["c", "f"]}},
            "required": ["city", "unit"],
            "additionalProperties": False,
        },
    },
}


def png_header(width: int, height: int) -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    )


def test_n_choices_indexed_and_usage_adds_up() -> None:
    reply = FakeOpenAI(seed=1).chat.completions.create(model="gpt-4o", messages=USER, n=3)
    assert [c.index for c in reply.choices] == [0, 1, 2]
    assert all(c.finish_reason == "stop" and c.message.content for c in reply.choices)
    usage = reply.usage
    assert usage is not None and usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    assert reply.id.startswith("chatcmpl-") and len(reply.id) == len("chatcmpl-") + 29
    assert reply.system_fingerprint is not None and reply.system_fingerprint.startswith("fp_")


def test_token_limit_cuts_with_length() -> None:
    reply = FakeOpenAI(seed=2).chat.completions.create(model="gpt-4o", messages=USER, max_completion_tokens=3)
    assert reply.choices[0].finish_reason == "length"
    assert reply.usage is not None and reply.usage.completion_tokens <= 3


def test_tools_auto_calls_an_offered_tool_with_schema_valid_arguments_then_answers() -> None:
    fake = FakeOpenAI(seed=3)
    first = fake.chat.completions.create(model="gpt-4o", messages=USER, tools=[TOOL])
    assert first.choices[0].finish_reason == "tool_calls"
    (call,) = first.choices[0].message.tool_calls or []
    assert call.type == "function" and call.function.name == "get_weather" and call.id.startswith("call_")
    arguments = json.loads(call.function.arguments)
    assert set(arguments) == {"city", "unit"} and arguments["unit"] in ("c", "f")
    history = [
        *USER,
        first.choices[0].message.model_dump(exclude_none=True),
        {"role": "tool", "tool_call_id": call.id, "content": "18 C"},
    ]
    final = fake.chat.completions.create(model="gpt-4o", messages=history, tools=[TOOL])
    assert final.choices[0].finish_reason == "stop" and final.choices[0].message.content


def test_tool_choice_none_required_and_named() -> None:
    fake = FakeOpenAI(seed=4)
    none = fake.chat.completions.create(model="gpt-4o", messages=USER, tools=[TOOL], tool_choice="none")
    assert none.choices[0].message.tool_calls is None
    named = fake.chat.completions.create(
        model="gpt-4o",
        messages=USER,
        tools=[TOOL],
        tool_choice={"type": "function", "function": {"name": "get_weather"}},
    )
    assert named.choices[0].finish_reason == "stop"  # a function forced by name finishes with stop
    assert named.choices[0].message.tool_calls


class Plan(BaseModel):
    title: str
    stops: list[str]
    budget_eur: float | None


def test_response_format_gives_content_that_parses() -> None:
    parsed = FakeOpenAI(seed=5).chat.completions.parse(model="gpt-4o", messages=USER, response_format=Plan)
    plan = parsed.choices[0].message.parsed
    assert isinstance(plan, Plan) and plan.stops


def test_json_object_mode_gives_a_json_object() -> None:
    reply = FakeOpenAI(seed=6).chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "Answer in JSON."}],
        response_format={"type": "json_object"},
    )
    assert isinstance(json.loads(reply.choices[0].message.content or ""), dict)


@pytest.mark.parametrize("tools", [False, True])
def test_stream_joins_to_the_unstreamed_reply(tools: bool) -> None:
    extra: Any = {"tools": [TOOL]} if tools else {}
    whole = FakeOpenAI(seed=7).chat.completions.create(model="gpt-4o", messages=USER, **extra)
    with FakeOpenAI(seed=7).chat.completions.stream(
        model="gpt-4o", messages=USER, stream_options={"include_usage": True}, **extra
    ) as stream:
        final = stream.get_final_completion()
    assert final.choices[0].message.content == whole.choices[0].message.content
    assert final.choices[0].finish_reason == whole.choices[0].finish_reason
    assert [t.function.arguments for t in final.choices[0].message.tool_calls or []] == [
        t.function.arguments
        for t in whole.choices[0].message.tool_calls or []  # type: ignore[union-attr]
    ]
    assert final.usage == whole.usage


def test_usage_chunk_only_with_include_usage() -> None:
    plain = list(FakeOpenAI(seed=8).chat.completions.create(model="gpt-4o", messages=USER, stream=True))
    assert all(chunk.choices for chunk in plain) and plain[0].choices[0].delta.role == "assistant"
    with_usage = list(
        FakeOpenAI(seed=8).chat.completions.create(
            model="gpt-4o", messages=USER, stream=True, stream_options={"include_usage": True}
        )
    )
    assert with_usage[-1].choices == [] and with_usage[-1].usage is not None
    assert all(chunk.usage is None for chunk in with_usage[:-1])


def test_image_input_counts_tokens_by_the_tile_rules() -> None:
    # The logged real call: gpt-4o-mini, 2560x1707 image, "What’s in this image?" -> 36848 prompt tokens.
    url = "data:image/png;base64," + base64.b64encode(png_header(2560, 1707)).decode()
    content: Any = [
        {"type": "text", "text": "What\u2019s in this image?"},
        {"type": "image_url", "image_url": {"url": url}},
    ]
    reply = FakeOpenAI().chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": content}])
    assert reply.usage is not None and reply.usage.prompt_tokens == 36848
    assert image_size(url) == (2560, 1707)
    assert (
        image_tokens("gpt-4o", "data:image/png;base64," + base64.b64encode(png_header(1024, 1024)).decode(), "high")
        == 765
    )
    assert image_tokens("gpt-4o", url, "low") == 85
    assert (
        image_tokens("gpt-4.1-mini", "data:image/png;base64," + base64.b64encode(png_header(1024, 1024)).decode(), None)
        == 1659
    )


def test_async_create_and_stream() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI(seed=9)
        reply = await fake.chat.completions.create(model="gpt-4o-mini", messages=USER)
        assert reply.model == "gpt-4o-mini-2024-07-18"
        stream = await FakeAsyncOpenAI(seed=9).chat.completions.create(model="gpt-4o-mini", messages=USER, stream=True)
        text = "".join([c.choices[0].delta.content or "" async for c in stream])
        assert text == reply.choices[0].message.content

    asyncio.run(main())


def test_logprobs_cover_every_token_with_ranked_alternatives() -> None:
    reply = FakeOpenAI(seed=10).chat.completions.create(model="gpt-4o", messages=USER, logprobs=True, top_logprobs=3)
    choice = reply.choices[0]
    assert choice.logprobs is not None and choice.logprobs.content
    entries = choice.logprobs.content
    assert "".join(e.token for e in entries) == choice.message.content
    for entry in entries:
        assert entry.logprob <= 0 and entry.bytes == list(entry.token.encode())
        assert len(entry.top_logprobs) == 3 and entry.top_logprobs[0].token == entry.token
        assert [t.logprob for t in entry.top_logprobs] == sorted((t.logprob for t in entry.top_logprobs), reverse=True)
    streamed = list(
        FakeOpenAI(seed=10).chat.completions.create(
            model="gpt-4o", messages=USER, logprobs=True, top_logprobs=3, stream=True
        )
    )
    streamed_entries = [
        e for c in streamed if c.choices and c.choices[0].logprobs for e in c.choices[0].logprobs.content or []
    ]
    assert [e.token for e in streamed_entries] == [e.token for e in entries]
    assert FakeOpenAI(seed=10).chat.completions.create(model="gpt-4o", messages=USER).choices[0].logprobs is None


def test_stop_sequence_cuts_the_text_before_it() -> None:
    whole = FakeOpenAI(seed=12).chat.completions.create(model="gpt-4o", messages=USER)
    content = whole.choices[0].message.content or ""
    marker = content.split(" ")[2]
    cut = FakeOpenAI(seed=12).chat.completions.create(model="gpt-4o", messages=USER, stop=[marker])
    assert cut.choices[0].message.content == content[: content.index(marker)]
    assert cut.choices[0].finish_reason == "stop"
