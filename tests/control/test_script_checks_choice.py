"""Scripts checked against what the request asks of the model: a tool call where tool_choice
requires one, at most one call where parallel_tool_calls=False, vectors of the requested dimensions.

Each check runs on chat completions and the Responses API, sync and async, plain and streamed.
"""

from __future__ import annotations

import array
import asyncio
import base64
from typing import Any

import pytest

import openai_fakes
from openai_fakes import FakeAsyncOpenAI, FakeOpenAI, ScriptMismatch, tool_call, tool_calls
from tests.control._one_request import API, WAYS, Script, message_item, scripted_reply, text_scripts

MESSAGES: Any = [{"role": "user", "content": "What is the weather in Paris?"}]
PARAMETERS: Any = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
CHAT_TOOLS: Any = [
    {"type": "function", "function": {"name": "get_weather", "parameters": PARAMETERS}},
    {"type": "function", "function": {"name": "get_time", "parameters": {"type": "object", "properties": {}}}},
]
RESPONSES_TOOLS: Any = [
    {"type": "function", "name": "get_weather", "parameters": PARAMETERS},
    {"type": "function", "name": "get_time", "parameters": {"type": "object", "properties": {}}},
]
CHAT_ALLOWED: Any = {
    "type": "allowed_tools",
    "allowed_tools": {"mode": "required", "tools": [{"type": "function", "function": {"name": "get_weather"}}]},
}
RESPONSES_ALLOWED: Any = {
    "type": "allowed_tools",
    "mode": "required",
    "tools": [{"type": "function", "name": "get_weather"}],
}


def call(way: str, api: str, script: Script, **extra: Any) -> list[str]:
    """Scripts a fresh fake with ``script``, makes one request ``way`` and returns what came back:
    the tool names called, or ``["text"]`` for an answer in text."""
    request: dict[str, Any] = {"model": "gpt-4o", "tools": CHAT_TOOLS if api == "chat" else RESPONSES_TOOLS}
    request.update({"messages": MESSAGES} if api == "chat" else {"input": "What is the weather in Paris?"})
    return _answer(api, scripted_reply(way, api, script, {**request, **extra}))


def _answer(api: str, reply: Any) -> list[str]:
    if isinstance(reply, list):  # a stream: chat chunks, or Responses events ending with the response
        if api == "responses":
            return _answer(api, reply[-1].response)
        names = [c.function.name for chunk in reply if chunk.choices for c in chunk.choices[0].delta.tool_calls or ()]
        text = "".join(chunk.choices[0].delta.content or "" for chunk in reply if chunk.choices)
        return [name for name in names if name] or (["text"] if text else [])
    if api == "chat":
        message = reply.choices[0].message
        return [c.function.name for c in message.tool_calls or ()] or (["text"] if message.content else [])
    return [item.name for item in reply.output if item.type == "function_call"] or (
        ["text"] if reply.output_text else []
    )


# --- tool_choice that requires a call is not answered with text ---------------------------------


TEXT_SCRIPTS = text_scripts({"city": "Paris"})


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("api", API)
@pytest.mark.parametrize("script", list(TEXT_SCRIPTS))
def test_text_cannot_answer_a_request_whose_tool_choice_is_required(way: str, api: str, script: str) -> None:
    with pytest.raises(
        ScriptMismatch,
        match=r"tool_choice='required', so the model must call one of its tools \('get_weather', 'get_time'\)\. "
        r"The request requires a tool call, not text: script tool_call\(\.\.\.\) instead .*stub\.returns",
    ):
        call(way, api, TEXT_SCRIPTS[script], tool_choice="required")


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("api", API)
def test_text_cannot_answer_allowed_tools_in_required_mode_or_a_forced_tool(way: str, api: str) -> None:
    allowed = CHAT_ALLOWED if api == "chat" else RESPONSES_ALLOWED
    with pytest.raises(ScriptMismatch, match=r"allows only some tools with mode='required'.*\('get_weather'\)"):
        call(way, api, TEXT_SCRIPTS["reply"], tool_choice=allowed)
    forced: Any = {"type": "function", "name": "get_time"}
    if api == "chat":
        forced = {"type": "function", "function": {"name": "get_time"}}
    with pytest.raises(ScriptMismatch, match=r"tool_choice forces a call of 'get_time'\. The request requires"):
        call(way, api, TEXT_SCRIPTS["structured"], tool_choice=forced)
    # Where the model may answer in text, text still answers.
    assert call(way, api, TEXT_SCRIPTS["reply"]) == ["text"]
    assert call(way, api, TEXT_SCRIPTS["reply"], tool_choice="auto") == ["text"]
    auto = (
        {"type": "allowed_tools", "allowed_tools": {**allowed["allowed_tools"], "mode": "auto"}}
        if api == "chat"
        else {**allowed, "mode": "auto"}
    )
    assert call(way, api, TEXT_SCRIPTS["reply"], tool_choice=auto) == ["text"]
    # A scripted refusal is the model declining on purpose, not text written in place of a call.
    assert call(way, api, lambda stub: stub.refusal("I can't help with that."), tool_choice="required") == []
    # A scripted call satisfies the requirement.
    assert call(way, api, lambda stub: stub.tool_call("get_time"), tool_choice="required") == ["get_time"]


