"""outlines runs on the fake: outlines.from_openai takes a FakeOpenAI (or a FakeAsyncOpenAI for the
async model) and a model name. Unscripted, a pydantic output type comes back as JSON that
validates, with the values the prompt names (an enum value included); a dict output type (JSON
mode) has the fields the prompt lists; sync, async and streamed. Scripted: a structured value, a
refusal (outlines raises GenerationError) and an API error (outlines' own error type).

outlines only needs the network for the models it downloads (transformers, llama.cpp...); its
OpenAI model makes no other connection."""

from __future__ import annotations

import asyncio
import json
from typing import Literal

import openai
import outlines
import pytest
from outlines.exceptions import GenerationError, RateLimitError
from pydantic import BaseModel

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI

SEEDS = range(3)


class Hero(BaseModel):
    name: str
    city: str
    side: Literal["hero", "villain"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_pydantic_output_type_is_filled_from_the_prompt(seed: int) -> None:
    fake = FakeOpenAI(seed=seed)
    model = outlines.from_openai(fake, "gpt-4o")

    text = model("Describe Batman, a villain from Gotham.", Hero)

    assert Hero.model_validate_json(text) == Hero(name="Batman", city="Gotham", side="villain")
    response_format = fake.calls.last.params["response_format"]
    assert response_format["type"] == "json_schema" and response_format["json_schema"]["strict"] is True


@pytest.mark.parametrize("seed", SEEDS)
def test_a_generator_streams_json_that_joins_to_the_same_answer(seed: int) -> None:
    plain = outlines.Generator(outlines.from_openai(FakeOpenAI(seed=seed), "gpt-4o"), Hero)
    streamed = outlines.Generator(outlines.from_openai(FakeOpenAI(seed=seed), "gpt-4o"), Hero)
    prompt = "Describe Superman, a hero who lives in Metropolis."

    chunks = list(streamed.stream(prompt))

    assert len(chunks) > 1
    assert "".join(chunks) == plain(prompt)  # same seed, same request: a stream joins to the plain reply
    assert Hero.model_validate_json("".join(chunks)) == Hero(name="Superman", city="Metropolis", side="hero")


@pytest.mark.parametrize("seed", SEEDS)
def test_json_mode_answers_with_the_fields_the_prompt_lists(seed: int) -> None:
    fake = FakeOpenAI(seed=seed)
    model = outlines.from_openai(fake, "gpt-4o")

    answer = json.loads(model("What is the weather in Rome? Reply in JSON with the fields city and summary.", dict))

    assert set(answer) == {"city", "summary"} and answer["city"] == "Rome"
    assert fake.calls.last.params["response_format"] == {"type": "json_object"}


@pytest.mark.parametrize("seed", SEEDS)
def test_the_async_model_awaits_the_async_client(seed: int) -> None:
    afake = FakeAsyncOpenAI(seed=seed)
    model = outlines.from_openai(afake, "gpt-4o")

    async def main() -> tuple[str, str]:
        text = await model("Describe Batman, a villain from Gotham.", Hero)
        chunks = [chunk async for chunk in model.stream("Say hello.")]
        return text, "".join(chunks)

    text, streamed = asyncio.run(main())

    assert Hero.model_validate_json(text) == Hero(name="Batman", city="Gotham", side="villain")
    assert streamed and afake.calls.last.params["stream"] is True


def test_a_scripted_value_is_the_models_answer() -> None:
    fake = FakeOpenAI(seed=0)
    fake.stub(fake.chat.completions.create).structured(Hero(name="Robin", city="Gotham", side="hero"))

    text = outlines.from_openai(fake, "gpt-4o")("Describe Robin.", Hero)

    assert Hero.model_validate_json(text) == Hero(name="Robin", city="Gotham", side="hero")


def test_a_scripted_refusal_raises_outlines_generation_error() -> None:
    fake = FakeOpenAI(seed=0)
    fake.stub(fake.chat.completions.create).refusal("I can't help with that")

    with pytest.raises(GenerationError, match="I can't help with that"):
        outlines.from_openai(fake, "gpt-4o")("Describe the Joker's plans.", Hero)


def test_an_api_error_becomes_outlines_own_error_type() -> None:
    fake = FakeOpenAI(seed=0, max_retries=0)
    fake.stub(fake.chat.completions.create).raises(openai.RateLimitError)

    with pytest.raises(RateLimitError) as raised:
        outlines.from_openai(fake, "gpt-4o")("Describe Robin.", Hero)

    assert raised.value.status_code == 429 and raised.value.retryable is True
    assert isinstance(raised.value.original_exception, openai.RateLimitError)


def test_a_client_the_code_builds_is_answered_under_patch_openai(patch_openai: FakeOpenAI) -> None:
    patch_openai.stub(patch_openai.chat.completions.create).structured(Hero(name="Robin", city="Gotham", side="hero"))
    model = outlines.from_openai(openai.OpenAI(), "gpt-4o")  # as the code under test would build it

    assert Hero.model_validate_json(model("Describe Robin.", Hero)).name == "Robin"
    patch_openai.calls.assert_called_once()
