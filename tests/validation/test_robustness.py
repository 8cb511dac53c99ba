"""Property: whatever the SDK lets through, the fake answers with a valid reply or an SDK error.

Requests are drawn by Hypothesis with values of the right types, often nonsense (out-of-range
numbers, unknown models and roles, broken tool turns, schemas strict mode refuses). Every call
must end in a reply of the declared type (a stream is read to its end) or an
``openai.APIStatusError`` with a 4xx status: never another exception, never a hang (a per-example
deadline). And requests the API accepts must be accepted: the checks refuse nothing real.

The whole file is bounded to run in well under 30 s.
"""

from __future__ import annotations

import contextlib
import pathlib
from collections.abc import Callable
from typing import Any

import openai
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openai.types import CreateEmbeddingResponse, FileObject
from openai.types.chat import ChatCompletion
from openai.types.responses import Response

from openai_fakes import FakeOpenAI

from . import _strategies as draw

BOUNDED = draw.BOUNDED  # bounded, and the same examples under CI

LEVELS = ["strict", "lenient", "off"]


def _fake(level: Any) -> FakeOpenAI:
    return FakeOpenAI(seed=11, validation=level)


@pytest.fixture(scope="module", autouse=True)
def _warm_up() -> None:
    """Render each endpoint's templates once, so the first example is not judged by the deadline."""
    fake = FakeOpenAI(seed=0)
    fake.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    list(fake.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}], stream=True))
    fake.responses.create(model="gpt-4o-mini", input="hi")
    fake.embeddings.create(model="text-embedding-3-small", input="hi")
    fake.files.create(file=("a.jsonl", b"{}"), purpose="batch")
    for call in GENERIC_CALLS.values():
        with contextlib.suppress(openai.APIStatusError):
            call(fake, "x")


def answered_or_refused(call: Callable[[], Any], reply_type: type[Any] | None) -> Any:
    """Run ``call``: its reply must be a ``reply_type`` (a stream is consumed) or an API 4xx error."""
    try:
        reply = call()
        if isinstance(reply, openai.Stream):
            return list(reply)
        if reply_type is not None:
            assert isinstance(reply, reply_type), type(reply)
        return reply
    except openai.APIStatusError as error:
        assert 400 <= error.status_code < 500, error
        body: Any = error.body
        assert set(body) >= {"message", "type", "param", "code"}
        return error
    except (ValueError, TypeError) as error:
        # The SDK's own argument checks (e.g. an id "." that would make a dot-segment path) refuse
        # before any request: that is the SDK's behaviour, kept exactly. Anything raised deeper,
        # in the fake, is a bug.
        if not _raised_by_the_sdk(error):
            raise
        return error


def _raised_by_the_sdk(error: BaseException) -> bool:
    innermost = error.__traceback__
    while innermost is not None and innermost.tb_next is not None:
        innermost = innermost.tb_next
    if innermost is None:
        return False
    where = pathlib.PurePath(innermost.tb_frame.f_code.co_filename).parts
    return "openai" in where and "openai_fakes" not in where


# --- any request -----------------------------------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
@BOUNDED
@given(kwargs=draw.chat_kwargs())
def test_chat_completions(level: str, kwargs: Any) -> None:
    answered_or_refused(lambda: _fake(level).chat.completions.create(**kwargs), ChatCompletion)


@pytest.mark.parametrize("level", LEVELS)
@BOUNDED
@given(kwargs=draw.responses_kwargs())
def test_responses(level: str, kwargs: Any) -> None:
    answered_or_refused(lambda: _fake(level).responses.create(**kwargs), Response)


@pytest.mark.parametrize("level", LEVELS)
@BOUNDED
@given(kwargs=draw.embeddings_kwargs())
def test_embeddings(level: str, kwargs: Any) -> None:
    answered_or_refused(lambda: _fake(level).embeddings.create(**kwargs), CreateEmbeddingResponse)


@pytest.mark.parametrize("level", LEVELS)
@BOUNDED
@given(kwargs=draw.files_kwargs())
def test_files(level: str, kwargs: Any) -> None:
    answered_or_refused(lambda: _fake(level).files.create(**kwargs), FileObject)


# Endpoints the generic handler answers, called with drawn text where a name or id goes.
GENERIC_CALLS: dict[str, Callable[[FakeOpenAI, Any], Any]] = {
    "vector_stores.create": lambda f, v: f.vector_stores.create(name=v, metadata={"k": v}),
    "batches.create": lambda f, v: f.batches.create(
        completion_window="24h", endpoint="/v1/chat/completions", input_file_id=v or "file-x"
    ),
    "moderations.create": lambda f, v: f.moderations.create(input=v),
    "images.generate": lambda f, v: f.images.generate(prompt=v, n=1),
    "models.retrieve": lambda f, v: f.models.retrieve(v or "gpt-4o"),
    "files.retrieve": lambda f, v: f.files.retrieve(v or "file-x"),
    "conversations.create": lambda f, v: f.conversations.create(metadata={"topic": v}),
}


