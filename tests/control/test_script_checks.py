"""A wrong script fails the test: checked when written, and against the request it answers."""

from __future__ import annotations

import asyncio
from typing import Any

import openai
import pytest

from openai_fakes import (
    FakeAsyncOpenAI,
    FakeOpenAI,
    ScriptMismatch,
    UnscriptedCall,
    structured,
    tool_call,
    tool_calls,
)

MESSAGES: Any = [{"role": "user", "content": "What is the weather in Paris?"}]
WEATHER: Any = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["c", "f"]}},
            "required": ["city"],
            "additionalProperties": False,
        },
    },
}
RESPONSES_WEATHER: Any = {"type": "function", "name": "get_weather", "parameters": WEATHER["function"]["parameters"]}


def ask(fake: FakeOpenAI, **extra: Any) -> Any:
    return fake.chat.completions.create(**{"model": "gpt-4o-mini", "messages": MESSAGES, **extra})


# --- checked when written ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"contnet": "x"},
            r"contnet: 'contnet' is not a field of ChatCompletion \(did you mean .*'choices\[0\]\.message\.content'",
        ),
        (
            {"choices": [{"mesage": {"content": "x"}}]},
            r"choices\[0\]\.mesage: 'mesage' is not a field of Choice \(did you mean 'message'\?\)",
        ),
        ({"choices": [{"message": {"contnet": "x"}}]}, r"choices\[0\]\.message\.contnet: .* \(did you mean 'content'"),
        (
            {"usage": {"completion_tokenz": 5}},
            r"usage\.completion_tokenz: .*CompletionUsage \(did you mean 'completion_tokens'",
        ),
        ({"choices": [{"message": {"content": 42}}]}, r"choices\[0\]\.message\.content: 42 is not a valid value"),
        ({"choices": [{"finish_reason": "done"}]}, r"choices\[0\]\.finish_reason: 'done' is not a valid value"),
    ],
)
def test_returns_refuses_a_wrong_override_at_the_line_that_scripts_it(overrides: Any, message: str) -> None:
    fake = FakeOpenAI()
    stub = fake.stub(fake.chat.completions.create)
    with pytest.raises(TypeError, match=message):
        stub.returns(overrides)
    with pytest.raises(TypeError, match=message):
        stub.sequence(["fine", overrides])
    assert not stub.scripted()  # nothing half-set: the endpoint still answers by default


def test_a_valid_partial_override_is_accepted_and_answers() -> None:
    fake = FakeOpenAI(seed=2)
    fake.stub(fake.chat.completions.create).returns(
        {"choices": [{"message": {"content": "Bonjour"}}], "service_tier": "flex"}
    )
    reply = ask(fake)
    assert reply.choices[0].message.content == "Bonjour" and reply.service_tier == "flex"
    assert reply.model_extra in ({}, None)


def test_the_async_fake_checks_scripts_the_same_way() -> None:
    fake = FakeAsyncOpenAI()
    stub = fake.stub(fake.chat.completions.create)
    with pytest.raises(TypeError, match=r"did you mean 'message'"):
        stub.returns({"choices": [{"mesage": {}}]})
    with pytest.raises(TypeError, match="reply\\(\\) takes the assistant text as a str; got int 42"):
        stub.reply(42)  # type: ignore[arg-type]


def test_overrides_of_pages_and_other_endpoints_are_checked_against_their_own_type() -> None:
    fake = FakeOpenAI()
    with pytest.raises(
        TypeError, match=r"data\[0\]\.fileame: 'fileame' is not a field of FileObject \(did you mean 'filename'"
    ):
        fake.stub(fake.files.list).returns({"data": [{"fileame": "notes.txt"}]})
    with pytest.raises(TypeError, match=r"answers with FileObject, but the script returns a FileDeleted"):
        fake.stub(fake.files.retrieve).returns(openai.types.FileDeleted(id="file-1", deleted=True, object="file"))  # type: ignore[arg-type]
    fake.stub(fake.files.retrieve).returns({"filename": "kept.txt"})
    assert fake.files.retrieve("file-abc").filename == "kept.txt"


