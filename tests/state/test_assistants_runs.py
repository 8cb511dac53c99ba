"""Assistants threads, messages, runs and run steps keep real state (issue 6)."""

from __future__ import annotations

import asyncio
import json
import warnings
from collections.abc import Iterator
from typing import Any

import openai
import pytest
from openai.types.beta import Assistant
from openai.types.beta.threads import Run

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from tests._no_sleep import forbid_real_sleep

WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["c", "f"]}},
            "required": ["city", "unit"],
            "additionalProperties": False,
        },
    },
}


@pytest.fixture(autouse=True)
def _assistants_are_deprecated() -> Iterator[None]:
    # The Assistants API is deprecated in the SDK; using it is the point of these tests.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def _assistant(fake: FakeOpenAI, **extra: Any) -> Assistant:
    return fake.beta.assistants.create(model="gpt-4o", instructions="Answer in one sentence.", **extra)


def _thread_id(fake: FakeOpenAI, text: str = "What is the weather in Paris?") -> str:
    return fake.beta.threads.create(messages=[{"role": "user", "content": text}]).id


def _waiting_run(fake: FakeOpenAI) -> Run:
    assistant = _assistant(fake, tools=[WEATHER])
    return fake.beta.threads.runs.create_and_poll(thread_id=_thread_id(fake), assistant_id=assistant.id)


# --- threads and messages -------------------------------------------------------------------------


def test_messages_hold_what_the_client_wrote_newest_first() -> None:
    fake = FakeOpenAI(seed=1)
    thread = fake.beta.threads.create(messages=[{"role": "user", "content": "Hi", "metadata": {"n": "1"}}])
    added = fake.beta.threads.messages.create(
        thread.id,
        role="user",
        content=[
            {"type": "text", "text": "Look"},
            {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
        ],
    )
    assert (added.thread_id, added.role, added.run_id, added.assistant_id, added.status) == (
        thread.id,
        "user",
        None,
        None,
        "completed",
    )
    assert added.content[0].type == "text" and added.content[0].text.value == "Look"
    assert added.content[1].type == "image_url" and added.content[1].image_url.url == "https://example.com/a.png"
    listed = list(fake.beta.threads.messages.list(thread.id))
    assert next(m.id for m in listed) == added.id
    first = listed[1]
    assert first.content[0].type == "text" and first.content[0].text.value == "Hi"
    assert first.metadata == {"n": "1"}
    assert [m.id for m in fake.beta.threads.messages.list(thread.id, order="asc")] == [first.id, added.id]
    assert fake.beta.threads.messages.retrieve(added.id, thread_id=thread.id) == added


def test_messages_paginate_over_more_than_a_hundred() -> None:
    fake = FakeOpenAI(seed=2)
    thread_id = fake.beta.threads.create().id
    ids = [fake.beta.threads.messages.create(thread_id, role="user", content=f"message {i}").id for i in range(130)]
    page = fake.beta.threads.messages.list(thread_id)
    assert [m.id for m in page.data] == ids[::-1][:20] and page.has_more is True
    assert [m.id for m in fake.beta.threads.messages.list(thread_id)] == ids[::-1]  # auto-paging
    first = fake.beta.threads.messages.list(thread_id, order="asc", limit=100)
    assert [m.id for m in first.data] == ids[:100] and first.has_more is True
    rest = fake.beta.threads.messages.list(thread_id, order="asc", limit=100, after=ids[99])
    assert [m.id for m in rest.data] == ids[100:] and rest.has_more is False


def test_deleting_a_thread_forgets_its_messages_and_runs() -> None:
    fake = FakeOpenAI(seed=3)
    thread_id = _thread_id(fake)
    run = fake.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=_assistant(fake).id)
    assert fake.beta.threads.delete(thread_id).deleted is True
    with pytest.raises(openai.NotFoundError, match=f"No thread found with id '{thread_id}'."):
        fake.beta.threads.runs.retrieve(run.id, thread_id=thread_id)
    with pytest.raises(openai.NotFoundError):
        fake.beta.threads.messages.list(thread_id)


