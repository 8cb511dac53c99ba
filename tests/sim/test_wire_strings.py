"""Messages built from ``str`` subclasses are answered as the SDK sends them (issue 16): a
``str``-based ``Enum`` (smolagents' ``Role.USER``) or a ``str`` subclass (ell's tracked strings)
goes over the wire as a plain JSON string, and the real API accepts it. In every text field of
chat, Responses, embeddings and moderations the fake gives the reply it gives for plain strings."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from enum import Enum
from typing import Any

import openai
import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI


class Role(str, Enum):
    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"
    TOOL = "tool"
    DEVELOPER = "developer"


class Model(str, Enum):
    GPT_4O = "gpt-4o"
    EMBEDDING = "text-embedding-3-small"
    MODERATION = "omni-moderation-latest"


class Tracked(str):
    """A string that remembers where it came from, as ell's are."""

    origin = "prompt"


def plain(value: Any) -> Any:
    """The same request with every string a plain one."""
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str.__str__(value)
    return value


CALL_ID = "call_abc123"
CHAT: list[dict[str, Any]] = [
    {"model": Model.GPT_4O, "messages": [{"role": Role.USER, "content": "Hi"}]},
    {"model": "gpt-4o", "messages": [{"role": "user", "content": Tracked("What's the weather in Rome?")}]},
    {
        "model": Tracked("gpt-4o"),
        "messages": [
            {"role": Role.SYSTEM, "content": Tracked("Be brief, answer in JSON.")},
            {"role": Role.DEVELOPER, "content": [{"type": "text", "text": Tracked("Answer kindly.")}]},
            {
                "role": Role.USER,
                "content": [{"type": Tracked("text"), "text": Tracked("Hello")}],
                "name": Tracked("ada"),
            },
            {
                "role": Role.ASSISTANT,
                "content": None,
                "tool_calls": [
                    {
                        "id": Tracked(CALL_ID),
                        "type": Tracked("function"),
                        "function": {"name": Tracked("get_weather"), "arguments": Tracked('{"city": "Rome"}')},
                    }
                ],
            },
            {"role": Role.TOOL, "tool_call_id": Tracked(CALL_ID), "content": Tracked('{"temp_c": 21}')},
        ],
        "tools": [
            {
                "type": Tracked("function"),
                "function": {
                    "name": Tracked("get_weather"),
                    "description": Tracked("Weather of a city"),
                    "parameters": {"type": "object", "properties": {"city": {"type": Tracked("string")}}},
                },
            }
        ],
        "tool_choice": Tracked("auto"),
        "stop": [Tracked("\n\n")],
        "user": Tracked("user-1"),
        "response_format": {"type": Tracked("json_object")},
    },
]
RESPONSES: list[dict[str, Any]] = [
    {"model": Model.GPT_4O, "input": Tracked("Hi")},
    {
        "model": Tracked("gpt-4o"),
        "instructions": Tracked("Be brief."),
        "input": [
            {"role": Role.DEVELOPER, "content": Tracked("Answer kindly.")},
            {"role": Role.USER, "content": [{"type": Tracked("input_text"), "text": Tracked("Weather in Rome?")}]},
            {
                "type": Tracked("function_call"),
                "call_id": Tracked(CALL_ID),
                "name": Tracked("get_weather"),
                "arguments": Tracked('{"city": "Rome"}'),
            },
            {"type": Tracked("function_call_output"), "call_id": Tracked(CALL_ID), "output": Tracked('{"temp_c": 21}')},
        ],
        "tools": [
            {
                "type": Tracked("function"),
                "name": Tracked("get_weather"),
                "parameters": {"type": "object"},
                "strict": False,
            }
        ],
        "tool_choice": Tracked("auto"),
        "user": Tracked("user-1"),
    },
]
EMBEDDINGS: list[dict[str, Any]] = [
    {"model": Model.EMBEDDING, "input": Tracked("a sentence")},
    {
        "model": Tracked("text-embedding-3-small"),
        "input": [Tracked("one"), Tracked("two")],
        "encoding_format": Tracked("float"),
    },
]
MODERATIONS: list[dict[str, Any]] = [
    {"model": Model.MODERATION, "input": Tracked("a kind sentence")},
    {"input": [Tracked("one"), Tracked("two")]},
    {"model": Tracked("omni-moderation-latest"), "input": [{"type": Tracked("text"), "text": Tracked("hello")}]},
]


def _sync(method: str) -> Callable[[FakeOpenAI, dict[str, Any]], Any]:
    def call(fake: FakeOpenAI, kwargs: dict[str, Any]) -> Any:
        target: Any = fake
        for part in method.split("."):
            target = getattr(target, part)
        return target(**kwargs)

    return call


CASES = [
    *[("chat.completions.create", body) for body in CHAT],
    *[("responses.create", body) for body in RESPONSES],
    *[("embeddings.create", body) for body in EMBEDDINGS],
    *[("moderations.create", body) for body in MODERATIONS],
]


@pytest.mark.parametrize(("method", "body"), CASES, ids=[f"{m}-{i}" for i, (m, _) in enumerate(CASES)])
@pytest.mark.parametrize("seed", range(3))
def test_str_subclasses_are_answered_as_plain_strings(method: str, body: dict[str, Any], seed: int) -> None:
    expected = _sync(method)(FakeOpenAI(seed=seed), plain(body))
    given = _sync(method)(FakeOpenAI(seed=seed), body)
    assert given.model_dump(mode="json") == expected.model_dump(mode="json")

    async def call_async() -> Any:
        target: Any = FakeAsyncOpenAI(seed=seed)
        for part in method.split("."):
            target = getattr(target, part)
        return await target(**body)

    assert asyncio.run(call_async()).model_dump(mode="json") == expected.model_dump(mode="json")


@pytest.mark.parametrize("seed", range(3))
def test_streamed_chat_with_an_enum_role(seed: int) -> None:
    body = CHAT[0]
    chunks = list(FakeOpenAI(seed=seed).chat.completions.create(**body, stream=True))
    expected = list(FakeOpenAI(seed=seed).chat.completions.create(**plain(body), stream=True))
    assert [c.model_dump(mode="json") for c in chunks] == [c.model_dump(mode="json") for c in expected]


def test_a_str_enum_that_is_not_a_role_is_still_refused() -> None:
    class Mood(str, Enum):
        HAPPY = "happy"

    # The API names the value the wire carried, not the Python object's repr ('Mood.HAPPY').
    messages: Any = [{"role": Mood.HAPPY, "content": "Hi"}]
    with pytest.raises(openai.BadRequestError, match="Invalid value: 'happy'"):
        FakeOpenAI().chat.completions.create(model="gpt-4o", messages=messages)
