"""Legacy Completions: n per prompt, default max_tokens 16, echo, stop, logprobs, streaming."""

from __future__ import annotations

import asyncio

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI


def test_choices_per_prompt_and_default_limit() -> None:
    reply = FakeOpenAI(seed=1).completions.create(model="gpt-3.5-turbo-instruct", prompt=["One", "Two"], n=2)
    assert reply.id.startswith("cmpl-") and reply.object == "text_completion"
    assert [c.index for c in reply.choices] == [0, 1, 2, 3]
    assert reply.usage is not None and reply.usage.completion_tokens <= 16 * 4
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens
    assert all(c.finish_reason in ("stop", "length") for c in reply.choices)


def test_echo_stop_and_logprobs() -> None:
    fake = FakeOpenAI(seed=2)
    echoed = fake.completions.create(model="gpt-3.5-turbo-instruct", prompt="Dear team,", echo=True, max_tokens=40)
    assert echoed.choices[0].text.startswith("Dear team,\n\n")
    stopped = fake.completions.create(model="gpt-3.5-turbo-instruct", prompt="x", stop=[" the"], max_tokens=200)
    assert " the" not in stopped.choices[0].text
    scored = fake.completions.create(model="gpt-3.5-turbo-instruct", prompt="x", logprobs=3, max_tokens=20)
    logprobs = scored.choices[0].logprobs
    assert logprobs is not None and logprobs.tokens and logprobs.token_logprobs and logprobs.top_logprobs
    assert "".join(logprobs.tokens) == scored.choices[0].text
    assert all(len(alternatives) <= 3 and max(alternatives.values()) < 0 for alternatives in logprobs.top_logprobs)


def test_stream_carries_the_same_text() -> None:
    whole = FakeOpenAI(seed=3).completions.create(model="gpt-3.5-turbo-instruct", prompt="Hi", max_tokens=30)
    chunks = list(
        FakeOpenAI(seed=3).completions.create(model="gpt-3.5-turbo-instruct", prompt="Hi", max_tokens=30, stream=True)
    )
    assert "".join(c.choices[0].text for c in chunks if c.choices) == whole.choices[0].text
    assert chunks[-1].choices[0].finish_reason == whole.choices[0].finish_reason


def test_async() -> None:
    async def main() -> None:
        reply = await FakeAsyncOpenAI(seed=4).completions.create(model="gpt-3.5-turbo-instruct", prompt="Hi")
        assert reply.choices[0].text

    asyncio.run(main())
