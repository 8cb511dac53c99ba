"""The conformance walk's own tools, tested against the plain SDK: no fake involved.

The SDK client here sends through an ``httpx2.MockTransport``, so nothing leaves the
process. Reaching the transport proves the SDK's own checks (required arguments, path
parameters, param transforms, multipart encoding) accepted the synthesized arguments.
"""

from __future__ import annotations

import asyncio
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import openai
import pytest
from openai import AsyncOpenAI, OpenAI, Stream
from openai._base_client import AsyncPaginator
from openai._legacy_response import HttpxBinaryResponseContent
from openai._models import construct_type
from openai.pagination import SyncCursorPage
from openai.types import CompletionUsage, FileObject
from openai.types.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionUserMessageParam, ParsedChatCompletion
from openai.types.shared import ResponseFormatJSONSchema
from openai.types.webhooks import UnwrapWebhookEvent

from tests.conformance._args import NOT_CALLABLE, SPECIAL, ConformanceAnswer, arguments_for, value_for
from tests.conformance._typecheck import check_stream_items, check_value, stream_item_type
from tests.conformance._walk import Outcome, ainvoke, check_outcome, invoke, method_paths, resolve, walk

SYNC_PATHS = method_paths(OpenAI)
ASYNC_PATHS = method_paths(AsyncOpenAI)

# The SDK's own status for "request reached the transport": not retried (unlike 408/409/429/5xx).
REACHED = 418


class Recorder:
    """An httpx2 MockTransport handler that records each request and answers 418."""

    def __init__(self) -> None:
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        return httpx2.Response(REACHED, json={"error": {"message": "recorded", "type": "conformance"}})


# The admin endpoints authenticate with admin_api_key; without one the SDK refuses to
# build their requests.
CLIENT_OPTIONS: dict[str, Any] = {
    "api_key": "sk-test",
    "admin_api_key": "sk-admin-test",
    "base_url": "http://127.0.0.1:9",
    "max_retries": 0,
}


@pytest.fixture(scope="module")
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture(scope="module")
def sync_client(recorder: Recorder) -> Iterator[OpenAI]:
    with OpenAI(**CLIENT_OPTIONS, http_client=httpx2.Client(transport=httpx2.MockTransport(recorder))) as client:
        yield client


@pytest.fixture(scope="module")
def async_client(recorder: Recorder) -> AsyncOpenAI:
    return AsyncOpenAI(**CLIENT_OPTIONS, http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(recorder)))


# ---- _walk ---------------------------------------------------------------------------


def test_walk_finds_the_sdk_methods() -> None:
    assert "chat.completions.create" in SYNC_PATHS
    assert "files.list" in SYNC_PATHS
    assert "beta.threads.runs.create_and_poll" in SYNC_PATHS
    assert "webhooks.unwrap" in SYNC_PATHS
    assert len(SYNC_PATHS) >= 400
    assert len(set(SYNC_PATHS)) == len(SYNC_PATHS)
    assert sorted(SYNC_PATHS) == SYNC_PATHS


def test_walk_skips_wrappers_private_names_and_client_plumbing() -> None:
    for path in SYNC_PATHS:
        assert "with_raw_response" not in path and "with_streaming_response" not in path
        assert not any(part.startswith("_") for part in path.split("."))
        # Methods live on resources: a one-part path would be the client's get/post/...
        assert "." in path


def test_async_walk_mirrors_sync(async_client: AsyncOpenAI) -> None:
    assert ASYNC_PATHS == SYNC_PATHS
    entries = walk(async_client)
    assert all(entry.is_async for entry in entries)
    # (Not chat.completions.create: its required_args wrapper is a plain function that
    # returns the coroutine.)
    assert asyncio.iscoroutinefunction(resolve(async_client, "files.retrieve").method)


def test_entries_carry_the_wrapped_variants(sync_client: OpenAI) -> None:
    entry = resolve(sync_client, "files.list")
    assert entry.modes == ("plain", "raw", "streaming")
    assert entry.raw is not None and entry.raw.__wrapped__ == entry.method
    assert entry.streaming is not None and entry.streaming.__wrapped__ == entry.method
    helper = resolve(sync_client, "chat.completions.stream")
    assert helper.modes == ("plain",)
    with pytest.raises(LookupError, match="no raw variant"):
        helper.for_mode("raw")


