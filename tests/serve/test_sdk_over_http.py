"""The openai SDK, with its own default HTTP transport, against the served fake over loopback."""

from __future__ import annotations

import json
import warnings

import httpx2
import openai
import pytest
from openai.types.chat import ChatCompletionFunctionToolParam, ChatCompletionMessageParam

from openai_fakes import FakeOpenAI

from .conftest import calls, script, served

MESSAGES: list[ChatCompletionMessageParam] = [{"role": "user", "content": "What is the weather in Paris?"}]
WEATHER_TOOL: ChatCompletionFunctionToolParam = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}


def test_chat_plain(client: openai.OpenAI) -> None:
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    assert reply.id.startswith("chatcmpl-")
    assert reply.model == "gpt-4o-mini-2024-07-18"
    assert reply.choices[0].message.content
    assert (
        reply.usage is not None
        and reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens
    )
    assert reply._request_id is not None and reply._request_id.startswith("req_")


def test_chat_streamed_joins_to_the_scripted_text(client: openai.OpenAI, http: httpx2.Client) -> None:
    script(http, {"method": "chat.completions.create", "answer": {"reply": "Sunny and mild, around twenty degrees."}})
    stream = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)
    chunks = list(stream)
    assert len(chunks) > 2  # sent event by event, not as one body
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == (
        "Sunny and mild, around twenty degrees."
    )
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"


def test_chat_tool_call_scripted_over_http(client: openai.OpenAI, http: httpx2.Client) -> None:
    script(
        http,
        {
            "method": "chat.completions.create",
            "answer": {"tool_call": {"name": "get_weather", "arguments": {"city": "Paris"}}},
        },
    )
    reply = client.chat.completions.create(model="gpt-4o", messages=MESSAGES, tools=[WEATHER_TOOL])
    choice = reply.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.tool_calls is not None
    call = choice.message.tool_calls[0]
    assert call.type == "function" and call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == {"city": "Paris"}
    assert call.id.startswith("call_")


def test_chat_required_tool_choice_calls_an_offered_tool(client: openai.OpenAI) -> None:
    reply = client.chat.completions.create(
        model="gpt-4o",
        messages=MESSAGES,
        tools=[WEATHER_TOOL],
        tool_choice="required",
    )
    tool_calls = reply.choices[0].message.tool_calls
    assert tool_calls and tool_calls[0].type == "function" and tool_calls[0].function.name == "get_weather"
    assert isinstance(json.loads(tool_calls[0].function.arguments)["city"], str)


def test_responses_plain_and_streamed(client: openai.OpenAI, http: httpx2.Client) -> None:
    plain = client.responses.create(model="gpt-4o-mini", input="Say hi")
    assert plain.id.startswith("resp_") and plain.status == "completed" and plain.output_text
    script(http, {"method": "responses.create", "answer": "Hello from the served fake."})
    with client.responses.stream(model="gpt-4o-mini", input="Say hi") as stream:
        kinds = [event.type for event in stream]
        final = stream.get_final_response()
    assert kinds[0] == "response.created" and kinds[-1] == "response.completed"
    assert "response.output_text.delta" in kinds
    assert final.output_text == "Hello from the served fake."
    # A stored response is there for the next request, as on the API.
    assert client.responses.retrieve(final.id).output_text == "Hello from the served fake."


def test_embeddings(client: openai.OpenAI) -> None:
    # The SDK asks for base64 and decodes it: the served bytes must be the API's encoding.
    reply = client.embeddings.create(model="text-embedding-3-small", input=["one", "two"], dimensions=64)
    assert [item.index for item in reply.data] == [0, 1]
    assert all(len(item.embedding) == 64 for item in reply.data)
    assert all(isinstance(x, float) for x in reply.data[0].embedding)
    assert reply.data[0].embedding != reply.data[1].embedding


