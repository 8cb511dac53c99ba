"""Scripted text checked against a strict structured-output schema: with ``strict: true`` the API
guarantees JSON that fits the schema, so a script whose text does not is a wrong test.

Chat completions and the Responses API, sync and async, plain and streamed, ``.parse()`` and the
SDK's streaming helpers included. Non-strict schemas, ``json_object`` and refusals are left alone.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Literal

import pydantic
import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI, ScriptMismatch
from tests.control._one_request import API, WAYS, Script, message_item, scripted_reply, text_scripts

SCHEMA: Any = {
    "type": "object",
    "properties": {"a": {"type": "integer"}},
    "required": ["a"],
    "additionalProperties": False,
}


def output_format(api: str, kind: str = "json_schema", strict: bool | None = True) -> dict[str, Any]:
    """The request's output format: ``response_format`` on chat, ``text`` on Responses."""
    spec: dict[str, Any] = {"type": kind}
    if kind == "json_schema":
        inner: dict[str, Any] = {"name": "A", "schema": SCHEMA}
        if strict is not None:
            inner["strict"] = strict
        spec.update({"json_schema": inner} if api == "chat" else inner)
    return {"response_format": spec} if api == "chat" else {"text": {"format": spec}}


def call(way: str, api: str, script: Script, **extra: Any) -> str | None:
    """Scripts a fresh fake with ``script``, makes one request ``way`` and returns its text (``None``
    for a refusal)."""
    question = "Answer in json, please."
    request: dict[str, Any] = {"model": "gpt-4o"}
    request.update({"messages": [{"role": "user", "content": question}]} if api == "chat" else {"input": question})
    reply = scripted_reply(way, api, script, {**request, **extra})
    if isinstance(reply, list):  # a stream: chat chunks, or Responses events ending with the response
        if api == "responses":
            return reply[-1].response.output_text or None
        return "".join(chunk.choices[0].delta.content or "" for chunk in reply if chunk.choices) or None
    if api == "chat":
        return reply.choices[0].message.content  # type: ignore[no-any-return]
    return reply.output_text or None


BAD_SCRIPTS = text_scripts({"a": "x"})


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("api", API)
@pytest.mark.parametrize("script", list(BAD_SCRIPTS))
def test_text_that_does_not_fit_a_strict_schema_cannot_answer(way: str, api: str, script: str) -> None:
    path = "/chat/completions" if api == "chat" else "/responses"
    with pytest.raises(
        ScriptMismatch,
        match=rf"the text scripted for POST {path} cannot answer this request: it does not fit the request's "
        r"strict json_schema 'A': \$\.a: expected integer, got string 'x' .*"
        r"script structured\(\.\.\.\) with an object that fits it.*"
        r"to simulate a model returning output that does not fit on purpose, script its message with "
        r"stub\.returns\(\{\.\.\.\}\)",
    ):
        call(way, api, BAD_SCRIPTS[script], **output_format(api))
    # Text that fits is answered as scripted.
    assert call(way, api, lambda stub: stub.structured({"a": 1}), **output_format(api)) == '{"a": 1}'


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("api", API)
def test_only_a_strict_schema_is_checked_and_refusals_are_left_alone(way: str, api: str) -> None:
    with pytest.raises(ScriptMismatch, match=r"it is not JSON \('It is sunny\.'\), but the request's strict"):
        call(way, api, lambda stub: stub.reply("It is sunny."), **output_format(api))
    with pytest.raises(ScriptMismatch, match=r"missing required property 'a'"):
        call(way, api, lambda stub: stub.structured({}), **output_format(api))
    # The API guarantees nothing without strict: true, and code that retries on bad JSON is tested
    # by scripting bad output there.
    bad = BAD_SCRIPTS["structured"]
    assert call(way, api, bad, **output_format(api, strict=False)) == '{"a": "x"}'
    assert call(way, api, bad, **output_format(api, strict=None)) == '{"a": "x"}'
    assert call(way, api, lambda stub: stub.reply("not json"), **output_format(api, "json_object")) == "not json"
    # A refusal is the model declining, not output in place of the schema's.
    assert call(way, api, lambda stub: stub.refusal("I can't help."), **output_format(api)) is None


def test_returns_scripts_a_model_whose_output_does_not_fit_on_purpose() -> None:
    fake = FakeOpenAI()
    chat = fake.stub(fake.chat.completions.create)
    messages: Any = [{"role": "user", "content": "json please"}]
    chat.structured({"a": "x"})
    with pytest.raises(ScriptMismatch, match=r"script its message with stub\.returns"):
        fake.chat.completions.create(model="gpt-4o", messages=messages, **output_format("chat"))
    # The escape the message names: overrides are sent as written, not checked against the schema.
    chat.returns({"choices": [{"message": {"content": '{"a": "x"}'}}]})
    reply = fake.chat.completions.create(model="gpt-4o", messages=messages, **output_format("chat"))
    assert reply.choices[0].message.content == '{"a": "x"}'
    fake.stub(fake.responses.create).returns({"output": [message_item('{"a": "x"}')]})
    answer = fake.responses.create(model="gpt-4o", input="json please", **output_format("responses"))
    assert answer.output_text == '{"a": "x"}'