def test_resolve_agrees_with_walk(sync_client: OpenAI) -> None:
    by_path = {entry.path: entry for entry in walk(sync_client)}
    assert resolve(sync_client, "beta.threads.runs.poll") == by_path["beta.threads.runs.poll"]
    with pytest.raises(LookupError):
        resolve(sync_client, "with_options.copy")


# ---- _args: the SDK accepts every synthesized call ------------------------------------


def _accepted(recorder: Recorder, error: BaseException | None) -> bool:
    """Did the call get through the SDK's argument checks?

    Either it finished without a request (connect() managers, webhook verification,
    for_result) or its first request reached the transport, after which our 418 stops
    it; helpers wrap that error (AgentFilePreparationError), hence the cause chain.
    """
    if error is None:
        return True
    if not recorder.requests:
        return False
    while error is not None:
        if isinstance(error, openai.APIStatusError) and error.status_code == REACHED:
            return True
        error = error.__cause__
    return False


@pytest.mark.parametrize("path", SYNC_PATHS)
def test_sdk_accepts_arguments_sync(path: str, sync_client: OpenAI, recorder: Recorder, tmp_path: Path) -> None:
    entry = resolve(sync_client, path)
    calls = arguments_for(entry, tmp_path)
    assert calls or path in NOT_CALLABLE
    for call in calls:
        for mode in entry.modes:
            recorder.requests.clear()
            error: BaseException | None = None
            with warnings.catch_warnings():
                # Deprecated API areas warn on every call; calling them is the point here.
                warnings.simplefilter("ignore", DeprecationWarning)
                try:
                    invoke(entry, mode, call.args, call.kwargs)
                except Exception as caught:
                    error = caught
            assert _accepted(recorder, error), f"{path} [{call.label}/{mode}] rejected: {error!r}"


@pytest.mark.parametrize("path", ASYNC_PATHS)
def test_sdk_accepts_arguments_async(path: str, async_client: AsyncOpenAI, recorder: Recorder, tmp_path: Path) -> None:
    entry = resolve(async_client, path)

    async def run_all() -> None:
        for call in arguments_for(entry, tmp_path):
            for mode in entry.modes:
                recorder.requests.clear()
                error: BaseException | None = None
                try:
                    await ainvoke(entry, mode, call.args, call.kwargs)
                except Exception as caught:
                    error = caught
                assert _accepted(recorder, error), f"{path} [{call.label}/{mode}] rejected: {error!r}"

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        asyncio.run(run_all())


def test_stream_overloads_get_a_stream_call(sync_client: OpenAI, tmp_path: Path) -> None:
    calls = arguments_for(resolve(sync_client, "chat.completions.create"), tmp_path)
    assert [call.label for call in calls] == ["default", "stream"]
    default, stream = calls
    assert "stream" not in default.kwargs and default.returns is ChatCompletion
    assert stream.stream and stream.returns == Stream[ChatCompletionChunk]
    assert default.kwargs["messages"] == [{"role": "user", "content": "Say hello."}]
    assert default.kwargs["model"] == "gpt-4o-mini"
    streamed = {
        path for path in SYNC_PATHS for call in arguments_for(resolve(sync_client, path), tmp_path) if call.stream
    }
    assert {"responses.create", "completions.create", "beta.threads.runs.create", "images.generate"} <= streamed


def test_required_typeddict_keys_come_from_the_hints() -> None:
    # The SDK's modules use ``from __future__ import annotations``, so on Python 3.11+
    # ``__required_keys__`` lists none of the Required[...] keys; the hints do.
    assert value_for(ChatCompletionUserMessageParam, "message") == {"content": "Say hello.", "role": "user"}


