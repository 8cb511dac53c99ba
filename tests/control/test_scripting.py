"""Scripted answers: fixed, partial, shorthands, sequences, responders, rules; still shaped by the call."""

from __future__ import annotations

import asyncio
from typing import Any

import openai
import pytest
from openai.types.chat import ChatCompletion
from pydantic import BaseModel

from openai_fakes import (
    Call,
    FakeAsyncOpenAI,
    FakeOpenAI,
    SequenceExhausted,
    UnmatchedRequest,
    refusal,
    structured,
    tool_call,
)

MESSAGES: Any = [{"role": "user", "content": "What is the weather in Paris?"}]
WEATHER_TOOL: Any = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}


def ask(fake: FakeOpenAI, **extra: Any) -> ChatCompletion:
    params: Any = {"model": "gpt-4o-mini", "messages": MESSAGES, **extra}
    return fake.chat.completions.create(**params)


def test_reply_sets_the_text_and_keeps_the_rest_realistic() -> None:
    fake = FakeOpenAI(seed=1)
    fake.stub(fake.chat.completions.create).reply("Paris is sunny.")
    reply = ask(fake)
    assert reply.choices[0].message.content == "Paris is sunny."
    assert reply.choices[0].finish_reason == "stop"
    assert reply.model == "gpt-4o-mini-2024-07-18"  # still shaped by the request
    assert reply.id.startswith("chatcmpl-")
    assert (
        reply.usage is not None
        and reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens
    )


def test_a_scripted_reply_streams_when_the_call_streams() -> None:
    fake = FakeOpenAI(seed=1)
    fake.stub(fake.chat.completions.create).reply("Sunny and warm in Paris today.")
    chunks = list(ask(fake, stream=True))
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "Sunny and warm in Paris today."


def test_returns_a_whole_model() -> None:
    fake = FakeOpenAI()
    scripted = ask(FakeOpenAI(seed=9))
    fake.stub(fake.chat.completions.create).returns(scripted)
    assert ask(fake).model_dump_json() == scripted.model_dump_json()


def test_returns_partial_overrides_merged_into_the_default() -> None:
    fake = FakeOpenAI(seed=2)
    fake.stub(fake.chat.completions.create).returns(
        {"choices": [{"message": {"content": "Bonjour"}}], "service_tier": "flex"}
    )
    reply = ask(fake)
    assert reply.choices[0].message.content == "Bonjour"
    assert reply.choices[0].message.role == "assistant"  # the rest of the message stays
    assert reply.service_tier == "flex"
    assert reply.id.startswith("chatcmpl-")


def test_a_wrong_model_type_is_refused_when_scripted() -> None:
    fake = FakeOpenAI()
    stub = fake.stub(fake.chat.completions.create)
    with pytest.raises(TypeError, match="answers with ChatCompletion, but the script returns a FileObject"):
        stub.returns(openai.types.FileObject.model_construct())  # type: ignore[arg-type]


def test_tool_call_shorthand_and_parse() -> None:
    fake = FakeOpenAI()
    fake.stub(fake.chat.completions.create).tool_call("get_weather", city="Paris")
    reply = ask(fake, tools=[WEATHER_TOOL])
    call = reply.choices[0].message.tool_calls
    assert call and call[0].type == "function" and call[0].function.name == "get_weather"
    assert call[0].function.arguments == '{"city": "Paris"}' and call[0].id.startswith("call_")
    assert reply.choices[0].finish_reason == "tool_calls"
    with fake.chat.completions.stream(model="gpt-4o", messages=MESSAGES, tools=[WEATHER_TOOL]) as stream:
        final = stream.get_final_completion()
    assert final.choices[0].message.tool_calls and final.choices[0].message.tool_calls[0].function.name == "get_weather"


class Weather(BaseModel):
    city: str
    celsius: float


def test_structured_output_parses_back() -> None:
    fake = FakeOpenAI()
    fake.stub(fake.chat.completions.create).structured(Weather(city="Paris", celsius=21.5))
    parsed = fake.chat.completions.parse(model="gpt-4o", messages=MESSAGES, response_format=Weather)
    assert parsed.choices[0].message.parsed == Weather(city="Paris", celsius=21.5)


def test_refusal_shorthand() -> None:
    fake = FakeOpenAI()
    fake.stub(fake.chat.completions.create).refusal("I can't help with that.")
    message = ask(fake).choices[0].message
    assert message.refusal == "I can't help with that." and message.content is None


