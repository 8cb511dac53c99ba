"""The seam: plain calls are answered before the SDK's HTTP pipeline, the rest through it, alike."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx2
import pytest
from openai.types.chat import ChatCompletion

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI, FakeTransportError
from tests._no_sleep import forbid_real_sleep

MESSAGES = [{"role": "user", "content": "Name three rivers in Europe."}]


def test_a_plain_call_and_a_raw_call_give_the_same_reply_under_the_same_seed() -> None:
    plain = FakeOpenAI(seed=11).chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)  # type: ignore[arg-type]
    raw = FakeOpenAI(seed=11).chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MESSAGES)  # type: ignore[arg-type]
    parsed = raw.parse()
    assert isinstance(parsed, ChatCompletion)
    assert parsed.model_dump_json() == plain.model_dump_json()
    assert parsed._request_id == plain._request_id == raw.request_id


def test_fast_and_http_paths_agree_for_a_generic_endpoint() -> None:
    # Lenient ids: the fake materialises a file it never saw, echoing the path id.
    plain = FakeOpenAI(seed=5, unknown_ids="materialize").files.retrieve("file-abc123")
    with FakeOpenAI(seed=5, unknown_ids="materialize").files.with_streaming_response.retrieve(
        "file-abc123"
    ) as response:
        streamed = response.parse()
    assert streamed.model_dump_json() == plain.model_dump_json()
    assert plain.id == "file-abc123"


def test_raw_responses_carry_the_api_headers() -> None:
    raw = FakeOpenAI().models.with_raw_response.list()
    headers = raw.headers
    request_id = headers["x-request-id"]
    assert request_id.startswith("req_") and len(request_id) == 36
    int(request_id[4:], 16)
    assert headers["openai-version"] == "2020-10-01"
    assert int(headers["openai-processing-ms"]) > 0
    assert int(headers["x-ratelimit-remaining-requests"]) <= int(headers["x-ratelimit-limit-requests"])
    assert headers["content-type"] == "application/json"


def test_streaming_response_is_open_until_read() -> None:
    fake = FakeOpenAI()
    with fake.files.with_streaming_response.list() as response:
        assert not response.is_closed
        response.parse()
        assert response.is_closed


def test_nothing_below_the_seam_is_ever_sent() -> None:
    fake = FakeOpenAI()
    with pytest.raises(FakeTransportError, match="openai_fakes: refused to send"):
        fake._client.send(httpx2.Request("GET", "https://api.openai.com/v1/models"))


def test_a_user_supplied_http_client_is_never_used_to_send() -> None:
    sent: list[httpx2.Request] = []

    def record(request: httpx2.Request) -> httpx2.Response:
        sent.append(request)
        return httpx2.Response(500)

    fake = FakeOpenAI(http_client=httpx2.Client(transport=httpx2.MockTransport(record)))
    fake.models.list()
    fake.models.with_raw_response.list()
    assert sent == []


def test_async_plain_raw_and_stream() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI(seed=2)
        plain = await fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)  # type: ignore[arg-type]
        raw = await FakeAsyncOpenAI(seed=2).chat.completions.with_raw_response.create(
            model="gpt-4o-mini", messages=MESSAGES
        )  # type: ignore[arg-type]
        assert raw.parse().model_dump_json() == plain.model_dump_json()
        stream = await fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)  # type: ignore[arg-type]
        chunks = [chunk async for chunk in stream]
        assert chunks and chunks[-1].choices[0].finish_reason == "stop"

    asyncio.run(main())


def test_the_sdk_retry_loop_runs_without_sleeping_and_honours_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    from openai_fakes._core.errors import APIErrorReply
    from openai_fakes._core.exchange import Exchange, Reply
    from openai_fakes._server.server import FakeServer
    from openai_fakes.handlers._base.generic import GENERIC

    attempts: list[int] = []

    def flaky(server: FakeServer, exchange: Exchange) -> Reply:
        attempts.append(exchange.attempt)
        if len(attempts) == 1:
            raise APIErrorReply(429, "Rate limit reached", code="rate_limit_exceeded", headers={"retry-after": "7"})
        return GENERIC(server, exchange)

    fake = FakeOpenAI(seed=1, max_retries=2)
    fake._fake_server.router.add("GET", "/models", flaky, summary="test")
    before = fake.backend.clock.now()
    slept = forbid_real_sleep(monkeypatch)  # the 7 s wait must not be slept: any real sleep raises
    page = fake.models.list()
    assert slept == []
    assert page.data and attempts == [0, 1]
    assert fake._fake_server.retry_waits == [7.0]
    assert fake.backend.clock.now() - before >= 7  # ...but it passed on the virtual clock


@pytest.mark.parametrize(
    "connect",
    [
        # realtime, responses, beta.responses, live, live.sideband and live.forks connect() are
        # simulated in memory (tests/handlers/test_realtime.py, test_live_sockets.py,
        # test_live_forks.py...); this one is not.
        lambda fake: fake.beta.realtime.connect(model="gpt-4o-realtime-preview"),
    ],
    ids=["beta.realtime"],
)
def test_websocket_apis_never_connect(connect: Any) -> None:
    import openai
    import websockets  # the SDK's realtime extra (a dev dependency): with it the SDK would connect

    assert websockets
    manager = connect(FakeOpenAI())
    with pytest.raises(FakeTransportError, match="refused to open a websocket"):
        manager.__enter__()
    assert isinstance(FakeTransportError("x"), openai.OpenAIError)