def test_poll_helpers_do_not_sleep(sync_client: OpenAI, tmp_path: Path) -> None:
    for path in ("beta.threads.runs.poll", "videos.create_and_poll", "vector_stores.files.upload_and_poll"):
        (call,) = arguments_for(resolve(sync_client, path), tmp_path)
        assert call.kwargs["poll_interval_ms"] == 0
    (wait,) = arguments_for(resolve(sync_client, "files.wait_for_processing"), tmp_path)
    assert wait.kwargs["poll_interval"] == 0


def test_special_cases_name_real_methods() -> None:
    assert set(SPECIAL) <= set(SYNC_PATHS)
    assert set(NOT_CALLABLE) <= set(SYNC_PATHS)


def test_signed_webhook_unwraps_to_its_declared_type(sync_client: OpenAI, tmp_path: Path) -> None:
    entry = resolve(sync_client, "webhooks.unwrap")
    (call,) = arguments_for(entry, tmp_path)
    event = entry.method(*call.args, **call.kwargs)
    assert call.returns == UnwrapWebhookEvent
    assert check_value(event, call.returns) == []


# ---- invoke + check_outcome against realistic replies ---------------------------------

FILE: dict[str, Any] = {
    "id": "file-abc123",
    "object": "file",
    "bytes": 25,
    "created_at": 1_700_000_000,
    "filename": "input.jsonl",
    "purpose": "assistants",
    "status": "processed",
}
CHUNK: dict[str, Any] = {
    "id": "chatcmpl-abc123",
    "object": "chat.completion.chunk",
    "created": 1_700_000_000,
    "model": "gpt-4o-mini-2024-07-18",
    "choices": [{"index": 0, "delta": {"role": "assistant", "content": '{"answer": "Hi"}'}, "finish_reason": None}],
}
LAST_CHUNK: dict[str, Any] = {**CHUNK, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}


def _reply(request: httpx2.Request) -> httpx2.Response:
    if request.url.path == "/files":
        page = {"object": "list", "data": [FILE], "has_more": False, "first_id": FILE["id"], "last_id": FILE["id"]}
        return httpx2.Response(200, json=page)
    if request.url.path.endswith("/content"):
        return httpx2.Response(200, content=b"hello", headers={"content-type": "application/octet-stream"})
    if request.url.path == "/chat/completions" and json.loads(request.content).get("stream"):
        events = "".join(f"data: {json.dumps(chunk)}\n\n" for chunk in (CHUNK, LAST_CHUNK)) + "data: [DONE]\n\n"
        return httpx2.Response(200, content=events.encode(), headers={"content-type": "text/event-stream"})
    return httpx2.Response(404, json={"error": {"message": "not in this test", "type": "invalid_request_error"}})


@pytest.mark.parametrize(
    ("path", "label"), [("files.list", "default"), ("files.content", "default"), ("chat.completions.create", "stream")]
)
def test_invoke_checks_clean_in_every_mode(path: str, label: str, tmp_path: Path) -> None:
    with OpenAI(api_key="sk-test", base_url="http://127.0.0.1:9", max_retries=0,
                http_client=httpx2.Client(transport=httpx2.MockTransport(_reply))) as client:  # fmt: skip
        entry = resolve(client, path)
        (call,) = [call for call in arguments_for(entry, tmp_path) if call.label == label]
        for mode in entry.modes:
            outcome = invoke(entry, mode, call.args, call.kwargs)
            assert check_outcome(outcome, call.returns) == [], mode
            assert (outcome.items is not None) == call.stream


def test_invoke_enters_and_drains_stream_helpers(tmp_path: Path) -> None:
    with OpenAI(api_key="sk-test", base_url="http://127.0.0.1:9", max_retries=0,
                http_client=httpx2.Client(transport=httpx2.MockTransport(_reply))) as client:  # fmt: skip
        entry = resolve(client, "chat.completions.stream")
        (call,) = arguments_for(entry, tmp_path)
        outcome = invoke(entry, "plain", call.args, {**call.kwargs, "response_format": ConformanceAnswer})
    assert outcome.items and isinstance(outcome.final, ParsedChatCompletion)
    assert outcome.final.choices[0].message.parsed == ConformanceAnswer(answer="Hi")
    assert check_outcome(outcome, call.returns) == []