@pytest.mark.parametrize(
    ("script", "message"),
    [
        (lambda s: s.reply(42), r"reply\(\) takes the assistant text as a str; got int 42"),
        (lambda s: s.structured(42), r"structured\(\) takes a pydantic model instance or a dict .*; got int 42"),
        (lambda s: s.raises("RateLimitError"), r"raises\(\) takes an exception class .*; got str 'RateLimitError'"),
        (lambda s: s.sequence("abc"), r"sequence\(\) takes a list of answers, one per request .*; got str 'abc'"),
        (lambda s: s.sequence({"choices": []}), r"sequence\(\) takes a list of answers"),
        (lambda s: s.sequence([42]), r"cannot use 42 as a scripted answer"),
        (lambda s: s.embedding([0.1, 0.2]), r"chat\.completions\.create\) cannot answer with an embedding vector"),
        (lambda s: s.tool_call(7), r"tool_call\(\) takes the tool's name as a str"),
        (lambda s: s.tool_call("f", when=object()), r"tool_call\('f', \.\.\.\): the arguments must be JSON values"),
        (lambda s: s.refusal(None), r"refusal\(\) takes the refusal text as a str; got NoneType"),
        (lambda s: s.respond("not a function"), r"respond\(\) takes a function of the call"),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused_when_scripted(script: Any, message: str) -> None:
    fake = FakeOpenAI()
    with pytest.raises(TypeError, match=message):
        script(fake.stub(fake.chat.completions.create))


def test_shorthands_an_endpoint_cannot_give_are_refused_when_scripted() -> None:
    fake = FakeOpenAI()
    embeddings = fake.stub(fake.embeddings.create)
    with pytest.raises(TypeError, match=r"embeddings\.create\) cannot answer with assistant text"):
        embeddings.reply("hello")
    with pytest.raises(TypeError, match=r"sequence\(\) answer 1: .* cannot answer with assistant text"):
        embeddings.sequence([None, structured({"a": 1})])  # structured output is assistant text too
    embeddings.embedding([0.25, 0.5])
    assert fake.embeddings.create(model="text-embedding-3-small", input="x").data[0].embedding == [0.25, 0.5]


def test_module_level_helpers_check_their_own_arguments() -> None:
    with pytest.raises(TypeError, match="structured"):
        structured(3.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="tool_calls"):
        tool_calls("get_weather")  # type: ignore[arg-type]


def test_when_knows_the_methods_parameters() -> None:
    fake = FakeOpenAI()
    stub = fake.stub(fake.chat.completions.create)
    with pytest.raises(
        TypeError, match=r"'modle' is not a parameter of chat\.completions\.create \(did you mean 'model'"
    ):
        stub.when(modle="gpt-4o")
    with pytest.raises(TypeError, match="predicate"):
        stub.when("gpt-4o")  # type: ignore[arg-type]
    stub.when(temperature=0).reply("cold")
    assert ask(fake, temperature=0).choices[0].message.content == "cold"


def test_when_matches_path_ids_as_the_method_names_them() -> None:
    fake = FakeOpenAI(unknown_ids="materialize")
    stub = fake.stub(fake.files.retrieve)
    stub.when(file_id="file-wanted").returns({"filename": "wanted.txt"})
    assert fake.files.retrieve("file-wanted").filename == "wanted.txt"
    assert fake.files.retrieve("file-other").filename != "wanted.txt"


def test_parse_and_create_share_one_stub_whose_rules_accept_either_methods_parameters() -> None:
    fake = FakeOpenAI()
    created = fake.stub(fake.chat.completions.create)
    parsed = fake.stub(fake.chat.completions.parse)
    assert created is parsed
    created.when(response_format={"type": "json_object"}).reply("{}")


def test_a_method_of_another_fake_cannot_be_stubbed() -> None:
    a, b = FakeOpenAI(), FakeOpenAI()
    with pytest.raises(ValueError, match=r"belongs to another client"):
        b.stub(a.chat.completions.create)
    shared = FakeOpenAI(backend=a.backend)
    shared.stub(a.chat.completions.create).reply("same server")  # one backend, one set of scripts
    assert ask(a).choices[0].message.content == "same server"
    assert a.stub(a.with_options(timeout=5).chat.completions.create) is a.stub(a.chat.completions.create)
    async_fake = FakeAsyncOpenAI()
    with pytest.raises(ValueError, match=r"belongs to another client"):
        async_fake.stub(FakeAsyncOpenAI().chat.completions.create)


# --- checked against the request ---------------------------------------------------------------


def test_a_tool_call_the_request_never_offered_fails_the_call() -> None:
    fake = FakeOpenAI()
    fake.stub(fake.chat.completions.create).tool_call("get_wether", city="Paris")
    with pytest.raises(
        ScriptMismatch, match=r"did not offer a tool named 'get_wether' \(offered tools: 'get_weather'\)"
    ):
        ask(fake, tools=[WEATHER])
    with pytest.raises(ScriptMismatch, match=r"offered tools: none"):
        ask(fake)


@pytest.mark.parametrize(
    ("arguments", "violation"),
    [
        ({"town": "Paris"}, r"\$: missing required property 'city'"),
        ({"city": 7}, r"\$\.city: expected string, got integer 7"),
        ({"city": "Paris", "unit": "kelvin"}, r"\$\.unit: 'kelvin' is not one of 'c', 'f'"),
        ({"city": "Paris", "extra": 1}, r"property 'extra' is not allowed"),
    ],
)
def test_tool_call_arguments_must_fit_the_tools_schema(arguments: Any, violation: str) -> None:
    fake = FakeOpenAI()
    fake.stub(fake.chat.completions.create).tool_call("get_weather", **arguments)
    with pytest.raises(ScriptMismatch, match=violation):
        ask(fake, tools=[WEATHER])


def test_tool_choice_is_honoured_by_scripts_too() -> None:
    fake = FakeOpenAI()
    fake.stub(fake.chat.completions.create).tool_call("get_weather", city="Paris")
    with pytest.raises(ScriptMismatch, match="tool_choice='none'"):
        ask(fake, tools=[WEATHER], tool_choice="none")
    other: Any = {
        "type": "function",
        "function": {"name": "get_time", "parameters": {"type": "object", "properties": {}}},
    }
    forced: Any = {"type": "function", "function": {"name": "get_time"}}
    with pytest.raises(ScriptMismatch, match="tool_choice forces 'get_time'"):
        ask(fake, tools=[WEATHER, other], tool_choice=forced)
    assert ask(fake, tools=[WEATHER, other], tool_choice="required").choices[0].finish_reason == "tool_calls"


def test_unchecked_tool_calls_simulate_a_misbehaving_model_on_purpose() -> None:
    fake = FakeOpenAI()
    stub = fake.stub(fake.chat.completions.create)
    stub.always(tool_call("delete_everything", path="/").unchecked())
    call = ask(fake, tools=[WEATHER]).choices[0].message.tool_calls[0]
    assert call.function.name == "delete_everything"
    stub.sequence(
        [tool_calls(tool_call("get_weather", city="Rome"), tool_call("get_weather", town="Oslo").unchecked())]
    )
    parallel = ask(fake, tools=[WEATHER]).choices[0].message.tool_calls
    assert [c.function.arguments for c in parallel] == ['{"city": "Rome"}', '{"town": "Oslo"}']


def test_responses_tool_calls_are_checked_sync_and_async() -> None:
    fake = FakeOpenAI()
    fake.stub(fake.responses.create).tool_call("get_weather", city=3)
    with pytest.raises(ScriptMismatch, match=r"\$\.city: expected string"):
        fake.responses.create(model="gpt-4o", input="hi", tools=[RESPONSES_WEATHER])

    async def main() -> None:
        afake = FakeAsyncOpenAI()
        afake.stub(afake.responses.create).tool_call("lookup", q="x")
        with pytest.raises(ScriptMismatch, match=r"did not offer a tool named 'lookup'"):
            await afake.responses.create(model="gpt-4o", input="hi", tools=[RESPONSES_WEATHER])
        afake.stub(afake.responses.create).tool_call("get_weather", city="Oslo")
        reply = await afake.responses.create(model="gpt-4o", input="hi", tools=[RESPONSES_WEATHER])
        assert reply.output[-1].type == "function_call"

    asyncio.run(main())


def test_a_refused_request_says_so_when_its_endpoint_is_scripted() -> None:
    fake = FakeOpenAI(max_retries=0)
    stub = fake.stub(fake.chat.completions.create)
    with pytest.raises(openai.NotFoundError) as plain:
        ask(fake, model="llama3.1:8b")
    assert "openai_fakes" not in str(plain.value)  # unscripted: the API's words only
    stub.reply("x")
    with pytest.raises(
        openai.NotFoundError,
        match=r"does not exist .*before the script for POST /chat/completions .*validation='lenient'",
    ):
        ask(fake, model="llama3.1:8b")
    assert stub.left() is not None  # the script was not consulted
    with pytest.raises(openai.BadRequestError, match=r"refused this call .*validation='off'"):
        fake.chat.completions.create(model="gpt-4o", messages=[])
    lenient = FakeOpenAI(validation="lenient")
    lenient.stub(lenient.chat.completions.create).reply("x")
    assert ask(lenient, model="llama3.1:8b").choices[0].message.content == "x"


# --- strict fakes ------------------------------------------------------------------------------


def test_assert_all_used_lists_every_unused_answer() -> None:
    fake = FakeOpenAI()
    chat = fake.stub(fake.chat.completions.create)
    chat.sequence(["one", "two", "three"])
    chat.when(model="gpt-5").reply("five")
    fake.stub(fake.embeddings.create).respond(lambda call: None)
    fake.stub(fake.files.list).returns({"has_more": False})
    ask(fake)
    with pytest.raises(AssertionError) as failure:
        fake.assert_all_used()
    text = str(failure.value)
    assert "POST /chat/completions (chat.completions.create):" in text
    assert "2 of 3 answers never used, next: Text(text='two')" in text
    assert "rule when model='gpt-5'" in text
    assert "POST /embeddings (embeddings.create):" in text and "responder <lambda>" in text
    assert "GET /files (files.list):" in text


def test_assert_all_used_passes_once_every_answer_was_used() -> None:
    fake = FakeOpenAI()
    chat = fake.stub(fake.chat.completions.create)
    chat.sequence(["one", "two"])
    chat.when(model="gpt-4o").reply("big")
    ask(fake), ask(fake), ask(fake, model="gpt-4o")
    fake.assert_all_used()
    fake.stub(fake.responses.create).reply("left")
    fake.reset()  # reset forgets scripts, used or not
    fake.assert_all_used()


def test_a_scoped_stub_that_was_never_used_still_counts() -> None:
    fake = FakeOpenAI()
    with fake.stub(fake.chat.completions.create) as chat:
        chat.reply("never asked")
    with pytest.raises(AssertionError, match="never used"):
        fake.assert_all_used()


def test_assert_all_used_on_the_async_fake() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI()
        fake.stub(fake.chat.completions.create).sequence(["a", "b"])
        await fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
        with pytest.raises(AssertionError, match="1 of 2 answers never used"):
            fake.assert_all_used()
        await fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
        fake.assert_all_used()

    asyncio.run(main())


def test_unscripted_error_makes_every_unscripted_call_fail() -> None:
    fake = FakeOpenAI(unscripted="error")
    with pytest.raises(
        UnscriptedCall, match=r"(?s)POST /chat/completions was called with no script .*\"model\": \"gpt-4o-mini\""
    ):
        ask(fake)
    chat = fake.stub(fake.chat.completions.create)
    chat.when(model="gpt-4o").reply("big")
    with pytest.raises(
        UnscriptedCall, match=r"(?s)chat\.completions\.create\) was called with no script .*rules.*model='gpt-4o'"
    ):
        ask(fake)
    assert ask(fake, model="gpt-4o").choices[0].message.content == "big"
    chat.sequence([None, "second"])  # None: the default answer, asked for explicitly
    assert ask(fake).choices[0].message.content and ask(fake).choices[0].message.content == "second"
    chat.respond(lambda call: None)  # a responder that returns None asks for the default too
    assert ask(fake).choices[0].message.content
    assert fake.calls.call_count == 6


def test_unscripted_error_on_the_async_fake_and_bad_modes() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI(unscripted="error")
        with pytest.raises(UnscriptedCall, match="POST /embeddings"):
            await fake.embeddings.create(model="text-embedding-3-small", input="x")

    asyncio.run(main())
    with pytest.raises(ValueError, match="unscripted must be 'default' or 'error'"):
        FakeOpenAI(unscripted="raise")  # type: ignore[arg-type]
    assert FakeOpenAI(unscripted="default").files.list().data == []


def test_optional_rules_need_not_be_used() -> None:
    fake = FakeOpenAI()
    chat = fake.stub(fake.chat.completions.create)
    chat.when(model="gpt-5").reply("fallback").optional()
    fake.assert_all_used()
    chat.when(model="gpt-4o").reply("required")
    with pytest.raises(AssertionError, match="model='gpt-4o'") as failure:
        fake.assert_all_used()
    assert "gpt-5" not in str(failure.value)


def test_a_script_replaced_before_it_was_used_still_counts_as_unused() -> None:
    # reply("a") then reply("b") (or scripting create and parse, one stub) meant "a" to be used too:
    # a wrong test unless the first was marked optional(), as a fixture's fallback would be.
    fake = FakeOpenAI()
    chat = fake.stub(fake.chat.completions.create)
    chat.sequence(["one", "two", "three"])
    chat.reply("replacement")
    fake.stub(fake.chat.completions.parse).reply("the parse helper's, same stub")
    fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    with pytest.raises(AssertionError) as failure:
        fake.assert_all_used()
    message = str(failure.value)
    assert "3 of 3 answers never used, next: Text(text='one') (replaced by a later script)" in message
    assert "always Text(text='replacement'), never used (replaced by a later script)" in message
    assert "the parse helper's" not in message  # the one in force answered the call

    partly = FakeOpenAI()
    stub = partly.stub(partly.chat.completions.create)
    stub.sequence(["first", "second"])
    partly.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    stub.default()  # back to the realistic answer with "second" never given
    with pytest.raises(AssertionError, match="1 of 2 answers never used, next: Text\\(text='second'\\)"):
        partly.assert_all_used()

    fallback = FakeOpenAI()
    rule = fallback.stub(fallback.chat.completions.create)
    rule.reply("fallback").optional()
    rule.reply("the test's own")  # replaces an optional script: nothing owed; the new one is required
    with pytest.raises(AssertionError, match="the test's own"):
        fallback.assert_all_used()
    fallback.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    fallback.assert_all_used()


def test_replayed_records_are_optional_and_a_later_stub_learns_the_methods_parameters() -> None:
    from openai_fakes.replay import Record, replay

    fake = FakeOpenAI()
    body = {"model": "gpt-4o-mini", "messages": MESSAGES}
    response = {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini", "choices": []}
    replay(
        fake,
        [
            Record("POST", "/chat/completions", body, response),
            Record("POST", "/chat/completions", {**body, "model": "gpt-4o"}, response),
        ],
    )
    assert ask(fake).id == "chatcmpl-1"
    fake.assert_all_used()  # one record of two used: a log is not a script
    with pytest.raises(TypeError, match="did you mean 'model'"):
        fake.stub(fake.chat.completions.create).when(modle="x")


def test_a_responders_answer_is_checked_at_the_call_sync_and_async() -> None:
    fake = FakeOpenAI()
    fake.stub(fake.chat.completions.create).respond(lambda call: {"choices": [{"message": {"contnet": "x"}}]})
    with pytest.raises(
        TypeError, match=r"responder's answer .*choices\[0\]\.message\.contnet: .*did you mean 'content'"
    ):
        ask(fake)

    async def answer(call: Any) -> Any:
        return {"usage": {"total_tokenz": 1}}

    async def main() -> None:
        afake = FakeAsyncOpenAI()
        afake.stub(afake.chat.completions.create).respond(answer)
        with pytest.raises(TypeError, match=r"usage\.total_tokenz.*did you mean 'total_tokens'"):
            await afake.chat.completions.create(model="gpt-4o", messages=MESSAGES)

    asyncio.run(main())


def test_factories_and_scripts_refuse_a_misspelt_field_with_one_rule() -> None:
    from openai_fakes.factories import ChatCompletionMessageFactory

    rule = "'contnet' is not a field of ChatCompletionMessage (did you mean 'content'?)"
    with pytest.raises(TypeError) as built:
        ChatCompletionMessageFactory.build(contnet="x")
    fake = FakeOpenAI()
    with pytest.raises(TypeError) as scripted:
        fake.stub(fake.chat.completions.create).returns({"choices": [{"message": {"contnet": "x"}}]})
    assert rule in str(built.value) and rule in str(scripted.value)


def test_scripted_tool_calls_take_the_shape_the_requests_tools_ask_for() -> None:
    fake = FakeOpenAI()
    stub = fake.stub(fake.chat.completions.create)
    legacy: Any = [{"name": "get_weather", "parameters": WEATHER["function"]["parameters"]}]
    stub.tool_call("get_weather", city="Paris")
    reply = ask(fake, functions=legacy)
    assert reply.choices[0].message.function_call is not None and reply.choices[0].message.tool_calls is None
    assert reply.choices[0].message.function_call.arguments == '{"city": "Paris"}'
    assert reply.choices[0].finish_reason == "function_call"
    sql: Any = {"type": "custom", "custom": {"name": "run_sql"}}
    stub.tool_call("run_sql", input="SELECT 1")
    custom = ask(fake, tools=[sql]).choices[0].message.tool_calls[0]
    assert custom.type == "custom" and custom.custom.name == "run_sql" and custom.custom.input == "SELECT 1"
    stub.tool_call("get_weather", city="Paris")
    forced: Any = {"type": "function", "function": {"name": "get_weather"}}
    assert ask(fake, tools=[WEATHER], tool_choice=forced).choices[0].finish_reason == "stop"  # as the API does
    allowed: Any = {
        "type": "allowed_tools",
        "allowed_tools": {"mode": "auto", "tools": [{"type": "function", "function": {"name": "get_time"}}]},
    }
    other: Any = {
        "type": "function",
        "function": {"name": "get_time", "parameters": {"type": "object", "properties": {}}},
    }
    with pytest.raises(ScriptMismatch, match="tool_choice allows only 'get_time', not 'get_weather'"):
        ask(fake, tools=[WEATHER, other], tool_choice=allowed)


@pytest.mark.parametrize("unscripted", ["default", "error"])
def test_a_stub_that_asks_for_the_default_behaves_exactly_as_no_stub(unscripted: Any) -> None:
    # Stateful endpoints used to treat any stub as a script (generic answers, no 404): a stub whose
    # answer is the realistic default must keep the state's answers.
    fake = FakeOpenAI(unscripted=unscripted)
    for method in (fake.files.create, fake.files.content, fake.files.retrieve, fake.responses.create):
        fake.stub(method).always(None)
    uploaded = fake.files.create(file=("notes.txt", b"hello"), purpose="assistants")
    assert fake.files.content(uploaded.id).read() == b"hello"
    assert fake.files.retrieve(uploaded.id) == uploaded
    with pytest.raises(openai.NotFoundError):
        fake.files.retrieve("file-never-made")
    with pytest.raises(openai.BadRequestError, match=r"previous_response_not_found|not found"):
        fake.responses.create(model="gpt-4o", input="hi", previous_response_id="resp_never_made")
    fake.stub(fake.files.retrieve).returns({"filename": "scripted.txt"})
    assert fake.files.retrieve("file-never-made").filename == "scripted.txt"  # a script answers it


def test_async_list_stubs_check_overrides_against_the_page() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI()
        stub = fake.stub(fake.files.list)
        stub.returns({"data": [{"filename": "listed.txt"}], "has_more": False})
        with pytest.raises(TypeError, match=r"data\[0\]\.fileame: .*FileObject \(did you mean 'filename'"):
            stub.returns({"data": [{"fileame": "x"}]})
        page = await fake.files.list()
        assert [f.filename for f in page.data] == ["listed.txt"]

    asyncio.run(main())
