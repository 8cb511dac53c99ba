"""Off OpenAI's own endpoint (Azure OpenAI, proxies, gateways, local servers) model names are the
deployment's business: the model rules give way, the protocol's rules still refuse.

Two ways a client reaches the fake there: a fake (or a plain SDK client over a fake's HTTP client)
whose ``base_url`` is another host, and an ``openai.AzureOpenAI`` / ``AsyncAzureOpenAI`` built over
a fake's HTTP client or by code under ``patch_openai``.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx2
import openai
import pytest
from hypothesis import given
from hypothesis import strategies as st

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes._core.errors import APIErrorReply
from openai_fakes._core.exchange import Exchange
from openai_fakes._server.server import FakeServer
from openai_fakes._sim.validation import _RULES_ELSEWHERE, validate_request
from tests._no_sleep import forbid_real_sleep

from . import _strategies as draw
from ._expect import assert_error, refusal

LOCAL = "http://localhost:11434/v1"
USER: Any = [{"role": "user", "content": "Hi"}]
AZURE: dict[str, Any] = {
    "api_key": "azure-key",
    "api_version": "2024-10-21",
    "azure_endpoint": "https://contoso.openai.azure.com",
}


def _azure(fake: FakeOpenAI, **options: Any) -> openai.AzureOpenAI:
    return openai.AzureOpenAI(**{**AZURE, **options}, http_client=fake.http_client)


def _async_azure(fake: FakeAsyncOpenAI, **options: Any) -> openai.AsyncAzureOpenAI:
    return openai.AsyncAzureOpenAI(**{**AZURE, **options}, http_client=fake.http_client)


# --- a local server or a proxy: FakeOpenAI(base_url=...) ---------------------------------------------


def test_a_local_model_name_is_answered_and_echoed_as_sent() -> None:
    reply = FakeOpenAI(base_url=LOCAL, seed=1).chat.completions.create(model="llama3.1:8b", messages=USER)
    assert reply.model == "llama3.1:8b"
    assert reply.choices[0].message.content


def test_a_local_model_name_is_answered_async() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI(base_url=LOCAL, seed=1)
        reply = await fake.chat.completions.create(model="llama3.1:8b", messages=USER)
        assert reply.model == "llama3.1:8b"
        streamed = [
            chunk async for chunk in await fake.chat.completions.create(model="llama3.1:8b", messages=USER, stream=True)
        ]
        assert {chunk.model for chunk in streamed} == {"llama3.1:8b"}
        response = await fake.responses.create(model="qwen2.5:7b", input="Hi")
        assert response.model == "qwen2.5:7b"

    asyncio.run(main())


def test_the_model_rules_follow_the_host() -> None:
    # OpenAI's regional and mTLS hosts are OpenAI's endpoint: the model rules apply there.
    assert (
        FakeOpenAI(base_url="http://127.0.0.1:8000/v1").chat.completions.create(model="gpt-9", messages=USER).model
        == "gpt-9"
    )
    for own in ("https://api.openai.com/v1", "https://eu.api.openai.com/v1", "https://mtls.api.openai.com/v1"):
        with pytest.raises(openai.NotFoundError) as refused:
            FakeOpenAI(base_url=own).chat.completions.create(model="gpt-9", messages=USER)
        assert refused.value.code == "model_not_found"


def test_a_new_base_url_is_seen_on_the_next_call() -> None:
    fake = FakeOpenAI()
    refusal(lambda: fake.chat.completions.create(model="mistral", messages=USER), openai.NotFoundError)
    fake.base_url = "http://localhost:8080/v1"
    assert fake.chat.completions.create(model="mistral", messages=USER).model == "mistral"
    assert fake.with_options(base_url="https://api.openai.com/v1").base_url.host == "api.openai.com"
    refusal(
        lambda: fake.with_options(base_url="https://api.openai.com/v1").chat.completions.create(
            model="mistral", messages=USER
        ),
        openai.NotFoundError,
    )
    fake.base_url = "https://api.openai.com/v1"
    refusal(lambda: fake.chat.completions.create(model="mistral", messages=USER), openai.NotFoundError)


def test_model_capability_rules_are_left_out_off_openai() -> None:
    # Each of these is refused on OpenAI's endpoint for what the named OpenAI model cannot do; a
    # gateway's "gpt-4" or "o1-mini" is whatever model the gateway serves under that name.
    fake = FakeOpenAI(base_url="https://gateway.example.com/openai/v1")
    image: Any = [
        {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}]}
    ]
    answered = [
        fake.chat.completions.create(model="gpt-4o", messages=USER, max_tokens=100_000),
        fake.chat.completions.create(model="gpt-5", messages=USER, max_tokens=100, temperature=0.2),
        fake.chat.completions.create(
            model="o1-mini", messages=[{"role": "system", "content": "Be brief."}, *USER], n=2
        ),
        fake.chat.completions.create(model="gpt-3.5-turbo", messages=image),
        fake.chat.completions.create(
            model="gpt-4",
            messages=[{"role": "user", "content": "Answer in json."}],
            response_format={"type": "json_object"},
        ),
    ]
    # A name OpenAI knows is still echoed as its dated snapshot (as a proxy to OpenAI, or Azure, shows it).
    assert [reply.model for reply in answered] == [
        "gpt-4o-2024-08-06",
        "gpt-5-2025-08-07",
        "o1-mini-2024-09-12",
        "gpt-3.5-turbo-0125",
        "gpt-4-0613",
    ]
    assert fake.responses.create(model="o3", input="Hi", temperature=0.5).status == "completed"
    for call in (
        lambda: FakeOpenAI().chat.completions.create(model="gpt-4o", messages=USER, max_tokens=100_000),
        lambda: FakeOpenAI().responses.create(model="o3", input="Hi", temperature=0.5),
    ):
        refusal(call)


@pytest.mark.parametrize(
    ("params", "param", "code"),
    [
        # (Rules that run before the model's, such as an empty `messages`, refused an unknown name all along.)
        ({"messages": [*USER, {"role": "tool", "tool_call_id": "call_1", "content": "x"}]}, "messages.[1].role", None),
        ({"messages": USER, "response_format": {"type": "json_object"}}, "messages", None),
        (
            {
                "messages": USER,
                "response_format": {
                    "type": "json_schema",
                    "json_schema": {
                        "name": "answer",
                        "strict": True,
                        "schema": {"type": "object", "properties": {"a": {"type": "string"}}},
                    },
                },
            },
            "response_format",
            None,
        ),
    ],
    ids=["tool answering no call", "json mode without json", "strict schema"],
)
def test_the_protocol_rules_still_refuse_off_openai(params: Any, param: str, code: str | None) -> None:
    fake = FakeOpenAI(base_url=LOCAL)
    error = refusal(lambda: fake.chat.completions.create(model="llama3.1:8b", **params))
    assert_error(error, param=param, code=code)


def test_a_model_is_still_required_and_a_string_off_openai() -> None:
    def exchange(path: str, body: Any) -> Exchange:
        return Exchange("POST", path, {}, body, [], {}, None, False, None, openai_endpoint=False)

    for path, body in [
        ("/chat/completions", {"messages": USER}),
        ("/embeddings", {"input": "Hi"}),
        ("/responses", {"input": "Hi"}),
        ("/audio/speech", {"input": "Hi", "voice": "alloy"}),
    ]:
        with pytest.raises(APIErrorReply, match="you must provide a model parameter"):
            validate_request(exchange(path, body), "strict")
    with pytest.raises(APIErrorReply, match="Invalid type for 'model'"):
        validate_request(exchange("/chat/completions", {"model": 7, "messages": USER}), "strict")
    # A stored prompt names its own model, on any endpoint.
    validate_request(exchange("/responses", {"prompt": {"id": "pmpt_1"}}), "strict")
    validate_request(exchange("/images/generations", {"prompt": "a cat"}), "strict")


def test_other_areas_take_any_model_name_off_openai() -> None:
    fake = FakeOpenAI(base_url=LOCAL, seed=3)
    vectors = fake.embeddings.create(model="nomic-embed-text", input=["Hi", "there"], dimensions=64)
    assert vectors.model == "nomic-embed-text" and [len(v.embedding) for v in vectors.data] == [64, 64]
    refusal(lambda: fake.embeddings.create(model="nomic-embed-text", input="Hi", dimensions=0))
    assert fake.completions.create(model="llama3.1:8b", prompt="Once").model == "llama3.1:8b"
    assert fake.moderations.create(model="llama-guard3", input="Hi").model == "llama-guard3"
    assert fake.images.generate(model="sdxl-turbo", prompt="a cat").data
    assert fake.audio.speech.create(model="piper", voice="alloy", input="Hi").content
    assert fake.audio.transcriptions.create(model="whisper-large-v3", file=("a.mp3", b"ID3")).text


# --- Azure OpenAI over a fake's HTTP client --------------------------------------------------------


def test_an_azure_client_over_a_fake_http_client_is_answered() -> None:
    fake = FakeOpenAI(seed=5)
    azure = _azure(fake)
    reply = azure.chat.completions.create(model="my-gpt4o-deployment", messages=USER)
    assert reply.model == "my-gpt4o-deployment"
    # The SDK puts the deployment in the URL; the fake records and scripts the endpoint as the
    # resource names it, with the deployment as the request's model.
    call = fake.calls[-1]
    assert (call.endpoint, call.path, call.params["model"], call.status) == (
        "POST /chat/completions",
        "/chat/completions",
        "my-gpt4o-deployment",
        200,
    )
    fake.stub(fake.chat.completions.create).reply("Scripted for Azure.")
    assert (
        azure.chat.completions.create(model="my-gpt4o-deployment", messages=USER).choices[0].message.content
        == "Scripted for Azure."
    )
    chunks = list(azure.chat.completions.create(model="my-gpt4o-deployment", messages=USER, stream=True))
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "Scripted for Azure."
    raw = azure.chat.completions.with_raw_response.create(model="my-gpt4o-deployment", messages=USER)
    assert raw.headers["x-request-id"].startswith("req_") and raw.parse().model == "my-gpt4o-deployment"
    error = refusal(lambda: azure.chat.completions.create(model="my-gpt4o-deployment", messages=[]))
    assert_error(error, param="messages", code="empty_array")


def test_an_azure_client_with_a_deployment_in_its_endpoint() -> None:
    fake = FakeOpenAI(seed=5)
    azure = _azure(fake, azure_deployment="embed-prod")
    vectors = azure.embeddings.create(model="embed-prod", input="Hi")
    assert vectors.model == "embed-prod" and vectors.data[0].embedding
    uploaded = azure.files.create(file=("a.jsonl", b'{"a": 1}\n'), purpose="fine-tune")  # not a deployment endpoint
    assert azure.files.retrieve(uploaded.id).filename == "a.jsonl"
    assert [c.endpoint for c in fake.calls] == ["POST /embeddings", "POST /files", "GET /files/{file_id}"]


def test_an_azure_client_waits_for_retries_on_the_fake_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeOpenAI(seed=5)
    fake.stub(fake.chat.completions.create).sequence([openai.RateLimitError, "After one retry."])
    azure = _azure(fake, max_retries=2)
    before = fake.clock.now()
    slept = forbid_real_sleep(monkeypatch)  # the 429's retry-after of 1 s passes virtually: a real sleep raises
    reply = azure.chat.completions.create(model="my-gpt4o-deployment", messages=USER)
    assert reply.choices[0].message.content == "After one retry."
    assert slept == [] and fake.clock.now() - before >= 1
    assert FakeServer.for_backend(fake.backend).retry_waits == [1.0]
    assert [(c.attempt, c.status) for c in fake.calls] == [(0, 429), (1, 200)]


def test_an_async_azure_client_over_a_fake_http_client_is_answered(monkeypatch: pytest.MonkeyPatch) -> None:
    slept = forbid_real_sleep(monkeypatch)  # the retry below waits on the fake's clock

    async def main() -> None:
        fake = FakeAsyncOpenAI(seed=5)
        azure = _async_azure(fake)
        reply = await azure.chat.completions.create(model="my-gpt4o-deployment", messages=USER)
        assert reply.model == "my-gpt4o-deployment"
        fake.stub(fake.chat.completions.create).sequence([openai.RateLimitError, "Scripted for Azure."])
        stream = await azure.with_options(max_retries=1).chat.completions.create(
            model="my-gpt4o-deployment", messages=USER, stream=True
        )
        text = "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])
        assert text == "Scripted for Azure."
        assert FakeServer.for_backend(fake.backend).retry_waits == [1.0]
        with pytest.raises(openai.BadRequestError) as refused:
            await azure.chat.completions.create(
                model="my-gpt4o-deployment", messages=[*USER, {"role": "tool", "tool_call_id": "c", "content": "x"}]
            )
        assert_error(refused.value, param="messages.[1].role", code=None)

    asyncio.run(main())
    assert slept == []


def test_a_plain_client_over_a_fake_http_client_sends_nothing_else() -> None:
    # The fake's HTTP client answers only the SDK's own calls; anything else is still refused.
    fake = FakeOpenAI()
    local = openai.OpenAI(api_key="local", base_url=LOCAL, http_client=fake.http_client)
    assert local.chat.completions.create(model="llama3.1:8b", messages=USER).model == "llama3.1:8b"
    import httpx2

    from openai_fakes import FakeTransportError

    with pytest.raises(FakeTransportError, match="refused to send"):
        fake.http_client.get("http://localhost:11434/v1/models")
    with pytest.raises(FakeTransportError, match="refused to send"):
        local._client.send(httpx2.Request("GET", "http://localhost:11434/v1/models"))


# --- Azure OpenAI built by the code under test: patch_openai ------------------------------------------


def test_azure_clients_built_under_patch_openai_are_answered(patch_openai: FakeOpenAI) -> None:
    patch_openai.stub(patch_openai.chat.completions.create).reply("Scripted.")
    azure = openai.AzureOpenAI(**AZURE)
    assert (
        azure.chat.completions.create(model="my-gpt4o-deployment", messages=USER).choices[0].message.content
        == "Scripted."
    )
    patch_openai.reset()
    reply = azure.chat.completions.create(model="my-gpt4o-deployment", messages=USER)
    assert reply.model == "my-gpt4o-deployment"
    local = openai.OpenAI(api_key="local", base_url=LOCAL)
    assert local.chat.completions.create(model="llama3.1:8b", messages=USER).model == "llama3.1:8b"
    refusal(
        lambda: openai.OpenAI(api_key="sk-x").chat.completions.create(model="llama3.1:8b", messages=USER),
        openai.NotFoundError,
    )

    async def main() -> None:
        async_azure = openai.AsyncAzureOpenAI(**AZURE)
        reply = await async_azure.chat.completions.create(model="my-gpt4o-deployment", messages=USER)
        assert reply.model == "my-gpt4o-deployment"
        with pytest.raises(openai.BadRequestError) as refused:
            await async_azure.chat.completions.create(model="my-gpt4o-deployment", messages=[])
        assert_error(refused.value, param="messages", code="empty_array")

    asyncio.run(main())
    assert [c.params["model"] for c in patch_openai.calls] == [
        "my-gpt4o-deployment",
        "llama3.1:8b",
        "llama3.1:8b",
        "my-gpt4o-deployment",
        "my-gpt4o-deployment",
    ]


# --- the rule sets off OpenAI's endpoint -----------------------------------------------------------------

_BODIES = {
    ("POST", "/chat/completions"): draw.chat_kwargs(),
    ("POST", "/responses"): draw.responses_kwargs(),
    ("POST", "/embeddings"): draw.embeddings_kwargs(),
}


@pytest.mark.parametrize("level", ["strict", "lenient"])
@pytest.mark.parametrize("route", list(_BODIES), ids=lambda r: r[1])
@draw.BOUNDED
@given(data=st.data())
def test_a_plan_off_openai_refuses_as_every_rule_does(route: tuple[str, str], level: str, data: st.DataObject) -> None:
    body = data.draw(_BODIES[route])
    exchange = Exchange("POST", route[1], {}, body, [], {}, None, False, None, openai_endpoint=False)

    def outcome(run: Any) -> Any:
        try:
            run()
        except APIErrorReply as error:
            return error.reply.status, error.reply.body
        return None

    def every_rule() -> None:
        for rule in _RULES_ELSEWHERE[f"{level} elsewhere"][route]:
            rule.check(exchange, body)

    assert outcome(lambda: validate_request(exchange, level)) == outcome(every_rule)  # type: ignore[arg-type]
    # ... and no rule about OpenAI's models is among them: nothing refuses for the model's name.
    if isinstance(body.get("model"), str):
        renamed = Exchange(
            "POST", route[1], {}, {**body, "model": "llama3.1:8b"}, [], {}, None, False, None, openai_endpoint=False
        )
        refused = outcome(lambda: validate_request(renamed, level))  # type: ignore[arg-type]
        assert refused is None or refused[1]["error"]["param"] != "model", refused


def test_the_fakes_http_client_is_public_and_is_the_one_it_answers_through() -> None:
    fake, afake = FakeOpenAI(), FakeAsyncOpenAI()
    assert fake.with_options(timeout=3).http_client is fake.http_client  # copies share it
    local = openai.OpenAI(api_key="local", base_url=LOCAL, http_client=fake.http_client)
    local.chat.completions.create(model="llama3.1:8b", messages=[{"role": "user", "content": "hi"}])
    assert fake.calls.last.params["model"] == "llama3.1:8b"
    assert isinstance(afake.http_client, httpx2.AsyncClient)
