"""Assistants runs use their hosted tools: file_search and code_interpreter steps before the answer."""

from __future__ import annotations

import asyncio
import re
import warnings
from collections.abc import Iterator
from typing import Any, Final

import pydantic
import pytest
from openai.types.beta import AssistantStreamEvent
from openai.types.beta.threads import Message, Run
from openai.types.beta.threads.runs import RunStep, RunStepDeltaEvent

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI

INCLUDE: Final = "step_details.tool_calls[*].file_search.results[*].content"
DOCS = {
    "refunds.txt": "Refunds are accepted within 30 days of purchase. Items must be unused and in their original packaging. "
    "Shipping costs are never refunded.",
    "shipping.txt": "Orders ship within two business days. Express shipping costs 15 dollars. International orders take up to three weeks.",
    "team.txt": "The support team works from Lisbon and answers email on weekdays. Phone support is not offered.",
}
QUESTION = "How many days do I have to ask for refunds after purchase?"
MARKER = re.compile(r"【\d+:\d+†source】")
EVENTS: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(AssistantStreamEvent)


@pytest.fixture(autouse=True)
def _assistants_are_deprecated() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def _files(fake: FakeOpenAI, names: tuple[str, ...] = tuple(DOCS)) -> list[str]:
    return [fake.files.create(file=(name, DOCS[name].encode()), purpose="assistants").id for name in names]


def _searcher(fake: FakeOpenAI, **tool: Any) -> str:
    spec: dict[str, Any] = {"type": "file_search", **({"file_search": tool} if tool else {})}
    return fake.beta.assistants.create(model="gpt-4o", instructions="Answer from the files.", tools=[spec]).id  # type: ignore[list-item]


def _thread_with_store(fake: FakeOpenAI, text: str = QUESTION) -> tuple[str, str]:
    """A thread whose own vector store (made by the tool_resources helper) holds the docs."""
    thread = fake.beta.threads.create(
        messages=[{"role": "user", "content": text}],
        tool_resources={"file_search": {"vector_stores": [{"file_ids": _files(fake)}]}},
    )
    assert thread.tool_resources is not None and thread.tool_resources.file_search is not None
    (store_id,) = thread.tool_resources.file_search.vector_store_ids or []
    return thread.id, store_id


def _ready_store(fake: FakeOpenAI, file_ids: list[str]) -> str:
    """A store whose files are indexed (the SDK's own poll helper waits for them)."""
    store = fake.vector_stores.create(name="docs")
    batch = fake.vector_stores.file_batches.create_and_poll(store.id, file_ids=file_ids)
    assert batch.file_counts.completed == len(file_ids)
    return store.id


def _steps(fake: FakeOpenAI, run: Run, **query: Any) -> list[RunStep]:
    return list(fake.beta.threads.runs.steps.list(run.id, thread_id=run.thread_id, order="asc", **query))


def _answer(fake: FakeOpenAI, run: Run) -> Message:
    (message,) = fake.beta.threads.messages.list(run.thread_id, run_id=run.id).data
    return message


def _check_citations(message: Message, file_ids: set[str]) -> list[str]:
    """Every annotation spans its marker in the text and names a found file; returns the files."""
    part = message.content[0]
    assert part.type == "text"
    text = part.text
    cited = []
    for note in text.annotations:
        assert note.type == "file_citation"
        assert text.value[note.start_index : note.end_index] == note.text
        assert MARKER.fullmatch(note.text)
        assert note.file_citation.file_id in file_ids
        cited.append(note.file_citation.file_id)
    assert len(MARKER.findall(text.value)) == len(text.annotations)  # no marker without its annotation
    return cited


# --- file_search ------------------------------------------------------------------------------