# --- .parse() always sends strict: a script that does not fit fails before the SDK parses -------


class Color(pydantic.BaseModel):
    name: Literal["red", "green", "blue"]
    hex: str | None


class Line(pydantic.BaseModel):
    sku: str
    quantity: int
    price: float
    colors: list[Color]


class Address(pydantic.BaseModel):
    city: str
    postcode: str | None = None


class Order(pydantic.BaseModel):
    """Nested models ($defs/$ref), optionals (anyOf with null), an enum, arrays of objects, and a
    computed field."""

    customer: str
    shipping: Address
    billing: Address | None = None
    lines: list[Line]
    status: Literal["open", "paid", "shipped"]

    @pydantic.computed_field  # type: ignore[prop-decorator]
    @property
    def line_count(self) -> int:
        """Dumped with the instance, left out of the schema the SDK sends."""
        return len(self.lines)


ORDER = Order(
    customer="Ada",
    shipping=Address(city="Paris", postcode="75001"),
    billing=None,
    lines=[
        Line(sku="A-1", quantity=2, price=9.5, colors=[Color(name="red", hex="#f00"), Color(name="blue", hex=None)])
    ],
    status="paid",
)
WRONG_ORDER = {**ORDER.model_dump(mode="json"), "lines": [{**ORDER.lines[0].model_dump(mode="json"), "quantity": "2"}]}
PARSE_WAYS = ["sync", "async", "sync-stream", "async-stream"]


def parse(way: str, api: str, answer: Any) -> Order | None:
    """``.parse(Order)`` (or the SDK's ``.stream(...)`` helper for a streamed way) scripted with
    ``structured(answer)`` on a fresh fake: the parsed order."""
    fake: Any = FakeAsyncOpenAI() if way.startswith("async") else FakeOpenAI()
    fake.stub(fake.chat.completions.create if api == "chat" else fake.responses.create).structured(answer)
    messages = [{"role": "user", "content": "Read the order."}]
    if api == "chat":
        request: dict[str, Any] = {"model": "gpt-4o", "messages": messages, "response_format": Order}
        helpers: Any = fake.chat.completions
    else:
        request = {"model": "gpt-4o", "input": "Read the order.", "text_format": Order}
        helpers = fake.responses

    def parsed(final: Any) -> Order | None:
        return final.choices[0].message.parsed if api == "chat" else final.output_parsed  # type: ignore[no-any-return]

    async def run_async() -> Order | None:
        if way.endswith("stream"):
            async with helpers.stream(**request) as stream:
                final = await (stream.get_final_completion() if api == "chat" else stream.get_final_response())
            return parsed(final)
        return parsed(await helpers.parse(**request))

    def run_sync() -> Order | None:
        if way.endswith("stream"):
            with helpers.stream(**request) as stream:
                return parsed(stream.get_final_completion() if api == "chat" else stream.get_final_response())
        return parsed(helpers.parse(**request))

    return asyncio.run(run_async()) if way.startswith("async") else run_sync()


@pytest.mark.parametrize("way", PARSE_WAYS)
@pytest.mark.parametrize("api", API)
def test_parse_fails_with_the_schema_violation_not_a_pydantic_error(way: str, api: str) -> None:
    with pytest.raises(
        ScriptMismatch,
        match=r"strict json_schema 'Order': \$\.lines\[0\]\.quantity: expected integer, got string '2'",
    ):
        parse(way, api, WRONG_ORDER)
    with pytest.raises(ScriptMismatch, match=r"\$\.status: 'lost' is not one of 'open', 'paid', 'shipped'"):
        parse(way, api, {**ORDER.model_dump(mode="json"), "status": "lost"})
    with pytest.raises(ScriptMismatch, match=r"\$\.shipping: missing required property 'city'"):
        parse(way, api, {**ORDER.model_dump(mode="json"), "shipping": {"postcode": "75001"}})
    # A model instance (its computed field too), and the same object as a dict: parsed back.
    assert parse(way, api, ORDER) == ORDER
    assert parse(way, api, json.loads(ORDER.model_dump_json())) == ORDER
    assert parse(way, api, ORDER.model_copy(update={"billing": Address(city="Lyon", postcode=None)})) is not None
    # What .parse() reads the same is let through: a property that may be null left out (the SDK's
    # strict schema requires every property, the model fills in its default), and a key the schema
    # does not list, as the computed field in a dumped instance.
    sparse = ORDER.model_dump(mode="json", exclude={"billing"})
    sparse["shipping"] = {"city": "Paris"}
    assert parse(way, api, sparse) == ORDER.model_copy(update={"shipping": Address(city="Paris", postcode=None)})
    assert parse(way, api, {**ORDER.model_dump(mode="json"), "total": 19.0}) == ORDER