def test_the_message_names_returns_as_the_way_to_script_a_model_that_ignores_tool_choice() -> None:
    fake = FakeOpenAI()
    chat = fake.stub(fake.chat.completions.create)
    chat.reply("No tool for you.")
    with pytest.raises(ScriptMismatch, match=r"ignores tool_choice on purpose, script its message with stub\.returns"):
        fake.chat.completions.create(model="gpt-4o", messages=MESSAGES, tools=CHAT_TOOLS, tool_choice="required")
    # The escape it names: overrides are sent as written, not checked against tool_choice.
    chat.returns({"choices": [{"message": {"content": "No tool for you."}}]})
    reply = fake.chat.completions.create(model="gpt-4o", messages=MESSAGES, tools=CHAT_TOOLS, tool_choice="required")
    assert reply.choices[0].message.content == "No tool for you." and reply.choices[0].message.tool_calls is None
    fake.stub(fake.responses.create).returns({"output": [message_item("No tool for you.")]})
    answer = fake.responses.create(model="gpt-4o", input="hi", tools=RESPONSES_TOOLS, tool_choice="required")
    assert [item.type for item in answer.output] == ["message"] and answer.output_text == "No tool for you."
    # Hosted tools run on the server within the same response, which may go on to text: left alone.
    fake.stub(fake.responses.create).reply("Found it.")
    hosted: Any = [{"type": "web_search_preview"}]
    searched = fake.responses.create(model="gpt-4o", input="News?", tools=hosted, tool_choice="required")
    assert searched.output_text == "Found it."


# --- parallel_tool_calls=False: at most one call ------------------------------------------------


def two_calls(stub: Any, unchecked: bool = False) -> Any:
    both = tool_calls(tool_call("get_weather", city="Paris"), tool_call("get_time"))
    return stub.always(both.unchecked() if unchecked else both)


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("api", API)
def test_several_calls_cannot_answer_a_request_without_parallel_tool_calls(way: str, api: str) -> None:
    with pytest.raises(
        ScriptMismatch,
        match=r"parallel_tool_calls=False, so the model calls at most one tool per turn, "
        r"but the script makes 2 calls \('get_weather', 'get_time'\)",
    ):
        call(way, api, two_calls, parallel_tool_calls=False)
    assert call(way, api, two_calls, parallel_tool_calls=True) == ["get_weather", "get_time"]
    assert call(way, api, two_calls) == ["get_weather", "get_time"]
    one = call(way, api, lambda stub: stub.tool_call("get_weather", city="Paris"), parallel_tool_calls=False)
    assert one == ["get_weather"]
    unchecked = call(way, api, lambda stub: two_calls(stub, unchecked=True), parallel_tool_calls=False)
    assert unchecked == ["get_weather", "get_time"]  # a misbehaving model, on purpose


# --- the hint for a misbehaving model on purpose is code that works -----------------------------


def test_the_unchecked_hint_names_code_that_runs() -> None:
    fake = FakeOpenAI()
    stub = fake.stub(fake.chat.completions.create)
    rule = stub.tool_call("delete_everything", path="/")
    assert not hasattr(rule, "unchecked")  # what the old hint led users to write
    with pytest.raises(ScriptMismatch) as failure:
        fake.chat.completions.create(model="gpt-4o", messages=MESSAGES, tools=CHAT_TOOLS)
    hint = "stub.always(openai_fakes.tool_call(...).unchecked())"
    assert hint in str(failure.value) and "stub.sequence([...])" in str(failure.value)
    # The hinted code, written out, is accepted and answers.
    stub.always(openai_fakes.tool_call("delete_everything", path="/").unchecked())
    reply = fake.chat.completions.create(model="gpt-4o", messages=MESSAGES, tools=CHAT_TOOLS)
    assert reply.choices[0].message.tool_calls[0].function.name == "delete_everything"  # type: ignore[index,union-attr]
    stub.sequence([openai_fakes.tool_call("delete_everything", path="/").unchecked()])
    reply = fake.chat.completions.create(model="gpt-4o", messages=MESSAGES, tools=CHAT_TOOLS)
    assert reply.choices[0].message.tool_calls[0].function.name == "delete_everything"  # type: ignore[index,union-attr]


# --- embeddings: a scripted vector has the requested dimensions ---------------------------------


def embed(way: str, vector: list[float], **extra: Any) -> list[float]:
    request: dict[str, Any] = {"model": "text-embedding-3-small", "input": ["a", "b"], **extra}

    async def run_async() -> Any:
        fake = FakeAsyncOpenAI()
        fake.stub(fake.embeddings.create).embedding(vector)
        return await fake.embeddings.create(**request)

    def run_sync() -> Any:
        fake = FakeOpenAI()
        fake.stub(fake.embeddings.create).embedding(vector)
        return fake.embeddings.create(**request)

    reply = asyncio.run(run_async()) if way == "async" else run_sync()
    vector_ = reply.data[1].embedding
    if isinstance(vector_, str):  # base64 asked for explicitly: the SDK hands it over undecoded
        return list(array.array("f", base64.b64decode(vector_)))
    return list(vector_)


@pytest.mark.parametrize("way", ["sync", "async"])
@pytest.mark.parametrize(
    "encoding",
    [{}, {"encoding_format": "float"}, {"encoding_format": "base64"}],
    ids=["sdk-default-base64", "float", "base64"],
)
def test_a_scripted_vector_must_have_the_requested_dimensions(way: str, encoding: dict[str, Any]) -> None:
    with pytest.raises(
        ScriptMismatch,
        match=r"embedding scripted for POST /embeddings has 3 numbers, but the request asks for dimensions=4, "
        r"so a real model answers with vectors of 4\. Script a vector of 4 numbers",
    ):
        embed(way, [0.5, 0.25, 0.125], dimensions=4, **encoding)
    assert embed(way, [0.5, 0.25, 0.125, 0.0], dimensions=4, **encoding) == [0.5, 0.25, 0.125, 0.0]
    assert embed(way, [0.5, 0.25, 0.125], **encoding) == [0.5, 0.25, 0.125]  # no dimensions asked: as scripted