def test_a_question_searches_the_threads_store_before_answering() -> None:
    fake = FakeOpenAI(seed=1)
    thread_id, store_id = _thread_with_store(fake)
    assert fake.vector_stores.retrieve(store_id).file_counts.completed == 3  # the helper made a real store
    run = fake.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=_searcher(fake))
    assert run.status == "completed" and run.usage is not None

    search, writing = _steps(fake, run)
    assert (search.type, writing.type) == ("tool_calls", "message_creation")
    assert search.id.startswith("step_") and search.status == "completed"
    assert search.step_details.type == "tool_calls"
    (call,) = search.step_details.tool_calls
    assert call.type == "file_search" and call.id.startswith("call_")
    options = call.file_search.ranking_options
    assert options is not None and options.score_threshold == 0.0 and options.ranker in ("auto", "default_2024_08_21")
    # Without the include the results name files and scores, not their text.
    assert call.file_search.results and all(r.content is None for r in call.file_search.results)

    # With it, they are the store's own best chunks for the question, best first.
    (included,) = [s for s in _steps(fake, run, include=[INCLUDE]) if s.id == search.id]
    assert included.step_details.type == "tool_calls"
    shown = included.step_details.tool_calls[0]
    assert shown.type == "file_search"
    results = shown.file_search.results or []
    expected = fake.vector_stores.search(store_id, query=QUESTION, max_num_results=20).data
    assert [(r.file_id, r.score) for r in results] == [(e.file_id, e.score) for e in expected]
    assert [r.content[0].text for r in results if r.content] == [e.content[0].text for e in expected]
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)
    assert results[0].file_name == "refunds.txt"
    retrieved = fake.beta.threads.runs.steps.retrieve(search.id, thread_id=thread_id, run_id=run.id, include=[INCLUDE])
    assert retrieved == included

    message = _answer(fake, run)
    assert (
        writing.step_details.type == "message_creation"
        and writing.step_details.message_creation.message_id == message.id
    )
    cited = _check_citations(message, {r.file_id for r in results})
    assert cited and cited[0] == results[0].file_id  # the best result is cited first
    part = message.content[0]
    assert part.type == "text" and "30 days" in part.text.value  # the answer quotes what was found

    # Usage adds up and time moves forward through the steps.
    assert search.usage is not None and writing.usage is not None
    assert run.usage.total_tokens == search.usage.total_tokens + writing.usage.total_tokens
    assert run.usage.prompt_tokens == search.usage.prompt_tokens + writing.usage.prompt_tokens
    assert writing.usage.prompt_tokens > search.usage.prompt_tokens  # the answer read the results
    assert search.completed_at is not None and writing.completed_at is not None
    assert search.created_at <= search.completed_at <= writing.created_at <= writing.completed_at


def test_the_assistants_and_the_threads_stores_are_both_searched() -> None:
    fake = FakeOpenAI(seed=2)
    refunds, shipping, team = _files(fake)
    own = _ready_store(fake, [refunds, shipping])
    assistant = fake.beta.assistants.create(
        model="gpt-4o", tools=[{"type": "file_search"}], tool_resources={"file_search": {"vector_store_ids": [own]}}
    )
    extra = _ready_store(fake, [team])
    thread = fake.beta.threads.create(
        messages=[{"role": "user", "content": "Which team answers email about refunds?"}],
        tool_resources={"file_search": {"vector_store_ids": [extra]}},
    )
    run = fake.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    search = _steps(fake, run, include=[INCLUDE])[0]
    assert search.step_details.type == "tool_calls" and search.step_details.tool_calls[0].type == "file_search"
    found = {r.file_id for r in search.step_details.tool_calls[0].file_search.results or []}
    assert {refunds, team} <= found
    _check_citations(_answer(fake, run), found)


def test_tool_options_limit_and_threshold_the_results() -> None:
    fake = FakeOpenAI(seed=3)
    thread_id, store_id = _thread_with_store(fake, "What does shipping cost for orders?")
    everything = fake.vector_stores.search(store_id, query="What does shipping cost for orders?").data
    assert len(everything) >= 2
    cutoff = everything[1].score
    run = fake.beta.threads.runs.create_and_poll(
        thread_id=thread_id,
        assistant_id=_searcher(fake, max_num_results=1, ranking_options={"score_threshold": cutoff}),
    )
    search = _steps(fake, run)[0]
    assert search.step_details.type == "tool_calls"
    call = search.step_details.tool_calls[0]
    assert call.type == "file_search" and call.file_search.ranking_options is not None
    assert call.file_search.ranking_options.score_threshold == cutoff
    assert [r.file_id for r in call.file_search.results or []] == [everything[0].file_id]


