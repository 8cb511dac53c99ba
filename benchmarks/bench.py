"""Speed of the fake against its baselines, as ratios measured side by side in one run (docs/performance.md).

Run: python benchmarks/bench.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable
from typing import Any

import httpx2
import openai
from openai.types.chat import ChatCompletion

MESSAGES: Any = [{"role": "user", "content": "What is the capital of France?"}]
FIXED_JSON = {
    "id": "chatcmpl-AY7f4jQuFsNm6EBQBpJwOpjJxdnsU",
    "object": "chat.completion",
    "created": 1732695966,
    "model": "gpt-4o-mini-2024-07-18",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "The capital of France is Paris.", "refusal": None},
            "logprobs": None,
            "finish_reason": "stop",
        }
    ],
    "usage": {"prompt_tokens": 14, "completion_tokens": 7, "total_tokens": 21},
    "system_fingerprint": "fp_3de1288069",
}


class PrebuiltClient(openai.OpenAI):
    """Baseline (a): the SDK method runs, request() returns a prebuilt object."""

    prebuilt = ChatCompletion.model_validate(FIXED_JSON)

    def request(self, cast_to: Any, options: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        return self.prebuilt


def mock_transport_client() -> openai.OpenAI:
    """Baseline (b): the SDK's whole HTTP pipeline over an in-memory transport."""
    body = json.dumps(FIXED_JSON).encode()

    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, content=body, headers={"content-type": "application/json"})

    return openai.OpenAI(api_key="sk-bench", http_client=httpx2.Client(transport=httpx2.MockTransport(handler)))


def per_call_us(fn: Callable[[], object], number: int, repeat: int) -> float:
    gc.collect()
    times = timeit.repeat(fn, number=number, repeat=repeat)
    return min(times) / number * 1e6


def bench_calls(number: int, repeat: int) -> dict[str, float]:
    from openai_fakes import FakeOpenAI

    fake = FakeOpenAI(seed=1)
    prebuilt = PrebuiltClient(api_key="sk-bench")
    mocked = mock_transport_client()
    calls = {
        "fake": lambda: fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES),
        "prebuilt_request": lambda: prebuilt.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES),
        "mock_transport": lambda: mocked.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES),
    }
    for call in calls.values():  # warm caches (templates, validators) before timing
        call()
    results: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(3):  # interleave so machine noise hits every contender alike
        for name, call in calls.items():
            results[name].append(per_call_us(call, number, repeat))
    return {name: min(values) for name, values in results.items()}


class AsyncPrebuiltClient(openai.AsyncOpenAI):
    """Baseline (a), async."""

    prebuilt = PrebuiltClient.prebuilt

    async def request(self, cast_to: Any, options: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        return self.prebuilt


def bench_async_calls(number: int, repeat: int) -> dict[str, float]:
    """The same three contenders on the async clients, each call awaited in one event loop."""
    from openai_fakes import FakeAsyncOpenAI

    body = json.dumps(FIXED_JSON).encode()

    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, content=body, headers={"content-type": "application/json"})

    transport = httpx2.AsyncClient(transport=httpx2.MockTransport(handler))
    clients: dict[str, openai.AsyncOpenAI] = {
        "fake": FakeAsyncOpenAI(seed=1),
        "prebuilt_request": AsyncPrebuiltClient(api_key="sk-bench"),
        "mock_transport": openai.AsyncOpenAI(api_key="sk-bench", http_client=transport),
    }

    async def per_call(client: openai.AsyncOpenAI, calls: int) -> float:
        start = time.perf_counter()
        for _ in range(calls):
            await client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
        return (time.perf_counter() - start) / calls * 1e6

    loop = asyncio.new_event_loop()
    try:
        for client in clients.values():
            loop.run_until_complete(per_call(client, 1))
        results: dict[str, list[float]] = {name: [] for name in clients}
        gc.collect()
        gc.disable()  # as timeit does for the sync figures
        try:
            for _ in range(3):
                for name, client in clients.items():
                    results[name].append(min(loop.run_until_complete(per_call(client, number)) for _ in range(repeat)))
        finally:
            gc.enable()
    finally:
        loop.close()
    return {name: min(values) for name, values in results.items()}


