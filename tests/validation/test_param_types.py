"""Every endpoint refuses a field of the wrong JSON type with the API's 400 ``invalid_type``, read
from the SDK's own signature, at the strict and lenient levels: its handler never sees it."""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Callable
from typing import Any

import openai
import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI

# (call on a fake, the param the error names, the JSON type the API expected)
CASES: dict[str, tuple[Callable[[Any], Any], str, str]] = {
    "a list given a number": (
        lambda f: f.admin.organization.certificates.activate(certificate_ids=-1),
        "certificate_ids",
        "an array",
    ),
    "a list given a long string": (
        lambda f: f.admin.organization.certificates.activate(certificate_ids="word " * 50_000),
        "certificate_ids",
        "an array",
    ),
    "an object given a string": (lambda f: f.realtime.client_secrets.create(session="x"), "session", "an object"),
    "an integer given a string": (
        lambda f: f.completions.create(model="gpt-3.5-turbo-instruct", prompt="hi", n="x"),
        "n",
        "an integer",
    ),
    "a list item given null": (
        lambda f: f.beta.assistants.create(model="gpt-4o", tools=[None]),
        "tools[0]",
        "an object",
    ),
    "a string given an object": (lambda f: f.admin.organization.groups.create(name={}), "name", "a string"),
    "a query integer given a string": (
        lambda f: f.admin.organization.usage.completions(start_time=0, limit="x"),
        "limit",
        "an integer",
    ),
    "a nested field": (
        lambda f: f.beta.assistants.create(model="gpt-4o", metadata={"tries": 3}),
        "metadata.tries",
        "a string",
    ),
}


@pytest.mark.parametrize("level", ["strict", "lenient"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_wrong_typed_field_is_the_apis_400_naming_it(case: str, level: Any) -> None:
    call, param, expected = CASES[case]
    fake: Any = FakeOpenAI(seed=1, validation=level, unknown_ids="materialize")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(openai.BadRequestError) as refused:
            call(fake)
    body: Any = refused.value.body
    assert (body["code"], body["param"]) == ("invalid_type", param)
    assert f"expected {expected}, but got" in body["message"]


def test_async_clients_are_refused_alike() -> None:
    async def main() -> Any:
        fake: Any = FakeAsyncOpenAI(seed=1)
        with pytest.raises(openai.BadRequestError) as refused:
            await fake.admin.organization.groups.create(name={})
        return refused.value.body

    assert asyncio.run(main())["param"] == "name"


def test_a_refused_create_stores_nothing() -> None:
    fake: Any = FakeOpenAI(seed=2)
    with pytest.raises(openai.BadRequestError):
        fake.admin.organization.groups.create(name={})
    assert list(fake.admin.organization.groups.list()) == []
    made = fake.admin.organization.groups.create(name="Support")
    assert [group.id for group in fake.admin.organization.groups.list()] == [made.id]


def test_well_typed_values_of_every_declared_shape_still_pass() -> None:
    # Unions, optional fields, literals, TypedDicts with aliases and str subclasses are not refused.
    class Name(str):
        pass

    fake: Any = FakeOpenAI(seed=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assistant = fake.beta.assistants.create(
            model="gpt-4o",
            name=Name("Helper"),
            metadata={"team": "support"},
            tools=[{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}],
            response_format={"type": "json_schema", "json_schema": {"name": "s", "schema": {"type": "object"}}},
            temperature=1,
        )
    assert assistant.name == "Helper"
    assert fake.admin.organization.usage.completions(start_time=0, limit=3, models=["gpt-4o"]).data is not None


def test_validation_off_still_lets_anything_through() -> None:
    fake: Any = FakeOpenAI(seed=4, validation="off")
    assert fake.admin.organization.groups.create(name={}).id


@pytest.mark.parametrize("level", ["strict", "lenient", "off"])
def test_a_tool_output_without_its_call_id_is_the_apis_400(level: Any) -> None:
    # The SDK's ToolOutput makes tool_call_id optional; the API needs it to match the run's calls.
    fake: Any = FakeOpenAI(seed=5, validation=level, unknown_ids="materialize")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(openai.BadRequestError) as refused:
            fake.beta.threads.runs.submit_tool_outputs(run_id="run_abc", thread_id="thread_abc", tool_outputs=[{}])
    body: Any = refused.value.body
    assert (body["code"], body["param"]) == ("missing_required_parameter", "tool_outputs[0].tool_call_id")


@pytest.mark.parametrize("start_time", [-604_801, 10**20])
def test_usage_times_outside_unix_seconds_are_refused(start_time: int) -> None:
    fake: Any = FakeOpenAI(seed=6)
    with pytest.raises(openai.BadRequestError) as refused:
        fake.admin.organization.usage.audio_speeches(start_time=start_time)
    assert refused.value.body["param"] == "start_time"  # type: ignore[index]


def test_adding_no_items_to_a_conversation_is_refused() -> None:
    fake: Any = FakeOpenAI(seed=7)
    conversation = fake.conversations.create()
    with pytest.raises(openai.BadRequestError) as refused:
        fake.conversations.items.create(conversation.id, items=[])
    assert refused.value.body["code"] == "empty_array"  # type: ignore[index]


def test_a_string_outside_the_sdks_enum_is_the_apis_invalid_value() -> None:
    fake: Any = FakeOpenAI(seed=8)
    with pytest.raises(openai.BadRequestError) as refused:
        fake.admin.organization.invites.create(email="a@example.com", role="")
    body: Any = refused.value.body
    assert (body["code"], body["param"]) == ("invalid_value", "role")
    # The values in the SDK's own order.
    assert body["message"] in (
        "Invalid value: ''. Supported values are: 'owner' and 'reader'.",
        "Invalid value: ''. Supported values are: 'reader' and 'owner'.",
    )


def test_an_object_of_no_declared_shape_names_what_it_lacks() -> None:
    fake: Any = FakeOpenAI(seed=9)
    criteria = [{"type": "string_check", "name": "n", "input": "{{item.x}}", "operation": "eq", "reference": "a"}]
    with warnings.catch_warnings(), pytest.raises(openai.BadRequestError) as refused:
        warnings.simplefilter("ignore", DeprecationWarning)
        fake.evals.create(data_source_config={}, testing_criteria=criteria)
    body: Any = refused.value.body
    assert (body["code"], body["param"]) == ("missing_required_parameter", "data_source_config.type")


def test_lenient_lets_a_string_outside_the_sdks_enum_through() -> None:
    # An older SDK's enum may lack a value the API has added since: lenient answers it, echoed.
    fake: Any = FakeOpenAI(seed=10, validation="lenient")
    invite = fake.admin.organization.invites.create(email="a@example.com", role="billing")
    assert invite.role == "billing"
    with pytest.raises(openai.BadRequestError):  # a wrong JSON type is still refused there
        fake.admin.organization.invites.create(email="a@example.com", role=["owner"])
