"""The curated factories' API: shorthands, partial overrides, errors that teach, polyfactory's own
features, isolation and speed."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pydantic
import pytest
from openai.types.chat import ChatCompletion, ChatCompletionMessageFunctionToolCall
from openai.types.chat.chat_completion import Choice
from openai.types.responses import ResponseFormatTextJSONSchemaConfig
from polyfactory import PostGenerated, Use
from polyfactory.factories.base import BaseFactory
from polyfactory.factories.pydantic_factory import ModelFactory

import openai_fakes.factories as factories
from openai_fakes import tool_call
from openai_fakes._sim.tokens import text_tokens
from openai_fakes.factories import (
    ChatCompletionFactory,
    ChatCompletionMessageFactory,
    CreateEmbeddingResponseFactory,
    ImagesResponseFactory,
    ModerationCreateResponseFactory,
    ResponseFactory,
    SDKModelFactory,
    factory_for,
)

CURATED = [
    getattr(factories, name) for name in factories.__all__ if name.endswith("Factory") and name != "SDKModelFactory"
]


class City(pydantic.BaseModel):
    name: str
    population: int


# --- chat shorthands -----------------------------------------------------------------------


def test_content_shorthand_sets_the_message_and_usage_follows() -> None:
    completion = ChatCompletionFactory.build(
        content="The capital of France is Paris.", model="gpt-4o-mini", random_seed=1
    )
    message = completion.choices[0].message
    assert (
        message.content == "The capital of France is Paris." and message.tool_calls is None and message.refusal is None
    )
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage is not None and completion.usage.completion_tokens == text_tokens(message.content)


def test_tool_calls_take_directives_shorthand_dicts_sdk_dicts_and_models() -> None:
    model_call = ChatCompletionMessageFunctionToolCall.model_validate(
        {"id": "call_abc", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}
    )
    completion = ChatCompletionFactory.build(
        tool_calls=[
            tool_call("get_weather", city="Paris"),
            {"name": "get_time", "arguments": {"tz": "CET"}},
            {"function": {"name": "search"}},
            model_call,
        ],
        random_seed=2,
    )
    choice = completion.choices[0]
    calls = choice.message.tool_calls or []
    assert [c.function.name for c in calls if c.type == "function"] == ["get_weather", "get_time", "search", "lookup"]
    assert json.loads(calls[0].function.arguments) == {"city": "Paris"}  # type: ignore[union-attr]
    assert json.loads(calls[1].function.arguments) == {"tz": "CET"}  # type: ignore[union-attr]
    assert calls[3].id == "call_abc" and all(c.id.startswith("call_") for c in calls)
    assert choice.message.content is None and choice.finish_reason == "tool_calls"
    assert completion.usage is not None
    hidden = completion.usage.completion_tokens_details.reasoning_tokens or 0  # type: ignore[union-attr]
    expected = sum(text_tokens(c.function.arguments) + 3 for c in calls if c.type == "function")
    assert completion.usage.completion_tokens == expected + hidden


def test_parsed_gives_content_that_parses_back_and_refusal_and_n() -> None:
    city = City(name="Paris", population=2_100_000)
    completion = ChatCompletionFactory.build(parsed=city)
    assert City.model_validate_json(completion.choices[0].message.content or "") == city
    refused = ChatCompletionFactory.build(refusal="I can't help with that.")
    assert (
        refused.choices[0].message.refusal == "I can't help with that." and refused.choices[0].message.content is None
    )
    three = ChatCompletionFactory.build(content="Hi", n=3, finish_reason="length")
    assert [(c.index, c.message.content, c.finish_reason) for c in three.choices] == [
        (i, "Hi", "length") for i in range(3)
    ]


def test_explicit_none_is_a_value_not_a_missing_shorthand() -> None:
    message = ChatCompletionMessageFactory.build(content=None, random_seed=3)
    assert message.content is None and message.tool_calls is None and message.refusal is None


# --- responses and the others --------------------------------------------------------------


def test_response_shorthands() -> None:
    # Whatever the seed: asking for output means a response that has it (not one still in progress).
    assert {ResponseFactory.build(output_text="Hi", random_seed=seed).output_text for seed in range(40)} == {"Hi"}
    response = ResponseFactory.build(tool_calls=[tool_call("get_weather", city="Paris")], random_seed=1)
    calls = [item for item in response.output if item.type == "function_call"]
    assert [(c.name, json.loads(c.arguments)) for c in calls] == [("get_weather", {"city": "Paris"})]
    assert calls[0].call_id.startswith("call_") and (calls[0].id or "").startswith("fc_")
    [tool] = response.tools
    assert tool.type == "function" and tool.parameters is not None and tool.parameters["required"] == ["city"]
    parsed = ResponseFactory.build(parsed=City(name="Oslo", population=700_000), random_seed=1)
    assert City.model_validate_json(parsed.output_text) == City(name="Oslo", population=700_000)
    fmt = parsed.text.format if parsed.text else None
    assert isinstance(fmt, ResponseFormatTextJSONSchemaConfig) and fmt.name == "City"


def test_other_shorthands() -> None:
    embeddings = CreateEmbeddingResponseFactory.build(input=["Paris", "Berlin"], dimensions=8, random_seed=1)
    assert [len(e.embedding) for e in embeddings.data] == [8, 8]
    assert embeddings.usage.prompt_tokens == 2
    # The same text embeds the same way whatever the seed, as in the fake server.
    again = CreateEmbeddingResponseFactory.build(input="Paris", dimensions=8, model=embeddings.model, random_seed=9)
    assert again.data[0].embedding == embeddings.data[0].embedding
    moderation = ModerationCreateResponseFactory.build(input=["I will murder you", "Nice weather today"])
    assert [r.flagged for r in moderation.results] == [True, False] and moderation.results[0].categories.violence
    images = ImagesResponseFactory.build(n=2, response_format="b64_json", random_seed=1)
    assert len(images.data or []) == 2 and images.usage is not None


# --- overrides -----------------------------------------------------------------------------


def test_partial_nested_overrides_by_dict_model_field_name_or_alias() -> None:
    choice = Choice.model_validate(
        {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Kept"}}
    )
    completion = ChatCompletionFactory.build(choices=[{"message": {"content": "Hi"}}, choice], random_seed=4)
    assert [c.message.content for c in completion.choices] == ["Hi", "Kept"]
    assert completion.choices[0].index == 0 and completion.choices[0].message.role == "assistant"
    usage = ChatCompletionFactory.build(content="Hi", usage={"prompt_tokens": 7}, model="gpt-4o", random_seed=4).usage
    assert usage is not None and (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (7, 1, 8)
    response = ResponseFactory.build(
        output=[{"type": "function_call", "name": "f"}, {"type": "message"}], random_seed=4
    )
    assert [item.type for item in response.output] == ["function_call", "message"]
    by_name = factory_for(ResponseFormatTextJSONSchemaConfig).build(schema_={"type": "object"}, random_seed=1)
    by_alias = factory_for(ResponseFormatTextJSONSchemaConfig).build(schema={"type": "object"}, random_seed=1)
    assert by_name.schema_ == by_alias.schema_ == {"type": "object"} and not by_name.model_extra


def test_an_override_that_names_no_field_is_refused_with_a_hint() -> None:
    with pytest.raises(TypeError, match=r"'contnet' is not a field of ChatCompletion.*did you mean 'content'"):
        ChatCompletionFactory.build(contnet="Hi")
    with pytest.raises(TypeError, match=r"'mesage' is not a field of Choice.*did you mean 'message'"):
        ChatCompletionFactory.build(choices=[{"mesage": {}}])
    with pytest.raises(TypeError, match="not a field of ChatCompletionMessage"):
        ChatCompletionFactory.build(choices=[{"message": {"text": "Hi"}}])
    with pytest.raises(ValueError, match="type takes one of"):
        ResponseFactory.build(output=[{"type": "no_such_item"}])


def test_contradicting_shorthands_are_refused() -> None:
    with pytest.raises(ValueError, match="not several"):
        ChatCompletionFactory.build(content="Hi", tool_calls=[tool_call("f")])
    with pytest.raises(ValueError, match="not both"):
        ChatCompletionFactory.build(content="Hi", choices=[{}])
    with pytest.raises(TypeError, match="takes a list"):
        ChatCompletionFactory.build(tool_calls=tool_call("f"))  # type: ignore[arg-type]


# --- polyfactory features ------------------------------------------------------------------


def test_use_post_generated_and_class_attributes_on_a_subclass() -> None:
    class Mine(ChatCompletionFactory):
        model = Use(lambda: "gpt-4o-2024-08-06")
        service_tier = "flex"
        system_fingerprint = PostGenerated(lambda name, values: "fp_" + values["id"][-10:].lower())

    built = Mine.build(content="Hi", random_seed=1)
    assert (built.model, built.service_tier, built.choices[0].message.content) == ("gpt-4o-2024-08-06", "flex", "Hi")
    assert built.system_fingerprint == "fp_" + built.id[-10:].lower()
    assert [c.model for c in Mine.batch(3)] == ["gpt-4o-2024-08-06"] * 3
    # Customising is local: the registry still hands out the curated factory itself.
    assert factory_for(ChatCompletion) is ChatCompletionFactory


@pytest.mark.parametrize("factory", CURATED, ids=lambda f: f.__name__)
def test_curated_factories_are_what_factory_for_returns_and_support_coverage(factory: Any) -> None:
    assert issubclass(factory, SDKModelFactory) and issubclass(factory, ModelFactory)
    assert factory_for(factory.__model__) is factory
    covered = list(itertools.islice(factory.coverage(), 25))
    assert covered and all(isinstance(item, factory.__model__) for item in covered)


def test_nothing_is_registered_with_polyfactory() -> None:
    assert not set(CURATED) & set(BaseFactory._base_factories)
    assert not set(CURATED) & set(BaseFactory._factory_type_mapping.values())
    assert all(factory.__set_as_default_factory_for_type__ is False for factory in CURATED)
