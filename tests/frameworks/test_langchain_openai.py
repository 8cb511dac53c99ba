"""langchain-openai runs on the fake unchanged: invoke, stream, tools, structured output, embeddings."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pydantic import BaseModel

pytest.importorskip("langchain_openai", reason="optional framework test: pip install -e '.[frameworks]'")

from langchain_openai import ChatOpenAI

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI


def chat_model(**options: Any) -> tuple[ChatOpenAI, FakeOpenAI]:
    fake, afake = FakeOpenAI(seed=1), FakeAsyncOpenAI(seed=1)
    model = ChatOpenAI(
        model="gpt-4o-mini",
        client=fake.chat.completions,
        async_client=afake.chat.completions,
        root_client=fake,
        root_async_client=afake,
        **options,
    )
    return model, fake


def test_invoke_and_stream() -> None:
    model, _fake = chat_model()
    message = model.invoke("Hello there")
    assert isinstance(message.content, str) and message.content
    assert message.response_metadata["model_name"] == "gpt-4o-mini-2024-07-18"
    pieces = [chunk.content for chunk in model.stream("Hello again")]
    assert "".join(str(p) for p in pieces)


def test_tools() -> None:
    model, _ = chat_model()

    def get_weather(city: str) -> str:
        """The weather in a city."""
        return "Sunny"

    message = model.bind_tools([get_weather]).invoke("Weather in Paris?")
    assert message.tool_calls and message.tool_calls[0]["name"] == "get_weather"
    assert isinstance(message.tool_calls[0]["args"]["city"], str)


class Person(BaseModel):
    name: str
    age: int


def test_structured_output() -> None:
    model, _ = chat_model()
    person = model.with_structured_output(Person).invoke("Ada, 36")
    assert isinstance(person, Person)


def test_async_invoke() -> None:
    model, _ = chat_model()
    message = asyncio.run(model.ainvoke("Hi"))
    assert message.content