@pytest.mark.parametrize(
    ("text", "choice", "searches"),
    [
        (QUESTION, "auto", True),
        ("Please thank the customer for the refunds report.", "auto", False),  # not a question
        (QUESTION, "none", False),
        ("Please thank the customer for the refunds report.", {"type": "file_search"}, True),
        ("Please thank the customer for the refunds report.", "required", True),
    ],
)
def test_tool_choice_and_the_question_rule_decide_the_search(text: str, choice: Any, searches: bool) -> None:
    fake = FakeOpenAI(seed=4)
    thread_id, _ = _thread_with_store(fake, text)
    run = fake.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=_searcher(fake), tool_choice=choice)
    assert run.status == "completed"
    kinds = [s.type for s in _steps(fake, run)]
    assert kinds == (["tool_calls", "message_creation"] if searches else ["message_creation"])
    if not searches:
        _check_citations(_answer(fake, run), set())  # nothing searched, nothing cited


def test_a_store_without_files_is_not_searched() -> None:
    fake = FakeOpenAI(seed=5)
    empty = fake.vector_stores.create(name="empty")
    assistant = fake.beta.assistants.create(
        model="gpt-4o",
        tools=[{"type": "file_search"}],
        tool_resources={"file_search": {"vector_store_ids": [empty.id]}},
    )
    thread = fake.beta.threads.create(messages=[{"role": "user", "content": QUESTION}])
    run = fake.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    assert [s.type for s in _steps(fake, run)] == ["message_creation"]


def test_create_and_run_tool_resources_replace_the_assistants() -> None:
    fake = FakeOpenAI(seed=6)
    refunds, shipping, _ = _files(fake)
    elsewhere, chosen = _ready_store(fake, [shipping]), _ready_store(fake, [refunds])
    assistant = fake.beta.assistants.create(
        model="gpt-4o",
        tools=[{"type": "file_search"}],
        tool_resources={"file_search": {"vector_store_ids": [elsewhere]}},
    )
    run = fake.beta.threads.create_and_run_poll(
        assistant_id=assistant.id,
        thread={"messages": [{"role": "user", "content": QUESTION}]},
        tool_resources={"file_search": {"vector_store_ids": [chosen]}},
    )
    search = _steps(fake, run)[0]
    assert search.step_details.type == "tool_calls" and search.step_details.tool_calls[0].type == "file_search"
    assert {r.file_id for r in search.step_details.tool_calls[0].file_search.results or []} == {refunds}


def test_function_tools_still_ask_for_outputs_after_the_search() -> None:
    fake = FakeOpenAI(seed=7)
    thread_id, _ = _thread_with_store(fake)
    lookup = {
        "type": "function",
        "function": {"name": "lookup_order", "parameters": {"type": "object", "properties": {}}},
    }
    assistant = fake.beta.assistants.create(model="gpt-4o", tools=[{"type": "file_search"}, lookup])  # type: ignore[list-item]
    run = fake.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=assistant.id)
    assert run.status == "requires_action" and run.required_action is not None
    (call,) = run.required_action.submit_tool_outputs.tool_calls
    assert call.function.name == "lookup_order"
    searched, waiting = _steps(fake, run)
    assert (searched.status, waiting.status) == ("completed", "in_progress")
    assert searched.step_details.type == "tool_calls" and searched.step_details.tool_calls[0].type == "file_search"
    assert waiting.step_details.type == "tool_calls" and waiting.step_details.tool_calls[0].type == "function"

    run = fake.beta.threads.runs.submit_tool_outputs_and_poll(
        run_id=run.id, thread_id=thread_id, tool_outputs=[{"tool_call_id": call.id, "output": "order 7 shipped"}]
    )
    assert run.status == "completed" and run.usage is not None
    steps = _steps(fake, run)
    assert [s.type for s in steps] == ["tool_calls", "tool_calls", "message_creation"]
    assert run.usage.total_tokens == sum(s.usage.total_tokens for s in steps if s.usage)
    found = {r.file_id for r in searched.step_details.tool_calls[0].file_search.results or []}
    assert _check_citations(_answer(fake, run), found)  # the answer still cites the search