# --- runs ----------------------------------------------------------------------------------------


def test_unknown_thread_or_assistant_is_not_found() -> None:
    fake = FakeOpenAI(seed=4)
    assistant = _assistant(fake)
    with pytest.raises(openai.NotFoundError, match=r"No thread found with id 'thread_nope'."):
        fake.beta.threads.runs.create("thread_nope", assistant_id=assistant.id)
    thread_id = _thread_id(fake)
    with pytest.raises(openai.NotFoundError, match=r"No assistant found with id 'asst_nope'."):
        fake.beta.threads.runs.create(thread_id, assistant_id="asst_nope")
    with pytest.raises(openai.NotFoundError, match=r"No assistant found with id 'asst_nope'."):
        fake.beta.threads.create_and_run(assistant_id="asst_nope")
    assert list(fake.beta.threads.runs.list(thread_id)) == []  # nothing half-made


def test_a_run_echoes_its_assistant_unless_overridden_and_answers_in_the_thread() -> None:
    fake = FakeOpenAI(seed=5)
    assistant = _assistant(fake, tools=[WEATHER], temperature=0.2)
    thread_id = _thread_id(fake, "Say hello.")
    run = fake.beta.threads.runs.create(thread_id, assistant_id=assistant.id, tool_choice="none")
    assert (run.status, run.model, run.instructions, run.temperature) == (
        "queued",
        "gpt-4o",
        "Answer in one sentence.",
        0.2,
    )
    assert [t.function.name for t in run.tools if t.type == "function"] == ["get_weather"]
    assert run.expires_at == run.created_at + 600 and run.usage is None
    done = fake.beta.threads.runs.retrieve(run.id, thread_id=thread_id)
    assert (done.status, done.expires_at, done.required_action) == ("completed", None, None)
    assert done.created_at <= (done.started_at or 0) <= (done.completed_at or 0)
    answer = fake.beta.threads.messages.list(thread_id, run_id=run.id).data
    assert len(answer) == 1
    message = answer[0]
    assert (message.role, message.assistant_id, message.run_id, message.status) == (
        "assistant",
        assistant.id,
        run.id,
        "completed",
    )
    assert message.content[0].type == "text" and len(message.content[0].text.value.split()) > 2
    steps = list(fake.beta.threads.runs.steps.list(run.id, thread_id=thread_id))
    assert [(s.type, s.status) for s in steps] == [("message_creation", "completed")]
    details = steps[0].step_details
    assert details.type == "message_creation" and details.message_creation.message_id == message.id
    assert done.usage is not None and steps[0].usage is not None
    assert steps[0].usage.model_dump() == done.usage.model_dump()
    assert done.usage.total_tokens == done.usage.prompt_tokens + done.usage.completion_tokens
    assert fake.beta.threads.runs.steps.retrieve(steps[0].id, thread_id=thread_id, run_id=run.id) == steps[0]

    override = fake.beta.threads.runs.create_and_poll(
        thread_id=thread_id, assistant_id=assistant.id, model="gpt-4o-mini", instructions="Be terse.", tools=[]
    )
    assert (override.model, override.instructions, override.tools, override.status) == (
        "gpt-4o-mini",
        "Be terse.",
        [],
        "completed",
    )
    assert [r.id for r in fake.beta.threads.runs.list(thread_id)] == [override.id, run.id]


def test_assistant_updates_keep_tools_and_the_next_run_uses_them() -> None:
    fake = FakeOpenAI(seed=20)
    assistant = _assistant(fake)
    assert (assistant.name, assistant.tools, assistant.response_format) == (None, [], "auto")
    updated = fake.beta.assistants.update(assistant.id, tools=[WEATHER], instructions="Use tools.")  # type: ignore[list-item]
    assert fake.beta.assistants.retrieve(assistant.id) == updated
    run = fake.beta.threads.runs.create_and_poll(thread_id=_thread_id(fake), assistant_id=assistant.id)
    assert (run.status, run.instructions) == ("requires_action", "Use tools.")


