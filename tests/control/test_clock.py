"""The public clock: ``fake.clock.now()`` and ``advance()``, on seeded and unseeded fakes alike;
timestamps, expiries, lifecycles and waits all follow it."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime, timedelta, timezone
from typing import Any

import openai
import pytest

from openai_fakes import Backend, FakeAsyncOpenAI, FakeOpenAI
from tests._no_sleep import forbid_real_sleep

MESSAGES: Any = [{"role": "user", "content": "Hi"}]
NEW_YEAR_2030 = datetime(2030, 1, 1, tzinfo=timezone.utc)


def test_a_seeded_clock_starts_at_2026_and_created_times_follow_advance() -> None:
    fake = FakeOpenAI(seed=1)
    assert fake.clock.now() == int(datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp())
    assert fake.clock is fake.backend.clock and fake.clock.is_virtual
    first = fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    fake.clock.advance(3600)
    fake.clock.advance(timedelta(days=1, seconds=30))
    second = fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    gap = second.created - first.created
    assert 3600 + 86_430 < gap <= 3600 + 86_430 + 3  # plus one request's latency (1-3 s)
    assert second.created == fake.clock.now()


def test_start_time_takes_unix_seconds_or_an_aware_datetime() -> None:
    from_datetime = FakeOpenAI(start_time=NEW_YEAR_2030)
    from_seconds = FakeOpenAI(start_time=NEW_YEAR_2030.timestamp())
    assert from_datetime.clock.now() == from_seconds.clock.now() == 1_893_456_000
    made = from_datetime.files.create(file=("a.txt", b"x"), purpose="assistants")
    assert 1_893_456_000 < made.created_at <= 1_893_456_003
    assert FakeOpenAI(seed=3, start_time=NEW_YEAR_2030).clock.now() == 1_893_456_000  # overrides the seed's 2026


def test_start_time_mistakes_are_refused_naming_the_fix() -> None:
    with pytest.raises(ValueError, match=r"no timezone.*tzinfo=timezone\.utc"):
        FakeOpenAI(start_time=datetime(2030, 1, 1))
    with pytest.raises(TypeError, match=r"Unix seconds .* or an aware datetime"):
        FakeOpenAI(start_time="2030-01-01")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Unix seconds"):
        Backend(start_time=True)
    with pytest.raises(ValueError, match="finite"):
        Backend(start_time=float("nan"))
    with pytest.raises(ValueError, match=r"start_time= or backend=.*Backend\(start_time=\.\.\.\)"):
        FakeOpenAI(backend=Backend(), start_time=0)


def test_advance_moves_forward_only_by_seconds_or_a_timedelta() -> None:
    clock = FakeOpenAI(seed=1).clock
    with pytest.raises(ValueError, match="forward only"):
        clock.advance(-1)
    with pytest.raises(ValueError, match="forward only"):
        clock.advance(timedelta(seconds=-1))
    with pytest.raises(ValueError, match="forward only"):
        clock.advance(float("inf"))
    with pytest.raises(TypeError, match="timedelta"):
        clock.advance("60")  # type: ignore[arg-type]
    before = clock.now()
    clock.advance(0.5)
    clock.advance(0.5)
    assert clock.now() == before + 1


def test_an_unseeded_clock_is_the_wall_clock_plus_what_advance_added() -> None:
    fake = FakeOpenAI()
    assert not fake.clock.is_virtual
    before = time.time()
    assert int(before) <= fake.clock.now() <= time.time()
    fake.clock.advance(timedelta(days=2))
    reply = fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert int(before) + 2 * 86_400 <= reply.created <= time.time() + 2 * 86_400
    assert int(before) + 2 * 86_400 <= fake.clock.now() <= time.time() + 2 * 86_400


@pytest.mark.parametrize("seed", [5, None], ids=["seeded", "unseeded"])
def test_a_pending_upload_expires_an_hour_later_on_the_clock(seed: int | None) -> None:
    fake = FakeOpenAI(seed=seed)
    upload = fake.uploads.create(filename="a.txt", purpose="assistants", bytes=1, mime_type="text/plain")
    assert upload.expires_at == upload.created_at + 3600
    fake.uploads.parts.create(upload.id, data=b"x")  # still pending
    fake.clock.advance(3601)
    with pytest.raises(openai.BadRequestError, match="already expired"):
        fake.uploads.complete(upload.id, part_ids=[])


def test_a_finished_uploads_file_expires_after_its_policy_from_the_clocks_now() -> None:
    fake = FakeOpenAI(seed=6)
    upload = fake.uploads.create(
        filename="a.jsonl",
        purpose="batch",
        bytes=3,
        mime_type="application/jsonl",
        expires_after={"anchor": "created_at", "seconds": 7200},
    )
    part = fake.uploads.parts.create(upload.id, data=b"{}\n")
    fake.clock.advance(timedelta(minutes=30))
    done = fake.uploads.complete(upload.id, part_ids=[part.id])
    assert done.file is not None and done.file.created_at >= upload.created_at + 1800
    assert done.file.expires_at == done.file.created_at + 7200


def test_lifecycle_timestamps_follow_the_clock() -> None:
    fake = FakeOpenAI(seed=7, lifecycle="manual")
    line = {
        "custom_id": "q",
        "method": "POST",
        "url": "/v1/chat/completions",
        "body": {"model": "gpt-4o-mini", "messages": MESSAGES},
    }
    upload = fake.files.create(file=("in.jsonl", (json.dumps(line) + "\n").encode()), purpose="batch")
    batch = fake.batches.create(input_file_id=upload.id, endpoint="/v1/chat/completions", completion_window="24h")
    fake.clock.advance(timedelta(hours=2))
    fake.lifecycle.complete(batch.id)
    done = fake.batches.retrieve(batch.id)
    assert done.completed_at is not None and done.completed_at >= batch.created_at + 7200
    assert done.completed_at <= fake.clock.now()


def test_retry_and_poll_waits_pass_on_a_virtual_clock_only(monkeypatch: pytest.MonkeyPatch) -> None:
    slept = forbid_real_sleep(monkeypatch)  # neither clock sleeps: a real sleep raises
    seeded = FakeOpenAI(seed=8, polls=3)
    store = seeded.vector_stores.create(name="docs")
    before = seeded.clock.now()
    seeded.vector_stores.files.upload_and_poll(vector_store_id=store.id, file=("a.md", b"alpha"))
    assert seeded.lifecycle.waits == [1.0, 1.0]
    assert seeded.clock.now() - before >= 2 + 3  # the two waits, and at least 1 s per request

    unseeded = FakeOpenAI(max_retries=1)
    unseeded.stub(unseeded.chat.completions.create).raises(openai.RateLimitError, headers={"retry-after": "30"})
    with pytest.raises(openai.RateLimitError):
        unseeded.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert unseeded.retry_waits == [30.0]  # retry-after honoured
    assert unseeded.clock.now() <= time.time()  # a wall clock: the skipped 30 s are not added to it
    assert slept == []


def test_the_async_fake_and_a_shared_backend_share_one_clock() -> None:
    backend = Backend(start_time=NEW_YEAR_2030)
    sync, async_ = FakeOpenAI(backend=backend), FakeAsyncOpenAI(backend=backend)
    assert sync.clock is async_.clock is backend.clock

    async def main() -> None:
        first = await async_.chat.completions.create(model="gpt-4o", messages=MESSAGES)
        sync.clock.advance(timedelta(hours=1))
        second = await async_.chat.completions.create(model="gpt-4o", messages=MESSAGES)
        assert 3600 < second.created - first.created <= 3603
        upload = await async_.uploads.create(filename="a", purpose="assistants", bytes=1, mime_type="text/plain")
        async_.clock.advance(3601)
        with pytest.raises(openai.BadRequestError, match="already expired"):
            sync.uploads.parts.create(upload.id, data=b"x")

    asyncio.run(main())


def test_an_unseeded_async_fake_advances_too() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI()
        before = int(time.time())  # read before the call: the check holds however long the call takes
        fake.clock.advance(600)
        reply = await fake.chat.completions.create(model="gpt-4o", messages=MESSAGES)
        assert reply.created >= before + 600

    asyncio.run(main())
