"""The unscripted model's replies are byte-identical under a seed in any process (issue 16): its
rules read only the request, never Python's per-process string hashing or set order."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = r"""
import json
from openai_fakes import FakeOpenAI

fake = FakeOpenAI(seed=7)
tools = [
    {"type": "function", "function": {"name": name, "parameters": {
        "type": "object", "properties": {"city": {"type": "string"}, "day": {"type": "string"}},
        "required": ["city", "day"]}}}
    for name in ("get_weather", "get_local_time", "get_air_quality", "final_answer")
]
messages = [{"role": "user", "content": "Weather, local time and air quality in Rome, Oslo and Lima on March 3, 2026?"}]
out = []
for _ in range(5):
    reply = fake.chat.completions.create(model="gpt-4o", messages=messages, tools=tools, tool_choice="required")
    message = reply.choices[0].message
    out.append(message.model_dump_json())
    messages.append(message.model_dump(exclude_none=True))
    for call in message.tool_calls or []:
        messages.append({"role": "tool", "tool_call_id": call.id, "content": json.dumps({"ok": call.function.arguments})})
print("\n".join(out))
"""


def run(hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True).stdout


def test_the_same_seed_gives_byte_identical_loops_across_processes() -> None:
    first = run("1")
    assert first == run("2") == run("12345")
    lines = first.splitlines()
    assert len(lines) == 5 and '"city\\": \\"Rome\\"' in lines[0] and '\\"day\\": \\"2026-03-03\\"' in lines[0]
    assert "final_answer" in lines[3]  # three tools, each once (one call per city), then the final one
