"""The served fake against the in-process fake (docs/performance.md, Served over HTTP).

The same plain chat call through the openai SDK: to ``FakeOpenAI`` in process, and over loopback
HTTP (the SDK's default transport, keep-alive) to ``python -m openai_fakes serve``'s app on uvicorn,
run in a child process so the two do not share an interpreter (or its lock). Calls are made one
after another from one client; the best of several rounds is kept for each.

Run: python benchmarks/serve.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from typing import Any

import openai

from openai_fakes import FakeOpenAI

QUESTION: Any = [{"role": "user", "content": "What is the capital of France?"}]


def per_second(client: openai.OpenAI, calls: int, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            client.chat.completions.create(model="gpt-4o-mini", messages=QUESTION)
        best = min(best, time.perf_counter() - start)
    return calls / best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    calls, rounds = (100, 2) if args.quick else (500, 5)

    in_process = per_second(FakeOpenAI(seed=1), calls, rounds)

    command = [sys.executable, "-m", "openai_fakes", "serve", "--port", "0", "--seed", "1"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as server:
        try:
            assert server.stdout is not None
            base_url = server.stdout.readline().rsplit(" ", 1)[1].strip()
            with openai.OpenAI(base_url=base_url, api_key="sk-bench", max_retries=0) as client:
                per_second(client, 20, 1)  # warm: the route's reply type, the connection
                served = per_second(client, calls, rounds)
        finally:
            server.terminate()
            server.wait(20)

    print(f"plain chat call, {calls} calls x {rounds} rounds, best round:")
    print(f"  in process (FakeOpenAI):         {in_process:8.0f} calls/s  ({1e6 / in_process:7.0f} us/call)")
    print(f"  over loopback (serve, uvicorn):  {served:8.0f} calls/s  ({1e6 / served:7.0f} us/call)")
    print(f"  served / in process: {served / in_process:.2f}x")


if __name__ == "__main__":
    main()
