"""Factories never build what the fake would refuse: they draw on the rules the fake's replies keep
(``_sim.reply_rules``), so a factory-built object is one the fake sends for the matching request."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from openai.types.chat.chat_completion import Choice

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes._sim.tokens import text_tokens
from openai_fakes.factories import (
    CreateEmbeddingResponseFactory,
    EmbeddingFactory,
    ResponseFactory,
    factory_for,
)

SEEDS = range(40)


# --- embeddings: a model that takes `dimensions`, items at their positions ----------------------


def test_an_embedding_reply_with_dimensions_is_one_the_fake_sends_for_that_request() -> None:
    fake = FakeOpenAI(seed=1)
    for seed in SEEDS:
        built = CreateEmbeddingResponseFactory.build(input="Paris", dimensions=4, random_seed=seed)
        assert not built.model.startswith("text-embedding-ada-002"), f"seed {seed}: ada-002 refuses `dimensions`"
        sent = fake.embeddings.create(model=built.model, input="Paris", dimensions=4)  # refused if the model cannot
        assert sent.data == built.data and sent.usage == built.usage and sent.model == built.model
    # Without `dimensions`, ada-002 is as likely as before.
    models = {CreateEmbeddingResponseFactory.build(random_seed=seed).model for seed in SEEDS}
    assert models == {"text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002-v2"}


@pytest.mark.parametrize(
    ("build", "says"),
    [
        (lambda: EmbeddingFactory.build(model="text-embedding-ada-002", dimensions=4), "does not take dimensions"),
        (
            lambda: CreateEmbeddingResponseFactory.build(model="text-embedding-ada-002-v2", dimensions=4),
            "does not take dimensions",
        ),
        (lambda: EmbeddingFactory.build(dimensions=0), "from 1 to 1536"),
        (lambda: EmbeddingFactory.build(model="text-embedding-3-large", dimensions=4000), "from 1 to 3072"),
    ],
)
def test_dimensions_the_api_refuses_are_an_error_saying_what_would_work(build: Any, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        build()


def test_a_batch_of_embeddings_is_numbered_by_position_and_one_alone_is_the_first() -> None:
    assert [item.index for item in EmbeddingFactory.batch(3)] == [0, 1, 2]
    assert [item.index for item in EmbeddingFactory.batch(4, random_seed=2)] == [0, 1, 2, 3]
    assert [item.index for item in EmbeddingFactory.batch(2, index=7)] == [7, 7]  # given: kept
    assert EmbeddingFactory.build(random_seed=3).index == 0


def test_embedding_usage_fitted_around_a_partial_override() -> None:
    usage = CreateEmbeddingResponseFactory.build(input="Paris", usage={"prompt_tokens": 5}).usage
    assert (usage.prompt_tokens, usage.total_tokens) == (5, 5)


# --- chat ----------------------------------------------------------------------------------------


def test_a_batch_of_choices_is_numbered_by_position() -> None:
    assert [choice.index for choice in factory_for(Choice).batch(3, random_seed=1)] == [0, 1, 2]


# --- responses: a custom tool call costs its input, wherever a response is made ------------------

CUSTOM_CALL_REQUEST: Any = {
    "model": "gpt-4o",
    "input": "List the files",
    "tools": [{"type": "custom", "name": "shell"}],
    "tool_choice": "required",
}


def test_a_custom_tool_call_costs_its_input_in_a_reply_a_factory_build_and_a_scripted_override() -> None:
    sent = FakeOpenAI(seed=3).responses.create(**CUSTOM_CALL_REQUEST)
    (call,) = sent.output
    assert call.type == "custom_tool_call" and sent.usage is not None
    assert sent.usage.output_tokens == text_tokens(call.input) + 3  # the input and the call's framing
    built = ResponseFactory.build(output=sent.output, usage={"input_tokens": sent.usage.input_tokens})
    assert built.usage == sent.usage

    new_input = "ls -la /tmp/work/logs"

    async def scripted_async() -> Any:
        fake = FakeAsyncOpenAI(seed=3)
        fake.stub(fake.responses.create).returns({"output": [{"input": new_input}]})
        return await fake.responses.create(**CUSTOM_CALL_REQUEST)

    fake = FakeOpenAI(seed=3)
    fake.stub(fake.responses.create).returns({"output": [{"input": new_input}]})
    for reply in (fake.responses.create(**CUSTOM_CALL_REQUEST), asyncio.run(scripted_async())):
        assert reply.output[0].input == new_input and reply.usage is not None
        assert reply.usage.output_tokens == text_tokens(new_input) + 3
        assert reply.usage.total_tokens == reply.usage.input_tokens + reply.usage.output_tokens