@pytest.mark.parametrize("level", LEVELS)
@BOUNDED
@given(name=st.sampled_from(sorted(GENERIC_CALLS)), value=draw.texts)
def test_generic_endpoints(level: str, name: str, value: str) -> None:
    answered_or_refused(lambda: GENERIC_CALLS[name](_fake(level), value), None)


# --- any JSON value in any field ----------------------------------------------------------------------

CHAT_BASE: Any = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]}
RESPONSES_BASE: Any = {"model": "gpt-4o-mini", "input": "Hi"}
EMBEDDINGS_BASE: Any = {"model": "text-embedding-3-small", "input": "Hi"}


@pytest.mark.parametrize("level", LEVELS)
@BOUNDED
@given(extra=draw.any_json_in(draw.CHAT_FIELDS), stream=st.booleans())
def test_any_json_in_chat_fields(level: str, extra: Any, stream: bool) -> None:
    answered_or_refused(
        lambda: _fake(level).chat.completions.create(**{**CHAT_BASE, **extra, "stream": stream}), ChatCompletion
    )


@pytest.mark.parametrize("level", LEVELS)
@BOUNDED
@given(extra=draw.any_json_in(draw.RESPONSES_FIELDS, nulls=False), stream=st.booleans())
def test_any_json_in_responses_fields(level: str, extra: Any, stream: bool) -> None:
    answered_or_refused(
        lambda: _fake(level).responses.create(**{**RESPONSES_BASE, **extra, "stream": stream}), Response
    )


@pytest.mark.parametrize(
    "field", ["tool_choice", "parallel_tool_calls", "temperature", "top_p", "truncation", "background", "top_logprobs"]
)
def test_explicit_nulls_in_responses_fields(field: str) -> None:
    # The API reads null as "not given"; the fake's reply must still parse.
    reply = _fake("strict").responses.create(**{**RESPONSES_BASE, field: None})
    assert isinstance(reply, Response) and getattr(reply, field) is not None


@pytest.mark.parametrize("level", LEVELS)
@BOUNDED
@given(extra=draw.any_json_in(draw.EMBEDDINGS_FIELDS))
def test_any_json_in_embeddings_fields(level: str, extra: Any) -> None:
    answered_or_refused(lambda: _fake(level).embeddings.create(**{**EMBEDDINGS_BASE, **extra}), CreateEmbeddingResponse)


# --- requests the API accepts are accepted ------------------------------------------------------------


@BOUNDED
@given(kwargs=draw.valid_chat_kwargs())
def test_valid_chat_requests_are_answered(kwargs: Any) -> None:
    reply = _fake("strict").chat.completions.create(**kwargs)
    if kwargs.get("stream"):
        assert list(reply)
    else:
        assert len(reply.choices) == kwargs.get("n", 1)


@BOUNDED
@given(kwargs=draw.valid_responses_kwargs())
def test_valid_responses_requests_are_answered(kwargs: Any) -> None:
    reply = _fake("strict").responses.create(**kwargs)
    if kwargs.get("stream"):
        assert list(reply)
    else:
        assert reply.status in ("completed", "incomplete")


@BOUNDED
@given(kwargs=draw.valid_embeddings_kwargs())
def test_valid_embeddings_requests_are_answered(kwargs: Any) -> None:
    inputs = kwargs["input"]
    count = 1 if isinstance(inputs, str) or all(isinstance(i, int) for i in inputs) else len(inputs)
    assert len(_fake("strict").embeddings.create(**kwargs).data) == count


def test_off_answers_what_it_cannot_use_with_a_400_not_a_python_error() -> None:
    # validation="off" checks nothing; a value no handler can use (metadata that is not an object,
    # read by the stored-completions code) is still the API's 400.
    fake = FakeOpenAI(seed=1, validation="off")
    with pytest.raises(openai.BadRequestError, match="validation='lenient'") as info:
        fake.chat.completions.create(**{**CHAT_BASE, "metadata": True, "store": True})
    assert info.value.status_code == 400 and fake.calls.last.status == 400
    # What it can answer, it answers: the unchecked temperature is simply not looked at by chat.
    assert fake.chat.completions.create(**{**CHAT_BASE, "temperature": 7}).choices


def test_off_echoes_what_was_sent_as_the_sdk_would_parse_it() -> None:
    # An echo the SDK's types do not allow is constructed unchecked, as the SDK's default parse
    # constructs a server's reply; a strict client refuses it with the SDK's own error.
    echoed = FakeOpenAI(seed=1, validation="off").responses.create(**{**RESPONSES_BASE, "temperature": "hot"})
    assert echoed.temperature == "hot"  # type: ignore[comparison-overlap]
    assert echoed.status == "completed" and echoed.output_text
    strict = FakeOpenAI(seed=1, validation="off", _strict_response_validation=True)
    with pytest.raises(openai.APIResponseValidationError):
        strict.responses.create(**{**RESPONSES_BASE, "temperature": "hot"})