def test_ainvoke_awaits_pages_and_drains_streams(tmp_path: Path) -> None:
    async def run() -> list[Outcome]:
        client = AsyncOpenAI(api_key="sk-test", base_url="http://127.0.0.1:9", max_retries=0,
                             http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(_reply)))  # fmt: skip
        outcomes = []
        for path, label in (("files.list", "default"), ("chat.completions.create", "stream")):
            entry = resolve(client, path)
            (call,) = [call for call in arguments_for(entry, tmp_path) if call.label == label]
            for mode in entry.modes:
                outcome = await ainvoke(entry, mode, call.args, call.kwargs)
                assert check_outcome(outcome, call.returns) == [], (path, mode)
                outcomes.append(outcome)
        await client.close()
        return outcomes

    outcomes = asyncio.run(run())
    assert outcomes[0].value.__class__.__name__ == "AsyncCursorPage[FileObject]"
    assert outcomes[-1].items is not None and len(outcomes[-1].items) == 2


# ---- _typecheck -----------------------------------------------------------------------

COMPLETION: dict[str, Any] = {
    "id": "chatcmpl-abc123",
    "object": "chat.completion",
    "created": 1_700_000_000,
    "model": "gpt-4o-mini-2024-07-18",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "Hello!", "refusal": None},
            "finish_reason": "stop",
            "logprobs": None,
        }
    ],
    "usage": {"prompt_tokens": 9, "completion_tokens": 2, "total_tokens": 11},
    "system_fingerprint": "fp_0123456789",
}


def _completion(**changes: Any) -> dict[str, Any]:
    return json.loads(json.dumps({**COMPLETION, **changes}))  # type: ignore[no-any-return]


def test_valid_model_passes() -> None:
    assert check_value(ChatCompletion.model_validate(COMPLETION), ChatCompletion) == []


def test_wrong_literal_is_flagged() -> None:
    data = _completion()
    data["choices"][0]["finish_reason"] = "done"
    # Built as the SDK builds replies without strict validation: nothing checks the literal.
    completion = construct_type(type_=ChatCompletion, value=data)
    errors = check_value(completion, ChatCompletion)
    assert any(error.startswith("$.choices[0].finish_reason: 'done' is not one of") for error in errors), errors


def test_wrong_nested_type_is_flagged() -> None:
    # The SDK's construct() leaves a value it cannot convert as it is: here, a dict.
    usage = {"prompt_tokens": 9, "completion_tokens": 2, "total_tokens": "eleven"}
    completion = construct_type(type_=ChatCompletion, value=_completion(usage=usage, choices="none"))
    assert check_value(completion, ChatCompletion) == [
        "$.choices: expected a list, got str 'none'",
        "$.usage.total_tokens: expected int, got str 'eleven'",
    ]
    completion = ChatCompletion.model_construct(**{**COMPLETION, "usage": [9, 2, 11]})
    assert check_value(completion, ChatCompletion) == ["$.usage: expected CompletionUsage, got list [9, 2, 11]"]


def test_bool_is_not_an_int() -> None:
    usage = CompletionUsage.model_construct(prompt_tokens=True, completion_tokens=2, total_tokens=3)
    assert check_value(usage, CompletionUsage) == ["$.prompt_tokens: expected int, got bool True"]


def test_missing_required_field_is_flagged() -> None:
    usage = CompletionUsage.model_construct(prompt_tokens=1, total_tokens=3)
    assert check_value(usage, CompletionUsage) == ["$.completion_tokens: required field is missing"]


def test_extra_field_is_flagged() -> None:
    completion = ChatCompletion.model_validate(_completion(finish_reason="stop"))
    errors = check_value(completion, ChatCompletion)
    assert errors == ["$.finish_reason: unknown field on ChatCompletion, kept as extra"]