def test_requires_action_round_trip() -> None:
    fake = FakeOpenAI(seed=6)
    run = _waiting_run(fake)
    thread_id = run.thread_id
    assert run.status == "requires_action" and run.required_action is not None
    calls = run.required_action.submit_tool_outputs.tool_calls
    assert [c.function.name for c in calls] == ["get_weather"] and calls[0].id.startswith("call_")
    arguments = json.loads(calls[0].function.arguments)
    assert set(arguments) == {"city", "unit"} and arguments["unit"] in ("c", "f")  # valid against the schema
    tool_step = fake.beta.threads.runs.steps.list(run.id, thread_id=thread_id).data[0]
    assert (tool_step.type, tool_step.status) == ("tool_calls", "in_progress")
    with pytest.raises(openai.BadRequestError, match="Can't add messages to"):
        fake.beta.threads.messages.create(thread_id, role="user", content="hello?")
    with pytest.raises(openai.BadRequestError, match="already has an active run"):
        fake.beta.threads.runs.create(thread_id, assistant_id=run.assistant_id)

    with pytest.raises(openai.BadRequestError, match=r"Expected tool outputs for call_ids") as missing:
        fake.beta.threads.runs.submit_tool_outputs(run.id, thread_id=thread_id, tool_outputs=[])
    assert missing.value.status_code == 400 and missing.value.param == "tool_outputs"
    with pytest.raises(openai.BadRequestError, match="call_unknown"):
        fake.beta.threads.runs.submit_tool_outputs(
            run.id, thread_id=thread_id, tool_outputs=[{"tool_call_id": "call_unknown", "output": "x"}]
        )
    assert fake.beta.threads.runs.retrieve(run.id, thread_id=thread_id).status == "requires_action"

    done = fake.beta.threads.runs.submit_tool_outputs_and_poll(
        run_id=run.id, thread_id=thread_id, tool_outputs=[{"tool_call_id": calls[0].id, "output": "Sunny, 21 C"}]
    )
    assert (done.status, done.required_action) == ("completed", None)
    steps = list(fake.beta.threads.runs.steps.list(run.id, thread_id=thread_id, order="asc"))
    assert [(s.type, s.status) for s in steps] == [("tool_calls", "completed"), ("message_creation", "completed")]
    first = steps[0].step_details
    assert first.type == "tool_calls" and first.tool_calls[0].type == "function"
    assert first.tool_calls[0].function.output == "Sunny, 21 C"
    assert done.usage is not None
    assert done.usage.completion_tokens == sum(s.usage.completion_tokens for s in steps if s.usage)
    assert done.usage.prompt_tokens == sum(s.usage.prompt_tokens for s in steps if s.usage)
    reply = fake.beta.threads.messages.list(thread_id, limit=1).data[0]
    assert (reply.role, reply.run_id) == ("assistant", run.id)
    with pytest.raises(openai.BadRequestError, match=r'Runs in status "completed" do not accept tool outputs.'):
        fake.beta.threads.runs.submit_tool_outputs(
            run.id, thread_id=thread_id, tool_outputs=[{"tool_call_id": calls[0].id, "output": "x"}]
        )


def test_tool_choice_is_honoured() -> None:
    fake = FakeOpenAI(seed=7)
    assistant = _assistant(
        fake, tools=[WEATHER, {"type": "function", "function": {"name": "get_time"}}, {"type": "code_interpreter"}]
    )
    forced = fake.beta.threads.runs.create_and_poll(
        thread_id=_thread_id(fake),
        assistant_id=assistant.id,
        tool_choice={"type": "function", "function": {"name": "get_time"}},
    )
    assert forced.required_action is not None
    assert [c.function.name for c in forced.required_action.submit_tool_outputs.tool_calls] == ["get_time"]
    for choice in ("none", {"type": "code_interpreter"}):
        run = fake.beta.threads.runs.create_and_poll(
            thread_id=_thread_id(fake), assistant_id=assistant.id, tool_choice=choice
        )  # type: ignore[arg-type]
        assert run.status == "completed"