def test_files_upload_list_content_delete(client: openai.OpenAI) -> None:
    created = client.files.create(file=("notes.txt", b"Bread, flour, yeast."), purpose="assistants")
    assert created.filename == "notes.txt" and created.bytes == 20 and created.purpose == "assistants"
    assert [f.id for f in client.files.list()] == [created.id]
    assert client.files.content(created.id).read() == b"Bread, flour, yeast."
    assert client.files.delete(created.id).deleted is True
    assert list(client.files.list()) == []
    with pytest.raises(openai.NotFoundError) as missing:
        client.files.retrieve(created.id)
    assert missing.value.status_code == 404


def test_a_batch_through_its_lifecycle(client: openai.OpenAI) -> None:
    line = {
        "custom_id": "line-1",
        "method": "POST",
        "url": "/v1/chat/completions",
        "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]},
    }
    source = client.files.create(file=("in.jsonl", json.dumps(line).encode() + b"\n"), purpose="batch")
    batch = client.batches.create(input_file_id=source.id, endpoint="/v1/chat/completions", completion_window="24h")
    statuses = [batch.status]
    for _ in range(10):
        batch = client.batches.retrieve(batch.id)
        statuses.append(batch.status)
        if batch.status == "completed":
            break
    assert statuses[0] == "validating" and statuses[-1] == "completed"
    assert batch.output_file_id is not None
    out = [json.loads(text) for text in client.files.content(batch.output_file_id).text.splitlines()]
    assert [o["custom_id"] for o in out] == ["line-1"]
    assert out[0]["response"]["status_code"] == 200
    assert out[0]["response"]["body"]["object"] == "chat.completion"


def test_a_scripted_429_is_retried_by_the_sdk(root: str, key: str, http: httpx2.Client) -> None:
    # A short retry-after-ms, so the real SDK's real wait stays short.
    limited = {"raises": {"status": 429, "headers": {"retry-after-ms": "10"}}}
    script(http, {"method": "chat.completions.create", "sequence": [limited, limited, "Third time lucky."]})
    with openai.OpenAI(base_url=f"{root}/v1", api_key=key, max_retries=2) as retrying:
        reply = retrying.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    assert reply.choices[0].message.content == "Third time lucky."
    made = calls(http, "POST /chat/completions")
    assert [(c["attempt"], c["status"]) for c in made] == [(0, 429), (1, 429), (2, 200)]


def test_a_scripted_429_without_retries_is_the_sdks_rate_limit_error(
    client: openai.OpenAI, http: httpx2.Client
) -> None:
    script(http, {"method": "chat.completions.create", "answer": {"raises": {"status": 429}}})
    with pytest.raises(openai.RateLimitError) as limited:
        client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    assert limited.value.code == "rate_limit_exceeded"
    assert limited.value.response.headers["x-ratelimit-remaining-requests"] == "0"
    assert len(calls(http)) == 1


def test_with_raw_response_headers(client: openai.OpenAI) -> None:
    raw = client.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MESSAGES)
    parsed = raw.parse()
    assert raw.status_code == 200
    assert raw.headers["x-request-id"].startswith("req_") and raw.request_id == raw.headers["x-request-id"]
    assert parsed._request_id == raw.headers["x-request-id"]
    assert int(raw.headers["openai-processing-ms"]) > 0
    assert int(raw.headers["x-ratelimit-remaining-requests"]) < int(raw.headers["x-ratelimit-limit-requests"])
    assert raw.headers["content-type"] == "application/json"


def test_an_error_has_the_in_process_fakes_status_and_body(client: openai.OpenAI) -> None:
    bad: dict[str, object] = {"model": "gpt-4o-mini", "messages": MESSAGES, "temperature": 7}
    with pytest.raises(openai.BadRequestError) as over_http:
        client.chat.completions.create(**bad)  # type: ignore[call-overload]
    with pytest.raises(openai.BadRequestError) as in_process:
        FakeOpenAI(seed=7).chat.completions.create(**bad)  # type: ignore[call-overload]
    assert over_http.value.body == in_process.value.body
    assert over_http.value.status_code == in_process.value.status_code == 400


