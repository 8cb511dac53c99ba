"""Stored chat completions and stored responses (issue 6): what create stores, the reads that answer
from it, and the 404s / 400s of what was never stored. Sync and async."""

from __future__ import annotations

import asyncio
from typing import Any

import openai
import pytest

from openai_fakes import Backend, FakeAsyncOpenAI, FakeOpenAI

HELLO: Any = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hello there"}]


# --- chat completions ---------------------------------------------------------------------------


def test_a_stored_completion_reads_back_with_its_metadata_and_request_messages() -> None:
    fake = FakeOpenAI(seed=1)
    made = fake.chat.completions.create(model="gpt-4o-mini", messages=HELLO, store=True, metadata={"team": "a"})
    got = fake.chat.completions.retrieve(made.id)
    assert (got.id, got.choices, got.usage, got.model) == (made.id, made.choices, made.usage, "gpt-4o-mini-2024-07-18")
    assert got.metadata == {"team": "a"}
    messages = list(fake.chat.completions.messages.list(made.id))
    assert [(m.id, m.role, m.content) for m in messages] == [
        (f"{made.id}-0", "system", "Be brief."),
        (f"{made.id}-1", "user", "Hello there"),
    ]


def test_content_parts_are_listed_beside_their_text() -> None:
    fake = FakeOpenAI(seed=1)
    parts: Any = [{"type": "text", "text": "Describe "}, {"type": "text", "text": "this"}]
    made = fake.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": parts}], store=True)
    (message,) = fake.chat.completions.messages.list(made.id)
    assert message.content == "Describe this"
    assert [p.model_dump(exclude_none=True) for p in message.content_parts or []] == parts


def test_without_store_true_nothing_is_kept_and_retrieve_is_404() -> None:
    fake = FakeOpenAI(seed=2)
    made = fake.chat.completions.create(model="gpt-4o-mini", messages=HELLO)
    unstored = fake.chat.completions.create(model="gpt-4o-mini", messages=HELLO, store=False)
    for completion in (made, unstored):
        with pytest.raises(openai.NotFoundError) as caught:
            fake.chat.completions.retrieve(completion.id)
        assert caught.value.body == {
            "message": f"No chat completion found with id '{completion.id}'.",
            "type": "invalid_request_error",
            "param": None,
            "code": None,
        }
    assert list(fake.chat.completions.list()) == []


def test_update_replaces_metadata_and_delete_forgets_completion_and_messages() -> None:
    fake = FakeOpenAI(seed=3)
    made = fake.chat.completions.create(model="gpt-4o-mini", messages=HELLO, store=True, metadata={"a": "1"})
    assert fake.chat.completions.update(made.id, metadata={"b": "2"}).metadata == {"b": "2"}
    assert fake.chat.completions.retrieve(made.id).metadata == {"b": "2"}
    deleted = fake.chat.completions.delete(made.id)
    assert (deleted.id, deleted.deleted, deleted.object) == (made.id, True, "chat.completion.deleted")
    for read in (fake.chat.completions.retrieve, fake.chat.completions.messages.list, fake.chat.completions.delete):
        with pytest.raises(openai.NotFoundError):
            read(made.id)
    assert fake.backend.stores.get(f"/chat/completions/{made.id}/messages") is None


def test_list_is_oldest_first_filters_by_model_and_metadata_and_pages_by_cursor() -> None:
    fake = FakeOpenAI(seed=4)
    made = [
        fake.chat.completions.create(model=model, messages=HELLO, store=True, metadata={"run": run})
        for model, run in [("gpt-4o-mini", "x"), ("gpt-4o", "x"), ("gpt-4o-mini", "y"), ("gpt-4o-mini", "x")]
    ]
    ids = [c.id for c in made]
    assert [c.id for c in fake.chat.completions.list()] == ids
    assert [c.id for c in fake.chat.completions.list(order="desc")] == ids[::-1]
    assert [c.id for c in fake.chat.completions.list(model="gpt-4o-mini")] == [ids[0], ids[2], ids[3]]
    assert [c.id for c in fake.chat.completions.list(metadata={"run": "x"})] == [ids[0], ids[1], ids[3]]
    assert [c.id for c in fake.chat.completions.list(model="gpt-4o-mini", metadata={"run": "x"})] == [ids[0], ids[3]]
    first = fake.chat.completions.list(limit=2)
    assert ([c.id for c in first.data], first.has_more) == (ids[:2], True)
    second = fake.chat.completions.list(limit=2, after=first.data[-1].id)
    assert ([c.id for c in second.data], second.has_more) == (ids[2:], False)
    filtered = fake.chat.completions.list(limit=1, metadata={"run": "x"}, after=ids[0])
    assert ([c.id for c in filtered.data], filtered.has_more) == ([ids[1]], True)


