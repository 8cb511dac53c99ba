"""``fake_async_openai`` under the async runners docs/pytest-plugin.md names: pytest-asyncio and
anyio's pytest plugin (asyncio backend). Both are in the dev extra."""

from __future__ import annotations

from typing import Any

import pytest

from openai_fakes import FakeAsyncOpenAI

HI: Any = [{"role": "user", "content": "hi"}]

pytest_plugins = ["pytester"]


async def _scripted_then_streamed(fake: FakeAsyncOpenAI) -> None:
    fake.stub(fake.chat.completions.create).sequence(["hello", "streamed"])
    reply = await fake.chat.completions.create(model="gpt-4o-mini", messages=HI)
    stream = await fake.chat.completions.create(model="gpt-4o-mini", messages=HI, stream=True)
    text = "".join([chunk.choices[0].delta.content or "" async for chunk in stream if chunk.choices])
    assert (reply.choices[0].message.content, text) == ("hello", "streamed")
    uploaded = await fake.files.create(file=("a.txt", b"abc"), purpose="assistants")
    assert (await fake.files.content(uploaded.id)).content == b"abc"


@pytest.mark.asyncio
async def test_under_pytest_asyncio(fake_async_openai: FakeAsyncOpenAI) -> None:
    await _scripted_then_streamed(fake_async_openai)


@pytest.mark.anyio
async def test_under_anyio(fake_async_openai: FakeAsyncOpenAI) -> None:
    await _scripted_then_streamed(fake_async_openai)


def test_strict_mode_under_both_runners(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        HI = [{"role": "user", "content": "hi"}]

        @pytest.mark.asyncio
        async def test_asyncio_leftover(fake_async_openai):
            fake_async_openai.stub(fake_async_openai.chat.completions.create).sequence(["used", "left by asyncio"])
            await fake_async_openai.chat.completions.create(model="gpt-4o-mini", messages=HI)

        @pytest.mark.anyio
        async def test_anyio_leftover(fake_async_openai):
            fake_async_openai.stub(fake_async_openai.embeddings.create).embedding([1.0, 0.0])

        @pytest.mark.anyio
        async def test_anyio_failure_stays_the_only_report(fake_async_openai):
            fake_async_openai.stub(fake_async_openai.embeddings.create).embedding([1.0, 0.0])
            assert False, "the test's own failure"
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=2, failed=1, errors=2)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_asyncio_leftover*",
            "*left by asyncio*",
            "*ERROR at teardown of test_anyio_leftover*",
            "*embeddings.create*",
        ]
    )