STORY = " ".join(["The lighthouse keeper watched the sea"] * 3)  # streamed as 20 chunks


def story_stream_body(fake: Any) -> bytes:
    """Script ``fake`` to answer `STORY` and return the SSE body of that reply streamed (20 chunks):
    what a `MockTransport` or a respx route serves back to the SDK."""
    fake.stub(fake.chat.completions.create).reply(STORY)
    with fake.chat.completions.with_streaming_response.create(
        model="gpt-4o-mini", messages=MESSAGES, stream=True
    ) as response:
        return b"".join(response.iter_bytes())


def bench_stream(number: int, repeat: int) -> dict[str, float]:
    """A streamed chat completion read to its end: the fake against the SDK over a `MockTransport`
    serving the same SSE body, pre-rendered (the SDK's own `Stream` decodes and parses both)."""
    from openai_fakes import FakeOpenAI

    fake = FakeOpenAI(seed=1)
    body = story_stream_body(fake)

    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, content=body, headers={"content-type": "text/event-stream"})

    mocked = openai.OpenAI(api_key="sk-bench", http_client=httpx2.Client(transport=httpx2.MockTransport(handler)))
    streams = {
        "fake": lambda: list(fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)),
        "mock_transport": lambda: list(
            mocked.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)
        ),
    }
    chunks = {name: len(stream()) for name, stream in streams.items()}
    assert chunks["fake"] == chunks["mock_transport"], chunks
    results: dict[str, list[float]] = {name: [] for name in streams}
    for _ in range(3):
        for name, stream in streams.items():
            results[name].append(per_call_us(stream, max(number // 10, 20), repeat))
    return {**{name: min(values) for name, values in results.items()}, "chunks": chunks["fake"]}


def bench_embeddings(number: int, repeat: int) -> dict[str, float]:
    """``embeddings.create`` for one text, a new text each call (the fake derives each vector from
    its text, so nothing is reused): the fake against the SDK over a `MockTransport` serving the
    fake's own reply body (base64, as the SDK asks for by default)."""
    import itertools

    from openai_fakes import FakeOpenAI

    fake = FakeOpenAI(seed=1)
    model = "text-embedding-3-small"
    first = fake.embeddings.with_raw_response.create(input="document number 0 about the budget", model=model)
    body = first.http_response.content

    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, content=body, headers={"content-type": "application/json"})

    mocked = openai.OpenAI(api_key="sk-bench", http_client=httpx2.Client(transport=httpx2.MockTransport(handler)))
    texts = (f"document number {n} about the budget" for n in itertools.count(1))
    calls: dict[str, Callable[[], object]] = {
        "fake": lambda: fake.embeddings.create(input=next(texts), model=model),
        "mock_transport": lambda: mocked.embeddings.create(input=next(texts), model=model),
    }
    for call in calls.values():
        call()
    results: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(3):
        for name, call in calls.items():
            results[name].append(per_call_us(call, max(number // 10, 20), repeat))
    return {name: min(values) for name, values in results.items()}


def bench_text(number: int, repeat: int) -> float:
    """One sentence of the fake's English (what an unscripted reply, a title or a description is
    made of), in microseconds."""
    import random

    from openai_fakes._sim.text import sentence

    rng = random.Random(6)
    return min(per_call_us(lambda: sentence(rng), number, repeat) for _ in range(3))


def bench_factory(number: int) -> dict[str, float]:
    from polyfactory.factories.pydantic_factory import ModelFactory

    from openai_fakes.factories import ChatCompletionFactory

    plain = ModelFactory.create_factory(ChatCompletion)
    ChatCompletionFactory.build()
    plain.build()
    results: dict[str, list[float]] = {"plain_polyfactory_build": [], "openai_fakes_build": []}
    for _ in range(3):  # interleaved, as for the calls, so noise hits both alike
        results["plain_polyfactory_build"].append(per_call_us(plain.build, max(3, number // 20), 3))
        results["openai_fakes_build"].append(per_call_us(ChatCompletionFactory.build, number, 3))
    return {name: min(values) for name, values in results.items()}


def bench_every_model(seeds: int) -> dict[str, float]:
    """Every pydantic model of ``openai.types`` built by ``factory_for`` under ``seeds`` seeds, each
    model's factory made on first use as in a test that builds it once (what
    tests/factories/test_engine_roundtrip.py builds and round-trips, timed here instead)."""
    from openai_fakes.factories import factory_for
    from openai_fakes.factories._catalog import all_models

    models = all_models()
    gc.collect()
    start = time.perf_counter()
    for model in models:
        factory = factory_for(model)
        for seed in range(seeds):
            factory.build(random_seed=seed)
    spent = time.perf_counter() - start
    return {"models": len(models), "builds": len(models) * seeds, "seconds": spent}


_IMPORT_FAKE = (
    "import time; t=time.perf_counter(); from openai_fakes import FakeOpenAI; "
    "FakeOpenAI().chat.completions.create(model='gpt-4o-mini', messages=[{'role':'user','content':'hi'}]); "
    "print(time.perf_counter()-t)"
)
_IMPORT_SDK = (
    "import time; t=time.perf_counter(); import openai; openai.OpenAI(api_key='sk-x'); print(time.perf_counter()-t)"
)


def bench_import(runs: int) -> dict[str, float]:
    # As installed from a wheel: bytecode cached. With PYTHONDONTWRITEBYTECODE set (as on some CI
    # machines) an editable install recompiles every module of openai_fakes on each run (~70 ms)
    # while the SDK's site-packages bytecode is already there, which measures the compiler.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def run(code: str) -> float:
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env)
        return float(out.stdout.strip())

    run(_IMPORT_FAKE)  # writes the bytecode cache
    fake, sdk = [], []
    for _ in range(runs):
        fake.append(run(_IMPORT_FAKE))
        sdk.append(run(_IMPORT_SDK))
    return {
        "import_fake_and_first_call_s": statistics.median(fake),
        "import_openai_and_client_s": statistics.median(sdk),
    }


def bench_store(size: int) -> dict[str, float]:
    """The stored-objects row of docs/performance.md: with ``size`` files stored, ``retrieve`` and a page of ``list`` cost
    what they cost with a few hundred (O(1) and O(page)), and memory per stored object."""
    import tracemalloc

    from openai_fakes import FakeOpenAI
    from openai_fakes.handlers._base.stateful import collection

    def filled(count: int) -> tuple[FakeOpenAI, list[str], float]:
        fake = FakeOpenAI(seed=1)
        first = fake.files.create(file=("data.jsonl", b'{"a": 1}\n'), purpose="batch")
        files = collection(fake.backend, "/files")
        template = dict(files[first.id])
        ids = [f"file-{n:022x}" for n in range(count)]
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        for n, file_id in enumerate(ids):  # what files.create stores, without 100,000 SDK round trips
            files.put(
                {**template, "id": file_id, "filename": f"part-{n}.jsonl", "created_at": template["created_at"] + n}
            )
        per_object = (tracemalloc.get_traced_memory()[0] - before - sys.getsizeof(ids)) / count
        tracemalloc.stop()
        return fake, ids, per_object

    def timings(fake: FakeOpenAI, ids: list[str]) -> tuple[float, float]:
        middle = ids[len(ids) // 2]
        retrieve = per_call_us(lambda: fake.files.retrieve(middle), 300, 5)
        page = per_call_us(lambda: fake.files.list(limit=20, after=middle, order="asc"), 300, 5)
        return retrieve, page

    small_fake, small_ids, _ = filled(200)
    large_fake, large_ids, per_object = filled(size)
    runs = [(timings(small_fake, small_ids), timings(large_fake, large_ids)) for _ in range(3)]  # interleaved
    small = [min(run[0][i] for run in runs) for i in (0, 1)]
    large = [min(run[1][i] for run in runs) for i in (0, 1)]
    return {
        "retrieve_small_us": small[0],
        "retrieve_large_us": large[0],
        "page_small_us": small[1],
        "page_large_us": large[1],
        "bytes_per_stored_object": per_object,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer iterations (CI smoke run)")
    args = parser.parse_args()
    number, repeat, runs = (200, 3, 3) if args.quick else (2000, 5, 7)

    calls = bench_calls(number, repeat)
    print(
        f"chat.completions.create per call: fake {calls['fake']:.1f} us, "
        f"prebuilt request() {calls['prebuilt_request']:.1f} us, mock transport {calls['mock_transport']:.1f} us"
    )
    print(f"  fake / prebuilt request()   = {calls['fake'] / calls['prebuilt_request']:.2f}  (target <= 1.15)")
    print(f"  mock transport / fake       = {calls['mock_transport'] / calls['fake']:.2f}  (target >= 2.3)")
    acalls = bench_async_calls(number, repeat)
    print(
        f"async chat.completions.create per call: fake {acalls['fake']:.1f} us, "
        f"prebuilt request() {acalls['prebuilt_request']:.1f} us, mock transport {acalls['mock_transport']:.1f} us"
    )
    print(f"  fake / prebuilt request()   = {acalls['fake'] / acalls['prebuilt_request']:.2f}  (target <= 1.15)")
    print(f"  mock transport / fake       = {acalls['mock_transport'] / acalls['fake']:.2f}  (target >= 2.3)")
    streams = bench_stream(number, repeat)
    print(
        f"streamed chat.completions.create, {streams['chunks']:.0f} chunks: fake {streams['fake']:.0f} us, "
        f"mock transport {streams['mock_transport']:.0f} us"
    )
    print(f"  mock transport / fake       = {streams['mock_transport'] / streams['fake']:.2f}  (target >= 1.5)")
    embeddings = bench_embeddings(number, repeat)
    print(
        f"embeddings.create, one new text a call: fake {embeddings['fake']:.0f} us, "
        f"mock transport {embeddings['mock_transport']:.0f} us"
    )
    print(f"  fake / mock transport       = {embeddings['fake'] / embeddings['mock_transport']:.2f}  (reported)")
    print(f"a sentence of the fake's English: {bench_text(number, repeat):.1f} us  (reported)")
    try:
        factory = bench_factory(number)
    except ImportError as error:
        print(f"factories: skipped ({error})")
    else:
        print(
            f"ChatCompletion build: ours {factory['openai_fakes_build']:.1f} us, plain polyfactory "
            f"{factory['plain_polyfactory_build']:.1f} us"
        )
        print(
            f"  plain / ours                = {factory['plain_polyfactory_build'] / factory['openai_fakes_build']:.1f}  (target >= 20)"
        )
        walk = bench_every_model(1 if args.quick else 3)
        print(
            f"every SDK model ({walk['models']:.0f}) built by factory_for, {walk['builds'] / walk['models']:.0f} "
            f"seed(s) each, factories made on first use: {walk['seconds']:.1f} s, "
            f"{walk['seconds'] / walk['builds'] * 1e6:.0f} us a build  (reported)"
        )
    store_size = 20_000 if args.quick else 100_000
    store = bench_store(store_size)
    print(
        f"{store_size:,} stored files: retrieve {store['retrieve_large_us']:.0f} us (200 stored: "
        f"{store['retrieve_small_us']:.0f} us), a page of 20 {store['page_large_us']:.0f} us "
        f"(200 stored: {store['page_small_us']:.0f} us)"
    )
    print(
        f"  retrieve large / small      = {store['retrieve_large_us'] / store['retrieve_small_us']:.2f}  (target ~1: O(1))"
    )
    print(
        f"  page large / small          = {store['page_large_us'] / store['page_small_us']:.2f}  (target ~1: O(page size))"
    )
    print(f"  memory per stored file      = {store['bytes_per_stored_object']:.0f} bytes")
    imports = bench_import(runs)
    print(
        f"import + first call: fake {imports['import_fake_and_first_call_s'] * 1e3:.0f} ms, "
        f"import openai + OpenAI() {imports['import_openai_and_client_s'] * 1e3:.0f} ms"
    )
    print(
        f"  fake / sdk                  = {imports['import_fake_and_first_call_s'] / imports['import_openai_and_client_s']:.2f}  (target <= 1.3)"
    )


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"(benchmark took {time.perf_counter() - start:.1f} s)")