def test_a_metadata_filtered_list_pages_as_an_unfiltered_one_before_a_cursor() -> None:
    # The metadata filter is a rule, not an equal field; its pages come from the same cursor walk:
    # ``before`` gives the page right before the id, ``has_more`` says whether earlier ones remain.
    fake = FakeOpenAI(seed=4)
    ids = [
        fake.chat.completions.create(model="gpt-4o-mini", messages=HELLO, store=True, metadata={"run": "x"}).id
        for _ in range(5)
    ]
    before: Any = {"before": ids[4]}
    plain = fake.chat.completions.list(limit=2, extra_query=before)
    tagged = fake.chat.completions.list(limit=2, metadata={"run": "x"}, extra_query=before)
    assert ([c.id for c in plain.data], plain.has_more) == (ids[2:4], True)
    assert ([c.id for c in tagged.data], tagged.has_more) == (ids[2:4], True)

    async def listed() -> tuple[list[str], bool]:
        client = FakeAsyncOpenAI(backend=fake.backend)
        page = await client.chat.completions.list(limit=2, metadata={"run": "x"}, extra_query={"before": ids[2]})
        return [c.id for c in page.data], page.has_more

    assert asyncio.run(listed()) == (ids[:2], False)


def test_a_streamed_stored_completion_stores_what_the_chunks_assemble() -> None:
    fake = FakeOpenAI(seed=5)
    stream = fake.chat.completions.create(model="gpt-4o-mini", messages=HELLO, store=True, stream=True)
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    stored = fake.chat.completions.retrieve(chunks[0].id)
    assert stored.choices[0].message.content == text and text


def test_a_scripted_reply_is_what_gets_stored() -> None:
    fake = FakeOpenAI(seed=6)
    fake.stub(fake.chat.completions.create).reply("Paris")
    made = fake.chat.completions.create(model="gpt-4o-mini", messages=HELLO, store=True)
    assert fake.chat.completions.retrieve(made.id).choices[0].message.content == "Paris"


def test_a_scripted_retrieve_answers_for_an_id_never_stored() -> None:
    fake = FakeOpenAI(seed=6)
    fake.stub(fake.chat.completions.retrieve).returns({"model": "gpt-4o-2024-08-06"})
    assert fake.chat.completions.retrieve("chatcmpl-unknown").model == "gpt-4o-2024-08-06"


def test_materialize_mode_makes_up_a_completion_and_remembers_it() -> None:
    fake = FakeOpenAI(seed=7, unknown_ids="materialize")
    made_up = fake.chat.completions.retrieve("chatcmpl-abc")
    assert made_up.id == "chatcmpl-abc" and made_up.choices[0].message.content
    assert fake.chat.completions.retrieve("chatcmpl-abc") == made_up
    assert [c.id for c in fake.chat.completions.list()] == ["chatcmpl-abc"]


def test_async_clients_share_the_store_with_sync_ones() -> None:
    backend = Backend(seed=8)
    sync, fake = FakeOpenAI(backend=backend), FakeAsyncOpenAI(backend=backend)

    async def run() -> tuple[str, list[str], list[str]]:
        made = await fake.chat.completions.create(model="gpt-4o-mini", messages=HELLO, store=True, metadata={"k": "v"})
        listed = [c.id async for c in fake.chat.completions.list(metadata={"k": "v"})]
        messages = [m.id async for m in fake.chat.completions.messages.list(made.id, order="desc")]
        await fake.chat.completions.update(made.id, metadata={"k": "w"})
        return made.id, listed, messages

    key, listed, messages = asyncio.run(run())
    assert listed == [key] and messages == [f"{key}-1", f"{key}-0"]
    assert sync.chat.completions.retrieve(key).metadata == {"k": "w"}
    asyncio.run(fake.chat.completions.delete(key))
    with pytest.raises(openai.NotFoundError):
        asyncio.run(fake.chat.completions.retrieve(key))


# --- responses ------------------------------------------------------------------------------------


def test_responses_are_stored_by_default_with_their_input_items() -> None:
    fake = FakeOpenAI(seed=10)
    made = fake.responses.create(model="gpt-4o-mini", input="What is the capital of France?")
    assert fake.responses.retrieve(made.id) == made
    (item,) = fake.responses.input_items.list(made.id)
    assert item.type == "message" and item.role == "user"  # type: ignore[union-attr]
    assert item.content[0].text == "What is the capital of France?"  # type: ignore[union-attr]
    assert item.id.startswith("msg_") and item.id[-16:] == made.id[-16:]