# --- code_interpreter -------------------------------------------------------------------------


def _calculator(fake: FakeOpenAI) -> str:
    return fake.beta.assistants.create(model="gpt-4o", tools=[{"type": "code_interpreter"}]).id


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("What is 12 * (3 + 4) ** 2?", 12 * (3 + 4) ** 2),
        ("Please compute 1,250 / 8 - 3 for me", 1250 / 8 - 3),
        ("Average of 3, 5 and 10?", (3 + 5 + 10) / 3),
    ],
)
def test_a_computation_runs_code_and_the_answer_states_its_result(prompt: str, expected: float) -> None:
    fake = FakeOpenAI(seed=8)
    thread = fake.beta.threads.create(messages=[{"role": "user", "content": prompt}])
    run = fake.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=_calculator(fake))
    code_step, writing = _steps(fake, run)
    assert code_step.step_details.type == "tool_calls" and writing.type == "message_creation"
    (call,) = code_step.step_details.tool_calls
    assert call.type == "code_interpreter" and call.id.startswith("call_")
    compile(call.code_interpreter.input, "<input>", "exec")  # plausible Python
    assert "print(" in call.code_interpreter.input
    (output,) = call.code_interpreter.outputs
    assert output.type == "logs" and float(output.logs) == pytest.approx(expected)
    part = _answer(fake, run).content[0]
    assert part.type == "text" and output.logs in part.text.value
    assert run.usage is not None and code_step.usage is not None and writing.usage is not None
    assert run.usage.total_tokens == code_step.usage.total_tokens + writing.usage.total_tokens


def test_no_computation_no_code_unless_forced() -> None:
    fake = FakeOpenAI(seed=9)
    calculator = _calculator(fake)
    thread = fake.beta.threads.create(messages=[{"role": "user", "content": "Say hello to the team."}])
    run = fake.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=calculator)
    assert [s.type for s in _steps(fake, run)] == ["message_creation"]
    forced = fake.beta.threads.runs.create_and_poll(
        thread_id=thread.id, assistant_id=calculator, tool_choice={"type": "code_interpreter"}
    )
    step = _steps(fake, forced)[0]
    assert step.step_details.type == "tool_calls" and step.step_details.tool_calls[0].type == "code_interpreter"
    none = fake.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=calculator, tool_choice="none")
    assert [s.type for s in _steps(fake, none)] == ["message_creation"]


# --- streams --------------------------------------------------------------------------------------


def _typed(event: Any) -> Any:
    """The event as the SDK's strict type validates it from its wire JSON."""
    return EVENTS.validate_python(
        {"event": event.event, "data": event.data.model_dump(mode="json", exclude_unset=True)}
    )