def test_responses_endpoint_understands_the_same_shorthands() -> None:
    fake = FakeOpenAI()
    stub = fake.stub(fake.responses.create)
    stub.reply("Hello from a script")
    assert fake.responses.create(model="gpt-4o", input="hi").output_text == "Hello from a script"
    stub.tool_call("lookup", q="x")
    lookup: Any = {
        "type": "function",
        "name": "lookup",
        "parameters": {"type": "object", "properties": {"q": {"type": "string"}}},
    }
    item = fake.responses.create(model="gpt-4o", input="hi", tools=[lookup]).output[-1]
    assert item.type == "function_call" and item.name == "lookup" and item.arguments == '{"q": "x"}'
    stub.reply("streamed")
    events = list(fake.responses.create(model="gpt-4o", input="hi", stream=True))
    assert events[-1].type == "response.completed" and events[-1].response.output_text == "streamed"


def test_shorthand_on_an_endpoint_that_has_no_text_says_what_to_do() -> None:
    fake = FakeOpenAI()
    with pytest.raises(
        TypeError, match=r"files.retrieve\) cannot answer with assistant text; script it with \.returns"
    ):
        fake.stub(fake.files.retrieve).reply("hello")


def test_sequence_is_consumed_one_per_call_and_says_when_it_runs_out() -> None:
    fake = FakeOpenAI()
    fake.stub(fake.chat.completions.create).sequence(
        [tool_call("get_weather", city="Paris"), "Sunny, 21 °C", refusal("no")]
    )
    first, second, third = ask(fake, tools=[WEATHER_TOOL]), ask(fake), ask(fake)
    assert first.choices[0].message.tool_calls and second.choices[0].message.content == "Sunny, 21 °C"
    assert third.choices[0].message.refusal == "no"
    with pytest.raises(SequenceExhausted, match="had 3 answers and all were used"):
        ask(fake)


def test_sequence_can_cycle_or_fall_back_to_defaults() -> None:
    fake = FakeOpenAI(seed=3)
    stub = fake.stub(fake.chat.completions.create)
    stub.sequence(["a", "b"], then="cycle")
    assert [ask(fake).choices[0].message.content for _ in range(3)] == ["a", "b", "a"]
    stub.sequence(["only"], then="default")
    assert ask(fake).choices[0].message.content == "only"
    assert ask(fake).choices[0].message.content not in (None, "only")


def test_none_in_a_sequence_means_the_default_answer_and_bad_items_are_refused() -> None:
    fake = FakeOpenAI()
    stub = fake.stub(fake.chat.completions.create)
    stub.sequence([None, "x"])
    assert ask(fake).choices[0].message.content not in (None, "x")
    with pytest.raises(TypeError, match="cannot use 42 as a scripted answer"):
        stub.sequence([42])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="then must be"):
        stub.sequence(["x"], then="loop")  # type: ignore[arg-type]


def test_responder_sees_the_call() -> None:
    fake = FakeOpenAI()
    seen: list[Call] = []

    def echo(call: Call) -> str:
        seen.append(call)
        return "You said: " + call.params["messages"][-1]["content"]

    fake.stub(fake.chat.completions.create).respond(echo)
    assert ask(fake).choices[0].message.content == "You said: What is the weather in Paris?"
    assert seen[0].endpoint == "POST /chat/completions" and seen[0].attempt == 0


def test_async_responder_on_the_async_fake() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI()

        async def answer(call: Call) -> str:
            await asyncio.sleep(0)
            return "async " + call.params["model"]

        fake.stub(fake.chat.completions.create).respond(answer)
        reply = await fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
        assert reply.choices[0].message.content == "async gpt-4o"

    asyncio.run(main())


def test_async_responder_on_a_sync_fake_is_refused() -> None:
    fake = FakeOpenAI()

    async def answer(call: Call) -> str:
        return "x"

    fake.stub(fake.chat.completions.create).respond(answer)
    with pytest.raises(TypeError, match="async responder needs an async fake"):
        ask(fake)


def test_rules_match_on_model_text_tool_and_params() -> None:
    fake = FakeOpenAI()
    stub = fake.stub(fake.chat.completions.create)
    stub.reply("fallback")
    stub.when(model="gpt-4o").reply("big model")
    stub.when(contains="Paris").reply("about Paris")
    stub.when(tool="get_weather").tool_call("get_weather", city="Paris")
    stub.when(lambda call: call.params.get("temperature") == 0).reply("cold")
    assert ask(fake, model="gpt-4o").choices[0].message.content == "big model"
    assert ask(fake).choices[0].message.content == "about Paris"
    other: Any = [{"role": "user", "content": "hi"}]
    assert (
        fake.chat.completions.create(model="gpt-4o-mini", messages=other, tools=[WEATHER_TOOL])
        .choices[0]
        .message.tool_calls
    )
    assert (
        fake.chat.completions.create(model="gpt-4o-mini", messages=other, temperature=0).choices[0].message.content
        == "cold"
    )
    assert fake.chat.completions.create(model="gpt-4o-mini", messages=other).choices[0].message.content == "fallback"


