"""Scripted errors arrive as the API sends them; the SDK's own retry loop runs, without sleeping."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx2
import openai
import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes._server.server import FakeServer

MESSAGES: Any = [{"role": "user", "content": "Hi"}]

STATUS_ERRORS = [
    (openai.BadRequestError, 400),
    (openai.AuthenticationError, 401),
    (openai.PermissionDeniedError, 403),
    (openai.NotFoundError, 404),
    (openai.ConflictError, 409),
    (openai.UnprocessableEntityError, 422),
    (openai.RateLimitError, 429),
    (openai.InternalServerError, 500),
]


@pytest.mark.parametrize(("kind", "status"), STATUS_ERRORS, ids=[k.__name__ for k, _ in STATUS_ERRORS])
def test_every_status_error_has_the_api_body_and_headers(kind: type[openai.APIStatusError], status: int) -> None:
    fake = FakeOpenAI(max_retries=0)
    fake.stub(fake.chat.completions.create).raises(kind)
    with pytest.raises(kind) as caught:
        fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    error = caught.value
    assert error.status_code == status
    assert isinstance(error.body, dict) and set(error.body) == {"message", "type", "param", "code"}
    assert error.message == f"Error code: {status} - {error.body}" or error.body["message"] in error.message
    assert error.request_id is not None and error.request_id.startswith("req_")
    if status == 429:
        assert error.response.headers["retry-after"] == "1"
        assert error.code == "rate_limit_exceeded"


def test_503_and_custom_message_code_param() -> None:
    fake = FakeOpenAI(max_retries=0)
    fake.stub(fake.chat.completions.create).raises(openai.InternalServerError, message="Slow Down")
    with pytest.raises(openai.InternalServerError, match="Slow Down"):
        fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    fake.stub(fake.chat.completions.create).raises(
        openai.BadRequestError, message="bad", code="invalid_value", param="messages[0].role"
    )
    with pytest.raises(openai.BadRequestError) as caught:
        fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert (caught.value.code, caught.value.param, caught.value.type) == (
        "invalid_value",
        "messages[0].role",
        "invalid_request_error",
    )


def _error_as_built_by_a_test() -> openai.RateLimitError:
    request = httpx2.Request("POST", "https://api.openai.com/v1/chat/completions")
    response = httpx2.Response(429, headers={"retry-after": "3", "x-ratelimit-limit-requests": "500"}, request=request)
    body = {"message": "Slow down", "type": "requests", "code": "rate_limit_exceeded", "param": "model"}
    return openai.RateLimitError("Slow down", response=response, body=body)


def test_an_error_instance_arrives_with_its_headers_code_and_param() -> None:
    # A test that builds the server's 429 itself (retry-after 3) must see its code wait 3 s, not
    # the fake's default 1 s.
    fake = FakeOpenAI(seed=1, max_retries=1)
    fake.stub(fake.chat.completions.create).raises(_error_as_built_by_a_test())
    with pytest.raises(openai.RateLimitError) as caught:
        fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    error = caught.value
    assert error.response.headers["retry-after"] == "3"
    assert error.response.headers["x-ratelimit-limit-requests"] == "500"
    assert (error.code, error.param) == ("rate_limit_exceeded", "model")
    assert fake.retry_waits == [3.0]


def test_raises_options_override_what_the_error_instance_says() -> None:
    fake = FakeAsyncOpenAI(seed=1, max_retries=0)
    fake.stub(fake.chat.completions.create).raises(
        _error_as_built_by_a_test(), code="custom", headers={"retry-after": "9"}
    )
    with pytest.raises(openai.RateLimitError) as caught:
        asyncio.run(fake.chat.completions.create(model="gpt-4o", messages=MESSAGES))
    assert caught.value.response.headers["retry-after"] == "9"
    assert (caught.value.code, caught.value.param) == ("custom", "model")


def _forbid_sleeping(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(seconds: float) -> None:
        raise AssertionError(f"slept {seconds} s for real")

    monkeypatch.setattr(time, "sleep", refuse)


def test_429_then_success_succeeds_after_one_retry_without_sleeping(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeOpenAI(seed=1, max_retries=2)
    stub = fake.stub(fake.chat.completions.create)
    stub.sequence([openai.RateLimitError, "Recovered"])
    _forbid_sleeping(monkeypatch)  # the SDK's retry loop sleeps with time.sleep
    reply = fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert reply.choices[0].message.content == "Recovered"
    assert [(c.attempt, c.status) for c in stub.calls] == [(0, 429), (1, 200)]
    assert FakeServer.for_backend(fake.backend).retry_waits == [1.0]


def test_retries_stop_at_max_retries_and_every_attempt_is_recorded() -> None:
    fake = FakeOpenAI(max_retries=2)
    stub = fake.stub(fake.chat.completions.create)
    stub.raises(openai.InternalServerError)
    with pytest.raises(openai.InternalServerError):
        fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert [c.attempt for c in stub.calls] == [0, 1, 2]


def test_timeouts_and_connection_errors_are_the_sdks_own() -> None:
    fake = FakeOpenAI(max_retries=1)
    stub = fake.stub(fake.chat.completions.create)
    stub.raises(openai.APITimeoutError)
    with pytest.raises(openai.APITimeoutError):
        fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    stub.raises(openai.APIConnectionError)
    with pytest.raises(openai.APIConnectionError):
        fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert [c.attempt for c in stub.calls] == [0, 1, 0, 1]
    stub.sequence([openai.APITimeoutError, "ok"])
    assert fake.chat.completions.create(model="gpt-4o", messages=MESSAGES).choices[0].message.content == "ok"


def test_any_other_exception_reaches_the_caller_as_is() -> None:
    fake = FakeOpenAI()
    fake.stub(fake.files.list).raises(KeyError("boom"))
    with pytest.raises(KeyError, match="boom"):
        fake.files.list()


def test_errors_on_streamed_and_raw_calls() -> None:
    fake = FakeOpenAI(max_retries=0)
    fake.stub(fake.chat.completions.create).raises(openai.RateLimitError)
    with pytest.raises(openai.RateLimitError):
        fake.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True)
    with pytest.raises(openai.RateLimitError):
        fake.chat.completions.with_raw_response.create(model="gpt-4o", messages=MESSAGES)


def test_async_retry_loop() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI(max_retries=3)
        stub = fake.stub(fake.chat.completions.create)
        stub.sequence([openai.InternalServerError, openai.RateLimitError, "third time"])
        reply = await fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
        assert reply.choices[0].message.content == "third time"
        assert [c.status for c in stub.calls] == [500, 429, 200]

    asyncio.run(main())
