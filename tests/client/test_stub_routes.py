"""stub(method) scripts the endpoint the method's calls are recorded under, for every kind of route:
a list call the SDK sends as a POST (vector store search) and a beta route whose path carries a
fixed query (``/responses?beta=true``) included. Either was scripted under another endpoint, so
the script never answered and assert_all_used() failed."""

from __future__ import annotations

import asyncio
from typing import Any

import openai
import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI

_SCRIPTED_HIT: dict[str, Any] = {
    "file_id": "file-scripted",
    "filename": "scripted.md",
    "score": 0.5,
    "attributes": None,
    "content": [{"type": "text", "text": "scripted"}],
}


def test_a_list_call_sent_as_post_is_scripted_under_its_post_route() -> None:
    fake = FakeOpenAI(seed=1)
    store = fake.vector_stores.create(name="handbook")
    stub = fake.stub(fake.vector_stores.search)
    stub.always({"data": [_SCRIPTED_HIT]})

    page = fake.vector_stores.search(store.id, query="refunds")

    assert [hit.file_id for hit in page.data] == ["file-scripted"]
    assert stub.endpoint == fake.calls[-1].endpoint == "POST /vector_stores/{vector_store_id}/search"
    fake.assert_all_used()


def test_a_list_call_sent_as_post_is_scripted_under_its_post_route_async() -> None:
    # A scripted error: the async stub's reply check reads a paginator's model as create's (a
    # separate matter), and an error needs no reply model.
    async def main() -> None:
        fake = FakeAsyncOpenAI(seed=1)
        store = await fake.vector_stores.create(name="handbook")
        fake.stub(fake.vector_stores.search).raises(openai.ConflictError, message="scripted")
        with pytest.raises(openai.ConflictError, match="scripted"):
            await fake.vector_stores.search(store.id, query="refunds")
        fake.assert_all_used()

    asyncio.run(main())


def test_a_beta_route_with_a_fixed_query_is_scripted_under_its_path() -> None:
    fake = FakeOpenAI(seed=1)
    stub = fake.stub(fake.beta.responses.create)
    stub.always({"instructions": "scripted"})

    response = fake.beta.responses.create(model="gpt-4o-mini", input="hi")

    assert response.instructions == "scripted"
    assert stub.endpoint == fake.calls[-1].endpoint == "POST /responses"
    fake.assert_all_used()


def test_a_beta_route_with_a_fixed_query_is_scripted_under_its_path_async() -> None:
    async def main() -> str | None:
        fake = FakeAsyncOpenAI(seed=1)
        fake.stub(fake.beta.responses.retrieve).always({"instructions": "scripted"})
        response = await fake.beta.responses.retrieve("resp_123")
        fake.assert_all_used()
        return response.instructions if isinstance(response.instructions, str) else None

    assert asyncio.run(main()) == "scripted"
