"""A fake in a hostile environment: real-looking keys, a base URL and proxies set, yet no socket
is opened, no name resolved, and the environment's key never shows up anywhere.

The session guard (tests/conftest.py) lets loopback through for local tooling; here every
connect, resolve and ``create_connection`` is refused and recorded, loopback included, so a
proxy on 127.0.0.1 would be caught too.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from typing import Any

import httpx2
import openai
import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI, FakeTransportError
from openai_fakes._client.client import PLACEHOLDER_API_KEY

SECRET = "sk-proj-REAL-SECRET-do-not-leak-0123456789abcdef"
ADMIN_SECRET = "sk-admin-REAL-SECRET-do-not-leak-fedcba9876543210"
WEBHOOK_SECRET = "whsec_UkVBTCB3ZWJob29rIHNlY3JldCBkbyBub3QgbGVhaw=="
MESSAGES: Any = [{"role": "user", "content": "Hello there"}]


class SocketUsed(AssertionError):
    pass


@pytest.fixture
def sockets(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Bogus credentials and proxies in the environment; every socket operation recorded and refused."""
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    monkeypatch.setenv("OPENAI_ADMIN_KEY", ADMIN_SECRET)
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", WEBHOOK_SECRET)
    monkeypatch.setenv("OPENAI_BASE_URL", "https://evil.invalid/openai/v1")
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(proxy, "http://127.0.0.1:3128")
    monkeypatch.setenv("ALL_PROXY", "socks5://proxy.invalid:1080")
    used: list[str] = []

    def refuse(what: str) -> Any:
        def refused(*args: Any, **kwargs: Any) -> Any:
            used.append(f"{what}{args!r}")
            raise SocketUsed(f"{what} called with {args!r}")

        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    yield used


def _sync_calls(fake: FakeOpenAI) -> list[Any]:
    """One of each kind of call: plain, streamed, raw, streaming-response, multipart, binary, pages."""
    out: list[Any] = []
    out.append(fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES))
    out.append(list(fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)))
    raw = fake.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MESSAGES)
    out.append((raw.parse(), raw.http_request.headers.get("authorization")))
    with fake.chat.completions.with_streaming_response.create(model="gpt-4o-mini", messages=MESSAGES) as response:
        out.append(response.parse())
    out.append(fake.responses.create(model="gpt-4o-mini", input="hi"))
    out.append(list(fake.responses.create(model="gpt-4o-mini", input="hi", stream=True)))
    out.append(fake.embeddings.create(model="text-embedding-3-small", input=["a", "b"]))
    created = fake.files.create(file=("data.jsonl", b'{"a": 1}\n'), purpose="batch")
    out.append(fake.files.retrieve(created.id))
    out.append(fake.files.content(created.id).read())
    out.append(list(fake.files.list()))
    out.append(fake.images.generate(model="gpt-image-1", prompt="a cat"))
    out.append(fake.audio.speech.create(model="gpt-4o-mini-tts", voice="alloy", input="hi").read())
    out.append(fake.audio.transcriptions.create(model="whisper-1", file=("a.mp3", b"ID3fake")))
    out.append(list(fake.models.list()))
    return out


async def _async_calls(fake: FakeAsyncOpenAI) -> list[Any]:
    out: list[Any] = []
    out.append(await fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES))
    stream = await fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)
    out.append([chunk async for chunk in stream])
    raw = await fake.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MESSAGES)
    out.append((raw.parse(), raw.http_request.headers.get("authorization")))
    out.append(await fake.responses.create(model="gpt-4o-mini", input="hi"))
    out.append(await fake.embeddings.create(model="text-embedding-3-small", input="a"))
    created = await fake.files.create(file=("data.jsonl", b'{"a": 1}\n'), purpose="batch")
    out.append((await fake.files.content(created.id)).read())
    out.append(await fake.images.generate(model="gpt-image-1", prompt="a cat"))
    out.append((await fake.audio.speech.create(model="gpt-4o-mini-tts", voice="alloy", input="hi")).read())
    out.append([model async for model in fake.models.list()])
    return out