def test_python_name_instead_of_alias_is_explained() -> None:
    # ``schema_`` is the Python name of the wire field ``schema``; without populate_by_name
    # the SDK keeps it as an unknown extra and ``json_schema.schema_`` stays None.
    fmt = ResponseFormatJSONSchema.model_validate(
        {"type": "json_schema", "json_schema": {"name": "answer", "schema_": {"type": "object"}}}
    )
    (error,) = check_value(fmt, ResponseFormatJSONSchema)
    assert error.startswith("$.json_schema.schema_: unknown field") and "wire name is 'schema'" in error


def test_wire_names_the_sdk_copies_into_extras_are_not_flagged() -> None:
    # openai's construct() fills ``schema_`` from the wire key ``schema`` *and* files
    # ``schema`` under model_extra; that is the SDK, not a wrong reply.
    value = {"type": "json_schema", "json_schema": {"name": "answer", "schema": {"type": "object"}}}
    fmt = construct_type(type_=ResponseFormatJSONSchema, value=value)
    assert isinstance(fmt, ResponseFormatJSONSchema) and fmt.json_schema.model_extra == {"schema": {"type": "object"}}
    assert check_value(fmt, ResponseFormatJSONSchema) == []


def test_object_fields_must_hold_json() -> None:
    fmt = ResponseFormatJSONSchema.model_validate(
        {"type": "json_schema", "json_schema": {"name": "answer", "schema": {"type": "object", "bad": object()}}}
    )
    (error,) = check_value(fmt, ResponseFormatJSONSchema)
    assert error.startswith("$.json_schema.schema['bad']: object") and "is not JSON data" in error


def test_scalars_none_and_unions() -> None:
    assert check_value(None, type(None)) == []
    assert check_value(1, type(None)) == ["$: expected None, got 1"]
    assert check_value(1, float) == []
    assert check_value("x", int | None, "$.n") == ["$.n: expected int, got str 'x'"]
    assert check_value(1.5, int | str) == [
        "$: 1.5 matches no member of the union (closest: $: expected int, got float 1.5)"
    ]
    assert check_value([1, "a"], list[int]) == ["$[1]: expected int, got str 'a'"]
    assert check_value({"a": 1}, dict[str, str]) == ["$['a']: expected str, got int 1"]


def test_pages_check_their_items() -> None:
    page_type = SyncCursorPage[FileObject]
    page = page_type.model_construct(data=[FileObject.model_validate(FILE), "file-abc123"], has_more=False)
    assert check_value(page, page_type) == ["$.data[1]: expected FileObject, got str 'file-abc123'"]
    good = page_type.model_validate({"data": [FILE], "has_more": False, "object": "list"})
    assert check_value(good, page_type) == []
    # An async list() returns an AsyncPaginator; awaited, it is the page.
    assert check_value(good, AsyncPaginator[FileObject, page_type]) == []  # type: ignore[type-var]


def test_streams_and_their_items() -> None:
    annotation = ChatCompletion | Stream[ChatCompletionChunk]
    assert stream_item_type(annotation) is ChatCompletionChunk
    chunk = ChatCompletionChunk.model_validate(CHUNK)
    broken = construct_type(type_=ChatCompletionChunk, value={**CHUNK, "object": "chat.completion"})
    assert check_stream_items([chunk], annotation) == []
    assert check_stream_items([chunk, broken], annotation) == [
        "$[1].object: 'chat.completion' is not one of ['chat.completion.chunk']"
    ]


def test_binary_content_and_open_generics(sync_client: OpenAI, tmp_path: Path) -> None:
    content = HttpxBinaryResponseContent(httpx2.Response(200, content=b"abc"))
    assert check_value(content, HttpxBinaryResponseContent) == []
    assert check_value(b"abc", HttpxBinaryResponseContent) == [
        "$: expected HttpxBinaryResponseContent, got bytes b'abc'"
    ]
    parsed = ParsedChatCompletion[ConformanceAnswer].model_validate(COMPLETION)
    # parse() declares ParsedChatCompletion[ResponseFormatT]: any parametrization conforms.
    (call,) = arguments_for(resolve(sync_client, "chat.completions.parse"), tmp_path)
    assert check_value(parsed, call.returns) == []
    assert check_value(ChatCompletion.model_validate(COMPLETION), ParsedChatCompletion[ConformanceAnswer]) != []