def test_store_false_is_not_retrievable_nor_continuable() -> None:
    fake = FakeOpenAI(seed=11)
    made = fake.responses.create(model="gpt-4o-mini", input="hi", store=False)
    with pytest.raises(openai.NotFoundError, match=f"Response with id '{made.id}' not found."):
        fake.responses.retrieve(made.id)
    with pytest.raises(openai.BadRequestError) as caught:
        fake.responses.create(model="gpt-4o-mini", input="and?", previous_response_id=made.id)
    assert (caught.value.code, caught.value.param) == ("previous_response_not_found", "previous_response_id")
    assert caught.value.message.endswith(f"Previous response with id '{made.id}' not found.")


def test_previous_response_id_carries_the_chain_as_input() -> None:
    fake = FakeOpenAI(seed=12)
    first = fake.responses.create(model="gpt-4o-mini", input="Name a city in France.")
    alone = fake.responses.create(model="gpt-4o-mini", input="And one in Spain?")
    chained = fake.responses.create(model="gpt-4o-mini", input="And one in Spain?", previous_response_id=first.id)
    assert chained.previous_response_id == first.id
    assert chained.usage and alone.usage and first.usage
    # The earlier turn (its input and its answer) is billed as input again, as the API does.
    assert chained.usage.input_tokens > alone.usage.input_tokens + first.usage.output_tokens
    (own,) = fake.responses.input_items.list(chained.id)
    assert own.content[0].text == "And one in Spain?"  # type: ignore[union-attr]


WEATHER: Any = {
    "type": "function",
    "name": "get_weather",
    "strict": True,
    "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
        "additionalProperties": False,
    },
}


def test_a_tool_round_trip_over_previous_response_id() -> None:
    fake = FakeOpenAI(seed=13)
    asked = fake.responses.create(model="gpt-4o-mini", input="Weather in Paris?", tools=[WEATHER])
    (call,) = [item for item in asked.output if item.type == "function_call"]
    answered = fake.responses.create(
        model="gpt-4o-mini",
        tools=[WEATHER],
        previous_response_id=asked.id,
        input=[{"type": "function_call_output", "call_id": call.call_id, "output": "21 C"}],
    )
    assert answered.output_text
    (item,) = fake.responses.input_items.list(answered.id)
    assert (item.type, item.id[:4], item.status) == ("function_call_output", "fco_", "completed")
    with pytest.raises(
        openai.BadRequestError, match=r"No tool call found for function call output with call_id call_nope."
    ):
        fake.responses.create(
            model="gpt-4o-mini",
            previous_response_id=asked.id,
            input=[{"type": "function_call_output", "call_id": "call_nope", "output": "?"}],
        )


def test_input_items_newest_first_and_paged() -> None:
    fake = FakeOpenAI(seed=14)
    inputs: Any = [{"role": "user", "content": f"turn {i}"} for i in range(5)]
    made = fake.responses.create(model="gpt-4o-mini", input=inputs)
    texts = [i.content[0].text for i in fake.responses.input_items.list(made.id)]  # type: ignore[union-attr]
    assert texts == [f"turn {i}" for i in reversed(range(5))]
    page = fake.responses.input_items.list(made.id, limit=2, order="asc")
    assert ([i.content[0].text for i in page.data], page.has_more) == (["turn 0", "turn 1"], True)  # type: ignore[union-attr]


def test_delete_forgets_the_response() -> None:
    fake = FakeOpenAI(seed=15)
    made = fake.responses.create(model="gpt-4o-mini", input="hi")
    fake.responses.delete(made.id)
    for read in (fake.responses.retrieve, fake.responses.input_items.list, fake.responses.delete):
        with pytest.raises(openai.NotFoundError):
            read(made.id)


def test_background_response_is_queued_then_done_on_retrieve() -> None:
    fake = FakeOpenAI(seed=16)
    made = fake.responses.create(model="gpt-4o-mini", input="Write a poem.", background=True)
    assert (made.status, made.output, made.usage, made.completed_at) == ("queued", [], None, None)
    done = fake.responses.retrieve(made.id)
    assert done.status == "completed" and done.output_text and done.usage
    assert done.completed_at is not None and done.completed_at >= done.created_at
    assert fake.responses.cancel(made.id) == done  # a finished background response: unchanged


def test_cancel_stops_a_queued_background_response_and_refuses_a_synchronous_one() -> None:
    fake = FakeOpenAI(seed=17)
    made = fake.responses.create(model="gpt-4o-mini", input="Write a poem.", background=True)
    cancelled = fake.responses.cancel(made.id)
    assert (cancelled.status, cancelled.output) == ("cancelled", [])
    assert fake.responses.retrieve(made.id).status == "cancelled"
    synchronous = fake.responses.create(model="gpt-4o-mini", input="hi")
    with pytest.raises(openai.BadRequestError, match=r"Cannot cancel a synchronous response."):
        fake.responses.cancel(synchronous.id)