def _errors(fake: FakeOpenAI) -> list[BaseException]:
    """Errors of every origin: the API's 404 and 400, and the fake's own refusals."""
    errors: list[BaseException] = []
    for attempt in (
        lambda: fake.files.retrieve("file-doesnotexist"),
        lambda: fake.chat.completions.create(model="gpt-4o-mini", messages=[]),
        lambda: fake.chat.completions.create(model="no-such-model", messages=MESSAGES),
        lambda: fake._client.send(httpx2.Request("GET", "https://api.openai.com/v1/models")),
    ):
        with pytest.raises((openai.OpenAIError, FakeTransportError)) as caught:
            attempt()
        errors.append(caught.value)
    return errors


def _assert_no_secret(*texts: str) -> None:
    for text in texts:
        assert SECRET not in text and ADMIN_SECRET not in text and WEBHOOK_SECRET not in text


def test_a_broad_set_of_sync_calls_opens_no_socket_and_uses_the_placeholder_key(sockets: list[str]) -> None:
    fake = FakeOpenAI()
    results = _sync_calls(fake)
    errors = _errors(fake)
    assert sockets == []
    assert fake.api_key == PLACEHOLDER_API_KEY
    assert results[2][1] == f"Bearer {PLACEHOLDER_API_KEY}"  # what the SDK would have sent
    assert len(fake.calls) >= len(results)
    _assert_no_secret(
        repr(fake),
        repr(fake.backend),
        repr(results),
        repr(list(fake.calls)),
        *(f"{error!s} {error!r}" for error in errors),
        *(repr(getattr(error, "body", None)) for error in errors),
    )


def test_a_broad_set_of_async_calls_opens_no_socket_and_uses_the_placeholder_key(sockets: list[str]) -> None:
    fake = FakeAsyncOpenAI()
    results = asyncio.run(_async_calls(fake))
    assert sockets == []
    assert fake.api_key == PLACEHOLDER_API_KEY
    assert results[2][1] == f"Bearer {PLACEHOLDER_API_KEY}"
    _assert_no_secret(repr(fake), repr(results), repr(list(fake.calls)))


def test_the_environment_key_is_never_read_even_by_copies(sockets: list[str]) -> None:
    fake = FakeOpenAI()
    for client in (fake, fake.with_options(max_retries=0), fake.copy(timeout=5)):
        assert client.api_key == PLACEHOLDER_API_KEY
        assert SECRET not in repr(client.auth_headers)
        assert client.admin_api_key != ADMIN_SECRET
        assert client.webhook_secret is not None and client.webhook_secret != WEBHOOK_SECRET
    assert sockets == []


def test_webhooks_are_signed_and_checked_with_the_fake_s_own_secret(sockets: list[str]) -> None:
    # The environment's real signing secret is never read: a payload the fake signs verifies with
    # the fake's placeholder, and a payload signed with the environment's secret does not.
    from openai_fakes.webhooks import signed_webhook

    fake = FakeOpenAI(seed=3)
    payload, headers = signed_webhook(fake, "batch.completed", {"id": "batch_abc"})
    assert fake.webhooks.unwrap(payload, headers).type == "batch.completed"
    forged_payload, forged_headers = signed_webhook(WEBHOOK_SECRET, "batch.completed", {"id": "batch_abc"})
    with pytest.raises(openai.InvalidWebhookSignatureError):
        fake.webhooks.unwrap(forged_payload, forged_headers)


def test_a_key_passed_explicitly_is_used_as_given(sockets: list[str]) -> None:
    # The placeholder replaces only a missing key: code that passes its own key sees it kept.
    fake = FakeOpenAI(api_key="sk-test-explicit")
    raw = fake.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MESSAGES)
    assert raw.http_request.headers["authorization"] == "Bearer sk-test-explicit"
    assert sockets == []


def test_the_session_guard_refuses_every_way_out() -> None:
    # tests/conftest.py's guard is what makes "no network" hold for the whole suite: check each door.
    with pytest.raises(Exception, match=r"network connection|resolve"):
        socket.create_connection(("93.184.216.34", 443), timeout=1)
    with socket.socket() as sock, pytest.raises(Exception, match="network connection"):
        sock.connect_ex(("93.184.216.34", 443))
    with pytest.raises(Exception, match="resolve"):
        socket.getaddrinfo("api.openai.com", 443)

    async def open_connection() -> None:
        await asyncio.open_connection("api.openai.com", 443)

    with pytest.raises(Exception, match="resolve"):
        asyncio.run(open_connection())
