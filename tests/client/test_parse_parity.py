"""The fake parses a reply as the SDK does, only faster.

The SDK *constructs* reply models on a default client (no checks); the fake validates first and
hands the SDK only what does not validate (`openai_fakes._core.sdk.validated_model`). These tests
hold that this changes nothing a user sees: for every reply the fake makes, across every SDK
method (plain calls and stream events), the validated object equals the SDK's construction, and
what does not validate is still answered the SDK's way (constructed as sent, or the SDK's own
``APIResponseValidationError`` on a strict client).
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pydantic
import pytest
from openai import OpenAI
from openai._models import construct_type
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from openai.types.responses import Response

import openai_fakes._core.sdk as sdk
from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes._client import seam
from tests.conformance._args import arguments_for
from tests.conformance._walk import invoke, method_paths, resolve

QUESTION: Any = [{"role": "user", "content": "hi"}]


def differences(validated: object, constructed: object, path: str = "$") -> list[str]:
    """Where two parsed values differ, apart from the two things construction adds (see
    `validated_model`): aliased keys kept as extras, and undeclared keys left out of the fields set."""
    if type(validated) is not type(constructed):
        return [f"{path}: {type(validated).__name__} vs {type(constructed).__name__}"]
    if isinstance(validated, pydantic.BaseModel):
        assert isinstance(constructed, pydantic.BaseModel)
        fields = type(validated).model_fields
        found: list[str] = []
        declared_set = validated.model_fields_set & fields.keys()
        if declared_set != constructed.model_fields_set & fields.keys():
            found.append(f"{path}: fields set {declared_set} vs {constructed.model_fields_set}")
        aliases = {field.alias for field in fields.values() if field.alias}
        extra_v = validated.model_extra or {}
        extra_c = {k: v for k, v in (constructed.model_extra or {}).items() if k not in aliases}
        found += differences(extra_v, extra_c, f"{path}.<extra>")
        for name in fields:
            found += differences(getattr(validated, name), getattr(constructed, name), f"{path}.{name}")
        return found
    if isinstance(validated, (list, tuple)):
        assert isinstance(constructed, (list, tuple))
        if len(validated) != len(constructed):
            return [f"{path}: {len(validated)} items vs {len(constructed)}"]
        return [d for i, pair in enumerate(zip(validated, constructed)) for d in differences(*pair, f"{path}[{i}]")]
    if isinstance(validated, dict):
        assert isinstance(constructed, dict)
        if validated.keys() != constructed.keys():
            return [f"{path}: keys {sorted(validated)} vs {sorted(constructed)}"]
        return [d for key in validated for d in differences(validated[key], constructed[key], f"{path}.{key}")]
    return [] if validated == constructed else [f"{path}: {validated!r} vs {constructed!r}"]


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[Any, object, object]]]:
    """Every (type, JSON, validated object) the seam parses while the test runs."""
    seen: list[tuple[Any, object, object]] = []
    original = sdk.validated_model

    def spy(cast_to: Any, data: object) -> Any:
        result = original(cast_to, data)
        if result is not None:
            seen.append((cast_to, data, result))
        return result

    monkeypatch.setattr(seam, "validated_model", spy)
    yield seen


def test_differences_sees_a_changed_value_type_and_extra() -> None:
    # Calibration: the comparison below would catch what construction and validation could disagree on.
    data = {"id": "c", "object": "chat.completion", "created": 1, "model": "m", "choices": []}
    assert differences(ChatCompletion.model_validate(data), construct_type(type_=ChatCompletion, value=data)) == []
    changed = ChatCompletion.model_validate({**data, "created": 2})
    assert differences(changed, construct_type(type_=ChatCompletion, value=data)) == ["$.created: 2 vs 1"]
    coerced = construct_type(type_=ChatCompletion, value={**data, "created": 1.0})
    assert differences(ChatCompletion.model_validate(data), coerced) == ["$.created: int vs float"]
    extra = construct_type(type_=ChatCompletion, value={**data, "note": "x"})
    assert differences(ChatCompletion.model_validate(data), extra) == ["$.<extra>: keys [] vs ['note']"]


@pytest.mark.parametrize("path", method_paths(OpenAI))
def test_every_reply_validated_equals_the_sdks_construction(
    path: str, parsed: list[tuple[Any, object, object]], tmp_path: Path
) -> None:
    fake = FakeOpenAI(seed=1, unknown_ids="materialize")
    entry = resolve(fake, path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # deprecated API areas are called on purpose
        for call in arguments_for(entry, tmp_path):
            invoke(entry, "plain", call.args, call.kwargs)
    for cast_to, data, validated in parsed:
        constructed = construct_type(type_=cast_to, value=data)
        assert differences(validated, constructed) == [], f"{path}: {getattr(cast_to, '__name__', cast_to)}"


def test_streams_are_parsed_by_the_seam(parsed: list[tuple[Any, object, object]]) -> None:
    # The parity above covers stream events only if they pass through the seam's parse.
    fake = FakeOpenAI(seed=1)
    chunks = list(fake.chat.completions.create(model="gpt-4o-mini", messages=QUESTION, stream=True))
    assert len(chunks) > 2
    assert [value for _, _, value in parsed] == chunks


def test_async_streams_are_parsed_by_the_seam(parsed: list[tuple[Any, object, object]]) -> None:
    async def run() -> list[ChatCompletionChunk]:
        fake = FakeAsyncOpenAI(seed=1)
        stream = await fake.chat.completions.create(model="gpt-4o-mini", messages=QUESTION, stream=True)
        return [chunk async for chunk in stream]

    chunks = asyncio.run(run())
    assert len(chunks) > 2
    assert [value for _, _, value in parsed] == chunks


@pytest.mark.parametrize("mode", ["plain", "raw", "stream"])
def test_a_reply_that_does_not_validate_is_constructed_as_sent(mode: str) -> None:
    # validation="off" lets a wrong-typed value through, and Responses echoes it; the SDK's default
    # parse constructs such a reply unchecked, as it would from a server echoing it.
    fake: Any = FakeOpenAI(seed=1, validation="off")
    request: Any = {"model": "gpt-4o-mini", "input": "hi", "temperature": "hot"}
    if mode == "plain":
        response = fake.responses.create(**request)
    elif mode == "raw":
        response = fake.responses.with_raw_response.create(**request).parse()
    else:
        response = list(fake.responses.create(**request, stream=True))[-1].response
    assert isinstance(response, Response)
    assert response.temperature == "hot"  # type: ignore[comparison-overlap]
    assert response.output_text


def test_a_strict_client_gets_the_sdks_own_validation_error() -> None:
    fake: Any = FakeOpenAI(seed=1, validation="off", _strict_response_validation=True)
    with pytest.raises(openai.APIResponseValidationError):
        fake.responses.create(model="gpt-4o-mini", input="hi", temperature="hot")