def test_background_responses_follow_the_lifecycle_controls() -> None:
    fake = FakeOpenAI(seed=18, lifecycle="manual")
    made = fake.responses.create(model="gpt-4o-mini", input="hi", background=True)
    assert fake.responses.retrieve(made.id).status == "queued"
    assert fake.lifecycle.advance(made.id) == "in_progress"
    assert fake.responses.retrieve(made.id).status == "in_progress"
    fake.lifecycle.complete(made.id)
    assert fake.responses.retrieve(made.id).output_text


def test_include_fills_encrypted_reasoning_and_output_logprobs_only_when_asked() -> None:
    fake = FakeOpenAI(seed=19)
    made = fake.responses.create(
        model="o4-mini",
        input="Think about it.",
        include=["reasoning.encrypted_content", "message.output_text.logprobs"],
        top_logprobs=2,
    )
    reasoning, message = made.output[0], made.output[-1]
    assert reasoning.type == "reasoning" and (reasoning.encrypted_content or "").startswith("gAAAAA")
    assert message.type == "message"
    part = message.content[0]
    assert part.type == "output_text" and part.logprobs
    assert "".join(lp.token for lp in part.logprobs) == part.text
    assert all(len(lp.top_logprobs) == 2 for lp in part.logprobs)
    plain = fake.responses.retrieve(made.id)
    assert plain.output[0].encrypted_content is None  # type: ignore[union-attr]
    again = fake.responses.retrieve(made.id, include=["reasoning.encrypted_content"])
    assert again.output[0].encrypted_content == reasoning.encrypted_content  # type: ignore[union-attr]


def test_streamed_logprobs_ride_on_their_deltas() -> None:
    fake = FakeOpenAI(seed=20)
    events = list(
        fake.responses.create(model="gpt-4o-mini", input="hi", include=["message.output_text.logprobs"], stream=True)
    )
    deltas = [e for e in events if e.type == "response.output_text.delta"]
    assert [e.logprobs[0].token for e in deltas] == [e.delta for e in deltas]  # type: ignore[union-attr]


def test_retrieve_stream_replays_a_stored_response_from_a_sequence_number() -> None:
    fake = FakeOpenAI(seed=21)
    made = fake.responses.create(model="gpt-4o-mini", input="hi")
    events = list(fake.responses.retrieve(made.id, stream=True))
    assert events[0].type == "response.created" and events[-1].response == made  # type: ignore[union-attr]
    resumed = list(fake.responses.retrieve(made.id, stream=True, starting_after=3))
    assert [e.sequence_number for e in resumed] == [e.sequence_number for e in events[4:]]


def test_async_chain_and_background() -> None:
    fake = FakeAsyncOpenAI(seed=22)

    async def run() -> None:
        first = await fake.responses.create(model="gpt-4o-mini", input="hi")
        second = await fake.responses.create(model="gpt-4o-mini", input="again", previous_response_id=first.id)
        assert (await fake.responses.retrieve(second.id)).previous_response_id == first.id
        items = [item.id async for item in fake.responses.input_items.list(second.id)]
        assert len(items) == 1 and items[0][-16:] == second.id[-16:]
        queued = await fake.responses.create(model="gpt-4o-mini", input="later", background=True)
        assert queued.status == "queued"
        assert (await fake.responses.cancel(queued.id)).status == "cancelled"
        await fake.responses.delete(first.id)
        with pytest.raises(openai.NotFoundError):
            await fake.responses.retrieve(first.id)
        with pytest.raises(openai.BadRequestError):
            await fake.responses.create(model="gpt-4o-mini", input="x", previous_response_id=first.id)

    asyncio.run(run())


def test_replies_stay_deterministic_under_a_seed() -> None:
    def session() -> list[str]:
        fake = FakeOpenAI(seed=23)
        first = fake.responses.create(model="gpt-4o-mini", input="hi", store=True)
        second = fake.responses.create(model="gpt-4o-mini", input="more", previous_response_id=first.id)
        completion = fake.chat.completions.create(model="gpt-4o-mini", messages=HELLO, store=True)
        return [
            fake.responses.retrieve(second.id).model_dump_json(),
            fake.chat.completions.retrieve(completion.id).model_dump_json(),
        ]

    assert session() == session()


def test_a_scripted_refusal_streams_as_refusal_events_and_is_stored() -> None:
    fake = FakeOpenAI(seed=24)
    fake.stub(fake.responses.create).refusal("I can't help with that.")
    events = list(fake.responses.create(model="gpt-4o-mini", input="hi", stream=True))
    deltas = [e.delta for e in events if e.type == "response.refusal.delta"]  # type: ignore[union-attr]
    assert "".join(deltas) == "I can't help with that."
    final = events[-1].response  # type: ignore[union-attr]
    assert fake.responses.retrieve(final.id) == final
