"""Chat Completions with the legacy ``functions`` parameter: the model answers as the API answers that
form, with ``message.function_call`` and ``finish_reason="function_call"`` (never ``tool_calls``),
streamed or not, sync and async."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from openai.types.chat import ChatCompletion

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes._sim.tokens import text_tokens

USER: Any = [{"role": "user", "content": "Where is my order 4411?"}]
ORDER: Any = {"type": "object", "properties": {"order_id": {"type": "integer"}, "carrier": {"enum": ["dhl", "ups"]}}}
FUNCTION: Any = {"name": "track_order", "parameters": {**ORDER, "required": ["order_id", "carrier"]}}
REQUEST: Any = {"model": "gpt-4o-mini", "messages": USER, "functions": [FUNCTION]}


def _calls_the_function(reply: ChatCompletion, finish_reason: str = "function_call") -> None:
    (choice,) = reply.choices
    message = choice.message
    assert choice.finish_reason == finish_reason
    assert message.tool_calls is None and message.content is None
    assert message.function_call is not None and message.function_call.name == "track_order"
    arguments = json.loads(message.function_call.arguments)
    assert set(arguments) == {"order_id", "carrier"} and arguments["carrier"] in ("dhl", "ups")
    assert reply.usage is not None
    assert reply.usage.completion_tokens == text_tokens(message.function_call.arguments) + 3  # as a tool call costs
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens


def test_functions_are_answered_with_a_function_call() -> None:
    for seed in range(5):
        _calls_the_function(FakeOpenAI(seed=seed).chat.completions.create(**REQUEST))


def test_a_function_forced_by_name_is_called_and_finishes_with_stop_then_none_answers_in_text() -> None:
    fake = FakeOpenAI(seed=1)
    _calls_the_function(fake.chat.completions.create(**REQUEST, function_call={"name": "track_order"}), "stop")
    text = fake.chat.completions.create(**REQUEST, function_call="none").choices[0]
    assert text.finish_reason == "stop" and text.message.content and text.message.function_call is None


def test_a_function_result_is_answered_in_text() -> None:
    called = FakeOpenAI(seed=2).chat.completions.create(**REQUEST).choices[0].message
    assert called.function_call is not None
    messages: Any = [
        *USER,
        {"role": "assistant", "content": None, "function_call": called.function_call.model_dump()},
        {"role": "function", "name": "track_order", "content": '{"status": "shipped"}'},
    ]
    answer = FakeOpenAI(seed=2).chat.completions.create(model="gpt-4o-mini", messages=messages, functions=[FUNCTION])
    assert answer.choices[0].finish_reason == "stop" and answer.choices[0].message.content


def test_the_stream_of_a_function_call_joins_to_the_unstreamed_reply() -> None:
    whole = FakeOpenAI(seed=3).chat.completions.create(**REQUEST)
    with FakeOpenAI(seed=3).chat.completions.stream(**REQUEST, stream_options={"include_usage": True}) as stream:
        joined = stream.get_final_completion()
    _calls_the_function(whole)
    assert joined.choices[0].message.function_call == whole.choices[0].message.function_call
    assert joined.choices[0].message.tool_calls in (None, [])
    assert joined.choices[0].finish_reason == "function_call" and joined.usage == whole.usage


def test_async_function_call_streamed_and_not() -> None:
    async def main() -> None:
        whole = await FakeAsyncOpenAI(seed=4).chat.completions.create(**REQUEST)
        _calls_the_function(whole)
        call = whole.choices[0].message.function_call
        assert call is not None
        chunks = [
            chunk async for chunk in await FakeAsyncOpenAI(seed=4).chat.completions.create(**REQUEST, stream=True)
        ]
        deltas = [chunk.choices[0].delta for chunk in chunks]
        assert all(delta.tool_calls is None for delta in deltas)
        assert "".join(d.function_call.arguments or "" for d in deltas if d.function_call) == call.arguments
        assert chunks[-1].choices[0].finish_reason == "function_call"
        async with FakeAsyncOpenAI(seed=4).chat.completions.stream(**REQUEST) as stream:
            joined = await stream.get_final_completion()
        assert joined.choices[0].message.function_call == call

    asyncio.run(main())