def test_strict_stub_lists_every_rule_and_why_it_did_not_apply() -> None:
    fake = FakeOpenAI()
    stub = fake.stub(fake.chat.completions.create, strict=True)
    stub.when(model="gpt-4o").reply("a")
    stub.when(contains="Lisbon").reply("b")
    with pytest.raises(UnmatchedRequest) as error:
        ask(fake)
    text = str(error.value)
    assert "model is 'gpt-4o-mini', not 'gpt-4o'" in text
    assert "no message or input contains 'Lisbon'" in text


def test_stub_as_context_manager_and_reset() -> None:
    fake = FakeOpenAI(seed=4)
    with fake.stub(fake.chat.completions.create) as stub:
        stub.reply("inside")
        assert ask(fake).choices[0].message.content == "inside"
    assert ask(fake).choices[0].message.content != "inside"
    stub = fake.stub(fake.chat.completions.create)
    stub.reply("again")
    fake.reset()
    assert fake.calls.call_count == 0
    assert ask(fake).choices[0].message.content != "again"
    assert fake.calls.call_count == 1


def test_one_stub_per_endpoint_shared_by_the_sdk_helpers() -> None:
    fake = FakeOpenAI()
    assert fake.stub(fake.chat.completions.create) is fake.stub(fake.chat.completions.parse)
    assert fake.stub(fake.chat.completions.stream) is fake.stub(fake.chat.completions.create)


def test_stub_of_something_that_is_not_a_resource_method_is_refused() -> None:
    fake = FakeOpenAI()
    with pytest.raises(TypeError, match="expected a method of the fake's resource tree"):
        fake.stub(print)


def test_structured_helper_builds_json_text() -> None:
    assert structured({"a": 1}).text == '{"a": 1}'


# --- when(response_format=Model) / when(text_format=Model): the schema the SDK sends -------------


class Forecast(BaseModel):
    city: str
    days: list[str]


def test_when_response_format_model_matches_chat_parse_and_stream() -> None:
    fake = FakeOpenAI()
    stub = fake.stub(fake.chat.completions.parse, strict=True)
    stub.when(response_format={"type": "json_object"}).reply('{"kind": "plain json"}')
    stub.when(response_format=Forecast).structured(Forecast(city="Lisbon", days=["sun"]))
    stub.when(response_format=Weather).structured(Weather(city="Paris", celsius=21.5))
    parsed = fake.chat.completions.parse(model="gpt-4o", messages=MESSAGES, response_format=Weather)
    assert parsed.choices[0].message.parsed == Weather(city="Paris", celsius=21.5)
    with fake.chat.completions.stream(model="gpt-4o", messages=MESSAGES, response_format=Weather) as stream:
        streamed = stream.get_final_completion()
    assert streamed.choices[0].message.parsed == Weather(city="Paris", celsius=21.5)
    other = fake.chat.completions.parse(model="gpt-4o", messages=MESSAGES, response_format=Forecast)
    assert other.choices[0].message.parsed == Forecast(city="Lisbon", days=["sun"])
    # A dict still matches the wire form partially, as before.
    json_question: Any = [{"role": "user", "content": "Answer in json."}]
    plain = fake.chat.completions.create(
        model="gpt-4o", messages=json_question, response_format={"type": "json_object"}
    )
    assert plain.choices[0].message.content == '{"kind": "plain json"}'


def test_when_response_format_model_on_an_async_fake() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI()
        stub = fake.stub(fake.chat.completions.create, strict=True)
        stub.when(response_format=Weather).structured(Weather(city="Oslo", celsius=-3.0))
        # A partial dict of the wire form still matches too.
        stub.when(response_format={"json_schema": {"name": "Forecast"}}).structured(Forecast(city="Rome", days=[]))
        parsed = await fake.chat.completions.parse(model="gpt-4o", messages=MESSAGES, response_format=Weather)
        assert parsed.choices[0].message.parsed == Weather(city="Oslo", celsius=-3.0)
        async with fake.chat.completions.stream(model="gpt-4o", messages=MESSAGES, response_format=Weather) as stream:
            streamed = await stream.get_final_completion()
        assert streamed.choices[0].message.parsed == Weather(city="Oslo", celsius=-3.0)
        other = await fake.chat.completions.parse(model="gpt-4o", messages=MESSAGES, response_format=Forecast)
        assert other.choices[0].message.parsed == Forecast(city="Rome", days=[])

    asyncio.run(main())