def test_a_streamed_search_sends_the_step_events_in_order() -> None:
    fake = FakeOpenAI(seed=10)
    thread_id, _ = _thread_with_store(fake)
    with fake.beta.threads.runs.stream(thread_id=thread_id, assistant_id=_searcher(fake)) as stream:
        events = list(stream)
        final = stream.get_final_run()
        (message,) = stream.get_final_messages()
    for event in events:
        _typed(event)
    names = [e.event for e in events]
    tool_step = events[names.index("thread.run.step.created")].data
    assert isinstance(tool_step, RunStep) and tool_step.type == "tool_calls"
    mine = [e.event for e in events if isinstance(e.data, (RunStep, RunStepDeltaEvent)) and e.data.id == tool_step.id]
    assert mine == [
        "thread.run.step.created",
        "thread.run.step.in_progress",
        "thread.run.step.delta",
        "thread.run.step.completed",
    ]
    # The tool step finishes before the message step opens; the run finishes last.
    assert names.index("thread.run.step.completed") < names.index("thread.message.created")
    assert (
        names[:3] == ["thread.run.created", "thread.run.queued", "thread.run.in_progress"]
        and names[-1] == "thread.run.completed"
    )
    delta = next(e.data for e in events if e.event == "thread.run.step.delta")
    assert isinstance(delta, RunStepDeltaEvent)
    assert delta.delta.step_details is not None and delta.delta.step_details.type == "tool_calls"
    streamed_call = (delta.delta.step_details.tool_calls or [])[0]
    assert streamed_call.type == "file_search" and streamed_call.id is not None

    done = next(e.data for e in events if e.event == "thread.run.step.completed" and e.data.id == tool_step.id)
    assert isinstance(done, RunStep)
    assert done == fake.beta.threads.runs.steps.retrieve(tool_step.id, thread_id=thread_id, run_id=final.id)
    assert final == fake.beta.threads.runs.retrieve(final.id, thread_id=thread_id)
    assert message == fake.beta.threads.messages.retrieve(message.id, thread_id=thread_id)
    assert _check_citations(message, {r.file_id for r in done.step_details.tool_calls[0].file_search.results or []})  # type: ignore[union-attr]
    # The deltas carry the citations whose marker they bring.
    streamed_notes = [
        note
        for e in events
        if e.event == "thread.message.delta"
        for block in e.data.delta.content or []
        if block.type == "text" and block.text
        for note in block.text.annotations or []
    ]
    assert [n.text for n in streamed_notes] == [n.text for n in message.content[0].text.annotations]  # type: ignore[union-attr]


def test_a_streamed_run_created_with_the_include_shows_the_results_text() -> None:
    fake = FakeOpenAI(seed=11)
    thread_id, _ = _thread_with_store(fake)
    with fake.beta.threads.runs.stream(thread_id=thread_id, assistant_id=_searcher(fake), include=[INCLUDE]) as stream:
        events = list(stream)
    delta = next(e.data for e in events if e.event == "thread.run.step.delta")
    assert delta.delta.step_details is not None and delta.delta.step_details.type == "tool_calls"
    call = (delta.delta.step_details.tool_calls or [])[0]
    assert call.type == "file_search"
    results = call.file_search["results"]  # type: ignore[index]
    assert results and all(r["content"][0]["text"] for r in results)


def test_a_streamed_computation_streams_its_input_then_its_logs() -> None:
    fake = FakeOpenAI(seed=12)
    with fake.beta.threads.create_and_run_stream(
        assistant_id=_calculator(fake), thread={"messages": [{"role": "user", "content": "What is 17 * 23?"}]}
    ) as stream:
        events = list(stream)
        final = stream.get_final_run()
    for event in events:
        _typed(event)
    assert events[0].event == "thread.created"
    deltas = [e.data.delta.step_details.tool_calls[0] for e in events if e.event == "thread.run.step.delta"]  # type: ignore[union-attr, index]
    assert all(d.type == "code_interpreter" for d in deltas)
    assert deltas[0].id is not None and all(d.id is None for d in deltas[1:])
    code = "".join(d.code_interpreter.input or "" for d in deltas if d.code_interpreter)  # type: ignore[union-attr]
    logs = [o.logs for d in deltas if d.code_interpreter for o in d.code_interpreter.outputs or [] if o.type == "logs"]  # type: ignore[union-attr]
    assert logs == [str(17 * 23)]
    stored = _steps(fake, final)[0]
    assert stored.step_details.type == "tool_calls"
    call = stored.step_details.tool_calls[0]
    assert call.type == "code_interpreter" and call.code_interpreter.input == code


# --- how runs move ------------------------------------------------------------------------------


def test_by_hand_the_tool_step_works_while_the_run_does() -> None:
    fake = FakeOpenAI(seed=13, lifecycle="manual")
    thread_id, _ = _thread_with_store(fake)
    run = fake.beta.threads.runs.create(thread_id, assistant_id=_searcher(fake))
    assert fake.lifecycle.advance(run.id) == "in_progress"
    (step,) = _steps(fake, run)
    assert (step.type, step.status, step.usage) == ("tool_calls", "in_progress", None)
    assert fake.beta.threads.messages.list(thread_id, run_id=run.id).data == []  # no answer yet
    assert fake.lifecycle.complete(run.id) == "completed"
    searched, writing = _steps(fake, run)
    assert (searched.id, searched.status, writing.status) == (step.id, "completed", "completed")
    assert _answer(fake, run).status == "completed"

    cancelled = fake.beta.threads.runs.create(thread_id, assistant_id=run.assistant_id)
    fake.lifecycle.advance(cancelled.id)
    assert fake.beta.threads.runs.cancel(cancelled.id, thread_id=thread_id).status == "cancelling"
    assert fake.lifecycle.advance(cancelled.id) == "cancelled"  # by hand, as every move
    assert fake.beta.threads.runs.retrieve(cancelled.id, thread_id=thread_id).status == "cancelled"
    assert [s.status for s in _steps(fake, cancelled)] == ["cancelled"]


