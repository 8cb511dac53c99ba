"""Call records: per endpoint and client-wide, with mock-style assertions that match partially."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx2
import openai
import pytest
from pydantic import BaseModel

import openai_fakes
from openai_fakes import Backend, Call, CallList, FakeAsyncOpenAI, FakeOpenAI

MESSAGES: Any = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]


def test_records_hold_params_reply_and_endpoint() -> None:
    fake = FakeOpenAI(seed=1, unknown_ids="materialize")
    stub = fake.stub(fake.chat.completions.create)
    assert not stub.calls.called
    reply = fake.chat.completions.create(model="gpt-4o", messages=MESSAGES, temperature=0.2)
    fake.files.retrieve("file-abc")
    calls = stub.calls
    assert calls.called and calls.call_count == 1
    last = calls.last
    assert last.endpoint == "POST /chat/completions"
    assert last.params["model"] == "gpt-4o" and last.params["temperature"] == 0.2
    assert last.reply == reply
    assert [c.endpoint for c in fake.calls] == ["POST /chat/completions", "GET /files/{file_id}"]
    assert fake.calls.last.path_params == {"file_id": "file-abc"}


def test_sdk_sentinels_are_not_in_params() -> None:
    fake = FakeOpenAI()
    fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert set(fake.calls.last.params) == {"model", "messages"}


def test_assert_called_once_with_matches_nested_params_partially() -> None:
    fake = FakeOpenAI()
    fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    calls = fake.stub(fake.chat.completions.create).calls
    calls.assert_called_once()
    calls.assert_called_once_with(model="gpt-4o", messages=[{"role": "system"}, {"content": "Hi"}])
    with pytest.raises(AssertionError, match=r"messages\[1\]\.content: expected 'Bye', got 'Hi'"):
        calls.assert_called_with(messages=[{}, {"content": "Bye"}])
    with pytest.raises(AssertionError, match="temperature: missing"):
        calls.assert_called_with(temperature=0)
    calls.assert_any_call(model="gpt-4o")
    with pytest.raises(AssertionError, match="no call matches"):
        calls.assert_any_call(model="gpt-4o-mini")


def test_a_boolean_never_matches_a_number_though_python_says_true_equals_one() -> None:
    # JSON's true and 1 are different values: asserting or scripting logprobs=1 for a sent
    # logprobs=True (or temperature=True for a sent 1) is a wrong test; 1 and 1.0 are one number.
    fake = FakeOpenAI()
    fake.chat.completions.create(model="gpt-4o", messages=MESSAGES, temperature=1, logprobs=True, top_p=0)
    calls = fake.stub(fake.chat.completions.create).calls
    calls.assert_called_with(temperature=1.0, logprobs=True, top_p=0)
    with pytest.raises(AssertionError, match="temperature: expected True, got 1"):
        calls.assert_called_with(temperature=True)
    with pytest.raises(AssertionError, match="logprobs: expected 1, got True"):
        calls.assert_called_with(logprobs=1)
    with pytest.raises(AssertionError, match="top_p: expected False, got 0"):
        calls.assert_called_with(top_p=False)
    stub = fake.stub(fake.chat.completions.create, strict=True)
    stub.when(temperature=True).reply("never")
    with pytest.raises(openai_fakes.UnmatchedRequest):
        fake.chat.completions.create(model="gpt-4o", messages=MESSAGES, temperature=1)


def test_path_parameters_are_arguments_of_the_call_as_in_when_rules() -> None:
    # files.retrieve("file-...") is called with file_id: asserting it works, as a when() rule reads it.
    fake = FakeOpenAI()
    uploaded = fake.files.create(file=("a.txt", b"hello"), purpose="assistants")
    fake.files.retrieve(uploaded.id)
    calls = fake.stub(fake.files.retrieve).calls
    calls.assert_called_once_with(file_id=uploaded.id)
    calls.assert_any_call(file_id=uploaded.id)
    assert calls.last.arguments() == {"file_id": uploaded.id} and calls.last.params == {}
    with pytest.raises(AssertionError, match="file_id: expected 'file-nope'"):
        calls.assert_called_with(file_id="file-nope")


def test_empty_call_list_assertions() -> None:
    calls = CallList()
    calls.assert_not_called()
    with pytest.raises(AssertionError, match="no call was recorded"):
        _ = calls.last
    with pytest.raises(AssertionError, match="expected at least one call"):
        calls.assert_called()
    with pytest.raises(AssertionError, match="expected exactly one call, got 0"):
        calls.assert_called_once()


def test_streamed_calls_are_recorded_with_their_final_object() -> None:
    fake = FakeOpenAI(seed=5)
    stream = fake.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True)
    text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    last = fake.calls.last
    assert last.stream and last.reply is not None
    assert last.reply.choices[0].message.content == text


def test_copies_and_shared_backends_record_into_one_list() -> None:
    fake = FakeOpenAI()
    fake.with_options(max_retries=0).models.list()
    fake.models.list()
    assert fake.calls.call_count == 2


# --- a stub's calls are a live view (as unittest.mock's call_args_list) ------------------------


def test_a_stubs_calls_taken_before_the_call_see_it() -> None:
    fake = FakeOpenAI()
    calls = fake.stub(fake.chat.completions.create).calls
    fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    fake.models.list()  # another endpoint's call is not this list's
    calls.assert_called_once()
    assert calls is fake.stub(fake.chat.completions.create).calls
    fake.reset()
    assert calls.call_count == 0  # cleared in place: the same list stays live
    fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    calls.assert_called_once_with(model="gpt-4o")


def test_the_calls_of_a_stub_left_by_with_stay_live() -> None:
    fake = FakeOpenAI()
    with fake.stub(fake.chat.completions.create) as chat:
        chat.reply("scripted")
        calls = chat.calls
        fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)  # unscripted again, still recorded
    assert [call.reply.choices[0].message.content == "scripted" for call in calls] == [True, False]


def test_async_stub_calls_are_live_too() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI()
        calls = fake.stub(fake.chat.completions.create).calls
        await fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
        calls.assert_called_once()

    asyncio.run(main())


def test_sync_and_async_fakes_on_one_backend_share_a_stubs_calls() -> None:
    backend = Backend(seed=3)
    sync, async_ = FakeOpenAI(backend=backend), FakeAsyncOpenAI(backend=backend)
    calls = sync.stub(sync.chat.completions.create).calls
    asyncio.run(async_.chat.completions.create(model="gpt-4o", messages=MESSAGES))
    assert calls is async_.stub(async_.chat.completions.create).calls and calls.call_count == 1


# --- what a call holds when the answer was an error -------------------------------------------


def test_reply_of_a_call_with_no_reply_says_why() -> None:
    fake = FakeOpenAI(max_retries=0)
    stub = fake.stub(fake.chat.completions.create)
    stub.raises(openai.RateLimitError)
    with pytest.raises(openai.RateLimitError):
        fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    with pytest.raises(AssertionError, match=r"POST /chat/completions \(attempt 0\) was answered 429 .*call\.response"):
        _ = stub.calls.last.reply
    stub.raises(openai.APITimeoutError)
    with pytest.raises(openai.APITimeoutError):
        fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    with pytest.raises(AssertionError, match=r"no HTTP answer .*call\.error"):
        _ = stub.calls.last.reply


def test_binary_answers_have_no_typed_reply() -> None:
    fake = FakeOpenAI()
    speech = fake.audio.speech.create(model="tts-1", voice="alloy", input="Hi")
    assert fake.calls.last.response == speech.content
    with pytest.raises(AssertionError, match="not a JSON object"):
        _ = fake.calls.last.reply


def test_scripted_status_errors_keep_their_body_and_status() -> None:
    fake = FakeOpenAI(max_retries=0)
    stub = fake.stub(fake.chat.completions.create)
    stub.raises(openai.RateLimitError)
    with pytest.raises(openai.RateLimitError) as raised:
        fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    call = stub.calls.last
    assert call.status == 429 and call.response == {"error": raised.value.body}
    assert call.response["error"]["code"] == "rate_limit_exceeded" and call.error is None


def test_a_sequences_errors_keep_their_body_on_every_attempt() -> None:
    fake = FakeOpenAI(seed=2, max_retries=2)
    stub = fake.stub(fake.chat.completions.create)
    stub.sequence(
        [openai.InternalServerError(message="Busy", response=_response(500), body=None), openai.RateLimitError, "ok"]
    )
    fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    first, second, third = stub.calls
    assert (first.status, first.response["error"]["message"]) == (500, "Busy")
    assert (second.status, second.response["error"]["type"]) == (429, "requests")
    assert third.status == 200 and third.reply.choices[0].message.content == "ok"


def test_async_scripted_errors_keep_their_body() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI(max_retries=0)
        fake.stub(fake.chat.completions.create).raises(openai.NotFoundError, code="model_not_found")
        with pytest.raises(openai.NotFoundError):
            await fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
        assert fake.calls.last.status == 404 and fake.calls.last.response["error"]["code"] == "model_not_found"

    asyncio.run(main())


def test_transport_failures_and_other_exceptions_are_the_calls_error() -> None:
    fake = FakeOpenAI(max_retries=0)
    stub = fake.stub(fake.chat.completions.create)
    stub.raises(openai.APIConnectionError)
    with pytest.raises(openai.APIConnectionError):
        fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert isinstance(stub.calls.last.error, openai.APIConnectionError)
    assert (stub.calls.last.status, stub.calls.last.response) == (0, None)
    boom = KeyError("boom")
    stub.raises(boom)
    with pytest.raises(KeyError):
        fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert stub.calls.last.error is boom and stub.calls.last.status == 0


def test_a_responder_that_raises_is_the_calls_error() -> None:
    fake = FakeOpenAI()
    stub = fake.stub(fake.chat.completions.create)

    def refuse(call: Call) -> str:
        raise ValueError("not this one")

    stub.respond(refuse)
    with pytest.raises(ValueError, match="not this one"):
        fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert isinstance(stub.calls.last.error, ValueError) and stub.calls.last.status == 0


# --- the SDK's retry waits ----------------------------------------------------------------------


def test_retry_waits_are_public_in_order_and_reset() -> None:
    fake = FakeOpenAI(max_retries=2)
    stub = fake.stub(fake.chat.completions.create)
    stub.raises(openai.RateLimitError, headers={"retry-after": "7"})
    with pytest.raises(openai.RateLimitError):
        fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    stub.sequence([openai.InternalServerError, "ok"])
    fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    waits = fake.retry_waits
    assert waits[:2] == [7.0, 7.0] and len(waits) == 3  # retry-after honoured on both retries,
    assert 0 < waits[2] <= 1.0  # then the SDK's own backoff after a 500
    fake.reset()
    assert fake.retry_waits == [] and waits == []


def test_async_and_shared_backend_retry_waits() -> None:
    backend = Backend(seed=4)
    sync, async_ = FakeOpenAI(backend=backend, max_retries=1), FakeAsyncOpenAI(backend=backend, max_retries=1)
    async_.stub(async_.chat.completions.create).sequence([openai.RateLimitError, "ok"])
    asyncio.run(async_.chat.completions.create(model="gpt-4o", messages=MESSAGES))
    assert async_.retry_waits == [1.0] and sync.retry_waits == [1.0]


def _response(status: int) -> httpx2.Response:
    return httpx2.Response(status, request=httpx2.Request("POST", "https://api.openai.com/v1/chat/completions"))


def test_reply_is_parsed_as_the_sdk_parses_it_post_parser_included() -> None:
    # The SDK asks for base64 embeddings and decodes them after parsing: the record does the same.
    fake = FakeOpenAI()
    stub = fake.stub(fake.embeddings.create)
    got = fake.embeddings.create(model="text-embedding-3-small", input=["a", "b"])
    assert isinstance(stub.calls.last.response["data"][0]["embedding"], str)  # as on the wire
    assert stub.calls.last.reply == got and isinstance(got.data[1].embedding[0], float)

    class Answer(BaseModel):
        value: int

    chat = fake.stub(fake.chat.completions.create)
    chat.structured({"value": 3})
    parsed = fake.chat.completions.parse(model="gpt-4o", messages=MESSAGES, response_format=Answer)
    assert chat.calls.last.reply.choices[0].message.content == '{"value": 3}'
    assert parsed.choices[0].message.parsed == Answer(value=3)
