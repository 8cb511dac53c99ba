"""mypy --strict only: the factories are typed by the SDK model they build (pytest never collects
tests/typing/; ``warn_unused_ignores`` makes every ``type: ignore`` below a check that mypy still
catches that mistake)."""

from __future__ import annotations

from typing import Any

from openai.types import Batch, CreateEmbeddingResponse, FileObject
from openai.types.beta.threads import Run
from openai.types.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionMessage
from openai.types.responses import Response, ResponseCompletedEvent, ResponseStreamEvent
from polyfactory import PostGenerated, Use
from pydantic import BaseModel
from typing_extensions import assert_type

from openai_fakes import tool_call
from openai_fakes.factories import (
    BatchFactory,
    ChatCompletionChunkFactory,
    ChatCompletionFactory,
    ChatCompletionMessageFactory,
    CreateEmbeddingResponseFactory,
    FileObjectFactory,
    ResponseCompletedEventFactory,
    ResponseFactory,
    RunFactory,
    SDKModelFactory,
    chat_chunks,
    factory_for,
    response_events,
)


class City(BaseModel):
    name: str


def builds_are_typed_by_their_model() -> None:
    assert_type(ChatCompletionFactory.build(), ChatCompletion)
    assert_type(ChatCompletionFactory.build(content="Hi", random_seed=1), ChatCompletion)
    assert_type(ChatCompletionFactory.batch(3), list[ChatCompletion])
    assert_type(ChatCompletionMessageFactory.build(content=None), ChatCompletionMessage)
    assert_type(ChatCompletionChunkFactory.build(finish_reason="stop"), ChatCompletionChunk)
    assert_type(ResponseFactory.build(output_text="Hi"), Response)
    assert_type(ResponseCompletedEventFactory.build(), ResponseCompletedEvent)
    assert_type(CreateEmbeddingResponseFactory.build(input=["a", "b"], dimensions=8), CreateEmbeddingResponse)
    assert_type(FileObjectFactory.build(purpose="batch"), FileObject)
    assert_type(BatchFactory.build(status="completed"), Batch)
    assert_type(RunFactory.build(), Run)
    assert_type(factory_for(ChatCompletion).build(), ChatCompletion)
    assert_type(factory_for(Batch).batch(2), list[Batch])


def streams_are_lists_of_the_sdk_stream_types() -> None:
    assert_type(chat_chunks(), list[ChatCompletionChunk])
    assert_type(chat_chunks(content="Hi", include_usage=True, random_seed=1), list[ChatCompletionChunk])
    assert_type(chat_chunks(ChatCompletionFactory.build(n=2)), list[ChatCompletionChunk])
    assert_type(response_events(output_text="Hi"), list[ResponseStreamEvent])
    assert_type(response_events(ResponseFactory.build(status="completed")), list[ResponseStreamEvent])


def shorthands_take_what_people_have() -> None:
    ChatCompletionFactory.build(tool_calls=[tool_call("get_weather", city="Paris"), {"name": "x", "arguments": {}}])
    ChatCompletionFactory.build(parsed=City(name="Paris"))
    ResponseFactory.build(parsed={"name": "Paris"})


def fingerprint_from_id(name: str, values: dict[str, Any]) -> str:
    # PostGenerated takes an untyped Callable, so a lambda's parameters are unknown to a strict
    # pyright (reportUnknownLambdaType); a typed function is the pattern docs/factories.md shows.
    return "fp_" + str(values["id"])[-10:].lower()


class ChatOnGpt4o(ChatCompletionFactory):
    model = Use(lambda: "gpt-4o-2024-08-06")
    system_fingerprint = PostGenerated(fingerprint_from_id)


def subclasses_keep_the_type() -> None:
    assert_type(ChatOnGpt4o.build(), ChatCompletion)
    factory: type[SDKModelFactory[ChatCompletion]] = ChatOnGpt4o
    assert_type(factory.build(), ChatCompletion)


def mistakes_mypy_catches() -> None:
    ChatCompletionFactory.build(content=42)  # type: ignore[arg-type]
    ChatCompletionFactory.build(finish_reason="done")  # type: ignore[arg-type]
    ChatCompletionFactory.build(n="two")  # type: ignore[arg-type]
    ChatCompletionFactory.build(tool_calls="get_weather")  # type: ignore[arg-type]
    ResponseFactory.build(output_text=["Hi"])  # type: ignore[arg-type]
    CreateEmbeddingResponseFactory.build(dimensions="8")  # type: ignore[arg-type]
    chat_chunks(content=42)  # type: ignore[arg-type]
    chat_chunks(ResponseFactory.build())  # type: ignore[arg-type]
    response_events(ChatCompletionFactory.build())  # type: ignore[arg-type]
    response_events(output_text=["Hi"])  # type: ignore[arg-type]
    chunks: list[ChatCompletion] = chat_chunks()  # type: ignore[assignment]
    del chunks
    wrong: Response = ChatCompletionFactory.build()  # type: ignore[assignment]
    other: type[SDKModelFactory[Response]] = ChatCompletionFactory  # type: ignore[assignment]
    del wrong, other