def test_structured_output_validates_against_the_schema() -> None:
    fake = FakeOpenAI(seed=8)
    schema = {
        "type": "object",
        "properties": {"answer": {"type": "integer"}},
        "required": ["answer"],
        "additionalProperties": False,
    }
    assistant = _assistant(
        fake,
        response_format={"type": "json_schema", "json_schema": {"name": "reply", "schema": schema, "strict": True}},
    )
    run = fake.beta.threads.runs.create_and_poll(thread_id=_thread_id(fake), assistant_id=assistant.id)
    message = fake.beta.threads.messages.list(run.thread_id, run_id=run.id).data[0]
    assert message.content[0].type == "text"
    assert isinstance(json.loads(message.content[0].text.value)["answer"], int)


def test_max_completion_tokens_cuts_the_answer_and_the_run_ends_incomplete() -> None:
    fake = FakeOpenAI(seed=19)
    assistant = _assistant(fake)
    thread_id = _thread_id(fake, "Tell me a long story.")
    with fake.beta.threads.runs.stream(
        thread_id=thread_id, assistant_id=assistant.id, max_completion_tokens=5
    ) as stream:
        names = [event.event for event in stream]
        streamed = stream.get_final_run()
    assert names[-3:] == ["thread.message.incomplete", "thread.run.step.completed", "thread.run.incomplete"]
    run = fake.beta.threads.runs.retrieve(streamed.id, thread_id=thread_id)
    assert run == streamed and run.status == "incomplete"
    assert run.incomplete_details is not None and run.incomplete_details.reason == "max_completion_tokens"
    assert run.usage is not None and 0 < run.usage.completion_tokens <= 5
    message = fake.beta.threads.messages.list(thread_id, run_id=run.id).data[0]
    assert message.status == "incomplete" and message.incomplete_details is not None
    assert message.incomplete_details.reason == "max_tokens" and message.content[0].type == "text"
    polled = fake.beta.threads.runs.create_and_poll(
        thread_id=thread_id, assistant_id=assistant.id, max_completion_tokens=5
    )
    assert polled.status == "incomplete"


def test_cancel_moves_through_cancelling_and_a_finished_run_refuses() -> None:
    fake = FakeOpenAI(seed=9)
    run = _waiting_run(fake)
    cancelling = fake.beta.threads.runs.cancel(run.id, thread_id=run.thread_id)
    assert cancelling.status == "cancelling"
    cancelled = fake.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id)
    assert cancelled.status == "cancelled" and cancelled.cancelled_at is not None and cancelled.expires_at is None
    step = fake.beta.threads.runs.steps.list(run.id, thread_id=run.thread_id).data[0]
    assert (step.status, step.cancelled_at) == ("cancelled", cancelled.cancelled_at)
    with pytest.raises(openai.BadRequestError, match=r"Cannot cancel run with status 'cancelled'."):
        fake.beta.threads.runs.cancel(run.id, thread_id=run.thread_id)
    # The thread is free again.
    assert fake.beta.threads.messages.create(run.thread_id, role="user", content="never mind").role == "user"


def test_create_and_run_makes_the_thread_with_its_messages() -> None:
    fake = FakeOpenAI(seed=10)
    assistant = _assistant(fake)
    run = fake.beta.threads.create_and_run_poll(
        assistant_id=assistant.id, thread={"messages": [{"role": "user", "content": "Hello"}], "metadata": {"k": "v"}}
    )
    assert run.status == "completed"
    assert fake.beta.threads.retrieve(run.thread_id).metadata == {"k": "v"}
    roles = [m.role for m in fake.beta.threads.messages.list(run.thread_id, order="asc")]
    assert roles == ["user", "assistant"]


# --- progression ---------------------------------------------------------------------------------


