"""Conversations (issue 5): items given at create, added by hand and made by responses in the
conversation, all read back consistently. Sync and async."""

from __future__ import annotations

import asyncio
from typing import Any

import openai
import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI


def _texts(items: Any) -> list[tuple[str, str]]:
    return [(item.role, item.content[0].text) for item in items]


def test_create_with_items_then_list_newest_first() -> None:
    fake = FakeOpenAI(seed=1)
    made = fake.conversations.create(
        items=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hello"}],
        metadata={"topic": "demo"},
    )
    assert made.id.startswith("conv_") and made.metadata == {"topic": "demo"}
    assert fake.conversations.retrieve(made.id) == made
    listed = list(fake.conversations.items.list(made.id))
    assert _texts(listed) == [("user", "Hello"), ("system", "Be brief.")]
    assert all(item.id.startswith("msg_") and item.status == "completed" for item in listed)  # type: ignore[union-attr]
    assert _texts(fake.conversations.items.list(made.id, order="asc")) == [("system", "Be brief."), ("user", "Hello")]


def test_a_response_in_a_conversation_sees_its_items_and_adds_input_and_output() -> None:
    fake = FakeOpenAI(seed=2)
    conversation = fake.conversations.create(items=[{"role": "user", "content": "My name is Ada."}])
    alone = fake.responses.create(model="gpt-4o-mini", input="What is my name?")
    reply = fake.responses.create(model="gpt-4o-mini", input="What is my name?", conversation=conversation.id)
    assert reply.conversation is not None and reply.conversation.id == conversation.id
    assert reply.usage and alone.usage and reply.usage.input_tokens > alone.usage.input_tokens
    items = list(fake.conversations.items.list(conversation.id, order="asc"))
    assert [(i.type, getattr(i, "role", None)) for i in items] == [
        ("message", "user"),
        ("message", "user"),
        ("message", "assistant"),
    ]
    answer = items[-1]
    assert answer.id == reply.output[-1].id and answer.content[0].text == reply.output_text  # type: ignore[union-attr]
    assert fake.conversations.items.retrieve(answer.id, conversation_id=conversation.id) == answer
    # A second turn sees the first: its input grows by what the conversation holds.
    again = fake.responses.create(model="gpt-4o-mini", input="And again?", conversation={"id": conversation.id})
    assert again.usage and again.usage.input_tokens > reply.usage.input_tokens
    assert len(list(fake.conversations.items.list(conversation.id))) == 5


def test_items_create_retrieve_delete() -> None:
    fake = FakeOpenAI(seed=3)
    conversation = fake.conversations.create()
    added = fake.conversations.items.create(
        conversation.id,
        items=[
            {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "one"}]},
            {"role": "user", "content": "two"},
        ],
    )
    assert [i.content[0].text for i in added.data] == ["one", "two"]  # type: ignore[union-attr]
    assert (added.first_id, added.last_id, added.has_more) == (added.data[0].id, added.data[1].id, False)
    first = added.data[0]
    assert fake.conversations.items.retrieve(first.id, conversation_id=conversation.id) == first
    after = fake.conversations.items.delete(first.id, conversation_id=conversation.id)
    assert after == fake.conversations.retrieve(conversation.id)  # the API answers with the conversation
    assert [i.id for i in fake.conversations.items.list(conversation.id)] == [added.data[1].id]
    with pytest.raises(openai.NotFoundError, match=f"Item with id '{first.id}' not found."):
        fake.conversations.items.retrieve(first.id, conversation_id=conversation.id)


def test_items_page_by_cursor() -> None:
    fake = FakeOpenAI(seed=4)
    conversation = fake.conversations.create(items=[{"role": "user", "content": f"m{i}"} for i in range(5)])
    page = fake.conversations.items.list(conversation.id, limit=2)
    assert ([i.content[0].text for i in page.data], page.has_more) == (["m4", "m3"], True)  # type: ignore[union-attr]
    rest = fake.conversations.items.list(conversation.id, limit=10, after=page.data[-1].id)
    assert [i.content[0].text for i in rest.data] == ["m2", "m1", "m0"]  # type: ignore[union-attr]
    assert [i.content[0].text for i in fake.conversations.items.list(conversation.id)] == ["m4", "m3", "m2", "m1", "m0"]  # type: ignore[union-attr]


def test_update_and_delete_and_unknown_ids() -> None:
    fake = FakeOpenAI(seed=5)
    conversation = fake.conversations.create(items=[{"role": "user", "content": "hi"}])
    assert fake.conversations.update(conversation.id, metadata={"k": "v"}).metadata == {"k": "v"}
    deleted = fake.conversations.delete(conversation.id)
    assert (deleted.id, deleted.deleted, deleted.object) == (conversation.id, True, "conversation.deleted")
    with pytest.raises(openai.NotFoundError, match=f"Conversation with id '{conversation.id}' not found."):
        fake.conversations.retrieve(conversation.id)
    with pytest.raises(openai.NotFoundError):
        fake.conversations.items.list(conversation.id)
    with pytest.raises(openai.NotFoundError):
        fake.responses.create(model="gpt-4o-mini", input="hi", conversation=conversation.id)
    assert fake.backend.stores.get(f"/conversations/{conversation.id}/items") is None


def test_conversation_and_previous_response_id_are_mutually_exclusive() -> None:
    fake = FakeOpenAI(seed=6)
    conversation = fake.conversations.create()
    first = fake.responses.create(model="gpt-4o-mini", input="hi")
    with pytest.raises(openai.BadRequestError, match="Mutually exclusive parameters"):
        fake.responses.create(
            model="gpt-4o-mini", input="hi", conversation=conversation.id, previous_response_id=first.id
        )


def test_off_answers_both_from_the_conversation() -> None:
    # validation="off" refuses nothing: the conversation's items are the context, and the reply joins them.
    fake = FakeOpenAI(seed=6, validation="off")
    conversation = fake.conversations.create()
    first = fake.responses.create(model="gpt-4o-mini", input="hi")
    reply = fake.responses.create(
        model="gpt-4o-mini", input="again", conversation=conversation.id, previous_response_id=first.id
    )
    assert reply.status == "completed"
    texts = [item.content[0].text for item in fake.conversations.items.list(conversation.id) if item.type == "message"]  # type: ignore[union-attr]
    assert "again" in texts


def test_materialize_mode_makes_up_a_conversation() -> None:
    fake = FakeOpenAI(seed=7, unknown_ids="materialize")
    assert fake.conversations.retrieve("conv_abc").id == "conv_abc"
    assert list(fake.conversations.items.list("conv_abc")) == []
    reply = fake.responses.create(model="gpt-4o-mini", input="hi", conversation="conv_new")
    assert len(list(fake.conversations.items.list("conv_new"))) == 2 and reply.conversation


def test_async_conversation_round_trip() -> None:
    fake = FakeAsyncOpenAI(seed=8)

    async def run() -> None:
        conversation = await fake.conversations.create(items=[{"role": "user", "content": "Hello"}])
        reply = await fake.responses.create(model="gpt-4o-mini", input="Tell me more", conversation=conversation.id)
        items = [item async for item in fake.conversations.items.list(conversation.id, order="asc")]
        assert [i.id for i in items][-1] == reply.output[-1].id
        assert len(items) == 3
        await fake.conversations.items.delete(items[0].id, conversation_id=conversation.id)
        assert len([i async for i in fake.conversations.items.list(conversation.id)]) == 2
        await fake.conversations.delete(conversation.id)
        with pytest.raises(openai.NotFoundError):
            await fake.conversations.retrieve(conversation.id)

    asyncio.run(run())
