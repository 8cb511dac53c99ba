"""A scripted partial override keeps what it sets, and the reply keeps the fake's promises around it:
usage adds up, details stay within their totals, a chat message says one thing and finishes as it
implies, items sit at their positions. The same rules complete a factory build
(``ChatCompletionFactory.build(usage={...})``), so both agree."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes._sim.tokens import text_tokens
from openai_fakes.factories import ChatCompletionFactory

USER: Any = [{"role": "user", "content": "Plan a day in Rome."}]
CALL: Any = {
    "id": "call_abc123",
    "type": "function",
    "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
}


def _scripted(endpoint: str, script: Mapping[str, Any], **request: Any) -> Any:
    """The reply to ``request`` at ``endpoint`` (``"chat"``, ``"responses"``...) under ``returns(script)``,
    from a sync and an async fake alike (they must agree: one server path serves both)."""

    def pick(client: Any) -> Any:
        return {
            "chat": client.chat.completions,
            "responses": client.responses,
            "completions": client.completions,
            "embeddings": client.embeddings,
        }[endpoint]

    fake = FakeOpenAI(seed=11)
    fake.stub(pick(fake).create).returns(script)
    sync_reply = pick(fake).create(**request)

    async def run() -> Any:
        async_fake = FakeAsyncOpenAI(seed=11)
        async_fake.stub(pick(async_fake).create).returns(script)
        return await pick(async_fake).create(**request)

    async_reply = asyncio.run(run())
    assert async_reply.model_dump(exclude={"id", "created", "created_at"}) == sync_reply.model_dump(
        exclude={"id", "created", "created_at"}
    )
    return sync_reply


def _chat(script: Mapping[str, Any], **extra: Any) -> Any:
    return _scripted("chat", script, model="gpt-4o", messages=USER, **extra)


def _adds_up(usage: Any, first: str = "prompt_tokens", second: str = "completion_tokens") -> bool:
    return bool(usage.total_tokens == getattr(usage, first) + getattr(usage, second))


# --- Chat Completions --------------------------------------------------------------------------


def test_a_scripted_completion_count_moves_the_total() -> None:
    usage = _chat({"usage": {"completion_tokens": 5}}).usage
    assert usage.completion_tokens == 5 and _adds_up(usage)
    # A script that touches neither content nor usage leaves usage as the handler counted it.
    assert (
        _chat({"model": "my-model"}).usage
        == FakeOpenAI(seed=11).chat.completions.create(model="gpt-4o", messages=USER).usage
    )


def test_a_scripted_total_moves_the_completion_side_and_what_was_set_stays() -> None:
    usage = _chat({"usage": {"total_tokens": 100}}).usage
    assert usage.total_tokens == 100 and _adds_up(usage) and usage.completion_tokens == 100 - usage.prompt_tokens
    # Counts the script set are never changed, even when they disagree or no side can make up the total.
    usage = _chat({"usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 5}}).usage
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (1, 1, 5)
    assert _chat({"usage": {"total_tokens": 3}}).usage.total_tokens == 3


def test_scripted_text_is_counted_and_finishes_with_stop() -> None:
    # The default would call the tool (tool_choice="required"): the scripted text replaces the call.
    tools: Any = [{"type": "function", "function": {"name": "get_weather"}}]
    reply = _chat({"choices": [{"message": {"content": "Rome, in one day."}}]}, tools=tools, tool_choice="required")
    choice = reply.choices[0]
    assert choice.message.content == "Rome, in one day." and choice.message.tool_calls is None  # one kind of message
    assert choice.finish_reason == "stop"
    assert reply.usage.completion_tokens == text_tokens("Rome, in one day.") and _adds_up(reply.usage)
    # A script that leaves what the message says alone leaves its finish reason (here: cut by a limit).
    cut = _chat({"choices": [{"message": {"annotations": []}}]}, max_completion_tokens=3)
    assert cut.choices[0].finish_reason == "length"
    assert cut.usage.completion_tokens == text_tokens(cut.choices[0].message.content) <= 3


def test_scripted_tool_calls_clear_the_text_and_finish_with_tool_calls_unless_told() -> None:
    reply = _chat({"choices": [{"message": {"tool_calls": [CALL]}}]})
    choice = reply.choices[0]
    assert choice.message.content is None and choice.finish_reason == "tool_calls"
    assert reply.usage.completion_tokens == text_tokens('{"city": "Paris"}') + 3 and _adds_up(reply.usage)
    # A finish reason the script sets is its own (a function forced by name finishes with "stop").
    choice = _chat({"choices": [{"message": {"tool_calls": [CALL]}, "finish_reason": "stop"}]}).choices[0]
    assert choice.finish_reason == "stop" and choice.message.tool_calls is not None and choice.message.content is None


def test_a_choice_the_script_adds_is_a_whole_choice_at_its_position() -> None:
    reply = _chat({"choices": [{}, {"message": {"content": "Second."}}]})
    second = reply.choices[1]
    assert (second.index, second.finish_reason, second.message.role) == (1, "stop", "assistant")
    first_tokens = text_tokens(reply.choices[0].message.content)
    assert reply.usage.completion_tokens == first_tokens + text_tokens("Second.") and _adds_up(reply.usage)


def test_a_streamed_scripted_override_ends_with_usage_that_adds_up() -> None:
    fake = FakeOpenAI(seed=3)
    fake.stub(fake.chat.completions.create).returns({"usage": {"completion_tokens": 5}})
    chunks = list(
        fake.chat.completions.create(model="gpt-4o", messages=USER, stream=True, stream_options={"include_usage": True})
    )
    usage = chunks[-1].usage
    assert usage is not None and usage.completion_tokens == 5 and _adds_up(usage)


def test_a_scripted_override_and_a_factory_build_complete_alike() -> None:
    scripted = _chat({"usage": {"completion_tokens": 5}, "choices": [{"message": {"tool_calls": [CALL]}}]})
    built = ChatCompletionFactory.build(usage={"completion_tokens": 5}, tool_calls=[CALL], random_seed=1)
    for reply in (scripted, built):
        assert reply.choices[0].finish_reason == "tool_calls" and reply.choices[0].message.content is None
        assert reply.usage.completion_tokens == 5 and _adds_up(reply.usage)


# --- Responses ---------------------------------------------------------------------------------


def _response(script: Mapping[str, Any], model: str = "gpt-4o") -> Any:
    return _scripted("responses", script, model=model, input="Plan a day in Rome.")


def test_a_scripted_response_count_moves_the_total() -> None:
    usage = _response({"usage": {"input_tokens": 40}}).usage
    assert usage.input_tokens == 40 and _adds_up(usage, "input_tokens", "output_tokens")
    usage = _response({"usage": {"output_tokens": 9}}).usage
    assert usage.output_tokens == 9 and _adds_up(usage, "input_tokens", "output_tokens")


def test_scripted_output_text_is_counted_with_the_reasoning_before_it() -> None:
    default = FakeOpenAI(seed=11).responses.create(model="o4-mini", input="Plan a day in Rome.")
    reasoning = default.usage.output_tokens_details.reasoning_tokens
    assert reasoning > 0 and default.output[0].type == "reasoning"
    reply = _response({"output": [{}, {"content": [{"text": "Rome, in one day."}]}]}, model="o4-mini")
    assert reply.output_text == "Rome, in one day."
    assert reply.usage.output_tokens == reasoning + text_tokens("Rome, in one day.")
    assert _adds_up(reply.usage, "input_tokens", "output_tokens")


def test_details_shrink_to_fit_a_scripted_total_they_would_exceed() -> None:
    usage = _response({"usage": {"output_tokens": 10}}, model="o4-mini").usage
    assert usage.output_tokens == 10 and usage.output_tokens_details.reasoning_tokens <= 10
    assert _adds_up(usage, "input_tokens", "output_tokens")


# --- legacy Completions and Embeddings ---------------------------------------------------------


def test_a_scripted_legacy_completion_adds_up() -> None:
    usage = _scripted(
        "completions", {"usage": {"completion_tokens": 5}}, model="gpt-3.5-turbo-instruct", prompt="Say hi"
    ).usage
    assert usage.completion_tokens == 5 and _adds_up(usage)
    reply = _scripted(
        "completions", {"choices": [{"text": "Hello there."}]}, model="gpt-3.5-turbo-instruct", prompt="Say hi"
    )
    assert reply.usage.completion_tokens == text_tokens("Hello there.") and _adds_up(reply.usage)


def test_scripted_embedding_usage_and_items_keep_their_rules() -> None:
    usage = _scripted(
        "embeddings", {"usage": {"prompt_tokens": 3}}, model="text-embedding-3-small", input="Paris"
    ).usage
    assert (usage.prompt_tokens, usage.total_tokens) == (3, 3)
    vectors = {"data": [{"embedding": [1.0, 0.0]}, {"embedding": [0.0, 1.0]}]}
    reply = _scripted("embeddings", vectors, model="text-embedding-3-small", input="Paris", encoding_format="float")
    assert [item.index for item in reply.data] == [0, 1] and all(item.object == "embedding" for item in reply.data)
