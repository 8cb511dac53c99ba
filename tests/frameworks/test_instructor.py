"""instructor runs on the fake unchanged, in TOOLS and JSON_SCHEMA modes."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import BaseModel

instructor = pytest.importorskip("instructor", reason="optional framework test: pip install -e '.[frameworks]'")

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI  # noqa: E402


class Contact(BaseModel):
    name: str
    email: str
    age: int


@pytest.mark.parametrize("mode", ["TOOLS", "JSON_SCHEMA"])
def test_structured_extraction(mode: str) -> None:
    fake = FakeOpenAI(seed=1)
    client = instructor.from_openai(fake, mode=getattr(instructor.Mode, mode))
    contact = client.chat.completions.create(
        model="gpt-4o-mini",
        response_model=Contact,
        messages=[{"role": "user", "content": "Ada Lovelace, ada@example.com, 36"}],
    )
    assert isinstance(contact, Contact)
    request = fake.calls.last.params
    if mode == "TOOLS":
        assert request["tool_choice"]["function"]["name"] == "Contact"
    else:
        assert request["response_format"]["type"] == "json_schema"


def test_scripted_answer_reaches_the_users_model() -> None:
    fake = FakeOpenAI()
    fake.stub(fake.chat.completions.create).tool_call("Contact", name="Ada", email="ada@example.com", age=36)
    client = instructor.from_openai(fake, mode=instructor.Mode.TOOLS)
    contact = client.chat.completions.create(
        model="gpt-4o", response_model=Contact, messages=[{"role": "user", "content": "x"}]
    )
    assert contact.model_dump() == {"name": "Ada", "email": "ada@example.com", "age": 36}


def test_async_client() -> None:
    async def main() -> Contact:
        client = instructor.from_openai(FakeAsyncOpenAI(seed=2))
        result: Contact = await client.chat.completions.create(
            model="gpt-4o-mini", response_model=Contact, messages=[{"role": "user", "content": "x"}]
        )
        return result

    assert isinstance(asyncio.run(main()), Contact)