def test_polls_progression_and_no_real_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeOpenAI(seed=11, lifecycle="polls", polls=3)
    assistant = _assistant(fake)
    thread_id = _thread_id(fake)
    before = fake.clock.now()
    slept = forbid_real_sleep(monkeypatch)  # the SDK's 5 s poll waits pass on the fake's clock: a real one raises
    run = fake.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=assistant.id, poll_interval_ms=5_000)
    assert run.status == "completed"
    assert fake.lifecycle.polls(run.id) == 3
    assert slept == [] and fake.lifecycle.waits == [5.0, 5.0]  # two waits between three retrieves, none slept
    assert fake.clock.now() - before >= 10


def test_manual_progression_is_moved_by_the_test() -> None:
    fake = FakeOpenAI(seed=12, lifecycle="manual")
    thread_id = _thread_id(fake)
    run = fake.beta.threads.runs.create(thread_id, assistant_id=_assistant(fake).id)
    assert fake.beta.threads.runs.retrieve(run.id, thread_id=thread_id).status == "queued"
    assert fake.lifecycle.advance(run.id) == "in_progress"
    message = fake.beta.threads.messages.list(thread_id, run_id=run.id).data[0]
    assert (message.status, message.content) == ("in_progress", [])
    assert fake.lifecycle.complete(run.id) == "completed"
    message = fake.beta.threads.messages.retrieve(message.id, thread_id=thread_id)
    assert message.status == "completed" and message.content
    other = fake.beta.threads.runs.create(thread_id, assistant_id=run.assistant_id)
    assert fake.lifecycle.fail(other.id) == "failed"
    failed = fake.beta.threads.runs.retrieve(other.id, thread_id=thread_id)
    assert failed.last_error is not None and failed.failed_at is not None


def test_immediate_progression_answers_with_the_final_run() -> None:
    fake = FakeOpenAI(seed=13, lifecycle="immediate")
    run = fake.beta.threads.runs.create(_thread_id(fake), assistant_id=_assistant(fake).id)
    assert run.status == "completed" and run.usage is not None


# --- streams -------------------------------------------------------------------------------------


def test_streamed_round_trip_agrees_with_the_stored_state() -> None:
    fake = FakeOpenAI(seed=14)
    assistant = _assistant(fake, tools=[WEATHER])
    thread_id = _thread_id(fake)
    with fake.beta.threads.runs.stream(thread_id=thread_id, assistant_id=assistant.id) as stream:
        names = [event.event for event in stream]
        waiting = stream.get_final_run()
        tool_step = stream.get_final_run_steps()[0]
    assert names[:5] == [
        "thread.run.created",
        "thread.run.queued",
        "thread.run.in_progress",
        "thread.run.step.created",
        "thread.run.step.in_progress",
    ]
    assert set(names[5:-1]) == {"thread.run.step.delta"} and names[-1] == "thread.run.requires_action"
    assert waiting == fake.beta.threads.runs.retrieve(waiting.id, thread_id=thread_id)
    stored_step = fake.beta.threads.runs.steps.retrieve(tool_step.id, thread_id=thread_id, run_id=waiting.id)
    assert stored_step.step_details.type == tool_step.step_details.type == "tool_calls"
    assert (
        tool_step.step_details.tool_calls[0].function.arguments
        == stored_step.step_details.tool_calls[0].function.arguments
    )  # type: ignore[union-attr]
    assert waiting.required_action is not None
    call = waiting.required_action.submit_tool_outputs.tool_calls[0]
    with fake.beta.threads.runs.submit_tool_outputs_stream(
        run_id=waiting.id, thread_id=thread_id, tool_outputs=[{"tool_call_id": call.id, "output": "Sunny"}]
    ) as stream:
        names = [event.event for event in stream]
        final = stream.get_final_run()
        messages = stream.get_final_messages()
    assert names[:5] == [
        "thread.run.queued",
        "thread.run.in_progress",
        "thread.run.step.completed",
        "thread.run.step.created",
        "thread.run.step.in_progress",
    ]
    assert names[-3:] == ["thread.message.completed", "thread.run.step.completed", "thread.run.completed"]
    assert final == fake.beta.threads.runs.retrieve(final.id, thread_id=thread_id)
    assert messages[0] == fake.beta.threads.messages.retrieve(messages[0].id, thread_id=thread_id)


