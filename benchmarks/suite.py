"""What choosing the fake over a mock costs a test suite, as a user feels it (docs/performance.md).

The same 500 pytest tests, three ways: each takes the ``fake_openai`` fixture and makes one chat
call; each builds a ``unittest.mock.MagicMock`` client returning a prebuilt ``ChatCompletion``
and makes the same call; each does nothing (the floor: pytest itself). Each suite runs as
``python -m pytest`` in a fresh process, as a user runs one (so the fake's suite also pays for
importing it), the three interleaved and repeated, the best time of each kept.

Run: python benchmarks/suite.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

TESTS = 500

_HEADER = """
from typing import Any
from unittest.mock import MagicMock

import pytest
from openai.types.chat import ChatCompletion

QUESTION: Any = [{"role": "user", "content": "What is the capital of France?"}]
PREBUILT = ChatCompletion.model_validate({
    "id": "chatcmpl-1", "object": "chat.completion", "created": 1732695966, "model": "gpt-4o-mini-2024-07-18",
    "choices": [{"index": 0, "finish_reason": "stop",
                 "message": {"role": "assistant", "content": "The capital of France is Paris."}}],
    "usage": {"prompt_tokens": 14, "completion_tokens": 7, "total_tokens": 21},
})


def answer(client: Any) -> str:
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=QUESTION)
    return reply.choices[0].message.content
"""

BODIES = {
    "fake": """
@pytest.mark.parametrize("n", range({tests}))
def test_answer(n: int, fake_openai: Any) -> None:
    assert answer(fake_openai)
""",
    "magicmock": """
@pytest.mark.parametrize("n", range({tests}))
def test_answer(n: int) -> None:
    client = MagicMock()
    client.chat.completions.create.return_value = PREBUILT
    assert answer(client)
""",
    "bare": """
@pytest.mark.parametrize("n", range({tests}))
def test_answer(n: int) -> None:
    assert n >= 0
""",
}


def run_suite(path: Path, name: str) -> float:
    # Only the plugins each way needs, as in a project that installed just that: the fake's own
    # for its suite, none for the other two (a dev environment's other pytest plugins, imported
    # at every start, would drown the difference).
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    # As installed, bytecode is cached; with this set, an editable install's changed modules are
    # compiled again at every start (docs/performance.md, Method).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    plugins = ["-p", "openai_fakes.pytest_plugin"] if name == "fake" else []
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *plugins, str(path)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=path.parent, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0 or f"{TESTS} passed" not in done.stdout:
        raise RuntimeError(f"{path.name} did not pass:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed


def bench_suites(repeats: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as directory:
        files = {}
        for name, body in BODIES.items():
            files[name] = Path(directory) / f"test_{name}.py"
            files[name].write_text(textwrap.dedent(_HEADER) + body.format(tests=TESTS))
        times: dict[str, list[float]] = {name: [] for name in BODIES}
        for name, path in files.items():  # warm-up: writes the bytecode caches
            run_suite(path, name)
        for _ in range(repeats):  # interleaved, so machine noise hits every suite alike
            for name, path in files.items():
                times[name].append(run_suite(path, name))
    return {name: min(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    suites = bench_suites(2 if args.quick else 5)
    print(
        f"{TESTS} tests: fake_openai fixture {suites['fake']:.2f} s, MagicMock {suites['magicmock']:.2f} s, "
        f"bare {suites['bare']:.2f} s"
    )
    print(f"  fake / MagicMock            = {suites['fake'] / suites['magicmock']:.2f}  (target <= 1.15)")


if __name__ == "__main__":
    main()