def test_steps_page_through_the_tool_and_message_steps() -> None:
    fake = FakeOpenAI(seed=14)
    thread_id, _ = _thread_with_store(fake)
    run = fake.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=_searcher(fake))
    newest = fake.beta.threads.runs.steps.list(run.id, thread_id=thread_id, limit=1)
    assert newest.has_more and newest.data[0].type == "message_creation"
    older = fake.beta.threads.runs.steps.list(run.id, thread_id=thread_id, limit=1, after=newest.data[0].id)
    assert [s.type for s in older.data] == ["tool_calls"] and not older.has_more


def test_the_same_seed_gives_the_same_search_and_answer() -> None:
    def once() -> tuple[Any, ...]:
        fake = FakeOpenAI(seed=15)
        thread_id, _ = _thread_with_store(fake)
        run = fake.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=_searcher(fake))
        return tuple(s.model_dump_json() for s in _steps(fake, run)) + (_answer(fake, run).model_dump_json(),)

    assert once() == once()


# --- async ------------------------------------------------------------------------------------


def test_async_search_computation_and_stream() -> None:
    async def scenario() -> None:
        fake = FakeAsyncOpenAI(seed=16)
        files = [(await fake.files.create(file=(n, DOCS[n].encode()), purpose="assistants")).id for n in DOCS]
        assistant = await fake.beta.assistants.create(
            model="gpt-4o",
            tools=[{"type": "file_search"}, {"type": "code_interpreter"}],
            tool_resources={"file_search": {"vector_stores": [{"file_ids": files}]}},
        )
        assert assistant.tool_resources is not None and assistant.tool_resources.file_search is not None
        (store_id,) = assistant.tool_resources.file_search.vector_store_ids or []
        thread = await fake.beta.threads.create(messages=[{"role": "user", "content": QUESTION}])
        run = await fake.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
        steps = [
            s
            async for s in fake.beta.threads.runs.steps.list(
                run.id, thread_id=thread.id, order="asc", include=[INCLUDE]
            )
        ]
        assert [s.type for s in steps] == ["tool_calls", "message_creation"]
        assert steps[0].step_details.type == "tool_calls"
        call = steps[0].step_details.tool_calls[0]
        assert call.type == "file_search"
        expected = (await fake.vector_stores.search(store_id, query=QUESTION, max_num_results=20)).data
        assert [(r.file_id, r.score) for r in call.file_search.results or []] == [
            (e.file_id, e.score) for e in expected
        ]
        (message,) = (await fake.beta.threads.messages.list(thread.id, run_id=run.id)).data
        _check_citations(message, {e.file_id for e in expected})

        await fake.beta.threads.messages.create(thread.id, role="user", content="Now compute 40 + 2 please.")
        async with fake.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant.id) as stream:
            events = [event async for event in stream]
            final = await stream.get_final_run()
        for event in events:
            _typed(event)
        created = [e.data for e in events if e.event == "thread.run.step.created"]
        assert [s.type for s in created] == ["tool_calls", "message_creation"]
        stored = [s async for s in fake.beta.threads.runs.steps.list(final.id, thread_id=thread.id, order="asc")]
        assert stored[0].step_details.type == "tool_calls"
        assert stored[0].step_details.tool_calls[0].type == "code_interpreter"
        assert stored[0].step_details.tool_calls[0].code_interpreter.outputs[0].logs == "42"  # type: ignore[union-attr]

    asyncio.run(scenario())
