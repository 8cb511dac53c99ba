"""Speed of the fake against its baselines, as ratios measured side by side in one run (DESIGN §5).

Run: python benchmarks/bench.py [--quick]
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
import timeit
from typing import Any, Callable

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


_IMPORT_FAKE = (
    "import time; t=time.perf_counter(); from openai_fakes import FakeOpenAI; "
    "FakeOpenAI().chat.completions.create(model='gpt-4o-mini', messages=[{'role':'user','content':'hi'}]); "
    "print(time.perf_counter()-t)"
)
_IMPORT_SDK = "import time; t=time.perf_counter(); import openai; openai.OpenAI(api_key='sk-x'); print(time.perf_counter()-t)"


def bench_import(runs: int) -> dict[str, float]:
    def run(code: str) -> float:
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
        return float(out.stdout.strip())

    fake, sdk = [], []
    for _ in range(runs):
        fake.append(run(_IMPORT_FAKE))
        sdk.append(run(_IMPORT_SDK))
    return {"import_fake_and_first_call_s": statistics.median(fake), "import_openai_and_client_s": statistics.median(sdk)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer iterations (CI smoke run)")
    args = parser.parse_args()
    number, repeat, runs = (200, 3, 3) if args.quick else (2000, 5, 7)

    calls = bench_calls(number, repeat)
    print(f"chat.completions.create per call: fake {calls['fake']:.1f} us, "
          f"prebuilt request() {calls['prebuilt_request']:.1f} us, mock transport {calls['mock_transport']:.1f} us")
    print(f"  fake / prebuilt request()   = {calls['fake'] / calls['prebuilt_request']:.2f}  (target <= 1.15)")
    print(f"  mock transport / fake       = {calls['mock_transport'] / calls['fake']:.2f}  (target >= 2.3)")
    try:
        factory = bench_factory(number)
    except ImportError as error:
        print(f"factories: skipped ({error})")
    else:
        print(f"ChatCompletion build: ours {factory['openai_fakes_build']:.1f} us, plain polyfactory "
              f"{factory['plain_polyfactory_build']:.1f} us")
        print(f"  plain / ours                = {factory['plain_polyfactory_build'] / factory['openai_fakes_build']:.1f}  (target >= 20)")
    imports = bench_import(runs)
    print(f"import + first call: fake {imports['import_fake_and_first_call_s'] * 1e3:.0f} ms, "
          f"import openai + OpenAI() {imports['import_openai_and_client_s'] * 1e3:.0f} ms")
    print(f"  fake / sdk                  = {imports['import_fake_and_first_call_s'] / imports['import_openai_and_client_s']:.2f}  (target <= 1.3)")


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"(benchmark took {time.perf_counter() - start:.1f} s)")
