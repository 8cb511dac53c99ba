"""mypy --strict only: the lifecycle controls are typed (``warn_unused_ignores`` makes each
``type: ignore`` below a check that mypy still catches the mistake)."""

from __future__ import annotations

from openai.types import Batch
from openai.types.vector_stores import VectorStoreFile
from typing_extensions import assert_type

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI, Lifecycles, Progression


def controls_are_typed() -> None:
    fake = FakeOpenAI(seed=1, lifecycle="manual")
    assert_type(fake.lifecycle, Lifecycles)
    batch = fake.batches.create(input_file_id="file-abc", endpoint="/v1/chat/completions", completion_window="24h")
    assert_type(fake.lifecycle.advance(batch.id), str)
    assert_type(fake.lifecycle.complete(batch), str)
    assert_type(fake.lifecycle.polls(batch.id), int)
    assert_type(fake.lifecycle.waits, list[float])
    fake.lifecycle.configure("polls", polls=3, kind="batch")
    fake.lifecycle.fail(batch.id, code="server_error", message="boom")
    FakeOpenAI(lifecycle="later")  # type: ignore[arg-type]
    fake.lifecycle.configure("sometimes")  # type: ignore[arg-type]
    mode: Progression = "immediate"
    FakeAsyncOpenAI(lifecycle=mode, polls=2)


async def async_controls_are_typed() -> None:
    fake = FakeAsyncOpenAI(seed=1)
    assert_type(fake.lifecycle, Lifecycles)
    done = await fake.vector_stores.files.create_and_poll(file_id="file-abc", vector_store_id="vs_abc")
    assert_type(done, VectorStoreFile)
    assert_type(fake.lifecycle.status(done), str)
    batch: Batch = await fake.batches.retrieve("batch_abc")
    fake.lifecycle.expire(batch)
