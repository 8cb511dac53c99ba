"""Reasoning models think before they answer, on Chat Completions as on Responses: their hidden
reasoning tokens are reported in ``completion_tokens_details.reasoning_tokens`` and counted in
``completion_tokens``; under a token limit the thinking comes first."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes._sim import tokens

QUESTION: Any = [{"role": "user", "content": "Why is the sky blue?"}]
REASONING_MODELS = ("o3-mini", "o4-mini", "gpt-5", "gpt-5-mini")


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("model", REASONING_MODELS)
def test_reasoning_models_report_hidden_tokens_within_completion_tokens(model: str, seed: int) -> None:
    reply = FakeOpenAI(seed=seed).chat.completions.create(model=model, messages=QUESTION)
    usage = reply.usage
    assert usage is not None and usage.completion_tokens_details is not None
    hidden = usage.completion_tokens_details.reasoning_tokens
    assert hidden is not None and 64 <= hidden <= 256
    visible = tokens.text_tokens(reply.choices[0].message.content or "", model)
    assert usage.completion_tokens == visible + hidden
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens


@pytest.mark.parametrize("model", ["gpt-4o", "gpt-4.1-mini", "gpt-3.5-turbo"])
def test_other_models_report_no_reasoning(model: str) -> None:
    reply = FakeOpenAI(seed=1).chat.completions.create(model=model, messages=QUESTION)
    assert reply.usage is not None and reply.usage.completion_tokens_details is not None
    assert reply.usage.completion_tokens_details.reasoning_tokens == 0


def test_each_choice_reasons_on_its_own() -> None:
    reply = FakeOpenAI(seed=2).chat.completions.create(model="o3-mini", messages=QUESTION, n=3)
    assert reply.usage is not None and reply.usage.completion_tokens_details is not None
    visible = sum(tokens.text_tokens(c.message.content or "", "o3-mini") for c in reply.choices)
    hidden = reply.usage.completion_tokens_details.reasoning_tokens
    assert hidden is not None and hidden >= 3 * 64
    assert reply.usage.completion_tokens == visible + hidden


@pytest.mark.parametrize("limit", [1, 30, 64])
def test_a_limit_spent_on_thinking_leaves_no_visible_answer(limit: int) -> None:
    reply = FakeOpenAI(seed=1).chat.completions.create(model="o3-mini", messages=QUESTION, max_completion_tokens=limit)
    assert reply.choices[0].message.content == ""
    assert reply.choices[0].finish_reason == "length"
    assert reply.usage is not None and reply.usage.completion_tokens_details is not None
    assert reply.usage.completion_tokens == reply.usage.completion_tokens_details.reasoning_tokens == limit


@pytest.mark.parametrize("seed", range(4))
def test_a_limit_bounds_thinking_and_answer_together(seed: int) -> None:
    reply = FakeOpenAI(seed=seed).chat.completions.create(model="o3-mini", messages=QUESTION, max_completion_tokens=300)
    assert reply.usage is not None and reply.usage.completion_tokens <= 300


@pytest.mark.parametrize("seed", range(3))
def test_streamed_usage_is_the_unstreamed_usage(seed: int) -> None:
    plain = FakeOpenAI(seed=seed).chat.completions.create(model="o3-mini", messages=QUESTION)

    async def streamed() -> Any:
        stream = await FakeAsyncOpenAI(seed=seed).chat.completions.create(
            model="o3-mini", messages=QUESTION, stream=True, stream_options={"include_usage": True}
        )
        return [chunk.usage async for chunk in stream if chunk.usage is not None]

    usages = asyncio.run(streamed())
    assert len(usages) == 1 and usages[0] == plain.usage
