"""Under a seed, the same calls give byte-identical replies in any process."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = r"""
from openai_fakes import FakeOpenAI
fake = FakeOpenAI(seed=1234)
msgs = [{"role": "user", "content": "Plan a weekend in Lisbon."}]
LINE = b'{"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]}}\n'
out = [
    fake.chat.completions.create(model="gpt-4o-mini", messages=msgs, n=2).model_dump_json(),
    "".join(c.model_dump_json() for c in fake.chat.completions.create(model="gpt-4o", messages=msgs, stream=True)),
    fake.files.retrieve(fake.files.create(file=("notes.txt", b"hello"), purpose="assistants").id).model_dump_json(),
    fake.batches.retrieve(fake.batches.create(completion_window="24h", endpoint="/v1/chat/completions", input_file_id=fake.files.create(file=("in.jsonl", LINE), purpose="batch").id).id).model_dump_json(),
    fake.vector_stores.list().model_dump_json(),
    fake.responses.create(model="gpt-4o", input="Hello").model_dump_json(),
    fake.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=msgs).headers["x-request-id"],
]
print("\n".join(out))
"""


def _run() -> str:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    return result.stdout


def test_same_seed_same_bytes_in_two_processes() -> None:
    first, second = _run(), _run()
    assert first == second
    assert len(first.splitlines()) == 7


def test_different_seeds_give_different_replies() -> None:
    from openai_fakes import FakeOpenAI

    msgs = [{"role": "user", "content": "Plan a weekend in Lisbon."}]
    a = FakeOpenAI(seed=1).chat.completions.create(model="gpt-4o-mini", messages=msgs)  # type: ignore[arg-type]
    b = FakeOpenAI(seed=2).chat.completions.create(model="gpt-4o-mini", messages=msgs)  # type: ignore[arg-type]
    assert a.id != b.id


def test_seeded_fakes_run_on_a_virtual_clock_from_2026() -> None:
    from openai_fakes import FakeOpenAI

    created = FakeOpenAI(seed=1).files.create(file=("notes.txt", b"hi"), purpose="assistants").created_at
    assert 1_767_225_600 <= created < 1_767_225_600 + 3600
