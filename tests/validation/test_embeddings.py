"""Embeddings requests the real API refuses (docs/api-behaviour.md, Embeddings and Error messages)."""

from __future__ import annotations

from typing import Any

import openai
import pytest

from openai_fakes import FakeOpenAI

from ._expect import assert_error, refusal


@pytest.fixture
def fake() -> FakeOpenAI:
    return FakeOpenAI(seed=8)


def create(fake: FakeOpenAI, **params: Any) -> Any:
    return fake.embeddings.create(**{"model": "text-embedding-3-small", "input": "hello", **params})


@pytest.mark.parametrize("value", ["", ["fine", ""], [[]]])
def test_an_empty_input(fake: FakeOpenAI, value: Any) -> None:
    error = refusal(lambda: create(fake, input=value))
    assert_error(
        error,
        param=None,
        code=None,
        message="'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
    )


def test_no_inputs_at_all(fake: FakeOpenAI) -> None:  # [U] wording
    error = refusal(lambda: create(fake, input=[]))
    assert_error(error, param="input", code="empty_array")


def test_more_than_2048_inputs(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, input=["word"] * 2049))
    assert_error(
        error,
        param="input",
        code="array_above_max_length",
        message="Invalid 'input': array too long. Expected an array with maximum length 2048, but got an array with length 2049 instead.",
    )
    assert len(create(fake, input=["word"] * 2048).data) == 2048


def test_an_input_over_8192_tokens(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, input=["short", "word " * 8200]))
    assert_error(error, param=None, code=None, message="Invalid 'input[1]': maximum input length is 8192 tokens.")


def test_token_ids_count_one_token_each(fake: FakeOpenAI) -> None:
    refusal(lambda: create(fake, input=[1] * 8193))
    assert create(fake, input=[1] * 8192).data


def test_more_than_300000_tokens_in_all(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, input=[[7] * 8000] * 40))
    assert_error(
        error,
        param=None,
        code="max_tokens_per_request",
        type="max_tokens_per_request",
        message="Requested 320000 tokens, max 300000 tokens per request",
    )


def test_dimensions_on_ada_002(fake: FakeOpenAI) -> None:
    error = refusal(lambda: create(fake, model="text-embedding-ada-002", dimensions=256))
    assert_error(error, param="dimensions", code=None, message="This model does not support specifying dimensions.")


def test_dimensions_above_the_models_size(fake: FakeOpenAI) -> None:  # [U] wording
    error = refusal(lambda: create(fake, dimensions=2000))
    assert_error(error, param="dimensions", code="integer_above_max_value")
    assert create(fake, model="text-embedding-3-large", dimensions=2000).data


def test_a_chat_model(fake: FakeOpenAI) -> None:  # [U] which wording the API uses here
    error = refusal(lambda: create(fake, model="gpt-4o"), openai.NotFoundError)
    assert_error(
        error,
        status=404,
        param=None,
        code="model_not_found",
        message="The model `gpt-4o` does not exist or you do not have access to it.",
    )
