"""``validation="strict" | "lenient" | "off"``, and the model checks of the other endpoints."""

from __future__ import annotations

from typing import Any

import openai
import pytest

from openai_fakes import FakeOpenAI
from openai_fakes._core.errors import APIErrorReply
from openai_fakes._core.exchange import Exchange
from openai_fakes._sim.validation import validate_request

from ._expect import assert_error, refusal

USER: Any = [{"role": "user", "content": "Hi"}]


def test_strict_is_the_default() -> None:
    refusal(
        lambda: FakeOpenAI().chat.completions.create(model="gpt-4o-mini", messages=USER, temperature=3),
        openai.BadRequestError,
    )


@pytest.mark.parametrize(
    "params",
    [
        {"model": "gpt-9", "messages": USER},  # unknown model
        {"model": "gpt-4o-mini", "messages": USER, "temperature": 3},  # out of range
        {"model": "gpt-5", "messages": USER, "max_tokens": 100},  # reasoning-model rule
        {"model": "gpt-4o-mini", "messages": USER, "response_format": {"type": "json_object"}},  # no "json"
    ],
    ids=["unknown model", "temperature", "max_tokens on gpt-5", "json mode"],
)
def test_lenient_drops_model_capabilities_and_api_limits(params: Any) -> None:
    assert FakeOpenAI(validation="lenient").chat.completions.create(**params).choices


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"messages": []}, "messages"),
        ({"messages": [*USER, {"role": "tool", "tool_call_id": "call_1", "content": "x"}]}, "messages.[1].role"),
        ({"messages": USER, "n": 0}, "n"),
        (
            {"messages": USER, "tools": [], "tool_choice": {"type": "function", "function": {"name": "f"}}},
            "tool_choice",
        ),
    ],
    ids=["empty messages", "tool answering no call", "no choices", "forcing a tool not offered"],
)
def test_lenient_keeps_what_makes_an_answer_impossible(params: Any, param: str) -> None:
    fake = FakeOpenAI(validation="lenient")
    error = refusal(lambda: fake.chat.completions.create(model="gpt-9", **params))
    assert error.body["param"] == param  # type: ignore[index]


def test_off_checks_nothing() -> None:
    fake = FakeOpenAI(validation="off")
    assert fake.chat.completions.create(
        model="gpt-9", messages=[*USER, {"role": "tool", "tool_call_id": "x", "content": "y"}], temperature=3
    ).choices


def test_validate_request_can_be_called_alone() -> None:
    exchange = Exchange(
        "POST", "/chat/completions", {}, {"model": "gpt-4o-mini", "messages": []}, [], {}, None, False, None
    )
    validate_request(exchange, "off")
    with pytest.raises(APIErrorReply) as info:
        validate_request(exchange, "strict")
    assert info.value.reply.status == 400


def test_a_bad_level_is_refused_with_the_fix() -> None:
    with pytest.raises(ValueError, match="'strict', 'lenient' or 'off'"):
        FakeOpenAI(validation="loose")  # type: ignore[arg-type]


# --- other endpoints: the model name (docs/api-behaviour.md, Error messages: "unknown model") ---------


def test_legacy_completions_refuse_a_chat_model() -> None:  # [U] wording
    error = refusal(lambda: FakeOpenAI().completions.create(model="gpt-4o", prompt="Hi"), openai.NotFoundError)
    assert_error(
        error,
        status=404,
        param="model",
        code=None,
        message="This is a chat model and not supported in the v1/completions endpoint. Did you mean to use v1/chat/completions?",
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda f: f.moderations.create(input="hi", model="omni-moderation-9"),
        lambda f: f.images.generate(prompt="a cat", model="dall-e-9"),
        lambda f: f.audio.speech.create(model="tts-9", voice="alloy", input="hi"),
        lambda f: f.audio.transcriptions.create(model="whisper-9", file=("a.mp3", b"ID3")),
    ],
    ids=["moderations", "images", "speech", "transcriptions"],
)
def test_unknown_models_on_other_endpoints(call: Any) -> None:
    error = refusal(lambda: call(FakeOpenAI()), openai.NotFoundError)
    assert_error(error, status=404, param=None, code="model_not_found")


def test_known_models_on_other_endpoints() -> None:
    fake = FakeOpenAI()
    assert fake.moderations.create(input="hi", model="omni-moderation-latest").results
    assert fake.moderations.create(input="hi").results  # the default model
    assert fake.images.generate(prompt="a cat", model="gpt-image-1").data


@pytest.mark.parametrize("level", ["strict", "lenient", "off"])
def test_the_apis_bound_on_choices_holds_at_every_level(level: Any) -> None:
    # Past 128 choices a reply grows without limit (n=8297, streamed, was ~200,000 chunks and
    # half a minute): the fake keeps the API's bound whatever the validation level.
    fake = FakeOpenAI(validation=level, max_retries=0)
    with pytest.raises(openai.BadRequestError, match="Expected a value <= 128, but got 8297"):
        fake.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}], n=8297, stream=True)
    with pytest.raises(openai.BadRequestError, match="Expected a value <= 128, but got 500"):
        fake.completions.create(model="gpt-3.5-turbo-instruct", prompt="x", n=500)
    assert (
        len(fake.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}], n=128).choices)
        == 128
    )
