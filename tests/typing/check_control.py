"""mypy --strict only: the control API is typed end to end (``warn_unused_ignores`` makes every
``type: ignore`` below a check that mypy still catches the mistake)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import httpx2
from openai import AsyncOpenAI
from openai.pagination import SyncCursorPage
from openai.types import FileObject
from openai.types.chat import ChatCompletion
from openai.types.responses import Response
from typing_extensions import assert_type

from openai_fakes import Backend, Call, CallList, FakeAsyncOpenAI, FakeOpenAI, Rule, Stub, tool_call, tool_calls


def stubs_are_typed_by_the_method() -> None:
    fake = FakeOpenAI()
    chat = fake.stub(fake.chat.completions.create)
    assert_type(chat, Stub[ChatCompletion])
    assert_type(fake.stub(fake.responses.create), Stub[Response])
    assert_type(fake.stub(fake.files.retrieve), Stub[FileObject])
    assert_type(fake.stub(fake.files.list), Stub[SyncCursorPage[FileObject]])
    assert_type(chat.calls, CallList[ChatCompletion])
    assert_type(chat.calls.last, Call[ChatCompletion])
    assert_type(chat.calls.last.reply, ChatCompletion)
    assert_type(chat.calls[0].reply, ChatCompletion)
    for call in fake.stub(fake.files.list).calls:
        assert_type(call.reply, SyncCursorPage[FileObject])
    assert_type(fake.calls, CallList[Any])
    assert_type(fake.calls.last.reply, Any)
    chat.returns(ChatCompletion.model_construct())
    chat.returns({"choices": [{"message": {"content": "Hi"}}]})
    chat.sequence([tool_call("get_weather", city="Paris"), "Sunny", None])


async def async_stubs_are_typed_by_the_method() -> None:
    fake = FakeAsyncOpenAI()
    assert_type(fake.stub(fake.chat.completions.create), Stub[ChatCompletion])
    assert_type(fake.stub(fake.files.retrieve), Stub[FileObject])
    assert_type(fake.stub(fake.chat.completions.create).calls.last.reply, ChatCompletion)
    assert_type(fake.retry_waits, list[float])
    assert_type(fake.clock.now(), int)


def records_and_the_clock() -> None:
    fake = FakeOpenAI(start_time=datetime(2030, 1, 1, tzinfo=timezone.utc))
    FakeOpenAI(start_time=1_893_456_000)
    FakeAsyncOpenAI(start_time=1_893_456_000.5)
    Backend(start_time=datetime(2030, 1, 1, tzinfo=timezone.utc))
    assert_type(fake.retry_waits, list[float])
    assert_type(fake.clock.now(), int)
    fake.clock.advance(60)
    fake.clock.advance(timedelta(hours=1))
    error: BaseException | None = fake.calls.last.error
    status: int = fake.calls.last.status
    seen: list[Call[ChatCompletion]] = list(fake.stub(fake.chat.completions.create).calls)
    del error, status, seen


def mistakes_mypy_catches() -> None:
    fake = FakeOpenAI()
    chat = fake.stub(fake.chat.completions.create)
    chat.returns(FileObject.model_construct())  # type: ignore[arg-type]
    chat.reply(contnet="Hi")  # type: ignore[call-arg]
    chat.sequence(["a"], then="loop")  # type: ignore[arg-type]
    fake.stub(fake.files.retrieve).returns(ChatCompletion.model_construct())  # type: ignore[arg-type]
    fake.stub(fake.files.retrieve).calls.last.reply.choices  # type: ignore[attr-defined]
    fake.clock.advance("60")  # type: ignore[arg-type]
    FakeOpenAI(start_time="2030-01-01")  # type: ignore[arg-type]


def strictness_is_typed() -> None:
    fake = FakeOpenAI(unscripted="error")
    FakeAsyncOpenAI(unscripted="default")
    FakeOpenAI(unscripted="raise")  # type: ignore[arg-type]
    chat = fake.stub(fake.chat.completions.create)
    assert_type(chat.when(model="gpt-4o").reply("x").optional(), Rule[ChatCompletion])
    assert_type(chat.always(tool_call("get_weather", city="Paris").unchecked()), Rule[ChatCompletion])
    assert_type(chat.always(tool_calls(tool_call("a"), tool_call("b"))), Rule[ChatCompletion])
    assert_type(fake.assert_all_used(), None)
    assert_type(fake.http_client, httpx2.Client)
    assert_type(FakeAsyncOpenAI().http_client, httpx2.AsyncClient)
    tool_calls("a")  # type: ignore[arg-type]
    chat.structured(42)  # type: ignore[arg-type]
    chat.raises("RateLimitError")  # type: ignore[arg-type]
    chat.embedding("0.1")  # type: ignore[arg-type]


def needs_async(client: AsyncOpenAI) -> None: ...


def test_with_fixture(fake_openai: FakeOpenAI, fake_async_openai: FakeAsyncOpenAI) -> None:
    # The plugin's fixtures are annotated with the fake types: passing the sync one where an
    # async client is expected is caught.
    needs_async(fake_async_openai)
    needs_async(fake_openai)  # type: ignore[arg-type]
