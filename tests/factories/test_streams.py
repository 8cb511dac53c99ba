"""Whole streams in one call: ``chat_chunks`` and ``response_events`` cut one object into the chunks
or events the API streams, by the rule the fake client streams with, so they join back to it and
equal what the fake streams for the same object."""

from __future__ import annotations

from typing import Any

import pytest
from openai import NOT_GIVEN
from openai.lib.streaming.chat import ChatCompletionStreamState
from openai.lib.streaming.responses import ResponseStreamState
from openai.types.chat import ChatCompletion, ChatCompletionChunk

from openai_fakes import FakeOpenAI, tool_call
from openai_fakes.factories import ChatCompletionFactory, ResponseFactory, chat_chunks, response_events

USER: Any = [{"role": "user", "content": "hi"}]
CHAT_SHAPES: dict[str, dict[str, Any]] = {
    "text": {"content": "The capital of France is Paris."},
    "refusal": {"refusal": "I can't help with that."},
    "tool calls": {
        "tool_calls": [tool_call("get_weather", city="Paris"), {"name": "get_time", "arguments": {"tz": "CET"}}]
    },
    "two choices": {"n": 2},
    "drawn by the seed": {},
}


def _joined(chunks: list[ChatCompletionChunk]) -> Any:
    state: ChatCompletionStreamState[Any] = ChatCompletionStreamState()
    for chunk in chunks:
        state.handle_chunk(chunk)
    return state.get_final_completion()


def _said(completion: Any) -> list[tuple[Any, ...]]:
    return [
        (
            c.index,
            c.finish_reason,
            c.message.content,
            c.message.refusal,
            [(t.id, t.function.name, t.function.arguments) for t in c.message.tool_calls or []],
        )
        for c in completion.choices
    ]


@pytest.mark.parametrize("shape", CHAT_SHAPES.values(), ids=CHAT_SHAPES.keys())
@pytest.mark.parametrize("seed", range(8))
def test_chat_chunks_are_one_completion_cut_up_and_join_back_to_it(shape: dict[str, Any], seed: int) -> None:
    completion = ChatCompletionFactory.build(random_seed=seed, **shape)
    chunks = chat_chunks(completion, include_usage=True)
    assert all(isinstance(chunk, ChatCompletionChunk) for chunk in chunks)
    assert {(c.id, c.created, c.model, c.system_fingerprint) for c in chunks} == {
        (completion.id, completion.created, completion.model, completion.system_fingerprint)
    }
    joined = _joined(chunks)
    assert _said(joined) == _said(completion)
    assert chunks[-1].choices == [] and chunks[-1].usage == completion.usage
    assert all(chunk.usage is None for chunk in chunks[:-1])


def test_chat_chunks_build_their_completion_from_the_same_arguments_as_the_factory() -> None:
    chunks = chat_chunks(content="Hello there", random_seed=5)
    assert chunks == chat_chunks(ChatCompletionFactory.build(content="Hello there", random_seed=5))
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == "Hello there"
    assert all(chunk.usage is None for chunk in chunks) and chunks[-1].choices[0].finish_reason == "stop"


def test_chat_chunks_are_what_the_fake_streams_for_that_completion() -> None:
    completion = ChatCompletionFactory.build(tool_calls=[tool_call("get_weather", city="Paris")], random_seed=2)
    fake = FakeOpenAI()
    fake.stub(fake.chat.completions.create).returns(completion)
    streamed = list(
        fake.chat.completions.create(model="gpt-4o", messages=USER, stream=True, stream_options={"include_usage": True})
    )
    assert streamed == chat_chunks(completion, include_usage=True)


def test_a_refusal_streams_as_refusal_deltas_and_joins_back() -> None:
    fake = FakeOpenAI(seed=2)
    fake.stub(fake.chat.completions.create).refusal("I can't help with that.")
    chunks = list(fake.chat.completions.create(model="gpt-4o", messages=USER, stream=True))
    assert "".join(c.choices[0].delta.refusal or "" for c in chunks) == "I can't help with that."
    assert _joined(chunks).choices[0].message.refusal == "I can't help with that."


@pytest.mark.parametrize(
    "shape",
    [
        {"output_text": "The capital of France is Paris."},
        {"tool_calls": [tool_call("get_weather", city="Paris")]},
        {"refusal": "No."},
        {"model": "o4-mini-2025-04-16"},
        {"status": "incomplete"},
        {},
    ],
    ids=["text", "tool call", "refusal", "reasoning first", "incomplete", "drawn by the seed"],
)
@pytest.mark.parametrize("seed", range(6))
def test_response_events_replay_one_response_and_end_with_it(shape: dict[str, Any], seed: int) -> None:
    response = ResponseFactory.build(random_seed=seed, **{"status": "completed", **shape})
    events = response_events(response)
    assert [event.sequence_number for event in events] == list(range(len(events)))
    assert [event.type for event in events[:2]] == ["response.created", "response.in_progress"]
    created = events[0].response  # type: ignore[union-attr]
    assert (created.id, created.status, created.output, created.usage) == (response.id, "in_progress", [], None)
    assert events[-1].type == f"response.{response.status}" and events[-1].response == response  # type: ignore[union-attr]
    state: ResponseStreamState[Any] = ResponseStreamState(input_tools=NOT_GIVEN, text_format=NOT_GIVEN)
    for event in events:  # the SDK's own stream reader takes every event in order
        state.handle_event(event)
    text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert text == "".join(e.text for e in events if e.type == "response.output_text.done") == response.output_text
    arguments = {e.item_id: e.arguments for e in events if e.type == "response.function_call_arguments.done"}
    assert arguments == {i.id: i.arguments for i in response.output if i.type == "function_call"}


def test_response_events_are_what_the_fake_streams_for_that_response() -> None:
    response = ResponseFactory.build(output_text="Hello there", random_seed=4)
    fake = FakeOpenAI()
    fake.stub(fake.responses.create).returns(response)
    assert list(fake.responses.create(model="gpt-4o", input="hi", stream=True)) == response_events(response)
    assert response_events(output_text="Hello there", random_seed=4) == response_events(response)


def test_a_failed_response_streams_to_response_failed() -> None:
    events = response_events(status="failed", random_seed=1)
    assert [event.type for event in events] == ["response.created", "response.in_progress", "response.failed"]
    fake = FakeOpenAI(seed=1)
    fake.stub(fake.responses.create).returns({"status": "failed", "output": []})
    assert list(fake.responses.create(model="gpt-4o", input="hi", stream=True))[-1].type == "response.failed"


def test_stream_helpers_refuse_what_cannot_be_one_stream() -> None:
    completion = ChatCompletionFactory.build()
    with pytest.raises(ValueError, match="pass a completion or content= to build one, not both"):
        chat_chunks(completion, content="Hi")
    with pytest.raises(TypeError, match="must be a ChatCompletion"):
        chat_chunks(ResponseFactory.build())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not 'in_progress'"):
        response_events(status="in_progress")
    with pytest.raises(ValueError, match="pass a response or random_seed= to build one, not both"):
        response_events(ResponseFactory.build(status="completed"), random_seed=1)
    assert isinstance(ChatCompletionFactory.build(), ChatCompletion)