def test_create_and_run_stream_starts_with_the_thread() -> None:
    fake = FakeOpenAI(seed=15)
    with fake.beta.threads.create_and_run_stream(
        assistant_id=_assistant(fake).id, thread={"messages": [{"role": "user", "content": "Hi"}]}
    ) as stream:
        names = [event.event for event in stream]
        final = stream.get_final_run()
        streamed = stream.get_final_messages()[0]
    assert names[0] == "thread.created" and names[-1] == "thread.run.completed"
    assert final == fake.beta.threads.runs.retrieve(final.id, thread_id=final.thread_id)
    stored = fake.beta.threads.messages.list(final.thread_id, run_id=final.id).data[0]
    assert stored == streamed and stored.content[0].type == "text" and stored.content[0].text.value


def test_create_and_stream_and_run_updates_are_stored() -> None:
    fake = FakeOpenAI(seed=18)
    thread_id = _thread_id(fake, "Hello")
    with fake.beta.threads.runs.create_and_stream(thread_id=thread_id, assistant_id=_assistant(fake).id) as stream:
        stream.until_done()
        final = stream.get_final_run()
    assert final.status == "completed"
    updated = fake.beta.threads.runs.update(final.id, thread_id=thread_id, metadata={"reviewed": "yes"})
    assert updated.metadata == {"reviewed": "yes"}
    assert fake.beta.threads.runs.retrieve(final.id, thread_id=thread_id) == updated
    with pytest.raises(openai.NotFoundError, match=r"No run found with id 'run_nope'."):
        fake.beta.threads.runs.cancel("run_nope", thread_id=thread_id)


def test_the_same_seed_gives_the_same_run() -> None:
    def walk() -> str:
        fake = FakeOpenAI(seed=16)
        run = _waiting_run(fake)
        return run.model_dump_json()

    assert walk() == walk()


# --- async -----------------------------------------------------------------------------------------


def test_async_round_trip_and_stream() -> None:
    async def scenario() -> None:
        fake = FakeAsyncOpenAI(seed=17)
        assistant = await fake.beta.assistants.create(model="gpt-4o", tools=[WEATHER])  # type: ignore[list-item]
        thread = await fake.beta.threads.create(messages=[{"role": "user", "content": "Weather?"}])
        run = await fake.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
        assert run.status == "requires_action" and run.required_action is not None
        call = run.required_action.submit_tool_outputs.tool_calls[0]
        with pytest.raises(openai.BadRequestError):
            await fake.beta.threads.runs.submit_tool_outputs(run.id, thread_id=thread.id, tool_outputs=[])
        done = await fake.beta.threads.runs.submit_tool_outputs_and_poll(
            run_id=run.id, thread_id=thread.id, tool_outputs=[{"tool_call_id": call.id, "output": "Rain"}]
        )
        assert done.status == "completed"
        steps = [s async for s in fake.beta.threads.runs.steps.list(run.id, thread_id=thread.id)]
        assert [s.type for s in steps] == ["message_creation", "tool_calls"]
        async with fake.beta.threads.runs.stream(
            thread_id=thread.id, assistant_id=assistant.id, tool_choice="none"
        ) as stream:
            async for _ in stream:
                pass
            final = await stream.get_final_run()
        assert final.status == "completed"
        assert final == await fake.beta.threads.runs.retrieve(final.id, thread_id=thread.id)
        roles = [m.role async for m in fake.beta.threads.messages.list(thread.id)]
        assert roles == ["assistant", "assistant", "user"]
        other = await fake.beta.threads.create_and_run_poll(
            assistant_id=assistant.id, thread={"messages": [{"role": "user", "content": "Hi"}]}, tool_choice="none"
        )
        assert other.status == "completed" and other.thread_id != thread.id
        with pytest.raises(openai.NotFoundError):
            await fake.beta.threads.runs.create("thread_nope", assistant_id=assistant.id)

    asyncio.run(scenario())
