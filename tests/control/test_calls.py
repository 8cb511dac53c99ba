"""Call records: per endpoint and client-wide, with mock-style assertions that match partially."""

from __future__ import annotations

from typing import Any

import pytest

from openai_fakes import FakeOpenAI
from openai_fakes._calls import CallList

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


def test_empty_call_list_assertions() -> None:
    calls = CallList()
    calls.assert_not_called()
    with pytest.raises(AssertionError, match="no call was recorded"):
        calls.last
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
