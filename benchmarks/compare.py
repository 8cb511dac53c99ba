"""Cost of a chat call, a streamed reply and a one-call test under each way of faking OpenAI that
runs on this machine, side by side in one process (docs/comparison.md).

Contenders left out when their package is missing: respx (routes on an httpx client handed to the
SDK), LangChain's GenericFakeChatModel, pydantic-ai's TestModel. The last two replace a framework's
model, not the SDK, so their figures say what a framework-level test costs, not an SDK call.

Run: python benchmarks/compare.py [--quick]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from collections.abc import Callable
from typing import Any
from unittest import mock

import openai

# Run as a script from benchmarks/: bench.py beside it is importable. Its prompt, streamed story
# and timing are the ones bench.py measures with.
from bench import MESSAGES, per_call_us, story_stream_body
from openai.types.chat import ChatCompletion, ChatCompletionChunk

from openai_fakes import FakeOpenAI
from openai_fakes.factories import ChatCompletionFactory


def installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def prebuilt_reply() -> ChatCompletion:
    return ChatCompletionFactory.build(content="The capital of France is Paris.", random_seed=1)


# --- one call on a client made once ---------------------------------------------------------------


def call_contenders() -> dict[str, Callable[[], object]]:
    fake = FakeOpenAI(seed=1)
    magic = mock.MagicMock()
    magic.chat.completions.create.return_value = prebuilt_reply()
    real = openai.OpenAI(api_key="sk-compare")
    patcher = mock.patch.object(real.chat.completions, "create", return_value=prebuilt_reply())
    patcher.start()  # left on: this client exists only for the measurement
    calls: dict[str, Callable[[], object]] = {
        "openai-fakes": lambda: fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES),
        "MagicMock client": lambda: magic.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES),
        "patch.object(create)": lambda: real.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES),
    }
    if installed("respx"):
        respx_client = respx_openai(json.loads(prebuilt_reply().model_dump_json()))
        calls["respx route"] = lambda: respx_client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    if installed("langchain_core"):
        from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

        def langchain_call() -> object:
            # Its messages iterator is used up by each reply: a fresh model per call, as per test.
            model = GenericFakeChatModel(messages=iter(["The capital of France is Paris."]))
            return model.invoke("What is the capital of France?")

        calls["LangChain GenericFakeChatModel"] = langchain_call
    if installed("pydantic_ai"):
        from pydantic_ai import Agent
        from pydantic_ai.models.test import TestModel

        agent = Agent(TestModel(custom_output_text="The capital of France is Paris."))
        calls["pydantic-ai TestModel (agent run)"] = lambda: agent.run_sync("What is the capital of France?")
    return calls


def respx_openai(body: dict[str, Any], *, stream: bytes | None = None) -> openai.OpenAI:
    """The SDK over an httpx client whose transport is a respx router: `respx.mock` alone does not
    reach this SDK, which sends through httpx2 unless handed an httpx client."""
    import httpx
    import respx

    router = respx.Router(base_url="https://api.openai.com/v1", assert_all_called=False)
    route = router.post("/chat/completions")
    if stream is None:
        route.respond(200, json=body)
    else:
        route.respond(200, content=stream, headers={"content-type": "text/event-stream"})
    transport = httpx.MockTransport(router.handler)
    return openai.OpenAI(api_key="sk-compare", http_client=httpx.Client(transport=transport))  # type: ignore[arg-type]


# --- a streamed reply read to its end ------------------------------------------------------------


def stream_contenders() -> tuple[dict[str, Callable[[], object]], int]:
    fake = FakeOpenAI(seed=1)
    body = story_stream_body(fake)
    # The same chunks the fake streams, prebuilt: what a MagicMock would hand back.
    chunks: list[ChatCompletionChunk] = list(
        fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)
    )
    magic = mock.MagicMock()
    magic.chat.completions.create.side_effect = lambda **_: iter(chunks)
    streams: dict[str, Callable[[], object]] = {
        "openai-fakes": lambda: list(fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)),
        "MagicMock client (prebuilt chunks)": lambda: list(
            magic.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)
        ),
    }
    if installed("respx"):
        respx_client = respx_openai({}, stream=body)
        streams["respx route (same SSE body)"] = lambda: list(
            respx_client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)
        )
    return streams, len(chunks)


# --- a test: make the double, script one reply, call once, check it ------------------------------


def test_contenders() -> dict[str, Callable[[], object]]:
    reply = prebuilt_reply()

    def with_fake() -> None:
        fake = FakeOpenAI()
        fake.stub(fake.chat.completions.create).reply("Paris.")
        assert fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES).choices[0].message.content
        assert fake.calls.call_count == 1

    def with_magic() -> None:
        client = mock.MagicMock()
        client.chat.completions.create.return_value = reply
        assert client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES).choices[0].message.content
        client.chat.completions.create.assert_called_once()

    tests: dict[str, Callable[[], object]] = {"openai-fakes": with_fake, "MagicMock client": with_magic}
    if installed("respx"):
        body = json.loads(reply.model_dump_json())

        def with_respx() -> None:
            client = respx_openai(body)
            assert client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES).choices[0].message.content

        tests["respx route"] = with_respx
    return tests


def measure(title: str, contenders: dict[str, Callable[[], object]], number: int, repeat: int) -> None:
    for contender in contenders.values():
        contender()  # warm caches and lazy imports before timing
    results: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(3):  # interleaved, so machine noise hits every contender alike
        for name, contender in contenders.items():
            results[name].append(per_call_us(contender, number, repeat))
    print(title)
    for name, values in results.items():
        print(f"  {name:40s} {min(values):10.1f} us")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer iterations: a smoke run")
    args = parser.parse_args()
    number, repeat = (50, 2) if args.quick else (500, 5)
    print(f"openai {openai.__version__}")
    measure("one chat call, client made once:", call_contenders(), number, repeat)
    streams, chunks = stream_contenders()
    measure(f"one streamed reply read to its end ({chunks} chunks):", streams, max(number // 10, 10), repeat)
    measure("one test (make the double, script a reply, one call, check it):", test_contenders(), number // 2, repeat)


if __name__ == "__main__":
    main()