def test_the_same_seed_and_key_give_the_same_replies_and_reset_starts_over(
    root: str, key: str, http: httpx2.Client
) -> None:
    with openai.OpenAI(base_url=f"{root}/v1", api_key=key, max_retries=0) as sdk:
        first = sdk.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
        assert http.post("/_fake/reset").status_code == 200
        again = sdk.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    assert again.id == first.id and again.choices[0].message.content == first.choices[0].message.content
    # The same seed in process gives the same reply: the served fake is that fake.
    local = FakeOpenAI(seed=7).chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    assert local.id == first.id


def test_only_the_configured_api_key_is_accepted() -> None:
    with served(api_key="sk-the-right-key-1234") as url:
        with (
            openai.OpenAI(base_url=f"{url}/v1", api_key="sk-a-wrong-key-9876", max_retries=0) as wrong,
            pytest.raises(openai.AuthenticationError) as refused,
        ):
            wrong.models.list()
        assert refused.value.code == "invalid_api_key"
        assert "sk-" in refused.value.message and "9876" in refused.value.message
        assert "a-wrong-key" not in refused.value.message  # masked, as the API masks it
        with openai.OpenAI(base_url=f"{url}/v1", api_key="sk-the-right-key-1234", max_retries=0) as right:
            assert right.models.list().data


def test_two_keys_do_not_see_each_others_objects_or_scripts(root: str) -> None:
    with (
        openai.OpenAI(base_url=f"{root}/v1", api_key="sk-worker-one", max_retries=0) as one,
        openai.OpenAI(base_url=f"{root}/v1", api_key="sk-worker-two", max_retries=0) as two,
        httpx2.Client(base_url=root, headers={"Authorization": "Bearer sk-worker-one"}) as control_one,
    ):
        mine = one.files.create(file=("mine.txt", b"one's"), purpose="assistants")
        script(control_one, {"method": "chat.completions.create", "answer": "Only for worker one."})
        assert [f.id for f in two.files.list()] == []
        with pytest.raises(openai.NotFoundError):
            two.files.retrieve(mine.id)
        said = two.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
        assert said.choices[0].message.content != "Only for worker one."
        heard = one.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
        assert heard.choices[0].message.content == "Only for worker one."
        assert [f.id for f in one.files.list()] == [mine.id]


def test_a_transcription_reads_its_form_fields(client: openai.OpenAI) -> None:
    # Form fields arrive as text: the list and the format must reach the fake as the SDK sent them.
    speech = client.audio.speech.create(model="tts-1", voice="alloy", input="Hello there, general.").read()
    verbose = client.audio.transcriptions.create(
        model="whisper-1",
        file=("speech.mp3", speech),
        response_format="verbose_json",
        timestamp_granularities=["word", "segment"],
        temperature=0.2,
    )
    assert verbose.words and verbose.segments
    assert verbose.duration > 0
    plain = client.audio.transcriptions.create(model="whisper-1", file=("speech.mp3", speech), response_format="text")
    assert isinstance(plain, str) and plain.strip()


def test_an_assistants_run_streams_named_events(client: openai.OpenAI) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the Assistants API's own warning
        assistant = client.beta.assistants.create(model="gpt-4o")
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
        events = [e.event for e in client.beta.threads.runs.create(thread.id, assistant_id=assistant.id, stream=True)]
        roles = [m.role for m in client.beta.threads.messages.list(thread.id)]
    assert events[0] == "thread.run.created" and events[-1] == "thread.run.completed"
    assert "thread.message.delta" in events
    assert roles == ["assistant", "user"]


def test_an_upload_in_parts_becomes_a_file(client: openai.OpenAI) -> None:
    upload = client.uploads.create(bytes=6, filename="ab.txt", mime_type="text/plain", purpose="assistants")
    parts = [client.uploads.parts.create(upload.id, data=chunk).id for chunk in (b"abc", b"def")]
    done = client.uploads.complete(upload.id, part_ids=parts)
    assert done.status == "completed" and done.file is not None
    assert client.files.content(done.file.id).read() == b"abcdef"