def test_when_text_format_model_matches_responses_parse_and_stream() -> None:
    fake = FakeOpenAI()
    stub = fake.stub(fake.responses.parse, strict=True)
    stub.when(text_format=Forecast).structured(Forecast(city="Lisbon", days=["rain"]))
    stub.when(text_format=Weather).structured(Weather(city="Paris", celsius=18.0))
    parsed = fake.responses.parse(model="gpt-4o", input="Weather in Paris?", text_format=Weather)
    assert parsed.output_parsed == Weather(city="Paris", celsius=18.0)
    with fake.responses.stream(model="gpt-4o", input="Weather in Paris?", text_format=Weather) as stream:
        streamed = stream.get_final_response()
    assert streamed.output_parsed == Weather(city="Paris", celsius=18.0)
    other = fake.responses.parse(model="gpt-4o", input="Forecast?", text_format=Forecast)
    assert other.output_parsed == Forecast(city="Lisbon", days=["rain"])


def test_when_text_format_model_on_an_async_fake() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI()
        stub = fake.stub(fake.responses.parse, strict=True)
        stub.when(text_format=Weather).structured(Weather(city="Oslo", celsius=-3.0))
        parsed = await fake.responses.parse(model="gpt-4o", input="Oslo?", text_format=Weather)
        assert parsed.output_parsed == Weather(city="Oslo", celsius=-3.0)
        async with fake.responses.stream(model="gpt-4o", input="Oslo?", text_format=Weather) as stream:
            streamed = await stream.get_final_response()
        assert streamed.output_parsed == Weather(city="Oslo", celsius=-3.0)

    asyncio.run(main())


def test_a_format_rule_that_does_not_match_says_so_by_the_model_name() -> None:
    fake = FakeOpenAI()
    chat = fake.stub(fake.chat.completions.parse, strict=True)
    chat.when(response_format=Weather).reply("{}")
    with pytest.raises(UnmatchedRequest) as error:
        fake.chat.completions.parse(model="gpt-4o", messages=MESSAGES, response_format=Forecast)
    text = str(error.value)
    assert (
        "when response_format=Weather: always Text(text='{}'): not applied, "
        "response_format is the JSON schema of 'Forecast', not of Weather"
    ) in text
    with pytest.raises(UnmatchedRequest, match="no response_format was sent, expected Weather's JSON schema"):
        ask(fake)
    responses = fake.stub(fake.responses.parse, strict=True)
    responses.when(text_format=Weather).reply("{}")
    with pytest.raises(UnmatchedRequest, match=r"no text\.format was sent, expected Weather's JSON schema"):
        fake.responses.create(model="gpt-4o", input="hi")


def test_a_format_rule_with_another_schema_under_the_same_name_does_not_match() -> None:
    class Renamed(BaseModel):  # same name as the rule's model, different fields
        city: str

    Renamed.__name__ = "Weather"
    fake = FakeOpenAI()
    chat = fake.stub(fake.chat.completions.parse, strict=True)
    chat.when(response_format=Weather).reply("{}")
    with pytest.raises(UnmatchedRequest, match="response_format has the name 'Weather' but not Weather's schema"):
        fake.chat.completions.parse(model="gpt-4o", messages=MESSAGES, response_format=Renamed)


def test_an_unused_format_rule_is_named_by_its_model() -> None:
    fake = FakeOpenAI()
    fake.stub(fake.chat.completions.parse).when(response_format=Weather).reply("{}")
    fake.stub(fake.responses.parse).when(text_format=Forecast).reply("{}")
    with pytest.raises(AssertionError) as error:
        fake.assert_all_used()
    text = str(error.value)
    assert "rule when response_format=Weather:" in text
    assert "rule when text_format=Forecast:" in text


def test_a_format_that_is_not_a_model_class_is_refused_in_when() -> None:
    fake = FakeOpenAI()
    with pytest.raises(
        TypeError, match=r"when\(\): response_format=int is not a type the SDK turns into a JSON schema"
    ):
        fake.stub(fake.chat.completions.parse).when(response_format=int)
    # text_format never reaches the wire (the SDK sends text.format): only a class can mean something.
    with pytest.raises(TypeError, match=r"text_format takes a model class .*pass text=\{'format': \{\.\.\.\}\}"):
        fake.stub(fake.responses.parse).when(text_format={"type": "json_schema", "name": "Weather"})
