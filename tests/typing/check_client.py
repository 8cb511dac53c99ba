"""User-style code for mypy --strict only (pytest never collects tests/typing/).

It fails the type check if a fake stops being accepted where the SDK client is, or if the SDK's
return types stop flowing through the fake.
"""

from __future__ import annotations

from openai import AsyncOpenAI, AsyncStream, AzureOpenAI, OpenAI, Stream
from openai.types import FileObject
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from typing_extensions import assert_type

from openai_fakes import Backend, FakeAsyncOpenAI, FakeOpenAI


def answer(client: OpenAI, question: str) -> str:
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": question}])
    return reply.choices[0].message.content or ""


async def answer_async(client: AsyncOpenAI, question: str) -> str:
    reply = await client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": question}])
    return reply.choices[0].message.content or ""


def sync_usage() -> None:
    fake = FakeOpenAI(seed=7)
    answer(fake, "Where is Paris?")
    assert_type(
        fake.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi"}]), ChatCompletion
    )
    assert_type(
        fake.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi"}], stream=True),
        Stream[ChatCompletionChunk],
    )
    assert_type(fake.files.retrieve("file-abc"), FileObject)
    assert_type(fake.with_options(max_retries=0), FakeOpenAI)
    assert_type(fake.backend, Backend)


async def async_usage() -> None:
    fake = FakeAsyncOpenAI(seed=7)
    await answer_async(fake, "Where is Paris?")
    assert_type(
        await fake.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi"}]), ChatCompletion
    )
    assert_type(
        await fake.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi"}], stream=True),
        AsyncStream[ChatCompletionChunk],
    )
    assert_type(fake.with_options(max_retries=0), FakeAsyncOpenAI)


def misuse() -> None:
    # A fake is not an async client: mypy must keep catching this mix-up.
    answer_async(FakeOpenAI(), "x")  # type: ignore[arg-type, unused-coroutine]


def other_clients_over_a_fake() -> None:
    # An Azure or other-base_url client answered by a fake's server: the fake's HTTP client is typed
    # as the SDK's constructor expects it.
    fake, afake = FakeOpenAI(), FakeAsyncOpenAI()
    azure = AzureOpenAI(
        api_key="k", api_version="2024-10-21", azure_endpoint="https://x.openai.azure.com", http_client=fake.http_client
    )
    assert_type(
        azure.chat.completions.create(model="deployment", messages=[{"role": "user", "content": "Hi"}]), ChatCompletion
    )
    AsyncOpenAI(api_key="k", base_url="http://localhost:11434/v1", http_client=afake.http_client)
    OpenAI(api_key="k", http_client=afake.http_client)  # type: ignore[arg-type]
